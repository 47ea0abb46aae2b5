"""``liveblog [read] SOURCE``: open the Textual reader (with no source: the home screen of the
saved blogs, :mod:`.home`).

This is the path ``liveblog URL`` takes to its first screen: it imports nothing heavy (no
parser, no HTTP library) before the reader paints from the cache.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, TextIO

from tui_liveblog import prepaint
from tui_liveblog.cli import common
from tui_liveblog.cli.common import (
    not_cached,
    open_store,
    resolve_interval,
    resolve_source,
    resolve_tz,
    source_options,
)
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK, CacheError, FetchError, LiveblogError, UsageError
from tui_liveblog.sanitize import clean_line

if TYPE_CHECKING:
    from tui_liveblog.store import Store


HOME = -1
"""What :func:`run_reader` returns when the reader, opened from the home screen, was left with
``esc`` (back to the home screen): never an exit status."""


def served() -> bool:
    """Is this run a browser session of ``liveblog serve`` (or of any textual-serve server)?
    Textual's web driver then draws through stdout, read from stdin: pipes, not a terminal."""
    return os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")


def interactive() -> bool:
    """Are stdin, stdout and stderr all terminals (a screen to draw, keys to read), or is the
    screen a web page (:func:`served`)?"""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return served() or all(s is not None and s.isatty() for s in streams)


def need_terminal(instead: str) -> None:
    """The reader draws on the terminal (Textual writes to stderr): refuse a pipe or a file
    (a web page, :func:`served`, is fine)."""
    if served():
        return
    stream = sys.stderr
    if stream is None or not stream.isatty():
        raise UsageError(f"the reader needs a terminal; for scripts and pipes use '{instead}'")


def run_reader(
    args: argparse.Namespace,
    config: Config,
    source: str,
    *,
    cache_key: str | None = None,
    interval: float | None = None,
    out: TextIO,
    home: bool = False,
) -> int:
    """Open the Textual reader on SOURCE. ``home``: opened from the home screen, whose
    ``esc`` comes back to it (then :data:`HOME` is returned)."""
    _ = out
    tz = resolve_tz(args.tz, config)
    interval = interval or resolve_interval(args, config, 30.0)
    ascii_only = bool(os.environ.get("LIVEBLOG_ASCII"))
    # the first screen is drawn before the cache is opened (its module alone takes longer to
    # import): a warning about the cache, or an error, leaves that screen before it is printed
    # (common.report, and the release below)
    try:
        _first_screen(args, cache_key or source, tz, ascii_only)
        with open_store(args) as store:
            if args.offline and not prepaint.painted():
                _check_cached(store, cache_key or source)
            from tui_liveblog.ui.factory import make_app

            # the warnings so far (the config's, the cache's) are the reader's notices now
            notices = common.take_warnings()
            # the watch words: the config's (its own too, for a saved blog) and --watch's
            watch = [*config.watch_for(_saved_name(config, source)),
                     *(getattr(args, "watch", None) or [])]  # fmt: skip
            # (make_fetcher is looked up there: one place for tests to patch)
            app = make_app(
                source,
                fetcher=common.make_fetcher(args),
                store=store,
                kind=getattr(args, "source_kind", None),
                cache_key=cache_key,
                interval=interval,
                tz=tz,
                offline=args.offline,
                follow=_is_url(source),  # (a file is a snapshot: read once; `follow` polls it)
                ascii_only=ascii_only,
                theme=config.theme,
                options=source_options(args, config),
                notices=notices,
                watch=watch,
                alerts=config.alerts,
            )
            app.back_home = home
            app.saved_name = _saved_name(config, source)  # (what its alerts call it)
            result = app.run()
            _opened(store, cache_key or source)
    finally:
        # (before any error is printed: on the normal screen; gone home: its screen is kept)
        prepaint.release(keep=home)
    from tui_liveblog.ui.app import BACK_HOME

    if home and result == BACK_HOME:
        return HOME
    return result if isinstance(result, int) else EXIT_OK


