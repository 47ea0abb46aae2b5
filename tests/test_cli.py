"""The ``liveblog`` command line against DESIGN.md's CLI contract, end to end.

Hermetic: fixture files, stdin, and blogs served on 127.0.0.1 by the test itself
(:class:`tests.blogserver.BlogServer` and the bundled demo server). Some cases run the real
``python -m tui_liveblog`` in a subprocess, to prove what reaches stdout and stderr.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tui_liveblog import __version__
from tui_liveblog.cli import common, main, read
from tui_liveblog.cli import follow as follow_cmd
from tui_liveblog.demo import content as demo_content
from tui_liveblog.demo.server import DemoServer
from tui_liveblog.errors import CacheError
from tui_liveblog.fetch import MB, Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.retrieve import Retriever
from tui_liveblog.store import FILE_NAME, Store

from .blogserver import BlogServer
from .conftest import FIXTURES

TIMELINE = FIXTURES / "cli" / "timeline.html"
HOSTILE_JSONLD = FIXTURES / "cli" / "hostile.html"
HOSTILE_RSS = FIXTURES / "cli" / "hostile.xml"
RSS = FIXTURES / "feed" / "rss20.xml"
NEWEST_FIRST = ["a5", "a3", "a2", "a1", "a4", "a6"]  # dated newest first, undated in source order
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
# what must never reach a terminal: C0 (but \t \n), DEL, C1, bidi controls
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
CONTRACT_KEYS = {
    "id", "published", "updated", "authors", "title", "text", "url", "links", "media",
    "pinned", "key_event", "deleted",
}  # fmt: skip
WAIT = 30.0  # generous upper bound for things that happen within a second or two


# -- helpers ------------------------------------------------------------------------------------


class Run:
    """``main(argv)`` in this process, with stdout/stderr captured and optional stdin bytes."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str | Path, stdin: bytes | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        if stdin is not None:
            self.monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(capsys, monkeypatch)


