"""The home screen (issue 15, point 2): saved blogs with their counts from the cache, refreshed
in the background, enter to open and esc back through the CLI's loop; the start screen; ``a``
in the reader saves the blog. Clocks frozen, blogs served through ``httpx.MockTransport``."""

from __future__ import annotations

import argparse
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from tests.ui_support import BLOG_URL, NOW, FakeBlog, Post, frozen, loaded, reader, until
from tui_liveblog.cli import home as cli_home
from tui_liveblog.cli import read
from tui_liveblog.config import Config
from tui_liveblog.follow import BlogFeed
from tui_liveblog.model import Blog, Entry, Snapshot
from tui_liveblog.store import Store
from tui_liveblog.store.overview import BlogLine, overview
from tui_liveblog.ui.app import BACK_HOME
from tui_liveblog.ui.home.app import HomeApp
from tui_liveblog.ui.home.start import DEMO, StartApp
from tui_liveblog.ui.save_blog import NameScreen, suggest_name

OTHER_URL = "https://news.example/live/storm"
SnapCompare = Callable[..., bool]


def cached(store: Store, url: str, title: str, *texts: str, live: bool = True) -> None:
    """A blog in the cache: its entries, the newest first; all but the oldest unread."""
    entries = [
        Entry(f"e{i}", title=t, text=f"{t} text", published=NOW.replace(hour=10, minute=i))
        for i, t in enumerate(reversed(texts))
    ]
    snapshot = Snapshot(Blog(url, title, "jsonld", live=live), tuple(entries[:1]))
    store.merge(url, snapshot, fetched_at=NOW, mark_unread=False)
    store.merge(url, Snapshot(snapshot.blog, tuple(entries)), fetched_at=NOW)


def rows(app: HomeApp) -> list[str]:
    """Each blog's two lines, as their prompt renders them."""
    out = []
    for option in app.blog_list.options:
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(option.prompt)
        out.append(console.export_text())
    return out


def test_overview_reads_counts_titles_and_headlines(tmp_path: Path) -> None:
    with Store(tmp_path / "c.sqlite3") as store:
        cached(store, BLOG_URL, "Harbour festival", "Boats", "Fireworks at ten")
        cached(store, OTHER_URL, "Storm", "Winds", live=False)
    lines = overview(tmp_path / "c.sqlite3", [BLOG_URL, OTHER_URL, "https://x.example/"])
    assert lines == {
        BLOG_URL: BlogLine("Harbour festival", 1, True, "Boats", NOW),
        OTHER_URL: BlogLine("Storm", 0, False, "Winds", NOW),
    }


async def test_home_lists_blogs_with_their_counts_and_enter_opens() -> None:
    lines = {
        "harbour": BlogLine("Harbour festival", 4, True, "Fireworks at ten"),
        "storm": BlogLine("Storm live", 0, False, "Winds ease"),
    }
    app = HomeApp([("harbour", BLOG_URL), ("storm", OTHER_URL), ("new", "https://n.example/")],
                  lines, selected="storm")  # fmt: skip
    async with app.run_test(size=(100, 24)) as pilot:
        text = "\n".join(rows(app))
        assert "harbour" in text and "4 new" in text and "Fireworks at ten" in text
        assert "ended" in text and "Storm live" in text and "not fetched yet" in text
        assert app.blog_list.selected_name == "storm"
        await pilot.press("j")
        assert app.blog_list.selected_name == "new"
        await pilot.press("k", "k")
        await pilot.press("enter")
    assert app.return_value == "harbour"


async def test_home_refreshes_each_blog_in_the_background(tmp_path: Path) -> None:
    blog = FakeBlog([Post("p1", 30, "Boats gather")])
    broken = FakeBlog(url=OTHER_URL, fail=503)
    with Store(tmp_path / "c.sqlite3") as store:
        cached(store, BLOG_URL, blog.title, "Boats gather")
        fetchers = {BLOG_URL: blog.fetcher(), OTHER_URL: broken.fetcher()}

        def make_feed(url: str) -> BlogFeed:
            return BlogFeed(url, fetcher=fetchers[url], store=store, clock=frozen)

        blog.add(Post("p2", 1, "Fireworks moved to eleven"))
        lines = {"harbour": BlogLine(blog.title, 0, True, "Boats gather")}
        app = HomeApp([("harbour", BLOG_URL), ("storm", OTHER_URL)], lines,
                      make_feed=make_feed, interval=3600)  # fmt: skip
        async with app.run_test(size=(100, 24)) as pilot:
            await until(pilot, lambda: "Fireworks moved" in rows(app)[0], "the refresh")
            await until(pilot, lambda: "HTTP 503" in rows(app)[1], "the error")
            assert "2 new" in rows(app)[0]  # (p1 and p2: the cache had only e0)
        assert overview(store.path, [BLOG_URL])[BLOG_URL].unread == 2  # (kept in the cache)
        for fetcher in fetchers.values():
            await fetcher.aclose()


async def test_esc_in_a_reader_opened_from_home_goes_back(tmp_path: Path) -> None:
    blog = FakeBlog([Post("p1", 3, "Boats gather")])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    app.back_home = True
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")  # the detail pane: esc closes it first
        await pilot.press("escape")
        assert app.is_running
        await pilot.press("escape")
    assert app.return_value == BACK_HOME
    direct = reader(BLOG_URL, fetcher=FakeBlog([Post("p1", 3, "x")]).fetcher())
    async with direct.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        assert direct.is_running  # (opened directly: esc closes nothing, as before)


