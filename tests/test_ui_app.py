"""The reader app, driven through Textual's Pilot: every key, following a growing blog, error
states and untrusted text. Blogs are served hermetically (MockTransport, the demo's loopback
server, fixture files) and every clock is frozen."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tests.blogserver import BlogServer
from tests.conftest import FIXTURES
from tests.ui_support import (
    BLOG_URL,
    NOW,
    FakeBlog,
    Post,
    Ticker,
    closed_port_url,
    detail_text,
    frozen,
    loaded,
    reader,
    refreshed,
    screen_text,
    timeline_text,
    until,
)
from tui_liveblog.demo.server import DemoServer
from tui_liveblog.fetch import Fetcher
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.help_screen import HelpScreen
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.filter_bar import FilterBar
from tui_liveblog.ui.widgets.timeline import CARD_HEIGHT

SIZE = (120, 40)

TOPICS = (
    ("Tall ships enter the harbour", "The first of twelve tall ships has rounded the mole."),
    (None, "Crowds are building along the quay; the tram is running every four minutes."),
    ("Regatta start delayed by fog", "The race committee has postponed the first start."),
    ("What we know so far", "Ships, fireworks at ten, the races this afternoon."),
    ("Fireworks barge moored off the breakwater", "The barge carries four tonnes of shells."),
    ("Regatta under way", "The fog lifted and the dinghies are racing at last."),
)


def harbour_posts(fillers: int = 0) -> list[Post]:
    """Six invented posts (one pinned, two key events), plus ``fillers`` older ones."""
    posts = [
        Post(
            f"p{n}",
            minutes=60 - 10 * n,
            headline=headline,
            body=f"<p>{body}</p>",
            pinned=n == 3,
            key_event=n in (2, 5),
        )
        for n, (headline, body) in enumerate(TOPICS)
    ]
    posts += [
        Post(
            f"old{n}", minutes=90 + 5 * n, headline=f"Earlier: quay notice {n}", body="<p>Old.</p>"
        )
        for n in range(fillers)
    ]
    return posts


def fresh(n: int, headline: str, body: str = "Just in.") -> Post:
    """A post published after everything in :func:`harbour_posts` (newer for bigger ``n``)."""
    return Post(f"new{n}", minutes=5 - n * 0.5, headline=headline, body=f"<p>{body}</p>")


def ids(app: LiveblogApp) -> list[str]:
    timeline = app.timeline
    return [timeline.entry_at(i).id for i in range(timeline.entry_count)]


def selected_id(app: LiveblogApp) -> str | None:
    entry = app.timeline.selected
    return None if entry is None else entry.id


# -- moving around ------------------------------------------------------------------------------
async def test_first_screen_shows_the_blog() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        assert ids(app) == ["p5", "p4", "p3", "p2", "p1", "p0"]
        assert app.focused is app.timeline
        assert selected_id(app) == "p5"
        assert app.detail.entry is not None and app.detail.entry.id == "p5"
        text = screen_text(app)
        assert "LIVE" in text
        assert "Harbour festival live" in text
        assert "Regatta under way" in text
        assert "10 min ago" in text
        assert "Tue 12 Jun 2040, 11:50:00 UTC" in text  # absolute local time in the detail pane
        assert "PINNED What we know so far" in text  # the pinned strip


async def test_j_k_and_arrows_move_the_selection() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("j")
        assert selected_id(app) == "p4"
        await pilot.press("down")
        assert selected_id(app) == "p3"
        await pilot.pause()
        assert app.detail.entry is not None and app.detail.entry.id == "p3"
        assert "What we know so far" in detail_text(app)
        await pilot.press("k")
        assert selected_id(app) == "p4"
        await pilot.press("up")
        assert selected_id(app) == "p5"
        await pilot.press("up", "k")  # already at the newest: stays
        assert selected_id(app) == "p5"
        await pilot.press(*["j"] * 10)  # past the oldest: stays on it
        assert selected_id(app) == "p0"


async def test_g_and_shift_g_go_to_newest_and_oldest() -> None:
    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 36)
        await pilot.press("G")
        assert selected_id(app) == "old29"
        assert app.timeline.scroll_y > 0
        await pilot.pause()
        assert "Earlier: quay notice 29" in timeline_text(app)
        await pilot.press("g")
        assert selected_id(app) == "p5"
        assert app.timeline.scroll_y == 0


async def test_enter_gives_the_detail_pane_room_on_a_small_screen() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, 6)
        before = app.detail.region.height
        await pilot.press("enter")
        assert app.detail.region.height > before + 4
        assert app.timeline.region.height >= 4  # the selected card still shows
        await pilot.press("escape")
        assert app.detail.region.height == before


async def test_enter_opens_the_detail_pane_and_escape_returns() -> None:
    long_body = "".join(f"<p>Paragraph {n} of a long report from the quay.</p>" for n in range(80))
    blog = FakeBlog([Post("long", 5, "A long report", long_body), *harbour_posts()])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 7)
        await pilot.press("enter")
        assert app.focused is app.detail
        await pilot.press("j", "j", "j")  # j scrolls the detail pane, not the timeline
        assert selected_id(app) == "long"
        assert app.detail.scroll_y == 3
        await pilot.press("escape")
        assert app.focused is app.timeline
        await pilot.press("j")
        assert selected_id(app) == "p5"


# -- filter ----------------------------------------------------------------------------------------
async def test_filter_narrows_as_you_type_and_enter_keeps_it() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        bar = app.query_one(FilterBar)
        await pilot.press("slash")
        assert bar.is_open and app.focused is bar
        await pilot.press("R")
        counts = [app.timeline.entry_count]
        for key in "EGATTA":
            await pilot.press(key)
            counts.append(app.timeline.entry_count)
        # it narrows while typing, case-insensitively ("REGATTA" finds "Regatta")
        assert counts[0] == 6  # every post has an "r"
        assert counts[-1] == 2
        assert counts == sorted(counts, reverse=True)
        assert ids(app) == ["p5", "p2"]
        # several words: all must match, in any order and any field
        await pilot.press("space", *"fog")
        assert ids(app) == ["p5", "p2"]  # "fog" is in both bodies
        await pilot.press("space", *"postponed")
        assert ids(app) == ["p2"]
        await pilot.press("enter")  # keeps the filter, back to the timeline
        assert app.focused is app.timeline
        assert ids(app) == ["p2"]
        assert bar.value == "REGATTA fog postponed"
        assert "1 of 6 entries" in screen_text(app)
        assert app.detail.entry is not None and app.detail.entry.id == "p2"
        await pilot.press("j", "k")  # keys are the timeline's again
        assert ids(app) == ["p2"]


async def test_filter_escape_clears_and_closes() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        bar = app.query_one(FilterBar)
        await pilot.press("slash", *"fireworks")
        assert ids(app) == ["p4", "p3"]
        await pilot.press("escape")
        assert not bar.is_open
        assert bar.value == ""
        assert app.focused is app.timeline
        assert app.timeline.entry_count == 6
        # a kept filter is cleared the same way: / then escape
        await pilot.press("slash", *"tram", "enter")
        assert ids(app) == ["p1"]
        await pilot.press("slash", "escape")
        assert app.timeline.entry_count == 6


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_filter_with_no_match_says_so_in_the_timeline(size: tuple[int, int]) -> None:
    """The timeline says what matched nothing, the header keeps '0 of N', the detail pane is
    cleared, and the keys still work once the filter is kept (issue 13, point 2)."""
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 6)
        assert detail_text(app).strip()
        await pilot.press("slash", *"Tomas")
        assert app.timeline.entry_count == 0
        text = screen_text(app)
        assert "No entries match 'Tomas' — esc clears" in text
        assert "0 of 6 entries" in text
        assert app.detail.entry is None
        assert detail_text(app).strip() == ""
        assert "Regatta under way" not in text  # (nothing left of the entry it showed)
        await pilot.press("enter")  # kept: the timeline has the keys and still says so
        assert app.focused is app.timeline
        assert "No entries match 'Tomas' — esc clears" in timeline_text(app)
        await pilot.press("slash", "escape")
        assert app.timeline.entry_count == 6
        assert app.focused is app.timeline
        assert "No entries match" not in screen_text(app)
        assert app.detail.entry is not None and app.detail.entry.id == "p5"
        await pilot.press("j")
        assert selected_id(app) == "p4"
        assert app.detail.entry.id == "p4"


async def test_typing_fast_to_no_match_leaves_the_detail_pane_cleared() -> None:
    """Keys typed faster than the screen updates: the entry selected by an earlier, wider result
    does not come back into the detail pane once nothing matches."""
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("slash")
        for query in ("t", "tr", "tra", "tram", "tramz"):  # "tram" selects p1, "tramz" nothing
            app.post_message(FilterBar.QueryChanged(query))
        await until(pilot, lambda: app.filter_text == "tramz", "the filter")
        await pilot.pause()
        assert app.timeline.entry_count == 0
        assert app.detail.entry is None
        assert detail_text(app).strip() == ""


async def test_key_events_view_of_a_blog_without_any_says_so_and_keeps_the_keys() -> None:
    """K on a blog without key events: the timeline says so, the header says '0 of N', the
    detail pane is cleared, and after K again j/k move at once, without tab (issue 13,
    point 2)."""
    blog = FakeBlog([replace(p, key_event=False) for p in harbour_posts()])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("j")
        await pilot.press("K")
        assert app.timeline.entry_count == 0
        text = screen_text(app)
        assert "No key events in this blog — K shows all" in text
        assert "0 of 6 entries" in text
        assert app.detail.entry is None
        assert detail_text(app).strip() == ""
        assert app.focused is app.timeline
        await pilot.press("j", "k")  # harmless
        await pilot.press("K")
        assert app.timeline.entry_count == 6
        assert "No key events" not in screen_text(app)
        assert app.focused is app.timeline
        await pilot.press("j", "j")
        assert selected_id(app) == "p3"
        assert app.detail.entry is not None and app.detail.entry.id == "p3"
        await pilot.press("k")
        assert selected_id(app) == "p4"


async def test_escape_closes_the_innermost_thing_open_first() -> None:
    """esc: the filter bar while typing, then the detail pane's focus, then a kept filter, then
    the key-events view; with nothing left open it does nothing (issue 13, point 10)."""
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        bar = app.query_one(FilterBar)
        await pilot.press("K", "slash", *"lifted", "enter", "enter")
        assert ids(app) == ["p5"]
        assert app.focused is app.detail
        await pilot.press("escape")  # the detail pane
        assert app.focused is app.timeline
        assert ids(app) == ["p5"] and bar.is_open and bar.value == "lifted"
        await pilot.press("escape")  # the kept filter
        assert not bar.is_open and bar.value == "" and app.words == ()
        assert app.key_only and ids(app) == ["p5", "p2"]
        assert app.focused is app.timeline
        await pilot.press("slash", *"fog")  # typing: esc closes the bar only
        assert ids(app) == ["p5", "p2"]
        await pilot.press("escape")
        assert not bar.is_open and app.key_only and app.focused is app.timeline
        await pilot.press("escape")  # the key-events view
        assert not app.key_only and app.timeline.entry_count == 6
        await pilot.press("escape")  # nothing left: nothing happens
        assert app.timeline.entry_count == 6 and not bar.is_open and not app.key_only
        assert app.focused is app.timeline and app.is_running
        await pilot.press("j")
        assert selected_id(app) == "p4"


async def test_escape_on_the_timeline_clears_a_filter_that_matched_nothing() -> None:
    """The empty timeline says "esc clears": it does, from the timeline too."""
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("slash", *"zeppelin", "enter")
        assert "esc clears" in timeline_text(app)
        await pilot.press("escape")
        assert app.timeline.entry_count == 6
        assert not app.query_one(FilterBar).is_open


async def test_n_and_shift_n_jump_between_matches() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("n")
        assert notes and "No filter" in notes[-1]
        await pilot.press("slash", *"regatta", "enter")
        assert selected_id(app) == "p5"
        await pilot.press("n")
        assert selected_id(app) == "p2"
        await pilot.press("n")
        assert selected_id(app) == "p2"
        assert "No more matches." in notes[-1]
        await pilot.press("N")
        assert selected_id(app) == "p5"
        # matches are highlighted in the detail pane too
        assert app.detail.words == ("regatta",)


async def test_shift_k_shows_key_events_only() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("K")
        assert ids(app) == ["p5", "p2"]
        assert all(app.timeline.entry_at(i).key_event for i in range(2))
        await pilot.press("K")
        assert app.timeline.entry_count == 6


# -- refreshing ------------------------------------------------------------------------------------
async def test_r_refreshes_now() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        assert blog.requests == 1
        blog.add(fresh(1, "Lifeboat display moved to three"))
        await pilot.press("r")
        await until(pilot, lambda: blog.requests == 2, "the refresh")
        await loaded(pilot, 7)
        assert selected_id(app) == "p5"


async def test_f_pauses_and_resumes_following() -> None:
    blog = FakeBlog(harbour_posts())
    ticker = Ticker()
    app = reader(BLOG_URL, fetcher=blog.fetcher(), sleep=ticker.sleep, interval=5)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await until(pilot, lambda: ticker.calls == 1, "the loop to sleep")
        ticker.tick()  # a refresh is due
        await until(pilot, lambda: blog.requests == 2 and ticker.calls == 2, "a refresh")
        await pilot.press("f")
        assert app.follower.paused
        assert "PAUSED" in screen_text(app)
        for n in range(3, 6):  # time passes: no fetch while paused
            ticker.tick()
            await until(pilot, lambda n=n: ticker.calls == n, "the loop to sleep again")  # type: ignore[misc]
        assert blog.requests == 2
        await pilot.press("f")
        assert not app.follower.paused
        ticker.tick()
        await until(pilot, lambda: blog.requests == 3, "a refresh after resuming")
        await pilot.pause()
        assert "LIVE" in screen_text(app)


# -- following ---------------------------------------------------------------------------------------
async def test_new_entries_at_the_top_keep_the_selection() -> None:
    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 36)
        blog.add(fresh(1, "Lifeboat display moved to three"), fresh(2, "Band on the pier"))
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 38)
        assert ids(app)[:3] == ["new2", "new1", "p5"]
        assert selected_id(app) == "p5"  # the same entry
        assert app.timeline.scroll_y == 0  # the new ones are in view
        assert app.query_one(NewEntriesBanner).count == 0
        assert "Band on the pier" in timeline_text(app)
        # arrivals are unread until selected
        assert {"new1", "new2"} <= app.timeline.unread_ids
        await pilot.press("k")
        assert selected_id(app) == "new1"
        assert "new1" not in app.timeline.unread_ids
        assert "new1" not in app.feed.unread
        assert "new2" in app.timeline.unread_ids


async def test_scrolled_reader_keeps_its_place_and_the_banner_counts() -> None:
    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 36)
        await pilot.press(*["j"] * 14)
        timeline = app.timeline
        assert timeline.scroll_y > 0
        first = timeline.entry_at(timeline.first_visible_index).id
        chosen = selected_id(app)
        screen_before = timeline_text(app)
        banner = app.query_one(NewEntriesBanner)

        blog.add(fresh(1, "Lifeboat display moved to three"), fresh(2, "Band on the pier"))
        await refreshed(pilot, blog, lambda: timeline.entry_count == 38)
        assert timeline.entry_at(timeline.first_visible_index).id == first
        assert selected_id(app) == chosen
        assert banner.count == 2
        assert banner.display

        blog.add(fresh(3, "Rain expected at six"))
        await refreshed(pilot, blog, lambda: timeline.entry_count == 39)
        assert timeline.entry_at(timeline.first_visible_index).id == first
        assert selected_id(app) == chosen
        assert banner.count == 3
        text = screen_text(app)
        assert "3 new entries" in text
        # the cards on screen did not move: the banner line took the place of the last one
        after = timeline_text(app).splitlines()
        assert after == screen_before.splitlines()[: len(after)]

        await pilot.press("space")  # jump to the newest: banner cleared
        assert selected_id(app) == "new3"
        assert timeline.scroll_y == 0
        assert banner.count == 0
        await pilot.pause()
        assert not banner.display
        assert "new entries" not in screen_text(app)


async def test_selection_moved_but_not_scrolled_shows_arrivals() -> None:
    """Scrolled to the top with the selection further down: arrivals appear, no banner."""
    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 36)
        await pilot.press("j", "j")
        timeline = app.timeline
        assert timeline.scroll_y == 0
        blog.add(fresh(1, "Lifeboat display moved to three"), fresh(2, "Band on the pier"))
        await refreshed(pilot, blog, lambda: timeline.entry_count == 38)
        assert selected_id(app) == "p3"
        assert timeline.scroll_y == 0
        assert app.query_one(NewEntriesBanner).count == 0
        assert "Band on the pier" in timeline_text(app)


def selected_row(app: LiveblogApp) -> int:
    """The row of the view the selected card starts on."""
    timeline = app.timeline
    return timeline.selected_index * CARD_HEIGHT - timeline.scroll_offset.y


@pytest.mark.parametrize("size", [SIZE, (80, 24), (120, 37)])
@pytest.mark.parametrize("arrivals", [1, 2, "backdated"])
async def test_an_arrival_never_pushes_the_selected_card_off_the_bottom(
    size: tuple[int, int], arrivals: int | str
) -> None:
    """At the top, with the selected card the last one wholly on screen: new entries would push
    it (partly) below the bottom edge. It stays where it was, fully visible; the new entries go
    in above the view and the banner counts them (issue 13, point 8)."""
    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 36)
        timeline = app.timeline
        height = timeline.scrollable_content_region.height
        last = height // CARD_HEIGHT - 1  # the last card wholly on screen
        await pilot.press(*["j"] * last)
        assert timeline.scroll_y == 0
        chosen, row = selected_id(app), selected_row(app)
        assert row + CARD_HEIGHT <= height < row + 2 * CARD_HEIGHT  # near the bottom edge
        card = timeline_text(app).splitlines()[row : row + CARD_HEIGHT]
        if arrivals == "backdated":  # newest, with an older one: not a plain prepend
            # (the late one lands below the top card, so it shows: only the newest is above)
            blog.add(fresh(1, "Band on the pier"), Post("late", 15, "Filed late", "<p>Late.</p>"))
            count, above = 38, 1
        else:
            assert isinstance(arrivals, int)
            blog.add(*(fresh(n, f"Arrival {n}") for n in range(arrivals)))
            count, above = 36 + arrivals, arrivals
        await refreshed(pilot, blog, lambda: timeline.entry_count == count)
        assert selected_id(app) == chosen
        assert selected_row(app) == row  # where it was
        assert timeline_text(app).splitlines()[row : row + CARD_HEIGHT] == card  # all of it
        assert app.query_one(NewEntriesBanner).count == above


async def test_the_filter_applies_to_arrivals() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("slash", *"regatta", "enter")
        assert ids(app) == ["p5", "p2"]
        blog.add(
            fresh(1, "Regatta: first results are in"),
            fresh(2, "Band on the pier"),
            fresh(3, "Ice cream queue", "The regatta crowd wants ice cream."),
        )
        await refreshed(pilot, blog, lambda: len(app.entries) == 9)
        assert ids(app) == ["new3", "new1", "p5", "p2"]
        await pilot.press("slash", "escape")
        assert ids(app)[:4] == ["new3", "new2", "new1", "p5"]


async def test_key_events_filter_applies_to_arrivals() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("K")
        blog.add(
            fresh(1, "Not key"), Post("new2", 1, "Winner declared", "<p>!</p>", key_event=True)
        )
        await refreshed(pilot, blog, lambda: len(app.entries) == 8)
        assert ids(app) == ["new2", "p5", "p2"]


async def test_edited_entries_update_in_place() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("j")  # select p4
        blog.edit(
            "p4",
            headline="Fireworks barge moved off the breakwater",
            body="<p>Correction: the barge has been moved for safety.</p>",
            edited_minutes=2,
        )
        blog.edit("p2", body="<p>The first start is now at two.</p>", edited_minutes=1)
        await refreshed(pilot, blog, lambda: app.timeline.entry_at(1).edited)
        assert ids(app) == ["p5", "p4", "p3", "p2", "p1", "p0"]  # same places
        assert selected_id(app) == "p4"
        assert app.timeline.entry_at(3).edited
        text = timeline_text(app)
        assert "Fireworks barge moved off the breakwater" in text
        assert "✎" in text
        # the selected entry's detail shows the new text and says it was edited
        await until(pilot, lambda: "Correction" in detail_text(app), "the detail to update")
        detail = detail_text(app)
        assert "edited Tue 12 Jun 2040, 11:58:00 UTC" in detail


async def test_demo_blog_grows_while_reading() -> None:
    """The bundled demo over its real loopback server, grown with publish_next()."""
    with DemoServer(interval=None, clock=frozen, start_at=NOW) as demo:
        app = reader(demo.url, fetcher=Fetcher(retries=0))
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot)
            count = app.timeline.entry_count
            newest = selected_id(app)
            assert demo.publish_next()
            app.follower.wake()
            await loaded(pilot, count + 1)
            assert selected_id(app) == newest
            assert app.timeline.selected_index == 1
            assert app.query_one(NewEntriesBanner).count == 0
            assert "LIVE" in screen_text(app)


# -- links, clipboard, help, quit ------------------------------------------------------------------
LINKS = [
    Post("own", 3, "Has its own link", "<p>Text.</p>", url="https://news.example/live/own"),
    Post(
        "bodylink",
        4,
        "Link in the body only",
        '<p>See <a href="https://port.example/schedule">the schedule</a>.</p>',
        url=None,
    ),
    Post(
        "evil",
        5,
        "Script link",
        '<p><a href="javascript:alert(1)">click</a></p>',
        url="javascript:alert(1)",
    ),
    Post("none", 6, "No link at all", "<p>Nothing to open.</p>", url=None),
]


async def test_o_opens_the_entry_link_in_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    blog = FakeBlog(list(LINKS))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 4)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("o")
        await until(pilot, lambda: opened, "the browser")
        assert opened == ["https://news.example/live/own"]
        await pilot.press("j", "o")
        await until(pilot, lambda: len(opened) == 2, "the browser")
        assert opened[1] == "https://port.example/schedule"
        await pilot.press("j", "o")  # a javascript: link is never opened
        await pilot.press("j", "o")  # nor is anything when there is no link
        await pilot.pause(0.1)
        assert len(opened) == 2
        assert sum("no web link" in n for n in notes) == 2
        assert notes.count("Opened in the browser:\nhttps://news.example/live/own") == 1


async def test_o_says_when_no_browser_could_be_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: it said "Opening…" when webbrowser.open returned False."""
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    app = reader(BLOG_URL, fetcher=FakeBlog(list(LINKS)).fetcher())
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 4)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("o")
        await until(pilot, lambda: notes, "a notice")
    assert notes == [
        "No browser could be opened here. The link, to copy by hand:\nhttps://news.example/live/own"
    ]


