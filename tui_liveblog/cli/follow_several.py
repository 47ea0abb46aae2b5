"""``liveblog follow SOURCE SOURCE…``: several blogs followed as one timeline (issue 16).

The entries every blog has now are printed first, oldest first, a post that several carry once
(:mod:`tui_liveblog.several`); then each blog is followed on its own schedule (its own
conditional requests and backoff), and what arrives is printed as it comes: a new post naming
its blog; a post another blog had already, again, with that blog added to ``also_in``; an edit
or a deletion of a post as its blog has it. A blog that fails is reported on stderr, with its
label, and retried; the others go on.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Protocol

from tui_liveblog.cli.common import Notices, make_feed, open_store, report, retrying, write
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK, LiveblogError
from tui_liveblog.model import Changes, Entry, sort_entries
from tui_liveblog.same_post import SamePosts
from tui_liveblog.several import BlogRef, Combined, labels

if TYPE_CHECKING:
    from datetime import tzinfo
    from typing import TextIO

    from tui_liveblog.follow import BlogFeed


class _Printer(Protocol):
    """What ``follow`` prints with (cli.follow's): its format, zone, stream and filter."""

    fmt: str
    tz: tzinfo | None
    out: TextIO

    def match(self, entry: Entry) -> bool: ...


class SeveralPrinter:
    """Prints the merged timeline's changes (``printer``'s format, filter and watch words)."""

    def __init__(self, printer: _Printer) -> None:
        self.printer = printer
        self.posts = SamePosts()
        self.shown: dict[Hashable, Combined] = {}  # by (blog url, entry id) of the post's own
        self.merged: dict[Hashable, Hashable] = {}  # a copy's (url, id) -> the post's
        # a post's key -> the (url, id) whose version it prints: its first publisher's
        self.owner: dict[Hashable, Hashable] = {}

    def take(self, ref: BlogRef, entries: Sequence[Entry]) -> tuple[list[Hashable], set[Hashable]]:
        """File new entries of ``ref``: the keys of the posts that are new, and of those that
        another blog now carries too."""
        fresh: list[Hashable] = []
        grown: set[Hashable] = set()
        for entry in sort_entries(entries, oldest_first=True):
            key = (ref.url, entry.id)
            if key in self.shown or key in self.merged:
                continue
            found = None if entry.deleted else self.posts.add(key, entry, ref.url)
            if found is None:
                self.shown[key] = Combined(entry, ref)
                fresh.append(key)
            else:
                self.merged[key] = found
                post = self.shown[found]
                if ref in post.also_in or ref == post.blog:
                    continue
                if _earlier(entry, post.entry):  # (printed later, but published first)
                    others = tuple(r for r in (post.blog, *post.also_in) if r != ref)
                    self.shown[found] = Combined(entry, ref, others)
                    self.owner[found] = key
                else:
                    self.shown[found] = post._replace(also_in=(*post.also_in, ref))
                grown.add(found)
        return fresh, grown

    def start(self, blogs: Sequence[tuple[BlogRef, Sequence[Entry]]]) -> None:
        """Every blog's entries now, as one timeline, oldest first."""
        everything = [(e, ref) for ref, entries in blogs for e in entries]
        order = sort_entries((e for e, _ in everything), oldest_first=True)
        ref_of = {id(e): ref for e, ref in everything}
        fresh: list[Hashable] = []
        for entry in order:
            fresh += self.take(ref_of[id(entry)], [entry])[0]
        self._print(fresh)

    def changes(self, ref: BlogRef, changes: Changes) -> None:
        fresh, grown = self.take(ref, changes.new)
        self._print(fresh)
        self._print([k for k in self.shown if k in grown], "also in")
        for entries, change in ((changes.edited, "edited"), (changes.removed, "deleted")):
            updated = []
            owned = {owner: post for post, owner in self.owner.items()}
            for entry in sort_entries(entries, oldest_first=True):
                key = (ref.url, entry.id)
                post = owned.get(key, key if key in self.shown and key not in self.owner else None)
                if post is not None:  # (a copy's edits are its blog's: the post is the first's)
                    self.shown[post] = self.shown[post]._replace(entry=entry)
                    updated.append(post)
            self._print(updated, change)

    def _print(self, keys: Sequence[Hashable], change: str | None = None) -> None:
        from tui_liveblog import output

        chunks = []
        for key in keys:
            post = self.shown[key]
            if not self.printer.match(post.entry):
                continue
            if self.printer.fmt == "jsonl":
                chunks.append(output.several_jsonl_line(post))
            else:
                chunks.append(output.several_entry_text(post, self.printer.tz, change=change))
        if chunks:
            write(self.printer.out, "".join(chunks))


def follow_several(
    args: argparse.Namespace,
    config: Config,
    sources: list[tuple[str | None, str]],
    printer: _Printer,
    interval: float,
) -> int:
    refs = [BlogRef(url, label) for (_, url), label in zip(sources, labels(sources), strict=True)]
    several = SeveralPrinter(printer)
    with open_store(args) as store:
        feeds = []
        for ref in refs:
            args.source = ref.url
            feeds.append(make_feed(args, config, store))

        async def go() -> int:
            try:
                await _follow_all(feeds, refs, several, interval, args.offline)
            finally:
                for feed in feeds:
                    await feed.fetcher.aclose()
            return EXIT_OK

        try:
            return asyncio.run(go())
        except KeyboardInterrupt:
            return EXIT_OK


async def _follow_all(
    feeds: list[BlogFeed],
    refs: list[BlogRef],
    several: SeveralPrinter,
    interval: float,
    offline: bool,
) -> None:
    from tui_liveblog.fetch import is_url
    from tui_liveblog.follow import Follower

    async def first(feed: BlogFeed, ref: BlogRef) -> None:
        notices = Notices(feed, feed.store)
        try:
            if not feed.load_cache() and not (offline and is_url(feed.source)):
                notices.flush((await feed.refresh()).warnings)
        except LiveblogError as err:
            report(f"{ref.label}: {err}")
        notices.flush()

    await asyncio.gather(*(first(f, r) for f, r in zip(feeds, refs, strict=True)))
    several.start([(ref, list(feed.known.values())) for feed, ref in zip(feeds, refs, strict=True)])
    if offline:
        return

    async def follow(feed: BlogFeed, ref: BlogRef) -> None:
        notices = Notices(feed, feed.store)
        if feed.source == "-":
            return  # (stdin was read once)
        async for update in Follower(feed, interval=interval).updates():
            notices.flush(tuple(f"{ref.label}: {w}" for w in update.warnings))
            if update.error:
                if update.fatal:
                    report(f"{ref.label}: {update.error}; no longer followed")
                    return
                when = retrying(update.next_in, several.printer.tz)
                report(f"{ref.label}: {update.error}; waiting: {when}")
            else:
                several.changes(ref, update.changes)

    await asyncio.gather(*(follow(f, r) for f, r in zip(feeds, refs, strict=True)))


def _earlier(entry: Entry, than: Entry) -> bool:
    """Was ``entry`` published before ``than`` (both dated)?"""
    return (
        entry.published is not None
        and than.published is not None
        and (entry.published < than.published)
    )
