"""Issue 14 (1): the reader keeps its place: reopened, it selects the entry selected when it
closed, its card on the same screen row, with what arrived since above it, unread and counted."""

from __future__ import annotations

from pathlib import Path

from tests.test_ui_app import SIZE, fresh, harbour_posts
from tests.ui_support import (
    BLOG_URL,
    NOW,
    FakeBlog,
    loaded,
    reader,
    screen_text,
    until,
)
from tui_liveblog.model import Snapshot
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.timeline import CARD_HEIGHT


def _place(app: LiveblogApp) -> tuple[str, int]:
    """The selected entry and the screen row its card starts on."""
    timeline = app.timeline
    assert timeline.selected is not None
    return timeline.selected.id, timeline.selected_index * CARD_HEIGHT - int(timeline.scroll_y)


def _notices(app: LiveblogApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _read_down(path: Path, blog: FakeBlog, presses: int) -> tuple[str, int]:
    """A run that reads down the timeline and quits: the place it left."""
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 16)
        await pilot.press(*["j"] * presses)
        await pilot.pause()
        place = _place(app)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app to exit")
    return place


async def test_reopening_lands_on_the_kept_entry_at_its_row_with_the_arrivals_above(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts(fillers=10))
    kept = await _read_down(path, blog, 12)
    assert kept[0] == "old6" and kept[1] not in (0, 12 * CARD_HEIGHT)  # scrolled: a row of its own
    with Store(path) as store:
        assert store.reader_state(BLOG_URL)["place"]["id"] == "old6"
    blog.add(*(fresh(n, f"Arrival {n}") for n in (1, 2, 3)))
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 19)  # the first refresh is in
        await pilot.pause()
        assert _place(app) == kept  # the same entry on the same row, the arrivals above it
        assert {"new1", "new2", "new3"} <= app.timeline.unread_ids
        assert app.query_one(NewEntriesBanner).count == 3
        assert f"3 new since {NOW:%H:%M} — space to jump" in _notices(app)
        assert "3 new entries" in screen_text(app)
        await pilot.press("space")
        assert app.timeline.selected is not None and app.timeline.selected.id == "new3"


async def test_the_kept_place_at_the_top_stays_there_and_arrivals_go_above(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts(fillers=10))
    kept = await _read_down(path, blog, 0)
    assert kept == ("p5", 0)
    blog.add(fresh(1, "Arrival"))
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 17)
        await pilot.pause()
        # (one row down: the banner, drawn over the timeline's top line, keeps clear of it)
        assert _place(app) == ("p5", 1)
        assert app.query_one(NewEntriesBanner).count == 1
        assert app.timeline.index_of("new1") == 0 and "Arrival" not in screen_text(app)
        assert any(n.startswith("1 new since") for n in _notices(app))


async def test_arrivals_from_the_cache_are_counted_and_a_gone_entry_falls_back_to_the_newest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts(fillers=10))
    kept = await _read_down(path, blog, 9)
    # two entries reach the cache while the reader is closed (a `liveblog follow`, say)
    blog.add(fresh(1, "Arrival one"), fresh(2, "Arrival two"))
    arrived = reader(BLOG_URL, fetcher=blog.fetcher(), store=None)
    async with arrived.run_test(size=SIZE) as pilot:
        await loaded(pilot, 18)
        snapshot = Snapshot(arrived.feed.blog, tuple(arrived.feed.entries))  # type: ignore[arg-type]
    with Store(path) as store:
        store.merge(BLOG_URL, snapshot, fetched_at=NOW, mark_unread=True)
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 18)
        await pilot.pause()
        assert _place(app) == kept
        assert f"2 new since {NOW:%H:%M} — space to jump" in _notices(app)
    # the kept entry is gone (or the state is not a place): the newest, as before
    for place in ({"id": "gone", "row": 8, "at": NOW.isoformat()}, {"id": 3}, "junk"):
        with Store(path) as store:
            store.save_reader_state(BLOG_URL, place=place)
        app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, 18)
            await pilot.pause()
            assert _place(app) == ("new2", 0)
            assert not any("new since" in n for n in _notices(app))