async def test_y_shows_the_link_it_sent_and_under_tmux_how_to_let_it_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 13: "Copied" was said when tmux dropped the copy (OSC 52)."""
    app = reader(BLOG_URL, fetcher=FakeBlog(list(LINKS)).fetcher())
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 4)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        monkeypatch.delenv("TMUX", raising=False)
        await pilot.press("y")
        monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
        await pilot.press("y")
    assert notes[0] == "Sent the link to the terminal's clipboard:\nhttps://news.example/live/own"
    assert notes[1].startswith(notes[0]) and "set -g set-clipboard on" in notes[1]
    assert not any(n.startswith("Copied") for n in notes)


async def test_y_copies_the_link_or_the_blog_url(monkeypatch: pytest.MonkeyPatch) -> None:
    blog = FakeBlog(list(LINKS))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    copied: list[str] = []
    notes: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 4)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("y")
        assert copied == ["https://news.example/live/own"]
        await pilot.press("j", "j", "y")  # the javascript: entry: no link of its own
        assert copied[-1] == BLOG_URL
        assert "no link of its own" in notes[-1]
        await pilot.press("j", "y")
        assert copied[-1] == BLOG_URL
        assert "no link of its own" in notes[-1] and BLOG_URL in notes[-1]
        assert not any(c.startswith("javascript") for c in copied)


async def test_question_mark_opens_help_and_it_closes() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "pause or resume following" in text
        assert "close: filter bar, detail, filter, K" in text
        assert "compact list / cards" in text and "next pinned entry" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # q closes the help, not the app
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running
        await pilot.press("question_mark", "question_mark")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_help_fits_a_small_terminal_and_says_how_to_close_it(
    size: tuple[int, int],
) -> None:
    """Issue 13 (14): at 80x24 the help scrolled, and its "esc to close" was below the edge."""
    from textual.containers import VerticalScroll

    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 6)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        box = app.screen.query_one(VerticalScroll)
        assert box.max_scroll_y == 0  # nothing to scroll to: every key is in view
        assert app.screen.region.contains_region(box.region)
        shown = screen_text(app)
        rows = LiveblogApp.help_rows()
        for key, what in rows:
            assert key in shown and what.split()[0] in shown
        assert "tab" in dict(rows)  # tab is documented
        assert "esc, q or ? closes" in shown


async def test_q_quits() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "the app to exit")
    assert app.return_code == 0


async def test_command_palette_lists_the_reader_commands() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        commands = list(app.get_system_commands(app.screen))
        helps = {c.title: c.help for c in commands}
        for title, help in (
            ("Filter", '"a b" by:name -word; ↑ past (/)'),
            ("Key events", "Key events only (K)"),
            ("Refresh", "Refresh now (r)"),
            ("Pause/resume", "Pause or resume following (f)"),
            ("Jump to new entries", "Jump to new entries (space)"),
            ("Oldest entry", "Oldest entry (G, end)"),
            ("Open link", "Open the entry's link (o)"),
            ("Copy link", "Copy the entry's link (y)"),
            ("Next match", "Next match (n)"),
            ("Previous match", "Previous match (N)"),
            ("Help", "Show the keys (?)"),
            ("Quit", "Quit (q)"),
        ):
            assert help in helps[title], title
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles))  # each once (Textual's own Quit is the q)
        assert {"Screenshot", "Theme"} <= set(titles)  # the palette's own commands stay


# -- error states --------------------------------------------------------------------------------
async def test_dead_server_shows_the_error_and_retries() -> None:
    url = closed_port_url()
    app = reader(url, interval=30)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.status.error is not None, "the error")
        text = screen_text(app)
        assert "UNREACHABLE" in text  # (no answer: not an ERROR the server gave)
        assert "cannot connect" in text
        assert "retry in" in text
        assert "Could not load the blog" in text
        assert "Press r to try again now." in text
        assert app.is_running
        assert app.timeline.entry_count == 0
        assert not app.detail.display  # nothing to read: the message gets the room


async def test_server_error_after_entries_keeps_them() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        blog.fail = 503
        await refreshed(pilot, blog, lambda: app.status.error is not None)
        text = screen_text(app)
        assert "503" in text
        assert "retry in" in text
        assert app.timeline.entry_count == 6
        blog.fail = None
        await refreshed(pilot, blog, lambda: app.status.error is None)
        assert "retry in" not in screen_text(app)


async def test_offline_start_shows_the_cached_entries(tmp_path: Path) -> None:
    store_path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts())
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(store_path))
    async with first.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
    requests = blog.requests

    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(store_path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.pause()
        text = screen_text(app)
        assert "OFFLINE" in text
        assert "Regatta under way" in text
        assert app.status.state == "offline"
        await pilot.press("enter")  # a body left out of the first load comes from the cache
        assert "The fog lifted" in detail_text(app)
        await pilot.press("r")
        await pilot.pause(0.1)
    assert blog.requests == requests  # offline: no request at all


async def test_offline_start_without_cache_says_so(tmp_path: Path) -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(tmp_path / "c.sqlite"), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.status.state == "error", "the error")
        assert "not in the cache" in screen_text(app)
    assert blog.requests == 0


async def test_reopening_from_cache_keeps_unread_marks(tmp_path: Path) -> None:
    store_path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts())
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(store_path))
    async with first.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        await pilot.press("j")  # p4 is read now
    blog.add(fresh(1, "Posted while the reader was closed"))
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(store_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 7)
        unread = app.timeline.unread_ids
        assert "new1" in unread
        assert "p4" not in unread


async def test_empty_blog_shows_the_empty_state() -> None:
    app = reader(str(FIXTURES / "jsonld" / "empty.html"))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "No entries yet" in screen_text(app), "the empty state")
        assert app.timeline.entry_count == 0
        await pilot.press("j", "k", "g", "G", "enter", "o", "y", "n", "K", "space")
        assert app.is_running


async def test_ended_blog_says_ended() -> None:
    app = reader(str(FIXTURES / "jsonld" / "ended.html"))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        await pilot.pause()
        assert "ENDED" in screen_text(app)
        assert "Full time" in screen_text(app)


async def test_a_page_that_is_not_a_live_blog_gets_a_clear_message() -> None:
    app = reader(str(FIXTURES / "jsonld" / "not_a_liveblog.html"))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.status.state == "error", "the error")
        text = screen_text(app)
        assert "This source cannot be read as a live blog." in text
        assert "Traceback" not in text
        await pilot.press("r", "f", "j")
        assert app.is_running


# -- untrusted text --------------------------------------------------------------------------------
async def test_markup_in_a_headline_shows_literally() -> None:
    blog = FakeBlog(
        [
            Post(
                "m",
                3,
                "[bold red]x[/]",
                "<p>Body with [link=https://evil.example]markup[/link] and [b]more[/b].</p>",
                author="[i]Mallory[/i]",
            )
        ]
    )
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        assert "[bold red]x[/]" in timeline_text(app)
        assert "[i]Mallory[/i]" in timeline_text(app)
        detail = detail_text(app)
        assert "[bold red]x[/]" in detail
        assert "[link=https://evil.example]markup[/link]" in detail
        assert "[bold red]x[/]" in screen_text(app)


async def test_escape_sequences_never_reach_the_screen() -> None:
    esc = "\x1b"
    blog = FakeBlog(
        [
            Post(
                "esc",
                3,
                f"{esc}[31mRed{esc}[0m {esc}]8;;https://x.example{esc}\\link{esc}]8;;{esc}\\",
                f"<p>Before {esc}[2J{esc}[H after \u009b31m C1.</p>",
                author=f"{esc}[1mMallory",
            )
        ],
        title=f"Title {esc}]0;pwned{esc}\\ here",
    )
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        await pilot.press("enter")
        text = screen_text(app)
        assert "Red" in text and "Before" in text
        assert esc not in text and "\u009b" not in text
        svg = app.export_screenshot()
        assert esc not in svg
        assert "\u009b" not in svg
        assert esc not in app.status.title


async def test_hostile_fixture_file_is_shown_safely(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = reader(str(FIXTURES / "jsonld" / "hostile.html"))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 4)
        for _ in range(4):
            await pilot.press("enter")
            text = screen_text(app)
            assert "\x1b" not in text and "\u202e" not in text
            await pilot.press("escape", "o", "j")
        await pilot.pause(0.1)
        assert "[bold red]Not bold[/bold red]" in screen_text(app) or any(
            "[bold red]Not bold[/bold red]" in (app.timeline.entry_at(i).title or "")
            for i in range(4)
        )
        assert "\x1b" not in app.export_screenshot()
        assert all(u.startswith(("http://", "https://")) for u in opened)
        assert not any("javascript" in u for u in opened)


# -- other ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_layout_side_by_side_from_120_columns(size: tuple[int, int]) -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 6)
        left = app.query_one("#left").region
        detail = app.detail.region
        if size[0] >= 120:
            assert detail.x >= left.right - 1 and detail.y == left.y
        else:
            assert detail.y >= left.bottom - 1 and detail.x == left.x
        assert detail.height > 0 and left.height > 0


async def test_tz_option_shows_local_times() -> None:
    from zoneinfo import ZoneInfo

    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), tz=ZoneInfo("Asia/Tokyo"))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        assert "20:50:00 JST" in detail_text(app)


async def test_markup_in_urls_and_errors_never_breaks_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Error messages and notices quote URLs: "[/]" in one must show as typed, not crash."""
    url = "https://news.example/live/[/]x[bold red]y"
    link = "https://news.example/a[/]b[red]c"
    blog = FakeBlog([Post("a", 3, "A", "<p>x</p>", url=link)], url=url, fail=503)
    app = reader(url, fetcher=blog.fetcher())
    copied: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    monkeypatch.setattr(webbrowser, "open", lambda u, *a, **k: opened.append(u) or True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.status.error is not None, "the error")
        assert "[/]x[bold%20red]y" in screen_text(app)
        blog.fail = None
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 1)
        await pilot.press("y", "o")
        await until(pilot, lambda: opened, "the browser")
        assert copied == [app.timeline.entry_at(0).url]
        assert "[/]" in screen_text(app)  # the notice, literally
        assert app.is_running


