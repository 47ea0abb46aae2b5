"""Property: the sanitiser and the body builders never let a control character, escape
sequence or bidi control through, and keep no link but http, https or mailto (issue 18).

``clean_text``/``clean_line``/``safe_url``/``redact_url`` on any text; ``parse_body``,
``read_body`` (its deferred body built, and built again from the markup the cache keeps),
``inline_text`` and ``parse_plain`` on generated markup full of hostile text, references,
links and media; the one-line texts of a card. ``pytest -m soak`` runs the long variants.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.property_support import (
    FORBIDDEN,
    HOSTILE_MARKUP,
    HOSTILE_TEXT,
    LINK,
    WEB,
    check_clean,
    examples,
)
from tui_liveblog.card_text import flat
from tui_liveblog.content import (
    ParsedBody,
    body_to_text,
    inline_text,
    parse_body,
    parse_plain,
    read_body,
)
from tui_liveblog.content.deferred import DeferredBody
from tui_liveblog.model import Block
from tui_liveblog.sanitize import clean_line, clean_text, redact_url, safe_url

soak = pytest.mark.soak
BASE = "https://news.example/live/page"

# -- text --------------------------------------------------------------------------------------

# every character the sanitiser removes, and its neighbours that it must keep
_EDGES = st.sampled_from(
    [chr(c) for c in (*range(0x00, 0x21), *range(0x7E, 0xA1))]
    + ["\u061b", "\u061c", "\u200d", "\u200e", "\u200f"]
    + [chr(c) for c in range(0x2027, 0x2030)]
    + [chr(c) for c in range(0x2065, 0x206B)]
    + ["\ufeff", "\ufffd", "\ud800", "\udfff", "\U0001f600", "\x1b\\", "\x1b[", "\x1b]"]
)
_PIECE = st.one_of(st.text(max_size=8), _EDGES, st.sampled_from(HOSTILE_TEXT + HOSTILE_MARKUP))
TEXT = st.lists(_PIECE, max_size=12).map("".join)
# a few pieces: what the markup strategy is made of (generating long texts there is slow)
SHORT = st.lists(_PIECE, max_size=3).map("".join)


def _text_case(value: str) -> None:
    cleaned = clean_text(value)
    check_clean("clean_text", cleaned)
    assert clean_text(cleaned) == cleaned  # a second pass has nothing left to do
    if not FORBIDDEN.search(value):
        assert cleaned == value  # clean text is left alone
    line = clean_line(value)
    check_clean("clean_line", line)
    assert "\n" not in line and "\t" not in line and "  " not in line
    assert line == line.strip()
    for limit in (1, 20, 200):
        shown = flat(value, limit)
        check_clean("card text", shown)
        assert "\n" not in shown
    check_clean("redact_url", redact_url(value))


_TEXT, _TEXT_SOAK = examples(300, soak=50_000)


@_TEXT
@given(TEXT)
def test_clean_text(value: str) -> None:
    _text_case(value)


@soak
@_TEXT_SOAK
@given(TEXT)
def test_clean_text_soak(value: str) -> None:
    _text_case(value)


# -- links -------------------------------------------------------------------------------------

_SCHEMES = st.sampled_from(
    [
        "http:", "https:", "HTTPS:", "mailto:", "MailTo:", "javascript:", "JaVaScRiPt:",
        " javascript:", "java\tscript:", "java\nscript:", "java\x00script:", "\x1bjavascript:",
        "jav&#x09;ascript:", "vbscript:", "data:", "file:", "ftp:", "about:", "blob:",
        "intent:", "x-unknown:", "", "//", "/", "?", "#", "\u202ehttps:", "https\u200b:",
    ]
)  # fmt: skip
_BASES = st.sampled_from(
    [None, BASE, "http://127.0.0.1:9/x?Token=s#f", "/tmp/page.html", "file:///tmp/a.html", ""]
)
HREF = st.builds(
    lambda scheme, slashes, rest: scheme + slashes + rest,
    _SCHEMES,
    st.sampled_from(["", "//", "///", "\\\\", "/\\"]),
    SHORT | st.sampled_from(["example.org/a", "a@b.example", "[::1]:80/x", "host:99999/"]),
)


def _link_case(href: str, base: str | None) -> None:
    url = safe_url(href, base)
    if url is None:
        return
    assert LINK.match(url), url
    check_clean("safe_url", url)
    assert not any(c in url for c in " <>\"'`\n\t"), url
    if WEB.match(url):
        assert url.split("/")[2], url  # a host
    assert safe_url(url, base) == url  # a safe URL stays as it is


_LINKS, _LINKS_SOAK = examples(300, soak=50_000)


@_LINKS
@given(HREF, _BASES)
def test_safe_url(href: str, base: str | None) -> None:
    _link_case(href, base)


@soak
@_LINKS_SOAK
@given(HREF, _BASES)
def test_safe_url_soak(href: str, base: str | None) -> None:
    _link_case(href, base)


# -- markup ------------------------------------------------------------------------------------

_URLS = HREF | st.sampled_from(
    [
        "https://img.example/a.jpg", "/rel/b.png", "rel.gif", "mailto:desk@news.example",
        "https://www.youtube.com/embed/x", "https://twitter.com/a/status/1",
        "https://twitter.com/intent/tweet?text=x", "https://a.example/1.jpg 1x, ftp://b/2.jpg 2x",
        "https://a.example/a.mp4", "data:image/png;base64,AAAA", "javascript:alert(1)",
    ]
)  # fmt: skip
_ATTR_NAMES = st.sampled_from(
    ["href", "src", "srcset", "data-src", "data-lazy-src", "poster", "alt", "title", "cite",
     "class", "data-tweet-id", "data-url", "style", "onclick", "HREF", "id"]
)  # fmt: skip
_TAGS = st.sampled_from(
    ["p", "div", "a", "b", "i", "em", "strong", "s", "code", "pre", "span", "br", "hr", "img",
     "figure", "figcaption", "picture", "source", "video", "audio", "iframe", "blockquote",
     "q", "ul", "ol", "li", "h1", "h3", "h6", "table", "tr", "td", "script", "style",
     "noscript", "template", "svg", "math", "object", "embed", "amp-img", "amp-twitter",
     "amp-youtube", "my-player", "twitter-widget", "center", "font", "section", "body",
     "html", "head", "title", "meta", "link", "base", "form", "input", "textarea", "x"]
)  # fmt: skip
_ATOMS = st.one_of(
    SHORT,
    st.sampled_from(
        ["&amp;", "&amp;amp;", "&lt;b&gt;", "&#27;", "&#x1b;[31m", "&#155;", "&#x9d;", "&#8238;",
         "&#x2066;", "&#0;", "&#xd800;", "&#x110000;", "&nbsp;", "&bogus;", "&", "<", ">",
         "<!-- c -->", "<![CDATA[x\x1b]]>", "<?pi x?>", "<!doctype html>", "</p>", "</div>"]
    ),
)  # fmt: skip


@st.composite
def _attrs(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        name = draw(_ATTR_NAMES)
        value = draw(
            _URLS if name.lower() in ("href", "src", "srcset", "data-src", "poster") else SHORT
        )
        quote = draw(st.sampled_from(['"', "'", ""]))
        if quote:
            value = value.replace(quote, "&quot;" if quote == '"' else "&#39;")
        else:
            value = "".join(value.split()).replace(">", "") or "x"
        out.append(f" {name}={quote}{value}{quote}")
    return "".join(out)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, closed: (
            f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else "")
        ),
        _TAGS,
        _attrs(),
        children,
        st.sampled_from([True, True, True, False]),
    )


MARKUP = st.lists(
    st.recursive(
        _ATOMS, lambda inner: _element(st.lists(inner, max_size=4).map("".join)), max_leaves=12
    ),
    max_size=6,
).map("".join)


def _check_parsed(where: str, parsed: ParsedBody, *, web_media: bool) -> None:
    check_clean(f"{where} text", parsed.text)
    for link in parsed.links:
        assert LINK.match(link), link
        check_clean(f"{where} link", link)
    for medium in parsed.media:
        assert (WEB if web_media else LINK).match(medium.url), medium.url
        check_clean(f"{where} media url", medium.url)
        if medium.caption is not None:
            check_clean(f"{where} media caption", medium.caption)
    _check_blocks(where, parsed.body, web_media=web_media)
    check_clean(f"{where} body text", body_to_text(parsed.body))


def _check_blocks(where: str, body: Sequence[Block], *, web_media: bool) -> None:
    for block in body:
        for span in (*block.spans, *(s for item in block.items for s in item)):
            check_clean(f"{where} span", span.text)
            if span.href is not None:
                assert LINK.match(span.href), span.href
                check_clean(f"{where} href", span.href)
        if block.media is not None:
            assert (WEB if web_media else LINK).match(block.media.url), block.media.url
            check_clean(f"{where} media url", block.media.url)
            if block.media.caption is not None:
                check_clean(f"{where} media caption", block.media.caption)


def _markup_case(markup: str, base: str | None) -> None:
    _check_parsed("parse_body", parse_body(markup, base), web_media=False)
    read = read_body(markup, base)
    _check_parsed("read_body", read, web_media=True)
    if isinstance(read.body, DeferredBody):
        # what the cache keeps, built again from its markup
        again = DeferredBody(read.body.markup, read.body.base)
        _check_blocks("cached body", again, web_media=True)
        check_clean("kept markup", read.body.markup)
    _check_parsed("parse_plain", parse_plain(markup), web_media=True)
    line = inline_text(markup)
    if line is not None:
        check_clean("inline_text", line)
        assert "\n" not in line


_MARKUP, _MARKUP_SOAK = examples(150, soak=30_000)


@_MARKUP
@given(MARKUP, st.sampled_from([None, BASE, "/tmp/page.html"]))
def test_body_builders(markup: str, base: str | None) -> None:
    _markup_case(markup, base)


@soak
@_MARKUP_SOAK
@given(MARKUP, st.sampled_from([None, BASE, "/tmp/page.html"]))
def test_body_builders_soak(markup: str, base: str | None) -> None:
    _markup_case(markup, base)
