"""The versions of an edited entry in the reader (``d``, issue 16 (3)): Pilot tests and a
snapshot of the diff view (frozen clock, UTC, the blog served through MockTransport)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, refreshed, until
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.versions_screen import VersionsScreen

SnapCompare = Callable[..., bool]

FIRST = (
    "<p>The ferry left the harbour at nine with 40 passengers aboard. Three people were hurt "
    "when a gangway gave way.</p><p>The harbour master has closed the north quay.</p>"
)
SECOND = (
    "<p>The ferry left the harbour at ten with 40 passengers and crew aboard. Five people were "
    "hurt when a gangway gave way.</p><p>The harbour master has closed the north quay.</p>"
)
THIRD = (
    "<p>The ferry left the harbour at ten with 40 passengers and crew aboard. Five people were "
    "slightly hurt when a gangway gave way.</p><p>The harbour master has reopened the north "
    "quay.</p>"
)


def ferry_blog() -> FakeBlog:
    return FakeBlog(
        [
            Post("ferry", 50, "Gangway collapse at the ferry terminal", FIRST),
            Post("quay", 70, "Crowds gather on the quay", "<p>Thousands are waiting.</p>"),
        ]
    )


def notices(app: LiveblogApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def never_edited(app: LiveblogApp) -> list[str]:
    return [n for n in notices(app) if "never edited" in n]


def selected_text(app: LiveblogApp) -> str:
    entry = app.timeline.selected
    return "" if entry is None else entry.text


def versions_shown(app: LiveblogApp) -> str:
    assert isinstance(app.screen, VersionsScreen)
    return str(app.screen.query_one("#versions", Static).content)


async def test_d_shows_the_word_diff_of_an_edited_entry(tmp_path: Path) -> None:
    blog = ferry_blog()
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(tmp_path / "cache.sqlite"))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 2)
        assert app.timeline.selected is not None and app.timeline.selected.id == "ferry"
        await pilot.press("d")  # not edited yet: a notice, no screen
        await until(pilot, lambda: len(never_edited(app)) == 1, "a notice")
        assert not isinstance(app.screen, VersionsScreen)
        blog.edit("ferry", body=SECOND, edited_minutes=30)
        await refreshed(pilot, blog, lambda: "Five" in selected_text(app))
        blog.edit("ferry", body=THIRD, edited_minutes=10)
        await refreshed(pilot, blog, lambda: "reopened" in selected_text(app))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen), "the versions")
        text = versions_shown(app)
        assert "Version 1 of 3 · published 2040-06-12 11:10 UTC" in text
        assert "Version 2 of 3 · updated 2040-06-12 11:30 UTC" in text
        assert "Version 3 of 3 (current) · updated 2040-06-12 11:50 UTC" in text
        assert text.count("Gangway collapse at the ferry terminal") == 3
        # the words each edit changed, struck and underlined
        static = app.screen.query_one("#versions", Static)
        rich = static.content
        spans = {(str(rich)[s.start : s.end], str(s.style)) for s in rich.spans}  # type: ignore[attr-defined]
        assert ("nine", "strike red") in spans and ("ten", "underline bold green") in spans
        assert ("Three", "strike red") in spans and ("Five", "underline bold green") in spans
        assert ("slightly ", "underline bold green") in spans
        assert "nine ten with 40 passengers and crew aboard. Three Five people" in text
        assert ("closed", "strike red") in spans and ("reopened", "underline bold green") in spans
        await pilot.press("escape")
        assert not isinstance(app.screen, VersionsScreen) and app.is_running
        app.timeline.select_id("quay")
        await pilot.pause()
        await pilot.press("d")
        await until(pilot, lambda: len(never_edited(app)) == 2, "a second notice")
        assert not isinstance(app.screen, VersionsScreen)


async def test_d_on_a_blog_not_cached_says_it_has_no_versions() -> None:
    blog = ferry_blog()
    app = reader(BLOG_URL, fetcher=blog.fetcher())  # no cache (a file, stdin, --no-cache)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 2)
        await pilot.press("d")
        await pilot.pause()
        assert any("Only a blog read from the web" in n for n in notices(app))
        assert not isinstance(app.screen, VersionsScreen)


def test_versions_view(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The diff view of an entry edited twice, at 120x40."""
    path = tmp_path / "cache.sqlite"
    blog = ferry_blog()

    async def run_once() -> None:
        app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot, 2)

    asyncio.run(run_once())
    blog.edit("ferry", body=SECOND, edited_minutes=30)
    asyncio.run(run_once())
    blog.edit("ferry", body=THIRD, edited_minutes=10)
    asyncio.run(run_once())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)

    async def open_versions(pilot: Pilot[Any]) -> None:
        await loaded(pilot, 2)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen), "the versions")

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_versions)