async def test_deleted_entries_show_struck_through() -> None:
    from tui_liveblog.follow import Update
    from tui_liveblog.model import Changes
    from tui_liveblog.ui.messages import FeedUpdated

    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        gone = app.timeline.entry_at(0).with_changes(deleted=True)
        app.post_message(FeedUpdated(app.feed.blog, Update(Changes(removed=(gone,)), next_in=60)))
        await until(pilot, lambda: app.timeline.entry_at(0).deleted, "the deletion")
        assert ids(app)[0] == "p5"  # still in its place
        assert "✗ deleted" in timeline_text(app).splitlines()[0]
        strip = app.timeline.render_line(1)  # the headline line is struck through
        assert any(seg.style is not None and seg.style.strike for seg in strip if seg.text.strip())
        await until(pilot, lambda: "DELETED" in detail_text(app), "the detail to update")


async def test_clicks_on_banner_pinned_strip_and_cards() -> None:
    from tui_liveblog.ui.widgets.pinned import PinnedStrip

    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 36)
        await pilot.click(PinnedStrip)  # the pinned entry is selected
        assert selected_id(app) == "p3"
        await pilot.click(app.timeline, offset=(10, 5))  # second card
        assert app.timeline.selected_index == app.timeline.first_visible_index + 1
        await pilot.press(*["j"] * 14)
        blog.add(fresh(1, "Lifeboat display moved to three"))
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 37)
        await pilot.click(NewEntriesBanner)
        assert selected_id(app) == "new1"
        assert app.query_one(NewEntriesBanner).count == 0


