"""The reader's "load older": reaching the end of the timeline fetches the page before it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tui_liveblog.fetch import Fetcher
from tui_liveblog.sources.registry import Registry

from .test_retrieve import PagerServer, pager_source
from .ui_support import loaded, reader, screen_text, until

SIZE = (120, 40)
PAGER = Registry([pager_source()])


@pytest.fixture
def pager(monkeypatch: pytest.MonkeyPatch) -> Iterator[PagerServer]:
    yield PagerServer()


async def test_reaching_the_end_loads_older_entries_below(pager: PagerServer) -> None:
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    app = reader("https://pager.example/blog", fetcher=fetcher, registry=PAGER)
    async with app.run_test(size=SIZE) as pilot:
        notes: list[str] = []
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await loaded(pilot, 3)
        await pilot.press("j", "j")  # the selection is on e7, the oldest known
        await loaded(pilot, 6)
        timeline = app.timeline
        shown = [timeline.entry_at(i).id for i in range(timeline.entry_count)]
        assert shown == ["e9", "e8", "e7", "e6", "e5", "e4"]  # older ones below, in order
        assert timeline.selected is not None and timeline.selected.id == "e7"  # not yanked
        assert notes[-1] == "Loaded 3 older entries."
        await pilot.press("G")  # the end again: the next page
        await loaded(pilot, 9)
        await pilot.press("G")
        await loaded(pilot, 10)
        await until(pilot, lambda: "whole history" in notes[-1], "the end notice")
        assert "10 entries" in screen_text(app)
        requests = len(pager.requests)
        await pilot.press("L")  # nothing older: says so, asks nothing
        await pilot.pause()
        assert len(pager.requests) == requests
        assert notes[-1] == "No older entries to fetch from this source."


async def test_edits_and_deletions_from_polls_reach_the_reader(pager: PagerServer) -> None:
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    app = reader("https://pager.example/blog", fetcher=fetcher, registry=PAGER)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        pager.ids.insert(0, "e10")
        pager.edits["e9"] = "text e9, corrected by the desk"
        pager.removed = ["e8"]
        app.follower.wake()
        await loaded(pilot, 4)
        await until(pilot, lambda: app.feed.known["e8"].deleted, "the deletion")
        assert any("since=e9" in r for r in pager.requests)  # an incremental poll brought it
        text = screen_text(app)
        assert "text e9, corrected by the desk" in text
        assert "✗ deleted" in text  # struck through in its place, not removed
        timeline = app.timeline
        assert [timeline.entry_at(i).id for i in range(4)] == ["e10", "e9", "e8", "e7"]


async def test_a_failing_older_page_is_one_notice_and_can_be_tried_again(
    pager: PagerServer,
) -> None:
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    app = reader("https://pager.example/blog", fetcher=fetcher, registry=PAGER)
    async with app.run_test(size=SIZE) as pilot:
        notes: list[str] = []
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await loaded(pilot, 3)
        pager.fail_before = "e7"
        await pilot.press("G")
        await until(pilot, lambda: bool(notes), "the notice")
        assert notes[-1].startswith("Could not load older entries: HTTP 500")
        assert not app.status.older  # "loading older…" is gone
        pager.fail_before = None
        await pilot.press("L")
        await loaded(pilot, 6)