def proc(
    *args: str | Path, stdin: bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The real command: ``python -m tui_liveblog ARGS``."""
    return subprocess.run(
        [sys.executable, "-m", "tui_liveblog", *map(str, args)],
        input=stdin.decode("utf-8", "surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
    )


def one_line(err: str) -> str:
    """stderr holds exactly one line, ``liveblog: ...``, and no traceback."""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert lines[0].startswith("liveblog: ")
    assert "Traceback" not in err
    return lines[0]


def entries_of(out: str) -> list[dict[str, Any]]:
    doc = json.loads(out)
    entries: list[dict[str, Any]] = doc["entries"]
    return entries


def ids_of(out: str) -> list[str]:
    return [e["id"] for e in entries_of(out)]


def jsonl_ids(out: str) -> list[str]:
    return [json.loads(line)["id"] for line in out.splitlines() if line.strip()]


def cache_file() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "tui-liveblog" / FILE_NAME


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _sigint_default() -> None:
    """In the child: Ctrl-C on, even when the tests run where SIGINT is ignored (a background
    job without job control), so Python installs its KeyboardInterrupt handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture
def quick_fetcher(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make the CLI's fetcher retry without waiting (and optionally with a smaller size cap)."""

    def install(**kw: Any) -> None:
        monkeypatch.setattr(common, "make_fetcher", lambda args: Fetcher(sleep=_no_sleep, **kw))

    install()
    return install


@pytest.fixture
def server() -> Iterator[BlogServer]:
    with BlogServer() as blog:
        yield blog


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


class Follow:
    """A ``python -m tui_liveblog follow ...`` subprocess whose output lines are collected."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.p = subprocess.Popen(
            [sys.executable, "-m", "tui_liveblog", "follow", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_sigint_default,
            env=env,
            text=True,
            encoding="utf-8",
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump, args=(self.p.stdout, self.out), daemon=True),
            threading.Thread(target=self._pump, args=(self.p.stderr, self.err), daemon=True),
        ]
        for t in self._threads:
            t.start()

    @staticmethod
    def _pump(stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line)

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in list(self.out) if line.strip()]

    def wait_records(self, count: int) -> list[dict[str, Any]]:
        wait_until(
            lambda: len(self.records()) >= count or self.p.poll() is not None,
            f"{count} lines from follow (have {len(self.records())}; stderr {self.err})",
        )
        records = self.records()
        assert len(records) >= count, f"follow ended early: {self.err}"
        return records

    def interrupt(self) -> tuple[int, str]:
        self.p.send_signal(signal.SIGINT)
        code = self.p.wait(WAIT)
        for t in self._threads:
            t.join(WAIT)
        return code, "".join(self.err)

    def kill(self) -> None:
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait(WAIT)


@pytest.fixture
def following() -> Iterator[Callable[..., Follow]]:
    started: list[Follow] = []

    def start(*args: str) -> Follow:
        f = Follow(*args)
        started.append(f)
        return f

    yield start
    for f in started:
        f.kill()


# -- dump: formats --------------------------------------------------------------------------


def test_dump_json_contract(run: Run) -> None:
    code, out, err = run("dump", TIMELINE)
    assert (code, err) == (0, "")
    doc = json.loads(out)
    blog = doc["blog"]
    assert blog == {
        "url": str(TIMELINE),  # a file: its absolute path
        "title": "Harbour town festival: live",
        "source": "jsonld",
        "live": True,
        "fetched_at": blog["fetched_at"],
    }
    assert ISO_UTC.match(blog["fetched_at"])
    entries = doc["entries"]
    assert [e["id"] for e in entries] == NEWEST_FIRST
    for e in entries:
        assert set(e) == CONTRACT_KEYS
        for key in ("published", "updated"):
            assert e[key] is None or ISO_UTC.match(e[key]), e[key]
    by_id = {e["id"]: e for e in entries}
    assert by_id["a1"]["published"] == "2031-03-04T08:00:00+00:00"  # given as 10:00+02:00
    assert by_id["a3"]["updated"] == "2031-03-04T11:45:00+00:00"
    assert by_id["a3"]["title"] is None
    assert by_id["a3"]["text"] == "Rain is expected after noon.\n\nBring a coat: see the forecast."
    assert by_id["a3"]["links"] == ["https://weather.example/harbour"]
    assert by_id["a2"]["pinned"] and by_id["a5"]["key_event"]
    assert by_id["a2"]["authors"] == ["Ben Ortiz"]
    assert by_id["a4"]["published"] is None


def test_dump_jsonl_is_one_contract_object_a_line(run: Run) -> None:
    code, out, _ = run("dump", TIMELINE, "--format", "jsonl")
    code_json, out_json, _ = run("dump", TIMELINE)
    assert code == code_json == 0
    lines = out.splitlines()
    assert [json.loads(line) for line in lines] == entries_of(out_json)
    assert all(line.startswith("{") and line.endswith("}") for line in lines)


def test_dump_markdown(run: Run) -> None:
    code, out, _ = run("dump", TIMELINE, "--format", "markdown", "--tz", "UTC")
    assert code == 0
    assert out.startswith(f"# Harbour town festival: live\n\n<{TIMELINE}>\n\n")
    assert "## 2031-03-04 12:00 UTC — Ceasefire agreed\n\n*by Ben Ortiz · key event*" in out
    assert "*by Ben Ortiz · pinned*" in out
    assert "*by Ada Quill · edited 2031-03-04 11:45 UTC*" in out
    assert "Rain is **expected** after noon." in out
    assert "[the forecast](<https://weather.example/harbour>)" in out
    headings = re.findall(r"^## (.*)$", out, re.MULTILINE)
    assert len(headings) == 6 and headings[-2:] == [
        "undated — Note from the editors",
        "undated — Programme",
    ]


def test_dump_text_in_a_time_zone(run: Run) -> None:
    code, out, _ = run("dump", TIMELINE, "--format", "text", "--tz", "Europe/Paris")
    assert code == 0
    assert out.startswith(f"Harbour town festival: live\n{TIMELINE} (live)\n\n")
    assert "2031-03-04 13:00 CET · Ben Ortiz · [key event]\nCeasefire agreed\n" in out
    assert "2031-03-04 12:15 CET · Ada Quill · [edited 2031-03-04 12:45 CET]\n" in out
    assert "undated · Desk\nProgramme\nConcerts start at eight.\n" in out


@pytest.mark.parametrize("fixture", [TIMELINE, RSS])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "text"])
def test_dump_reads_stdin_like_the_file(run: Run, fixture: Path, fmt: str) -> None:
    data = fixture.read_bytes()
    code, from_file, _ = run("dump", fixture, "--format", fmt, "--tz", "UTC")
    code_stdin, from_stdin, err = run("dump", "-", "--format", fmt, "--tz", "UTC", stdin=data)
    assert code == code_stdin == 0 and err == ""
    if fmt == "json":
        assert entries_of(from_stdin) == entries_of(from_file)
        assert json.loads(from_stdin)["blog"]["url"] == "-"
    elif fmt == "jsonl":
        assert from_stdin == from_file
    else:  # the header names the source; the entries are the same
        assert from_stdin.split("\n", 3)[3] == from_file.split("\n", 3)[3]


def test_dump_rss_newest_first(run: Run) -> None:
    code, out, _ = run("dump", RSS)
    assert code == 0
    published = [e["published"] for e in entries_of(out)]
    assert published == sorted(published, reverse=True)
    assert json.loads(out)["blog"]["source"] == "feed"


@pytest.mark.parametrize("fixture", ["jsonld/empty.html", "feed/empty-rss.xml"])
def test_a_valid_blog_with_no_entries_is_not_an_error(run: Run, fixture: str) -> None:
    path = FIXTURES / fixture
    code, out, err = run("dump", path)
    assert (code, err) == (0, "")
    assert json.loads(out)["entries"] == []
    code, out, err = run("dump", path, "--format", "jsonl")
    assert (code, out, err) == (0, "", "")
    code, out, _ = run("dump", path, "--format", "text")
    assert code == 0 and out.count("\n") == 3  # title, source, blank line


# -- dump: selection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("ceasefire", ["a5", "a2"]),
        ("CEASEFIRE", ["a5", "a2"]),  # case-insensitive
        ("ferry ceasefire", ["a5"]),  # every word must match
        ("ben ortiz", ["a5", "a2"]),  # authors count
        ("expected coat", ["a3"]),  # body text counts
        ("desk", ["a4", "a6"]),  # undated ones too
        ("nothing-like-this", []),
        # the filter language (issue 14, point 5)
        ("by:ortiz", ["a5", "a2"]),  # an author
        ('by:"ADA quill"', ["a3", "a1"]),  # a name with a space
        ("ceasefire -ferry", ["a2"]),  # -word leaves out
        ("-by:desk -by:ortiz", ["a3", "a1"]),
        ('"closed   doors"', ["a2"]),  # a phrase
        ('"doors closed"', []),  # in that order
        ('-"ferry services" ferry', ["a1"]),
        ('"ferry ser', ["a5"]),  # an open quote runs to the end
        ("-", ["a5", "a3", "a2", "a1", "a4", "a6"]),  # a lone '-' says nothing
    ],
)
def test_filter(run: Run, words: str, expected: list[str]) -> None:
    code, out, _ = run("dump", TIMELINE, "--filter", words)
    assert code == 0 and ids_of(out) == expected


def test_filter_folds_accents_and_compatibility_forms(run: Run, tmp_path: Path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>Festival</title>"
        "<item><guid>t1</guid><title>Café reopens in Łódź</title>"
        "<description>Tomás Ruiz says the Straße is open</description>"
        "<pubDate>Tue, 04 Mar 2031 09:00:00 GMT</pubDate></item>"
        "<item><guid>t2</guid><title>Tram running late</title>"
        "<description>Nothing to see in Lodz</description>"
        "<pubDate>Tue, 04 Mar 2031 10:00:00 GMT</pubDate></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    for words, expected in [
        ("tomas", ["t1"]),
        ("cafe strasse", ["t1"]),
        ("LODZ", ["t2", "t1"]),
        ("ŁÓDŹ", ["t2", "t1"]),
        ("tram", ["t2"]),
    ]:
        code, out, _ = run("dump", feed, "--filter", words)
        assert code == 0 and ids_of(out) == expected, words


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2031-03-04T09:30:00Z", ["a5", "a3", "a2"]),  # inclusive; undated entries left out
        ("2031-03-04T10:30:00+01:00", ["a5", "a3", "a2"]),  # an offset is honoured
        ("2031-03-04T11:00:00", ["a5", "a3"]),  # no zone: the display zone (--tz UTC)
        ("2031-03-04T11:00:00+00:00", ["a5", "a3"]),
        ("2031-03-04", ["a5", "a3", "a2", "a1"]),
        ("2040-01-01T00:00:00Z", []),
    ],
)
def test_since_iso(run: Run, since: str, expected: list[str]) -> None:
    code, out, _ = run("dump", TIMELINE, "--since", since, "--tz", "UTC")
    assert code == 0 and ids_of(out) == expected


def test_since_without_a_zone_is_wall_clock_time_in_tz(run: Run) -> None:
    # 13:00 in Paris (CET, +01:00) is 12:00 UTC: only a5 (12:00Z) is that recent
    code, out, _ = run("dump", TIMELINE, "--since", "2031-03-04T13:00", "--tz", "Europe/Paris")
    assert code == 0 and ids_of(out) == ["a5"]
    code, out, _ = run("dump", TIMELINE, "--since", "2031-03-04T13:00", "--tz", "UTC")
    assert code == 0 and ids_of(out) == []


def test_since_durations(run: Run, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    blog = BlogServer()
    for n, ago in enumerate(
        (timedelta(days=3), timedelta(hours=5), timedelta(minutes=80), timedelta(minutes=5)), 1
    ):
        blog.add(n, published=now - ago)
    blog.add(9, dated=False)
    page = tmp_path / "recent.html"
    page.write_bytes(blog.page())
    for since, expected in [
        ("15m", ["p4"]),
        ("2h", ["p4", "p3"]),
        ("90m", ["p4", "p3"]),
        ("1d", ["p4", "p3", "p2"]),
        ("1w", ["p4", "p3", "p2", "p1"]),
        ("300s", []),
        ("99999999999d", ["p4", "p3", "p2", "p1"]),  # further back than year 1: everything dated
    ]:
        code, out, err = run("dump", page, "--since", since)
        assert (code, err) == (0, ""), since
        assert ids_of(out) == expected, since


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], NEWEST_FIRST),
        (["--limit", "3"], ["a5", "a3", "a2"]),
        (["--oldest-first"], ["a1", "a2", "a3", "a5", "a4", "a6"]),  # undated still last
        (["--limit", "3", "--oldest-first"], ["a2", "a3", "a5"]),  # the newest 3, reordered
        (["--oldest-first", "--limit", "3"], ["a2", "a3", "a5"]),
        (["--limit", "5", "--oldest-first"], ["a1", "a2", "a3", "a5", "a4"]),
        (["--limit", "0"], []),
        (["--limit", "99"], NEWEST_FIRST),
        (["--filter", "ceasefire", "--limit", "1"], ["a5"]),
        (["--since", "2031-03-04T09:00:00Z", "--limit", "2", "--oldest-first"], ["a3", "a5"]),
    ],
)
def test_limit_and_oldest_first(run: Run, args: list[str], expected: list[str]) -> None:
    code, out, _ = run("dump", TIMELINE, *args)
    assert code == 0 and ids_of(out) == expected
    code, out, _ = run("dump", TIMELINE, "--format", "jsonl", *args)
    assert code == 0 and jsonl_ids(out) == expected


def test_all_says_when_a_source_cannot_page_back(run: Run) -> None:
    code, out, err = run("dump", TIMELINE, "--all")
    assert code == 0 and ids_of(out) == NEWEST_FIRST
    assert "--all" in one_line(err)


def test_a_saved_name_from_the_config(run: Run, server: BlogServer) -> None:
    server.add_many(2)
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[blogs]\nharbour = "{server.url}"\n')
    code, out, err = run("dump", "harbour", "--format", "jsonl")
    assert (code, err) == (0, "") and jsonl_ids(out) == ["p2", "p1"]


# -- exit status 1: one line, no traceback ----------------------------------------------------


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.bin"
    path.write_bytes(random.Random(7).randbytes(8192))
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("make_source", "message"),
    [
        (lambda tmp: tmp / "missing.html", "file not found"),
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: FIXTURES / "jsonld" / "not_a_liveblog.html", "no live blog found"),
        (_garbage, ""),
        (_empty, "empty"),
    ],
)
def test_unreadable_sources_exit_1(
    run: Run, tmp_path: Path, make_source: Callable[[Path], Path], message: str
) -> None:
    source = make_source(tmp_path)
    for fmt in ("json", "text"):
        code, out, err = run("dump", source, "--format", fmt)
        assert code == 1 and out == ""
        assert message in one_line(err)


def test_http_404_exits_1(run: Run, server: BlogServer) -> None:
    server.status = 404
    code, out, err = run("dump", server.url)
    assert code == 1 and out == ""
    assert one_line(err) == f"liveblog: HTTP 404 Not Found from {server.url}"


def test_connection_refused_exits_1(run: Run, quick_fetcher: Callable[..., None]) -> None:
    port = closed_port()
    code, out, err = run("dump", f"http://127.0.0.1:{port}/live")
    assert code == 1 and out == ""
    assert one_line(err) == f"liveblog: cannot connect to 127.0.0.1:{port}: connection refused"


def test_a_response_over_the_size_cap_exits_1(
    run: Run, server: BlogServer, quick_fetcher: Callable[..., None]
) -> None:
    quick_fetcher(max_bytes=1 * MB)
    server.stream_bytes = 3 * MB  # streamed, no Content-Length
    code, out, err = run("dump", server.url)
    assert code == 1 and out == ""
    assert "response too large: over 1 MB" in one_line(err)


def test_entity_bomb_is_read_without_expansion(run: Run, tmp_path: Path) -> None:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        f"<?xml version='1.0'?><!DOCTYPE rss [{''.join(decls)}]>"
        "<rss version='2.0'><channel><title>Bomb &lol9;</title><item><guid>b1</guid>"
        "<title>&lol9;</title><description>x &lol9; y</description></item></channel></rss>"
    )
    code, out, err = run("dump", bomb)
    assert code == 0 and "Traceback" not in err
    assert "lollol" not in out  # not a billion laughs: the entity is not expanded
    assert ids_of(out) == ["b1"]


def test_dates_at_the_edge_of_the_calendar_are_no_crash(run: Run, tmp_path: Path) -> None:
    """Year 1 with a positive offset and year 9999 with a negative one overflow in UTC."""
    page = tmp_path / "edge.html"
    page.write_text(
        '<script type="application/ld+json">{"@type":"LiveBlogPosting","headline":"Edge",'
        '"liveBlogUpdate":[{"@id":"e1","datePublished":"0001-01-01T00:00:00+14:00",'
        '"articleBody":"a"},{"@id":"e2","datePublished":"9999-12-31T23:59:59-12:00",'
        '"articleBody":"b"},{"@id":"e3","datePublished":"0001-01-01T00:30+01:00",'
        '"articleBody":"c"}]}</script>'
    )
    feed = tmp_path / "edge.xml"
    feed.write_text(
        "<rss><channel><title>Edge</title><item><guid>f1</guid><title>x</title>"
        "<pubDate>Fri, 31 Dec 9999 23:59:59 -1200</pubDate></item></channel></rss>"
    )
    for source, ids in ((page, ["e1", "e2", "e3"]), (feed, ["f1"])):
        code, out, err = run("dump", source)
        assert (code, err) == (0, "")
        assert ids_of(out) == ids
        assert all(e["published"] is None for e in entries_of(out))


def test_subprocess_failures_are_one_line_without_traceback(
    tmp_path: Path, server: BlogServer
) -> None:
    server.status = 404
    for args, code in [
        (("dump", tmp_path / "missing.html"), 1),
        (("dump", _garbage(tmp_path)), 1),
        (("dump", "-"), 1),  # empty stdin
        (("dump", server.url), 1),
        (("follow", tmp_path / "missing.html"), 1),  # nothing to follow: not retried forever
        (("follow", server.url), 1),  # a 404 before the blog was ever read
        (("dump", FIXTURES / "jsonld" / "not_a_liveblog.html", "--format", "text"), 1),
        (("dump", "x", "--since", "soon"), 2),
        (("dump", "x", "--bogus"), 2),
    ]:
        result = proc(*args, stdin=b"")
        assert result.returncode == code, (args, result.stderr)
        assert result.stdout == ""
        one_line(result.stderr)


def test_subprocess_connection_refused_with_real_retries() -> None:
    port = closed_port()
    result = proc("dump", f"http://127.0.0.1:{port}/live")
    assert result.returncode == 1 and result.stdout == ""
    assert one_line(result.stderr).endswith("connection refused")


def test_subprocess_response_over_the_default_cap(server: BlogServer) -> None:
    server.stream_bytes = 21 * MB
    result = proc("dump", server.url)
    assert result.returncode == 1 and result.stdout == ""
    assert "response too large: over 20 MB" in one_line(result.stderr)


# -- exit status 2: bad usage -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dump", TIMELINE, "--bogus"], "unrecognized arguments: --bogus"),
        (["dump", TIMELINE, "--since", "soon"], "--since"),
        (["dump", TIMELINE, "--since", "1e400d"], "--since"),
        (["dump", TIMELINE, "--tz", "Mars/Olympus"], "unknown time zone"),
        (["dump", TIMELINE, "--tz", "../../etc/passwd"], "unknown time zone"),
        (["dump", TIMELINE, "--format", "yaml"], "invalid choice"),
        (["dump", TIMELINE, "--limit", "-1"], "--limit"),
        (["dump", TIMELINE, "--limit", "many"], "--limit"),
        (["follow", TIMELINE, "--interval", "0.5"], "--interval"),
        (["follow", TIMELINE, "--interval", "nan"], "--interval"),
        (["follow", TIMELINE, "--interval", "inf"], "--interval"),
        (["follow", TIMELINE, "--format", "markdown"], "invalid choice"),
        (
            ["dump", TIMELINE, "--source", "gopher"],
            "--source must be one of: guardian, reddit, scribblelive",
        ),
        (["dump", TIMELINE, "--offline", "--no-cache"], "--offline and --no-cache"),
        (["dump"], "required: SOURCE"),
        (["cache", "shred"], "invalid choice"),
        (["demo", "--serve", "--port", "70000"], "--port"),
        (["demo", "--serve", "--port", "-1"], "--port"),
        (["read", "-"], "stdin"),
    ],
)
def test_bad_usage_exits_2_with_one_line(run: Run, args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert message in one_line(err)


def test_bad_interval_in_the_config_file_is_named(run: Run) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("interval = inf\n")
    code, _, err = run("follow", TIMELINE)
    assert code == 2 and "config" in one_line(err)


def test_bad_config_values_are_named_with_their_key_and_the_default_used(run: Run) -> None:
    """Issue 13: ``interval = "abc"`` was silently ignored, even by dump."""
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('interval = "abc"\ntheme = 7\nwatch = "storm"\n[blogs]\nstorm = 3\n')
    code, out, err = run("dump", TIMELINE, "--format", "text")
    assert code == 0 and out
    lines = err.splitlines()
    for key, value, what in (
        ("interval", "'abc'", "a number of seconds above 0"),
        ("theme", "7", "a text"),
        ("watch", "'storm'", "a list of words"),
        ("blogs.storm", "3", "a URL"),
    ):
        expected = f"liveblog: config.toml: {key} = {value} is not {what}; the default is used"
        assert expected in lines, err


def test_bad_time_zone_in_the_config_file_is_named(run: Run) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('tz = "Atlantis/Capital"\n')
    code, _, err = run("dump", TIMELINE, "--format", "text")
    assert code == 2 and one_line(err).endswith("'Atlantis/Capital' in the config file")
    code, out, _ = run("dump", TIMELINE, "--format", "text", "--tz", "UTC")  # --tz wins
    assert code == 0 and "12:00 UTC" in out


def test_the_reader_on_an_unknown_source_is_one_line(run: Run, tmp_path: Path) -> None:
    code, out, err = run(tmp_path / "missing.html")
    assert code == 1 and out == ""
    assert "is not a URL, a file or a saved blog name" in one_line(err)
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[blogs]\nstorm = "https://news.example/live/storm"\n')
    code, _, err = run("read", "strom")
    assert code == 1 and one_line(err).endswith("(saved: storm)")


@pytest.mark.parametrize("args", [[str(TIMELINE)], ["read", str(TIMELINE)], ["demo"]])
def test_the_reader_needs_a_terminal(run: Run, args: list[str]) -> None:
    """Textual draws on stderr: with no terminal there, say what to use instead."""
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert "the reader needs a terminal" in one_line(err)


def test_reader_dispatch(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """What reaches run_reader (the Textual reader itself is tested in test_ui_*)."""
    calls: list[tuple[str, dict[str, Any]]] = []

    def fake_reader(args: Any, config: Any, source: str, **kw: Any) -> int:
        calls.append((source, kw))
        return 0

    monkeypatch.setattr(read, "run_reader", fake_reader)
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('interval = 60\n[blogs]\nharbour = "https://news.example/live/h"\n')
    assert run(TIMELINE)[0] == 0
    assert run("harbour")[0] == 0
    assert run("demo")[0] == 0
    assert run("demo", "--interval", "7")[0] == 0
    assert calls[0][0] == str(TIMELINE)
    assert calls[1][0] == "https://news.example/live/h"  # a saved name
    demo_url, demo_kw = calls[2]
    assert demo_url.startswith("http://127.0.0.1:") and demo_kw["cache_key"] == "demo:selene"
    assert demo_kw["interval"] == 3.0  # the demo's pace, not the config's 60 s for real blogs
    assert calls[3][1]["interval"] == 7.0


@pytest.mark.parametrize(
    "args",
    [
        ["--no-cache", "dump", str(TIMELINE), "--format", "jsonl"],
        ["--tz", "UTC", "dump", str(TIMELINE), "--format", "jsonl"],
        ["--tz=UTC", "--format", "jsonl", "dump", str(TIMELINE)],
        ["--debug", "--limit", "6", "dump", "--format", "jsonl", str(TIMELINE)],
    ],
)
def test_options_before_the_command(run: Run, args: list[str]) -> None:
    code, out, _ = run(*args)
    assert code == 0 and jsonl_ids(out) == NEWEST_FIRST


def test_source_kind_skips_detection(run: Run) -> None:
    code, out, _ = run("dump", TIMELINE, "--source", "jsonld", "--format", "jsonl")
    assert code == 0 and jsonl_ids(out) == NEWEST_FIRST
    code, out, err = run("dump", TIMELINE, "--source", "feed")
    assert code == 1 and out == "" and one_line(err)


# -- the cache ------------------------------------------------------------------------------------


def test_url_dump_caches_and_offline_reads_without_network(
    run: Run, quick_fetcher: Callable[..., None]
) -> None:
    with BlogServer() as blog:
        blog.add_many(3)
        url = blog.url
        code, online, _ = run("dump", url)
        assert code == 0 and cache_file().exists()
    # the server is gone: --offline reads the cache, no request made
    code, offline, err = run("dump", url, "--offline")
    assert (code, err) == (0, "")
    assert entries_of(offline) == entries_of(online)
    assert json.loads(offline)["blog"]["url"] == url
    code, out, _ = run("cache", "list")
    assert code == 0 and url in out and "Harbour festival live" in out and "3" in out
    # without --offline, the dead server is an error (one line), the cache is not a fallback
    code, out, err = run("dump", url)
    assert code == 1 and "connection refused" in one_line(err)


def test_an_unusable_cache_directory(
    run: Run, server: BlogServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    server.add()
    code, out, err = run("dump", server.url, "--format", "jsonl")  # goes on without it
    assert code == 0 and jsonl_ids(out) == ["p1"]
    assert "cache unavailable, going on without it" in one_line(err)
    code, out, err = run("dump", server.url, "--offline")  # the cache is all it has
    assert code == 1 and out == ""
    assert "cannot be created or written" in one_line(err)
    code, out, err = run("cache", "list")
    assert code == 1 and "cannot be created or written" in one_line(err)


def test_offline_for_an_uncached_url_exits_1(run: Run) -> None:
    code, out, err = run("dump", f"http://127.0.0.1:{closed_port()}/never", "--offline")
    assert code == 1 and out == ""
    assert "not in the cache" in one_line(err)
    code, out, err = run("follow", f"http://127.0.0.1:{closed_port()}/never", "--offline")
    assert code == 1 and "not in the cache" in one_line(err)


def test_no_cache_leaves_no_cache_file(run: Run, server: BlogServer) -> None:
    server.add_many(2)
    code, out, _ = run("dump", server.url, "--no-cache")
    assert code == 0 and ids_of(out) == ["p2", "p1"]
    assert not cache_file().exists()


def test_files_and_stdin_are_never_cached(run: Run) -> None:
    assert run("dump", TIMELINE)[0] == 0
    assert run("dump", "-", stdin=TIMELINE.read_bytes())[0] == 0
    assert not cache_file().exists()
    code, out, _ = run("cache", "list")
    assert (code, out) == (0, "the cache is empty\n")


def test_cache_path_list_clear(run: Run, server: BlogServer) -> None:
    code, out, _ = run("cache", "path")
    assert (code, out) == (0, f"{cache_file()}\n")
    server.add()
    assert run("dump", server.url)[0] == 0
    code, out, _ = run("cache", "list")
    assert server.url in out
    code, out, _ = run("cache", "clear")
    assert (code, out) == (0, "removed 1 blog from the cache\n")
    assert run("cache", "list")[1] == "the cache is empty\n"
    code, _, err = run("dump", server.url, "--offline")
    assert code == 1 and "not in the cache" in err


def test_cache_builds_history_from_a_page_of_the_latest_entries(run: Run) -> None:
    """The page shows only its newest 3 entries while the blog grows; the cache keeps them all."""
    with BlogServer(window=3) as blog:
        blog.add_many(3)
        for _ in range(4):
            code, out, _ = run("dump", blog.url, "--format", "jsonl")
            assert code == 0
            blog.add_many(2)
        assert jsonl_ids(out) == [f"p{n}" for n in range(9, 0, -1)]  # the 4th dump: all 9
        code, out, _ = run("dump", blog.url, "--no-cache", "--format", "jsonl")
        assert jsonl_ids(out) == ["p11", "p10", "p9"]  # what the page itself shows (not cached)
    code, out, _ = run("dump", blog.url, "--offline", "--format", "jsonl")
    assert code == 0
    assert jsonl_ids(out) == [f"p{n}" for n in range(9, 0, -1)]
    code, out, _ = run("dump", blog.url, "--offline", "--limit", "2", "--oldest-first")
    assert ids_of(out) == ["p8", "p9"]


def test_a_damaged_cache_is_set_aside_with_a_warning(run: Run) -> None:
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(random.Random(3).randbytes(4096))
    code, out, err = run("cache", "list")
    assert (code, out) == (0, "the cache is empty\n")
    assert "set aside" in one_line(err)
    assert [p.name for p in cache_file().parent.iterdir() if ".corrupt-" in p.name]


def test_a_cache_that_fails_is_reported_once_and_the_blog_still_shown(
    run: Run, server: BlogServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kw: Any) -> Any:
        raise CacheError("cache /x/cache-v1.sqlite3: disk I/O error")

    monkeypatch.setattr(Store, "merge", broken)
    server.add_many(2)
    code, out, err = run("dump", server.url, "--format", "jsonl")
    assert code == 0 and jsonl_ids(out) == ["p2", "p1"]
    assert one_line(err) == "liveblog: cache disabled: cache /x/cache-v1.sqlite3: disk I/O error"


async def test_follow_reports_a_failing_cache_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, server: BlogServer
) -> None:
    def broken(*args: Any, **kw: Any) -> Any:
        raise CacheError("cache /x/cache-v1.sqlite3: disk I/O error")

    monkeypatch.setattr(Store, "merge", broken)
    server.add_many(2)
    store = Store()
    feed = BlogFeed(server.url, fetcher=Fetcher(), store=store)
    out = io.StringIO()
    printer = follow_cmd._Printer("jsonl", (), UTC, out)
    task = asyncio.ensure_future(follow_cmd.follow_feed(feed, printer, 1.0, False, False))
    try:
        deadline = time.monotonic() + WAIT
        while server.seen.not_modified < 1 or len(jsonl_ids(out.getvalue())) < 3:
            if server.seen.not_modified >= 1 and len(server.posts) == 2:
                server.add()
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await feed.fetcher.aclose()
    assert jsonl_ids(out.getvalue()) == ["p1", "p2", "p3"]
    assert one_line(capsys.readouterr().err).startswith("liveblog: cache disabled:")


def test_parse_warnings_reach_stderr(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(
        "<rss><channel><title>t</title><item><guid>1</guid><title>a</b></title></item>"
        "<item><guid>2</guid><title>b</title></item></channel>"
    )
    code, out, err = run("dump", broken, "--format", "jsonl")
    assert code == 0 and sorted(jsonl_ids(out)) == ["1", "2"]
    assert "not well-formed XML" in one_line(err)
    code, out, err = run("follow", "-", "--format", "jsonl", stdin=broken.read_bytes())
    assert code == 0 and "not well-formed XML" in one_line(err)


def test_dump_of_a_feed_with_an_item_nested_too_deep_gives_the_others(
    run: Run, tmp_path: Path
) -> None:
    """Issue 17 (2): one item past the XML parser's depth limit lost every later one."""
    deep = tmp_path / "deep.xml"
    nested = "<x>" * 5000 + "deep" + "</x>" * 5000
    items = "".join(
        f"<item><guid>{n}</guid><description>{nested if n == 3 else f'Body {n}'}</description>"
        "</item>"
        for n in range(1, 6)
    )
    deep.write_text(f"<rss><channel><title>t</title>{items}</channel></rss>")
    code, out, err = run("dump", deep, "--format", "jsonl")
    assert code == 0 and sorted(jsonl_ids(out)) == ["1", "2", "4", "5"]
    assert one_line(err) == (
        "liveblog: left out item 3: elements nested more than 250 deep, too deep to read"
    )


def test_second_dump_is_a_304(run: Run, server: BlogServer) -> None:
    server.add_many(2)
    first = run("dump", server.url)
    second = run("dump", server.url)
    assert first[0] == second[0] == 0
    assert entries_of(second[1]) == entries_of(first[1])
    assert server.seen.conditional == 1 and server.seen.not_modified == 1


def test_dump_versions_gives_each_edited_entry_its_versions(
    run: Run, server: BlogServer, tmp_path: Path
) -> None:
    """Issue 16 (3): the cache keeps what an edit replaced; --versions prints it, oldest first,
    the current version last, on edited entries only (json and jsonl, online and offline)."""
    server.add_many(2)
    assert run("dump", server.url)[0] == 0
    server.edit("p2", "<p>Corrected figures.</p>")
    code, out, err = run("dump", server.url, "--versions")
    assert (code, err) == (0, "")
    p2, p1 = entries_of(out)
    assert "versions" not in p1  # never edited
    assert p2["versions"] == [
        {"updated": None, "title": "Update 2", "text": "Body of update 2."},
        {"updated": p2["updated"], "title": "Update 2", "text": "Corrected figures."},
    ]
    assert p2["updated"] == "2031-03-04T09:32:00+00:00"
    code, out, _ = run("dump", server.url, "--offline", "--versions", "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [e.get("versions") for e in lines] == [p2["versions"], None]
    server.edit("p2", "<p>Corrected figures, again.</p>", minutes_later=40)
    code, out, _ = run("dump", server.url, "--versions")
    assert [v["text"] for v in entries_of(out)[0]["versions"]] == [
        "Body of update 2.",
        "Corrected figures.",
        "Corrected figures, again.",
    ]
    # without --versions, the JSON contract as it was; markdown and text print the current one
    code, out, _ = run("dump", server.url, "--offline")
    assert all("versions" not in e for e in entries_of(out))
    code, out, _ = run("dump", server.url, "--offline", "--versions", "--format", "text")
    assert code == 0 and "Corrected figures, again." in out and "Body of update 2." not in out
    # a file is never cached: no versions
    page = tmp_path / "page.html"
    page.write_bytes(server.page())
    code, out, _ = run("dump", page, "--versions")
    assert code == 0 and all("versions" not in e for e in entries_of(out))


# -- follow ---------------------------------------------------------------------------------------


def test_follow_the_demo_as_it_grows(following: Callable[..., Follow]) -> None:
    with DemoServer(interval=None) as demo:
        f = following(demo.url, "--interval", "1", "--format", "jsonl")
        # every post on the page at start (the pipe may hand them over in several reads)
        initial = f.wait_records(len(demo_content.INITIAL))
        published = [r["published"] for r in initial]
        assert published == sorted(published)  # the current entries, oldest first
        for _ in range(4):
            assert demo.publish_next()
        records = f.wait_records(len(initial) + 4)
        assert demo.advance()  # the script's fifth step amends an earlier post
        records = f.wait_records(len(initial) + 5)
        assert demo.publish_next()
        records = f.wait_records(len(initial) + 6)
        code, err = f.interrupt()
    assert code == 0 and "Traceback" not in err and err == ""
    ids = [r["id"] for r in records]
    counts = {i: ids.count(i) for i in ids}
    edited = [i for i, n in counts.items() if n == 2]
    assert len(edited) == 1 and all(n == 1 for i, n in counts.items() if i not in edited)
    again = [r for r in records if r["id"] == edited[0]][1]
    assert again["updated"] is not None and ISO_UTC.match(again["updated"])
    assert len(set(ids)) == len(initial) + 5


def test_follow_uses_conditional_requests_and_prints_edits(
    server: BlogServer, following: Callable[..., Follow]
) -> None:
    server.add_many(3)
    f = following(server.url, "--interval", "1", "--format", "jsonl", "--no-cache")
    assert [r["id"] for r in f.wait_records(3)] == ["p1", "p2", "p3"]
    wait_until(lambda: server.seen.not_modified >= 1, "a 304")
    assert server.seen.conditional >= 1
    server.add()
    server.edit("p2", "<p>Corrected figures.</p>")
    records = f.wait_records(5)
    code, err = f.interrupt()
    assert code == 0 and err == ""
    assert [r["id"] for r in records] == ["p1", "p2", "p3", "p4", "p2"]
    assert records[4]["text"] == "Corrected figures." and records[4]["updated"] is not None
    assert records[1]["updated"] is None
    # every poll after the first carried If-None-Match; unchanged ones were answered 304
    assert all("if-none-match" in h for h in server.seen.requests[1:])
    assert server.seen.not_modified >= 1


def test_follow_text_and_filter_on_new_entries(
    server: BlogServer, following: Callable[..., Follow]
) -> None:
    server.add(headline="Regatta: boats gather")
    server.add(headline="Fireworks at ten")
    f = following(server.url, "--interval", "1", "--filter", "regatta", "--tz", "UTC")
    wait_until(lambda: "Regatta: boats gather" in "".join(f.out), "the first match")
    server.add(headline="Food stalls open")
    server.add(headline="Regatta results")
    wait_until(lambda: "Regatta results" in "".join(f.out), "the new match")
    code, err = f.interrupt()
    out = "".join(f.out)
    assert code == 0 and err == ""
    assert "Fireworks" not in out and "Food stalls" not in out
    assert out.index("Regatta: boats gather") < out.index("Regatta results")
    assert "2031-03-04 09:01 UTC · Ada Quill\nRegatta: boats gather\n" in out


def test_follow_from_the_cache_prints_it_then_only_changes(
    run: Run, server: BlogServer, following: Callable[..., Follow]
) -> None:
    server.add_many(2)
    assert run("dump", server.url)[0] == 0  # cached
    server.add()
    f = following(server.url, "--interval", "1", "--format", "jsonl")
    records = f.wait_records(3)
    wait_until(lambda: server.seen.not_modified >= 1, "a 304")
    code, _ = f.interrupt()
    assert code == 0 and [r["id"] for r in f.records()] == ["p1", "p2", "p3"]
    assert [r["id"] for r in records] == ["p1", "p2", "p3"]  # p1, p2 once: from the cache


async def test_follow_survives_a_server_that_goes_away(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Errors are reported on stderr (one line each) and following resumes when the server does."""
    blog = BlogServer()
    blog.start()
    blog.add_many(2)
    out = io.StringIO()
    feed = BlogFeed(blog.url, fetcher=Fetcher(retries=0), store=None)
    printer = follow_cmd._Printer("jsonl", (), UTC, out)
    task = asyncio.ensure_future(follow_cmd.follow_feed(feed, printer, 1.0, False, False))
    errors: list[str] = []

    async def until(predicate: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not predicate():
            errors.extend(capsys.readouterr().err.splitlines())
            assert not task.done(), task.exception()
            assert time.monotonic() < deadline, f"gave up waiting for {what}"
            await asyncio.sleep(0.02)

    try:
        await until(lambda: jsonl_ids(out.getvalue()) == ["p1", "p2"], "the first entries")
        blog.stop()
        await until(lambda: any("retrying" in e for e in errors), "an error report")
        blog.start()  # the same port again
        blog.add()
        await until(lambda: jsonl_ids(out.getvalue()) == ["p1", "p2", "p3"], "the new entry")
    finally:
        task.cancel()
        blog.stop()
        await feed.fetcher.aclose()
    assert errors and all(
        e.startswith("liveblog: cannot connect to 127.0.0.1:") and "retrying in" in e
        for e in errors
    )


async def test_follow_a_file_that_grows(tmp_path: Path) -> None:
    """A saved page or feed is read again every interval (and never cached)."""
    blog = BlogServer(fmt="rss")
    blog.add_many(2)
    path = tmp_path / "feed.xml"
    path.write_bytes(blog.page())
    out = io.StringIO()
    feed = BlogFeed(str(path), fetcher=Fetcher(), store=Store())
    task = asyncio.ensure_future(
        follow_cmd.follow_feed(feed, follow_cmd._Printer("jsonl", (), UTC, out), 1.0, False, False)
    )
    try:
        deadline = time.monotonic() + WAIT
        while jsonl_ids(out.getvalue()) != ["p1", "p2"]:
            assert time.monotonic() < deadline and not task.done()
            await asyncio.sleep(0.02)
        blog.add()
        path.write_bytes(blog.page())
        while jsonl_ids(out.getvalue()) != ["p1", "p2", "p3"]:
            assert time.monotonic() < deadline and not task.done(), out.getvalue()
            await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await feed.fetcher.aclose()
    assert not cache_file().exists()


def test_follow_stdin_prints_once_and_exits(run: Run) -> None:
    code, out, err = run("follow", "-", "--format", "jsonl", stdin=TIMELINE.read_bytes())
    assert (code, err) == (0, "")
    assert jsonl_ids(out) == ["a1", "a2", "a3", "a5", "a4", "a6"]  # oldest first, undated last
    code, out, err = run("follow", "-", stdin=b"")
    assert code == 1 and out == "" and "empty" in one_line(err)


def test_follow_offline_prints_the_cache_and_exits(run: Run, server: BlogServer) -> None:
    server.add_many(2)
    assert run("dump", server.url)[0] == 0
    code, out, err = run("follow", server.url, "--offline", "--format", "jsonl")
    assert (code, err) == (0, "") and jsonl_ids(out) == ["p1", "p2"]


def test_ctrl_c_before_the_first_answer(following: Callable[..., Follow]) -> None:
    """A server that accepts the connection and never answers: Ctrl-C still exits 0, quietly."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        f = following(f"http://127.0.0.1:{sock.getsockname()[1]}/live", "--interval", "1")
        wait_until(lambda: _accepted(sock), "the connection")
        code, err = f.interrupt()
    assert code == 0 and err == "" and f.out == []


def _accepted(sock: socket.socket) -> bool:
    sock.settimeout(0.05)
    try:
        conn, _ = sock.accept()
    except TimeoutError:
        return False
    conn.detach()  # keep it open (and silent) until the test ends
    return True


def test_ctrl_c_during_dump_is_not_success() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tui_liveblog",
                "dump",
                f"http://127.0.0.1:{sock.getsockname()[1]}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_sigint_default,
            text=True,
        )
        wait_until(lambda: _accepted(sock), "the connection")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=WAIT)
    assert p.returncode == 130 and out == "" and "Traceback" not in err


# -- hostile input ------------------------------------------------------------------------------


def _safe_link(url: str) -> bool:
    return url.startswith(("http://", "https://", "mailto:"))


@pytest.mark.parametrize("fixture", [HOSTILE_JSONLD, HOSTILE_RSS])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "text"])
def test_hostile_input_reaches_no_output_as_control_characters(fixture: Path, fmt: str) -> None:
    result = proc("dump", fixture, "--format", fmt, "--tz", "UTC")
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert not CONTROL.search(out), repr(CONTROL.search(out))
    assert "pwned" not in out  # the OSC title payload went with its sequence
    assert "evil.example/osc8" not in out  # so did the OSC 8 hyperlink target
    if fmt in ("json", "jsonl"):
        entries = entries_of(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        strings = json.dumps(entries, ensure_ascii=False)
        assert not CONTROL.search(strings)  # nor hidden behind a JSON \u escape
        for e in entries:
            assert e["url"] is None or _safe_link(e["url"])
            assert all(_safe_link(link) for link in e["links"]), e["links"]
            assert all(_safe_link(m["url"]) for m in e["media"])
        links = [link for e in entries for link in e["links"]]
        assert not [x for x in links if "javascript" in x.lower() or x.startswith("data:")]


def test_hostile_jsonld_markup_and_links_in_detail(run: Run) -> None:
    code, out, _ = run("dump", HOSTILE_JSONLD)
    assert code == 0
    doc = json.loads(out)
    by_id = {e["id"]: e for e in doc["entries"]}
    assert doc["blog"]["title"] == "Quiet blog evil"
    assert by_id["h1"]["title"] == "Red headline hyperlink"
    assert by_id["h1"]["authors"] == ["Mallory"]
    assert by_id["h1"]["url"] is None  # javascript: entry link dropped
    assert by_id["h4"]["url"] is None  # data: entry link dropped
    assert by_id["h3"]["title"] == "[bold red]x[/]"  # markup stays literal text
    assert "[link=javascript:x]click[/link]" in by_id["h3"]["text"]
    assert "https://ok.example/a" in by_id["h4"]["links"]
    assert "mailto:desk@ok.example" in by_id["h4"]["links"]
    assert by_id["h4"]["media"] == []  # data: and javascript: images dropped
    assert "alert(6)" not in by_id["h4"]["text"]  # scripts are not text
    code, text, _ = run("dump", HOSTILE_JSONLD, "--format", "text")
    assert "[bold red]x[/]" in text and "[link=javascript:x]click[/link]" in text
    code, md, _ = run("dump", HOSTILE_JSONLD, "--format", "markdown")
    assert r"\[bold red\]x\[/\]" in md  # literal in Markdown too
    assert "](<javascript" not in md.lower() and "](<data:" not in md


def test_hostile_rss_keeps_what_follows_a_broken_sequence(run: Run) -> None:
    code, out, _ = run("dump", HOSTILE_RSS)
    assert code == 0
    by_id = {e["id"]: e for e in entries_of(out)}
    assert by_id["r1"]["title"].startswith("Red headline [bold red]x[/]")
    assert by_id["r1"]["url"] is None
    assert by_id["r1"]["links"] == ["https://ok.example/b"]
    # a lone 8-bit OSC introducer (U+009D) in r1 no longer swallows the rest of the feed
    assert "Markup [link=javascript:x]click[/link] stays." in by_id["r1"]["text"]
    assert by_id["r2"]["text"] == "Nothing to see here."


@pytest.mark.parametrize("fixture", [HOSTILE_JSONLD, HOSTILE_RSS])
@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_hostile_input_through_follow(fixture: Path, fmt: str) -> None:
    result = proc("follow", "-", "--format", fmt, stdin=fixture.read_bytes())
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout and not CONTROL.search(result.stdout)
    assert "pwned" not in result.stdout


# -- the output stream --------------------------------------------------------------------------


def _raw(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui_liveblog", *map(str, args)],
        capture_output=True,
        timeout=WAIT,
        env={**os.environ, **(env or {})},
    )


def test_a_non_utf8_terminal_gets_text_with_replacements_and_json_in_utf8() -> None:
    ascii_env = {"PYTHONIOENCODING": "ascii"}
    text = _raw("dump", TIMELINE, "--format", "markdown", "--tz", "UTC", env=ascii_env)
    assert text.returncode == 0 and text.stderr == b""
    assert "## 2031-03-04 12:00 UTC ? Ceasefire agreed" in text.stdout.decode("ascii")
    plain = _raw("dump", TIMELINE, "--format", "text", env=ascii_env)
    assert plain.returncode == 0 and plain.stderr == b""
    for fmt in ("json", "jsonl"):
        data = _raw("dump", RSS, "--format", fmt, env=ascii_env)
        assert data.returncode == 0 and data.stderr == b""
        assert "And they’re off!" in data.stdout.decode("utf-8")  # JSON is UTF-8 (RFC 8259)


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """``liveblog dump BIG | head -c 100``: exit 0, nothing on stderr."""
    blog = BlogServer()
    blog.add_many(3000)
    page = tmp_path / "big.html"
    page.write_bytes(blog.page())
    p = subprocess.Popen(
        [sys.executable, "-m", "tui_liveblog", "dump", page],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_sigint_default,
    )
    assert p.stdout is not None and p.stderr is not None
    head = p.stdout.read(100)
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(WAIT) == 0
    assert head.startswith(b"{") and err == b""


# -- version, help, bare command, --debug ---------------------------------------------------------


def test_version() -> None:
    for args in (("--version",),):
        result = proc(*args)
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            f"liveblog {__version__}\n",
            "",
        )