async def test_resizing_switches_the_layout() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        assert app.detail.region.x > 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.detail.region.x == 0 and app.detail.region.y > app.timeline.region.y
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert app.detail.region.x > 0


async def test_switching_theme_repaints_the_cards() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        dark = app.timeline.render_line(1)
        app.theme = "textual-light"
        await pilot.pause()
        light = app.timeline.render_line(1)
        assert dark.text == light.text
        assert [s.style for s in dark] != [s.style for s in light]


async def test_ascii_only_marks() -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), ascii_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        text = timeline_text(app)
        assert "[key]" in text and "[pinned]" in text
        assert "★" not in text


async def test_a_big_cache_opens_newest_first_then_fills_in(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    posts = [
        Post(f"e{n}", minutes=1 + n, headline=f"Entry {n}", body=f"<p>Body {n}.</p>")
        for n in range(450)
    ]
    blog = FakeBlog(posts)
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with first.run_test(size=SIZE) as pilot:
        await loaded(pilot, 450)
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 450)
        assert selected_id(app) == "e0"
        await pilot.press("G")
        assert selected_id(app) == "e449"
        assert "Body 449." in detail_text(app)


@pytest.mark.parametrize(
    "minutes", [15, 92, 2], ids=["above-the-view", "in-the-view", "mixed-batch"]
)
async def test_a_backdated_arrival_keeps_the_readers_place(minutes: float) -> None:
    """An entry dated between ones already shown (and one in a mixed, unsorted batch) must not
    move the cards the reader is looking at; if it lands above them, the banner counts it."""
    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 36)
        await pilot.press(*["j"] * 14, *["k"] * 4)  # scrolled, selection mid-screen
        timeline = app.timeline
        first = timeline.entry_at(timeline.first_visible_index).id
        chosen = selected_id(app)
        before = timeline_text(app)
        late = Post("late", minutes, "Backdated post", "<p>Filed late.</p>")
        if minutes == 2:  # a newest entry in the same batch as an older one: not a plain prepend
            blog.add(late, Post("late2", 15, "Another late one", "<p>Late too.</p>"))
        else:
            blog.add(late)
        total = 38 if minutes == 2 else 37
        await refreshed(pilot, blog, lambda: timeline.entry_count == total)
        assert timeline.entry_at(timeline.first_visible_index).id == first
        assert selected_id(app) == chosen
        above = {15: 1, 92: 0, 2: 2}[minutes]
        assert app.query_one(NewEntriesBanner).count == above
        if above == 0:
            # the cards above the one filed late have not moved
            assert timeline_text(app).splitlines()[:5] == before.splitlines()[:5]


