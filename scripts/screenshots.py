"""Write screenshots/*.svg from the real reader on the bundled demo blog.

Run: python scripts/screenshots.py   (no network: the demo is served on 127.0.0.1)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from tui_liveblog.demo.server import DemoServer
from tui_liveblog.fetch import Fetcher
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
) -> None:
    server = DemoServer(interval=None, clock=_clock, start_at=NOW)
    url = server.start()
    try:
        app = make_app(
            url, fetcher=Fetcher(), store=None, interval=3600, tz=UTC, clock=_clock, theme=theme
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


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    await shoot("reader-dark-120x40", (120, 40), "textual-dark", _read_entry)
    await shoot("reader-light-120x40", (120, 40), "textual-light", _read_entry)
    await shoot("reader-dark-80x24", (80, 24), "textual-dark")
    await shoot("filter-120x40", (120, 40), "textual-dark", _filter)
    await shoot("new-entries-banner-120x40", (120, 40), "textual-dark", _arrivals)
    await shoot("compact-120x40", (120, 40), "textual-dark", _compact)
    await shoot("help-120x40", (120, 40), "textual-dark", _help)


if __name__ == "__main__":
    asyncio.run(main())
