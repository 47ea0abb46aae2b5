"""Issue 15 (3, 4) in the reader: watch words (highlighted, the alerts a new entry with one sets
off, ``w``), and the export (``e``) and copy (``c``) of entries.

Alerts are tested by capturing what is sent: the bell (``App.bell`` counted), the notices, the
arguments a fake ``notify-send`` put on PATH writes to a file, and the OSC sequences written to
the terminal (the driver's ``write`` captured). Hermetic: the blog is a ``FakeBlog`` served
through ``httpx.MockTransport``, the clock is frozen.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui_support import (
    BLOG_URL,
    DEMO_URL,
    NOW,
    FakeBlog,
    Post,
    demo_fetcher,
    frozen,
    loaded,
    reader,
    refreshed,
    timeline_text,
    until,
)
from tui_liveblog.demo.server import DemoServer
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.body_render import WATCH_STYLE

SIZE = (120, 40)
WATCH = ["regatta", "tall ships"]


def posts() -> list[Post]:
    return [
        Post("p1", 10, "Regatta under way", "<p>The dinghies are racing.</p>"),
        Post("p2", 20, "Fireworks at ten", "<p>From the barge, as every year.</p>"),
        Post("p3", 30, "Tall ships enter the harbour", "<p>The first of twelve.</p>"),
    ]


ARRIVAL = Post("new", 1, "Regatta: the last race is off", "<p>Fog again; the jury waits.</p>")


class Captured:
    """What the alerts sent: bells, notices, terminal writes."""

    def __init__(self, app: LiveblogApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bells = 0
        self.notices: list[str] = []
        self.written: list[str] = []
        self.app = app

        def bell() -> None:
            self.bells += 1

        monkeypatch.setattr(app, "bell", bell)
        original = app.notify

        def notify(message: str, **kwargs: Any) -> None:
            self.notices.append(str(message))
            original(message, **kwargs)

        monkeypatch.setattr(app, "notify", notify)

    def capture_driver(self, monkeypatch: pytest.MonkeyPatch) -> None:
        driver = self.app._driver
        assert driver is not None
        monkeypatch.setattr(driver, "write", self.written.append)

    @property
    def watch_notices(self) -> list[str]:
        return [n for n in self.notices if n.startswith("Watch word in")]


@pytest.fixture
def fake_notify_send(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A ``notify-send`` on PATH that writes its arguments (one a line) to a file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    out = tmp_path / "notify-send.args"
    script = folder / "notify-send"
    script.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done >> "{out}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("TMUX", raising=False)
    yield out


def no_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("TMUX", raising=False)


async def test_a_new_entry_with_a_watch_word_rings_notices_and_calls_notify_send(
    monkeypatch: pytest.MonkeyPatch, fake_notify_send: Path
) -> None:
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=WATCH)
    captured = Captured(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        await until(pilot, lambda: app._watch_armed, "the first refresh")
        # entries there when the blog was opened (two with a watch word) never alert
        assert captured.bells == 0 and not captured.watch_notices
        blog.add(Post("plain", 2, "Ice cream queues", "<p>Long ones.</p>"))
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 4)
        assert captured.bells == 0 and not captured.watch_notices  # (no watch word)
        blog.add(ARRIVAL)
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 5)
        assert captured.bells == 1
        assert captured.watch_notices == [f"Watch word in {blog.title[:39]}…:\n{ARRIVAL.headline}"]
        await until(
            pilot,
            lambda: (
                fake_notify_send.exists() and len(fake_notify_send.read_text().splitlines()) >= 4
            ),
            "notify-send's arguments",
        )
    args = fake_notify_send.read_text().splitlines()
    assert args[:2] == ["--app-name=liveblog", "--"]
    assert args[2].endswith(": Regatta: the last race is off")
    assert args[3] == "Fog again; the jury waits."


async def test_without_a_desktop_the_alert_goes_to_the_terminal_as_osc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_desktop(monkeypatch)
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=WATCH)
    captured = Captured(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        await until(pilot, lambda: app._watch_armed, "the first refresh")
        captured.capture_driver(monkeypatch)
        blog.add(ARRIVAL)
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 4)
        osc = [w for w in captured.written if "]777;" in w]
        assert len(osc) == 1
        monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
        blog.add(Post("new2", 0.5, "Tall  ships leave", "<p>At dusk.</p>"))
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 5)
    title = f"{blog.title[:39]}…: Regatta: the last race is off"
    assert osc[0] == (
        f"\x1b]777;notify;{title};Fog again; the jury waits.\x07"
        f"\x1b]9;{title} — Fog again; the jury waits.\x07"
    )
    tmux = [w for w in captured.written if w.startswith("\x1bPtmux;")]
    assert (
        len(tmux) == 1
        and "\x1b\x1b]777;notify;" in tmux[0]
        and ": Tall ships leave;At dusk." in tmux[0]
    )


async def test_alerts_turned_off_in_the_config_do_not_fire(
    monkeypatch: pytest.MonkeyPatch, fake_notify_send: Path
) -> None:
    blog = FakeBlog(posts())
    off = {"bell": False, "notice": False, "desktop": False}
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=WATCH, alerts=off)
    captured = Captured(app, monkeypatch)
    sent: list[list[str]] = []
    monkeypatch.setattr(app, "_notify_send", sent.append)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        await until(pilot, lambda: app._watch_armed, "the first refresh")
        captured.capture_driver(monkeypatch)
        blog.add(ARRIVAL)
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 4)
    assert captured.bells == 0
    assert not captured.watch_notices
    assert sent == []  # (on, notify-send would have been started: DISPLAY is set)
    assert not any("]777;" in w for w in captured.written)


async def test_only_the_bell_when_the_others_are_off(monkeypatch: pytest.MonkeyPatch) -> None:
    no_desktop(monkeypatch)
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=WATCH, alerts={"notice": False})
    captured = Captured(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        await until(pilot, lambda: app._watch_armed, "the first refresh")
        captured.capture_driver(monkeypatch)
        blog.add(ARRIVAL)
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 4)
    assert captured.bells == 1 and not captured.watch_notices
    assert any("]777;" in w for w in captured.written)  # (desktop still on)


async def test_entries_from_the_cache_and_those_there_at_opening_never_alert(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cached blog reopened: its history, and the entries posted while it was closed (the
    first refresh brings them), were there when it was opened."""
    no_desktop(monkeypatch)
    blog = FakeBlog(posts())
    path = tmp_path / "cache.sqlite"
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with first.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
    blog.add(ARRIVAL)  # posted while the reader was closed
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), watch=WATCH)
    captured = Captured(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 4)
        await until(pilot, lambda: app._watch_armed, "the first refresh")
        captured.capture_driver(monkeypatch)
        await refreshed(pilot, blog, lambda: True)
        assert captured.bells == 0 and not captured.watch_notices
        blog.add(Post("later", 0.5, "The regatta resumes", "<p>Wind at last.</p>"))
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 5)
        assert captured.bells == 1  # (and a new one does)
    assert len(captured.watch_notices) == 1 and "The regatta resumes" in captured.watch_notices[0]


