"""The first screen drawn before Textual: its layout, the terminal's mode around it, Textual's
takeover of it (a driver that keeps the screen), and, in a real terminal (tmux), no blank frame
between the two."""

from __future__ import annotations

import asyncio
import fcntl
import io
import os
import pty
import re
import shlex
import shutil
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui_liveblog import prepaint
from tui_liveblog.model import Blog, Entry, Media, Snapshot
from tui_liveblog.store.peek import FILE_NAME, Card, Peek, newest

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
_CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def cards(n: int, unread: frozenset[str] = frozenset()) -> Peek:
    return Peek(
        "Storm live",
        n,
        [Card(e.id, e.published, e.authors, e.title, e.text, e.id in unread) for e in entries(n)],
    )


def entries(n: int) -> list[Entry]:
    return [
        Entry(
            id=f"e{i}",
            published=NOW - timedelta(minutes=i),
            authors=("Ana Ruiz",),
            title=f"Headline number {n - i}",
            text=f"Crews worked through the night, update {n - i}.",
        )
        for i in range(n)
    ]


def grid(text: str, size: tuple[int, int]) -> list[str]:
    """The screen ``text`` draws (cursor moves and clears followed; styles dropped)."""
    width, height = size
    rows = [[" "] * width for _ in range(height)]
    row = col = 0
    at = 0
    for m in _CSI.finditer(text + "\x1b[0m"):
        for char in text[at : m.start()]:
            if 0 <= row < height and 0 <= col < width:
                rows[row][col] = char
            col += 1
        at = m.end()
        code = m.group()
        if code.endswith("H"):
            parts = code[2:-1].split(";") if code[2:-1] else ["1", "1"]
            row, col = int(parts[0]) - 1, int(parts[1]) - 1
    return ["".join(r) for r in rows]


def test_the_first_screen_puts_header_cards_and_border_where_the_reader_does() -> None:
    peek = cards(30, frozenset({"e0", "e1"}))._replace(unread=2)
    shown = grid(prepaint.screen(peek, (120, 40), NOW), (120, 40))
    assert shown[0].startswith("  ● LIVE  Storm live")
    assert shown[0].rstrip().endswith("30 entries  1 unread")
    # cards of four rows from row 2, the newest first and selected: read, as the reader marks
    # the entry it opens on as it shows it; the next one with its unread dot
    assert shown[1].startswith(f"▌  {NOW:%H:%M} (just now)  Ana Ruiz")
    assert shown[2].startswith("▌  Headline number 30")
    assert shown[3].startswith("▌  Crews worked through the night, update 30.")
    assert shown[4][:60].strip() == ""
    assert shown[5].startswith(f" ● {NOW - timedelta(minutes=1):%H:%M} (1 min ago)  Ana Ruiz")
    assert shown[6].startswith("   Headline number 29")
    # the detail pane's border down the middle, its pane empty
    assert all(line[60] == "▊" for line in shown[1:38])
    assert all(line[61:].strip() == "" for line in shown[1:38])
    # no card below the last whole one, nothing over the footer's row
    assert shown[39].strip() == ""


def test_the_header_says_what_the_readers_will() -> None:
    """The reader's badge for a blog from the cache, its count and when it last changed."""
    fetched = datetime(2026, 12, 7, 11, 58, 7, tzinfo=UTC)
    paris = timezone(timedelta(hours=1))
    base = cards(2)._replace(fetched_at=fetched)
    for peek, offline, badge in (
        (base, False, " ● LIVE "),
        (base._replace(live=True), False, " ● LIVE "),
        (base._replace(live=False), False, " ENDED "),
        (base._replace(live=False), True, " OFFLINE "),
    ):
        text = prepaint.screen(peek, (120, 20), NOW.astimezone(paris), offline=offline)
        header = grid(text, (120, 20))[0]
        assert header.startswith(f" {badge} Storm live")
        # (in the reader's zone; the status bar keeps three columns free at its right)
        assert header.endswith("2 entries  changed 12:58   ")