async def test_a_place_kept_on_a_taller_screen_is_still_in_view(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts(fillers=10))
    kept = await _read_down(path, blog, 12)
    assert kept[1] > 20
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, 16)
        await pilot.pause()
        entry, row = _place(app)
        assert entry == kept[0]
        assert 0 <= row <= app.timeline.scrollable_content_region.height - CARD_HEIGHT


async def test_one_notice_counts_the_cached_arrivals_and_the_first_refreshs_together(
    tmp_path: Path,
) -> None:
    """Arrivals in the cache and more with the first refresh: one notice with them all (there
    were two: "2 new since…", then "3 new since…")."""
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts(fillers=10))
    kept = await _read_down(path, blog, 9)
    blog.add(fresh(1, "Arrival one"), fresh(2, "Arrival two"))
    arrived = reader(BLOG_URL, fetcher=blog.fetcher(), store=None)
    async with arrived.run_test(size=SIZE) as pilot:
        await loaded(pilot, 18)
        snapshot = Snapshot(arrived.feed.blog, tuple(arrived.feed.entries))  # type: ignore[arg-type]
    with Store(path) as store:
        store.merge(BLOG_URL, snapshot, fetched_at=NOW, mark_unread=True)
    blog.add(fresh(3, "Arrival three"))
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 19)  # the first refresh is in
        await pilot.pause()
        assert _place(app) == kept
        assert [n for n in _notices(app) if "new since" in n] == [
            f"3 new since {NOW:%H:%M} — space to jump"
        ]


async def test_the_place_is_kept_in_the_compact_view_too(tmp_path: Path) -> None:
    """The row kept is the entry's screen row in the view it was read in (it was counted in
    cards of four rows whatever the view)."""
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts(fillers=80))
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 86)
        await pilot.press("v", *["j"] * 50)
        await pilot.pause()
        timeline = app.timeline
        assert timeline.rows_per_entry == 1 and timeline.scroll_y > 0
        assert timeline.selected is not None
        kept = timeline.selected.id, timeline.selected_index - int(timeline.scroll_y)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app to exit")
    with Store(path) as store:
        assert store.reader_state(BLOG_URL)["place"]["row"] == kept[1]
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 86)
        await pilot.pause()
        timeline = app.timeline
        assert timeline.rows_per_entry == 1
        assert timeline.selected is not None
        assert (timeline.selected.id, timeline.selected_index - int(timeline.scroll_y)) == kept


async def test_a_place_past_the_first_screenful_leaves_the_newest_unread(tmp_path: Path) -> None:
    """The kept entry is older than the first 300 cached entries: the newest is shown until the
    whole history is in. It was marked read meanwhile, and the "new since" count was one short."""
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts(fillers=320))
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 326)
        await pilot.press("G")
        await pilot.pause()
        kept = _place(app)
        assert app.timeline.selected_index > 300
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app to exit")
    blog.add(fresh(1, "Arrival one"), fresh(2, "Arrival two"))
    arrived = reader(BLOG_URL, fetcher=blog.fetcher(), store=None)
    async with arrived.run_test(size=SIZE) as pilot:
        await loaded(pilot, 328)
        snapshot = Snapshot(arrived.feed.blog, tuple(arrived.feed.entries))  # type: ignore[arg-type]
    with Store(path) as store:
        store.merge(BLOG_URL, snapshot, fetched_at=NOW, mark_unread=True)
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 328)
        await until(pilot, lambda: app.timeline.selected_index > 300, "the kept place")
        await pilot.pause()
        assert _place(app) == kept
        assert {"new1", "new2"} <= app.feed.unread
        assert f"2 new since {NOW:%H:%M} — space to jump" in _notices(app)
