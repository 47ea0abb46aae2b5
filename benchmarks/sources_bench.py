"""Figures for the issue-5 sources: parsing each format, and what an incremental poll costs.

    python benchmarks/sources_bench.py

- the corpus samples of each API format (read in place from ../shared/corpus when present);
- a synthetic 10,000-post page read by the plain-HTML extractor;
- following a Reddit-shaped thread of 5,000 cached updates when one new update arrives: the
  incremental poll (``before=``: one update on the wire) against re-reading the newest page
  whole, through ``BlogFeed.refresh`` and the SQLite cache, the network faked in memory.
  newsboat re-parses a whole feed for one new item (~1.3 s at 10k items here).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson

from tui_liveblog import sources
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import timed

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

CORPUS_FILES = (
    ("Guardian CAPI sample", "guardian-capi/capi-scala-client-item-content-with-blocks-example-liveblog.json"),
    ("Reddit listing, 100 updates", "reddit-live/live-ukaeu1ik4sw5-listing-page1.json"),
    ("ScribbleLive event page, 63 posts", "scribblelive/abc-anzac-day-2014-event-560845-page.json"),
    ("Sourcefabric listing, 25 posts", "sourcefabric-liveblog/liveblog-default-theme-test-api_response.json"),
)  # fmt: skip


def _ms(samples: list[float]) -> float:
    return statistics.median(samples)


def corpus_parses(repeat: int) -> list[tuple[str, int, list[float]]]:
    """(label, entries, samples) for each corpus sample that is present."""
    out = []
    for label, rel in CORPUS_FILES:
        path = CORPUS / rel
        if not path.exists():
            continue
        data = path.read_bytes()
        entries = len(sources.parse(data, str(path)).entries)
        out.append((label, entries, timed(lambda d=data, p=str(path): sources.parse(d, p), repeat)))
    return out


def html_page(posts: int = 10_000) -> bytes:
    """A plain page of ``posts`` timestamped posts with bylines and no structured data."""
    blocks = "".join(
        f'<article class="post" id="p{n}"><h2>Update {n}</h2><p class="meta">By Jo Bloggs '
        f'<time datetime="2024-01-01T{n // 600 % 24:02d}:{n // 10 % 60:02d}:00Z">'
        f"{n // 600 % 24:02d}:{n // 10 % 60:02d}</time></p>"
        f"<p>Body of update {n}, long enough to be a post, with a <a href='/x{n}'>link</a>.</p>"
        "</article>"
        for n in range(posts)
    )
    return (
        "<!doctype html><html><head><title>Storm live</title></head><body><h1>Storm live</h1>"
        f'<div class="posts">{blocks}</div></body></html>'
    ).encode()


def html_parse(repeat: int, posts: int = 10_000) -> tuple[int, list[float]]:
    data = html_page(posts)
    url = "https://news.example/live/storm"
    entries = len(sources.parse(data, url, kind="html").entries)
    return entries, timed(lambda: sources.parse(data, url, kind="html"), repeat)


class RedditThread:
    """A Reddit live thread of ``count`` updates served in memory, with before=/after= paging."""

    def __init__(self, count: int) -> None:
        self.updates = [self._update(i) for i in range(count - 1, -1, -1)]  # newest first
        self.requests: list[str] = []

    @staticmethod
    def _update(i: int) -> dict[str, Any]:
        return {
            "kind": "LiveUpdate",
            "data": {
                "id": f"00000000-0000-0000-0000-{i:012d}",
                "name": f"LiveUpdate_00000000-0000-0000-0000-{i:012d}",
                "author": "reporter",
                "body": f"Update {i}: the storm moves north.",
                "body_html": f'<div class="md"><p>Update {i}: the storm moves north.</p></div>',
                "created_utc": 1_700_000_000 + 60 * i,
                "created": 1_700_000_000 + 60 * i + 28800,
                "stricken": False,
                "embeds": [],
                "mobile_embeds": [],
            },
        }

    def add(self) -> None:
        self.updates.insert(0, self._update(len(self.updates)))

    def listing(self, children: list[dict[str, Any]], after: str | None) -> bytes:
        return orjson.dumps({"kind": "Listing", "data": {"children": children, "after": after}})

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        query = parse_qs(urlsplit(str(request.url)).query)
        names = [u["data"]["name"] for u in self.updates]
        if request.url.path.endswith("/about.json"):
            about = {"kind": "LiveUpdateEvent", "data": {"title": "Storm", "state": "live"}}
            return httpx.Response(200, content=orjson.dumps(about))
        if "before" in query:
            at = names.index(query["before"][0])
            return httpx.Response(200, content=self.listing(self.updates[:at][-100:], None))
        start = names.index(query["after"][0]) + 1 if "after" in query else 0
        page = self.updates[start : start + 100]
        after = page[-1]["data"]["name"] if start + 100 < len(names) else None
        return httpx.Response(200, content=self.listing(page, after))


async def _reddit_refreshes(count: int, repeat: int, tmp: Path) -> tuple[list[float], list[float]]:
    """(poll samples, full samples) in ms: one new update each time, 5,000 already cached."""
    thread = RedditThread(count)
    store = Store(tmp / "reddit.db")
    url = "https://www.reddit.com/live/storm123"
    fetcher = Fetcher(transport=httpx.MockTransport(thread.handler), retries=0)
    feed = BlogFeed(url, fetcher=fetcher, store=store)
    await feed.refresh()
    while feed.can_load_older:  # the whole history into the cache
        await feed.load_older()
    assert len(feed.known) == count, len(feed.known)
    polls, fulls = [], []
    for _ in range(repeat):
        thread.add()
        feed.retriever.polls = 0  # an incremental poll
        start = time.perf_counter()
        refresh = await feed.refresh()
        polls.append((time.perf_counter() - start) * 1000)
        assert len(refresh.changes.new) == 1 and "before=" in thread.requests[-1]
        thread.add()
        feed.retriever.polls = 10**6  # a full read of the newest page (what a page or feed costs)
        start = time.perf_counter()
        refresh = await feed.refresh()
        fulls.append((time.perf_counter() - start) * 1000)
        assert len(refresh.changes.new) == 1 and "before=" not in thread.requests[-2]
    await fetcher.aclose()
    store.close()
    return polls, fulls


def reddit_refreshes(count: int, repeat: int, tmp: Path) -> tuple[list[float], list[float]]:
    return asyncio.run(_reddit_refreshes(count, repeat, tmp))


def main() -> int:
    for label, entries, samples in corpus_parses(11):
        print(f"{label}: {entries} entries, median {_ms(samples):.1f} ms")
    entries, samples = html_parse(5)
    print(f"plain HTML page, {entries} posts: median {_ms(samples):.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        polls, fulls = reddit_refreshes(5000, 11, Path(tmp))
    print(f"Reddit 5k cached, 1 new: poll median {_ms(polls):.1f} ms, full {_ms(fulls):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