def test_the_header_counts_the_unread_entries_as_the_readers_will() -> None:
    """Issue 14 (2): "N unread" beside the count (less the entry the reader opens on, which it
    marks read); it gives way after the change time when the line is short."""
    fetched = datetime(2026, 12, 7, 11, 58, 7, tzinfo=UTC)
    peek = cards(30, frozenset({"e0", "e3", "e4", "e5"}))._replace(fetched_at=fetched, unread=4)
    header = grid(prepaint.screen(peek, (120, 20), NOW), (120, 20))[0]
    assert header.endswith("30 entries  3 unread  changed 11:58   ")
    assert header.startswith("  ● LIVE  Storm live")
    read = peek._replace(unread=0, cards=[c._replace(unread=False) for c in peek.cards])
    assert "unread" not in grid(prepaint.screen(read, (120, 20), NOW), (120, 20))[0]
    long = peek._replace(title="A very long blog title that keeps going on and on")
    narrow = grid(prepaint.screen(long, (60, 20), NOW), (60, 20))[0]
    assert narrow.endswith("30 entries  3 unread   ") and "changed" not in narrow
    narrower = grid(prepaint.screen(long, (56, 20), NOW), (56, 20))[0]
    assert narrower.endswith("30 entries   ") and "unread" not in narrower


@pytest.mark.parametrize(("width", "border"), [(120, 60), (121, 60), (133, 66), (200, 100)])
def test_the_border_sits_where_textual_puts_it(width: int, border: int) -> None:
    """(Compared with the reader in tmux: an odd column goes to the detail pane.)"""
    shown = grid(prepaint.screen(cards(5), (width, 30), NOW), (width, 30))
    assert shown[5].index("▊") == border


def test_a_narrow_screen_stacks_the_detail_pane_under_the_cards() -> None:
    shown = grid(prepaint.screen(cards(30), (80, 24), NOW), (80, 24))
    rule = next(i for i, line in enumerate(shown) if line.startswith("▔" * 80))
    assert rule == 14  # (row 15, where the reader's detail pane starts at 80x24)
    assert all(line.strip() == "" for line in shown[rule + 1 :])
    assert "Headline number 30" in shown[2]
    assert "▊" not in "".join(shown)


def test_ascii_glyphs_and_long_texts_cut_to_the_card() -> None:
    long = Card("x", NOW, (), "A very long headline " * 10, "t", True)
    shown = grid(
        prepaint.screen(Peek("Storm live", 1, [long]), (120, 10), NOW, ascii_only=True), (120, 10)
    )
    assert shown[1].startswith(f">  {NOW:%H:%M} (just now)")  # (read: the reader opens it)
    assert shown[2].startswith(">  A very long headline") and shown[2][:59].endswith("...")
    assert shown[2][59] == " " and shown[2][60] == "|"
    assert "1 entry" in shown[0]


def test_nothing_from_the_network_reaches_the_terminal_as_a_control_sequence() -> None:
    hostile = Card(
        "x",
        NOW,
        ("\x1b]0;pwned\x07Eve",),
        "Title \x1b[31mred\x1b[0m \x9b2J",
        "text \x1b[2J cleared",
        False,
    )
    text = prepaint.screen(Peek("Blog \x1b[?1049l", 1, [hostile]), (120, 10), NOW)
    ours = {"\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[?25l", "\x1b[H", "\x1b[2J"}
    for code in _CSI.findall(text):
        assert code in ours or re.fullmatch(r"\x1b\[\d+;\d+H", code), repr(code)
    assert "\x07" not in text and "\x9b" not in text and "\x1b]" not in text
    assert "Title red" in "".join(grid(text, (120, 10)))
    assert "Eve" in "".join(grid(text, (120, 10)))


def test_the_cache_is_peeked_at_without_the_store(tmp_path: Path) -> None:
    url = "https://news.example/live/peek"
    _build_cache(tmp_path, url, 12)
    path = tmp_path / "tui-liveblog" / FILE_NAME
    peek = newest(path, url + "#fragment", 3)  # (the same key as the store's)
    assert peek is not None
    assert (peek.title, peek.entries) == ("Takeover test", 12)
    assert [c.title for c in peek.cards] == [
        "Headline number 12",
        "Headline number 11",
        "Headline number 10",
    ]
    assert peek.cards[0].published == NOW and peek.cards[0].authors == ("Ana Ruiz",)
    assert not any(c.unread for c in peek.cards)
    assert (peek.unread, peek.place) == (0, None)
    assert newest(path, "https://news.example/other", 3) is None
    assert newest(tmp_path / "missing.sqlite3", url, 3) is None
    (tmp_path / "garbage.sqlite3").write_bytes(b"not a database" * 100)
    assert newest(tmp_path / "garbage.sqlite3", url, 3) is None
    for version in (3, 4, 5):  # earlier schemas whose records it reads, and this one's
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {version}")
        conn.close()
        peeked = newest(path, url, 3)
        assert peeked is not None and peeked.entries == 12
    for version in (1, 6):  # a file the store would upgrade or set aside first
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {version}")
        conn.close()
        assert newest(path, url, 3) is None