def test_console_script_and_module_agree() -> None:
    script = Path(sys.executable).with_name("liveblog")
    if script.exists():  # the installed console script
        result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=WAIT)
        assert result.stdout == f"liveblog {__version__}\n"
    assert proc("--version").stdout == f"liveblog {__version__}\n"


def test_help() -> None:
    result = proc("--help")
    assert result.returncode == 0 and result.stderr == ""
    for word in ("dump", "follow", "cache", "demo", "read", "SOURCE"):
        assert word in result.stdout
    dump = proc("dump", "--help")
    assert dump.returncode == 0
    for option in ("--format", "--filter", "--since", "--limit", "--oldest-first", "--all",
                   "--interval", "--no-cache", "--offline", "--source", "--tz", "--debug"):  # fmt: skip
        assert option in dump.stdout
    follow = proc("follow", "--help")
    assert follow.returncode == 0 and "--interval" in follow.stdout


def test_bare_command_explains_how_to_start() -> None:
    result = proc()
    assert result.returncode == 0 and result.stderr == ""
    assert "liveblog demo" in result.stdout and "liveblog URL" in result.stdout


def test_debug_logs_http_on_stderr(run: Run, server: BlogServer) -> None:
    server.add()
    code, out, err = run("dump", server.url, "--debug")
    assert code == 0 and ids_of(out) == ["p1"]
    lines = err.splitlines()
    assert f"http: GET {server.url}" in lines
    assert any(line.startswith(f"http: 200 OK {server.url}") for line in lines)
    code, out, err = run("dump", server.url, "--debug")
    assert any("If-None-Match" in line for line in err.splitlines())
    assert any(line.startswith("http: 304 Not Modified") for line in err.splitlines())


