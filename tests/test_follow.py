"""Following a blog: BlogFeed (fetch → parse → cache → changes) and the Follower's refresh loop."""

from __future__ import annotations

import asyncio
import io
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tui_liveblog.cli import follow as follow_cmd
from tui_liveblog.errors import CacheError, FetchError, LiveblogError, ParseError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import (
    DEFAULT_INTERVAL,
    MAX_ERROR_BACKOFF,
    MAX_IDLE_INTERVAL,
    BlogFeed,
    Follower,
    Refresh,
    Update,
    is_permanent,
    merge_known,
    not_there_yet,
)
from tui_liveblog.model import Blog, Changes, Entry, Snapshot
from tui_liveblog.sources.registry import Registry
from tui_liveblog.store import Store

from .blogserver import BlogServer

URL = "https://news.example/live/harbour"
NOW = datetime(2031, 3, 4, 12, 0, tzinfo=UTC)


class MockBlog:
    """A :class:`BlogServer`'s page behind an ``httpx.MockTransport``: ETag/304, counters,
    and switchable failures (status, extra headers)."""

    def __init__(self, **kw: Any) -> None:
        self.blog = BlogServer(**kw)
        self.requests: list[httpx.Request] = []
        self.not_modified = 0
        self.fail: int | None = None
        self.headers: dict[str, str] = {}
        self.etag_on_304: str | None = None
        self.raw: bytes | None = None  # serve these bytes (no ETag) instead of the blog
        self.patch: Callable[[bytes], bytes] = lambda page: page

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fail is not None:
            return httpx.Response(self.fail, headers=self.headers, content=b"nope")
        if self.raw is not None:
            return httpx.Response(200, headers={"Content-Type": "text/html"}, content=self.raw)
        etag = self.blog.etag
        if request.headers.get("if-none-match") == etag:
            self.not_modified += 1
            headers = {"ETag": self.etag_on_304 or etag, **self.headers}
            return httpx.Response(304, headers=headers)
        ctype = "application/rss+xml" if self.blog.fmt == "rss" else "text/html; charset=utf-8"
        headers = {"ETag": etag, "Content-Type": ctype, **self.headers}
        return httpx.Response(200, headers=headers, content=self.patch(self.blog.page()))

    def fetcher(self) -> Fetcher:
        return Fetcher(transport=httpx.MockTransport(self.handler), sleep=_no_sleep)

    def feed(self, store: Store | None = None, **kw: Any) -> BlogFeed:
        return BlogFeed(URL, fetcher=self.fetcher(), store=store, **kw)

    @property
    def conditional(self) -> int:
        return sum(1 for r in self.requests if "if-none-match" in r.headers)


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache.sqlite3")


def entry(n: int, text: str = "", **kw: Any) -> Entry:
    return Entry(id=f"e{n}", published=NOW + timedelta(minutes=n), text=text or f"update {n}", **kw)


def snap(*entries: Entry, removed: tuple[str, ...] = ()) -> Snapshot:
    return Snapshot(Blog(URL, "Harbour", "jsonld"), tuple(entries), removed_ids=removed)


# -- merge_known --------------------------------------------------------------------------------


def test_merge_known_new_then_nothing_then_edited() -> None:
    known: dict[str, Entry] = {}
    first = merge_known(known, snap(entry(1), entry(2)))
    assert [e.id for e in first.new] == ["e2", "e1"] and not first.edited and not first.removed
    assert not merge_known(known, snap(entry(1), entry(2)))
    edited = merge_known(known, snap(entry(1), entry(2, "changed")))
    assert [e.id for e in edited.edited] == ["e2"] and not edited.new
    assert known["e2"].text == "changed"


