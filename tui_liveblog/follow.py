"""Following a blog: fetch (conditionally) → parse → merge into the cache → emit :class:`Changes`.

:class:`BlogFeed` does one refresh at a time and knows every entry seen so far;
:class:`Follower` runs the refresh loop (adaptive interval, backoff with jitter on errors,
``Retry-After`` honoured, pause/resume and "refresh now") and yields :class:`Update` objects.
The CLI prints them; the reader turns them into Textual messages. An entry is written to the
cache before anyone is told about it.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import re
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui_liveblog import merge
from tui_liveblog.errors import CacheError, FetchError, LiveblogError, ParseError, short_message
from tui_liveblog.fetch import Fetcher, Validators, is_url
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Changes, Entry, Snapshot, sort_entries
from tui_liveblog.retrieve import Retrieved, Retriever
from tui_liveblog.sources.base import DEFAULT_OPTIONS, Options

if TYPE_CHECKING:
    from tui_liveblog.sources.registry import Registry
    from tui_liveblog.store import Store

DEFAULT_INTERVAL = 30.0
MIN_INTERVAL = 1.0
MAX_IDLE_INTERVAL = 600.0
MAX_ERROR_BACKOFF = 600.0
# the longest Retry-After honoured (a server may ask for a day: a live blog is checked again
# within the hour, and r refreshes at once)
MAX_RETRY_AFTER_WAIT = 3600.0
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)", re.IGNORECASE)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def merge_known(known: dict[str, Entry], snapshot: Snapshot) -> Changes:
    """Merge a snapshot into an in-memory id → entry map; report what changed.

    The rule is :mod:`tui_liveblog.merge`'s, the same as the cache's
    (:meth:`~tui_liveblog.store.Store.merge`): new ids are new (but an entry first seen deleted
    and empty is a tombstone, not an entry); a known id whose content differs is edited; a known
    entry the source removes (``removed_ids``, or re-sent deleted) is kept, marked deleted, its
    content kept when the deleted version is empty, and reported as removed once; an entry that
    merely fell off the page is never removed; of an id listed twice the first wins. Each group
    is newest first.
    """
    inc = merge.incoming(snapshot)
    view = {
        i: (merge.fingerprint(e), e.deleted)
        for i in (*inc.entries, *inc.removed)
        if (e := known.get(i)) is not None
    }
    done: list[tuple[merge.Report, Entry]] = []
    for entry_id, _action, report, entry in merge.plan(view, inc).steps:
        # "mark-deleted" carries no entry: the known one is kept, marked deleted
        written = entry if entry is not None else known[entry_id].with_changes(deleted=True)
        known[entry_id] = written
        done.append((report, written))
    return merge.changes(done)


@dataclass(frozen=True, slots=True)
class Refresh:
    """One refresh's outcome."""

    changes: Changes
    not_modified: bool
    fetched_at: datetime
    warnings: tuple[str, ...] = ()
    hint_interval: float | None = None