def test_a_place_kept_past_the_first_frame_is_not_pre_painted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14 (1): the reader reopens on the kept place, and the first screen is drawn there
    (test_a_kept_place_is_drawn_where_textual_reopens_on_it) when the reader's first frame
    holds it; past that, the reader finds it in the whole history, later: no first screen
    (never one the reader's first frame would move)."""
    import argparse

    from tui_liveblog.cli import read
    from tui_liveblog.store import Store

    url = "https://news.example/live/peek"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _build_cache(tmp_path, url, 12)
    with Store(tmp_path / "tui-liveblog" / FILE_NAME) as store:
        store.merge(
            url,
            Snapshot(Blog(url, "Takeover test", "jsonld"), tuple(entries(14))),
            fetched_at=NOW,
            mark_unread=True,
        )  # (two more, unread)
    painted: list[Peek] = []
    monkeypatch.setattr(prepaint, "holding", lambda: True)
    monkeypatch.setattr(prepaint, "paint", lambda peek, *a, **k: painted.append(peek))
    args = argparse.Namespace(no_cache=False, offline=True)
    path = tmp_path / "tui-liveblog" / FILE_NAME
    for place, drawn in (
        (None, True),
        ({"id": "e0", "row": 0, "at": NOW.isoformat()}, True),
        ({"id": "e0", "row": 8, "at": NOW.isoformat()}, True),
        ({"id": "e5", "row": 20, "at": NOW.isoformat()}, True),
        ({"id": "gone", "row": 20, "at": NOW.isoformat()}, True),  # (the newest, then)
    ):
        with Store(path) as store:
            store.save_reader_state(url, place=place)
        painted.clear()
        read._first_screen(args, url, UTC, False)
        assert bool(painted) is drawn, place
        peek = newest(path, url, 3)
        assert peek is not None and peek.unread == 2
        assert peek.place == (None if place is None else (place["id"], place["row"]))
    with Store(path) as store:
        store.save_reader_state(url, place={"id": "e13", "row": 4, "at": NOW.isoformat()})
    peek = newest(path, url, 3, pinned_within=14)  # (e13 is the 14th: in the first frame)
    assert peek is not None and peek.place_index == 13 and peek.first == 10
    assert [c.id for c in peek.cards] == ["e10", "e11", "e12", "e13"]  # (3 each side, at most)
    assert peek.unread_above == (12,)  # (e12 and e13 came last)
    assert newest(path, url, 3, pinned_within=13) is None  # (found only in the whole history)


def test_a_filter_kept_for_the_blog_is_peeked_at(tmp_path: Path) -> None:
    """The reader reopens it filtered (issue 14, point 5): the first screen is filtered too
    (test_a_blog_kept_filtered_is_drawn_filtered_as_textual_opens_it); a filter that filters
    nothing, as the reader applies none, is none."""
    from tui_liveblog.store import Store

    url = "https://news.example/live/filtered"
    _build_cache(tmp_path, url, 5)
    path = tmp_path / "tui-liveblog" / FILE_NAME
    with Store(path) as store:
        store.save_reader_state(url, other="kept")
        for kept, seen in (("  ", None), ("-", None), ("by:", None), ("by:ana", "by:ana")):
            store.save_reader_state(url, filter=kept)
            peek = newest(path, url, 3)
            assert peek is not None and peek.filter == seen, kept
        assert peek.matching == 5 and len(peek.cards) == 3  # (every card is by Ana Ruiz)
        store.save_reader_state(url, filter="by:nobody")
        peek = newest(path, url, 3)
        assert peek is not None and peek.matching == 0 and peek.cards == []
        store.save_reader_state(url, filter=None)  # forgotten (esc)
        peek = newest(path, url, 3)
        assert peek is not None and peek.filter is None and len(peek.cards) == 3


def test_a_warning_about_the_cache_is_printed_after_leaving_the_first_screen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first screen is drawn before the cache is opened; a warning the cache gives (set
    aside, unavailable) and the error a start ends with are printed on the normal screen:
    the first screen is left before each."""
    import argparse
    import contextlib

    from tui_liveblog.cli import common, read
    from tui_liveblog.config import Config

    events: list[str] = []

    @contextlib.contextmanager
    def open_store(args: argparse.Namespace) -> Iterator[object]:
        events.append("store opened")
        common.warn("the cache was damaged and set aside")  # (no reader keeping it: printed)
        events.append("warned")
        yield object()

    def make_app(*args: object, **kwargs: object) -> object:
        raise RuntimeError("stop here")

    monkeypatch.setattr(read, "open_store", open_store)
    monkeypatch.setattr(read, "_first_screen", lambda *a: events.append("first screen"))
    monkeypatch.setattr(prepaint, "release", lambda **_: events.append("released"))
    monkeypatch.setattr("tui_liveblog.ui.factory.make_app", make_app)
    args = argparse.Namespace(tz=None, interval=None, offline=False, source_kind=None)
    with pytest.raises(RuntimeError):
        read.run_reader(args, Config(), "https://news.example/live", out=sys.stdout)
    assert events == ["first screen", "store opened", "released", "warned", "released"]
    assert "damaged and set aside" in capsys.readouterr().err


def test_a_warning_kept_for_the_reader_leaves_the_first_screen_up(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 13: the reader's own start keeps the warnings (the config's, the cache's) for its
    notices: the first screen is not left for them, nothing is printed under it."""
    import argparse
    import contextlib

    from tui_liveblog.cli import common, read
    from tui_liveblog.config import Config

    events: list[str] = []

    @contextlib.contextmanager
    def open_store(args: argparse.Namespace) -> Iterator[object]:
        events.append("store opened")
        common.warn("the cache was damaged and set aside")
        yield None  # (read on without a cache)

    class _App:
        def run(self) -> int:
            events.append("reader ran")
            return 0

    def make_app(*args: object, **kwargs: object) -> _App:
        events.append(f"notices: {kwargs['notices']}")
        return _App()

    monkeypatch.setattr(read, "open_store", open_store)
    monkeypatch.setattr(read, "_first_screen", lambda *a: events.append("first screen"))
    monkeypatch.setattr(prepaint, "release", lambda **_: events.append("released"))
    monkeypatch.setattr("tui_liveblog.ui.factory.make_app", make_app)
    args = argparse.Namespace(tz=None, interval=None, offline=False, source_kind=None)
    with common.keep_warnings():
        common.warn("config.toml: interval = 'abc' is not a number")
        read.run_reader(args, Config(), "https://news.example/live", out=sys.stdout)
    assert events == [
        "first screen",
        "store opened",
        "notices: (\"config.toml: interval = 'abc' is not a number\","
        " 'the cache was damaged and set aside')",
        "reader ran",
        "released",
    ]
    assert capsys.readouterr().err == ""


# -- the terminal around it ---------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, io.TextIOWrapper]]:
    """A pseudo-terminal as stdin, stdout and stderr; yields (master fd, the slave as a file)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    stream = io.TextIOWrapper(io.FileIO(slave, "r+", closefd=False), write_through=True)
    monkeypatch.delenv("LIVEBLOG_NO_PREPAINT", raising=False)
    try:
        yield master, stream
    finally:
        prepaint.release()
        os.close(master)
        os.close(slave)


def as_terminal(monkeypatch: pytest.MonkeyPatch, stream: io.TextIOWrapper) -> None:
    """The pty as stdin, stdout and stderr (in the test itself: pytest's capture sets them
    before each test runs)."""
    for name in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, name, stream)


def _read_all(fd: int) -> str:
    chunks = []
    os.set_blocking(fd, False)
    try:
        while True:
            chunks.append(os.read(fd, 65536))
    except BlockingIOError:
        pass
    return b"".join(chunks).decode("utf-8", "replace")


def test_keys_are_held_unechoed_and_the_terminal_restored(
    terminal: tuple[int, io.TextIOWrapper], monkeypatch: pytest.MonkeyPatch
) -> None:
    master, stream = terminal
    as_terminal(monkeypatch, stream)
    fd = stream.fileno()
    before = termios.tcgetattr(fd)
    assert prepaint.hold_keys()
    held = termios.tcgetattr(fd)
    assert not held[3] & (termios.ECHO | termios.ICANON)  # lflag: no echo, no line editing
    os.write(master, b"/ITEM")  # typed before anything reads it
    time.sleep(0.05)
    assert "ITEM" not in _read_all(master)  # not echoed
    assert prepaint.paint(cards(5), NOW, out=stream)
    drawn = _read_all(master)
    assert drawn.startswith("\x1b[?1049h") and "Headline number 5" in drawn
    prepaint.release()
    assert termios.tcgetattr(fd) == before
    assert _read_all(master).endswith("\x1b[?1049l")  # Textual never ran: back to the screen
    assert os.read(fd, 5) == b"/ITEM"  # the keys are still there to read
    prepaint.release()  # twice is harmless
    assert termios.tcgetattr(fd) == before


def test_nothing_is_held_or_drawn_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert not prepaint.hold_keys()
    assert not prepaint.holding()
    assert not prepaint.paint(cards(3), NOW, out=io.StringIO())


def test_textual_takes_over_without_clearing_and_restores_the_original_mode(
    terminal: tuple[int, io.TextIOWrapper], monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    from tui_liveblog.ui.takeover import TakeoverDriver

    _, stream = terminal
    as_terminal(monkeypatch, stream)
    original = termios.tcgetattr(stream.fileno())
    assert prepaint.hold_keys()
    assert prepaint.paint(cards(3), NOW, out=stream)
    written: list[str] = []
    monkeypatch.setattr(LinuxDriver, "write", lambda self, data: written.append(data))

    async def make() -> TakeoverDriver:
        return TakeoverDriver(App())

    driver = asyncio.run(make())
    driver.write("\x1b[?1049h")
    driver.write("\x1b[?25l")
    driver.write("\x1b[?1049h")  # (after a ctrl+z: the screen must be entered again)
    assert written == ["\x1b[?25l", "\x1b[?1049h"]
    monkeypatch.setattr(LinuxDriver, "start_application_mode", lambda self: None)
    driver.start_application_mode()
    assert driver.attrs_before == original


def test_an_app_hands_its_screen_to_the_next_without_leaving_it(
    terminal: tuple[int, io.TextIOWrapper], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15 (2): between the home screen and the reader, either way, the terminal showed
    its normal screen (blank) for a moment: the app that ended left the alternate screen and
    the next one entered it again. The one that hands over now stays on it, and the next
    neither enters it again (which clears it) nor finds its keys echoed meanwhile; a screen
    kept for an app that never comes is left on release()."""
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    from tui_liveblog.ui.takeover import TakeoverDriver

    master, stream = terminal
    as_terminal(monkeypatch, stream)
    monkeypatch.setattr(sys, "__stderr__", stream)
    written: list[str] = []
    monkeypatch.setattr(LinuxDriver, "write", lambda self, data: written.append(data))

    async def make(app: App[None]) -> TakeoverDriver:
        return TakeoverDriver(app)

    home = App[None]()
    ending = asyncio.run(make(home))
    ending.write("\x1b[?1049l")  # (an app that does not hand over leaves it)
    assert written == ["\x1b[?1049l"] and not prepaint.take_kept_screen()
    written.clear()
    home.hands_over = True  # type: ignore[attr-defined]
    ending.write("\x1b[?1049l")
    ending.write("\x1b[?25h")
    assert written == ["\x1b[?25h"]  # stays on the alternate screen
    assert prepaint.take_kept_screen()  # the next app: keys held, the screen taken as painted
    assert prepaint.holding() and prepaint.painted()
    lflag = termios.tcgetattr(stream.fileno())[3]
    assert not lflag & termios.ECHO
    starting = asyncio.run(make(App[None]()))
    starting.write("\x1b[?1049h")  # (entered again, it would be cleared)
    assert written == ["\x1b[?25h"]
    prepaint.release()
    # kept for an app that never came: the normal screen, on release
    ending.write("\x1b[?1049l")
    _read_all(master)
    prepaint.release(keep=True)  # (the next app is coming: kept)
    assert "\x1b[?1049l" not in _read_all(master)
    prepaint.release()
    assert "\x1b[?1049l" in _read_all(master)
    assert not prepaint.take_kept_screen()


# -- in a real terminal -----------------------------------------------------------------------


def _build_cache(cache_home: Path, url: str, n: int) -> None:
    from tui_liveblog.store import Store

    with Store(cache_home / "tui-liveblog" / FILE_NAME) as store:
        blog = Blog(url, "Takeover test", "jsonld", live=True)
        store.merge(url, Snapshot(blog, tuple(entries(n))), fetched_at=NOW, mark_unread=False)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("compact", [False, True], ids=["cards", "compact"])
def test_in_tmux_the_screen_is_never_blank_between_the_first_screen_and_textual(
    tmp_path: Path, compact: bool
) -> None:
    url = "https://news.example/live/takeover"
    cache = tmp_path / "cache"
    _build_cache(cache, url, 200)
    if compact:  # (issue 14, 3: the kept view is the compact one, drawn a line per entry)
        from tui_liveblog.store import Store

        with Store(cache / "tui-liveblog" / FILE_NAME) as store:
            store.save_setting("view", "compact")
    socket = f"lb{os.getpid()}"
    # (COLUMNS and LINES, which a test runner may set, would size the reader instead of tmux)
    env = f"-u COLUMNS -u LINES XDG_CACHE_HOME={cache} XDG_CONFIG_HOME={tmp_path / 'config'}"
    command = f"env {env} {shlex.quote(sys.executable)} -m tui_liveblog {url} --offline"
    tmux = ["tmux", "-L", socket]
    subprocess.run(
        [*tmux, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", command],
        check=True,
    )
    samples: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            samples.append(screen)
            if "q Quit" in screen:  # Textual's footer: it has taken over
                break
            time.sleep(0.003)
        subprocess.run([*tmux, "send-keys", "q"], check=True)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    assert "q Quit" in samples[-1], "Textual never drew its frame"
    first = next(i for i, s in enumerate(samples) if "Headline number 200" in s)
    assert "q Quit" not in samples[first], "the first screen was drawn before Textual's"
    for screen in samples[first:]:  # from the first screen on: never blank, never half-drawn
        assert "Takeover test" in screen and "Headline number 200" in screen
        assert "Headline number 199" in screen
    # and Textual's frame does not move it: the header and the timeline's columns read the same
    # (the first screen as it stood last before Textual's frame: tmux reads a big write in
    # chunks, so a sample taken while it reads may hold only its top rows)
    last = max(i for i, s in enumerate(samples) if "q Quit" not in s and i >= first)
    drawn, final = samples[last].splitlines(), samples[-1].splitlines()
    assert [line[:59] for line in drawn[:39]] == [line[:59] for line in final[:39]]
    if compact:
        assert "Headline number 163" in drawn[38]  # a line per entry


# -- issue 14 (3): the compact view, when it is the one the reader keeps ------------------------
def test_the_compact_view_kept_is_peeked_at(tmp_path: Path) -> None:
    from tui_liveblog.store import Store

    url = "https://news.example/live/compact"
    _build_cache(tmp_path, url, 50)
    path = tmp_path / "tui-liveblog" / FILE_NAME
    peek = newest(path, url, 3, 30)
    assert peek is not None and not peek.compact and len(peek.cards) == 3
    with Store(path) as store:
        store.save_setting("view", "compact")
    peek = newest(path, url, 3, 30)
    assert peek is not None and peek.compact and len(peek.cards) == 30  # a line each


def test_the_compact_first_screen_has_a_line_per_entry() -> None:
    peek = cards(60, frozenset({"e1"}))._replace(compact=True)
    shown = grid(prepaint.screen(peek, (120, 40), NOW), (120, 40))
    assert shown[1].startswith(f"▌  {NOW:%H:%M} (just now)  Ana Ruiz  Headline number 60")
    assert shown[2].startswith(f" ● {NOW - timedelta(minutes=1):%H:%M} (1 min ago)  Ana Ruiz  H")
    assert all("Headline number" in line[:59] for line in shown[1:39])  # every row an entry
    assert shown[39].strip() == ""
    narrow = grid(prepaint.screen(peek, (80, 24), NOW, ascii_only=True), (80, 24))
    assert narrow[1].startswith(">  ") and narrow[2].startswith(" * ")
    assert len(narrow[1].rstrip()) <= 79


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_compact_first_screen_is_textuals_first_frame(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The pre-paint's lines are, character for character, the compact timeline's."""
    from tests.ui_support import NOW as READER_NOW
    from tests.ui_support import loaded, reader, screen_text
    from tui_liveblog.store import Store

    url = "https://news.example/live/compact"
    path = tmp_path / "tui-liveblog" / FILE_NAME
    with Store(path) as store:
        blog = Blog(url, "Compact test", "jsonld", live=True)
        many = [
            Entry(
                id=f"c{i}",
                published=READER_NOW - timedelta(minutes=7 * i),
                authors=("Ana Ruiz", "Bartholomew Longname") if i % 3 == 0 else ("Ana Ruiz",),
                title=f"Headline number {i} with more words to cut" if i % 2 else None,
                text=f"Crews worked through the night, update {i}, and more words here.",
            )
            for i in range(60)
        ]
        store.merge(url, Snapshot(blog, tuple(many)), fetched_at=READER_NOW, mark_unread=False)
        store.save_setting("view", "compact")
    peek = newest(path, url, 3, size[1])
    assert peek is not None and peek.compact
    drawn = grid(prepaint.screen(peek, size, READER_NOW, offline=True), size)
    app = reader(url, store=Store(path), offline=True)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        await pilot.pause()
        assert app.timeline.compact
        final = screen_text(app).splitlines()
        rows = app.timeline.region.height
    left = (size[0] // 2 if size[0] >= 120 else size[0]) - 1
    assert [line[:left] for line in drawn[1 : 1 + rows]] == [
        line[:left] for line in final[1 : 1 + rows]
    ]


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_pinned_strip_and_badges_are_drawn_where_textual_draws_them(
    tmp_path: Path, size: tuple[int, int], compact: bool
) -> None:
    """A blog with pinned entries: the first screen had no pinned strip, so Textual's first
    frame moved every card down a line (or two); and no badges (⚑ ★ ✎ ▣ ✗)."""
    from tests.ui_support import NOW as READER_NOW
    from tests.ui_support import loaded, reader, screen_text
    from tui_liveblog.store import Store

    url = "https://news.example/live/pinned"
    path = tmp_path / "tui-liveblog" / FILE_NAME
    with Store(path) as store:
        blog = Blog(url, "Pinned test", "jsonld", live=True)
        many = [
            Entry(
                id=f"p{i}",
                published=READER_NOW - timedelta(minutes=7 * i),
                authors=("Ana Ruiz",),
                title=f"Headline number {i}" if i % 2 else None,
                text=f"What we know so far, part {i}, and a long line of text to cut " * 2,
                pinned=i in (4, 9, 20),
                deleted=i == 4,  # (a deleted pinned entry is not in the strip)
                key_event=i % 3 == 1,
                updated=READER_NOW if i % 4 == 2 else None,
                media=(Media("image", "https://img.example/a.jpg"),) if i % 5 == 3 else (),
            )
            for i in range(40)
        ]
        store.merge(url, Snapshot(blog, tuple(many)), fetched_at=READER_NOW, mark_unread=False)
        if compact:
            store.save_setting("view", "compact")
    peek = newest(path, url, size[1] // 4 + 1, size[1])
    assert peek is not None and peek.compact == compact
    assert peek.pinned == ("Headline number 9", many[20].text.split("\n")[0])
    drawn = grid(prepaint.screen(peek, size, READER_NOW, offline=True), size)
    app = reader(url, store=Store(path), offline=True)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        await pilot.pause()
        final = screen_text(app).splitlines()
        rows = app.timeline.region.bottom - 1
    left = (size[0] // 2 if size[0] >= 120 else size[0]) - 1
    assert drawn[1].startswith(" ⚑ PINNED Headline number 9")
    assert [line[:left] for line in drawn[1:rows]] == [line[:left] for line in final[1:rows]]


@pytest.mark.parametrize(
    ("kept", "row", "count"),
    [
        (12, 9, 60),  # mid-screen, the three new ones out of view: the banner counts them
        (2, 30, 60),  # a row lower than the card can go: the view stays at the top
        (58, 0, 60),  # near the oldest: the view goes no further than the last card
        (40, 4, 400),  # more history than the first frame holds
    ],
)
@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_kept_place_is_drawn_where_textual_reopens_on_it(
    tmp_path: Path, size: tuple[int, int], compact: bool, kept: int, row: int, count: int
) -> None:
    """Issue 12 (3) with issue 14 (1): a blog reopened on a kept place had no first screen at
    all (it drew only the newest); now the first screen is the reader's: the kept entry
    selected at its row, the view clamped as the timeline clamps it, the new-entries banner
    over the top line when unread arrivals are out of view, and the header's unread count."""
    from tests.ui_support import NOW as READER_NOW
    from tests.ui_support import loaded, reader, screen_text
    from tui_liveblog.store import Store

    url = "https://news.example/live/kept"
    path = tmp_path / "tui-liveblog" / FILE_NAME
    many = [
        Entry(
            id=f"k{i}",
            published=READER_NOW - timedelta(minutes=3 * i),
            authors=("Ana Ruiz",),
            title=f"Headline number {i}" if i % 2 else None,
            text=f"What we know so far, part {i}, and a long line of text to cut " * 2,
            pinned=i == 30,
        )
        for i in range(count)
    ]
    with Store(path) as store:
        blog = Blog(url, "Kept place test", "jsonld", live=True)
        store.merge(url, Snapshot(blog, tuple(many[3:])), fetched_at=READER_NOW, mark_unread=False)
        store.merge(url, Snapshot(blog, tuple(many)), fetched_at=READER_NOW, mark_unread=True)
        if compact:
            store.save_setting("view", "compact")
        place = {"id": f"k{kept}", "row": row if not compact else row // 4, "at": "x"}
        store.save_reader_state(url, place=place)
    peek = newest(path, url, size[1] // 4 + 1, size[1])
    assert peek is not None and peek.place_index == kept
    drawn = grid(prepaint.screen(peek, size, READER_NOW, offline=True), size)
    app = reader(url, store=Store(path), offline=True)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        await pilot.pause()
        assert app.timeline.selected is not None and app.timeline.selected.id == f"k{kept}"
        final = screen_text(app).splitlines()
        rows = app.timeline.region.bottom - 1
    left = (size[0] // 2 if size[0] >= 120 else size[0]) - 1
    assert [line[:left] for line in drawn[1:rows]] == [line[:left] for line in final[1:rows]]
    assert drawn[0].rstrip() == final[0].rstrip()  # (the unread count: the kept one is read)
    if (kept, row) == (12, 9):  # the three new entries are above the view
        assert "▲ 3 new entries" in drawn[2]


async def test_the_first_frame_counts_every_cached_entry_not_the_first_screenful(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12 (3): with more than a screenful cached, the reader's first frame said "300
    entries" (what it had loaded so far) between the pre-paint's "400 entries" and its own,
    once the history was in: the header flickered at takeover."""
    from tests.ui_support import NOW as READER_NOW
    from tests.ui_support import reader, screen_text
    from tui_liveblog.store import Store
    from tui_liveblog.ui.feed_updates import FeedUpdates
    from tui_liveblog.ui.reader_contents import FIRST_SCREEN

    url = "https://news.example/live/many"
    path = tmp_path / "tui-liveblog" / FILE_NAME
    many = [
        Entry(id=f"m{i}", published=READER_NOW - timedelta(minutes=i), text=f"Update {i}")
        for i in range(FIRST_SCREEN + 100)
    ]
    with Store(path) as store:
        blog = Blog(url, "Many", "jsonld", live=True)
        store.merge(url, Snapshot(blog, tuple(many)), fetched_at=READER_NOW, mark_unread=False)

    def no_history(self: FeedUpdates) -> None:  # (the first screenful alone, held)
        return None

    monkeypatch.setattr(FeedUpdates, "_start", no_history)
    peek = newest(path, url, 11)
    assert peek is not None
    drawn = grid(prepaint.screen(peek, (120, 40), READER_NOW, offline=True), (120, 40))
    app = reader(url, store=Store(path), offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.timeline.entry_count == FIRST_SCREEN
        header = screen_text(app).splitlines()[0]
    assert f"{FIRST_SCREEN + 100} entries" in header
    assert drawn[0].rstrip() == header.rstrip()


@pytest.mark.parametrize("kept", [None, "k7"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_blog_kept_filtered_is_drawn_filtered_as_textual_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], kept: str | None
) -> None:
    """Issue 12 (3) with issue 14 (5): a blog the reader keeps filtered had no first screen;
    now it has the reader's: the entries of its first frame that pass the filter, "N of M
    entries" in the header, the filter bar open at the bottom (and a kept place among them)."""
    from tests.ui_support import NOW as READER_NOW
    from tests.ui_support import reader, screen_text
    from tui_liveblog.store import Store
    from tui_liveblog.ui.feed_updates import FeedUpdates

    url = "https://news.example/live/filtered"
    path = tmp_path / "tui-liveblog" / FILE_NAME
    many = [
        Entry(
            id=f"k{i}",
            published=READER_NOW - timedelta(minutes=4 * i),
            authors=("Ana Ruiz",) if i % 2 else ("Bo Lind",),
            title=f"Headline number {i}" if i % 3 else None,
            text=f"Part {i}: the storm moved north" if i % 4 != 1 else f"Part {i}: calm",
        )
        for i in range(320)
    ]
    with Store(path) as store:
        blog = Blog(url, "Filtered test", "jsonld", live=True)
        store.merge(url, Snapshot(blog, tuple(many)), fetched_at=READER_NOW, mark_unread=False)
        store.save_reader_state(url, filter="storm -by:bo")
        if kept:
            store.save_reader_state(url, place={"id": kept, "row": 6, "at": "x"})

    def no_history(self: FeedUpdates) -> None:  # (the first frame, held)
        return None

    monkeypatch.setattr(FeedUpdates, "_start", no_history)
    peek = newest(path, url, size[1] // 4 + 1, size[1])
    assert peek is not None and peek.filter == "storm -by:bo"
    assert peek.matching == 75  # (of the first frame's 300: those with i 3 mod 4)
    drawn = grid(prepaint.screen(peek, size, READER_NOW, offline=True), size)
    app = reader(url, store=Store(path), offline=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        final = screen_text(app).splitlines()
        rows = app.timeline.region.bottom
    assert "75 of 320 entries" in drawn[0]
    left = (size[0] // 2 if size[0] >= 120 else size[0]) - 1
    assert drawn[0].rstrip() == final[0].rstrip()
    assert [line[:left] for line in drawn[1:rows]] == [line[:left] for line in final[1:rows]]
    assert drawn[-3:-1] == final[-3:-1]  # the filter bar, open
    assert "storm -by:bo" in drawn[-2]