def test_merge_known_keeps_entries_that_fell_off_the_page() -> None:
    known: dict[str, Entry] = {}
    merge_known(known, snap(entry(1), entry(2), entry(3)))
    changes = merge_known(known, snap(entry(3), entry(4)))  # e1 and e2 fell off the first page
    assert [e.id for e in changes.new] == ["e4"]
    assert not changes.removed
    assert set(known) == {"e1", "e2", "e3", "e4"}
    assert not any(e.deleted for e in known.values())


def test_merge_known_removes_only_when_the_source_says_so() -> None:
    known: dict[str, Entry] = {}
    merge_known(known, snap(entry(1, "first words"), entry(2)))
    changes = merge_known(known, snap(entry(2), removed=("e1", "never-seen")))
    assert [e.id for e in changes.removed] == ["e1"]
    assert known["e1"].deleted and known["e1"].text == "first words"  # content kept
    assert "never-seen" not in known  # a tombstone for an unknown id is not an entry
    assert not merge_known(known, snap(entry(2), removed=("e1",)))  # already deleted: no change
    # an entry arriving marked deleted counts as removed, once
    gone = merge_known(known, snap(entry(2, deleted=True)))
    assert [e.id for e in gone.removed] == ["e2"] and not gone.edited


# -- BlogFeed -------------------------------------------------------------------------------------


async def test_refresh_uses_conditional_requests_and_304_changes_nothing() -> None:
    mock = MockBlog()
    mock.blog.add_many(3)
    feed = mock.feed()
    first = await feed.refresh()
    assert len(first.changes.new) == 3 and not first.not_modified
    second = await feed.refresh()
    assert second.not_modified and not second.changes
    assert "if-none-match" not in mock.requests[0].headers
    assert mock.requests[1].headers["if-none-match"] == mock.blog.etag
    assert mock.not_modified == 1
    mock.blog.add()
    third = await feed.refresh()
    assert [e.id for e in third.changes.new] == ["p4"]
    await feed.fetcher.aclose()


async def test_a_blog_with_no_entries_yet_is_polled_conditionally() -> None:
    """Before the coverage starts a live blog is empty: still one cheap 304 per poll."""
    mock = MockBlog()
    feed = mock.feed()
    first = await feed.refresh()
    assert feed.blog is not None and not feed.known and not first.changes
    second = await feed.refresh()
    assert second.not_modified and mock.not_modified == 1
    assert mock.requests[1].headers["if-none-match"] == mock.blog.etag
    await feed.fetcher.aclose()


async def test_new_validators_on_a_304_are_kept_and_cached(store: Store) -> None:
    mock = MockBlog()
    mock.blog.add()
    feed = mock.feed(store)
    await feed.refresh()
    mock.etag_on_304 = '"renamed"'
    refresh = await feed.refresh()
    assert refresh.not_modified
    assert feed.validators.etag == '"renamed"'
    cached = store.load(URL)
    assert cached is not None and cached.validators_etag == '"renamed"'
    await feed.fetcher.aclose()


async def test_cache_builds_the_whole_history_from_a_page_showing_the_latest_three(
    store: Store,
) -> None:
    mock = MockBlog(window=3)
    mock.blog.add_many(3)
    feed = mock.feed(store)
    await feed.refresh()
    for _ in range(3):
        mock.blog.add_many(2)
        changes = (await feed.refresh()).changes
        assert len(changes.new) == 2 and not changes.removed
    cached = store.load(URL)
    assert cached is not None
    assert sorted(e.id for e in cached.entries) == sorted(f"p{n}" for n in range(1, 10))
    assert not any(e.deleted for e in cached.entries)
    # a new process reading the cache sees them all too
    again = BlogFeed(URL, fetcher=mock.fetcher(), store=store)
    assert again.load_cache() and len(again.known) == 9
    await feed.fetcher.aclose()