def test_debug_shows_the_detail_of_a_failure(run: Run, server: BlogServer) -> None:
    server.status = 410
    code, _, err = run("dump", server.url, "--debug")
    assert code == 1
    lines = err.strip().splitlines()
    assert "Traceback" in err  # full detail on request
    assert lines[-1] == f"liveblog: HTTP 410 Gone from {server.url}"  # and still the one line


def test_demo_serve_prints_its_url_first() -> None:
    p = subprocess.Popen(
        [sys.executable, "-m", "tui_liveblog", "demo", "--serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_sigint_default,
        text=True,
    )
    try:
        assert p.stdout is not None
        url = p.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/live/selene-shuttle", url)
        result = proc("dump", url, "--format", "jsonl", "--limit", "3")
        assert result.returncode == 0 and len(jsonl_ids(result.stdout)) == 3
    finally:
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=WAIT)
    assert p.returncode == 0 and "Traceback" not in err


# -- credentials ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["dump", "read"])
def test_api_key_reaches_the_source_but_not_the_environment(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """--api-key goes to the sources through Options, never into os.environ: the reader's
    children (the browser opened with 'o') would inherit it from there."""
    from tui_liveblog.ui import factory

    seen: list[str | None] = []
    real_init = Retriever.__init__

    def spy_init(self: Retriever, *args: Any, **kw: Any) -> None:
        real_init(self, *args, **kw)
        seen.append(self.options.api_key)

    class _App:
        def run(self) -> int:
            return 0

    def fake_app(source: str, **kw: Any) -> _App:
        seen.append(kw["options"].api_key)
        return _App()

    monkeypatch.setattr(Retriever, "__init__", spy_init)
    monkeypatch.setattr(factory, "make_app", fake_app)
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)
    argv = [command, str(TIMELINE), "--api-key", "k-from-flag", "--no-cache"]
    assert run(*argv)[0] == 0
    assert seen == ["k-from-flag"]
    assert "GUARDIAN_API_KEY" not in os.environ


