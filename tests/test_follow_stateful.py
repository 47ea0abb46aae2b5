"""Issue 18 (stateful test of following): random sequences of snapshots fed through
:class:`~tui_liveblog.follow.BlogFeed` and its cache.

A hypothesis state machine keeps a live blog (its posts, which of them are on the page, in
which order) and serves it through an ``httpx.MockTransport`` in one of three formats the
parsers read: a JSON-LD ``LiveBlogPosting`` page (posts with an ``@id`` and posts without one,
whose ids are derived: :mod:`tui_liveblog.sources.derived_ids`), an RSS feed (items with and
without a ``guid``) and a Reddit live thread (whose struck-out updates are deletions). Its
steps add, edit and delete posts, take them off the page and put them back, reorder the page,
and have two processes sharing one cache (two ``follow``, or ``follow`` and the reader)
refresh, fail (5xx, 429, timeouts, refused connections) and end, the next one reopening the
blog from the cache. After every step:

- each refresh reports to its process exactly what changed since that process was last told:
  every post once as new (the first time it sees it, even when the other process wrote it into
  the cache first), each edit once as an edit (with its latest text), each deletion once;
  nothing else, and a failed refresh changes nothing;
- a post keeps its id through edits, deletion, leaving the page and coming back;
- the cache holds every post ever seen (nothing is lost), each with its latest version: it is
  exactly the union of what was reported;
- a process knows what it was told, as it was told it; one reopened from the cache knows what
  the cache holds.

Posts are told apart by a token in their text (``m7 v2``: post 7, version 2), so ids the
sources derive need not be guessed. The normal run is short and derandomized; a longer one is
behind the ``soak`` marker (``python -m pytest -m soak``).
"""

from __future__ import annotations

import asyncio
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
from tui_liveblog.model import Entry
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

    def handler(self, request: httpx.Request) -> httpx.Response:
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
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        headers = {"ETag": etag, "Content-Type": CONTENT_TYPES[self.fmt]}
        return httpx.Response(200, headers=headers, content=body)

    def clock(self) -> datetime:
        self.minute += 1
        return T0 + timedelta(days=1, minutes=self.minute)

    def watcher(self, *, bodies: bool = True) -> Watcher:
        """A process starting to follow the blog, as ``liveblog follow`` does: the cache first."""
        fetcher = Fetcher(transport=httpx.MockTransport(self.handler), retries=0)
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
        self.watchers = [self.watcher(), self.watcher()]
        self.observer = Store(self.path)

    @precondition(lambda self: len(self.posts) < MAX_POSTS)
    @rule(named=st.booleans(), dated=st.booleans(), titled=st.booleans())
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

    @rule(index=st.integers(min_value=0), modified=st.booleans())
    def edit(self, index: int, modified: bool) -> None:
        post = self.pick(index, deleted=False)
        if post is not None:
            post.version += 1
            if modified:
                post.modified = post.version * 7

    @precondition(lambda self: self.fmt == "reddit")
    @rule(index=st.integers(min_value=0))
    def strike(self, index: int) -> None:
        post = self.pick(index, deleted=False)
        if post is not None:
            post.deleted = True

    @rule(index=st.integers(min_value=0))
    def fall_off(self, index: int) -> None:
        post = self.pick(index, on_page=True)
        if post is not None:
            post.on_page = False

    @rule(index=st.integers(min_value=0))
    def come_back(self, index: int) -> None:
        post = self.pick(index, on_page=False)
        if post is not None:
            post.on_page = True

    @rule(seed=st.integers(min_value=0, max_value=2**16))
    def reorder(self, seed: int) -> None:
        random.Random(seed).shuffle(self.order)

    # -- the processes' side ------------------------------------------------------------------
    def expected(self, watcher: Watcher) -> tuple[set[int], set[int], set[int]]:
        """The posts a refresh now should report to ``watcher`` as new, edited and removed."""
        new: set[int] = set()
        edited: set[int] = set()
        removed: set[int] = set()
        for p in self.posts:
            if not p.on_page:
                continue
            last = watcher.reported.get(p.n)
            if last is None:
                new.add(p.n)
            elif last != (p.version, p.deleted):
                (removed if p.deleted and not last[1] else edited).add(p.n)
        return new, edited, removed

    # (the first process refreshes most: a lone follower is the usual case)
    @rule(who=st.sampled_from((0, 0, 0, 1)))
    def refresh(self, who: int) -> None:
        watcher = self.watchers[who]
        feed = watcher.feed
        new, edited, removed = self.expected(watcher)
        got: Refresh = self.loop.run_until_complete(feed.refresh())
        self.read_once = True
        changes = got.changes
        assert not feed.warnings, feed.warnings
        by_n = {p.n: p for p in self.posts}
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
            post = by_n[n]
            assert entry.id == self.ids[n], f"post {n} changed its id"
            assert (version, entry.deleted) == (post.version, post.deleted)
            watcher.reported[n] = (post.version, post.deleted)
        for p in self.posts:  # the cache has each post on the page as the page has it
            if p.on_page:
                self.cached[p.n] = (p.version, p.deleted)

    @rule(who=st.sampled_from((0, 1)), kind=st.sampled_from(OUTAGES))
    def fail(self, who: int, kind: str) -> None:
        feed = self.watchers[who].feed
        before = dict(feed.known)
        self.outage = kind
        try:
            with pytest.raises(FetchError):
                self.loop.run_until_complete(feed.refresh())
        finally:
            self.outage = None
        assert feed.known == before

    @rule(who=st.sampled_from((0, 1)), bodies=st.booleans())
    def reopen(self, who: int, bodies: bool) -> None:
        """The process ends; the next one opens the blog from the cache and follows on."""
        old = self.watchers[who].feed
        self.loop.run_until_complete(old.fetcher.aclose())
        assert old.store is not None
        old.store.close()
        self.watchers[who] = self.watcher(bodies=bodies)

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
        for watcher in self.watchers:
            self.loop.run_until_complete(watcher.feed.fetcher.aclose())
            if watcher.feed.store is not None:
                watcher.feed.store.close()
        if self.observer is not None:
            self.observer.close()
        self.loop.close()
        self._tmp.cleanup()


_QUICK = settings(
    max_examples=40,
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