async def test_two_processes_on_one_cache_are_each_told_every_change(tmp_path: Path) -> None:
    """Issue 18 (two at once): a second process following the blog (another ``follow``, the
    reader) is told of the entries, edits and deletions the first wrote into the cache before
    it fetched them itself."""
    mock = MockBlog()
    mock.blog.add_many(2)
    path = tmp_path / "cache.sqlite3"
    first = mock.feed(Store(path))
    second = mock.feed(Store(path))
    assert not first.load_cache() and not second.load_cache()  # (as follow starts)
    assert len((await first.refresh()).changes.new) == 2
    told = (await second.refresh()).changes  # the cache had them already
    assert sorted(e.id for e in told.new) == ["p1", "p2"] and not told.edited
    mock.blog.add()
    mock.blog.edit("p1", "<p>Corrected.</p>")
    await first.refresh()
    told = (await second.refresh()).changes
    assert [e.id for e in told.new] == ["p3"]
    assert [(e.id, e.text) for e in told.edited] == [("p1", "Corrected.")]
    assert second.known["p1"].text == "Corrected."
    assert not (await second.refresh()).changes  # told once
    # a third process started now is told of nothing it did not load
    third = mock.feed(Store(path))
    assert third.load_cache() and len(third.known) == 3
    assert not (await third.refresh()).changes
    for feed in (first, second, third):
        await feed.fetcher.aclose()


async def test_a_process_that_found_no_cache_is_told_of_what_another_wrote_first(
    tmp_path: Path,
) -> None:
    """(Found by the stateful test.) Started before the cache file existed, a process cannot
    tell when another wrote into it: an entry the other wrote, that reaches this process's
    page only later, is still new to it."""
    mock = MockBlog()
    path = tmp_path / "cache.sqlite3"
    first = mock.feed(Store(path))
    second = mock.feed(Store(path))
    assert not first.load_cache() and not second.load_cache() and not path.exists()
    mock.blog.add_many(2)
    await second.refresh()  # the file, with p1 and p2
    mock.blog.drop("p1")  # p1 leaves the page before the first process reads it
    assert [e.id for e in (await first.refresh()).changes.new] == ["p2"]
    mock.blog.add(1)  # and comes back, as it was
    assert [e.id for e in (await first.refresh()).changes.new] == ["p1"]
    for feed in (first, second):
        await feed.fetcher.aclose()


async def test_a_slow_fetch_merged_late_does_not_undo_what_a_later_one_wrote(
    tmp_path: Path,
) -> None:
    """Issue 18 (two at once): one process's fetch is answered, then the page changes and a
    second process fetches and merges it, then the first merges its older answer: the cache
    keeps the later version (no lost write), even once the entry is off the page."""
    mock = MockBlog()
    mock.blog.add_many(2)
    path = tmp_path / "cache.sqlite3"
    fast = mock.feed(Store(path))
    answered, merge_now = asyncio.Event(), asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        page = mock.blog.page()  # the page as it is when the request arrives
        answered.set()
        await merge_now.wait()
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=page)

    slow_feed = BlogFeed(
        URL, fetcher=Fetcher(transport=httpx.MockTransport(slow)), store=Store(path)
    )
    await fast.refresh()
    late = asyncio.create_task(slow_feed.refresh())
    await answered.wait()
    mock.blog.edit("p1", "<p>Corrected.</p>")
    assert [e.text for e in (await fast.refresh()).changes.edited] == ["Corrected."]
    merge_now.set()
    await late  # its page has p1 as it was
    mock.blog.drop("p1")  # p1 leaves the page: no later fetch will bring it again
    await fast.refresh()
    cached = Store(path).load(URL)
    assert cached is not None
    assert {e.id: e.text for e in cached.entries}["p1"] == "Corrected."
    assert [v.text for v in Store(path).versions(URL, "p1")] == ["Body of update 1.", "Corrected."]
    for feed in (fast, slow_feed):
        await feed.fetcher.aclose()


