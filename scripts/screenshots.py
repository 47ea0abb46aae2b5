"""Write screenshots/*.svg from the real reader on the bundled demo blog.

Run: python scripts/screenshots.py   (no network: the demo is served on 127.0.0.1)
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot

from tui_liveblog.demo.server import DemoServer
from tui_liveblog.fetch import Fetcher
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.factory import make_app

OUT = Path(__file__).resolve().parent.parent / "screenshots"
NOW = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


def _clock() -> datetime:
    return NOW


async def _settle(pilot: Pilot[int], app: LiveblogApp) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if app.timeline.entry_count:
            break
    await pilot.pause(0.2)


async def shoot(
    name: str,
    size: tuple[int, int],
    theme: str,
    steps: Callable[[Pilot[int], LiveblogApp, DemoServer], Awaitable[None]] | None = None,
    *,
    watch: tuple[str, ...] = (),
) -> None:
    server = DemoServer(interval=None, clock=_clock, start_at=NOW)
    url = server.start()
    try:
        app = make_app(
            url,
            fetcher=Fetcher(),
            store=None,
            interval=3600,
            tz=UTC,
            clock=_clock,
            theme=theme,
            watch=watch,
        )
        async with app.run_test(size=size) as pilot:
            await _settle(pilot, app)
            if steps is not None:
                await steps(pilot, app, server)
                await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
            print(f"screenshots/{name}.svg")
    finally:
        server.stop()


async def _read_entry(pilot: Pilot[int], app: LiveblogApp, server: DemoServer) -> None:
    await pilot.press("j", "j", "j")


async def _filter(pilot: Pilot[int], app: LiveblogApp, server: DemoServer) -> None:
    await pilot.press("slash", *"moon")


async def _arrivals(pilot: Pilot[int], app: LiveblogApp, server: DemoServer) -> None:
    await pilot.press(*"j" * 14)  # scrolled away from the top: arrivals are counted
    server.publish_next()
    server.publish_next()
    app.follower.wake()
    for _ in range(60):
        await pilot.pause(0.05)
        if app.query_one("#banner").display:
            break


async def _compact(pilot: Pilot[int], app: LiveblogApp, server: DemoServer) -> None:
    await pilot.press("v", "j", "j")


async def _help(pilot: Pilot[int], app: LiveblogApp, server: DemoServer) -> None:
    await pilot.press("question_mark")


async def _watch(pilot: Pilot[int], app: LiveblogApp, server: DemoServer) -> None:
    await pilot.press("w")


async def shoot_versions(name: str, size: tuple[int, int]) -> None:
    """``d`` on an entry the demo corrected twice (its versions kept by a cache of its own)."""
    from tui_liveblog.model import Blog, Snapshot
    from tui_liveblog.store import Store
    from tui_liveblog.ui.versions_screen import VersionsScreen

    url = "http://127.0.0.1/live/selene-shuttle"
    server = DemoServer(interval=None, clock=_clock, start_at=NOW)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "cache.sqlite3") as store:
        demo = _demo_snapshot(server, url)
        entries = list(demo.entries)
        first = entries[2]
        blog = Blog(url, demo.blog.title, demo.blog.source, demo.blog.live)
        store.merge(url, Snapshot(blog, tuple(entries)), fetched_at=NOW)
        text = first.text
        for minutes, (old, new) in enumerate(_CORRECTIONS, 1):
            text = text.replace(old, new, 1)
            edited = first.with_changes(text=text, updated=NOW + timedelta(minutes=10 * minutes))
            entries[2] = edited
            later = NOW + timedelta(minutes=10 * minutes)
            store.merge(url, Snapshot(blog, tuple(entries)), fetched_at=later)
        app = make_app(url, store=store, offline=True, tz=UTC, clock=_clock, theme="textual-dark")
        async with app.run_test(size=size) as pilot:
            await _settle(pilot, app)
            await pilot.press("j", "j", "d")
            for _ in range(60):
                await pilot.pause(0.05)
                if isinstance(app.screen, VersionsScreen):
                    break
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
            print(f"screenshots/{name}.svg")


def _demo_snapshot(server: DemoServer, url: str) -> Snapshot:
    """The demo's page now, parsed as the reader would."""
    from tui_liveblog.sources import parse

    server.start()
    try:
        for _ in range(12):  # (a dozen posts in)
            server.publish_next()
        return parse(server.page().body, url)
    finally:
        server.stop()


# two corrections of an entry's words (the versions view shows them word by word)
_CORRECTIONS = (("the", "THE"), (".", ", we are told."))


_STORM = tuple(
    Entry(
        id=f"storm-{i}",
        published=NOW - timedelta(minutes=25 * i),
        authors=("Met desk",),
        title=title,
        text=f"{title}. More as we have it.",
    )
    for i, title in enumerate(
        (
            "Red warning lifted for the south coast",
            "Gusts of 90 mph recorded at the Needles",
            "Ferries cancelled until the morning",
            "Power cuts: 40,000 homes without electricity",
            "Schools in Cornwall to stay closed",
            "Storm Ciarán makes landfall",
        )
    )
)


