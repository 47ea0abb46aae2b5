"""What the ``liveblog`` commands share: resolving options (time zone, saved names, interval,
credentials), building the fetcher, the cache and the feed, and writing to stdout and stderr."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui_liveblog.config import Config
from tui_liveblog.errors import CacheError, UsageError
from tui_liveblog.sanitize import clean_text

if TYPE_CHECKING:
    from tui_liveblog.fetch import Fetcher
    from tui_liveblog.follow import BlogFeed
    from tui_liveblog.sources.base import Options
    from tui_liveblog.store import Store


def report(message: str) -> None:
    """One line on stderr: a warning, or the error a command ends with (on the normal screen:
    a first screen drawn before the reader started is left first). Cleaned (no escape
    sequence, control or bidi character) whatever it quotes: a path, an address, a label."""
    prepaint = sys.modules.get("tui_liveblog.prepaint")
    if prepaint is not None:
        prepaint.release()
    print(f"liveblog: {clean_text(message)}", file=sys.stderr, flush=True)


# warnings kept for the reader while it starts (see keep_warnings), or None: printed at once
_kept: list[str] | None = None


def warn(message: str) -> None:
    """A warning (a bad config value, a damaged cache set aside): one line on stderr, or, while
    the reader starts (:func:`keep_warnings`), kept for it to show as a notice: the reader's
    screen would cover a line printed now."""
    if _kept is not None:
        _kept.append(clean_text(message))
    else:
        report(message)


@contextlib.contextmanager
def keep_warnings(keep: bool = True) -> Iterator[None]:
    """Keep warnings (:func:`warn`) for the reader while this lasts; those it did not take
    (:func:`take_warnings`: it never started, or they came after) are printed at the end."""
    global _kept
    if not keep:
        yield
        return
    _kept = []
    try:
        yield
    finally:
        left, _kept = _kept, None
        for message in left:
            report(message)


def take_warnings() -> tuple[str, ...]:
    """The warnings kept so far, for the reader to show (they are not printed then)."""
    if _kept is None:
        return ()
    taken = tuple(_kept)
    _kept.clear()
    return taken


def write(out: TextIO, text: str) -> None:
    """``text`` on ``out`` (stdout), cleaned like everything the commands print (what
    :mod:`tui_liveblog.output` makes is clean already: then this is one scan)."""
    out.write(clean_text(text))
    out.flush()


def resolve_tz(name: str | None, config: Config | None = None) -> tzinfo | None:
    """``--tz`` (or, when it is None, the config's zone); None means the system's local zone."""
    where = ""
    if not name and config is not None and config.tz:
        name, where = config.tz, " in the config file"
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # (only when a zone is named)

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as err:
        raise UsageError(f"unknown time zone {name!r}{where}") from err


# a web address typed without its scheme: "www.example.com…" or "example.com/…" (a host whose
# last label is letters, then a path); a bare "notes.txt" stays a file name
_HOST_AND_PATH = re.compile(
    r"(?:www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}(?::\d{1,5})?(?:[/?#].*)?"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}(?::\d{1,5})?[/?#].*)\Z",
    re.DOTALL,
)


def resolve_source(source: str, config: Config) -> str:
    """A saved name from the config becomes its URL; a web address typed without its scheme
    (``www.example.com/live/x``), when no such file exists, is read over https; anything else
    is used as given."""
    if source in config.blogs and not Path(source).exists():
        return config.blogs[source]
    if (
        _HOST_AND_PATH.match(source)
        and not os.path.lexists(source)
        and not os.path.lexists(source.split("/", 1)[0])  # (a folder "data.v2/…": a path)
    ):
        return f"https://{source}"
    return source


def resolve_interval(args: argparse.Namespace, config: Config, default: float) -> float:
    """``--interval``, else the config's, else ``default``: seconds, at least 1."""
    value = args.interval if args.interval is not None else (config.interval or default)
    where = "--interval" if args.interval is not None else "the interval in the config file"
    if not math.isfinite(value) or value < 1:
        raise UsageError(f"{where} must be a number of seconds, at least 1 (got {value:g})")
    return float(value)


DEFAULT_DEADLINE = 60.0  # (the fetch layer's: not imported from there, to keep start-up lean)


def resolve_deadline(args: argparse.Namespace, config: Config) -> float:
    """``--deadline``, else the config's, else 60: the seconds a fetch may take, its retries
    included (``dump`` reads its blog within it). Above 0."""
    given = getattr(args, "deadline", None)
    value = given if given is not None else (config.deadline or DEFAULT_DEADLINE)
    where = "--deadline" if given is not None else "the deadline in the config file"
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{where} must be a number of seconds above 0 (got {value:g})")
    return float(value)


def retrying(next_in: float, tz: tzinfo | None, now: datetime | None = None) -> str:
    """When a failed fetch is tried again, for a line on stderr: ``retrying in 30 s, at
    21:40:05`` (the clock time in ``tz``, else the local zone)."""
    now = now or (datetime.now(tz) if tz is not None else datetime.now().astimezone())
    at = now + timedelta(seconds=next_in)
    return f"retrying in {next_in:.0f} s, at {at:%H:%M:%S}"


def expand_sources(given: Sequence[str], config: Config) -> list[tuple[str | None, str]]:
    """The sources a command was given, as (saved name or None, source): a saved group
    (``[groups]``) stands for its members, a saved name for its URL; one given twice (the same
    address) counts once."""
    from tui_liveblog.store.peek import normalize_url

    out: list[tuple[str | None, str]] = []
    seen: set[str] = set()
    for item in given:
        grouped = item in config.groups and not Path(item).exists()
        for member in config.groups[item] if grouped else [item]:
            saved = member in config.blogs and not Path(member).exists()
            source = resolve_source(member, config)
            key = normalize_url(source)
            if key not in seen:
                seen.add(key)
                out.append((member if saved else None, source))
    return out


def make_fetcher(args: argparse.Namespace) -> Fetcher:
    from tui_liveblog.fetch import Fetcher

    log: Callable[[str], None] | None = None
    if getattr(args, "debug", False):

        def log(line: str) -> None:
            print(f"http: {line}", file=sys.stderr, flush=True)

    # (commands.run sets fetch_deadline from --deadline or the config; dump, which has no follow
    # loop to wait a 429 or 503 out, waits them out in the fetch, a 429 no sooner than its
    # interval: cmd_dump sets rate_floor)
    return Fetcher(
        log=log,
        deadline=getattr(args, "fetch_deadline", None) or DEFAULT_DEADLINE,
        wait_busy=getattr(args, "command", None) == "dump",
        rate_floor=getattr(args, "rate_floor", None) or 1.0,
    )


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
        warn(f"cache unavailable, going on without it: {err}")
        yield None
        return
    try:
        for warning in store.warnings:
            warn(warning)
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


def not_cached(source: str) -> str:
    """The error --offline ends with when the blog is not in the cache."""
    return f"{source} is not in the cache (drop --offline to fetch it)"


class Notices:
    """Prints each warning of a feed and of its cache once, as they appear."""

    def __init__(self, feed: BlogFeed, store: Store | None) -> None:
        self.feed = feed
        self.store = store
        self.feed_seen = 0
        self.store_seen = len(store.warnings) if store is not None else 0  # open_store's

    def flush(self, extra: Sequence[str] = ()) -> None:
        for warning in extra:
            report(warning)
        for warning in self.feed.warnings[self.feed_seen :]:
            report(warning)
        self.feed_seen = len(self.feed.warnings)
        if self.store is not None:
            for warning in self.store.warnings[self.store_seen :]:
                report(warning)
            self.store_seen = len(self.store.warnings)