async def test_a_feed_that_loaded_part_of_the_cache_reports_what_the_cache_had_not(
    store: Store,
) -> None:
    """A feed that loaded only the newest entries of the cache (the home screen's, the reader's
    first screen) does not take the others for new."""
    mock = MockBlog()
    mock.blog.add_many(5)
    await mock.feed(store).refresh()
    mock.blog.add()
    feed = mock.feed(store)
    assert feed.load_cache(limit=1) and len(feed.known) == 1
    changes = (await feed.refresh()).changes
    assert [e.id for e in changes.new] == ["p6"]
    assert feed.unread == {"p6"}
    await feed.fetcher.aclose()


async def test_files_and_stdin_are_never_cached(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    blog = BlogServer()
    blog.add_many(2)
    page.write_bytes(blog.page())
    feed = BlogFeed(str(page), fetcher=Fetcher(), store=store)
    assert feed.store is None and not feed.cacheable
    await feed.refresh()
    assert len(feed.known) == 2
    stdin = BlogFeed("-", fetcher=Fetcher(stdin=io.BytesIO(blog.page())), store=store)
    assert stdin.store is None
    await stdin.refresh()
    assert store.list_blogs() == []


async def test_a_reader_bug_is_one_parse_error_line() -> None:
    def broken(*args: Any, **kw: Any) -> Snapshot:
        raise TypeError("unexpected\nthing")

    from tui_liveblog.sources import jsonld

    mock = MockBlog()
    feed = mock.feed(registry=Registry([replace(jsonld.SOURCE, parse=broken)]))
    with pytest.raises(ParseError) as info:
        await feed.refresh()
    assert "\n" not in str(info.value)
    assert "TypeError" in str(info.value)
    assert isinstance(info.value.__cause__, TypeError)  # --debug shows the traceback
    await feed.fetcher.aclose()


async def test_an_entry_is_in_the_cache_before_it_is_printed(store: Store, tmp_path: Path) -> None:
    """The follow printer's output stream checks, on every write, that a second connection to
    the cache file already sees each printed entry."""
    mock = MockBlog()
    mock.blog.add_many(2)
    reader = Store(store.path)
    checked: list[str] = []

    class CheckingOut(io.StringIO):
        def write(self, s: str) -> int:
            cached = reader.load(URL)
            ids = {e.id for e in cached.entries} if cached else set()
            for line in s.splitlines():
                entry_id = orjson.loads(line)["id"]
                assert entry_id in ids, f"{entry_id} printed before it was cached"
                checked.append(entry_id)
            return super().write(s)

    feed = mock.feed(store)
    printer = follow_cmd._Printer("jsonl", (), UTC, CheckingOut())
    follower = Follower(feed, interval=1, sleep=_no_sleep)
    polls = 0
    async for update in follower.updates():
        assert update.error is None
        printer.changes(update.changes)
        polls += 1
        if polls == 3:
            break
        mock.blog.add()
    assert checked == ["p1", "p2", "p3", "p4"]
    await feed.fetcher.aclose()


# -- is_permanent / fatal ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "source", "permanent"),
    [
        (ParseError("no live blog found"), URL, True),
        (FetchError("file not found: /x"), "/x", True),
        (FetchError("cannot read stdin"), "-", True),
        (FetchError("HTTP 404 Not Found", status=404), URL, True),
        (FetchError("HTTP 410 Gone", status=410), URL, True),
        (FetchError("HTTP 429", status=429, transient=True), URL, False),
        (FetchError("HTTP 408", status=408, transient=True), URL, False),
        (FetchError("HTTP 503", status=503, transient=True), URL, False),
        (FetchError("cannot connect: connection refused", transient=True), URL, False),
        (FetchError("cannot connect: host name not found (DNS)"), URL, True),
        (FetchError("cannot connect: TLS error (handshake failed)"), URL, True),
        # a file or stdin that failed stays failed, whatever the error says
        (FetchError("cannot read stdin: interrupted", transient=True), "-", True),
        (CacheError("database is locked"), URL, False),
    ],
)
def test_is_permanent(error: LiveblogError, source: str, permanent: bool) -> None:
    """``is_permanent`` reads the one rule the fetch layer set on the error (``transient``)."""
    assert is_permanent(error, source) is permanent


