"""The timeline widget (virtual Line-API list of entry cards) and its card rendering helpers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from tui_liveblog.fold import fold
from tui_liveblog.model import Entry, Media
from tui_liveblog.ui.entry_lines import (
    ASCII_GLYPHS,
    CARD_HEIGHT,
    card_lines,
    card_time,
    fit,
    highlight_pattern,
    split_cells,
)
from tui_liveblog.ui.widgets.timeline import Timeline

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday
SCREEN = (120, 40)


def make_entries(count: int, *, prefix: str = "e", start: int = 0) -> list[Entry]:
    """``count`` entries, newest first, one minute apart (``start`` minutes before NOW)."""
    return [
        Entry(
            id=f"{prefix}{i}",
            published=NOW - timedelta(minutes=start + i),
            authors=("Ann Writer",),
            title=f"Headline {prefix}{i}" if i % 2 == 0 else None,
            text=f"Body of {prefix}{i}. " + "More words follow here. " * 8,
        )
        for i in range(count)
    ]


class TimelineApp(App[None]):
    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        super().__init__()
        self.initial = list(entries)
        self.selected_ids: list[str] = []
        self.opened_ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Timeline(self.initial, now=lambda: NOW)

    def on_timeline_selected(self, message: Timeline.Selected) -> None:
        self.selected_ids.append(message.entry.id)

    def on_timeline_opened(self, message: Timeline.Opened) -> None:
        self.opened_ids.append(message.entry.id)


def visible(timeline: Timeline) -> list[Strip]:
    return [timeline.render_line(y) for y in range(timeline.scrollable_content_region.height)]


def visible_text(timeline: Timeline) -> list[str]:
    return [strip.text for strip in visible(timeline)]


def card_text(timeline: Timeline, index: int) -> list[str]:
    """The rendered lines of the card at ``index`` (it must be on screen)."""
    top = index * CARD_HEIGHT - timeline.scroll_offset.y
    assert 0 <= top <= timeline.scrollable_content_region.height - CARD_HEIGHT
    return [timeline.render_line(top + row).text for row in range(CARD_HEIGHT)]


def assert_selected_visible(timeline: Timeline) -> None:
    top = timeline.selected_index * CARD_HEIGHT
    scroll_y = timeline.scroll_offset.y
    assert scroll_y <= top
    assert top + CARD_HEIGHT <= scroll_y + timeline.scrollable_content_region.height


def segments_with(strip: Strip, needle: str) -> list[Segment]:
    return [segment for segment in strip if needle in segment.text]


async def test_fifty_thousand_entries_render_the_newest_first() -> None:
    app = TimelineApp()
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        timeline.set_entries(make_entries(50_000))
        await pilot.pause()
        assert timeline.entry_count == 50_000
        assert timeline.virtual_size.height == 50_000 * CARD_HEIGHT
        lines = visible_text(timeline)
        assert len(lines) == 40
        assert "Headline e0" in lines[1]
        assert "Body of e1." in lines[5]
        assert "Headline e8" in lines[33]
        assert all(cell_len(line) == timeline.scrollable_content_region.width for line in lines)
        assert timeline.selected is not None and timeline.selected.id == "e0"
        assert app.selected_ids == ["e0"]
        # the selected card carries the cursor bar and its own background, the others do not
        assert lines[0].startswith("▌") and not lines[4].startswith("▌")
        strips = visible(timeline)

        def backgrounds(strip: Strip) -> set[object]:
            return {s.style.bgcolor for s in strip if s.style is not None}

        selected_bg = backgrounds(strips[1])
        assert len(selected_bg) == 1 and None not in selected_bg
        assert backgrounds(strips[5]).isdisjoint(selected_bg)
        assert backgrounds(strips[3]) == backgrounds(strips[7])  # separators: plain background
        assert timeline.has_focus  # the app focused it
        app.set_focus(None)
        await pilot.pause()
        assert backgrounds(timeline.render_line(1)) != selected_bg  # blurred cursor colour
        timeline.focus()
        await pilot.pause()
        assert backgrounds(timeline.render_line(1)) == selected_bg


async def test_entries_given_to_the_constructor_are_shown() -> None:
    app = TimelineApp(make_entries(5))
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        timeline = app.query_one(Timeline)
        assert "Headline e0" in visible_text(timeline)[1]
        assert timeline.selected_index == 0
        assert app.selected_ids == ["e0"]


async def test_keys_move_the_selection_and_keep_it_visible() -> None:
    app = TimelineApp(make_entries(1_000))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        timeline.focus()
        await pilot.pause()

        async def press(*keys: str) -> Pilot[None]:
            await pilot.press(*keys)
            await pilot.pause()
            assert_selected_visible(timeline)
            return pilot

        await press("j", "j", "down")
        assert timeline.selected_index == 3
        await press("k", "up")
        assert timeline.selected_index == 1
        page = 40 // CARD_HEIGHT
        await press("pagedown")
        assert timeline.selected_index == 1 + page
        assert timeline.scroll_offset.y == page * CARD_HEIGHT  # the page scrolled with it
        await press("pagedown", "pagedown")
        assert timeline.selected_index == 1 + 3 * page
        await press("pageup")
        assert timeline.selected_index == 1 + 2 * page
        for _ in range(12):  # walk off the bottom of the screen: the view follows
            await press("j")
        assert timeline.selected_index == 13 + 2 * page
        await press("G")
        assert timeline.selected is not None and timeline.selected.id == "e999"
        assert timeline.scroll_offset.y == timeline.max_scroll_y
        await press("j")  # clamped at the oldest
        assert timeline.selected_index == 999
        await press("pagedown")
        assert timeline.selected_index == 999
        await press("g")
        assert timeline.selected_index == 0 and timeline.scroll_offset.y == 0
        await press("k", "pageup")
        assert timeline.selected_index == 0
        await press("end")
        assert timeline.selected_index == 999
        await press("home")
        assert timeline.selected_index == 0
        assert app.selected_ids[:3] == ["e0", "e1", "e2"]
        assert app.selected_ids[-2:] == ["e999", "e0"]


async def test_prepend_at_top_shows_new_entries_and_keeps_the_selected_entry() -> None:
    app = TimelineApp(make_entries(50_000, start=10))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        timeline.action_cursor_down()
        await pilot.pause()
        assert timeline.selected is not None and timeline.selected.id == "e1"
        messages = len(app.selected_ids)

        timeline.prepend(make_entries(3, prefix="new"))
        await pilot.pause()
        assert timeline.scroll_offset.y == 0
        lines = visible_text(timeline)
        assert "Headline new0" in lines[1]
        assert "Body of new1." in lines[5]
        assert "Headline new2" in lines[9]
        assert "Headline e0" in lines[13]
        assert timeline.selected is not None and timeline.selected.id == "e1"
        assert timeline.selected_index == 4
        assert lines[16].startswith("▌")  # the cursor is drawn on e1's card
        assert len(app.selected_ids) == messages  # the selection did not change
        assert timeline.entry_count == 50_003
        assert timeline.index_of("e49999") == 50_002


@pytest.mark.parametrize("height", [40, 38])  # the view a whole number of cards, or not
async def test_prepend_at_top_never_pushes_the_selected_card_off_the_bottom(height: int) -> None:
    app = TimelineApp(make_entries(100, start=10))
    async with app.run_test(size=(120, height)) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        rows = timeline.scrollable_content_region.height
        last = rows // CARD_HEIGHT - 1  # the last card wholly on screen
        for _ in range(last):
            timeline.action_cursor_down()
        await pilot.pause()
        assert timeline.scroll_offset.y == 0
        before = visible_text(timeline)

        # room for none: the new card goes above the view, the screen does not change
        assert timeline.prepend(make_entries(1, prefix="new")) is True
        await pilot.pause()
        assert timeline.scroll_offset.y == CARD_HEIGHT
        assert visible_text(timeline) == before
        assert timeline.selected is not None and timeline.selected.id == f"e{last}"
        assert timeline.selected_index == last + 1

        # at the top with room below the selected card, new entries simply show
        timeline.action_first()
        await pilot.pause()
        assert timeline.prepend(make_entries(1, prefix="newer")) is False
        await pilot.pause()
        assert timeline.scroll_offset.y == 0
        assert "Headline newer0" in visible_text(timeline)[1]
        assert timeline.fits_at_top(timeline.selected_index)


async def test_prepend_when_scrolled_keeps_the_visible_cards_in_place() -> None:
    app = TimelineApp(make_entries(50_000, start=100))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        for _ in range(3):
            timeline.action_page_down()
        await pilot.pause()
        before_y = timeline.scroll_offset.y
        before_lines = visible_text(timeline)
        before_first = timeline.first_visible_index
        selected = timeline.selected
        assert before_y > 0 and selected is not None

        timeline.prepend(make_entries(50, prefix="new"))
        await pilot.pause()
        assert timeline.scroll_offset.y == before_y + 50 * CARD_HEIGHT
        assert visible_text(timeline) == before_lines
        assert timeline.entry_at(timeline.first_visible_index).id == f"e{before_first}"
        assert timeline.selected == selected
        assert timeline.selected_index == selected_index_of(timeline, selected.id)

        # a second, single prepend
        timeline.prepend(make_entries(1, prefix="newer"))
        await pilot.pause()
        assert visible_text(timeline) == before_lines
        # the new entries are there above
        timeline.action_first()
        await pilot.pause()
        assert "Headline newer0" in visible_text(timeline)[1]


def selected_index_of(timeline: Timeline, entry_id: str) -> int:
    index = timeline.index_of(entry_id)
    assert index is not None
    return index


async def test_prepend_skips_known_ids_and_updates_them() -> None:
    app = TimelineApp(make_entries(5))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        edited = make_entries(5)[2].with_changes(title="Headline changed", updated=NOW)
        timeline.prepend([make_entries(1, prefix="n")[0], edited])
        await pilot.pause()
        assert timeline.entry_count == 6
        assert timeline.entry_at(3).title == "Headline changed"


async def test_update_entry_renders_edits_and_deletion() -> None:
    app = TimelineApp(make_entries(20))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        original = timeline.entry_at(2)
        assert "Headline e2" in card_text(timeline, 2)[1]

        timeline.update_entry(original.with_changes(title="Corrected headline", updated=NOW))
        await pilot.pause()
        lines = card_text(timeline, 2)
        assert "Corrected headline" in lines[1]
        assert "✎" in lines[0]

        timeline.update_entry(original.with_changes(deleted=True))
        await pilot.pause()
        top = 2 * CARD_HEIGHT
        title_strip = timeline.render_line(top + 1)
        struck = segments_with(title_strip, "Headline e2")
        assert struck and all(s.style is not None and s.style.strike for s in struck)
        assert "deleted" in timeline.render_line(top).text
        # an unknown id is ignored
        timeline.update_entry(Entry(id="nope", title="x"))
        assert timeline.entry_count == 20


async def test_update_of_the_selected_entry_is_announced() -> None:
    app = TimelineApp(make_entries(3))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        timeline.update_entry(timeline.entry_at(0).with_changes(text="New text"))
        await pilot.pause()
        assert app.selected_ids == ["e0", "e0"]
        assert timeline.selected is not None and timeline.selected.text == "New text"


async def test_click_selects_a_card_and_a_second_click_opens_it() -> None:
    app = TimelineApp(make_entries(100))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        await pilot.click(Timeline, offset=(10, 2 * CARD_HEIGHT + 1))
        await pilot.pause()
        assert timeline.selected is not None and timeline.selected.id == "e2"
        assert app.opened_ids == []
        await pilot.click(Timeline, offset=(10, 2 * CARD_HEIGHT + 2))
        await pilot.pause()
        assert app.opened_ids == ["e2"]
        # scrolled: y maps through the scroll offset
        timeline.action_page_down()
        await pilot.pause()
        await pilot.click(Timeline, offset=(5, 0))
        await pilot.pause()
        assert timeline.selected_index == timeline.first_visible_index


async def test_enter_opens_the_selected_entry() -> None:
    app = TimelineApp(make_entries(10))
    async with app.run_test(size=SCREEN) as pilot:
        app.query_one(Timeline).focus()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.opened_ids == ["e1"]


async def test_markup_and_escape_sequences_show_literally() -> None:
    entries = [
        Entry(
            id="m",
            published=NOW,
            authors=("[i]Mallory[/i]",),
            title="[bold red]x [link=https://evil.example]click[/link]",
            text="Not [blink]markup[/blink] either",
        ),
        Entry(id="esc", published=NOW, title="Red\x1b[31m alert\x1b]0;pwned\x07 over"),
    ]
    app = TimelineApp(entries)
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        lines = visible_text(timeline)
        assert "[bold red]x [link=https://evil.example]click[/link]" in lines[1]
        assert "[i]Mallory[/i]" in lines[0]
        assert "Not [blink]markup[/blink] either" in lines[2]
        assert "Red alert over" in lines[5]
        for strip in visible(timeline):
            for segment in strip:
                assert "\x1b" not in segment.text and "\x07" not in segment.text
                assert segment.style is None or (not segment.style.link and not segment.style.blink)


async def test_card_times_follow_the_injected_clock() -> None:
    entries = [
        Entry(id="a", published=NOW - timedelta(seconds=20), title="A"),
        Entry(id="b", published=NOW - timedelta(minutes=5), title="B"),
        Entry(id="c", published=NOW - timedelta(hours=3, minutes=10), title="C"),
        Entry(id="d", published=NOW - timedelta(days=2, hours=1), title="D"),
        Entry(id="e", published=None, title="E"),
    ]
    app = TimelineApp(entries)
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        meta = [card_text(timeline, i)[0] for i in range(5)]
        assert meta[0].startswith("▌  11:59 (just now)")
        assert meta[1].startswith("   11:55 (5 min ago)")
        assert meta[2].startswith("   08:50  ")
        assert meta[3].startswith("   22 Nov 11:00")
        assert meta[4].strip() == ""

        later = NOW + timedelta(minutes=10)
        timeline.now = lambda: later
        await pilot.pause()
        assert card_text(timeline, 0)[0].startswith("▌  11:59 (10 min ago)")
        assert card_text(timeline, 1)[0].startswith("   11:55 (15 min ago)")

        # refresh_times() re-renders with the clock's current time
        clock = [NOW]
        timeline.now = lambda: clock[0]
        assert card_text(timeline, 1)[0].startswith("   11:55 (5 min ago)")
        clock[0] = NOW + timedelta(hours=2)
        assert card_text(timeline, 1)[0].startswith(
            "   11:55 (5 min ago)"
        )  # cached until refreshed
        timeline.refresh_times()
        assert card_text(timeline, 1)[0].startswith("   11:55  ")
        clock[0] = NOW + timedelta(hours=13)  # past midnight: yesterday's cards get their date
        timeline.refresh_times()
        assert card_text(timeline, 1)[0].startswith("   24 Nov 11:55")


async def test_highlight_words_mark_matches_case_insensitively() -> None:
    entries = [
        Entry(id="a", published=NOW, title="Breaking: the bridge reopens", text="More BRIDGE news"),
        Entry(id="b", published=NOW, title="Nothing here", text="quiet"),
    ]
    app = TimelineApp(entries)
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        plain_title = timeline.render_line(1)
        timeline.set_highlight(["bridge", " "])
        assert timeline.highlight_words == ("bridge",)
        await pilot.pause()
        title = timeline.render_line(1)
        preview = timeline.render_line(2)
        assert title.text == plain_title.text
        hits = [s for s in title if s.text == "bridge"] + [s for s in preview if s.text == "BRIDGE"]
        assert len(hits) == 2
        for hit in hits:
            assert hit.style is not None and hit.style.underline
        others = [s for s in title if "Breaking" in s.text]
        assert others and not any(s.style and s.style.underline for s in others)
        assert not any(s.style and s.style.underline for s in timeline.render_line(5))

        timeline.highlight_words = ()
        await pilot.pause()
        assert not any(s.style and s.style.underline for s in timeline.render_line(1))


async def test_unread_entries_carry_a_dot() -> None:
    app = TimelineApp(make_entries(5))
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        timeline.set_unread(frozenset({"e1", "e3"}))
        await pilot.pause()
        dots = [card_text(timeline, i)[0][1] for i in range(5)]
        assert dots == [" ", "●", " ", "●", " "]
        timeline.mark_read("e1")
        await pilot.pause()
        assert card_text(timeline, 1)[0][1] == " "
        assert timeline.unread_ids == frozenset({"e3"})


async def test_set_entries_keeps_the_selected_entry_when_it_remains() -> None:
    entries = make_entries(200)
    app = TimelineApp(entries)
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        await pilot.pause()
        assert timeline.select_id("e150")
        await pilot.pause()
        assert_selected_visible(timeline)
        timeline.set_entries(entries[100:])  # e.g. a filter
        await pilot.pause()
        assert timeline.selected is not None and timeline.selected.id == "e150"
        assert timeline.selected_index == 50
        assert_selected_visible(timeline)
        timeline.set_entries(entries[:10])  # it is gone: back to the newest
        await pilot.pause()
        assert timeline.selected_index == 0 and timeline.scroll_offset.y == 0
        assert app.selected_ids[-1] == "e0"
        assert not timeline.select_id("e150")


async def test_empty_timeline_is_harmless() -> None:
    app = TimelineApp()
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        timeline.focus()
        await pilot.press("j", "k", "pagedown", "pageup", "g", "G", "enter")
        await pilot.click(Timeline, offset=(3, 3))
        await pilot.pause()
        assert timeline.selected is None and timeline.selected_index == -1
        assert all(line.strip() == "" for line in visible_text(timeline))
        assert app.selected_ids == [] and app.opened_ids == []
        timeline.prepend(make_entries(2))
        await pilot.pause()
        assert timeline.selected is not None and timeline.selected.id == "e0"
        assert app.selected_ids == ["e0"]


async def test_an_empty_timeline_says_its_empty_text_and_keeps_the_focus() -> None:
    app = TimelineApp()
    async with app.run_test(size=(30, 10)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.focus()
        timeline.empty_text = "No entries match 'a long query' — esc clears"
        await pilot.pause()
        lines = visible_text(timeline)
        assert lines[0].strip() == ""
        said = " ".join(line.strip() for line in lines[1:] if line.strip())
        assert said == "No entries match 'a long query' — esc clears"  # wrapped, whole
        assert all(cell_len(line) == timeline.scrollable_content_region.width for line in lines)
        assert app.focused is timeline
        timeline.prepend(make_entries(1))  # entries: the cards, not the text
        await pilot.pause()
        assert "esc clears" not in "\n".join(visible_text(timeline))
        timeline.set_entries([])
        await pilot.pause()
        assert "esc clears" in "\n".join(visible_text(timeline))


async def test_ascii_glyphs() -> None:
    entry = Entry(
        id="x",
        published=NOW,
        title="T",
        pinned=True,
        key_event=True,
        updated=NOW,
        media=(Media("image", "https://example.com/a.jpg"),),
    )
    app = TimelineApp([entry])
    async with app.run_test(size=SCREEN) as pilot:
        timeline = app.query_one(Timeline)
        timeline.ascii_only = True
        timeline.set_unread({"x"})
        await pilot.pause()
        line = timeline.render_line(0).text
        assert line.startswith(">* 12:00 (just now)")
        assert line.rstrip().endswith("[pinned] [key] [edited] [media]")
        assert line.isascii()


# ---------------------------------------------------------------- entry_lines (no Textual)


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (timedelta(seconds=0), "12:00 (just now)"),
        (timedelta(seconds=59), "11:59 (just now)"),
        (timedelta(seconds=-30), "12:00 (just now)"),
        (timedelta(minutes=1), "11:59 (1 min ago)"),
        (timedelta(minutes=59, seconds=59), "11:00 (59 min ago)"),
        (timedelta(hours=2, minutes=30), "09:30"),
        (timedelta(hours=12), "00:00"),
        (timedelta(hours=12, minutes=1), "23 Nov 23:59"),  # yesterday: a date, not an age
        (timedelta(days=1, hours=2), "23 Nov 10:00"),
        (timedelta(days=30), "25 Oct 12:00"),
        (timedelta(days=400), "20 Oct 2025 12:00"),
        (timedelta(hours=-5), "17:00"),  # later today (a clock ahead of ours)
        (timedelta(hours=-13), "25 Nov 01:00"),
    ],
)
def test_card_time(ago: timedelta, expected: str) -> None:
    assert card_time(NOW - ago, NOW) == expected


def test_card_time_uses_the_clock_zone_for_time_and_day() -> None:
    from datetime import timezone

    tokyo = timezone(timedelta(hours=9))
    # 12:00 UTC is 21:00 in Tokyo; 16:00 UTC the day before is 01:00 today there
    assert card_time(NOW - timedelta(days=2), NOW.astimezone(tokyo)) == "22 Nov 21:00"
    assert card_time(NOW - timedelta(hours=20), NOW.astimezone(tokyo)) == "01:00"
    assert card_time(NOW - timedelta(hours=20), NOW) == "23 Nov 16:00"
    assert card_time(NOW.replace(tzinfo=None), NOW) == "12:00 (just now)"
    assert card_time(None, NOW) == ""


@pytest.mark.parametrize("width", [0, 1, 2, 3, 5, 8, 13, 21, 40, 79, 80, 120])
def test_card_lines_are_exactly_the_width_with_wide_characters(width: int) -> None:
    entry = Entry(
        id="w",
        published=NOW - timedelta(minutes=3),
        authors=("記者 山田", "Ann 🎉"),
        title="東京で大きな地震 🌏 — residents report shaking across the whole region today",
        text="续报：救援队已经抵达现场。" * 10,
        pinned=True,
        key_event=True,
        deleted=True,
        updated=NOW,
        media=(Media("video", "https://example.com/v"),),
    )
    for unread in (False, True):
        for selected in (False, True):
            lines = card_lines(entry, width, NOW, selected=selected, unread=unread)
            assert len(lines) == CARD_HEIGHT
            assert [line.cell_len for line in lines] == [width] * CARD_HEIGHT
            assert "\n" not in "".join(line.plain for line in lines)


def test_card_lines_truncate_with_an_ellipsis_and_keep_badges() -> None:
    entry = Entry(
        id="t",
        published=NOW,
        authors=("A very long list of authors indeed",),
        title="A headline that is much too long for this narrow card",
        text="Preview text that is also far too long",
        key_event=True,
    )
    lines = [line.plain for line in card_lines(entry, 40, NOW)]
    assert lines[0].endswith("… ★")
    assert lines[1].endswith("…") and lines[1].startswith("   A headline")
    assert lines[2].endswith("…")
    assert lines[3] == " " * 40


def test_card_without_title_wraps_text_over_two_lines() -> None:
    entry = Entry(id="n", published=NOW, text="alpha beta gamma delta epsilon zeta eta theta")
    lines = [line.plain for line in card_lines(entry, 23, NOW)]
    assert lines[1] == "   alpha beta gamma    "
    assert lines[2] == "   delta epsilon zeta… "


def test_card_with_media_only_says_so() -> None:
    entry = Entry(id="m", published=NOW, media=(Media("image", "https://example.com/a.jpg"),))
    assert "(image)" in card_lines(entry, 40, NOW)[1].plain


def test_card_lines_never_interpret_markup() -> None:
    entry = Entry(id="x", title="[bold red]x", authors=("[/]",), text=":smile: [b]y")
    plain = "".join(line.plain for line in card_lines(entry, 60, NOW))
    assert "[bold red]x" in plain and "[/]" in plain and ":smile: [b]y" in plain


def test_ascii_card_lines_are_ascii() -> None:
    entry = Entry(id="a", published=NOW, title="Title", pinned=True, deleted=True, key_event=True)
    lines = card_lines(entry, 60, NOW, selected=True, unread=True, glyphs=ASCII_GLYPHS)
    assert all(line.plain.isascii() for line in lines)
    assert "[deleted]" in lines[0].plain


def test_highlight_pattern() -> None:
    assert highlight_pattern([]) is None
    assert highlight_pattern(["", "  "]) is None
    pattern = highlight_pattern(["a.b", "A.B C"])
    assert pattern is not None
    assert pattern.findall(fold("x A.B c y a.b aXb")) == ["a.b c", "a.b"]  # in folded text


def test_split_cells_and_fit_respect_cell_widths() -> None:
    head, rest = split_cells("漢字漢字漢字", 5)
    assert head == "漢字" and rest == "漢字漢字"
    head, rest = split_cells("one two three", 9)
    assert (head, rest) == ("one two", "three")
    from rich.text import Text

    assert fit(Text("漢字漢字"), 5).plain == "漢字…"
    assert fit(Text("漢字漢字"), 4).cell_len == 4
    assert fit(Text("ab"), 4).plain == "ab  "


@pytest.mark.parametrize(
    ("text", "preview"),
    [
        (
            "Included are:\n\n- The Selene one\n- Second item\n\n1. First\n2. Two\n\nAfter that",
            "Included are: The Selene one · Second item · First · Two · After that",
        ),
        ("Heading\n\nBody text here.", "Heading · Body text here."),
        ("A line\nbroken in two", "A line broken in two"),
        ("2024. A year\n\n• 5 killed", "2024. A year · 5 killed"),
    ],
)
def test_card_previews_read_as_prose(text: str, preview: str) -> None:
    """No list markers in a card's snippet ("· - The Selene…"): items, paragraphs and lines
    read as one run of prose."""
    lines = card_lines(Entry(id="l", published=NOW, title="Lists", text=text), 200, NOW)
    assert lines[2].plain.strip() == preview
