"""The JSON-LD parse's fast paths (issues 10 and 12) read exactly what the slow paths read.

Each fast path is held equal to the code it stands in for: on invented fixtures, on generated
input (hypothesis), and on the shared corpus when present.
"""

from __future__ import annotations

import html as html_text
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CORPUS, FIXTURES, needs_corpus
from tui_liveblog import dates, sources
from tui_liveblog.content import DeferredBody, read_body
from tui_liveblog.content.quick import quick_blocks, quick_text
from tui_liveblog.content.text import _SHARE, _SHARE_HINT, is_share_link, unescape
from tui_liveblog.errors import ParseError
from tui_liveblog.sanitize import clean_text, drop_c1_references
from tui_liveblog.sources import charset, common, html
from tui_liveblog.sources.jsonld import tidy
from tui_liveblog.sources.jsonld.fields import _FULL_ISO, _parse_date
from tui_liveblog.sources.jsonld.reconcile import (
    _ANCHOR_WORDS,
    _AnchorIds,
    _outside_scripts,
    _tokens,
)

# -- unescape: references read by a lookup, else by html.unescape ---------------------------

_PIECES = [
    "&amp;", "&quot;", "&#38;", "&#x26;", "&amp", "&", "& ", "&#", "&#x", "&#x33;", "&#3;",
    "&notit;", "&not", "&lt;", "&gt", "x", " ", ";", "#", "33", "amp;", "&AMP;", "&#0;",
    "&#55296;", "&#1114112;", "&#x110000;", "&eacute;", "&bogus;", "é", "\n", "\t", "\f",
    "&#128;", "&#150;", "&#150", "&#0150;", "&#x96;", "&#X9f;", "&#x9F", "&#159;", "&#160;",
    "&" + "a" * 31 + ";", "&" + "b" * 32 + ";", "&" + "c" * 33 + ";", "&#x;", "&#;", "&;",
    "&a b;", "&#12a;", "&apos;", "&nbsp;", "&NotNestedLessLess;", "&amp;amp;", "&#X41;",
]  # fmt: skip


def _unescape_slow(value: str) -> str:
    return html_text.unescape(drop_c1_references(value)) if "&" in value else value


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10))
def test_unescape_reads_what_html_unescape_reads(pieces: list[str]) -> None:
    value = "".join(pieces)
    assert unescape(value) == _unescape_slow(value)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("&#;xX0123456789abAB \n\x85é"), max_size=40))
def test_unescape_reads_any_text_as_html_unescape_does(value: str) -> None:
    assert unescape(value) == _unescape_slow(value)


def test_unescape_removes_c1_references_whole() -> None:
    assert unescape("a&#150;b &quot;c&quot; &#x96;d") == 'ab "c" d'
    assert unescape("&amp;quot; &#38;amp;") == "&quot; &amp;"


# -- share links: plain searches first -----------------------------------------------------


@given(
    st.lists(
        st.sampled_from(
            [
                "https://",
                "twitter.com/",
                "x.com/",
                "intent/",
                "SHARE",
                "sharer",
                "facebook.com/",
                "dialog/share",
                "wa.me/",
                "api.whatsapp.com/send",
                "mailto:?",
                "reddit.com/submit",
                "pinterest.com/pin/create",
                "a",
                "/",
                "?",
                "ſ",
                "K",
                "İ",
                "news.example/story",
            ]
        ),
        max_size=6,
    )
)
def test_share_links_are_told_as_the_regexes_tell_them(pieces: list[str]) -> None:
    href = "".join(pieces)
    slow = bool(_SHARE_HINT.search(href) and _SHARE.search(href))
    assert is_share_link(href) == slow


# -- dates: a fraction of a second cut from the text ---------------------------------------


def _parse_date_slow(value: str) -> datetime | None:
    if not _FULL_ISO.match(value):
        return dates.parse_any(value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return dates.parse_any(value)
    try:
        parsed = parsed.astimezone(UTC)
    except OverflowError:
        return None
    parsed = parsed.replace(microsecond=0)
    return parsed if 1970 <= parsed.year <= 2200 else None


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(["2024", "1969", "0001", "9999", "2200", "1970", "２０２４"]),
    st.sampled_from(["01", "02", "12", "13"]),
    st.sampled_from(["01", "29", "30", "31"]),
    st.sampled_from(["00", "23", "24"]),
    st.sampled_from(["", ".0", ".921", ".000", ".123456", ".1234567", ".٣٣٣"]),
    st.sampled_from(["Z", "+01:00", "-01:00", "+0100", "+14:00", "-23:59", "+00:00", ""]),
)
def test_iso_times_read_alike(y: str, mo: str, d: str, h: str, frac: str, zone: str) -> None:
    value = f"{y}-{mo}-{d}T{h}:30:15{frac}{zone}"
    assert _parse_date(value) == _parse_date_slow(value)