async def _collect(follower: Follower, count: int) -> list[Update]:
    out: list[Update] = []
    async for update in follower.updates():
        out.append(update)
        if len(out) == count:
            break
    return out


async def test_a_missing_file_is_fatal_and_ends_the_loop(tmp_path: Path) -> None:
    feed = BlogFeed(str(tmp_path / "nope.html"), fetcher=Fetcher())
    updates = await asyncio.wait_for(_collect(Follower(feed, sleep=_no_sleep), 5), 10)
    assert len(updates) == 1  # the generator ended after the fatal update
    assert updates[0].fatal and "file not found" in (updates[0].error or "")


async def test_a_404_before_the_blog_was_ever_read_is_fatal() -> None:
    mock = MockBlog()
    mock.fail = 404
    feed = mock.feed()
    updates = await asyncio.wait_for(_collect(Follower(feed, sleep=_no_sleep), 5), 10)
    assert len(updates) == 1 and updates[0].fatal
    await feed.fetcher.aclose()


async def test_a_page_not_there_yet_is_waited_for_when_asked() -> None:
    """Issue 13: the reader gave up on a page that answered 404 on first open. With
    ``wait_for_page`` (the reader's) it is retried on the error schedule until it appears; the
    update says what kind of error it is."""
    mock = MockBlog()
    mock.fail = 404
    feed = mock.feed()
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    follower = Follower(feed, interval=30, sleep=sleep, rand=lambda: 0.5, wait_for_page=True)
    updates: list[Update] = []
    async for update in follower.updates():
        updates.append(update)
        if len(updates) == 2:
            mock.fail = None
            mock.blog.add()
        if len(updates) == 3:
            break
    first = updates[0]
    assert not first.fatal and first.not_there_yet and not first.unreachable
    assert first.error_short == "HTTP 404" and "404 Not Found" in (first.error or "")
    assert not updates[1].fatal
    assert updates[2].error is None and [e.id for e in updates[2].changes.new] == ["p1"]
    assert delays == [45.0, 90.0]  # the error backoff (with its jitter), as for any error
    await feed.fetcher.aclose()


def test_not_there_yet_is_a_404_from_the_web() -> None:
    assert not_there_yet(FetchError("HTTP 404 Not Found", status=404), URL)
    assert not not_there_yet(FetchError("HTTP 410 Gone", status=410), URL)
    assert not not_there_yet(FetchError("file not found: /x"), "/x")
    assert not not_there_yet(ParseError("no live blog found"), URL)