class BlogFeed:
    """One blog: its known entries, its cache row, and how to refresh it."""

    def __init__(
        self,
        source: str,
        *,
        fetcher: Fetcher,
        store: Store | None = None,
        kind: str | None = None,
        cache_key: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        options: Options = DEFAULT_OPTIONS,
        registry: Registry | None = None,
    ) -> None:
        self.source = source
        self.fetcher = fetcher
        self.kind = kind
        self.retriever = Retriever(
            source, fetcher=fetcher, registry=registry, kind=kind, options=options
        )
        self.clock = clock
        # only http(s) sources are cached: files and stdin are read fresh each time
        self.cacheable = store is not None and (cache_key is not None or is_url(source))
        self.store = store if self.cacheable else None
        self.cache_key = cache_key or source
        self.blog: Blog | None = None
        self.known: dict[str, Entry] = {}
        self.cached_total = 0  # how many entries the cache held when it was loaded
        # ``known`` holds everything the cache had when it was loaded (load_cache without a
        # limit, or one the cache did not reach): refreshes report changes against it, so that
        # what another process wrote into the cache first is still reported here. While no
        # other process has written to the file since the load (``_alone``: Store.write_mark
        # says so), the cache's own report is the same, and cheaper
        self.told_all = False
        self._mark: object = None
        self._alone = False
        self.validators = Validators()
        self.hints = Hints()
        self.fetched_at: datetime | None = None
        self.unread: set[str] = set()
        self.from_cache = False
        self.warnings: list[str] = []
        # one absorb-and-merge at a time: the follow loop and "load older" run concurrently,
        # and a merge awaits its thread, so without this an older page's cursors could reach
        # the cache after (and over) a newer refresh's
        self._merging = asyncio.Lock()

    # -- state ------------------------------------------------------------------------------
    @property
    def entries(self) -> list[Entry]:
        """Every entry known, newest first."""
        return sort_entries(self.known.values())

    def load_cache(self, *, bodies: bool = True, limit: int | None = None) -> bool:
        """Fill the feed from the cache (instant reopen, offline reading). True if it had the blog.

        The reader loads without bodies (``bodies=False``; :meth:`body_of` fetches one when an
        entry is shown) and may load the newest ``limit`` entries first for a fast first paint.
        """
        if self.store is None:
            return False
        mark = self.store.write_mark()  # (before the load: what others write after it counts)
        cached = self.store.load(self.cache_key, bodies=bodies, limit=limit)
        # (no file yet: no mark, and whether another process writes before this one's first
        # merge cannot be told)
        self._mark, self._alone = mark, mark is not None
        if cached is None:
            self.told_all = not self.known
            return False
        self.told_all = len(cached.entries) >= cached.total
        self.blog = cached.blog
        self.known = {e.id: e for e in cached.entries}
        self.validators = Validators(cached.validators_etag, cached.validators_last_modified)
        self.hints = cached.hints
        self.fetched_at = cached.fetched_at
        self.unread = set(cached.unread_ids)
        self.cached_total = cached.total
        self.from_cache = True
        self.retriever.resume(self.hints)
        return True

    def body_of(self, entry: Entry) -> Entry:
        """The entry with its structured body (loaded from the cache if it was left out)."""
        if entry.body or self.store is None or not entry.text:
            return entry
        try:
            body = self.store.load_body(self.cache_key, entry.id)
        except CacheError:
            return entry
        return entry.with_changes(body=body) if body else entry

    # -- refresh ----------------------------------------------------------------------------
    @property
    def can_load_older(self) -> bool:
        """Can :meth:`load_older` fetch anything (the source pages back and has more)?"""
        return self.blog is not None and self.retriever.older_target(self.hints) is not None

    async def refresh(self) -> Refresh:
        """Fetch, parse and merge once. Raises FetchError / ParseError / CacheError.

        The retriever chooses an incremental poll or the whole blog; the whole blog is asked
        for conditionally only once the blog was read (from the source or the cache): a 304
        must leave something to show. A blog with no entries yet is still a blog.
        """
        known = self.blog is not None
        got = await self.retriever.refresh(self.validators, self.hints, known=known)
        now = self.clock()
        result = got.result
        if got.snapshot is None:  # 304
            self.fetched_at = now
            if result.validators != self.validators:
                self.validators = result.validators
                if self.store is not None:
                    try:
                        async with self._merging:
                            await asyncio.to_thread(
                                self.store.touch_fetched,
                                self.cache_key,
                                now,
                                result.validators.etag,
                                result.validators.last_modified,
                            )
                    except CacheError as err:
                        self.warnings.append(f"cache disabled: {err}")
                        self.store = None
            return Refresh(Changes(), True, now, hint_interval=_hint(result.headers, self.hints))
        async with self._merging:
            snapshot = self._absorb(got)
            changes = await self._merge(
                snapshot, now, mark_unread=bool(self.known), requested=got.result.requested_at
            )
        self.fetched_at = now
        self.from_cache = False
        hint = _hint(result.headers, snapshot.hints)
        return Refresh(changes, False, now, snapshot.warnings, hint)

    async def load_older(self) -> Refresh | None:
        """Fetch the next page back in time and merge it; None when there is none to fetch."""
        url = self.retriever.older_target(self.hints) if self.blog is not None else None
        if url is None:
            return None
        got = await self.retriever.older(url, self.hints)
        now = self.clock()
        async with self._merging:
            snapshot = self._absorb(got)
            changes = await self._merge(
                snapshot, now, mark_unread=False, requested=got.result.requested_at
            )
        return Refresh(changes, False, now, snapshot.warnings)

    def _absorb(self, got: Retrieved) -> Snapshot:
        """Keep the blog record and cursors a retrieval brings; the snapshot to merge."""
        assert got.snapshot is not None
        snapshot = got.snapshot
        hints = self.hints.merged(snapshot.hints, got.mode)
        # a poll or an older page may not describe the blog (a bare listing): keep the record
        # the last full fetch gave
        blog = snapshot.blog if got.mode == "full" or self.blog is None else self.blog
        # an id listed twice: the first wins, and the refresh's warnings say so
        snapshot = replace(merge.drop_duplicates(snapshot), blog=blog, hints=hints)
        self.blog = blog
        self.hints = hints
        if got.mode == "full":
            self.validators = got.result.validators
        return snapshot

    async def _merge(
        self, snapshot: Snapshot, now: datetime, *, mark_unread: bool, requested: float = 0.0
    ) -> Changes:
        """Merge into the cache (in a thread: a 5,000-entry merge takes ~100 ms, which would
        stall the reader's event loop) or, without one, into memory. ``requested``: when the
        request the snapshot answers was sent (:attr:`FetchResult.requested_at`; 0: unknown)."""
        # "unread" means "arrived since the blog was last open": on a blog's very first
        # fetch nothing has arrived since, so nothing is marked unread
        if self.store is not None:
            try:
                changes, mark = await asyncio.to_thread(
                    self.store.merge_and_mark,
                    self.cache_key,
                    snapshot,
                    fetched_at=now,
                    etag=self.validators.etag,
                    last_modified=self.validators.last_modified,
                    mark_unread=mark_unread,
                    requested=requested or None,
                )
            except CacheError as err:
                self.warnings.append(f"cache disabled: {err}")
                self.store = None
            else:
                self._alone = self._alone and mark is not None and mark == self._mark
                self._mark = mark
                if self.told_all and not self._alone:
                    # what changed for this process: another one (the reader, a second
                    # follow) may have written some of it into the cache first
                    changes = merge_known(self.known, merge.as_stored(snapshot, changes))
                else:
                    for entry in changes.all:
                        self.known[entry.id] = entry
                    # entries the cache knew but this process had not loaded yet (unchanged,
                    # so as the snapshot has them; tombstones are not entries)
                    for entry in merge.incoming(snapshot).entries.values():
                        if not merge.is_tombstone(entry):
                            self.known.setdefault(entry.id, entry)
                if mark_unread:
                    self.unread.update(e.id for e in changes.new)
                return changes
        changes = merge_known(self.known, snapshot)
        if mark_unread:
            self.unread.update(e.id for e in changes.new)
        return changes

    def make_follower(self, **options: Any) -> Follower:
        """The refresh loop around this feed (:class:`Follower`'s options)."""
        return Follower(self, **options)

    def mark_read(self, ids: list[str]) -> list[str]:
        """Mark entries read in memory; the ids that were unread, for :meth:`save_read`."""
        fresh = [i for i in ids if i in self.unread]
        self.unread.difference_update(fresh)
        return fresh

    async def save_read(self, ids: list[str]) -> None:
        """Write read state to the cache, off the event loop (a cache error is not fatal: the
        entries are read in this session, and unread again next time)."""
        if ids and self.store is not None:
            with contextlib.suppress(CacheError):
                await asyncio.to_thread(self.store.mark_read, self.cache_key, ids)


