"""A live blog saved as plain text (tui_liveblog.sources.text): invented fixtures only."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from tests.conftest import FIXTURES
from tests.test_cli import Run, run  # noqa: F401  (the fixture)
from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.sources import text

OWN = FIXTURES / "text"


def test_a_lynx_dump_of_a_live_blog() -> None:
    snap = sources.parse((OWN / "lynx-dump.txt").read_bytes(), "/home/me/storm.txt")
    assert snap.blog.source == "text"
    assert snap.blog.title == "Harbour storm: as it happened"  # the line before the posts
    entries = snap.entries
    assert len(entries) == 13  # the standfirst, the footer and the references are not posts
    first, *rest = entries
    # a full date and time that begins a post dates it (UTC), and leaves its words
    assert first.published == datetime(2031, 6, 5, 14, 5, tzinfo=UTC)
    assert first.text.startswith("The last ferry of the night has been cancelled, and the")
    assert "says no boat" in first.text  # the wrapped line joined to its sentence
    assert all(e.published is None for e in rest)  # the rest in the order of the text
    assert rest[0].text.startswith("Police have closed the coast road")
    # lynx's [3] marker: out of the words, its reference is the post's link
    assert "use the inland route instead." in rest[0].text
    assert rest[0].links == ("https://gazette.example/travel/inland-route",)
    shelter = rest[2]  # a numbered list under a bullet belongs to that post
    assert shelter.text.endswith(
        "two hundred people:\n\n1. Bring blankets if you can.\n2. Pets are welcome on leads."
    )
    assert [b.kind for b in shelter.body] == ["p", "ol"]
    pier = rest[-1]  # a post of two paragraphs
    assert pier.text.endswith('in the dark for an hour.\n\n"We just kept going," said its leader.')
    assert len({e.id for e in entries}) == 13


def _bullets(n: int, marker: str = "•", sentence: bool = True) -> str:
    post = (
        "The crowd outside the court grew again this afternoon, police said" if sentence else "Item"
    )
    return "\n".join(
        f"  {marker} {post} ({k})." if sentence else f"{marker} {post} {k}" for k in range(n)
    )


@pytest.mark.parametrize("marker", ["•", "*", "-", "–"])
def test_the_bullets_a_save_as_text_uses(marker: str) -> None:
    data = f"Trial live\n\nThe verdict is expected today.\n\n{_bullets(12, marker)}\n".encode()
    snap = text.parse(data, "/tmp/x.txt")
    assert len(snap.entries) == 12 and snap.blog.title == "Trial live"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("readme", (OWN / "readme.txt").read_bytes()),
        ("eleven posts", f"Live\n\n{_bullets(11)}\n".encode()),
        ("words, not sentences", f"Shopping\n\n{_bullets(20, '-', sentence=False)}\n".encode()),
        (
            "markdown changelog",
            (
                "# Changes\n\n## 2.0\n\n" + _bullets(8, "-") + "\n\n## 1.0\n\n" + _bullets(8, "-")
            ).encode(),
        ),
        (
            "markdown glossary",
            (
                "Glossary\n\n"
                + "\n".join(
                    f"* **T{k}**: [Term {k}][] - what the term number {k} means, in a sentence."
                    for k in range(15)
                )
            ).encode(),
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_texts_that_are_not_live_blogs_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(ParseError, match=r"^no live blog found") as err:
        sources.parse(data, "/tmp/x.txt")
    assert "\n" not in str(err.value)


def test_markup_and_json_are_left_to_their_sources() -> None:
    assert not text.sniff(b"<!DOCTYPE html><p>x", None)
    assert not text.sniff(b'  {"a": 1}', None)
    assert not text.sniff(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None)
    assert not text.sniff(b"Live\n* a post", "text/html")
    assert text.sniff(b"Live\n* a post", "text/plain; charset=utf-8")


def test_dump_reads_a_saved_text_from_stdin(run: Run) -> None:  # noqa: F811
    code, out, err = run(
        "dump", "-", "--format", "jsonl", stdin=(OWN / "lynx-dump.txt").read_bytes()
    )
    assert code == 0, err
    lines = [orjson.loads(line) for line in out.splitlines()]
    assert len(lines) == 13 and lines[0]["published"] == "2031-06-05T14:05:00+00:00"
    code, out, err = run("dump", "-", stdin=(OWN / "readme.txt").read_bytes())
    assert code == 1 and not out
    assert err.startswith("liveblog: no live blog found") and err.count("\n") == 1


def test_long_unpunctuated_posts_and_long_wrapped_items_are_read_in_linear_time() -> None:
    """(Hostile text: a sentence test that backtracked, an item rebuilt on every line.)"""
    words = " ".join(["word"] * 500)
    data = ("Live\n" + "\n".join(f"* {words}" for _ in range(12))).encode()
    with pytest.raises(ParseError):  # no sentences: not a live blog, and said at once
        text.parse(data, "/tmp/x")
    wrapped = "Live\n* item list\n    1. first\n" + "       more words here\n" * 50_000
    with pytest.raises(ParseError, match="1 bulleted post"):
        text.parse(wrapped.encode(), "/tmp/x")