def _failing_feed(raised: Exception) -> tuple[BlogFeed, list[httpx.Request]]:
    """A feed whose every request fails with ``raised`` (as httpx raises it from a transport)."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        raise raised

    fetcher = Fetcher(transport=httpx.MockTransport(handler), sleep=_no_sleep, retries=2)
    return BlogFeed(URL, fetcher=fetcher), requests


def _connect_error(cause: BaseException) -> httpx.ConnectError:
    try:
        raise httpx.ConnectError("All connection attempts failed") from cause
    except httpx.ConnectError as err:
        return err


@pytest.mark.parametrize(
    ("cause", "message"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "host name not found"),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), "TLS certificate"),
        (ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"), "TLS error"),
    ],
)
async def test_a_never_read_blog_failing_for_good_on_the_network_is_fatal(
    cause: BaseException, message: str
) -> None:
    """A host name that does not exist or a TLS error on a blog never read: the fetch layer does
    not retry it (one request), and the follow loop does not either (one fatal update)."""
    feed, requests = _failing_feed(_connect_error(cause))
    updates = await asyncio.wait_for(_collect(Follower(feed, sleep=_no_sleep), 3), 10)
    assert len(updates) == 1 and updates[0].fatal
    assert message in (updates[0].error or "")
    assert len(requests) == 1
    await feed.fetcher.aclose()


async def test_a_never_read_blog_failing_in_passing_is_retried() -> None:
    """A temporary DNS failure: retried by the fetch layer, and the follow loop goes on."""
    cause = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    feed, requests = _failing_feed(_connect_error(cause))
    updates = await asyncio.wait_for(_collect(Follower(feed, sleep=_no_sleep), 2), 10)
    assert len(updates) == 2 and not any(u.fatal for u in updates)
    assert "DNS lookup failed" in (updates[0].error or "")
    assert len(requests) == 6  # 3 attempts (retries=2) per refresh
    await feed.fetcher.aclose()


async def test_errors_after_the_blog_was_read_are_survived() -> None:
    """A 404 or a broken page after a good read (even of an empty blog) is reported and retried."""
    mock = MockBlog()
    feed = mock.feed()
    follower = Follower(feed, interval=1, sleep=_no_sleep)
    updates: list[Update] = []
    async for update in follower.updates():
        updates.append(update)
        if len(updates) == 1:
            mock.fail = 404
        elif len(updates) == 2:
            mock.fail = None
            mock.raw = b"<html><body>maintenance</body></html>"
        elif len(updates) == 3:
            mock.raw = None
            mock.blog.add()
        else:
            break
    assert updates[0].error is None
    assert "404" in (updates[1].error or "") and not updates[1].fatal
    assert "no live blog" in (updates[2].error or "") and not updates[2].fatal
    assert updates[3].error is None and [e.id for e in updates[3].changes.new] == ["p1"]
    await feed.fetcher.aclose()


# -- the interval -------------------------------------------------------------------------------


class _Nothing:
    """A feed stand-in for tests of the interval arithmetic alone."""

    source = URL
    blog = None


def _follower(interval: float, rand: Callable[[], float] = lambda: 0.5) -> Follower:
    return Follower(_Nothing(), interval=interval, rand=rand)  # type: ignore[arg-type]


def _unchanged(hint: float | None = None) -> Refresh:
    return Refresh(Changes(), True, NOW, hint_interval=hint)


def _changed() -> Refresh:
    return Refresh(Changes(new=(entry(1),)), False, NOW)


def test_interval_slows_down_when_nothing_changes_for_long() -> None:
    f = _follower(30)
    delays = [f.next_interval(_unchanged(), None) for _ in range(70)]
    assert delays[0] == 30
    assert delays[19] == 30  # 10 minutes of nothing: still the user's pace
    assert delays[25] == 60  # over 10 minutes: half as often
    assert delays[65] == 120  # over 30 minutes: a quarter
    assert max(delays) <= MAX_IDLE_INTERVAL
    assert f.next_interval(_changed(), None) == 30  # a change: back to the user's interval


def test_idle_slowdown_is_capped_but_never_below_the_users_interval() -> None:
    f = _follower(400)
    delays = [f.next_interval(_unchanged(), None) for _ in range(20)]
    assert delays[0] == 400 and max(delays) == MAX_IDLE_INTERVAL
    slow = _follower(900)  # a user interval above the cap is kept as it is
    assert {slow.next_interval(_unchanged(), None) for _ in range(20)} == {900}


@pytest.mark.parametrize(
    ("interval", "hint", "expected"),
    [
        (30, 5, 30),  # the source asks for faster: never faster than the user's interval
        (30, 120, 120),  # the source asks for slower: slower
        (30, 10_000, MAX_IDLE_INTERVAL),  # but not absurdly slow
        (900, 5, 900),
        (30, None, 30),
        (30, 0, 30),  # max-age=0
    ],
)
def test_source_hint_only_ever_slows_down(
    interval: float, hint: float | None, expected: float
) -> None:
    assert _follower(interval).next_interval(_unchanged(hint), None) == expected


def test_error_backoff_grows_with_jitter_and_resets() -> None:
    lows = _follower(10, rand=lambda: 0.0)
    highs = _follower(10, rand=lambda: 1.0)
    err = FetchError("HTTP 503", status=503)
    low = [lows.next_interval(None, err) for _ in range(4)]
    high = [highs.next_interval(None, err) for _ in range(4)]
    assert high == [20, 40, 80, 160]  # doubling, full jitter range [b/2, b]
    assert low == [10, 20, 40, 80]
    mid = _follower(10, rand=lambda: 0.3).next_interval(None, err)
    assert 10 < mid < 20  # jittered, not a fixed step
    assert all(highs.next_interval(None, err) <= MAX_ERROR_BACKOFF for _ in range(20))
    assert highs.next_interval(_changed(), None) == 10  # a success resets the backoff
    assert highs.next_interval(None, err) == 20


def test_retry_after_is_honoured() -> None:
    f = _follower(10, rand=lambda: 0.0)
    assert f.next_interval(None, FetchError("HTTP 429", status=429, retry_after=300)) == 300
    # a Retry-After shorter than the backoff does not make it faster
    assert f.next_interval(None, FetchError("HTTP 429", status=429, retry_after=1)) >= 10


def test_non_finite_interval_falls_back_to_the_default() -> None:
    assert _follower(float("nan")).interval == DEFAULT_INTERVAL
    assert _follower(float("inf")).interval == DEFAULT_INTERVAL
    assert _follower(0.1).interval == 1.0


async def test_loop_waits_what_the_server_asks() -> None:
    """Cache-Control max-age slows polling; a 503 with Retry-After waits that long."""
    mock = MockBlog()
    mock.blog.add()
    mock.headers = {"Cache-Control": "max-age=120"}
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    feed = mock.feed()
    follower = Follower(feed, interval=10, sleep=sleep, rand=lambda: 0.0)
    updates: list[Update] = []
    async for update in follower.updates():
        updates.append(update)
        if len(updates) == 2:
            mock.fail, mock.headers = 503, {"Retry-After": "240"}
        if len(updates) == 3:
            break
    assert updates[0].next_in == 120 and updates[1].next_in == 120  # 200, then 304
    assert updates[1].not_modified
    assert "503" in (updates[2].error or "") and updates[2].next_in == 240
    assert waits == [120, 120]
    await feed.fetcher.aclose()


async def test_rss_ttl_hint_still_applies_after_a_304() -> None:
    mock = MockBlog(fmt="rss")
    mock.blog.add()
    mock.patch = lambda page: page.replace(b"<channel>", b"<channel><ttl>5</ttl>")
    feed = mock.feed()
    first = await feed.refresh()
    second = await feed.refresh()
    assert first.hint_interval == 300  # <ttl> minutes
    assert second.not_modified and second.hint_interval == 300
    await feed.fetcher.aclose()


# -- pause / wake -------------------------------------------------------------------------------


class GatedSleep:
    """Fake sleep: normal waits return at once; the paused wait (3600 s) blocks on a gate."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.gate = asyncio.Event()
        self.parked = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if seconds >= 3600:
            self.parked.set()
            await self.gate.wait()
            self.gate.clear()
            self.parked.clear()