# -- the cache is closed on every way out -----------------------------------------------------------


class _Interrupting:
    """A fetcher that is interrupted (Ctrl-C) as soon as it is asked for anything."""

    deadline = None  # (a fetch may take as long as it takes)

    async def fetch(self, source: str, validators: Any = None) -> Any:
        raise KeyboardInterrupt

    async def aclose(self) -> None:
        return None


class _FakeApp:
    def __init__(self, outcome: BaseException | None) -> None:
        self.outcome = outcome

    def run(self) -> int:
        if self.outcome is not None:
            raise self.outcome
        return 0


@pytest.mark.parametrize(
    ("argv", "trouble", "code"),
    [
        (["dump", str(TIMELINE)], None, 0),
        (["dump", "missing.html"], None, 1),
        (["dump", str(TIMELINE)], "ctrl-c", 130),
        (["dump", str(TIMELINE)], "bug", 1),
        (["follow", "-"], None, 0),
        (["follow", "missing.html"], None, 1),
        (["follow", str(TIMELINE)], "ctrl-c", 0),
        (["follow", str(TIMELINE)], "bug", 1),
        (["read", str(TIMELINE)], None, 0),
        (["read", str(TIMELINE)], "ctrl-c", 0),
        (["read", str(TIMELINE)], "bug", 1),
        (["demo"], None, 0),
        (["cache", "list"], None, 0),
        (["cache", "clear"], None, 0),
    ],
    ids=lambda v: " ".join(Path(a).name for a in v) if isinstance(v, list) else str(v),
)
def test_every_command_closes_the_cache_however_it_ends(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    trouble: str | None,
    code: int,
) -> None:
    """dump, follow, read, demo and cache close the store they opened: after a success, an
    error, Ctrl-C or a bug (monkeypatched close, counted per store)."""
    from tui_liveblog.ui import factory

    opened: list[Store] = []
    closed: set[int] = set()
    real_init, real_close = Store.__init__, Store.close

    def init(self: Store, *args: Any, **kw: Any) -> None:
        real_init(self, *args, **kw)
        opened.append(self)

    def close(self: Store) -> None:
        closed.add(id(self))
        real_close(self)

    monkeypatch.setattr(Store, "__init__", init)
    monkeypatch.setattr(Store, "close", close)
    monkeypatch.chdir(tmp_path)
    failure = {"ctrl-c": KeyboardInterrupt(), "bug": RuntimeError("a bug")}.get(trouble or "")
    if trouble == "ctrl-c":
        monkeypatch.setattr(common, "make_fetcher", lambda args: _Interrupting())
    elif trouble == "bug":

        def broken(args: Any) -> Fetcher:
            raise RuntimeError("a bug")

        monkeypatch.setattr(common, "make_fetcher", broken)
    monkeypatch.setattr(factory, "make_app", lambda source, **kw: _FakeApp(failure))
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)

    assert run(*argv, stdin=TIMELINE.read_bytes())[0] == code
    assert opened or argv == ["demo"]  # (the demo never uses the cache)
    assert all(id(store) in closed for store in opened)


