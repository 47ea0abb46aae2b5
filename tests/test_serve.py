"""``liveblog serve`` (issue 16, point 4) without a browser: the reader's command line each
browser session runs, one source or none, the error without the extra [web], the port, and
the reader run by textual-serve (no terminal, links opened in the page's browser).

The page itself, in headless Chromium: tests/test_serve_browser.py."""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import socket
import sys
import webbrowser
from pathlib import Path
from typing import Any

import pytest

import tui_liveblog.ui
from tests.test_cli import Run, one_line
from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, until
from tui_liveblog.cli import read
from tui_liveblog.cli.parser import build_parser
from tui_liveblog.cli.serve import INSTALL_HINT, reader_argv, reader_environment
from tui_liveblog.errors import UsageError
from tui_liveblog.ui.app import LiveblogApp

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # (what textual-serve sets)
needs_web = pytest.mark.skipif(
    importlib.util.find_spec("textual_serve") is None,
    reason="textual-serve is not installed (pip install 'tui-liveblog[web]')",
)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(capsys, monkeypatch)


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["serve", *argv])


# -- the reader's command line -------------------------------------------------------------------
def test_the_reader_runs_on_the_source_with_the_options_given() -> None:
    args = _args(
        "https://news.example/live",
        "--interval",
        "12",
        "--tz",
        "Europe/Paris",
        "--offline",
        "--source",
        "jsonld",
        "--watch",
        'storm "red warning"',
        "--debug",
    )
    argv = reader_argv(args, "https://news.example/live")
    assert argv == [
        sys.executable,
        "-m",
        "tui_liveblog",
        "read",
        "--interval=12",
        "--tz=Europe/Paris",
        "--source=jsonld",
        "--offline",
        "--debug",
        "--watch=storm",
        '--watch="red warning"',
        "--",
        "https://news.example/live",
    ]
    # what the reader's parser makes of it: the same source and options
    again = build_parser().parse_args(argv[3:])
    assert (again.source, again.interval, again.tz, again.offline, again.source_kind) == (
        ["https://news.example/live"],
        12.0,
        "Europe/Paris",
        True,
        "jsonld",
    )
    assert again.watch == ["storm", "red warning"] and again.debug and not again.no_cache


def test_a_source_like_an_option_stays_a_source() -> None:
    argv = reader_argv(_args(), "--help")
    assert argv[-2:] == ["--", "--help"]
    assert build_parser().parse_args(argv[3:]).source == ["--help"]


def test_credentials_go_through_the_environment_not_the_command_line() -> None:
    args = _args("https://news.example/live", "--api-key", "k-123", "--token", "t-456")
    assert not any("k-123" in a or "t-456" in a for a in reader_argv(args, "x"))
    assert reader_environment(args) == {
        "LIVEBLOG_NO_PREPAINT": "1",
        "GUARDIAN_API_KEY": "k-123",
        "SCRIBBLELIVE_TOKEN": "t-456",
    }
    assert reader_environment(_args()) == {"LIVEBLOG_NO_PREPAINT": "1"}