async def shoot_home(name: str, size: tuple[int, int]) -> None:
    """The home screen of two saved blogs (their cache: the demo's, one with unread entries)."""
    from tui_liveblog.model import Blog, Snapshot
    from tui_liveblog.store import Store
    from tui_liveblog.store.overview import overview
    from tui_liveblog.ui.home.app import HomeApp

    server = DemoServer(interval=None, clock=_clock, start_at=NOW)
    demo = _demo_snapshot(server, "https://news.example/live/selene-shuttle")
    urls = {
        "selene": "https://news.example/live/selene-shuttle",
        "storm": "https://weather.example/live/storm-ciaran",
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cache.sqlite3"
        with Store(path) as store:
            for n, url in enumerate(urls.values()):
                title = demo.blog.title if n == 0 else "Storm Ciarán: live updates"
                blog = Blog(url, title, demo.blog.source, n == 0)
                entries = demo.entries if n == 0 else _STORM
                store.merge(url, Snapshot(blog, entries[3:]), fetched_at=NOW, mark_unread=False)
                store.merge(url, Snapshot(blog, entries), fetched_at=NOW, mark_unread=True)
        lines = overview(path, urls.values())
        app = HomeApp(list(urls.items()), {n: lines[u] for n, u in urls.items() if u in lines})
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
            print(f"screenshots/{name}.svg")


async def shoot_merged(name: str, size: tuple[int, int]) -> None:
    """Two blogs as one timeline: the demo, and a wire service that carries one of its posts
    word for word among its own (served from memory)."""
    import httpx
    import orjson

    from tui_liveblog.feed_group import FeedGroup
    from tui_liveblog.ui.factory import make_group_app

    server = DemoServer(interval=None, clock=_clock, start_at=NOW)
    server.start()
    try:
        for _ in range(12):
            server.publish_next()
        demo_page = server.page().body
    finally:
        server.stop()
    demo_url = "https://news.example/live/selene-shuttle"
    shared = _demo_snapshot(DemoServer(interval=None, clock=_clock, start_at=NOW), demo_url)
    copy = next(
        e for e in shared.entries if e.title and len(e.text.split()) > 20 and "\n" not in e.text
    )
    own = [
        ("w1", "Launch insurance market braces for a busy year", 8),
        ("w2", "Skarholm spaceport shares rise 4% after the launch", 21),
        ("w3", "Regulator: lunar ferry flights need a second safety review", 33),
    ]
    updates = [
        {
            "@id": wid,
            "headline": title,
            "articleBody": f"{title}. More to follow from our correspondents.",
            "datePublished": (NOW - timedelta(minutes=minutes)).isoformat(),
            "author": {"@type": "Organization", "name": "Wire desk"},
        }
        for wid, title, minutes in own
    ]
    updates.append(
        {
            "@id": "w-copy",
            "headline": copy.title,
            "articleBody": copy.text,
            "datePublished": ((copy.published or NOW) + timedelta(minutes=4)).isoformat(),
        }
    )
    wire = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Wire: Selene Shuttle launch",
        "coverageEndTime": "2099-01-01T00:00:00Z",
        "liveBlogUpdate": updates,
    }
    wire_page = b'<script type="application/ld+json">' + orjson.dumps(wire) + b"</script>"

    def handler(request: httpx.Request) -> httpx.Response:
        body = demo_page if request.url.host == "news.example" else wire_page
        return httpx.Response(200, content=body, headers={"content-type": "text/html"})

    app = make_group_app(
        [("selene", demo_url), ("wire", "https://wire.example/live/selene")],
        fetcher=Fetcher(transport=httpx.MockTransport(handler)),
        interval=3600,
        tz=UTC,
        clock=_clock,
        theme="textual-dark",
    )
    async with app.run_test(size=size) as pilot:
        await _settle(pilot, app)
        await pilot.pause(0.5)
        group = app.feed
        assert isinstance(group, FeedGroup)

        def shared() -> int | None:  # the post both blogs carry, once both are in
            return next(
                (
                    i
                    for i in range(app.timeline.entry_count)
                    if (group.origin(app.timeline.entry_at(i).id) or ("", ()))[1]
                ),
                None,
            )

        for _ in range(100):
            if shared() is not None:
                break
            await pilot.pause(0.05)
        index = shared()
        if index is not None:
            app.timeline.select_id(app.timeline.entry_at(index).id)
        await pilot.pause(0.3)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
        print(f"screenshots/{name}.svg")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    await shoot("reader-dark-120x40", (120, 40), "textual-dark", _read_entry)
    await shoot("reader-light-120x40", (120, 40), "textual-light", _read_entry)
    await shoot("reader-dark-80x24", (80, 24), "textual-dark")
    await shoot("filter-120x40", (120, 40), "textual-dark", _filter)
    await shoot("new-entries-banner-120x40", (120, 40), "textual-dark", _arrivals)
    await shoot("compact-120x40", (120, 40), "textual-dark", _compact)
    await shoot("help-120x40", (120, 40), "textual-dark", _help)
    await shoot("watch-120x40", (120, 40), "textual-dark", _watch, watch=("orbit", "moon"))
    await shoot_versions("versions-120x40", (120, 40))
    await shoot_home("home-120x40", (120, 40))
    await shoot_merged("merged-120x40", (120, 40))


if __name__ == "__main__":
    asyncio.run(main())