async def test_long_pinned_labels_keep_one_line_each() -> None:
    """Two pinned entries with labels wider than the strip: each is cut on its own line."""
    posts = harbour_posts()
    long = "Ferry timetable changes for the whole festival weekend, with every extra sailing"
    posts[1] = Post("p1", minutes=50, headline=long * 2, body="<p>Times.</p>", pinned=True)
    blog = FakeBlog(posts)
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, 6)
        strip = app.query_one("#pinned")
        assert strip.size.height == 2
        pinned = [line.strip() for line in screen_text(app).splitlines() if "PINNED" in line]
        assert len(pinned) == 2
        assert "What we know so far" in pinned[0]  # newest first
        assert "Ferry timetable" in pinned[1] and pinned[1].endswith("…")


async def test_the_detail_pane_lays_out_its_lines_for_its_width() -> None:
    """The Line-API pane: every paragraph wrapped to the pane's width, scrolled to its end,
    and laid out again when the terminal is resized (no stale lines of the old width)."""
    long_body = "".join(
        f"<p>Paragraph {n} of a long report from the quay, where the crowd keeps growing.</p>"
        for n in range(40)
    )
    blog = FakeBlog([Post("long", 5, "A long report", long_body), *harbour_posts()])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 7)
        await pilot.press("enter")
        wide = app.detail.text.splitlines()
        width = app.detail.scrollable_content_region.width
        assert all(len(line) <= width for line in wide)
        assert sum("Paragraph" in line for line in wide) == 40
        assert app.detail.virtual_size.height == len(wide)
        await pilot.press("end")
        # (the scroll is made after the next refresh)
        await until(pilot, lambda: app.detail.scroll_y == app.detail.max_scroll_y, "the end")
        assert app.detail.max_scroll_y > 0
        await pilot.resize_terminal(70, 40)  # stacked: the pane is wider now
        await pilot.pause()
        stacked = app.detail.text.splitlines()
        new_width = app.detail.scrollable_content_region.width
        assert new_width != width and stacked != wide  # wrapped again, to the new width
        assert all(len(line) <= new_width for line in stacked)
        assert max(len(line) for line in stacked) > width
        assert app.detail.virtual_size.height == len(stacked)


