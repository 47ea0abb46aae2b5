"""Several blogs followed as one, for the reader (issue 16): :class:`FeedGroup` and
:class:`GroupFollower` stand in for a :class:`~tui_liveblog.follow.BlogFeed` and its
:class:`~tui_liveblog.follow.Follower`.

Each blog keeps its own feed (its cache row, its conditional requests, its interval and
backoff); the group shows their entries as one timeline, newest first. An entry's id in the
group is its blog's index and its own id (``"1:post-42"``: two blogs may use the same ids); a
post that several blogs carry (:mod:`tui_liveblog.same_post`) is one entry, the one of the blog
that published it first, and :meth:`FeedGroup.origin` names its blog and the others. Read
state goes back to each blog's cache. What the group keeps of the reader (a kept place or
filter) is not kept: it has no cache row of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import datetime
from typing import Any

from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed, Follower, Refresh, Update
from tui_liveblog.model import Blog, Changes, Entry, sort_entries
from tui_liveblog.same_post import SamePosts
from tui_liveblog.several import BlogRef
from tui_liveblog.store.state import GROUP_KEY

_SEP = ":"


class FeedGroup:
    """Several blog feeds as one (the part of :class:`BlogFeed` the reader uses)."""

    def __init__(self, feeds: Sequence[BlogFeed], refs: Sequence[BlogRef], fetcher: Fetcher):
        self.feeds = list(feeds)
        self.refs = list(refs)
        self.fetcher = fetcher
        self.source = refs[0].url
        self.store = next((f.store for f in feeds if f.store is not None), None)
        # (no row in the cache: the reader keeps its place and filter among the settings)
        self.cache_key = GROUP_KEY + " ".join(r.url for r in refs)
        self.known: dict[str, Entry] = {}
        self.unread: set[str] = set()
        self.warnings: list[str] = []
        self._posts = SamePosts()
        self._owner: dict[str, tuple[int, str]] = {}  # group id -> (blog index, its own id)
        self._copy_of: dict[tuple[int, str], str] = {}  # a copy's (index, id) -> the post's
        self._also: dict[str, list[int]] = {}  # a post's group id -> the other blogs' indices

    # -- what the reader reads ---------------------------------------------------------------
    @property
    def blog(self) -> Blog | None:
        blogs = [f.blog for f in self.feeds if f.blog is not None]
        if not blogs:
            return None
        lives = [b.live for b in blogs]
        live = True if True in lives else (False if all(x is False for x in lives) else None)
        title = " + ".join(r.label for r in self.refs)
        return Blog(self.source, title, "several", live)

    @property
    def entries(self) -> list[Entry]:
        return sort_entries(self.known.values())

    @property
    def fetched_at(self) -> datetime | None:
        times = [f.fetched_at for f in self.feeds if f.fetched_at is not None]
        return max(times) if times else None

    @property
    def cached_total(self) -> int:
        return len(self.known)

    @property
    def can_load_older(self) -> bool:
        return any(f.can_load_older for f in self.feeds)

    def origin(self, entry_id: str) -> tuple[str, tuple[str, ...]] | None:
        """The label of the blog an entry is from, and those of the others that carry it."""
        owner = self._owner.get(entry_id)
        if owner is None:
            return None
        also = tuple(self.refs[i].label for i in self._also.get(entry_id, ()))
        return self.refs[owner[0]].label, also

    def own(self, entry_id: str) -> tuple[BlogRef | None, str]:
        """An entry's blog and its id there (None, and the id as given, if unknown)."""
        owner = self._owner.get(entry_id)
        if owner is None:
            return None, entry_id
        return self.refs[owner[0]], owner[1]

    def describe(self, entry_id: str) -> str | None:
        """Which blog an entry is from, and which others carry it: ``From alpha, also in beta``."""
        origin = self.origin(entry_id)
        if origin is None:
            return None
        label, also = origin
        return f"From {label}" + (f", also in {', '.join(also)}" if also else "")

    def label(self, entry_id: str) -> str | None:
        """What a card shows of its blog: its label, and ``+N`` for the others carrying it."""
        origin = self.origin(entry_id)
        if origin is None:
            return None
        label, also = origin
        return f"{label} +{len(also)}" if also else label

    # -- filling it ---------------------------------------------------------------------------
    def load_cache(self, *, bodies: bool = True, limit: int | None = None) -> bool:
        """Every blog from the cache (the newest ``limit`` of each); True if any was there."""
        had = [f.load_cache(bodies=bodies, limit=limit) for f in self.feeds]
        self._rebuild()
        return any(had)

    def _rebuild(self) -> None:
        """The group's timeline from its blogs' entries, built aside and then swapped in (the
        whole history loads in a thread while the reader shows the first screenful)."""
        fresh = FeedGroup(self.feeds, self.refs, self.fetcher)
        everything = [(e, i) for i, f in enumerate(self.feeds) for e in f.known.values()]
        order = sort_entries((e for e, _ in everything), oldest_first=True)
        index_of = {id(e): i for e, i in everything}
        fresh.take([(index_of[id(e)], e) for e in order])
        fresh.unread.update(
            gid for gid, (i, own) in fresh._owner.items() if own in self.feeds[i].unread
        )
        self._posts, self._owner, self._copy_of = fresh._posts, fresh._owner, fresh._copy_of
        self._also, self.unread, self.known = fresh._also, fresh.unread, fresh.known

    def take(self, arrivals: Iterable[tuple[int, Entry]]) -> tuple[list[Entry], list[Entry]]:
        """File entries that are new to the group (blog index, entry; oldest first): the new
        posts, and the posts another blog now carries too (their origin changed)."""
        new: list[Entry] = []
        grown: dict[str, Entry] = {}
        for index, entry in arrivals:
            gid = self._gid(index, entry.id)
            if gid in self.known or (index, entry.id) in self._copy_of:
                continue  # (known already: as a post, or as a copy of one)
            found = None if entry.deleted else self._posts.add(gid, entry, index)
            if found is None:
                post = entry.with_changes(id=gid)
                self.known[gid] = post
                self._owner[gid] = (index, entry.id)
                new.append(post)
            else:
                assert isinstance(found, str)
                also = self._also.setdefault(found, [])
                owner = self._owner[found]
                if index in also or owner[0] == index:
                    self._copy_of[(index, entry.id)] = found
                    continue
                post = self.known[found]
                if _earlier(entry, post):  # (it came in later, but was published first)
                    self._copy_of[owner] = found
                    self._owner[found] = (index, entry.id)
                    also.append(owner[0])
                    self.known[found] = entry.with_changes(id=found)
                else:
                    self._copy_of[(index, entry.id)] = found
                    also.append(index)
                grown[found] = self.known[found]
        return new, list(grown.values())

    @staticmethod
    def _gid(index: int, own: str) -> str:
        return f"{index}{_SEP}{own}"

    def changes(self, index: int, changes: Changes) -> Changes:
        """One blog's changes as the group's."""
        new, grown = self.take((index, e) for e in sort_entries(changes.new, oldest_first=True))
        feed = self.feeds[index]
        self.unread.update(e.id for e in new if self._owner[e.id][1] in feed.unread)
        edited: list[Entry] = list(grown)
        removed: list[Entry] = []
        owned = {owner: gid for gid, owner in self._owner.items()}
        for entries, into in ((changes.edited, edited), (changes.removed, removed)):
            for entry in entries:
                gid = owned.get((index, entry.id))
                if gid is not None:  # (a copy's edits are its blog's: the post is the first's)
                    self.known[gid] = entry.with_changes(id=gid)
                    into.append(self.known[gid])
        return Changes(tuple(new), tuple(edited), tuple(removed))

    # -- per entry, back to its blog -------------------------------------------------------------
    def body_of(self, entry: Entry) -> Entry:
        owner = self._owner.get(entry.id)
        if owner is None:
            return entry
        index, own = owner
        full = self.feeds[index].body_of(entry.with_changes(id=own))
        return full.with_changes(id=entry.id)

    def mark_read(self, ids: list[str]) -> list[str]:
        fresh = [i for i in ids if i in self.unread]
        self.unread.difference_update(fresh)
        for index, own in self._by_blog(fresh):
            self.feeds[index].mark_read(own)
        return fresh

    async def save_read(self, ids: list[str]) -> None:
        for index, own in self._by_blog(ids):
            await self.feeds[index].save_read(own)

    def _by_blog(self, ids: Iterable[str]) -> list[tuple[int, list[str]]]:
        by: dict[int, list[str]] = {}
        for gid in ids:
            owner = self._owner.get(gid)
            if owner is not None:
                by.setdefault(owner[0], []).append(owner[1])
        return sorted(by.items())

    async def load_older(self) -> Refresh | None:
        """An older page of each blog that has one: what they bring, as the group's."""
        new: list[Entry] = []
        edited: list[Entry] = []
        at = None
        for index, feed in enumerate(self.feeds):
            if not feed.can_load_older:
                continue
            refresh = await feed.load_older()
            if refresh is None:
                continue
            at = refresh.fetched_at
            changes = self.changes(index, refresh.changes)
            new += changes.new
            edited += changes.edited
        if at is None:
            return None
        return Refresh(Changes(tuple(new), tuple(edited)), False, at)

    def make_follower(self, **options: Any) -> GroupFollower:
        return GroupFollower(self, **options)