def run_group_reader(
    args: argparse.Namespace,
    config: Config,
    sources: list[tuple[str | None, str]],
    *,
    home: bool = False,
) -> int:
    """Open the reader on several blogs as one timeline (issue 16): saved names, a group or
    addresses; each card names its blog. (No pre-painted first screen: that is one blog's.)
    ``home``: opened from the home screen, as :func:`run_reader`."""
    from tui_liveblog.several import labels

    if any(source == "-" for _, source in sources):
        raise UsageError("the reader takes URLs, files and saved names, not stdin ('-')")
    need_terminal("liveblog dump SOURCE SOURCE' or 'liveblog follow SOURCE SOURCE")
    if not home:
        prepaint.release()  # (Textual's own screen from its first frame)
    tz = resolve_tz(args.tz, config)
    named = [(label, source) for (_, source), label in zip(sources, labels(sources), strict=True)]
    with open_store(args) as store:
        from tui_liveblog.ui.factory import make_group_app

        watch = [w for name, _ in sources for w in config.watch_for(name)]
        app = make_group_app(
            named,
            fetcher=common.make_fetcher(args),
            store=store,
            kind=getattr(args, "source_kind", None),
            interval=resolve_interval(args, config, 30.0),
            tz=tz,
            offline=args.offline,
            ascii_only=bool(os.environ.get("LIVEBLOG_ASCII")),
            theme=config.theme,
            options=source_options(args, config),
            notices=common.take_warnings(),
            watch=list(dict.fromkeys([*watch, *(getattr(args, "watch", None) or [])])),
            alerts=config.alerts,
        )
        app.back_home = home
        try:
            result = app.run()
        finally:
            prepaint.release(keep=home)
    from tui_liveblog.ui.app import BACK_HOME

    if home and result == BACK_HOME:
        return HOME
    return result if isinstance(result, int) else EXIT_OK


def _saved_name(config: Config, source: str) -> str | None:
    """The saved blog's name that SOURCE is, or None."""
    return next((n for n, u in config.blogs.items() if resolve_source(u, config) == source), None)


def _opened(store: Store | None, key: str) -> None:
    """Remember when the reader had this blog open (bare ``liveblog`` reopens the last one)."""
    if store is not None:
        with contextlib.suppress(CacheError):  # (a cache gone bad on the way out: not worth a word)
            store.mark_opened(key, datetime.now(UTC))


def read_last(args: argparse.Namespace, config: Config) -> str | None:
    """The saved blog the reader had open most recently (the only one, if there is one), or
    None when that is not known."""
    names = sorted(config.blogs)
    if len(names) == 1:
        return names[0]
    if getattr(args, "no_cache", False):
        return None
    sources = {name: resolve_source(config.blogs[name], config) for name in names}
    with open_store(args) as store:
        if store is None:
            return None
        try:
            opened = store.last_opened(sources.values())
        except CacheError:
            return None
    read = [(opened[source], name) for name, source in sources.items() if source in opened]
    return max(read)[1] if read else None


def _is_url(source: str) -> bool:
    from tui_liveblog.fetch import is_url

    return is_url(source)


def _check_cached(store: Store | None, key: str) -> None:
    """--offline on a blog the cache does not hold: say so in one line, open no empty reader
    (a file is read as it is: only a URL needs the cache)."""
    from tui_liveblog.fetch import is_url

    if is_url(key) and (store is None or store.load(key, bodies=False, limit=0) is None):
        raise FetchError(not_cached(key))


def _first_screen(args: argparse.Namespace, key: str, tz: tzinfo | None, ascii: bool) -> None:
    """The newest cards from the cache, drawn before Textual starts (:mod:`..prepaint`)."""
    if not prepaint.holding() or getattr(args, "no_cache", False):
        return
    from tui_liveblog.store.peek import default_path, newest

    try:
        rows = shutil.get_terminal_size().lines  # (as Textual's driver sizes its screen)
        # (and the card cut at the bottom; in the compact view, a line per entry)
        peek = newest(default_path(), key, rows // 4 + 1, rows)
    except (OSError, ValueError):
        return  # (the reader says what is wrong, once it runs)
    # (a place kept below the newest card, issue 14: drawn where the reader reopens on it)
    if peek is not None:
        now = datetime.now(tz) if tz is not None else datetime.now().astimezone()
        prepaint.paint(peek, now, ascii_only=ascii, offline=bool(args.offline))


def cmd_read(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """``liveblog SOURCE`` (bare ``liveblog`` is :func:`tui_liveblog.cli.home.cmd_home`'s)."""
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
    need_terminal("liveblog dump SOURCE' or 'liveblog follow SOURCE")
    return run_reader(args, config, source, out=out)