# -- what serve serves ---------------------------------------------------------------------------
class Served:
    """ui.web.serve replaced: what it was asked to serve, on which socket."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from tui_liveblog.ui import web

        self.calls: list[tuple[list[str], str, str]] = []
        self.sock_names: list[tuple[str, int]] = []
        monkeypatch.setattr(web, "serve", self.serve)
        # (serve sets them in this process, for the readers it runs: undone after the test)
        monkeypatch.setenv("LIVEBLOG_NO_PREPAINT", "")

    def serve(self, command: str, sock: socket.socket, title: str, out: Any) -> None:
        self.sock_names.append(sock.getsockname())
        self.calls.append((shlex.split(command), title, os.environ["LIVEBLOG_NO_PREPAINT"]))


@needs_web
def test_a_saved_name_is_served_as_its_url_on_127_0_0_1(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    served = Served(monkeypatch)
    assert run("add", "harbour", "https://news.example/live/harbour")[0] == 0
    code, _, err = run("serve", "harbour", "--no-cache")
    assert (code, err) == (0, "")
    [(argv, title, no_prepaint)] = served.calls
    assert argv[3:] == ["read", "--no-cache", "--", "https://news.example/live/harbour"]
    assert title == "liveblog https://news.example/live/harbour"
    assert no_prepaint == "1"
    [(host, port)] = served.sock_names
    assert host == "127.0.0.1" and port > 0


@needs_web
def test_a_file_is_served_by_its_absolute_path(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    served = Served(monkeypatch)
    (tmp_path / "blog.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("serve", "blog.html")[0] == 0
    assert served.calls[0][0][-1] == str(tmp_path / "blog.html")


@needs_web
def test_the_port_given_is_the_one_listened_on(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    served = Served(monkeypatch)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert run("serve", BLOG_URL, "--port", str(port))[0] == 0
    assert served.sock_names == [("127.0.0.1", port)]


@needs_web
def test_a_busy_port_is_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    served = Served(monkeypatch)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        code, _, err = run("serve", BLOG_URL, "--port", str(port))
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in one_line(err)
    assert served.calls == []


@needs_web
@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ((), "serve needs a SOURCE (a URL, a file or a saved name), or saved blogs"),
        ((BLOG_URL, "--port", "70000"), "--port must be between 0 and 65535"),
        ((BLOG_URL, "--tz", "Mars/Olympus"), "unknown time zone"),
        ((BLOG_URL, "--interval", "0.5"), "--interval must be"),
        (("-",), "not stdin"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...],
    says: str,
) -> None:
    served = Served(monkeypatch)
    code, _, err = run("serve", *argv)
    assert code == 2 and says in one_line(err)
    assert served.calls == []


@needs_web
def test_an_unknown_name_is_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    Served(monkeypatch)
    code, _, err = run("serve", "nosuchblog")
    assert code == 1 and "'nosuchblog' is not a URL, a file or a saved blog name" in one_line(err)


def test_without_the_extra_it_says_how_to_install_it(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # textual-serve missing: its import fails (and ui.web, which imports it, is imported anew)
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.delitem(sys.modules, "tui_liveblog.ui.web", raising=False)
    monkeypatch.delattr(tui_liveblog.ui, "web", raising=False)
    code, out, err = run("serve", BLOG_URL)
    assert (code, out) == (1, "")
    assert one_line(err) == f"liveblog: {INSTALL_HINT}"
    assert "pip install 'tui-liveblog[web]'" in INSTALL_HINT


# -- the reader under textual-serve --------------------------------------------------------------
def test_under_the_web_driver_the_reader_needs_no_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (pytest's streams are not terminals)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not read.interactive()
    with pytest.raises(UsageError):
        read.need_terminal("liveblog dump SOURCE")
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)
    assert read.served() and read.interactive()
    read.need_terminal("liveblog dump SOURCE")


def test_under_the_web_driver_the_apps_hand_the_page_over() -> None:
    """The takeover driver (a pre-painted terminal screen) replaces the Linux driver; on a web
    page, the handover driver replaces the web driver, in the reader and the home screen (the
    reader asks for it in its constructor, before it knows it was opened from home)."""
    from textual.drivers.linux_driver import LinuxDriver
    from textual.drivers.web_driver import WebDriver

    from tui_liveblog.ui.takeover import TakeoverDriver, driver_for
    from tui_liveblog.ui.web_handover import HandoverWebDriver

    app = reader(BLOG_URL, fetcher=FakeBlog([]).fetcher())
    assert driver_for(app, WebDriver) is HandoverWebDriver
    assert issubclass(HandoverWebDriver, WebDriver)
    assert driver_for(app, LinuxDriver) is TakeoverDriver


@needs_web
def test_with_no_source_the_saved_blogs_home_screen_is_served(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = Served(monkeypatch)
    assert run("add", "harbour", "https://news.example/live/harbour")[0] == 0
    code, _, err = run("serve", "--interval", "20")
    assert (code, err) == (0, "")
    [(argv, title, _)] = served.calls
    assert argv[3:] == ["read", "--interval=20"]  # (no "--", no source: the home screen)
    assert title == "liveblog"
    assert build_parser().parse_args(argv[3:]).source == []


def _packet(data: bytes, kind: bytes = b"D") -> bytes:
    return kind + len(data).to_bytes(4, "big") + data


def _frames(stream: bytes) -> list[tuple[bytes, bytes]]:
    """The packets the web driver wrote after its prelude, as textual-serve reads them; a
    stray byte (a second prelude) fails."""
    start = stream.index(b"__GANGLION__\n") + len(b"__GANGLION__\n")
    frames, i = [], start
    while i < len(stream):
        kind, size = stream[i : i + 1], int.from_bytes(stream[i + 1 : i + 5], "big")
        assert kind in (b"D", b"M", b"P"), f"not a packet at {i}: {stream[i : i + 40]!r}"
        frames.append((kind, stream[i + 5 : i + 5 + size]))
        i += 5 + size
    return frames


def test_the_home_screen_hands_the_page_to_the_reader_and_back(tmp_path: Path) -> None:
    """``serve`` with no SOURCE, as textual-serve runs it (the web driver, packets on stdin
    and stdout), without a browser: enter opens the reader on the same stream (no "exit",
    no second prelude), esc comes back to the home screen, q ends with "exit"."""
    import subprocess
    import threading
    import time

    from tests.blogserver import BlogServer

    def shown(after: int, wanted: bytes, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in b"".join(out[after:]):
                return True
            time.sleep(0.05)
        return False

    with BlogServer() as blog:
        blog.add_many(2)  # (the reader's timeline shows "Update 2")
        blog.add(headline="Lighthouse keeper rows ashore")  # (the home screen's latest)
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(f'[blogs]\nharbour = "{blog.url}"\n')
        env = dict(
            os.environ,
            TEXTUAL_DRIVER=WEB_DRIVER,
            COLUMNS="100",
            ROWS="30",
            LIVEBLOG_NO_PREPAINT="1",
        )
        app = subprocess.Popen(
            [sys.executable, "-m", "tui_liveblog", "read"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert app.stdin is not None and app.stdout is not None and app.stderr is not None
        out: list[bytes] = []
        reading = threading.Thread(
            target=lambda: out.extend(iter(lambda: app.stdout.read1(65536), b"")), daemon=True
        )
        reading.start()
        try:
            assert shown(0, b"Saved blogs") and shown(0, b"live"), b"".join(out)[-500:]
            # the page resized (textual-serve says so once): the reader starts at that size, not
            # at the size the process was started with
            app.stdin.write(_packet(b'{"type": "resize", "width": 90, "height": 25}', b"M"))
            app.stdin.flush()
            for key, wanted in (
                (b"\r", b"Update 2"),
                (b"\x1b", b"Saved blogs"),
                (b"\r", b"Update 2"),
            ):
                mark = reader_from = len(out)
                app.stdin.write(_packet(key))
                app.stdin.flush()
                assert shown(mark, wanted), b"".join(out[mark:])[-500:]
            app.stdin.write(_packet(b"q"))
            app.stdin.flush()
            assert app.wait(30) == 0
        finally:
            if app.poll() is None:
                app.kill()
        reading.join(10)
        reader_frames = b"".join(out[reader_from:])
        assert b"\x1b[25;1H" in reader_frames and b"\x1b[26;1H" not in reader_frames
        frames = _frames(b"".join(out))
        metas = [payload for kind, payload in frames if kind == b"M"]
        assert metas == [b'{"type": "exit"}']  # (once, at the end: q)
        assert frames[-1] == (b"M", b'{"type": "exit"}')
        assert b"Traceback" not in app.stderr.read()


async def test_o_on_a_web_page_opens_the_link_in_the_pages_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: local.append(url) or True)
    monkeypatch.setattr(LiveblogApp, "is_web", property(lambda self: True))
    tabs: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        LiveblogApp, "open_url", lambda self, url, *, new_tab=True: tabs.append((url, new_tab))
    )
    blog = FakeBlog([Post("own", 3, "Has its own link", "<p>Text.</p>", url=BLOG_URL + "#own")])
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    notes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, 1)
        app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("o")
        await until(pilot, lambda: notes, "a notice")
    assert tabs == [(BLOG_URL + "#own", True)]
    assert local == []  # (not a browser on the machine the reader runs on)
    assert notes == [f"Opened in a new tab:\n{BLOG_URL}#own"]


def test_several_sources_are_served_as_one_timeline(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 16 (4) with (1): serve passes every source on to the reader, which merges them."""
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    argv = reader_argv(_args(), [BLOG_URL, str(page)])
    assert argv[-3:] == ["--", BLOG_URL, str(page)]
    again = build_parser().parse_args(argv[3:])
    assert again.source == [BLOG_URL, str(page)]