# -- the rendered page: anchor ids, scripts ------------------------------------------------


@given(
    st.lists(
        st.sampled_from(["751080", "block-751080", "post_9", "liveblogPost1288914"]), max_size=3
    ),
    st.sampled_from(
        [
            "751080",
            "block-751080",
            "block_751080",
            "post-751080",
            "liveblog-1288914",
            "live-9",
            "liveblog_post_9",
            "event-x",
            "block-",
            "-751080",
            "BLOCK-751080",
            "update-block-751080",
        ]
    ),
)
def test_anchor_ids_hold_what_the_spelt_out_set_holds(idents: list[str], element: str) -> None:
    tokens = [_tokens(ident, None) for ident in idents]
    spelt = frozenset(
        prefix + sep + token if prefix else token
        for found in tokens
        for token in found
        for prefix in ("", *_ANCHOR_WORDS)
        for sep in ("-", "_")
    )
    ids = _AnchorIds({token for found in tokens for token in found})
    assert (element in ids) == (element in spelt)
    assert bool(ids) == bool(spelt)
    assert None not in ids


@given(
    st.lists(
        st.sampled_from(
            [
                "<script>",
                "<SCRIPT>",
                "<Script>",
                "<sCRIPT>",
                "</script>",
                "</SCRIPT>",
                "x",
                "<S",
                "<p>",
            ]
        ),
        max_size=8,
    )
)
def test_the_page_without_scripts_is_cut_as_before(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    lower = data.lower() if b"<SCRIPT" in data or b"<Script" in data else data
    expected: list[bytes] = []
    at = 0
    while True:
        start = lower.find(b"<script", at)
        if start < 0:
            expected.append(data[at:])
            break
        expected.append(data[at:start])
        end = lower.find(b"</script", start)
        close = lower.find(b">", end) if end >= 0 else -1
        if close < 0:
            break
        at = close + 1
    assert _outside_scripts(data) == b"".join(expected)


# -- tidy: which entries are looked at, and a plain body built once ------------------------


def _suspect_before(entry: object, title: str | None) -> bool:
    text = entry.text  # type: ignore[attr-defined]
    if "[[" in text or "{{" in text or "%%" in text or "://" in text:
        return True
    if title and text[:12].casefold() == title[:12].casefold():
        return True
    from tui_liveblog.content import holds_media

    return holds_media(entry.body)  # type: ignore[attr-defined]


def _tidied_alike(entries: list[object]) -> None:
    for entry in entries:
        title = tidy.title_of(entry.title, entry.text)  # type: ignore[attr-defined]
        fast = tidy._suspect(entry, title)  # type: ignore[arg-type]
        assert not fast or _suspect_before(entry, title)
        if _suspect_before(entry, title) and not fast:
            # left alone now: the full look would have changed nothing either
            assert tidy.tidy_body(entry.body, title) is None  # type: ignore[attr-defined]


def test_a_title_that_only_opens_the_text_leaves_the_body_unbuilt() -> None:
    page = (
        b'<script type="application/ld+json">{"@type":"LiveBlogPosting","headline":"Live",'
        b'"liveBlogUpdate":[{"@type":"BlogPosting","@id":"a1","headline":"Police say the road is closed",'
        b'"datePublished":"2024-08-05T10:00:00Z","articleBody":"<p>Police say the bridge is shut'
        b' until <a href=\\"https://news.example/x\\">noon</a>.</p>"},'
        b'{"@type":"BlogPosting","@id":"a2","headline":"Road shut at the bridge",'
        b'"datePublished":"2024-08-05T11:00:00Z","articleBody":"<p>Road shut at the bridge</p><p>More.</p>"}]}'
        b"</script>"
    )
    snap = sources.parse(page, "https://news.example/live")
    by_id = {e.id: e for e in snap.entries}
    first, second = by_id["a1"], by_id["a2"]
    assert isinstance(first.body, DeferredBody) and not first.body.built
    assert first.text.startswith("Police say the bridge is shut")
    assert second.text == "More."  # (its first line repeated the title: dropped, as before)
    _tidied_alike(list(snap.entries))


@needs_corpus
def test_corpus_entries_are_tidied_as_before() -> None:
    for path in sorted((CORPUS / "jsonld-html").glob("*.html")):
        snap = sources.parse(path.read_bytes(), "https://news.example/live")
        _tidied_alike(list(snap.entries))


def test_a_plain_deferred_body_builds_the_blocks_quick_blocks_builds() -> None:
    markup = '<p>One &amp; <b>two</b> <a href="/x">three</a></p><div>four<br>five</div>'
    parsed = read_body(markup, "https://news.example/")
    assert isinstance(parsed.body, DeferredBody) and parsed.body.plain
    assert tuple(parsed.body) == quick_blocks(markup, "https://news.example/")
    assert quick_blocks(markup, "https://news.example/", simple=True) == quick_blocks(
        markup, "https://news.example/"
    )
    assert re.sub(r"\s+", " ", parsed.text) == "One & two three four five"


# -- too_deep: a page with few tags is not looked at with the regex --------------------------


def _depth_by_regex(markup: str, limit: int) -> bool:
    """The nesting guard's reading without its shortcut: every block tag, counted."""
    opened = deepest = 0
    for closing in common._NESTING.findall(markup):
        opened = max(0, opened - 1) if closing else opened + 1
        deepest = max(deepest, opened)
    return deepest > limit


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<div>", "</div>", "<DIV class=a>", "<p>", "</p>", "<br/>", "x", "<"]),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=12),
)
def test_the_nesting_guard_answers_as_its_regex_does(pieces: list[str], limit: int) -> None:
    markup = "".join(pieces)
    expected = _depth_by_regex(markup, limit)
    assert common.too_deep(markup, limit) is expected
    assert common.too_deep(markup.encode(), limit) is expected


