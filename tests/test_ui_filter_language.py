"""The reader's filter language (issue 14, point 5): by:, -word and phrases in the filter bar,
what is highlighted, the history up and down recall (kept across runs) and each blog's kept
filter, applied again when it is reopened."""

from __future__ import annotations

from pathlib import Path

from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, screen_text, until
from tui_liveblog.filter_history import LIMIT, SETTING, FilterHistory
from tui_liveblog.store import Store
from tui_liveblog.ui.widgets.filter_bar import FilterBar

SIZE = (120, 40)
OTHER_URL = "https://news.example/live/other-blog"


def posts() -> list[Post]:
    return [
        Post("p0", 50, "Tall ships enter the harbour", "<p>Twelve ships.</p>", author="Ann Writer"),
        Post("p1", 40, "Regatta start delayed by fog", "<p>Postponed.</p>", author="Ben Ortiz"),
        Post("p2", 30, "Fireworks at ten", "<p>Ann Writer's tip: the quay.</p>", author="Desk"),
        Post("p3", 20, "Regatta under way", "<p>The fog lifted at last.</p>", author="Ann Writer"),
        Post("p4", 10, "Harbour wall closed", "<p>The harbour\n wall is shut.</p>", author="Desk"),
    ]


def shown(app: object) -> list[str]:
    from tui_liveblog.ui.app import LiveblogApp

    assert isinstance(app, LiveblogApp)
    timeline = app.timeline
    return [timeline.entry_at(index).id for index in range(timeline.entry_count)]


async def test_by_minus_and_phrases_in_the_filter_bar_and_what_is_marked() -> None:
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 5)
        await pilot.press("slash", *"by:ann")
        assert shown(app) == ["p3", "p0"]  # not p2, whose text names her
        await pilot.press(*" -fog")
        assert shown(app) == ["p0"]
        # by: names are marked in the authors only; an excluded word nowhere
        assert app.timeline.highlight_words == ()
        assert app.detail.authors == ("ann",) and app.detail.words == ()
        await pilot.press("escape")
        await pilot.press("slash", *'"harbour wall" -by:desk')
        assert shown(app) == []
        assert "No entries match '\"harbour wall\" -by:desk'" in screen_text(app)
        await pilot.press(*["backspace"] * len(" -by:desk"))
        assert shown(app) == ["p4"]  # across a line break
        assert app.timeline.highlight_words == ("harbour wall",)
        assert app.detail.words == ("harbour wall",)
        await pilot.press("enter")
        assert "1 of 5" in screen_text(app)
        # a lone '-' says nothing (yet)
        await pilot.press("escape", "slash", "-")
        assert len(shown(app)) == 5


def test_the_history_has_no_repeats_newest_last_and_a_limit() -> None:
    history = FilterHistory(["a", 3, "b", None, "a"])  # (what is not a filter is skipped)
    assert history.items == ["b", "a"]
    for n in range(LIMIT + 20):
        history.add(f"f{n}")
    history.add("  ")
    assert len(history.items) == LIMIT and history.items[-1] == f"f{LIMIT + 19}"
    assert history.items[0] == "f20"
    history = FilterHistory(["one", "two"])
    assert history.newer() is None  # nothing recalled: down does nothing
    assert history.older("typed") == "two"
    assert history.older("two") == "one"
    assert history.older("one") is None  # the oldest: stays
    assert history.newer() == "two"
    assert history.newer() == "typed"  # what was being typed comes back
    assert history.newer() is None


async def test_up_and_down_recall_earlier_filters_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(posts())
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with first.run_test(size=SIZE) as pilot:
        await loaded(pilot, 5)
        for text in ("regatta", "by:ann -fog", "regatta"):  # (used again: the newest)
            await pilot.press("slash", *text, "enter")
            await pilot.press("escape")  # (cleared: the history keeps it)
        await pilot.press("slash", *"not kept", "escape")  # esc: not a kept filter
        assert not first.query_one(FilterBar).is_open
    with Store(path) as store:
        assert store.setting(SETTING) == ["by:ann -fog", "regatta"]

    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 5)  # (nothing kept: esc cleared it)
        bar = app.query_one(FilterBar)
        await pilot.press("slash", *"tall")
        assert shown(app) == ["p0"]
        await pilot.press("up")
        assert bar.value == "regatta" and shown(app) == ["p3", "p1"]
        await pilot.press("up")
        assert bar.value == "by:ann -fog" and shown(app) == ["p0"]
        await pilot.press("up")  # the oldest: stays
        assert bar.value == "by:ann -fog"
        await pilot.press("down")
        assert bar.value == "regatta"
        await pilot.press("down")
        assert bar.value == "tall" and shown(app) == ["p0"]  # what was typed, back
        await pilot.press("down")
        assert bar.value == "tall"


async def test_the_kept_filter_is_applied_again_when_the_blog_is_reopened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(posts())
    other = FakeBlog(posts(), url=OTHER_URL)
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with first.run_test(size=SIZE) as pilot:
        await loaded(pilot, 5)
        await pilot.press("slash", *"Regatta -DELAYED", "enter")
        assert shown(first) == ["p3"]
    another = reader(OTHER_URL, fetcher=other.fetcher(), store=Store(path))
    async with another.run_test(size=SIZE) as pilot:
        await loaded(pilot, 5)  # another blog: its own (no) filter

    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        await pilot.pause()
        bar = app.query_one(FilterBar)
        assert shown(app) == ["p3"] and bar.is_open and bar.value == "Regatta -DELAYED"
        assert app.timeline.has_focus
        assert "1 of 5" in screen_text(app)
        await pilot.press("escape")  # clears it, and forgets it
        await until(pilot, lambda: app.timeline.entry_count == 5, "all entries")
        assert not bar.is_open

    again = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot, 5)
        assert not again.query_one(FilterBar).is_open and not again.filter_query


async def test_a_filter_that_filters_nothing_is_not_kept(tmp_path: Path) -> None:
    """A lone "-" or "by:" filters nothing: kept, it only cost the next start its pre-painted
    first screen (the cache's peek saw a kept filter, the reader applied none)."""
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 5)
        await pilot.press("slash", *"regatta", "enter")
        await pilot.press("slash", *["backspace"] * 7, *"by:", "enter")
        assert app.timeline.entry_count == 5
    with Store(path) as store:
        assert "filter" not in store.reader_state(BLOG_URL)
