"""The command palette's Screenshot and Theme commands: the screenshot goes where it can and the
reader says where; a chosen theme is kept in the config file as the user wrote it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, until
from tui_liveblog.config import config_path, load_config
from tui_liveblog.ui.app import LiveblogApp

SIZE = (120, 40)


def blog() -> FakeBlog:
    return FakeBlog([Post("p0", minutes=5, headline="Regatta start", body="<p>Boats out.</p>")])


def noted(app: LiveblogApp) -> list[tuple[str, str]]:
    """Every notice the app shows from now on: (message, severity)."""
    notes: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, **kw: Any) -> None:
        notes.append((str(message), str(kw.get("severity", "information"))))
        original(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    return notes


async def palette(pilot: Pilot[Any], command: str) -> None:
    """Run a command from the command palette (ctrl+p), as typed by hand."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command, "enter")
    await pilot.pause()


# -- Screenshot ------------------------------------------------------------------------------------
async def test_screenshot_goes_to_the_current_folder_without_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 (14): Textual's own screenshot failed when ~/Downloads does not exist."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert not (Path.home() / "Downloads").exists()
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        notes = noted(app)
        await palette(pilot, "Screenshot")
        await until(pilot, lambda: any("creenshot" in m for m, _ in notes), "a notice")
        saved = list(here.glob("*.svg"))
        assert len(saved) == 1
        assert "<svg" in saved[0].read_text(encoding="utf-8")
        assert "Regatta" in saved[0].read_text(encoding="utf-8")  # the reader, not the palette
        assert notes == [(f"Screenshot saved: {saved[0]}", "information")]  # says where


async def test_screenshot_goes_to_downloads_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    downloads = Path.home() / "Downloads"
    downloads.mkdir()
    monkeypatch.chdir(tmp_path)
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        notes = noted(app)
        await palette(pilot, "Screenshot")
        await until(pilot, lambda: notes, "a notice")
        await palette(pilot, "Screenshot")  # the same second: a second file, not over the first
        await until(pilot, lambda: len(notes) == 2, "a second notice")
    saved = [
        downloads / "tui-liveblog_2040-06-12_12-00-00.svg",
        downloads / "tui-liveblog_2040-06-12_12-00-00-2.svg",
    ]
    assert sorted(downloads.iterdir()) == sorted(saved) and not list(tmp_path.glob("*.svg"))
    assert [m for m, _ in notes] == [f"Screenshot saved: {p}" for p in saved]  # (frozen clock)


# -- Theme -----------------------------------------------------------------------------------------
CONFIG = """\
# my reader settings
interval = 45        # seconds between refreshes

# colours
theme = "textual-dark"   # the palette may change this
tz = "UTC"

[blogs]                  # saved blogs
storm = "https://example.org/live/storm"
"""


async def choose_theme(pilot: Pilot[Any], name: str) -> None:
    await palette(pilot, "Theme")
    await pilot.press(*name, "enter")
    await pilot.pause()


async def test_a_theme_chosen_in_the_palette_is_saved_with_comments_and_order_kept() -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(CONFIG, encoding="utf-8")
    path.chmod(0o600)  # (it may hold API keys)
    app = reader(BLOG_URL, fetcher=blog().fetcher(), theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        notes = noted(app)
        await choose_theme(pilot, "nord")
        assert app.theme == "nord"
        await until(pilot, lambda: notes, "a notice")
    assert path.read_text(encoding="utf-8") == CONFIG.replace(
        'theme = "textual-dark"   #', 'theme = "nord"   #'
    )
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_config().theme == "nord"
    assert notes == [(f"Theme 'nord' saved in {path}", "information")]
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temporary file left


async def test_a_theme_is_added_to_a_config_without_one_and_a_config_is_made() -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    without = CONFIG.replace('theme = "textual-dark"   # the palette may change this\n', "")
    path.write_text(without, encoding="utf-8")
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        notes = noted(app)
        await choose_theme(pilot, "gruvbox")
        await until(pilot, lambda: notes, "a notice")
        text = path.read_text(encoding="utf-8")
        assert text.startswith(without.split("\n\n[blogs]")[0])  # comments and order kept
        assert load_config().theme == "gruvbox" and load_config().blogs
        path.unlink()
        await choose_theme(pilot, "nord")  # no config file at all: one is made
        await until(pilot, lambda: len(notes) == 2, "a second notice")
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'


async def test_a_broken_config_is_never_overwritten_and_a_notice_says_so() -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    broken = 'interval = 45\ntheme = "nord\n# a comment the user is still writing\n'
    path.write_text(broken, encoding="utf-8")
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        notes = noted(app)
        await choose_theme(pilot, "gruvbox")
        assert app.theme == "gruvbox"  # (for this session)
        await until(pilot, lambda: notes, "a notice")
    assert path.read_text(encoding="utf-8") == broken
    [(message, severity)] = notes
    assert message.startswith(f"Theme 'gruvbox' not saved: {path} has an error")
    assert "left as it is" in message and severity == "warning"