class GroupFollower:
    """Each blog's :class:`Follower`, at once; their updates as the group's (the part of
    :class:`Follower` the reader uses). A blog that fails says so with its label; one that
    fails for good is no longer followed, and the group goes on with the others."""

    def __init__(self, group: FeedGroup, **options: Any) -> None:
        self.group = group
        self.followers = [Follower(feed, **options) for feed in group.feeds]
        self._paused = False

    @property
    def paused(self) -> bool:
        return self._paused

    @paused.setter
    def paused(self, value: bool) -> None:
        self._paused = value
        for follower in self.followers:
            follower.paused = value

    def wake(self) -> None:
        for follower in self.followers:
            follower.wake()

    async def updates(self) -> AsyncIterator[Update]:
        queue: asyncio.Queue[tuple[int, Update | None]] = asyncio.Queue()

        async def pump(index: int, follower: Follower) -> None:
            try:
                async for update in follower.updates():
                    await queue.put((index, update))
            finally:
                await queue.put((index, None))

        tasks = [asyncio.create_task(pump(i, f)) for i, f in enumerate(self.followers)]
        running = len(tasks)
        try:
            while running:
                index, update = await queue.get()
                if update is None:
                    running -= 1
                    continue
                yield self._as_group(index, update, last=running == 1)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def _as_group(self, index: int, update: Update, *, last: bool) -> Update:
        label = self.group.refs[index].label
        warnings = tuple(f"{label}: {w}" for w in update.warnings)
        if update.error:
            return Update(
                error=f"{label}: {update.error}",
                error_short=f"{label}: {update.error_short or update.error}",
                next_in=update.next_in,
                fatal=update.fatal and last and not self.group.known,
                unreachable=update.unreachable,
                not_there_yet=update.not_there_yet and not self.group.known,
                warnings=warnings,
            )
        changes = self.group.changes(index, update.changes)
        return Update(
            changes,
            update.not_modified and not changes,
            None,
            update.fetched_at,
            update.next_in,
            warnings,
        )


def _earlier(entry: Entry, than: Entry) -> bool:
    """Was ``entry`` published before ``than`` (both dated)?"""
    return (
        entry.published is not None
        and than.published is not None
        and (entry.published < than.published)
    )