# -- issue 13: --offline on a blog the cache does not hold ---------------------------------------


def test_offline_reader_on_an_uncached_url_says_so_in_one_line_and_opens_nothing(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_liveblog.ui import factory

    opened: list[str] = []
    monkeypatch.setattr(factory, "make_app", lambda source, **kw: opened.append(source))
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)
    code, out, err = run("https://news.example/live/never-seen", "--offline")
    assert code == 1
    assert err == (
        "liveblog: https://news.example/live/never-seen is not in the cache"
        " (drop --offline to fetch it)\n"
    )
    assert out == "" and opened == []


def test_offline_reader_on_a_cached_url_or_a_file_opens(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tui_liveblog.model import Blog, Entry, Snapshot
    from tui_liveblog.store import Store
    from tui_liveblog.ui import factory

    url = "https://news.example/live/seen"
    with Store() as store:
        blog = Blog(url, "Seen", "jsonld")
        store.merge(url, Snapshot(blog, (Entry("e1", text="x"),)), fetched_at=datetime.now(UTC))

    class _App:
        def run(self) -> int:
            return 0

    opened: list[str] = []

    def make_app(source: str, **kw: Any) -> _App:
        opened.append(source)
        return _App()

    monkeypatch.setattr(factory, "make_app", make_app)
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)
    assert run(url, "--offline")[0] == 0
    page = tmp_path / "saved.html"
    page.write_bytes(TIMELINE.read_bytes())
    assert run(page, "--offline")[0] == 0
    assert opened == [url, str(page)]


