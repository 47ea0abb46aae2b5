"""Pictures of the reader (pytest-textual-snapshot): both layouts, dark and light themes, the
filter, the new-entries banner, a rich entry and the error states.

Every picture is hermetic and frozen: blogs come through ``httpx.MockTransport`` under fixed URLs
(the demo's page included, so no random port shows), the clock is :data:`ui_support.NOW`, times
are UTC and retry jitter is fixed. Regenerate with ``pytest tests/test_ui_snapshots.py
--snapshot-update`` and look at every changed SVG before committing it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot

from tests.conftest import FIXTURES
from tests.ui_support import (
    BLOG_URL,
    DEMO_URL,
    NOW,
    FakeBlog,
    Post,
    demo_fetcher,
    frozen,
    loaded,
    reader,
    refreshed,
    until,
)
from tui_liveblog.demo.server import DemoServer
from tui_liveblog.fetch import Fetcher
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.filter_bar import FilterBar

SnapCompare = Callable[..., bool]
WIDE = (120, 40)
NARROW = (80, 24)

RICH_BODY = (
    "<h2>Programme for the evening</h2>"
    "<p>The harbour master has published the "
    '<a href="https://news.example/programme">full programme</a>, with a few <b>changes</b> '
    "and one <i>late</i> addition.</p>"
    "<blockquote>We expect the biggest crowd the quay has ever seen, so please come early "
    "and use the trams. — Ilse Varga, harbour master</blockquote>"
    "<ul><li>18:00 Parade of sail from the mole to the inner basin</li>"
    "<li>20:30 Lifeboat display</li><li>22:00 Fireworks from the barge</li></ul>"
    '<figure><img src="https://news.example/img/tall-ships.jpg" alt="Tall ships">'
    "<figcaption>Tall ships at the mole this morning. Photograph: Ola Brandt</figcaption>"
    "</figure>"
    "<p>Road closures start at five; see the "
    '<a href="https://transit.example/festival">transit notice</a>.</p>'
)


def rich_blog() -> FakeBlog:
    return FakeBlog(
        [
            Post("rich", 2, "Tonight: parade of sail, lifeboats and fireworks", RICH_BODY),
            Post(
                "p1",
                12,
                "Regatta under way",
                "<p>The fog lifted and the dinghies are racing at last.</p>",
                key_event=True,
            ),
            Post(
                "p2",
                25,
                "What we know so far",
                "<p>Ships, fireworks at ten, the races this afternoon.</p>",
                pinned=True,
            ),
            Post(
                "p3",
                40,
                None,
                "<p>Crowds are building along the quay; the tram runs every four minutes.</p>",
            ),
            Post(
                "p4",
                55,
                "Tall ships enter the harbour",
                "<p>The first of twelve tall ships has rounded the mole.</p>",
                edited_minutes=30,
            ),
        ]
    )


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    with DemoServer(interval=None, clock=frozen, start_at=NOW) as server:
        yield server


def demo_reader(demo: DemoServer, **kwargs: Any) -> LiveblogApp:
    return reader(DEMO_URL, fetcher=demo_fetcher(demo), **kwargs)


async def wait_loaded(pilot: Pilot[Any]) -> None:
    await loaded(pilot)


def fixed_page(name: str, url: str = BLOG_URL) -> Fetcher:
    """A fixture file served under a fixed URL (a file path would show the clone's location)."""
    data = (FIXTURES / "jsonld" / name).read_bytes()

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=data, headers={"content-type": "text/html"})

    return Fetcher(transport=httpx.MockTransport(handle), retries=0)


def refused() -> Fetcher:
    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    return Fetcher(transport=httpx.MockTransport(handle), retries=0)


# -- the demo blog, both layouts, both themes -------------------------------------------------------
@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_demo(
    snap_compare: SnapCompare, demo: DemoServer, theme: str, size: tuple[int, int]
) -> None:
    """The demo blog just opened: newest entry selected, pinned strip, detail pane."""
    assert snap_compare(demo_reader(demo, theme=theme), terminal_size=size, run_before=wait_loaded)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
def test_compact_view(snap_compare: SnapCompare, demo: DemoServer, size: tuple[int, int]) -> None:
    """Issue 14 (3): the compact view (v), one line per entry, the third entry selected."""
    assert snap_compare(
        demo_reader(demo), terminal_size=size, run_before=wait_loaded, press=["v", "j", "j"]
    )


