"""Issue 14 (2): unread you can act on: "N unread" in the status bar, ``u`` / ``U`` walk the
unread entries, ``A`` marks them all read, and the unread state is the cache's, per blog."""

from __future__ import annotations

from pathlib import Path

from tests.test_ui_app import SIZE, fresh, harbour_posts
from tests.ui_support import BLOG_URL, FakeBlog, loaded, reader, refreshed, screen_text, until
from tui_liveblog.store import Store

OTHER_URL = "https://news.example/live/other-blog"


def _unread(path: Path, url: str) -> frozenset[str]:
    with Store(path) as store:
        cached = store.load(url, bodies=False)
    assert cached is not None
    return cached.unread_ids


async def _seen_once(path: Path, blog: FakeBlog) -> None:
    """A first run: the blog's entries are in the cache, none unread (nothing arrived yet)."""
    app = reader(blog.url, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)


async def _reopened_with_two_unread(path: Path, blog: FakeBlog) -> None:
    app = reader(blog.url, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 8)
        await until(pilot, lambda: app.status.unread == 2, "two unread")


async def test_u_and_shift_u_walk_the_unread_entries_and_the_status_bar_counts_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts())
    await _seen_once(path, blog)
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 6)
        assert app.status.unread == 0
        assert "unread" not in screen_text(app).splitlines()[0]
        blog.add(*(fresh(n, f"Arrival {n}") for n in (1, 2, 3)))
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 9)
        await pilot.pause()
        assert app.status.unread == 3
        assert "3 unread" in screen_text(app).splitlines()[0]
        selected = app.timeline.selected
        assert selected is not None and selected.id not in {"new1", "new2", "new3"}
        await pilot.press("u")  # nothing unread below the selection: it stays, and says so
        assert app.timeline.selected is selected
        await pilot.press("U")  # the nearest unread entry above
        await until(pilot, lambda: app.status.unread == 2, "one read")
        assert app.timeline.selected is not None and app.timeline.selected.id == "new1"
        assert "2 unread" in screen_text(app).splitlines()[0]
        await pilot.press("U")
        await until(pilot, lambda: app.status.unread == 1, "two read")
        assert app.timeline.selected is not None and app.timeline.selected.id == "new2"
        await pilot.press("j", "j")  # back down past new1 (read now)
        await pilot.press("U")
        assert app.timeline.selected is not None and app.timeline.selected.id == "new3"
        await until(pilot, lambda: app.status.unread == 0, "all read")
        assert "unread" not in screen_text(app).splitlines()[0]
        await pilot.press("u", "U")  # nothing unread: a notice, no move
        assert app.timeline.selected is not None and app.timeline.selected.id == "new3"
    assert _unread(path, BLOG_URL) == frozenset()


async def test_unread_marks_survive_a_restart_per_blog_and_shift_a_marks_all_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(harbour_posts())
    other = FakeBlog(harbour_posts(), title="Another blog", url=OTHER_URL)
    await _seen_once(path, blog)
    await _seen_once(path, other)
    for which in (blog, other):  # two arrive on each, while the reader is closed
        which.add(fresh(1, "First arrival"), fresh(2, "Second arrival"))
        await _reopened_with_two_unread(path, which)
    assert _unread(path, BLOG_URL) == _unread(path, OTHER_URL) == {"new1", "new2"}
    # a restart keeps them (offline: nothing fetched) and counts them
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 8)
        await until(pilot, lambda: app.status.unread > 0, "the unread count")
        assert app.timeline.unread_ids <= {"new1", "new2"}
        count = app.status.unread
        assert f"{count} unread" in screen_text(app).splitlines()[0]
        await pilot.press("A")
        await pilot.pause()
        assert app.status.unread == 0
        assert app.timeline.unread_ids == frozenset()
        assert "unread" not in screen_text(app).splitlines()[0]
        await until(pilot, lambda: _unread(path, BLOG_URL) == frozenset(), "the cache written")
    # read in one blog: the other keeps its unread entries
    assert _unread(path, BLOG_URL) == frozenset()
    assert _unread(path, OTHER_URL) == {"new1", "new2"}
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 8)
        await pilot.pause()
        assert app.status.unread == 0
        assert app.timeline.unread_ids == frozenset()


def test_the_unread_count_gives_way_after_the_times_and_before_the_entry_count() -> None:
    from rich.text import Text

    from tui_liveblog.ui.widgets.status_bar import fit_pieces

    def pieces() -> dict[str, Text]:
        return {
            "count": Text("30 entries"),
            "unread": Text("3 unread"),
            "changed": Text("changed 11:58"),
            "checked": Text("checked 12:00"),
        }

    wide = "30 entries  3 unread  changed 11:58  checked 12:00"
    assert fit_pieces(pieces(), 200, 24).plain == wide
    assert fit_pieces(pieces(), 26 + 35, 24).plain == "30 entries  3 unread  changed 11:58"
    assert fit_pieces(pieces(), 26 + 20, 24).plain == "30 entries  3 unread"
    assert fit_pieces(pieces(), 26 + 19, 24).plain == "30 entries"
