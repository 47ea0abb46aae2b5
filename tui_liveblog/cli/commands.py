"""The ``liveblog`` subcommands: dump, follow, cache, demo and read.

Every failure the user can cause or meet (a dead server, a broken page, a bad option) ends as
one line on stderr and an exit status; ``--debug`` adds the traceback and an HTTP log.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui_liveblog.config import Config, load_config
from tui_liveblog.errors import (
    EXIT_FAIL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    CacheError,
    FetchError,
    LiveblogError,
    UsageError,
)
from tui_liveblog.model import Changes, Entry
from tui_liveblog.sanitize import clean_line

if TYPE_CHECKING:
    from tui_liveblog.fetch import Fetcher
    from tui_liveblog.follow import BlogFeed
    from tui_liveblog.sources.base import Options
    from tui_liveblog.store import Store

DEMO_CACHE_KEY = "demo:selene"
PAGE_DELAY = 1.0  # seconds between older pages for dump --all: be polite to the source
MAX_PAGES = 10_000  # dump --all stops here, whatever the source says
STALE_PAGES = 3  # …and after this many older pages in a row with nothing new


def _err(message: str) -> None:
    print(f"liveblog: {message}", file=sys.stderr, flush=True)


def resolve_tz(name: str | None, config: Config | None = None) -> tzinfo | None:
    """``--tz`` (or, when it is None, the config's zone); None means the system's local zone."""
    where = ""
    if not name and config is not None and config.tz:
        name, where = config.tz, " in the config file"
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as err:
        raise UsageError(f"unknown time zone {name!r}{where}") from err


def resolve_source(source: str, config: Config) -> str:
    """A saved name from the config becomes its URL; anything else is used as given."""
    if source in config.blogs and not Path(source).exists():
        return config.blogs[source]
    return source


def make_fetcher(args: argparse.Namespace) -> Fetcher:
    from tui_liveblog.fetch import Fetcher

    log: Callable[[str], None] | None = None
    if getattr(args, "debug", False):

        def log(line: str) -> None:
            print(f"http: {line}", file=sys.stderr, flush=True)

    return Fetcher(log=log)


@contextlib.contextmanager
def open_store(args: argparse.Namespace) -> Iterator[Store | None]:
    """The cache for a command (None with --no-cache, or when it cannot be used), closed when
    the command ends, however it ends (an error, Ctrl-C)."""
    if getattr(args, "no_cache", False):
        yield None
        return
    from tui_liveblog.store import Store

    try:
        store = Store()
    except CacheError as err:
        if getattr(args, "offline", False):  # the cache is all --offline has: that is the failure
            raise
        _err(f"cache unavailable, going on without it: {err}")
        yield None
        return
    try:
        for warning in getattr(store, "warnings", []):
            _err(warning)
        yield store
    finally:
        store.close()


def source_options(args: argparse.Namespace, config: Config) -> Options:
    """API credentials: the command line, then the environment, then the config file.

    They reach the sources only through the :class:`Options` made here: a key given on the
    command line is never put into ``os.environ`` (where every child process, such as the
    browser the reader opens, would inherit it)."""
    from tui_liveblog.sources.base import Options

    api_key = (
        getattr(args, "api_key", None)
        or os.environ.get("GUARDIAN_API_KEY")
        or config.guardian_api_key
    )
    token = (
        getattr(args, "token", None)
        or os.environ.get("SCRIBBLELIVE_TOKEN")
        or config.scribblelive_token
    )
    return Options(api_key=api_key or None, token=token or None)


def make_feed(args: argparse.Namespace, config: Config, store: Store | None) -> BlogFeed:
    from tui_liveblog.follow import BlogFeed

    source = resolve_source(args.source, config)
    kind = getattr(args, "source_kind", None)
    return BlogFeed(
        source,
        fetcher=make_fetcher(args),
        store=store,
        kind=kind,
        options=source_options(args, config),
    )


def _interval(args: argparse.Namespace, config: Config, default: float) -> float:
    value = args.interval if args.interval is not None else (config.interval or default)
    where = "--interval" if args.interval is not None else "the interval in the config file"
    if not math.isfinite(value) or value < 1:
        raise UsageError(f"{where} must be a number of seconds, at least 1 (got {value:g})")
    return float(value)


def _write(out: TextIO, text: str) -> None:
    out.write(text)
    out.flush()


# -- dump -------------------------------------------------------------------------------------


class _Notices:
    """Prints each warning of a feed and of its cache once, as they appear."""

    def __init__(self, feed: BlogFeed, store: Store | None) -> None:
        self.feed = feed
        self.store = store
        self.feed_seen = 0
        self.store_seen = len(store.warnings) if store is not None else 0  # open_store's

    def flush(self, extra: Sequence[str] = ()) -> None:
        for warning in extra:
            _err(warning)
        for warning in self.feed.warnings[self.feed_seen :]:
            _err(warning)
        self.feed_seen = len(self.feed.warnings)
        if self.store is not None:
            for warning in self.store.warnings[self.store_seen :]:
                _err(warning)
            self.store_seen = len(self.store.warnings)


async def _load(feed: BlogFeed, offline: bool) -> tuple[str, ...]:
    """Fill the feed (cache, then the source unless offline); the parse's warnings."""
    from tui_liveblog.fetch import is_url

    had_cache = feed.load_cache()
    if offline and is_url(feed.source):
        if not had_cache:
            raise FetchError(f"{feed.source} is not in the cache (drop --offline to fetch it)")
        return ()
    return (await feed.refresh()).warnings


async def _page_back(feed: BlogFeed) -> tuple[str, ...]:
    """dump --all: fetch older pages one at a time, a pause between them, to the first entry.

    Stops when the source says there is nothing older, when a cursor comes round again, after
    :data:`STALE_PAGES` pages in a row that bring nothing new, or at :data:`MAX_PAGES`. A page
    that fails ends the paging with a warning: what was read is still printed.
    """
    from tui_liveblog.retrieve import OLDER_END

    if not feed.can_load_older:
        assert feed.blog is not None
        if feed.hints.get(OLDER_END):
            _err("--all: the whole history is already in the cache")
        else:
            _err(
                f"--all: this {feed.blog.source} source has no older pages to fetch; "
                "printing every entry the page and the cache hold"
            )
        return ()
    warnings: dict[str, None] = {}  # each once, in order
    seen: set[str] = set()
    pages = stale = 0
    while feed.can_load_older:
        cursor = repr(feed.hints.get("older"))
        if cursor in seen:
            warnings["--all: the source's paging went round in a circle; stopped there"] = None
            break
        if pages >= MAX_PAGES:
            warnings[f"--all: stopped after {MAX_PAGES} older pages"] = None
            break
        seen.add(cursor)
        await asyncio.sleep(PAGE_DELAY)
        try:
            refresh = await feed.load_older()
        except LiveblogError as err:
            warnings[f"--all: stopped after {pages} older pages: {err}"] = None
            break
        if refresh is None:
            break
        pages += 1
        warnings.update(dict.fromkeys(refresh.warnings))
        stale = 0 if refresh.changes.new else stale + 1
        if stale >= STALE_PAGES:
            warnings[f"--all: {STALE_PAGES} older pages in a row brought nothing new; stopped"] = (
                None
            )
            break
    return tuple(warnings)


def cmd_dump(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from tui_liveblog import output
    from tui_liveblog.query import filter_words, parse_since, select

    tz = resolve_tz(args.tz, config)
    try:
        since = parse_since(args.since, tz=tz) if args.since else None
    except ValueError as err:
        raise UsageError(str(err)) from err
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    with open_store(args) as store:
        feed = make_feed(args, config, store)
        notices = _Notices(feed, store)

        async def go() -> tuple[str, ...]:
            try:
                warnings = await _load(feed, args.offline)
                if args.all and not args.offline:
                    warnings += await _page_back(feed)
                return warnings
            finally:
                await feed.fetcher.aclose()

        notices.flush(asyncio.run(go()))
    assert feed.blog is not None
    entries = select(
        feed.entries,
        words=filter_words(args.filter),
        since=since,
        limit=args.limit,
        oldest_first=args.oldest_first,
    )
    if args.format == "json":
        text = output.to_json(feed.blog, entries, feed.fetched_at)
    elif args.format == "jsonl":
        text = output.to_jsonl(entries)
    elif args.format == "markdown":
        text = output.to_markdown(feed.blog, entries, tz)
    else:
        text = output.to_text(feed.blog, entries, tz)
    _write(out, text)
    return EXIT_OK


# -- follow -----------------------------------------------------------------------------------


class _Printer:
    def __init__(self, fmt: str, words: tuple[str, ...], tz: tzinfo | None, out: TextIO) -> None:
        from tui_liveblog.query import Matcher

        self.fmt = fmt
        self.match = Matcher(words)
        self.tz = tz
        self.out = out

    def entries(self, entries: list[Entry], change: str | None = None) -> None:
        from tui_liveblog import output

        chunks = []
        for entry in entries:
            if not self.match(entry):
                continue
            if self.fmt == "jsonl":
                chunks.append(output.jsonl_line(entry))
            else:
                chunks.append(output.entry_text(entry, self.tz, change=change))
        if chunks:
            _write(self.out, "".join(chunks))

    def changes(self, changes: Changes) -> None:
        from tui_liveblog.model import sort_entries

        self.entries(sort_entries(changes.new, oldest_first=True))
        self.entries(sort_entries(changes.edited, oldest_first=True), "edited")
        self.entries(sort_entries(changes.removed, oldest_first=True), "deleted")


async def follow_feed(
    feed: BlogFeed,
    printer: _Printer,
    interval: float,
    offline: bool,
    once: bool,
    notices: _Notices | None = None,
) -> int:
    from tui_liveblog.fetch import is_url
    from tui_liveblog.follow import Follower
    from tui_liveblog.model import sort_entries

    notices = notices or _Notices(feed, feed.store)
    had_cache = feed.load_cache()
    notices.flush()
    if had_cache:
        printer.entries(sort_entries(feed.known.values(), oldest_first=True))
    if offline and is_url(feed.source):
        if not had_cache:
            raise FetchError(f"{feed.source} is not in the cache (drop --offline to fetch it)")
        return EXIT_OK
    follower = Follower(feed, interval=interval)
    first = True
    async for update in follower.updates():
        notices.flush(update.warnings)
        if update.error:
            if update.fatal:
                raise LiveblogError(update.error)
            _err(f"{update.error}; retrying in {update.next_in:.0f} s")
        elif first and not had_cache:
            printer.entries(sort_entries(feed.known.values(), oldest_first=True))
        else:
            printer.changes(update.changes)
        if update.error is None or feed.known:
            first = False
        if once:
            break
    return EXIT_OK


def cmd_follow(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from tui_liveblog.query import filter_words

    tz = resolve_tz(args.tz, config)
    interval = _interval(args, config, 30.0)
    printer = _Printer(args.format, filter_words(args.filter), tz, out)
    with open_store(args) as store:
        feed = make_feed(args, config, store)
        once = feed.source == "-"  # stdin can be read only once

        async def go() -> int:
            try:
                return await follow_feed(feed, printer, interval, args.offline, once)
            finally:
                await feed.fetcher.aclose()

        try:
            return asyncio.run(go())
        except KeyboardInterrupt:
            return EXIT_OK


# -- cache ------------------------------------------------------------------------------------


def cmd_cache(args: argparse.Namespace, out: TextIO) -> int:
    from tui_liveblog.store import Store

    store = Store()
    try:
        if args.action == "path":
            _write(out, f"{store.path}\n")
        elif args.action == "list":
            blogs = store.list_blogs()
            if not blogs:
                _write(out, "the cache is empty\n")
            for info in blogs:
                when = info.fetched_at.isoformat() if info.fetched_at else "never"
                _write(
                    out,
                    f"{info.entries:6d}  {when}  {info.source:8s}  {info.title}\n  {info.url}\n",
                )
        else:
            count = store.clear()
            _write(out, f"removed {count} blog{'s' if count != 1 else ''} from the cache\n")
    finally:
        store.close()
        for warning in store.warnings:  # e.g. a damaged file set aside
            _err(warning)
    return EXIT_OK


# -- demo -------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from tui_liveblog.demo.server import DemoServer, serve_forever

    if args.port is not None and not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535 (got {args.port})")
    if args.serve:
        serve_forever(args.port, 5.0, out)
        return EXIT_OK
    _need_terminal("liveblog demo --serve")
    # the demo posts every few seconds: the config's interval (for real blogs) does not apply
    interval = _interval(args, Config(), 3.0)
    # every run re-dates the scripted blog from "now", so a cached copy of an earlier run would
    # only confuse its history: the demo starts fresh each time and leaves the cache alone
    args.no_cache = True
    args.offline = False
    with DemoServer(interval=5.0) as server:
        url = server.url
        return run_reader(args, config, url, cache_key=DEMO_CACHE_KEY, interval=interval, out=out)


# -- read -------------------------------------------------------------------------------------


def run_reader(
    args: argparse.Namespace,
    config: Config,
    source: str,
    *,
    cache_key: str | None = None,
    interval: float | None = None,
    out: TextIO,
) -> int:
    """Open the Textual reader on SOURCE."""
    from tui_liveblog.ui.factory import make_app

    _ = out
    tz = resolve_tz(args.tz, config)
    interval = interval or _interval(args, config, 30.0)
    with open_store(args) as store:
        app = make_app(
            source,
            fetcher=make_fetcher(args),
            store=store,
            kind=getattr(args, "source_kind", None),
            cache_key=cache_key,
            interval=interval,
            tz=tz,
            offline=args.offline,
            ascii_only=bool(os.environ.get("LIVEBLOG_ASCII")),
            theme=config.theme,
            options=source_options(args, config),
        )
        result = app.run()
    return result if isinstance(result, int) else EXIT_OK


def cmd_read(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    if not args.source:
        if config.blogs:
            names = ", ".join(sorted(config.blogs))
            _write(out, f"saved blogs: {names}\nopen one with: liveblog NAME\n")
        else:
            _write(
                out,
                "liveblog: read and follow news live blogs in the terminal.\n\n"
                "  liveblog URL            open a live blog (a page, feed or API URL)\n"
                "  liveblog FILE           open a saved page or feed\n"
                "  liveblog demo           try it on a simulated live blog\n"
                "  liveblog dump URL       print a blog as JSON, JSONL, Markdown or text\n"
                "  liveblog --help         everything else\n",
            )
        return EXIT_OK
    source = resolve_source(args.source, config)
    if source == "-":
        raise UsageError(
            "the reader takes URLs, files and saved names; use 'dump -' or 'follow -' for stdin"
        )
    from tui_liveblog.fetch import is_url

    if not is_url(source) and not os.path.lexists(source) and "://" not in source:
        saved = f" (saved: {', '.join(sorted(config.blogs))})" if config.blogs else ""
        raise LiveblogError(
            f"{clean_line(source)!r} is not a URL, a file or a saved blog name{saved}"
        )
    _need_terminal("liveblog dump SOURCE' or 'liveblog follow SOURCE")
    return run_reader(args, config, source, out=out)


def _need_terminal(instead: str) -> None:
    """The reader draws on the terminal (Textual writes to stderr): refuse a pipe or a file."""
    stream = sys.stderr
    if stream is None or not stream.isatty():
        raise UsageError(f"the reader needs a terminal; for scripts and pipes use '{instead}'")


# -- dispatch ---------------------------------------------------------------------------------


def _prepare_stdout(fmt: str | None) -> None:
    """JSON and JSONL are UTF-8 whatever the locale says (RFC 8259); text and Markdown follow the
    terminal's encoding, with ``?`` for what it cannot show, instead of failing half-way."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper):
        return
    with contextlib.suppress(ValueError, OSError, LookupError):
        if fmt in ("json", "jsonl"):
            stream.reconfigure(encoding="utf-8")
        else:
            stream.reconfigure(errors="replace")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    if out is None:
        _prepare_stdout(getattr(args, "format", None))
        out = sys.stdout
    config = load_config()
    for warning in config.warnings:
        _err(warning)
    if args.source_kind is not None:
        from tui_liveblog.sources import kinds

        if args.source_kind not in kinds():
            raise UsageError(f"--source must be one of: {', '.join(kinds())}")
    if args.offline and args.no_cache:
        raise UsageError("--offline and --no-cache cannot be used together")
    try:
        if args.command == "dump":
            return cmd_dump(args, config, out)
        if args.command == "follow":
            return cmd_follow(args, config, out)
        if args.command == "cache":
            return cmd_cache(args, out)
        if args.command == "demo":
            return cmd_demo(args, config, out)
        return cmd_read(args, config, out)
    except UsageError:
        raise
    except LiveblogError as err:
        if args.debug:
            traceback.print_exc()
        _err(str(err))
        return EXIT_FAIL
    except BrokenPipeError:
        # the reader of our stdout went away (e.g. `| head`): not an error
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except KeyboardInterrupt:
        # following and reading end with Ctrl-C; a one-shot command cut short did not succeed
        return EXIT_OK if args.command in ("follow", "read", "demo", None) else EXIT_INTERRUPTED
    except Exception as err:  # a bug: still one line, unless --debug
        if args.debug:
            traceback.print_exc()
        _err(f"internal error: {type(err).__name__}: {err} (run with --debug for details)")
        return EXIT_FAIL
