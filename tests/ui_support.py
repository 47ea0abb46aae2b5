"""Helpers for the reader's Pilot and snapshot tests: a growable fake live blog, clocks, waits.

Everything is hermetic: the fake blog is served through ``httpx.MockTransport``, the demo blog
(when used) through its loopback server or its rendered page, and every clock is frozen.
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import httpx
from rich.console import Console
from textual.pilot import Pilot

from tui_liveblog.demo.server import DemoServer
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import Follower
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.factory import make_app

NOW = datetime(2040, 6, 12, 12, 0, tzinfo=UTC)
"""The frozen "now" of every reader test. In the future, so a planned coverage end after it
reads as live whatever the real date (the parser compares coverage ends with the real clock)."""

BLOG_URL = "https://news.example/live/harbour-festival"
DEMO_URL = "https://demo.example/live/selene-shuttle"
QUIET = 3600.0  # a refresh interval that never elapses in a test: refreshes come from wake()


def frozen() -> datetime:
    return NOW


# -- a live blog served through MockTransport ---------------------------------------------------
@dataclass
class Post:
    """One update of the fake blog. ``minutes`` is how long before NOW it was published."""

    id: str
    minutes: float
    headline: str | None = None
    body: str = ""
    author: str | None = "Ada Quill"
    url: str | None = "#"  # "#": the default anchor link; None: no link at all
    pinned: bool = False
    key_event: bool = False
    edited_minutes: float | None = None  # minutes before NOW it was last modified

    def node(self, blog_url: str) -> dict[str, Any]:
        published = NOW - timedelta(minutes=self.minutes)
        node: dict[str, Any] = {"@type": "BlogPosting", "@id": self.id}
        if self.url == "#":
            node["url"] = f"{blog_url}#{self.id}"
        elif self.url is not None:
            node["url"] = self.url
        if self.headline is not None:
            node["headline"] = self.headline
        node["datePublished"] = published.isoformat()
        if self.edited_minutes is not None:
            node["dateModified"] = (NOW - timedelta(minutes=self.edited_minutes)).isoformat()
        if self.author:
            node["author"] = {"@type": "Person", "name": self.author}
        node["articleBody"] = self.body
        node["x-pinned"] = self.pinned
        node["x-keyEvent"] = self.key_event
        return node


@dataclass
class FakeBlog:
    """A JSON-LD live blog page that a test grows (``add``), edits and breaks (``fail``)."""

    posts: list[Post] = field(default_factory=list)
    title: str = "Harbour festival live: tall ships, fireworks and the regatta"
    url: str = BLOG_URL
    ended: bool = False
    page: bytes | None = None  # serve these bytes instead of the live blog
    fail: int | None = None  # answer every request with this HTTP status
    requests: int = 0

    def add(self, *posts: Post) -> None:
        self.posts.extend(posts)

    def edit(self, post_id: str, **changes: Any) -> None:
        self.posts = [replace(p, **changes) if p.id == post_id else p for p in self.posts]

    def render(self) -> bytes:
        if self.page is not None:
            return self.page
        start = NOW - timedelta(hours=6)
        end = start + timedelta(hours=1) if self.ended else NOW + timedelta(hours=6)
        data = {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "@id": self.url,
            "url": self.url,
            "headline": self.title,
            "coverageStartTime": start.isoformat(),
            "coverageEndTime": end.isoformat(),
            "liveBlogUpdate": [
                p.node(self.url) for p in sorted(self.posts, key=lambda p: p.minutes)
            ],
        }
        block = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
        return (
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(self.title)}</title>"
            f'<script type="application/ld+json">{block}</script>'
            "</head><body><p>Invented page for tests.</p></body></html>"
        ).encode()

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.fail is not None:
            return httpx.Response(self.fail, text="unavailable", request=request)
        return httpx.Response(
            200,
            content=self.render(),
            headers={"content-type": "text/html; charset=utf-8"},
            request=request,
        )

    def fetcher(self) -> Fetcher:
        return Fetcher(transport=httpx.MockTransport(self.handle), retries=0)


def demo_fetcher(demo: DemoServer) -> Fetcher:
    """The demo blog's current page served under a fixed URL (no random port in pictures)."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = demo.page().body.replace(demo.url.encode(), DEMO_URL.encode())
        return httpx.Response(
            200, content=body, headers={"content-type": "text/html; charset=utf-8"}
        )

    return Fetcher(transport=httpx.MockTransport(handle), retries=0)


def closed_port_url() -> str:
    """A loopback URL on a port nobody listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/live/gone"


# -- the reader -------------------------------------------------------------------------------
class Ticker:
    """A fake sleep for the follow loop: each :meth:`tick` lets one sleeper go."""

    def __init__(self) -> None:
        self.calls = 0
        self._queue: asyncio.Queue[None] = asyncio.Queue()

    async def sleep(self, seconds: float) -> None:
        self.calls += 1
        await self._queue.get()

    def tick(self) -> None:
        self._queue.put_nowait(None)


def reader(
    source: str,
    *,
    fetcher: Fetcher | None = None,
    store: Store | None = None,
    interval: float = QUIET,
    offline: bool = False,
    theme: str | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    tz: tzinfo = UTC,
    **kwargs: Any,
) -> LiveblogApp:
    """The reader as the CLI builds it, with a frozen clock, UTC times and no jitter."""
    app = make_app(
        source,
        fetcher=fetcher or Fetcher(retries=0),
        store=store,
        interval=interval,
        tz=tz,
        clock=frozen,
        offline=offline,
        theme=theme,
        **kwargs,
    )
    app.follower = Follower(
        app.feed,
        interval=interval,
        sleep=sleep,
        rand=lambda: 0.5,
        wait_for_page=app.follower.wait_for_page,
    )
    return app


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str = "", timeout: float = 10.0
) -> None:
    """Let the app run until ``condition()`` holds (the timeout only guards against a hang)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.01)
    await pilot.pause()


async def loaded(pilot: Pilot[Any], count: int | None = None) -> None:
    """Wait for the first entries (or exactly ``count`` entries) to be on the timeline."""
    app = pilot.app
    assert isinstance(app, LiveblogApp)
    if count is None:
        await until(pilot, lambda: app.timeline.entry_count > 0, "entries")
    else:
        await until(pilot, lambda: app.timeline.entry_count == count, f"{count} entries")


async def refreshed(pilot: Pilot[Any], blog: FakeBlog, condition: Callable[[], object]) -> None:
    """Refresh now and wait until the fetch happened and ``condition()`` holds."""
    app = pilot.app
    assert isinstance(app, LiveblogApp)
    before = blog.requests
    app.follower.wake()
    await until(pilot, lambda: blog.requests > before and condition(), "a refresh")


def screen_text(app: LiveblogApp) -> str:
    """The screen as plain text, one line per row."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def timeline_text(app: LiveblogApp) -> str:
    timeline = app.timeline
    height = timeline.scrollable_content_region.height
    return "\n".join(timeline.render_line(y).text for y in range(height))


def detail_text(app: LiveblogApp) -> str:
    """The detail pane's lines, as plain text."""
    return app.detail.text
