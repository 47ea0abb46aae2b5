"""Issue 14 (3): the compact view (``v``): one line per entry, the same timeline, remembered."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.test_ui_app import SIZE, fresh, harbour_posts, selected_id
from tests.test_ui_timeline import NOW, TimelineApp, make_entries, visible_text
from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, refreshed, timeline_text
from tui_liveblog.model import Entry
from tui_liveblog.store import Store
from tui_liveblog.ui.entry_lines import ASCII_GLYPHS, CARD_HEIGHT, compact_line
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.timeline import Timeline


def entry(**changes: object) -> Entry:
    values: dict[str, object] = {
        "id": "a",
        "published": NOW - timedelta(minutes=3),
        "authors": ("Jane Doe",),
        "title": "The headline",
        "text": "The text of the entry, in several words.",
    }
    values.update(changes)
    return Entry(**values)  # type: ignore[arg-type]


# -- the line ------------------------------------------------------------------------------------
def test_a_compact_line_has_the_time_the_author_and_the_headline() -> None:
    line = compact_line(entry(), 80, NOW)
    assert cell_len(line.plain) == 80
    assert line.plain.rstrip() == "   11:57 (3 min ago)  Jane Doe  The headline"
    # no headline: the first words of the text
    line = compact_line(entry(title=None), 40, NOW)
    assert line.plain == "   11:57 (3 min ago)  Jane Doe  The tex…"


def test_a_compact_line_has_the_cards_marks() -> None:
    line = compact_line(entry(pinned=True, key_event=True), 60, NOW, selected=True, unread=True)
    assert line.plain.startswith("▌● 11:57")
    assert line.plain.endswith("The headline             ⚑ ★")  # the badges at the right
    assert cell_len(line.plain) == 60
    ascii_line = compact_line(entry(key_event=True), 60, NOW, unread=True, glyphs=ASCII_GLYPHS)
    assert ascii_line.plain.startswith(" * ") and "[key]" in ascii_line.plain
    # a long author gives way to the headline; the badges stay at the end, in view
    long = compact_line(entry(authors=("A" * 40,), key_event=True), 60, NOW)
    assert "A" * 18 not in long.plain and "The headline" in long.plain
    assert long.plain.rstrip().endswith("★")


def test_a_compact_line_is_untrusted_text_shown_as_typed() -> None:
    line = compact_line(entry(title="[bold red]Hi\x1b[31m there", authors=("[i]x",)), 60, NOW)
    assert "[bold red]Hi" in line.plain and "\x1b" not in line.plain
    assert "[i]x" in line.plain


@pytest.mark.parametrize("width", [1, 3, 10, 200])
def test_a_compact_line_is_exactly_as_wide_as_asked(width: int) -> None:
    line = compact_line(entry(pinned=True, media=(), deleted=True), width, NOW, unread=True)
    assert cell_len(line.plain) == width


# -- the timeline --------------------------------------------------------------------------------
async def test_fifty_thousand_entries_compact_one_line_each() -> None:
    app = TimelineApp()
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.set_entries(make_entries(50_000))
        timeline.compact = True
        await pilot.pause()
        assert timeline.virtual_size.height == 50_000
        lines = visible_text(timeline)
        assert "Headline e0" in lines[0] and "Body of e1." in lines[1]
        assert lines[0].startswith("▌")
        await pilot.press("G")  # the oldest: the view scrolls one line per entry
        assert timeline.selected_index == 49_999
        assert timeline.scroll_offset.y == 50_000 - 40
        assert "Headline e49998" in visible_text(timeline)[-2]
        await pilot.press("pageup")  # a page is 40 entries
        assert timeline.selected_index == 49_999 - 40
        await pilot.press("ctrl+u")  # half a page
        assert timeline.selected_index == 49_999 - 60


async def test_switching_views_keeps_the_selection_and_its_row() -> None:
    app = TimelineApp(make_entries(200))
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.press(*["j"] * 60)  # scrolled down: the selected card at the bottom
        selected = timeline.selected
        row = timeline.selected_index * CARD_HEIGHT - timeline.scroll_offset.y
        assert timeline.scroll_offset.y > 0 and row > 0
        timeline.compact = True
        await pilot.pause()
        assert timeline.selected == selected
        assert timeline.selected_index - timeline.scroll_offset.y == row  # the same row
        assert visible_text(timeline)[row].startswith("▌")
        timeline.compact = False
        await pilot.pause()
        assert timeline.selected == selected
        assert timeline.selected_index * CARD_HEIGHT - timeline.scroll_offset.y == row


async def test_a_click_selects_the_line_under_it_in_the_compact_view() -> None:
    app = TimelineApp(make_entries(100))
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.compact = True
        await pilot.pause()
        await pilot.click(Timeline, offset=(10, 7))
        assert timeline.selected_index == 7
        await pilot.click(Timeline, offset=(10, 7))  # the selected line: opened
        assert app.opened_ids == ["e7"]


async def test_compact_prepend_when_scrolled_keeps_the_visible_lines() -> None:
    app = TimelineApp(make_entries(1000, start=100))
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.compact = True
        await pilot.press(*["j"] * 60)
        before_y, before = timeline.scroll_offset.y, visible_text(timeline)
        assert before_y > 0
        assert timeline.prepend(make_entries(5, prefix="new")) is True
        await pilot.pause()
        assert timeline.scroll_offset.y == before_y + 5
        assert visible_text(timeline) == before
        anchor = timeline.view_anchor()
        assert anchor == (timeline.entry_at(timeline.first_visible_index).id, 0)
        timeline.set_entries([*make_entries(3, prefix="x"), *make_entries(1000, start=100)])
        assert timeline.restore_view_anchor(anchor)
        await pilot.pause()
        assert visible_text(timeline)[1:] == before[1:] or visible_text(timeline) == before


async def test_the_banners_line_never_covers_the_selected_line() -> None:
    app = TimelineApp(make_entries(100))
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.compact = True
        await pilot.press(*["j"] * 50, *["k"] * 39)  # the selected line at the very top
        assert timeline.selected_index == timeline.scroll_offset.y > 0
        timeline.cover_top(1)
        await pilot.pause()
        assert timeline.selected_index - timeline.scroll_offset.y == 1
        await pilot.press("k")
        assert timeline.selected_index - timeline.scroll_offset.y == 1


# -- the reader ----------------------------------------------------------------------------------
async def test_v_switches_views_and_the_choice_is_remembered(tmp_path: Path) -> None:
    store = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(store))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        assert not app.timeline.compact  # the cards by default
        await pilot.press("j", "v")
        assert app.timeline.compact
        assert selected_id(app) == "p4"
        lines = timeline_text(app).splitlines()
        assert "Regatta under way" in lines[0] and "Fireworks barge" in lines[1]
        assert lines[1].startswith("▌")
        assert "★" in lines[0]  # a key event's mark
    assert Store(store).setting("view") == "compact"

    again = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(store))
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        assert again.timeline.compact
        await pilot.press("v")
        assert not again.timeline.compact
    assert Store(store).setting("view") is None  # the cards: the default again


async def test_compact_view_filters_and_highlights_like_the_cards() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("v", "slash", *"regatta", "enter")
        await pilot.pause()
        lines = [line for line in timeline_text(app).splitlines() if line.strip()]
        assert len(lines) == 2 and all("Regatta" in line for line in lines)
        strip = app.timeline.render_line(0)
        marked = [seg for seg in strip if seg.text.lower() == "regatta"]
        assert marked and marked[0].style is not None and marked[0].style.underline


async def test_compact_arrivals_keep_the_readers_place() -> None:
    blog = FakeBlog(harbour_posts(fillers=80))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 86)
        await pilot.press("v", *["j"] * 60, *["k"] * 10)
        timeline = app.timeline
        assert timeline.scroll_y > 0
        first = timeline.entry_at(timeline.first_visible_index).id
        chosen, before = selected_id(app), timeline_text(app)
        blog.add(fresh(1, "Lifeboat display moved to three"), fresh(2, "Band on the pier"))
        await refreshed(pilot, blog, lambda: timeline.entry_count == 88)
        assert timeline.entry_at(timeline.first_visible_index).id == first
        assert selected_id(app) == chosen
        assert app.query_one(NewEntriesBanner).count == 2
        after = timeline_text(app).splitlines()
        assert after == before.splitlines()[: len(after)]
        # filed late, into the view (after its 5th line): the lines above it do not move
        fifth = timeline.entry_at(timeline.first_visible_index + 4).id
        assert fifth.startswith("old")
        blog.add(Post("late", 90 + 5 * int(fifth[3:]) + 2.5, "Backdated", "<p>Late.</p>"))
        before = timeline_text(app)
        await refreshed(pilot, blog, lambda: timeline.entry_count == 89)
        assert timeline.entry_at(timeline.first_visible_index).id == first
        assert selected_id(app) == chosen
        lines = timeline_text(app).splitlines()
        assert lines[:5] == before.splitlines()[:5]
        assert "Backdated" in lines[5]


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_a_compact_arrival_never_pushes_the_selected_line_off_the_bottom(
    size: tuple[int, int],
) -> None:
    blog = FakeBlog(harbour_posts(fillers=80))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 86)
        await pilot.press("v")
        timeline = app.timeline
        height = timeline.scrollable_content_region.height
        await pilot.press(*["j"] * (height - 1))  # the last line on screen
        assert timeline.scroll_y == 0
        chosen = selected_id(app)
        blog.add(fresh(1, "Band on the pier"))
        await refreshed(pilot, blog, lambda: timeline.entry_count == 87)
        assert selected_id(app) == chosen
        assert timeline.selected_index - timeline.scroll_y == height - 1  # where it was
        assert app.query_one(NewEntriesBanner).count == 1
