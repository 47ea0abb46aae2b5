"""Issue 17 (5): everything shown is sanitised, whatever its origin.

A file's name becomes its blog's URL and, when the document names no title (a Reddit listing,
a WordPress entries file, a page or feed without a title), its title. A name holding an escape
sequence or a bidi override reached the terminal raw in ``dump --format text``/``markdown``
(and the bidi override and C1 controls in JSON). The title and URL are cleaned where they are
made (the registry), and every format passes what it prints through the sanitiser once more.
"""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tui_liveblog.cli import common, main
from tui_liveblog.model import Blog, Entry, Media
from tui_liveblog.output import (
    entry_markdown,
    entry_text,
    jsonl_line,
    to_json,
    to_jsonl,
    to_markdown,
    to_text,
)

from .conftest import FIXTURES

# what must never reach a terminal: ESC, C0 (but \t \n), DEL, C1, bidi controls
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# an OSC that sets the window title, a colour, a bidi override and a C1 control (NEL)
EVIL = "\x1b]0;pwned\x07\x1b[31mred\u202eevil\u0085"
FORMATS = ("text", "markdown", "json", "jsonl")

_RSS_NO_TITLE = (
    '<rss version="2.0"><channel><item><guid>1</guid><title>One</title>'
    "<pubDate>Mon, 06 Sep 2010 00:01:00 +0000</pubDate><description>Hello</description>"
    "</item></channel></rss>"
)
_JSONLD_NO_TITLE = (
    '<script type="application/ld+json">{"@type": "LiveBlogPosting", "liveBlogUpdate": ['
    '{"@type": "BlogPosting", "@id": "u1", "articleBody": "Text.",'
    ' "datePublished": "2026-11-24T12:00:00Z"}]}</script>'
)


def _html_no_title() -> bytes:
    page = (FIXTURES / "html" / "br-separated.html").read_text()
    return re.sub(r"<title>.*?</title>", "", page).encode()


# name, suffix, document, whether its blog's title is the file's name
SOURCES: list[tuple[str, str, bytes, bool]] = [
    ("reddit", ".json", (FIXTURES / "reddit" / "embeds-listing.json").read_bytes(), True),
    ("wordpress", ".json", (FIXTURES / "wordpress" / "entries-window.json").read_bytes(), True),
    ("html", ".html", _html_no_title(), True),
    ("feed", ".xml", _RSS_NO_TITLE.encode(), True),
    ("jsonld", ".html", _JSONLD_NO_TITLE.encode(), True),
    # titled documents: the file's path is still the blog's URL
    ("guardian", ".json", (FIXTURES / "guardian" / "liveblog.json").read_bytes(), False),
    ("scribblelive", ".json", (FIXTURES / "scribblelive" / "all-since.json").read_bytes(), False),
    ("sourcefabric", ".json", (FIXTURES / "sourcefabric" / "v2-listing.json").read_bytes(), False),
    ("text", ".txt", (FIXTURES / "text" / "lynx-dump.txt").read_bytes(), False),
]


class Run:
    """``main(argv)`` in this process, stdout and stderr captured."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str | Path) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(capsys)


def strings(value: Any) -> list[str]:
    """Every string in a JSON document (keys and values)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def assert_clean(text: str) -> None:
    found = sorted(set(CONTROL.findall(text)))
    assert not found, f"controls reached the output: {found!r} in {text[:300]!r}"


def assert_clean_json(out: str, fmt: str) -> list[dict[str, Any]]:
    """Valid JSON (or JSON lines) with no control in any of its strings, decoded."""
    if fmt == "jsonl":
        docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    else:
        docs = [json.loads(out)]
    for doc in docs:
        for s in strings(doc):
            assert_clean(s)
    return docs


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("kind", "suffix", "document", "named"), SOURCES, ids=[s[0] for s in SOURCES]
)
def test_a_file_name_with_escapes_is_printed_clean(
    run: Run, tmp_path: Path, kind: str, suffix: str, document: bytes, named: bool, fmt: str
) -> None:
    path = tmp_path / f"blog{EVIL}{suffix}"
    path.write_bytes(document)
    code, out, err = run("dump", path, "--format", fmt, "--no-cache")
    assert code == 0, err
    assert_clean(out)
    assert_clean(err)
    if fmt in ("json", "jsonl"):
        docs = assert_clean_json(out, fmt)
        if fmt == "json":
            blog = docs[0]["blog"]
            assert blog["source"] == kind
            assert blog["url"] == str(tmp_path / f"blogredevil{suffix}")
            if named:
                assert blog["title"] == f"blogredevil{suffix}"
    else:
        assert f"blogredevil{suffix}" in out  # (the name is shown, without what was in it)