# -- html.read: a UTF-8 page's bytes go to lexbor as they are --------------------------------

_UTF8_CASES = [
    (b"<p>plain</p>", None),
    ("<p>café — ok</p>".encode(), None),
    ("<p>café</p>".encode(), {"Content-Type": "text/html; charset=utf-8"}),
    ('<meta charset="utf-8"><p>café</p>'.encode(), None),
    ('<meta charset="utf-8"><p>caf\xe9</p>'.encode("latin-1"), None),  # declared, not so
    ("<p>caf\xe9 and café</p>".encode("latin-1") + "é".encode() * 5, None),  # mostly UTF-8
    ("<p>café</p>".encode("cp1252"), None),
    ("\ufeff<p>café</p>".encode(), None),  # a byte order mark: skipped by the text
    ("<p>café</p>".encode(), {"Content-Type": "text/html; charset=windows-1252"}),
]


def test_a_page_is_taken_as_its_bytes_only_when_its_text_is_them() -> None:
    for data, headers in _UTF8_CASES:
        same = charset.decode(data, headers).encode() == data
        assert charset.utf8_as_is(data, headers) is (same and data[:3] != b"\xef\xbb\xbf")


def _html_pages() -> list[Path]:
    found = [p for d in ("html", "jsonld") for p in sorted((FIXTURES / d).glob("*.htm*"))]
    if CORPUS.is_dir():
        found += sorted((CORPUS / "jsonld-html").glob("*.htm*"))
    return found


def _read(data: bytes, headers: dict[str, str] | None) -> object:
    try:
        return html.read(data, "https://example.com/live", headers, singled=True)
    except ParseError as err:
        return str(err)


def test_pages_read_from_their_bytes_as_from_their_text(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [(p.read_bytes(), None) for p in _html_pages()]
    pages += [*_UTF8_CASES, (b"  \n", None), (" \u3000 ".encode(), None), (b"\x1c<p>x</p>", None)]
    fast = [_read(data, headers) for data, headers in pages]
    monkeypatch.setattr(charset, "utf8_as_is", lambda data, headers=None: False)
    slow = [_read(data, headers) for data, headers in pages]
    assert fast == slow


# -- quick_text on cleaned markup: no second look for control characters --------------------


_CLEANED_PIECES = [
    "<p>", "</p>", "<b>", "</b>", "<br>", "a b", "\n", "\t", "\r", "\x00", "\x85",
    "\x1b[31m", "\u202e", "\ufeff", "&amp;", "&#133;", "é", "“x”", "<i>", "</i>",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CLEANED_PIECES), max_size=30))
def test_quick_text_reads_cleaned_markup_as_without_the_hint(pieces: list[str]) -> None:
    markup = clean_text("".join(pieces))
    assert quick_text(markup, clean=True) == quick_text(markup)