# -- issue 13: a web address typed without its scheme ------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("www.example.com/live/x", "https://www.example.com/live/x"),
        ("example.com/live/x?page=2", "https://example.com/live/x?page=2"),
        ("www.bbc.co.uk", "https://www.bbc.co.uk"),
        ("news.example:8080/live", "https://news.example:8080/live"),
        ("notes.txt", "notes.txt"),  # a file name, even when there is no such file
        ("report.final.html", "report.final.html"),
        ("./example.com/x", "./example.com/x"),
        ("https://example.com/x", "https://example.com/x"),
    ],
)
def test_a_web_address_without_its_scheme_is_read_over_https(typed: str, read_as: str) -> None:
    from tui_liveblog.config import Config

    assert common.resolve_source(typed, Config()) == read_as


def test_a_file_or_folder_of_that_name_is_still_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_liveblog.config import Config

    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.com").mkdir()
    (tmp_path / "example.com" / "live.html").write_text("<p>saved</p>")
    (tmp_path / "www.saved.org").write_text("<p>saved</p>")
    assert common.resolve_source("example.com/live.html", Config()) == "example.com/live.html"
    assert common.resolve_source("example.com/other.html", Config()) == "example.com/other.html"
    assert common.resolve_source("www.saved.org", Config()) == "www.saved.org"


