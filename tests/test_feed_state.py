"""BlogFeed state: what counts as unread, and how an ended blog is polled."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import orjson

from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed, Follower, Refresh
from tui_liveblog.model import Blog, Changes
from tui_liveblog.store import Store

URL = "https://example.org/live/storm"


def _page(n: int) -> bytes:
    updates = [
        {
            "@id": f"u{i}",
            "articleBody": f"update {i}",
            "datePublished": f"2026-01-01T10:{i:02d}:00Z",
        }
        for i in range(n)
    ]
    doc = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Storm",
           "liveBlogUpdate": updates}  # fmt: skip
    return b'<script type="application/ld+json">' + orjson.dumps(doc) + b"</script>"


def _feed(pages: list[bytes], store: Store | None) -> BlogFeed:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=pages[0], headers={"content-type": "text/html"})

    return BlogFeed(URL, fetcher=Fetcher(transport=httpx.MockTransport(handler)), store=store)


async def test_first_sight_marks_nothing_unread_then_arrivals_are_unread(tmp_path: Path) -> None:
    for store in (None, Store(tmp_path / "c.sqlite3")):
        pages = [_page(3)]
        feed = _feed(pages, store)
        await feed.refresh()
        assert len(feed.known) == 3 and feed.unread == set()
        pages[0] = _page(5)
        changes = (await feed.refresh()).changes
        assert {e.id for e in changes.new} == {"u3", "u4"}
        assert feed.unread == {"u3", "u4"}
        if store is not None:
            cached = store.load(URL)
            assert cached is not None and cached.unread_ids == frozenset({"u3", "u4"})
        await feed.fetcher.aclose()


def test_an_ended_blog_is_polled_ten_times_less_often() -> None:
    feed = BlogFeed(URL, fetcher=Fetcher(), store=None)
    follower = Follower(feed, interval=30)
    quiet = Refresh(Changes(), True, datetime(2026, 1, 1, tzinfo=UTC))
    assert follower.next_interval(quiet, None) == 30
    feed.blog = Blog(url=URL, title="Storm", source="jsonld", live=False)
    assert follower.next_interval(quiet, None) == 300