async def _next(it: AsyncIterator[Update]) -> Update:
    return await asyncio.wait_for(it.__anext__(), 10)


async def test_pause_wake_and_resume() -> None:
    mock = MockBlog()
    mock.blog.add()
    sleep = GatedSleep()
    feed = mock.feed()
    follower = Follower(feed, interval=5, sleep=sleep)
    follower.pause()
    it = follower.updates()
    task = asyncio.ensure_future(_next(it))
    await asyncio.wait_for(sleep.parked.wait(), 10)
    assert mock.requests == [] and not task.done()  # paused: nothing fetched
    follower.wake()  # "refresh now" while paused: one refresh
    sleep.gate.set()
    first = await task
    assert first.error is None and len(mock.requests) == 1
    task = asyncio.ensure_future(_next(it))
    await asyncio.wait_for(sleep.parked.wait(), 10)  # and paused again
    assert len(mock.requests) == 1 and follower.paused
    follower.resume()
    sleep.gate.set()
    second = await task
    assert second.not_modified and len(mock.requests) == 2 and not follower.paused
    third = await _next(it)  # resumed: polls at the interval, no parking
    assert third.not_modified and sleep.calls.count(3600) == 2
    await it.aclose()
    await feed.fetcher.aclose()


async def test_wake_cuts_a_real_wait_short() -> None:
    mock = MockBlog()
    mock.blog.add()
    feed = mock.feed()
    follower = Follower(feed, interval=3000)
    it = follower.updates()
    await _next(it)
    task = asyncio.ensure_future(_next(it))
    await asyncio.sleep(0)
    follower.wake()
    update = await task  # would take 50 minutes without the wake
    assert update.not_modified and len(mock.requests) == 2
    await it.aclose()
    await feed.fetcher.aclose()


