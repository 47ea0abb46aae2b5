"""``liveblog follow``: print a blog's entries, then new, edited and deleted ones as they
arrive, until Ctrl-C (no TUI)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, TextIO

from tui_liveblog.cli.common import (
    Notices,
    expand_sources,
    make_feed,
    not_cached,
    open_store,
    report,
    resolve_interval,
    resolve_tz,
    retrying,
    write,
)
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK, FetchError, LiveblogError
from tui_liveblog.model import Changes, Entry

if TYPE_CHECKING:
    from tui_liveblog.filter_query import FilterQuery
    from tui_liveblog.follow import BlogFeed


class _Printer:
    def __init__(
        self,
        fmt: str,
        query: FilterQuery | Sequence[str],
        tz: tzinfo | None,
        out: TextIO,
        watch: Sequence[str] = (),
    ) -> None:
        from tui_liveblog.filter_query import as_query
        from tui_liveblog.query import Matcher

        self.fmt = fmt
        self.filter = Matcher(as_query(query))
        self.watch = tuple(watch)  # (--watch: any of them; none: every entry)
        self.tz = tz
        self.out = out

    def match(self, entry: Entry) -> bool:
        from tui_liveblog.filter_query import matches_any

        return self.filter(entry) and (not self.watch or matches_any(self.watch, entry))

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
            write(self.out, "".join(chunks))

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
    notices: Notices | None = None,
) -> int:
    from tui_liveblog.fetch import is_url
    from tui_liveblog.follow import Follower
    from tui_liveblog.model import sort_entries

    notices = notices or Notices(feed, feed.store)
    had_cache = feed.load_cache()
    notices.flush()
    if had_cache:
        printer.entries(sort_entries(feed.known.values(), oldest_first=True))
    if offline and is_url(feed.source):
        if not had_cache:
            raise FetchError(not_cached(feed.source))
        return EXIT_OK
    follower = Follower(feed, interval=interval)
    first = True
    async for update in follower.updates():
        notices.flush(update.warnings)
        if update.error:
            if update.fatal:
                raise LiveblogError(update.error)
            # (a 429 or 503, a server too slow to answer: each said, with when it is tried again)
            report(f"{update.error}; waiting: {retrying(update.next_in, printer.tz)}")
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
    from tui_liveblog.query import parse_filter

    tz = resolve_tz(args.tz, config)
    interval = resolve_interval(args, config, 30.0)
    # only --watch: the config's watch words are the reader's alerts, and would silently hide
    # entries from a script here
    printer = _Printer(args.format, parse_filter(args.filter), tz, out, args.watch)
    sources = expand_sources(args.source, config)
    if len(sources) > 1:  # several blogs as one timeline
        from tui_liveblog.cli.follow_several import follow_several

        return follow_several(args, config, sources, printer, interval)
    args.source = sources[0][1]
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