async def test_watch_words_are_highlighted_in_cards_and_detail() -> None:
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=["REGATTA"])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        strips = app.timeline._cards.lines(
            app.timeline.entry_at(0), 60, selected=False, focused=False, unread=False, now=frozen
        )
        marked = [s.text for strip in strips for s in strip if s.style and s.style.reverse]
        assert marked == ["Regatta"]  # (bold and reversed: legible without colour too)
        assert all(s.style.bold for strip in strips for s in strip if s.style and s.style.reverse)
        header = app.detail._renderable.renderables[0]  # type: ignore[attr-defined]
        spans = [header.plain[s.start : s.end] for s in header.spans if s.style == WATCH_STYLE]
        assert spans == ["Regatta"]


async def test_w_shows_the_watch_matches_and_w_or_esc_all() -> None:
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=WATCH)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        await pilot.press("w")
        assert [app.timeline.entry_at(i).id for i in range(app.timeline.entry_count)] == [
            "p1",
            "p3",
        ]
        assert app.status.matching == 2
        await pilot.press("w")
        assert app.timeline.entry_count == 3
        await pilot.press("w")
        assert app.timeline.entry_count == 2
        await pilot.press("escape")
        assert app.timeline.entry_count == 3 and not app.watch_only


async def test_w_says_when_nothing_matches_or_no_words_are_set() -> None:
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("w")
        assert app.timeline.entry_count == 0
        assert "No watch words" in timeline_text(app)
        assert "No watch words: add watch = [...] to config.toml or use --watch." in notes
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=["volcano"])
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        await pilot.press("w")
        assert app.timeline.entry_count == 0
        assert "No entries with a watch word yet" in timeline_text(app)