def test_the_cli_loop_goes_home_and_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """enter opens the reader, esc there brings the home screen back on the same blog."""
    chosen = iter(["storm", None])
    homes: list[str | None] = []
    readers: list[tuple[str, bool]] = []

    def fake_home(
        args: Any, config: Any, blogs: Any, selected: str | None, groups: Any = None
    ) -> str | None:
        homes.append(selected)
        return next(chosen)

    def fake_reader(args: Any, config: Any, source: str, *, out: Any, home: bool) -> int:
        readers.append((source, home))
        return read.HOME

    monkeypatch.setattr(read, "interactive", lambda: True)
    monkeypatch.setattr(read, "read_last", lambda args, config: "harbour")
    monkeypatch.setattr(cli_home, "run_home", fake_home)
    monkeypatch.setattr(read, "run_reader", fake_reader)
    config = Config()
    config.blogs = {"harbour": BLOG_URL, "storm": OTHER_URL}
    assert cli_home.cmd_home(argparse.Namespace(), config, io.StringIO()) == 0
    assert homes == ["harbour", "storm"]
    assert readers == [(OTHER_URL, True)]


async def test_start_screen_offers_the_demo() -> None:
    app = StartApp(cli_home.START_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
    assert app.return_value == DEMO
    app = StartApp(cli_home.START_TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
    assert app.return_value is None


def test_a_is_in_the_help_and_the_palette() -> None:
    from tui_liveblog.ui.app import LiveblogApp

    assert dict(LiveblogApp.help_rows())["o / y / a"].endswith("; save blog")
    assert any(k.action == "save_blog" for k in LiveblogApp.described_keys())


def test_a_name_is_suggested() -> None:
    assert suggest_name("Harbour festival live: tall ships", BLOG_URL) == "harbour-festival-live"
    assert suggest_name(None, "https://www.example.com/live") == "example"
    assert suggest_name("", "/tmp/storm-blog.html") == "storm-blog"


async def test_a_saves_the_blog_under_a_name() -> None:
    blog = FakeBlog([Post("p1", 3, "Boats gather")])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, NameScreen)
        await pilot.press(*["ctrl+u"], "h", "b", "enter")
        await until(pilot, config.exists, "the config written")
        await until(pilot, lambda: any("Saved as hb" in str(n.message) for n in app._notifications))
    assert config.read_text() == f'[blogs]\nhb = "{BLOG_URL}"\n'


async def test_the_demo_cannot_be_saved() -> None:
    blog = FakeBlog([Post("p1", 3, "Boats gather")])
    app = reader(BLOG_URL, fetcher=blog.fetcher(), cache_key="demo:selene")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert not isinstance(app.screen, NameScreen)
        assert any("demo cannot be saved" in str(n.message) for n in app._notifications)


def home_for_picture() -> HomeApp:
    lines = {
        "harbour": BlogLine("Harbour festival live: tall ships, fireworks and the regatta", 4,
                            True, "Fireworks moved to eleven because of the wind"),
        "storm": BlogLine("Storm Ilse: power cuts and closed roads", 0, False, "The last update"),
        "vote": BlogLine("Election night, as it happened", 12, True,
                         "Turnout at 61% in the capital, the highest since 1998"),
    }  # fmt: skip
    blogs = [(n, f"https://news.example/live/{n}") for n in ("harbour", "storm", "vote", "new")]
    return HomeApp(blogs, lines, selected="storm")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_home_snapshot(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(home_for_picture(), terminal_size=size)


def test_a_saved_group_is_on_the_home_screen_and_opens_as_one_timeline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 16 (1): a saved group is listed after the blogs (its blogs' unread entries
    together), and opens as one timeline, from which esc comes back home."""
    from tui_liveblog.store.overview import BlogLine

    chosen = iter(["both", None])
    seen: dict[str, Any] = {}
    groups_read: list[tuple[list[Any], bool]] = []

    def fake_home(
        args: Any, config: Any, blogs: Any, selected: str | None, groups: Any = None
    ) -> str | None:
        seen["blogs"], seen["groups"] = list(blogs), groups
        return next(chosen)

    def fake_group(args: Any, config: Any, sources: Any, *, home: bool) -> int:
        groups_read.append((sources, home))
        return read.HOME

    monkeypatch.setattr(read, "interactive", lambda: True)
    monkeypatch.setattr(read, "read_last", lambda args, config: None)
    monkeypatch.setattr(cli_home, "run_home", fake_home)
    monkeypatch.setattr(read, "run_group_reader", fake_group)
    config = Config()
    config.blogs = {"harbour": BLOG_URL, "storm": OTHER_URL}
    config.groups = {"both": ["harbour", "storm"]}
    assert cli_home.cmd_home(argparse.Namespace(), config, io.StringIO()) == 0
    assert [name for name, _ in seen["blogs"]] == ["harbour", "storm", "both"]
    assert groups_read == [([("harbour", BLOG_URL), ("storm", OTHER_URL)], True)]
    # its line: both blogs' unread entries, the newest headline of the two
    from datetime import UTC, datetime

    older, newer = datetime(2040, 1, 1, tzinfo=UTC), datetime(2040, 1, 2, tzinfo=UTC)
    line = cli_home._group_line(
        seen["groups"]["both"],
        {
            BLOG_URL: BlogLine("Harbour", 2, True, "Old news", older),
            OTHER_URL: BlogLine("Storm", 3, False, "Fresh news", newer),
        },
    )
    assert line == BlogLine("harbour + storm", 5, True, "Fresh news", newer)
