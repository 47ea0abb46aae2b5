"""Issue 15: ``liveblog add``/``remove``/``list`` (the saved blogs), ``follow --watch`` (only
the entries holding a watch word), ``read --watch`` (parsed for the reader), and
``liveblog completion bash|zsh|fish``.

Hermetic: the config and the cache live in the sandbox of tests/conftest.py; the cache is
filled directly through :class:`~tui_liveblog.store.Store`; the completion scripts run in
shells started here, with a ``liveblog`` on PATH that is this checkout's
``python -m tui_liveblog``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui_liveblog.cli import main
from tui_liveblog.cli.parser import build_parser
from tui_liveblog.config import config_path
from tui_liveblog.model import Blog, Entry, Snapshot
from tui_liveblog.store import Store

from .conftest import FIXTURES, REPO

TIMELINE = FIXTURES / "cli" / "timeline.html"
T0 = datetime(2026, 11, 24, 12, 5, tzinfo=UTC)


def run(
    capsys: pytest.CaptureFixture[str], *args: str, stdin: bytes | None = None
) -> tuple[int, str, str]:
    capsys.readouterr()
    if stdin is not None:
        saved = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = main(list(args))
    finally:
        if stdin is not None:
            sys.stdin = saved
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("liveblog: "), err
    assert "Traceback" not in err
    return lines[0]


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- add, remove ----------------------------------------------------------------------------------


def test_add_and_remove_edit_the_config_keeping_its_comments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_config(
        '# my blogs\ninterval = 60  # slow\n\n[blogs]\n# the first\nold = "https://a.example/live"\n'
    )
    code, out, err = run(capsys, "add", "storm", "https://news.example/live/storm")
    assert (code, out, err) == (0, "saved storm: https://news.example/live/storm\n", "")
    text = path.read_text()
    assert text.startswith("# my blogs\ninterval = 60  # slow\n\n[blogs]\n# the first\nold = ")
    assert text.index("old =") < text.index('storm = "https://news.example/live/storm"')
    # the same again: nothing to do, said so
    code, out, err = run(capsys, "add", "storm", "https://news.example/live/storm")
    assert (code, out, err) == (0, "storm is saved already: https://news.example/live/storm\n", "")
    code, out, _ = run(capsys, "list", "--names")
    assert (code, out) == (0, "old\nstorm\n")
    code, out, err = run(capsys, "remove", "old")
    assert (code, out, err) == (0, "removed old\n", "")
    assert "old =" not in path.read_text() and "# my blogs" in path.read_text()
    code, out, err = run(capsys, "remove", "old")
    assert code == 1 and out == ""
    assert one_line(err) == "liveblog: no saved blog is named 'old' (see 'liveblog list')"


def test_add_refuses_a_command_name_and_what_is_not_a_blog(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "add", "list", "https://news.example/live")
    assert code == 2 and out == ""
    assert "'list' is a liveblog command; choose another name" in one_line(err)
    for bad in ("ftp://news.example/live", "no-such-file.html", "-"):
        code, out, err = run(capsys, "add", "storm", bad)
        assert code == 2 and out == "", bad
        one_line(err)
    assert not config_path().exists()  # nothing was written


def test_add_a_name_taken_by_another_blog_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('[blogs]\nstorm = "https://a.example/live"\n')
    code, out, err = run(capsys, "add", "storm", "https://b.example/live")
    assert code == 1 and out == ""
    assert "saved already, for another blog; remove it first" in one_line(err)
    assert "b.example" not in config_path().read_text()


def test_add_a_file_saves_its_absolute_path_and_the_name_reads_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(TIMELINE.parent)
    code, out, _ = run(capsys, "add", "harbour", TIMELINE.name)
    assert (code, out) == (0, f"saved harbour: {TIMELINE.resolve()}\n")
    code, out, _ = run(capsys, "add", "web", "www.news.example/live/x")  # no scheme: https
    assert (code, out) == (0, "saved web: https://www.news.example/live/x\n")
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "dump", "harbour", "--format", "jsonl")
    assert code == 0 and json.loads(out.splitlines()[0])["title"] == "Ceasefire agreed"


# -- list -----------------------------------------------------------------------------------------


def _cache(url: str, title: str, live: bool | None, ids: list[str]) -> None:
    entries = tuple(Entry(id=i, published=T0, text=f"update {i}") for i in ids)
    with Store() as store:
        store.merge(url, Snapshot(Blog(url, title, "jsonld", live=live), entries), fetched_at=T0)


def test_list_shows_each_saved_blog_from_the_cache(capsys: pytest.CaptureFixture[str]) -> None:
    write_config(
        "[blogs]\n"
        'storm = "https://news.example/live/storm"\n'
        'trial = "https://news.example/live/trial"\n'
        "[blogs.vote]\n"
        'url = "https://news.example/live/vote"\n'
        'watch = ["recount"]\n'
        f"[blogs.harbour]\nurl = {json.dumps(str(TIMELINE))}\n"
    )
    # a hostile title: control sequences and Rich markup come out as plain, inert text
    _cache(
        "https://news.example/live/storm", "Storm \x1b[31m[bold]live[/bold]\x07", None, ["a", "b"]
    )
    _cache("https://news.example/live/vote", "Vote\ncount", False, ["v1", "v2", "v3"])
    code, out, err = run(capsys, "list", "--tz", "UTC")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "storm      2 unread  live   changed 2026-11-24 12:05  Storm [bold]live[/bold]",
        "trial    not read yet  https://news.example/live/trial",
        "vote       3 unread  ended  changed 2026-11-24 12:05  Vote count",
        f"harbour  a file (not cached)  {TIMELINE}",
    ]
    # the table form of a saved blog is a SOURCE as the plain one is
    code, out, _ = run(capsys, "dump", "harbour", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 6


def test_list_with_nothing_saved_says_how_to_add(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0 and err == "" and "liveblog add NAME URL" in out
    assert run(capsys, "list", "--names")[1] == ""


def test_help_lists_the_new_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui_liveblog", "--help"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("    ")]
    for command in ("add", "remove", "list", "completion"):
        assert command in listed, command
    follow = subprocess.run(
        [sys.executable, "-m", "tui_liveblog", "follow", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert "--watch WORDS" in follow.stdout and "ANY" in follow.stdout


# -- follow --watch, read --watch -------------------------------------------------------------------


def _ids(out: str) -> list[str]:
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_follow_watch_prints_only_entries_with_any_watch_word(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = TIMELINE.read_bytes()
    code, out, err = run(capsys, "follow", "-", "--format", "jsonl", "--watch", "FERRY", stdin=page)
    assert (code, err) == (0, "") and _ids(out) == ["a1", "a5"]  # (text, case folded)
    # any of several words (repeated, or in one value), and "a phrase" as the filter has them
    code, out, _ = run(
        capsys, "follow", "-", "--format", "jsonl", "--watch", 'coat "closed  doors"',
        "--watch", "concert", stdin=page,
    )  # fmt: skip
    assert _ids(out) == ["a2", "a3", "a6"]
    # with --filter: both hold
    code, out, _ = run(
        capsys, "follow", "-", "--format", "jsonl", "--watch", "ferry", "--filter", "ceasefire",
        stdin=page,
    )  # fmt: skip
    assert _ids(out) == ["a5"]


def test_read_watch_is_a_list_of_words_and_phrases() -> None:
    parser = build_parser()
    args = parser.parse_args(["read", "x", "--watch", 'ferry "prime minister"', "--watch", "ferry"])
    assert args.watch == ["ferry", "prime minister"]
    assert parser.parse_args(["read", "x"]).watch == []


# -- completion -------------------------------------------------------------------------------------


@pytest.fixture
def fake_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has a ``liveblog`` that is this checkout's, and two saved
    blogs in the (sandboxed) config."""
    write_config(
        '[blogs]\nstorm = "https://a.example/live"\n[blogs.trial]\nurl = "https://b.example/"\n'
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "liveblog"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tui_liveblog "$@"\n')
    script.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = str(REPO)
    return env


def _script(shell: str, tmp_path: Path) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "tui_liveblog", "completion", shell],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0 and result.stderr == ""
    path = tmp_path / f"liveblog.{shell}"
    path.write_text(result.stdout)
    return path