async def test_e_writes_the_filtered_view_to_a_markdown_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=WATCH)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("w", "e")
        await until(pilot, lambda: any(n.startswith("Exported") for n in notes), "the export")
        await pilot.press("e")
        await until(pilot, lambda: len(list(tmp_path.glob("*.md"))) == 2, "a second export")
    files = sorted(tmp_path.glob("*.md"))
    first = (
        tmp_path / "harbour-festival-live-tall-ships-fireworks-and-the-regatta-2040-06-12-1200.md"
    )
    assert files == [first.with_name(first.stem + "-2.md"), first]  # (never overwritten)
    text = first.read_text()
    assert text.startswith(f"# {blog.title}\n\n<{BLOG_URL}>")
    assert "Regatta under way" in text and "Tall ships enter the harbour" in text
    assert "Fireworks" not in text  # (the view's entries only)
    assert text.index("Regatta under way") < text.index("Tall ships")  # newest first
    assert "The dinghies are racing." in text  # (the body)
    assert f"Exported 2 entries to {first}" in notes


async def test_c_copies_the_entry_as_markdown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    copied: list[str] = []
    notes: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("j", "c")
    assert copied == [
        "## 2040-06-12 11:40 UTC — Fireworks at ten\n\n*by Ada Quill*\n\n"
        "From the barge, as every year.\n\n"
        f"[Link](<{BLOG_URL}#p2>)\n"
    ]
    assert notes == ["Sent the entry as Markdown to the terminal's clipboard:\nFireworks at ten"]


async def test_c_cuts_a_long_entry_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    blog = FakeBlog([Post("long", 5, "Long", "<p>" + "word " * 10_000 + "</p>")])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    copied: list[str] = []
    notes: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 1)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("c")
    assert len(copied) == 1 and len(copied[0]) < 20_000
    assert "cut to" in notes[0]


# -- the picture ------------------------------------------------------------------------------------
SnapCompare = Callable[..., bool]


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    with DemoServer(interval=None, clock=frozen, start_at=NOW) as server:
        yield server


def test_watch_view(snap_compare: SnapCompare, demo: DemoServer) -> None:
    """``w`` on the demo blog with two watch words: their matches only, highlighted."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("w")

    app = reader(DEMO_URL, fetcher=demo_fetcher(demo), watch=["crew", "orbit"])
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_an_alert_names_a_saved_blog_by_its_saved_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opened by its saved name (the CLI sets it), a blog's alerts call it so, not by its
    (long) title."""
    no_desktop(monkeypatch)
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher(), watch=WATCH)
    app.saved_name = "regatta"
    captured = Captured(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 3)
        await until(pilot, lambda: app._watch_armed, "the first refresh")
        blog.add(ARRIVAL)
        await refreshed(pilot, blog, lambda: app.timeline.entry_count == 4)
        assert captured.watch_notices == [f"Watch word in regatta:\n{ARRIVAL.headline}"]


def test_the_cli_gives_the_reader_the_saved_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tui_liveblog.cli import read
    from tui_liveblog.config import Config

    config = Config()
    config.blogs = {"regatta": BLOG_URL}
    assert read._saved_name(config, BLOG_URL) == "regatta"
    assert read._saved_name(config, "https://elsewhere.example/") is None
