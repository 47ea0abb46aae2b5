"""Lazy bodies: the quick reading of simple markup agrees with the full parse, and a deferred
body reads, compares, stores and builds like the blocks it stands for."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ACCEPTANCE, CORPUS, needs_corpus
from tui_liveblog import sources
from tui_liveblog.content import DeferredBody, body_to_text, parse_body, parse_html, read_body
from tui_liveblog.content.deferred import followed_by, holds_media, http_only
from tui_liveblog.content.quick import quick_blocks, quick_text
from tui_liveblog.errors import ParseError
from tui_liveblog.model import Block, Blog, Entry, Media, Snapshot, Span
from tui_liveblog.serialize import body_from_list, body_to_list, entry_from_record, entry_to_record
from tui_liveblog.store import FILE_NAME, Store

BASE = "https://news.example/live/page"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def full(markup: str, base: str | None = BASE) -> tuple[str, tuple[str, ...]]:
    """The full parse's text and links, after checking that the quick reading builds the
    same blocks."""
    parsed = parse_html(markup, base)
    assert parsed.media == ()
    assert quick_blocks(markup, base) == parsed.body
    return parsed.text, parsed.links


# -- the quick reading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "<p>One.</p><p>Two &amp; three.</p>",
        "<p>a<br> <b> </b><br>c</p>",
        "lead text<div>in a div<p>in a paragraph</p>after</div>tail",
        '<p>See <a href="/story/1" target="_blank">the story</a> and <a href="/story/1">again</a></p>',
        "<P>Upper <STRONG>case</STRONG> tags</P>",
        "<p>\n  spaced\t\tout\xa0words &nbsp; here\n</p>",
        "<p>&#8220;Quoted&#8221; &apos;single&#x27; &hellip; &pound;5</p>",
        '<p><a href="mailto:desk@news.example">mail</a> <a href="javascript:alert(1)">x</a></p>',
        '<p class="lead" id="p1">A paragraph with attributes</p>',
        "<p></p><p>  </p>",
        "text with > in it<br/>and a break",
        '<a title=" href=https://evil.example/" href="https://good.example/">the link</a>',
        "<a HREF='/first' href='/second'>two hrefs</a> <a href>none</a>",
    ],
)
def test_quick_reading_equals_the_full_parse(markup: str) -> None:
    quick = quick_text(markup, BASE)
    assert quick is not None, "simple markup is read quickly"
    assert quick == full(markup)


@pytest.mark.parametrize(
    "markup",
    [
        '<p>x</p><img src="https://img.example/a.jpg">',  # media
        "<p>x<!-- a comment --></p>",
        "<p>one<p>two",  # paragraphs an HTML parser closes itself
        "<b><p>block in inline</p></b>",
        "<p>unclosed <b>bold</p>",
        "<ul><li>a list</li></ul>",
        "<p>a &copy b</p>",  # a reference without its semicolon
        "<p>a &#150; b</p>",  # a C1 number (a parser maps it to another character)
        "<p>escape \x1b[31m red</p>",
        "<p>a &#27; b</p>",
        "<p>a &#x202E; b &#8207;</p>",  # bidi controls written as references
        "<p>&am<b></b>p; is no reference</p>",
        '<p><a href="https://twitter.com/intent/tweet?text=x">Share</a></p>',
        '<div data-src="https://www.youtube.com/embed/x"></div>',
        "<q>quoted</q>",
        "<p>a < b</p>",
        "<my-player src='https://v.example/1'></my-player>",
    ],
)
def test_markup_not_simple_is_left_to_the_full_parse(markup: str) -> None:
    assert quick_text(markup, BASE) is None
    assert quick_blocks(markup, BASE) is None
    assert tuple(DeferredBody(markup, BASE)) == http_only(parse_html(markup, BASE)).body


_ATOMS = st.sampled_from(
    ["word", "two words", " ", "\n", "\t", "\xa0", "é", "日本", ">", "&amp;", "&nbsp;", "&quot;",
     "&#39;", "&#x2019;", "&hellip;", "&bogus;", "&", "&#0;", "\u200b", "\u2028", "\x1c", "\r\n"]
)  # fmt: skip
_HREFS = st.sampled_from(
    ["https://a.example/x", "/rel", "rel2", "https://a.example/?a=1&amp;b=2", "#frag", "",
     "javascript:x()", "mailto:a@b.example", " https://a.example/sp ace "]
)  # fmt: skip
_TAGS = st.sampled_from(["p", "div", "a", "b", "strong", "em", "i", "span", "code", "P"])
_ATTRS = st.sampled_from(
    ["", ' class="x"', " id=a", ' data-src="https://youtu.be/x"', " title='a>b'"]
)


def _markup() -> st.SearchStrategy[str]:
    def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, attrs, href, inner: (
                f"<{tag}{attrs}{f' href={href!r}' if tag == 'a' else ''}>{inner}</{tag}>"
            ),
            _TAGS,
            _ATTRS,
            _HREFS,
            children,
        )

    leaf = st.one_of(_ATOMS, st.sampled_from(["<br>", "<br/>", "<BR />"]))
    tree = st.recursive(leaf, lambda inner: element(st.lists(inner, max_size=4).map("".join)))
    return st.lists(tree, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(_markup(), st.sampled_from([None, BASE]))
def test_quick_reading_never_disagrees_with_the_full_parse(markup: str, base: str | None) -> None:
    quick = quick_text(markup, base)
    if quick is not None:
        assert quick == full(markup, base)


def test_generated_markup_is_mostly_read_quickly() -> None:
    """The property above would hold for a quick_text that refused everything: here it must
    accept what it is built for."""
    accepted = [
        quick_text(f"<p>Paragraph {n} with <a href='/s/{n}'>a link</a> &amp; <b>bold</b></p>")
        for n in range(50)
    ]
    assert all(q is not None for q in accepted)


def _deferred_bodies(snapshot: Snapshot) -> list[DeferredBody]:
    return [e.body for e in snapshot.entries if isinstance(e.body, DeferredBody)]


@needs_corpus
def test_every_body_the_sources_read_quickly_in_the_shared_files_reads_the_same_in_full() -> None:
    quick_bodies = 0
    for path in sorted([*CORPUS.rglob("*"), *ACCEPTANCE.rglob("*")]):
        if not path.is_file() or path.suffix == ".md":
            continue
        try:
            snapshot = sources.parse(path.read_bytes(), "https://news.example/" + path.name)
        except ParseError:
            continue
        for body in _deferred_bodies(snapshot):
            if body.plain:
                quick_bodies += 1
                assert quick_text(body.markup, body.base) == full(body.markup, body.base), path
    assert quick_bodies > 300, "most real bodies are simple"


# -- deferred bodies ---------------------------------------------------------------------------

SIMPLE = '<p>First <a href="/a">link</a>.</p><p>Second paragraph.</p>'
RICH = '<p>Look:</p><figure><img src="/pic.jpg" alt="A flooded road"></figure><ul><li>one</li></ul>'


def test_read_body_gives_what_parse_body_gives_with_the_blocks_built_later() -> None:
    for markup in (SIMPLE, RICH, "plain text &amp; more", '<img src="data:x"><p>cap</p>'):
        eager = http_only(parse_body(markup, BASE))
        lazy = read_body(markup, BASE)
        assert (lazy.text, lazy.links, lazy.media) == (eager.text, eager.links, eager.media)
        assert tuple(lazy.body) == tuple(eager.body)
        assert body_to_text(tuple(lazy.body)) == lazy.text


def test_a_simple_body_is_not_built_until_read() -> None:
    body = read_body(SIMPLE, BASE).body
    assert isinstance(body, DeferredBody)
    assert not body.built
    assert bool(body) and not body.built
    assert not holds_media(body) and not body.built
    assert body == DeferredBody(body.markup, body.base) and not body.built
    assert [b.kind for b in body] == ["p", "p"]
    assert body.built
    assert body[0].spans[1] == Span("link", "https://news.example/a")


def test_extra_media_after_a_deferred_body_keep_it_unbuilt() -> None:
    body = read_body(SIMPLE, BASE).body
    medium = Media("image", "https://img.example/enclosure.jpg")
    longer = followed_by(body, (Block("media", media=medium),))
    assert isinstance(longer, DeferredBody) and not longer.built
    assert holds_media(longer) and not longer.built
    assert [b.kind for b in longer] == ["p", "p", "media"]
    assert followed_by((Block("hr"),), (Block("hr"),)) == (Block("hr"), Block("hr"))


def test_a_deferred_body_equals_its_blocks_either_way() -> None:
    body = read_body(RICH, BASE).body
    blocks = tuple(http_only(parse_html(RICH, BASE)).body)
    assert body == blocks and blocks == body
    assert hash(body) == hash(blocks)
    entry = Entry("e1", body=body, text="x")
    assert entry == Entry("e1", body=blocks, text="x")
    assert entry != Entry("e1", body=(Block("hr"),), text="x")


def test_a_deferred_body_round_trips_through_the_cache_record_as_markup() -> None:
    medium = Media("image", "https://img.example/e.jpg")
    body = followed_by(read_body(SIMPLE, BASE).body, (Block("media", media=medium),))
    stored = body_to_list(body)
    assert stored == {
        "html": SIMPLE,
        "base": BASE,
        "after": body_to_list((Block("media", media=medium),)),
    }
    back = body_from_list(orjson.loads(orjson.dumps(stored)))
    assert isinstance(back, DeferredBody) and not back.built
    assert tuple(back) == tuple(body)
    entry = Entry("e1", body=body, text="First link.")
    assert entry_from_record(orjson.loads(orjson.dumps(entry_to_record(entry)))) == entry
    assert body_from_list({"html": 5}) == ()  # a damaged record reads as no body


def test_a_body_too_long_is_cut_the_same_when_read_back() -> None:
    markup = "<p>" + "word " * 100_000 + "</p>"
    assert quick_text(markup) is None and quick_blocks(markup) is None
    parsed = read_body(markup, BASE)
    back = body_from_list(orjson.loads(orjson.dumps(body_to_list(parsed.body))))
    assert isinstance(back, DeferredBody) and not back.built
    assert tuple(back) == tuple(parsed.body)
    assert back == parsed.body and hash(back) == hash(parsed.body)
    assert "cut short" in back[-1].spans[0].text
    assert body_to_text(tuple(back)) == parsed.text


def test_kept_markup_holds_no_control_sequences() -> None:
    body = read_body("<p>red \x1b[31malert\x1b[0m <b>now</b>\x07</p>", BASE).body
    assert isinstance(body, DeferredBody)
    assert "\x1b" not in body.markup and "\x07" not in body.markup


def test_the_store_keeps_markup_and_builds_the_body_when_asked(tmp_path: Path) -> None:
    url = "https://news.example/live"
    parsed = read_body(SIMPLE, BASE)
    entry = Entry("e1", text=parsed.text, body=parsed.body, links=parsed.links)
    path = tmp_path / FILE_NAME
    with Store(path) as store:
        store.merge(url, Snapshot(Blog(url, "Live", "jsonld"), (entry,)), fetched_at=NOW)
        body = store.load_body(url, "e1")
        assert body is not None and tuple(body) == tuple(parsed.body)
        # the same entry parsed again, its body built this time: no edit
        again = Entry("e1", text=parsed.text, body=tuple(parsed.body), links=parsed.links)
        assert not store.merge(url, Snapshot(Blog(url, "Live", "jsonld"), (again,)), fetched_at=NOW)
    raw = sqlite3.connect(path).execute("SELECT body FROM bodies").fetchone()[0]
    assert orjson.loads(raw) == {"html": SIMPLE, "base": BASE}


def test_a_schema_1_cache_is_rehashed_not_reported_edited(tmp_path: Path) -> None:
    url = "https://news.example/live"
    blog = Blog(url, "Live", "jsonld")
    entry = Entry("e1", text="One.", body=(Block("p", (Span("One."),)),))
    path = tmp_path / FILE_NAME
    with Store(path) as store:
        store.merge(url, Snapshot(blog, (entry,)), fetched_at=NOW)
    with sqlite3.connect(path) as conn:  # as version 1 left it: the body in the hash
        conn.execute(
            "UPDATE entries SET hash = ?", (hashlib.blake2b(b"old", digest_size=16).digest(),)
        )
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store(path) as store:
        assert not store.merge(url, Snapshot(blog, (entry,)), fetched_at=NOW)
        cached = store.load(url)
        assert cached is not None and [e.id for e in cached.entries] == ["e1"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5  # (1 → 2 → 3 → 4 → 5)
        record, digest = conn.execute("SELECT record, hash FROM entries").fetchone()
    conn.close()
    assert digest == hashlib.blake2b(record, digest_size=16).digest()