async def test_keys_typed_right_after_slash_reach_the_filter() -> None:
    """ "/regatta" typed at once (all queued before the first is handled) filters by it; a "/"
    typed in the filter, or in the command palette, is a "/"."""
    from textual import events

    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for ch in "/regatta":
            app.post_message(events.Key("slash" if ch == "/" else ch, ch))
        await pilot.pause()
        await pilot.pause()
        bar = app.query_one(FilterBar)
        assert app.focused is bar and bar.value == "regatta"
        assert app.words == ("regatta",)
        await pilot.press("slash", "x")
        assert bar.value == "regatta/x"
        await pilot.press("escape", "question_mark")
        await pilot.press("slash")  # on the help screen: nothing breaks
        await pilot.press("escape")
        await pilot.press("ctrl+p", "slash")
        assert "/" in app.screen.query_one(Input).value


async def test_a_misspelt_theme_is_named_in_a_notice_and_the_default_used() -> None:
    """Issue 13: it stopped the reader with "internal error: InvalidThemeError"."""
    app = reader(str(FIXTURES / "cli" / "timeline.html"), theme="textual-drak")
    default = app.theme
    notes: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, **kw: object) -> None:
        notes.append((str(message), str(kw.get("severity"))))
        original(message, **kw)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.theme == default
    assert any(
        "theme = 'textual-drak' is not a theme" in m and "textual-dark" in m and s == "warning"
        for m, s in notes
    ), notes