def _bash_complete(script: Path, words: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    """COMPREPLY of the script's function for ``words`` (the last one being completed)."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (
        f"source '{script}'\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        "_liveblog liveblog\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completion_offers_commands_options_and_saved_names(
    tmp_path: Path, fake_path: dict[str, str]
) -> None:
    script = _script("bash", tmp_path)
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    here = tmp_path / "work"
    here.mkdir()
    (here / "notes.html").write_text("")
    first = _bash_complete(script, ["liveblog", ""], fake_path, here)
    for word in ("read", "dump", "follow", "add", "remove", "list", "completion", "storm", "trial", "notes.html"):  # fmt: skip
        assert word in first, word
    assert _bash_complete(script, ["liveblog", "remove", "t"], fake_path, here) == ["trial"]
    assert set(_bash_complete(script, ["liveblog", "dump", ""], fake_path, here)) == {
        "storm", "trial", "notes.html"
    }  # fmt: skip
    assert _bash_complete(script, ["liveblog", "follow", "--wa"], fake_path, here) == ["--watch"]
    assert _bash_complete(script, ["liveblog", "dump", "--format", "j"], fake_path, here) == [
        "json", "jsonl"
    ]  # fmt: skip
    assert _bash_complete(script, ["liveblog", "completion", ""], fake_path, here) == [
        "bash", "zsh", "fish"
    ]  # fmt: skip


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed here")
def test_zsh_completion_script_parses(tmp_path: Path) -> None:
    script = _script("zsh", tmp_path)
    assert "compdef _liveblog liveblog" in script.read_text()
    assert subprocess.run(["zsh", "-n", str(script)]).returncode == 0


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed here")
def test_fish_completion_script_parses(tmp_path: Path) -> None:
    script = _script("fish", tmp_path)
    assert "list --names" in script.read_text()
    assert subprocess.run(["fish", "-n", str(script)]).returncode == 0


def test_zsh_and_fish_scripts_name_every_command_and_read_the_saved_names(
    tmp_path: Path,
) -> None:
    for shell in ("zsh", "fish"):
        text = _script(shell, tmp_path).read_text()
        assert "liveblog list --names 2>/dev/null" in text, shell
        for word in ("read", "dump", "follow", "cache", "demo", "add", "remove", "list",
                     "completion", "watch", "format", "jsonl markdown"):  # fmt: skip
            assert word in text, (shell, word)