def test_the_command_line_reads_a_scheme_less_address_as_https(run: Run) -> None:
    code, _, err = run("dump", "news.example/live/storm", "--offline")
    assert code == 1
    assert "https://news.example/live/storm is not in the cache" in err


def test_the_reader_follows_a_url_and_reads_a_file_once(
    run: Run, monkeypatch: pytest.MonkeyPatch, server: BlogServer
) -> None:
    from tui_liveblog.ui import factory

    class _App:
        def run(self) -> int:
            return 0

    follows: list[bool] = []

    def make_app(source: str, **kw: Any) -> _App:
        follows.append(kw["follow"])
        return _App()

    monkeypatch.setattr(factory, "make_app", make_app)
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)
    assert run(TIMELINE, "--no-cache")[0] == 0
    assert run(server.url, "--no-cache")[0] == 0
    assert follows == [False, True]


def test_a_file_without_a_title_is_named_by_its_file_name(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "saved-storm-live.html"
    page.write_text(
        '<script type="application/ld+json">{"@type": "LiveBlogPosting", "liveBlogUpdate": ['
        '{"@type": "BlogPosting", "headline": "Update", "articleBody": "Text.",'
        ' "datePublished": "2026-11-24T12:00:00Z"}]}</script>'
    )
    code, out, _ = run("dump", page, "--format", "json", "--no-cache")
    blog = json.loads(out)["blog"]
    assert code == 0 and blog["title"] == "saved-storm-live.html"
    assert blog["url"] == str(page)


# -- issue 13 (9): warnings given before the reader starts -------------------------------------


def test_warnings_before_the_reader_starts_are_its_notices_not_printed(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: a damaged cache set aside and a config error were printed before the reader
    started, on the screen it then covered. They go to the reader, which shows them as notices;
    when it does not start, they are printed (before the error it ends with)."""
    from tui_liveblog.ui import factory

    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('interval = "abc"\n')
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(b"not a database" * 100)

    class _App:
        def run(self) -> int:
            return 0

    given: list[tuple[str, ...]] = []

    def make_app(source: str, **kw: Any) -> _App:
        given.append(kw.get("notices", ()))
        return _App()

    monkeypatch.setattr(factory, "make_app", make_app)
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)
    code, out, err = run("https://news.example/live/storm")
    assert (code, out, err) == (0, "", "")  # nothing printed under the reader's screen
    [notices] = given
    assert notices[0] == (
        "config.toml: interval = 'abc' is not a number of seconds above 0; the default is used"
    )
    assert "was damaged" in notices[1] and "set aside as" in notices[1]
    assert len(notices) == 2
    # the reader does not start: printed, then the error
    code, out, err = run("https://news.example/live/storm", "--offline")
    assert code == 1 and out == "" and len(given) == 1
    assert err.splitlines() == [
        "liveblog: config.toml: interval = 'abc' is not a number of seconds above 0;"
        " the default is used",
        "liveblog: https://news.example/live/storm is not in the cache"
        " (drop --offline to fetch it)",
    ]
    # and the other commands print them as before
    code, _, err = run("dump", TIMELINE, "--format", "text")
    assert code == 0 and "interval = 'abc'" in err


# -- issue 13 (16): bare `liveblog` with saved blogs ----------------------------------------------


def saved_blogs(*names: str) -> dict[str, str]:
    """Saved blogs in the config file, each cached (as after reading it once), none opened."""
    from tui_liveblog.model import Blog, Entry, Snapshot
    from tui_liveblog.store import Store

    blogs = {name: f"https://news.example/live/{name}" for name in names}
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[blogs]\n" + "".join(f'{n} = "{u}"\n' for n, u in blogs.items()))
    with Store() as store:
        for name, url in blogs.items():
            snapshot = Snapshot(Blog(url, name.title(), "jsonld"), (Entry("e1", text="x"),))
            store.merge(url, snapshot, fetched_at=datetime.now(UTC))
    return blogs


def fake_reader(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The reader, replaced: what it is opened on."""
    from tui_liveblog.ui import factory

    class _App:
        def run(self) -> int:
            return 0

    opened: list[str] = []

    def make_app(source: str, **kw: Any) -> _App:
        opened.append(source)
        return _App()

    monkeypatch.setattr(factory, "make_app", make_app)
    monkeypatch.setattr(read, "need_terminal", lambda instead: None)
    return opened


def test_bare_liveblog_opens_the_home_screen_on_the_saved_blog_read_last(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15 (2): bare `liveblog` opens the home screen (it reopened the blog read last, issue
    13), its selection on the blog read last."""
    from tui_liveblog.cli import home

    blogs = saved_blogs("harbour", "storm", "vote")
    opened = fake_reader(monkeypatch)
    shown: list[tuple[list[str], str | None]] = []

    def fake_home(
        args: Any, config: Any, listed: Any, selected: str | None, groups: Any = None
    ) -> None:
        shown.append(([name for name, _ in listed], selected))

    monkeypatch.setattr(read, "interactive", lambda: True)
    monkeypatch.setattr(home, "run_home", fake_home)
    assert run("storm")[0] == 0  # read by its name
    assert run()[0] == 0
    assert run("read")[0] == 0  # `liveblog read` with no source: the same
    assert opened == [blogs["storm"]]
    assert shown == [(["harbour", "storm", "vote"], "storm")] * 2


def test_bare_liveblog_lists_the_saved_blogs_when_not_on_a_terminal(run: Run) -> None:
    saved_blogs("storm", "harbour")
    code, out, err = run()
    assert code == 0 and err == ""
    assert out == (
        "saved blogs: storm, harbour\nopen one with: liveblog NAME (e.g. liveblog storm)\n"
    )


def test_help_says_what_bare_liveblog_does() -> None:
    result = proc("--help")
    assert "bare 'liveblog' opens the home screen\nof the saved blogs" in result.stdout


def test_follow_filter_speaks_the_filter_language(
    server: BlogServer, following: Callable[..., Follow]
) -> None:
    """``follow --filter`` parses what ``dump --filter`` does: phrases, -word (issue 14, 5)."""
    server.add(headline="Regatta: boats gather")
    server.add(headline="Regatta boats: the list")
    f = following(
        server.url, "--interval", "1", "--filter", '"regatta: boats" -results', "--tz", "UTC"
    )
    wait_until(lambda: "Regatta: boats gather" in "".join(f.out), "the first match")
    server.add(headline="Regatta: boats results")
    server.add(headline="Regatta: boats home")
    wait_until(lambda: "Regatta: boats home" in "".join(f.out), "the new match")
    code, _err = f.interrupt()
    out = "".join(f.out)
    assert code == 0
    assert "the list" not in out and "results" not in out