async def test_a_saved_file_is_a_snapshot_read_once_with_no_live_badge(tmp_path: Path) -> None:
    """Issue 13: local files showed "● LIVE" and were re-read every 30 s."""
    page = tmp_path / "saved-page.html"
    page.write_bytes((FIXTURES / "cli" / "timeline.html").read_bytes())
    reads: list[str] = []

    class Counting(Fetcher):
        async def fetch(self, source: str, validators: object = None) -> object:  # type: ignore[override]
            reads.append(source)
            return await super().fetch(source, validators)  # type: ignore[arg-type]

    app = reader(str(page), fetcher=Counting(retries=0), interval=0.05, follow=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.pause(0.5)  # ten intervals: a followed source would have been re-read
        header = screen_text(app).splitlines()[0]
        assert "FILE" in header and "LIVE" not in header
        assert "next in" not in header
    assert reads == [str(page)]


LONG_LINK = (
    "https://harbour.example/news/2040/jun/12/tall-ships-regatta-results-and-fireworks-timetable"
)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_links_in_the_detail_pane_keep_to_one_line(size: tuple[int, int]) -> None:
    """Each address is on one line of its own under its paragraph (shortened in the middle
    when the pane is narrower), never wrapped; the link text and the address line are
    hyperlinks to the whole address; a bare address in the text is shortened where it is."""
    body = (
        f'<p>The <a href="{LONG_LINK}">full results</a> and the '
        '<a href="https://harbour.example/map">map</a> are out.</p>'
        f"<ul><li>Times at {LONG_LINK}/bare, posted this morning.</li></ul>"
    )
    blog = FakeBlog([Post("links", 2, "Where to look", body)])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 1)
        await pilot.press("enter")
        await pilot.pause()
        width = app.detail.scrollable_content_region.width
        lines = app.detail.text.splitlines()
        assert "The full results and the map are out." in " ".join(lines)
        link_lines = [line.strip() for line in lines if line.strip().startswith("↗")]
        assert link_lines[1] == "↗ https://harbour.example/map"
        long_line = link_lines[0].removeprefix("↗ ")
        if len(LONG_LINK) + 4 > width:
            head, _, tail = long_line.partition("…")
            assert LONG_LINK.startswith(head) and LONG_LINK.endswith(tail) and tail
        else:
            assert long_line == LONG_LINK
        assert all(len(line) <= width for line in lines)
        # no line holds a piece of an address cut by wrapping
        assert not any(
            line.strip().startswith(("tall-ships", "/12/", "fireworks")) for line in lines
        )
        bare = next(line for line in lines if "Times at" in line)
        assert "https://harbour.example/" in bare and "…" in bare
        targets = {
            segment.style.link
            for y in range(len(lines))
            for segment in app.detail._strips(width)[y]
            if segment.style is not None and segment.style.link
        }
        assert targets == {
            LONG_LINK,
            "https://harbour.example/map",
            f"{LONG_LINK}/bare",
            (f"{BLOG_URL}#links"),
        }


# -- issue 13 (4): a page that is not there yet ----------------------------------------------------
async def test_a_page_that_is_not_there_yet_is_retried_and_r_retries_at_once() -> None:
    """Issue 13: a 404 on first open said "cannot be read as a live blog" and stopped for good;
    `r` did nothing even once the page existed."""
    with BlogServer() as server:
        server.status = 404
        app = reader(server.url)  # (a refresh interval that never elapses: only r refreshes)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.status.error is not None, "the 404")
            text = screen_text(app)
            assert "WAITING" in text.splitlines()[0]
            assert "retry in" in text.splitlines()[0]  # on the usual schedule
            words = " ".join(text.split())
            assert f"The page is not there yet: HTTP 404 Not Found from {server.url}" in words
            assert "Press r to try now." in words
            assert "cannot be read as a live blog" not in words
            server.status = None  # the page is published
            server.add_many(3)
            await pilot.press("r")
            await loaded(pilot, 3)
            header = screen_text(app).splitlines()[0]
            assert "LIVE" in header and "WAITING" not in header
            assert app.status.error is None