def _max_age(headers: Mapping[str, str]) -> float | None:
    m = _MAX_AGE.search(headers.get("cache-control", "")) if headers else None
    return float(m.group(1)) if m else None


def _hint(headers: Mapping[str, str], hints: Hints) -> float | None:
    """How often the source asks to be polled: Cache-Control max-age or its own hint (RSS ttl)."""
    hint = _max_age(headers)
    own = hints.refresh_interval
    if own is not None and math.isfinite(own):
        hint = max(hint or 0.0, own)
    return hint


def is_permanent(error: LiveblogError, source: str) -> bool:
    """Would retrying not help? A local file or stdin that failed, a document that is not a live
    blog, a fetch failure that is not ``transient`` (a 404, a host name that does not exist, a
    TLS error…). Network trouble, 408, 429, 5xx and cache trouble may pass."""
    if isinstance(error, ParseError) or not is_url(source):
        return True
    return isinstance(error, FetchError) and not error.transient


def not_there_yet(error: LiveblogError, source: str) -> bool:
    """Is this a web page that may yet appear: an http(s) URL answering 404 (a live blog's
    address is often known, and opened, before the page is published)?"""
    return isinstance(error, FetchError) and error.status == 404 and is_url(source)


@dataclass(frozen=True, slots=True)
class Update:
    """What the follow loop reports after each attempt."""

    changes: Changes = field(default_factory=Changes)
    not_modified: bool = False
    error: str | None = None
    fetched_at: datetime | None = None
    next_in: float = 0.0
    warnings: tuple[str, ...] = ()
    fatal: bool = False
    error_short: str | None = None  # the error in a few words ("connection refused", "HTTP 503")
    unreachable: bool = False  # no answer came: the server or the network is down
    not_there_yet: bool = False  # the page is not there (yet): see :func:`not_there_yet`