# -- what follow prints for each kind of change -------------------------------------------------


def test_printer_says_what_changed_once() -> None:
    out = io.StringIO()
    printer = follow_cmd._Printer("text", (), UTC, out)
    later = NOW + timedelta(hours=1)
    printer.changes(
        Changes(
            new=(entry(2), entry(1)),
            edited=(entry(3, "fixed", updated=later), entry(4, "no time of its own")),
            removed=(entry(5, "withdrawn", deleted=True),),
        )
    )
    blocks = out.getvalue().split("\n\n")
    assert blocks[0] == "2031-03-04 12:01 UTC\nupdate 1"  # new ones oldest first
    assert blocks[1] == "2031-03-04 12:02 UTC\nupdate 2"
    assert blocks[2] == "2031-03-04 12:03 UTC · [edited 2031-03-04 13:00 UTC]\nfixed"
    assert blocks[3] == "2031-03-04 12:04 UTC · [edited]\nno time of its own"
    assert blocks[4] == "2031-03-04 12:05 UTC · [deleted]\nwithdrawn"
    jsonl = io.StringIO()
    follow_cmd._Printer("jsonl", ("withdrawn",), UTC, jsonl).changes(
        Changes(new=(entry(1),), removed=(entry(5, "withdrawn", deleted=True),))
    )
    (line,) = jsonl.getvalue().splitlines()  # the filter applies to changes too
    assert orjson.loads(line)["deleted"] is True


async def test_cache_writes_run_off_the_event_loop(store: Store) -> None:
    """A merge (and marking entries read) runs in a worker thread, never in the thread of the
    event loop that the reader draws with."""
    loop_thread = threading.get_ident()
    seen: list[tuple[str, int]] = []
    real_merge, real_mark = store.merge, store.mark_read

    def merge(*args: Any, **kw: Any) -> Changes:
        seen.append(("merge", threading.get_ident()))
        return real_merge(*args, **kw)

    def mark_read(*args: Any, **kw: Any) -> None:
        seen.append(("mark_read", threading.get_ident()))
        real_mark(*args, **kw)

    store.merge = merge  # type: ignore[method-assign]
    store.mark_read = mark_read  # type: ignore[method-assign]
    mock = MockBlog()
    mock.blog.add_many(3)
    feed = mock.feed(store)
    await feed.refresh()
    mock.blog.add_many(1)
    await feed.refresh()  # the new entry is unread
    fresh = feed.mark_read(sorted(feed.unread))
    assert fresh and not feed.unread  # in memory at once
    await feed.save_read(fresh)
    assert [what for what, _ in seen] == ["merge", "merge", "mark_read"]
    assert all(thread != loop_thread for _, thread in seen)
    cached = store.load(URL)
    assert cached is not None and cached.unread_ids == frozenset()
    await feed.fetcher.aclose()