# -- issue 13 (5): the status bar ----------------------------------------------------------------
@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
async def test_the_status_bar_through_an_outage(size: tuple[int, int]) -> None:
    """Issue 13: the entry count disappeared while an error was shown, the badge said LIVE while
    the server was unreachable, the error was cut to "conn…" at 80 columns, and "updated"
    moved on every unchanged 304 check."""
    start = datetime(2040, 6, 12, 12, 0, tzinfo=UTC)
    clock = [start]
    notes: list[tuple[str, str]] = []
    width = size[0]
    with BlogServer(title="Harbour festival live: tall ships, fireworks and the regatta") as server:
        server.add_many(6)
        app = reader(server.url)
        app.feed.clock = lambda: clock[0]
        original = app.notify

        def notify(message: str, **kw: object) -> None:
            notes.append((str(message), str(kw.get("severity"))))
            original(message, **kw)  # type: ignore[arg-type]

        app.notify = notify  # type: ignore[method-assign]

        async def header() -> str:
            await pilot.pause()
            return screen_text(app).splitlines()[0]

        async def refresh(minute: int, condition: Callable[[], object]) -> None:
            """Press r at 12:``minute`` and wait until ``condition()`` (only a refresh makes it)."""
            clock[0] = start.replace(minute=minute)
            assert not condition()
            await pilot.press("r")
            await until(pilot, condition)

        async with app.run_test(size=size) as pilot:
            await loaded(pilot, 6)
            line = await header()
            assert "● LIVE" in line and "6 entries" in line
            assert "changed 12:00" in line or width < 80
            # unchanged (a 304): "checked" moves on, "changed" does not
            await refresh(7, lambda: app.status.checked_at == clock[0])
            assert server.seen.not_modified == 1
            assert app.status.changed_at == start
            line = await header()
            assert "changed 12:00" in line or width < 80
            assert "checked 12:07" in line or width < 120
            assert "changed 12:07" not in line
            # a new entry: both move on
            server.add()
            await refresh(9, lambda: app.timeline.entry_count == 7)
            assert app.status.changed_at == clock[0] == app.status.checked_at
            # the server goes down: UNREACHABLE, the count kept, the error in a few words
            server.stop()
            await refresh(11, lambda: app.status.error is not None)
            line = await header()
            assert "UNREACHABLE" in line and "LIVE" not in line
            assert "7 entries" in line
            assert "retry in" in line
            assert "connection refused" in line or width < 80  # not "conn…"
            full = f"cannot connect to 127.0.0.1:{server.port}: connection refused"
            assert (full, "error") in notes  # the whole message, in a notice
            assert app.timeline.entry_count == 7
            # …and back: LIVE again
            server.start()
            await refresh(13, lambda: app.status.error is None)
            line = await header()
            assert "● LIVE" in line and "UNREACHABLE" not in line
            assert "7 entries" in line
            assert app.status.checked_at == clock[0]
            assert app.status.changed_at == start.replace(minute=9)


# -- issue 13 (9): warnings given before the reader started ---------------------------------------
async def test_warnings_from_before_the_reader_started_are_notices_in_it() -> None:
    """Issue 13: a damaged cache set aside or a config error was printed before the reader
    started, on the screen it then covered: never seen."""
    warnings = (
        "cache /x/cache.sqlite3 was damaged (file is not a database): set aside as"
        " cache.sqlite3.corrupt-1, starting afresh",
        "config.toml: interval = '[b]abc' is not a number of seconds above 0; the default is used",
    )
    app = reader(str(FIXTURES / "cli" / "timeline.html"), notices=warnings)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        shown = [(n.message, n.severity, n.markup) for n in app._notifications]
        assert (warnings[0], "warning", False) in shown  # (quoted values: no markup)
        assert (warnings[1], "warning", False) in shown


def test_the_times_give_way_before_the_title_is_cut_short() -> None:
    """At 80 columns the demo's title was cut to "Selene Shut…" to fit both times: the title
    keeps TITLE_MIN cells first ("checked" goes, then "changed"); an error may cut it shorter."""
    from rich.text import Text

    from tui_liveblog.ui.widgets.status_bar import TITLE_MIN, TITLE_MIN_ERROR, fit_pieces

    def pieces() -> dict[str, Text]:
        return {
            "count": Text("36 entries"),
            "changed": Text("changed 16:35"),
            "checked": Text("checked 16:35"),
            "next": Text("next in 1 s"),
        }

    room = 80 - 2 - len(" ● LIVE ") - 1
    right = fit_pieces(pieces(), room, TITLE_MIN).plain
    assert right == "36 entries  changed 16:35  next in 1 s"
    assert room - len(right) - 2 >= TITLE_MIN
    assert "checked" in fit_pieces(pieces(), room, 12).plain  # (what it was: title cut to 12)
    assert TITLE_MIN_ERROR < TITLE_MIN


def test_the_help_screen_and_the_readme_list_every_key() -> None:
    """Issue 13: every key the reader binds is in the help screen and README's keys table."""
    from tui_liveblog.ui.app import LiveblogApp
    from tui_liveblog.ui.widgets.detail import DetailPane
    from tui_liveblog.ui.widgets.timeline import Timeline

    shown = {
        "slash": "/",
        "question_mark": "?",
        "escape": "esc",
        "pagedown": "pgdn",
        "pageup": "pgup",
        "down": "↓",
        "up": "↑",
    }
    keys: set[str] = set()
    for owner in (LiveblogApp, Timeline, DetailPane):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            keys.update(shown.get(k.strip(), k.strip()) for k in binding.key.split(","))
    words = " ".join(f"{key} {what}" for key, what in LiveblogApp.help_rows())
    help_keys = [*words.replace("/", " ").replace(",", " ").replace("(", " ").split(), "/"]
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    table = readme[readme.index("| key | does |") :]
    table = table[: table.index("\n\n")]
    for key in sorted(keys):
        assert key in help_keys, key
        assert f"`{key}`" in table, key

    class OneMore(LiveblogApp):  # the help's rows are made from the bindings: a key more, a row
        BINDINGS: ClassVar[list[BindingType]] = [
            *LiveblogApp.BINDINGS,
            Binding("x", "bell", "Ring the bell"),
        ]

    assert OneMore.help_rows() == [*LiveblogApp.help_rows(), ("x", "ring the bell")]


async def test_the_banner_never_covers_the_selected_card() -> None:
    """The banner is drawn over the timeline's top line: with the selected card at the top of
    a scrolled view, arrivals counted by the banner hid its first line (issue 13, point 8)."""
    blog = FakeBlog(harbour_posts(fillers=30))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, 36)
        timeline = app.timeline
        await pilot.press(*["j"] * 8)  # scrolled down…
        await pilot.press(*["k"] * (8 - timeline.first_visible_index))  # …the top card selected
        assert timeline.scroll_y > 0
        assert timeline.selected_index * CARD_HEIGHT == timeline.scroll_y  # at the very top
        chosen = selected_id(app)
        blog.add(fresh(1, "Band on the pier"))
        await refreshed(pilot, blog, lambda: timeline.entry_count == 37)
        assert app.query_one(NewEntriesBanner).count == 1
        assert selected_id(app) == chosen
        top = timeline.selected_index * CARD_HEIGHT - int(timeline.scroll_y)
        assert top >= 1  # clear of the banner's line
        assert top + CARD_HEIGHT <= timeline.scrollable_content_region.height
        await pilot.press("k")  # moving up keeps clear of it too
        assert timeline.selected_index * CARD_HEIGHT - int(timeline.scroll_y) >= 1
        await pilot.press("space")  # jump to the new entries: the banner goes
        assert app.query_one(NewEntriesBanner).count == 0
        await pilot.press("g")
        assert timeline.scroll_y == 0
