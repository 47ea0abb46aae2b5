"""Issue 14 (4): moving around: ``z`` (the detail pane full screen), ``ctrl+d``/``ctrl+u`` and
``pgdn``/``pgup`` in both panes, ``p`` (the pinned entries in turn)."""

from __future__ import annotations

import pytest

from tests.test_ui_app import SIZE, harbour_posts, selected_id
from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, screen_text
from tui_liveblog.ui.widgets.timeline import CARD_HEIGHT

LONG_BODY = "".join(f"<p>Paragraph {n} of a long report from the quay.</p>" for n in range(80))


def long_posts() -> list[Post]:
    return [Post("long", 1, "A very long report", LONG_BODY), *harbour_posts(fillers=30)]


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_z_shows_the_detail_pane_full_screen_and_esc_leaves_it(
    size: tuple[int, int],
) -> None:
    blog = FakeBlog(harbour_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 6)
        await pilot.press("j", "z")
        await pilot.pause()
        assert app.full_detail
        assert not app.timeline.display or app.timeline.region.height == 0
        assert app.detail.region.width == size[0]  # the whole width…
        assert app.detail.region.height == size[1] - 2  # …and height (status bar, footer)
        assert app.focused is app.detail
        assert "Fireworks barge moored" in screen_text(app)
        await pilot.press("escape")  # esc leaves the full screen first…
        await pilot.pause()
        assert not app.full_detail
        assert app.timeline.region.height > 0
        assert app.focused is app.detail
        await pilot.press("escape")  # …then the detail pane's focus
        assert app.focused is app.timeline
        await pilot.press("z", "z")  # z toggles
        await pilot.pause()
        assert not app.full_detail
        assert app.timeline.region.height > 0
        assert selected_id(app) == "p4"


async def test_ctrl_d_ctrl_u_move_half_a_page_in_the_timeline() -> None:
    blog = FakeBlog(harbour_posts(fillers=60))
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 66)
        timeline = app.timeline
        half = timeline.scrollable_content_region.height // CARD_HEIGHT // 2
        assert half >= 2
        await pilot.press("ctrl+d")
        assert timeline.selected_index == half
        assert timeline.scroll_y == half * CARD_HEIGHT  # the view moved with it
        await pilot.press("ctrl+d", "ctrl+u")
        assert timeline.selected_index == half
        await pilot.press("ctrl+u")
        assert timeline.selected_index == 0


async def test_paging_keys_scroll_the_detail_pane() -> None:
    blog = FakeBlog(long_posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 37)
        await pilot.press("enter")
        detail = app.detail
        assert app.focused is detail and detail.max_scroll_y > 60
        height = detail.scrollable_content_region.height
        await pilot.press("ctrl+d")
        assert detail.scroll_y == height // 2
        await pilot.press("ctrl+d")
        assert detail.scroll_y == 2 * (height // 2)
        await pilot.press("ctrl+u")
        assert detail.scroll_y == height // 2
        await pilot.press("pagedown")
        assert detail.scroll_y == height // 2 + height
        await pilot.press("pageup", "ctrl+u")
        assert detail.scroll_y == 0
        assert selected_id(app) == "long"  # the timeline's selection did not move


async def test_p_cycles_through_the_pinned_entries() -> None:
    posts = harbour_posts(fillers=30)
    posts.append(Post("pin2", 150, "Travel: road closures all day", "<p>Closed.</p>", pinned=True))
    blog = FakeBlog(posts)
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 37)
        seen = []
        for _ in range(3):
            await pilot.press("p")
            await pilot.pause()
            seen.append(selected_id(app))
            assert app.detail.entry is not None and app.detail.entry.id == seen[-1]
            assert app.focused is app.detail  # opened
        assert seen == ["p3", "pin2", "p3"]  # in turn, round and round
        await pilot.press("escape")
        timeline = app.timeline
        top = timeline.selected_index * CARD_HEIGHT - timeline.scroll_y
        assert 0 <= top <= timeline.scrollable_content_region.height - CARD_HEIGHT  # in view


async def test_p_without_a_pinned_entry_says_so() -> None:
    blog = FakeBlog([Post("a", 5, "Only entry", "<p>Text.</p>")])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await loaded(pilot, 1)
        await pilot.press("p")
        assert notes == ["No pinned entry in the timeline."]
        assert selected_id(app) == "a"
        assert app.focused is app.timeline
