"""Issue 18 (stateful test of following): random sequences of snapshots fed through
:class:`~tui_liveblog.follow.BlogFeed` and its cache.

A hypothesis state machine keeps a live blog (its posts, which of them are on the page, in
which order) and serves it through an ``httpx.MockTransport`` in one of three formats the
parsers read: a JSON-LD ``LiveBlogPosting`` page (posts with an ``@id`` and posts without one,
whose ids are derived: :mod:`tui_liveblog.sources.derived_ids`), an RSS feed (items with and
without a ``guid``) and a Reddit live thread (whose struck-out updates are deletions). Its
steps add, edit and delete posts, take them off the page and put them back, reorder the page,
and have two processes sharing one cache (two ``follow``, or ``follow`` and the reader)
refresh, fail (5xx, 429, timeouts, refused connections), get an answer late (the page as it
was when they asked, after the other process merged a later one) and end, the next one
reopening the blog from the cache. After every step:

- each refresh reports to its process exactly what changed since that process was last told:
  every post once as new (the first time it sees it, even when the other process wrote it into
  the cache first), each edit once as an edit (with its latest text), each deletion once;
  nothing else, and a failed refresh changes nothing;
- a post keeps its id through edits, deletion, leaving the page and coming back;
- the cache holds every post ever seen (nothing is lost), each with its latest version (the
  version the latest request brought: a late answer does not undo a later one): it is exactly
  the union of what was reported;
- a process knows what it was told, as it was told it; one reopened from the cache knows what
  the cache holds.

Posts are told apart by a token in their text (``m7 v2``: post 7, version 2), so ids the
sources derive need not be guessed. The normal run is short and derandomized; a longer one is
behind the ``soak`` marker (``python -m pytest -m soak``).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import random
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from tui_liveblog import merge
from tui_liveblog.errors import FetchError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed, Refresh
from tui_liveblog.model import Changes, Entry
from tui_liveblog.store import Store

T0 = datetime(2031, 5, 6, 8, 0, tzinfo=UTC)
URLS = {
    "jsonld": "https://news.example/live/tide",
    "rss": "https://news.example/live/tide.rss",
    "reddit": "https://www.reddit.com/live/tide42",
}
MAX_POSTS = 10
_TOKEN = re.compile(r"\bm(\d+) v(\d+)\b")
WORDS = "the harbour wall held through the night and the ferries run again this morning"
CHANGES = ("add", "add", "edit", "edit", "strike", "fall off", "come back", "reorder")
Change = tuple[str, int, tuple[bool, bool, bool]]  # what, which post (index), how (shape)
CHANGE_LISTS = st.lists(
    st.tuples(
        st.sampled_from(CHANGES),
        st.integers(0, 2**16),
        st.tuples(st.booleans(), st.booleans(), st.booleans()),
    ),
    max_size=3,
)
OUTAGES = ("500", "502", "503", "429", "timeout", "connect", "read-error")


@dataclass
class Post:
    n: int  # the token: what tells this post from the others, whatever its id
    named: bool  # an id of its own (@id, guid, Reddit's uuid), else one is derived
    dated: bool
    titled: bool
    version: int = 0
    modified: int | None = None  # minutes after its publication it was last edited (JSON-LD)
    deleted: bool = False  # (Reddit: struck out)
    on_page: bool = True

    @property
    def published(self) -> datetime:
        return T0 + timedelta(minutes=self.n)  # one minute each: no two id-less posts share one

    @property
    def text(self) -> str:
        return f"m{self.n} v{self.version} {WORDS}"

    @property
    def title(self) -> str | None:
        return f"Tide update {self.n}" if self.titled else None


# -- the pages ------------------------------------------------------------------------------------


def jsonld_page(posts: list[Post]) -> bytes:
    updates = []
    for p in posts:
        node: dict[str, Any] = {"@type": "BlogPosting", "articleBody": f"<p>{p.text}</p>"}
        if p.named:
            node["@id"] = f"{URLS['jsonld']}#post-{p.n}"
        if p.title is not None:
            node["headline"] = p.title
        if p.dated:
            node["datePublished"] = p.published.isoformat()
            if p.modified is not None:
                node["dateModified"] = (p.published + timedelta(minutes=p.modified)).isoformat()
        updates.append(node)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Tide live",
        "url": URLS["jsonld"],
        "liveBlogUpdate": updates,
    }
    script = json.dumps(data).replace("</", "<\\/")
    return (
        "<!doctype html><html><head><title>Tide live</title>"
        f'<script type="application/ld+json">{script}</script></head>'
        "<body><h1>Tide live</h1></body></html>"
    ).encode()


def rss_page(posts: list[Post]) -> bytes:
    items = []
    for p in posts:
        parts = []
        if p.named:
            parts.append(f"<guid isPermaLink='false'>tide-{p.n}</guid>")
        if p.title is not None:
            parts.append(f"<title>{escape(p.title)}</title>")
        parts.append(f"<description>{escape(f'<p>{p.text}</p>')}</description>")
        if p.dated:
            parts.append(f"<pubDate>{format_datetime(p.published, usegmt=True)}</pubDate>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Tide live</title><link>{URLS['rss']}</link>" + "".join(items) + "</channel></rss>"
    ).encode()


def reddit_page(posts: list[Post]) -> bytes:
    children = [
        {
            "kind": "LiveUpdate",
            "data": {
                "id": f"u-{p.n}",
                "name": f"LiveUpdate_u-{p.n}",
                "author": "ada",
                "body": p.text,
                "created_utc": p.published.timestamp(),
                "stricken": p.deleted,
            },
        }
        for p in posts
    ]
    return json.dumps(
        {"kind": "Listing", "data": {"children": children, "after": None, "before": None}}
    ).encode()


REDDIT_ABOUT = json.dumps(
    {"kind": "LiveUpdateEvent", "data": {"id": "tide42", "title": "Tide live", "state": "live"}}
).encode()
PAGES = {"jsonld": jsonld_page, "rss": rss_page, "reddit": reddit_page}
CONTENT_TYPES = {
    "jsonld": "text/html; charset=utf-8",
    "rss": "application/rss+xml",
    "reddit": "application/json",
}


def token(entry: Entry) -> tuple[int, int]:
    """(post, version) of an entry, from its text."""
    found = _TOKEN.search(entry.text)
    assert found is not None, entry
    return int(found.group(1)), int(found.group(2))


# -- the machine ----------------------------------------------------------------------------------


@dataclass
class Watcher:
    """One process following the blog: its feed, and what it was told of each post (the
    (version, deleted) it last reported)."""

    feed: BlogFeed
    reported: dict[int, tuple[int, bool]]


@dataclass
class Pending:
    """A request a process sent whose answer the test holds back."""

    asked: asyncio.Event  # the request arrived: ``page`` is what the answer will hold
    answer: asyncio.Event  # send the answer
    sent: int  # the request's number
    page: dict[int, tuple[int, bool]] | None = None  # (None: a 304)
    task: asyncio.Task[Refresh] | None = None


class Following(RuleBasedStateMachine):
    """A live blog as hypothesis changes it, and two processes following it into one cache."""

    def __init__(self) -> None:
        super().__init__()
        self._tmp = tempfile.TemporaryDirectory()
        self.path = Path(self._tmp.name) / "cache.sqlite3"
        self.loop = asyncio.new_event_loop()
        self.fmt = "jsonld"
        self.posts: list[Post] = []
        self.order: list[int] = []  # the page's order (newest first to begin with)
        self.outage: str | None = None
        self.minute = 0
        self.ids: dict[int, str] = {}  # each post's id, as first reported
        self.cached: dict[int, tuple[int, bool]] = {}  # what the cache should hold of each
        self.sent: dict[int, int] = {}  # which request brought that (they are numbered)
        self.requests = 0
        self.pending: dict[int, Pending] = {}  # each process's request answered late
        self.read_once = False  # a refresh worked: the cache has the blog
        self.watchers: list[Watcher] = []
        self.observer: Store | None = None  # one more connection to the cache, read only

    # -- the blog's side ----------------------------------------------------------------------
    @property
    def url(self) -> str:
        return URLS[self.fmt]

    def page(self) -> bytes:
        by_n = {p.n: p for p in self.posts}
        return PAGES[self.fmt]([by_n[n] for n in self.order if by_n[n].on_page])

    def on_page(self) -> dict[int, tuple[int, bool]]:
        """(version, deleted) of each post on the page now."""
        return {p.n: (p.version, p.deleted) for p in self.posts if p.on_page}

    async def handler(self, who: int, request: httpx.Request) -> httpx.Response:
        if self.outage is not None:
            kind = self.outage
            if kind == "timeout":
                raise httpx.ReadTimeout("timed out", request=request)
            if kind == "connect":
                raise httpx.ConnectError("connection refused", request=request)
            if kind == "read-error":
                raise httpx.ReadError("connection reset", request=request)
            return httpx.Response(int(kind), headers={"Retry-After": "1"}, content=b"down")
        if request.url.path.endswith("/about.json"):
            headers = {"Content-Type": "application/json"}
            return httpx.Response(200, headers=headers, content=REDDIT_ABOUT)
        body = self.page()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = request.headers.get("if-none-match") != etag
        pending = self.pending.get(who)
        if pending is not None and not pending.asked.is_set():
            # the page as it is when the request arrives, answered when the test says so
            pending.page = self.on_page() if modified else None
            pending.asked.set()
            await pending.answer.wait()
        if not modified:
            return httpx.Response(304, headers={"ETag": etag})
        headers = {"ETag": etag, "Content-Type": CONTENT_TYPES[self.fmt]}
        return httpx.Response(200, headers=headers, content=body)

    def clock(self) -> datetime:
        self.minute += 1
        return T0 + timedelta(days=1, minutes=self.minute)

    def watcher(self, who: int, *, bodies: bool = True) -> Watcher:
        """A process starting to follow the blog, as ``liveblog follow`` does: the cache first."""
        transport = httpx.MockTransport(functools.partial(self.handler, who))
        fetcher = Fetcher(transport=transport, retries=0)
        feed = BlogFeed(self.url, fetcher=fetcher, store=Store(self.path), clock=self.clock)
        assert feed.load_cache(bodies=bodies) == self.read_once
        # it has been told of what the cache holds (follow prints it; the reader shows it)
        known = {self.ids[n]: n for n in self.cached}
        assert {i: token(e) for i, e in feed.known.items()} == {
            i: (n, self.cached[n][0]) for i, n in known.items()
        }
        return Watcher(feed, dict(self.cached))

    def pick(
        self, index: int, *, deleted: bool | None = None, on_page: bool | None = None
    ) -> Post | None:
        chosen = [
            p
            for p in self.posts
            if (deleted is None or p.deleted == deleted)
            and (on_page is None or p.on_page == on_page)
        ]
        return chosen[index % len(chosen)] if chosen else None

    @initialize(fmt=st.sampled_from(sorted(PAGES)))
    def start(self, fmt: str) -> None:
        self.fmt = fmt
        self.watchers = [self.watcher(0), self.watcher(1)]
        self.observer = Store(self.path)

    @rule(changes=CHANGE_LISTS)
    def change(self, changes: list[Change]) -> None:
        self.apply(changes)

    def apply(self, changes: list[Change]) -> None:
        """The blog changes: a post is added (``shape``: with an id of its own, a time, a
        title), edited (``shape[0]``: with a new modification time), struck out (Reddit), falls
        off the page or comes back to it, or the page is reordered (``index`` picks). (The
        other rules change the blog too: hypothesis leaves some rules out of each example, its
        "swarm testing", and a refresh needs changes to find.)"""
        for what, index, shape in changes:
            if what == "add" and len(self.posts) < MAX_POSTS:
                self.add(*shape)
            elif what == "edit" and (post := self.pick(index, deleted=False)) is not None:
                post.version += 1
                if shape[0]:
                    post.modified = post.version * 7
            elif what == "strike" and self.fmt == "reddit":
                if (post := self.pick(index, deleted=False)) is not None:
                    post.deleted = True
            elif what in ("fall off", "come back"):
                if (post := self.pick(index, on_page=what == "fall off")) is not None:
                    post.on_page = what == "come back"
            elif what == "reorder":
                random.Random(index).shuffle(self.order)

    def add(self, named: bool, dated: bool, titled: bool) -> None:
        if self.fmt == "reddit":  # Reddit's updates: an id, a time, no title
            named, dated, titled = True, True, False
        elif not named and not dated:
            # (an id-less post with no time is known by the first words of its title, else of
            # its text: the test's text starts with its version, so it gets a title)
            titled = True
        n = len(self.posts) + 1
        self.posts.append(Post(n, named, dated, titled))
        self.order.insert(0, n)

    # -- the processes' side ------------------------------------------------------------------
    def expected(
        self, watcher: Watcher, page: dict[int, tuple[int, bool]]
    ) -> tuple[set[int], set[int], set[int]]:
        """The posts a refresh that got ``page`` should report to ``watcher`` as new, edited
        and removed."""
        new: set[int] = set()
        edited: set[int] = set()
        removed: set[int] = set()
        for n, (version, deleted) in page.items():
            last = watcher.reported.get(n)
            if last is None:
                new.add(n)
            elif last != (version, deleted):
                (removed if deleted and not last[1] else edited).add(n)
        return new, edited, removed

    def told(
        self, who: int, changes: Changes, page: dict[int, tuple[int, bool]] | None, sent: int
    ) -> None:
        """Check what a refresh of ``who`` reported (``page``: what it got, None for a 304;
        ``sent``: its request's number), and what the cache now holds."""
        self.read_once = True
        watcher = self.watchers[who]
        assert not watcher.feed.warnings, watcher.feed.warnings
        if page is None:
            assert not changes
            return
        new, edited, removed = self.expected(watcher, page)
        for group, wanted in (
            (changes.new, new),
            (changes.edited, edited),
            (changes.removed, removed),
        ):
            tokens = [token(e)[0] for e in group]
            assert sorted(tokens) == sorted(wanted), (who, changes, wanted)
        for entry in changes.new:
            n = token(entry)[0]
            if n in self.ids:  # (seen by the other process first)
                assert entry.id == self.ids[n], f"post {n} has two ids"
            else:
                assert entry.id not in self.ids.values(), f"post {n} took the id of another"
                self.ids[n] = entry.id
        for entry in changes.all:
            n, version = token(entry)
            assert entry.id == self.ids[n], f"post {n} changed its id"
            assert (version, entry.deleted) == page[n]
            watcher.reported[n] = page[n]
        # the cache has each post of the page as the page has it, unless a later request
        # brought the version it has
        for n, seen in page.items():
            if self.cached.get(n) != seen and self.sent.get(n, -1) < sent:
                self.cached[n] = seen
                self.sent[n] = sent

    def request(self) -> int:
        self.requests += 1
        return self.requests

    def free(self, who: int) -> int:
        """``who``, or the other process when ``who`` waits for an answer."""
        return who if who not in self.pending else 1 - who

    def refresh(self, who: int) -> None:
        who = self.free(who)
        page, sent = self.on_page(), self.request()
        got: Refresh = self.loop.run_until_complete(self.watchers[who].feed.refresh())
        self.told(who, got.changes, None if got.not_modified else page, sent)

    # (a rule each: refreshes are most of what following does)
    @precondition(lambda self: len(self.pending) < 2)
    @rule(changes=CHANGE_LISTS)
    def first_refreshes(self, changes: list[Change]) -> None:
        self.apply(changes)
        self.refresh(0)

    @precondition(lambda self: len(self.pending) < 2)
    @rule(changes=CHANGE_LISTS)
    def second_refreshes(self, changes: list[Change]) -> None:
        self.apply(changes)
        self.refresh(1)

    @precondition(lambda self: len(self.pending) < 2)
    @rule(who=st.sampled_from((0, 1)), changes=CHANGE_LISTS)
    def ask_slowly(self, who: int, changes: list[Change]) -> None:
        """A refresh whose answer comes late (after ``changes``, and after other steps: the
        other process's refresh, say), with the page as it was when it was asked for."""
        who = self.free(who)
        pending = Pending(asyncio.Event(), asyncio.Event(), self.request())
        self.pending[who] = pending
        pending.task = self.loop.create_task(self.watchers[who].feed.refresh())
        self.loop.run_until_complete(pending.asked.wait())
        self.apply(changes)

    @precondition(lambda self: bool(self.pending))
    @rule(which=st.sampled_from((0, 1)))
    def answer_late(self, which: int) -> None:
        waiting = sorted(self.pending)
        who = waiting[which % len(waiting)]
        pending = self.pending.pop(who)
        assert pending.task is not None
        pending.answer.set()
        got: Refresh = self.loop.run_until_complete(pending.task)
        assert got.not_modified == (pending.page is None)
        self.told(who, got.changes, pending.page, pending.sent)

    @precondition(lambda self: len(self.pending) < 2)
    @rule(who=st.sampled_from((0, 1)), kind=st.sampled_from(OUTAGES))
    def fail(self, who: int, kind: str) -> None:
        who = self.free(who)
        feed = self.watchers[who].feed
        before = dict(feed.known)
        self.request()
        self.outage = kind
        try:
            with pytest.raises(FetchError):
                self.loop.run_until_complete(feed.refresh())
        finally:
            self.outage = None
        assert feed.known == before

    @precondition(lambda self: len(self.pending) < 2)
    @rule(who=st.sampled_from((0, 1)), bodies=st.booleans())
    def reopen(self, who: int, bodies: bool) -> None:
        """The process ends; the next one opens the blog from the cache and follows on."""
        who = self.free(who)
        old = self.watchers[who].feed
        self.loop.run_until_complete(old.fetcher.aclose())
        assert old.store is not None
        old.store.close()
        self.watchers[who] = self.watcher(who, bodies=bodies)

    # -- after every step ---------------------------------------------------------------------
    @invariant()
    def the_cache_is_the_union_of_what_was_reported(self) -> None:
        if self.observer is None:
            return
        cached = self.observer.load(self.url)
        entries = {} if cached is None else {e.id: e for e in cached.entries}
        # nothing lost, nothing extra: the cache holds exactly the posts reported
        assert set(entries) == set(self.ids.values())
        # each with the latest version seen
        assert {i: (*token(e), e.deleted) for i, e in entries.items()} == {
            self.ids[n]: (n, *self.cached[n]) for n in self.ids
        }
        for watcher in self.watchers:  # each process knows what it was told, as it was told
            assert {i: (*token(e), e.deleted) for i, e in watcher.feed.known.items()} == {
                self.ids[n]: (n, *seen) for n, seen in watcher.reported.items()
            }
            # and what it knows is what the cache has, or was when it was told
            for entry_id, entry in watcher.feed.known.items():
                cached_entry = entries[entry_id]
                if (token(entry), entry.deleted) == (token(cached_entry), cached_entry.deleted):
                    assert merge.fingerprint(entry) == merge.fingerprint(cached_entry)

    def teardown(self) -> None:
        for pending in self.pending.values():
            if pending.task is not None:
                pending.task.cancel()
                self.loop.run_until_complete(asyncio.gather(pending.task, return_exceptions=True))
        for watcher in self.watchers:
            self.loop.run_until_complete(watcher.feed.fetcher.aclose())
            if watcher.feed.store is not None:
                watcher.feed.store.close()
        if self.observer is not None:
            self.observer.close()
        self.loop.close()
        self._tmp.cleanup()


_QUICK = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_SOAK = settings(
    max_examples=600,
    stateful_step_count=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class TestFollowing(Following.TestCase):
    settings = _QUICK


@pytest.mark.soak
class TestFollowingSoak(Following.TestCase):
    settings = _SOAK