def test_filter_on(snap_compare: SnapCompare, demo: DemoServer) -> None:
    """A kept filter: the bar shows the words, the timeline only matches, highlighted."""
    assert snap_compare(
        demo_reader(demo),
        terminal_size=WIDE,
        run_before=wait_loaded,
        press=["slash", *"orbit", "enter"],
    )


def test_filter_typing_narrow_light(snap_compare: SnapCompare, demo: DemoServer) -> None:
    """Typing in the filter at 80x24 (cursor blink off for a stable picture)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        pilot.app.query_one(FilterBar).cursor_blink = False

    assert snap_compare(
        demo_reader(demo, theme="textual-light"),
        terminal_size=NARROW,
        run_before=run_before,
        press=["slash", *"crew"],
    )


def test_new_entries_banner(snap_compare: SnapCompare, demo: DemoServer) -> None:
    """Scrolled down while 3 entries arrive: the reader's cards stay put, the banner counts."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, LiveblogApp)
        await loaded(pilot)
        await pilot.press(*["j"] * 12)
        count = app.timeline.entry_count
        for _ in range(3):
            assert demo.publish_next()
        app.follower.wake()
        await until(pilot, lambda: app.timeline.entry_count == count + 3, "arrivals")
        assert app.query_one(NewEntriesBanner).count == 3

    assert snap_compare(demo_reader(demo), terminal_size=WIDE, run_before=run_before)


# -- a rich entry ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("size", "theme"), [(WIDE, "textual-dark"), (NARROW, "textual-light")], ids=["wide", "narrow"]
)
def test_rich_entry_detail(snap_compare: SnapCompare, size: tuple[int, int], theme: str) -> None:
    """Heading, paragraph with links (URLs shown), quote, list and an image placeholder."""
    blog = rich_blog()
    assert snap_compare(
        reader(BLOG_URL, fetcher=blog.fetcher(), theme=theme),
        terminal_size=size,
        run_before=wait_loaded,
        press=["enter"],
    )


def test_help(snap_compare: SnapCompare) -> None:
    blog = rich_blog()
    assert snap_compare(
        reader(BLOG_URL, fetcher=blog.fetcher()),
        terminal_size=WIDE,
        run_before=wait_loaded,
        press=["question_mark"],
    )


# -- error and edge states --------------------------------------------------------------------------
def test_error_cannot_connect(snap_compare: SnapCompare) -> None:
    """Nothing loaded and the server refuses: the error, when it retries, no crash."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, LiveblogApp)
        await until(pilot, lambda: app.status.error is not None, "the error")

    app = reader(BLOG_URL, fetcher=refused(), interval=30)
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_error_after_entries(snap_compare: SnapCompare) -> None:
    """A refresh fails (HTTP 503): the entries stay, the status bar says what and when."""
    blog = rich_blog()

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, LiveblogApp)
        await loaded(pilot, 5)
        blog.fail = 503
        await refreshed(pilot, blog, lambda: app.status.error is not None)

    assert snap_compare(
        reader(BLOG_URL, fetcher=blog.fetcher(), interval=30),
        terminal_size=NARROW,
        run_before=run_before,
    )


def test_not_a_live_blog(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, LiveblogApp)
        await until(pilot, lambda: app.status.state == "error", "the error")

    app = reader(BLOG_URL, fetcher=fixed_page("not_a_liveblog.html"))
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


def test_empty_blog(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, LiveblogApp)
        await until(pilot, lambda: app.status.checked_at is not None, "the first fetch")

    app = reader(BLOG_URL, fetcher=fixed_page("empty.html"))
    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)


def test_ended_blog(snap_compare: SnapCompare) -> None:
    app = reader(BLOG_URL, fetcher=fixed_page("ended.html"))
    assert snap_compare(app, terminal_size=NARROW, run_before=wait_loaded)


def test_offline_from_cache(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Started with --offline on a blog read before: the cached entries, marked OFFLINE."""
    path = tmp_path / "cache.sqlite"
    blog = rich_blog()

    async def first_run() -> None:
        app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
        async with app.run_test(size=WIDE) as pilot:
            await loaded(pilot, 5)

    asyncio.run(first_run())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    assert snap_compare(app, terminal_size=WIDE, run_before=wait_loaded)