class Follower:
    """The refresh loop around a :class:`BlogFeed`."""

    def __init__(
        self,
        feed: BlogFeed,
        *,
        interval: float = DEFAULT_INTERVAL,
        sleep: Callable[[float], Any] | None = None,
        rand: Callable[[], float] = random.random,
        wait_for_page: bool = False,
    ) -> None:
        """``wait_for_page``: a page that is not there yet when first opened (a 404) is
        retried like any other error, not given up on (the reader; ``liveblog follow`` stops)."""
        self.feed = feed
        self.wait_for_page = wait_for_page
        interval = float(interval)
        self.interval = max(interval, MIN_INTERVAL) if math.isfinite(interval) else DEFAULT_INTERVAL
        self.paused = False
        self._wake = asyncio.Event()
        self._sleep = sleep
        self._rand = rand
        self._errors = 0
        self._unchanged = 0

    def wake(self) -> None:
        """Refresh now (a paused follower refreshes once and stays paused)."""
        self._wake.set()

    def pause(self) -> None:
        """Stop refreshing until :meth:`resume` (or one refresh per :meth:`wake`)."""
        self.paused = True

    def resume(self) -> None:
        """Follow again, starting with a refresh now."""
        self.paused = False
        self._wake.set()

    def next_interval(self, refresh: Refresh | None, error: LiveblogError | None) -> float:
        if error is not None:
            self._errors += 1
            backoff = min(self.interval * (2 ** min(self._errors, 10)), MAX_ERROR_BACKOFF)
            delay = backoff / 2 + self._rand() * backoff / 2  # jitter in [b/2, b]
            retry_after = error.retry_after if isinstance(error, FetchError) else None
            if retry_after:
                delay = max(delay, min(float(retry_after), MAX_RETRY_AFTER_WAIT))
            return float(max(delay, self.interval))
        self._errors = 0
        assert refresh is not None
        if refresh.changes:
            self._unchanged = 0
        else:
            self._unchanged += 1
        delay = self.interval
        idle = self._unchanged * self.interval
        if idle > 1800:
            delay = self.interval * 4
        elif idle > 600:
            delay = self.interval * 2
        blog = self.feed.blog
        if blog is not None and blog.live is False:  # coverage has ended: corrections only
            delay = max(delay, self.interval * 10)
        delay = min(delay, max(self.interval, MAX_IDLE_INTERVAL))
        if refresh.hint_interval:
            delay = max(delay, min(refresh.hint_interval, MAX_IDLE_INTERVAL))
        return delay

    async def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            await self._sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    async def updates(self, *, first_now: bool = True) -> AsyncIterator[Update]:
        """Refresh forever, yielding an :class:`Update` after each attempt."""
        if not first_now:
            await self._wait(self.interval)
        while True:
            while self.paused and not self._wake.is_set():
                await self._wait(3600)
            self._wake.clear()
            try:
                refresh = await self.feed.refresh()
            except (FetchError, ParseError, CacheError) as err:
                delay = self.next_interval(None, err)
                source = self.feed.source
                missing = not_there_yet(err, source)
                # a source never read that fails for good (not a live blog, a missing file, a
                # 404 unless waiting for the page) will not start working: say so and stop
                fatal = (
                    self.feed.blog is None
                    and is_permanent(err, source)
                    and not (missing and self.wait_for_page)
                )
                yield Update(
                    error=str(err),
                    next_in=delay,
                    fatal=fatal,
                    error_short=short_message(err),
                    unreachable=isinstance(err, FetchError) and err.unreachable,
                    not_there_yet=missing,
                )
                if fatal:
                    return
            else:
                delay = self.next_interval(refresh, None)
                yield Update(
                    refresh.changes,
                    refresh.not_modified,
                    None,
                    refresh.fetched_at,
                    delay,
                    refresh.warnings,
                )
            await self._wait(delay)