@pytest.mark.parametrize("fmt", FORMATS)
def test_several_files_with_escapes_in_their_names_are_printed_clean(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    """Each blog's label is made from its file's name."""
    one = tmp_path / f"one{EVIL}.json"
    one.write_bytes((FIXTURES / "reddit" / "embeds-listing.json").read_bytes())
    two = tmp_path / f"two{EVIL}.xml"
    two.write_bytes(_RSS_NO_TITLE.encode())
    code, out, err = run("dump", one, two, "--format", fmt, "--no-cache")
    assert code == 0, err
    assert_clean(out)
    assert_clean(err)
    assert "oneredevil.json" in out and "tworedevil.xml" in out
    if fmt in ("json", "jsonl"):
        assert_clean_json(out, fmt)


@pytest.mark.parametrize("command", ["dump", "follow"])
def test_an_error_quoting_a_file_name_with_escapes_is_clean(
    run: Run, tmp_path: Path, command: str
) -> None:
    """A file that is not there, named alone and among others (then its label is quoted)."""
    missing = tmp_path / f"gone{EVIL}.xml"
    present = tmp_path / "feed.xml"
    present.write_bytes(_RSS_NO_TITLE.encode())
    code, out, err = run(command, missing, "--no-cache")
    assert code != 0
    assert "goneredevil.xml" in err
    assert_clean(err)
    if command == "dump":  # (follow goes on with the others, until Ctrl-C)
        code, out, err = run(command, missing, present, "--no-cache")
        assert "goneredevil.xml" in err and "One" in out
        assert_clean(err)
        assert_clean(out)


def test_every_line_on_stderr_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    common.report(f"a warning quoting {EVIL}")
    assert capsys.readouterr().err == "liveblog: a warning quoting redevil\n"


def test_what_is_written_to_stdout_is_clean() -> None:
    out = io.StringIO()
    common.write(out, f"a saved blog {EVIL}\n")
    assert out.getvalue() == "a saved blog redevil\n"


# -- defence in depth: a model string nobody cleaned ---------------------------------------------

T = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DIRTY_BLOG = Blog(url=f"/tmp/x{EVIL}.json", title=f"Title{EVIL}", source="reddit", live=True)
DIRTY_ENTRY = Entry(
    id=f"id{EVIL}",
    published=T,
    authors=(f"Ann{EVIL}",),
    title=f"Head{EVIL}",
    text=f"Body{EVIL}\nline two\r\nthree",
    url=f"https://x.example/{EVIL}",
    links=(f"https://x.example/l{EVIL}",),
    media=(Media("image", f"https://x.example/m{EVIL}.jpg", f"cap{EVIL}"),),
)


@pytest.mark.parametrize(
    "make",
    [
        lambda: to_text(DIRTY_BLOG, [DIRTY_ENTRY]),
        lambda: to_markdown(DIRTY_BLOG, [DIRTY_ENTRY]),
        lambda: entry_text(DIRTY_ENTRY),
        lambda: entry_markdown(DIRTY_ENTRY),
    ],
    ids=["to_text", "to_markdown", "entry_text", "entry_markdown"],
)
def test_every_text_format_passes_the_sanitiser(make: Any) -> None:
    text = make()
    assert_clean(text)
    assert "Headredevil" in text and "Annredevil" in text


@pytest.mark.parametrize(
    ("make", "fmt"),
    [
        (lambda: to_json(DIRTY_BLOG, [DIRTY_ENTRY], T), "json"),
        (lambda: to_jsonl([DIRTY_ENTRY]), "jsonl"),
        (lambda: jsonl_line(DIRTY_ENTRY), "jsonl"),
    ],
    ids=["to_json", "to_jsonl", "jsonl_line"],
)
def test_every_json_string_passes_the_sanitiser(make: Any, fmt: str) -> None:
    """Neither raw in the output nor escaped (``\\u001b``) for a JSON reader to decode."""
    out = make()
    assert_clean(out)
    assert "\\u00" not in out
    (doc, *_) = assert_clean_json(out, fmt)
    entry = doc["entries"][0] if fmt == "json" else doc
    assert entry["title"] == "Headredevil"
    assert entry["text"] == "Bodyredevil\nline two\nthree"


def test_clean_json_is_printed_as_it_was() -> None:
    """Nothing to clean: the document is exactly orjson's."""
    import orjson

    from tui_liveblog.serialize import entry_to_json

    entry = Entry(
        id="a", published=T, title='Quotes " and \\ back\\r\\n', text="Tab\there\nand é “x”"
    )
    assert jsonl_line(entry) == orjson.dumps(entry_to_json(entry)).decode() + "\n"


def test_dump_to_a_real_stdout_is_clean(tmp_path: Path) -> None:
    """The real command, its bytes on stdout and stderr."""
    import subprocess

    path = tmp_path / f"blog{EVIL}.json"
    path.write_bytes((FIXTURES / "reddit" / "embeds-listing.json").read_bytes())
    for fmt in FORMATS:
        done = subprocess.run(
            [sys.executable, "-m", "tui_liveblog", "dump", str(path), "--format", fmt],
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 0
        assert b"\x1b" not in done.stdout + done.stderr
        assert_clean(done.stdout.decode())
        assert_clean(done.stderr.decode())
