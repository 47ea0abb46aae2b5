"""What the property-based tests of the parsers and the sanitiser share (issue 18).

- the settings: :data:`NORMAL` (in every run: a few hundred examples, derandomized so that
  CI sees the same examples every time, no example database) and :data:`SOAK` (behind the
  ``soak`` marker, run by hand: ``pytest -m soak``);
- the mutations of a document: byte flips, truncation, splicing, a slice duplicated, and
  hostile tokens inserted (control characters, escape sequences, bidi overrides, deep
  nesting, huge numbers, wrong JSON types, dangerous links);
- the checks: every string a parse yields (the blog's, each entry's, its built body's, the
  cache's reading of it, the card's one-line texts, the outputs of ``dump`` in every format)
  holds no C0/C1 control (newline and tab aside), escape sequence or bidi control, and every
  link is http, https or mailto (entry URLs and media: http or https).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from datetime import UTC

import orjson
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tui_liveblog import output
from tui_liveblog.card_text import flat
from tui_liveblog.content import body_to_text
from tui_liveblog.errors import LiveblogError
from tui_liveblog.model import Block, Entry, Media, Snapshot, Span
from tui_liveblog.serialize import entry_from_record, entry_to_record
from tui_liveblog.several import BlogRef, combine, label_of
from tui_liveblog.sources.registry import default_registry

# -- settings -----------------------------------------------------------------------------------

NORMAL = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples in every run: CI is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# by hand (``pytest -m soak``): random examples, many more of them (a failure prints its seed)
SOAK = settings(NORMAL, max_examples=20_000, derandomize=False, print_blob=True)


def examples(n: int, soak: int = 20_000) -> tuple[settings, settings]:
    """The normal and soak settings of a test that runs ``n`` examples in the normal suite
    (``LIVEBLOG_SOAK_EXAMPLES=N`` runs N in each soak test instead: a shorter soak)."""
    soak = int(os.environ.get("LIVEBLOG_SOAK_EXAMPLES") or soak)
    return settings(NORMAL, max_examples=n), settings(SOAK, max_examples=soak)


# -- what must never be shown ------------------------------------------------------------------

# C0 but tab and newline, DEL, C1 (ESC and the 8-bit CSI/OSC among them: no escape sequence
# can survive without one), the bidi embeddings, overrides, isolates and marks, and the BOM
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]"
)
LINK = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)
WEB = re.compile(r"https?://", re.IGNORECASE)


def _spans(where: str, spans: Sequence[Span]) -> Iterator[tuple[str, str]]:
    for span in spans:
        yield f"{where} span", span.text
        if span.href is not None:
            yield f"{where} href", span.href


def _media(where: str, media: Media) -> Iterator[tuple[str, str]]:
    yield f"{where} media url", media.url
    if media.caption is not None:
        yield f"{where} media caption", media.caption


def _blocks(where: str, body: Sequence[Block]) -> Iterator[tuple[str, str]]:
    for n, block in enumerate(body):
        yield from _spans(f"{where} block {n}", block.spans)
        for item in block.items:
            yield from _spans(f"{where} block {n} item", item)
        if block.media is not None:
            yield from _media(f"{where} block {n}", block.media)


def entry_strings(entry: Entry, where: str = "entry") -> Iterator[tuple[str, str]]:
    """Every string of an entry, its body built, with where it is."""
    yield f"{where} id", entry.id
    for author in entry.authors:
        yield f"{where} author", author
    if entry.title is not None:
        yield f"{where} title", entry.title
    yield f"{where} text", entry.text
    if entry.url is not None:
        yield f"{where} url", entry.url
    for link in entry.links:
        yield f"{where} link", link
    for medium in entry.media:
        yield from _media(where, medium)
    yield from _blocks(f"{where} body", entry.body)  # (builds a deferred body)
    yield f"{where} body text", body_to_text(entry.body)
    yield f"{where} card title", flat(entry.title, 200)
    yield f"{where} card text", flat(entry.text, 400)


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def check_clean(where: str, value: str) -> None:
    bad = FORBIDDEN.search(value)
    assert bad is None, f"{where} holds {bad.group()!r}: {value[:200]!r}"


def check_links(entry: Entry) -> None:
    """Entry URL and media: http(s); links in the body: http, https or mailto."""
    assert entry.url is None or WEB.match(entry.url), entry.url
    media = [*entry.media, *(b.media for b in entry.body if b.media is not None)]
    for medium in media:
        assert WEB.match(medium.url), medium.url
    hrefs = [*entry.links]
    for block in entry.body:
        hrefs += [s.href for s in block.spans if s.href is not None]
        hrefs += [s.href for item in block.items for s in item if s.href is not None]
    for href in hrefs:
        assert LINK.match(href), href
        assert not FORBIDDEN.search(href) and " " not in href, href


def check_snapshot(snapshot: Snapshot, url: str) -> None:
    """Every string of a parse is clean, every link safe, and every output format too."""
    blog = snapshot.blog
    for where, value in (("blog title", blog.title), ("blog description", blog.description)):
        if value is not None:
            check_clean(where, value)
    # the blog's URL is the one asked for, or one the document gave (then a web address)
    assert blog.url == url or WEB.match(blog.url), blog.url
    check_clean("blog url", blog.url)
    for warning in snapshot.warnings:
        check_clean("warning", warning)
    for removed in snapshot.removed_ids:
        check_clean("removed id", removed)
    for n, entry in enumerate(snapshot.entries):
        for where, value in entry_strings(entry, f"entry {n}"):
            check_clean(where, value)
        check_links(entry)
        # what the cache keeps reads back as clean (a kept body is built again from its markup)
        cached = entry_from_record(orjson.loads(orjson.dumps(entry_to_record(entry))))
        for where, value in entry_strings(cached, f"cached entry {n}"):
            check_clean(where, value)
        check_links(cached)
    check_outputs(snapshot)


def check_outputs(snapshot: Snapshot, *, decoded: bool = True) -> None:
    """``dump`` in every format: no forbidden character in what is printed, and with
    ``decoded`` none in the strings of the JSON either (it writes them as ``\\u001b``)."""
    blog, entries = snapshot.blog, list(snapshot.entries)
    # and as one of several blogs in one timeline (labelled by its address)
    ref = BlogRef(blog.url, label_of(blog.url))
    blogs, combined = [(ref, blog, None)], combine([(ref, entries)])
    printed = {
        "json": output.to_json(blog, entries, None),
        "jsonl": output.to_jsonl(entries),
        "markdown": output.to_markdown(blog, entries, UTC),
        "text": output.to_text(blog, entries, UTC),
        "json (several)": output.several_to_json(blogs, combined),
        "jsonl (several)": output.several_to_jsonl(combined),
        "markdown (several)": output.several_to_markdown(blogs, combined, UTC),
        "text (several)": output.several_to_text(blogs, combined, UTC),
    }
    for fmt, text in printed.items():
        check_clean(f"dump --format {fmt}", text)
        if decoded and fmt.startswith("json"):
            for line in text.splitlines() if fmt.startswith("jsonl") else [text]:
                for value in _json_strings(orjson.loads(line)):
                    check_clean(f"dump --format {fmt} (decoded)", value)


# -- parsing ------------------------------------------------------------------------------------

REGISTRY = default_registry()
KINDS = tuple(REGISTRY.kinds())

GENERIC_URL = "https://news.example/live/property"
# a URL of each source's own kind (some read the URL: API paths, ids, link bases)
URLS: dict[str, tuple[str, ...]] = {
    "guardian": ("https://content.guardianapis.com/world/live/2031/mar/04/x?show-blocks=all",),
    "reddit": ("https://www.reddit.com/live/ukaeu1ik4sw5.json?raw_json=1&limit=100",),
    "scribblelive": ("https://apiv1.scribblelive.com/event/560845/page/last?Token=t&format=json",),
    "sourcefabric": ("https://liveblog.example.net/api/client_blogs/5a1b/posts?max_results=20",),
    "wordpress": ("https://news.example.org/wp-json/liveblog/v1/4127/get-entries/1/",),
}
HEADERS: tuple[dict[str, str] | None, ...] = (
    None,
    {"content-type": "text/html; charset=utf-8"},
    {"content-type": "application/json"},
    {"content-type": "application/rss+xml; charset=iso-8859-1"},
    {"content-type": "text/html; charset=utf-16"},
    {"content-type": "text/plain; charset=shift_jis"},
    {"content-type": "text/html; charset=x-no-such-label"},
)


def urls_for(kind: str | None) -> tuple[str, ...]:
    return (GENERIC_URL, *URLS.get(kind or "", ()))


def parse_checked(
    data: bytes,
    url: str,
    kind: str | None,
    headers: dict[str, str] | None = None,
    extras: dict[str, bytes] | None = None,
) -> Snapshot | None:
    """Parse ``data`` as ``kind`` (detected when None): a snapshot whose every string and link
    passes the checks, or None for a :class:`LiveblogError`. Any other exception fails."""
    try:
        snapshot = REGISTRY.parse(data, url, headers, kind=kind, extras=extras)
    except LiveblogError as err:
        check_clean("error message", str(err))
        return None
    check_snapshot(snapshot, url)
    return snapshot


def check_detection(data: bytes, url: str, headers: dict[str, str] | None) -> None:
    """Sniffing and discovering never raise but a LiveblogError, and discover only http(s)."""
    from tui_liveblog.sources.base import DEFAULT_OPTIONS

    content_type = (headers or {}).get("content-type")
    for source in REGISTRY.candidates(url, data, content_type):
        if source.discover is None:
            continue
        try:
            found = source.discover(data, url, DEFAULT_OPTIONS)
        except LiveblogError:
            continue
        assert found is None or WEB.match(found), found
        if found is not None:
            check_clean("discovered URL", found)


# -- mutations ---------------------------------------------------------------------------------

_C1 = bytes(range(0x80, 0xA0)).decode("latin-1")
HOSTILE_TEXT = (
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;window title\x07",
    "\x1bP+q544e\x1b\\",
    "\x1b[2J\x1b[H",
    "\x1b",
    "\x9b31m",
    "\x9d0;title\x9c",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "\u200f\u200e\u061c",
    "\ufeff",
    "\r\n\r",
    "\x00\x07\x08\x0b\x0c\x7f",
    _C1,
)
HOSTILE_MARKUP = (
    "&#27;[31m",
    "&#x1b;]0;t&#7;",
    "&#x202E;",
    "&#8238;",
    "&#8294;",
    "&#155;",
    "&#x9b;",
    "&#0;",
    "&#x110000;",
    "&#99999999999;",
    "&amp;#x1b;",
    "&amp;amp;",
    "&nosuch;",
    "&",
    "<![CDATA[\x1b[1m]]>",
    "<!-- \x1b -->",
    "<script>alert(1)</script>",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href='  jav&#x09;ascript:alert(1)'>y</a>",
    "<img src='data:image/png;base64,AAAA'>",
    "<img src='file:///etc/passwd' alt='\x1b[1m'>",
    "<a href='mailto:a@b.example'>m</a>",
    "<a href='\x1b[31mhttps://x.example/'>e</a>",
    "<iframe src='ftp://x.example/'></iframe>",
    "<br><hr><img><input><meta>",
    "</div></p></body></html>",
    "<p",
    "<",
    ">",
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    "&b;",
    '<?xml version="1.0" encoding="utf-16"?>',
)
HOSTILE_JSON = (
    "\\u001b[31m",
    "\\u009b",
    "\\u202e",
    "\\ud800",
    "\\u0000",
    # a lone surrogate with a raw control character, which sends a JSON-LD block to the
    # lenient reader (orjson refuses both); a pair, and half of one
    "\\ud800\x01",
    "\x1f\\udc00",
    "\\ud83d\\ude00",
    "\\ud83d",
    "null",
    "true",
    "[]",
    "{}",
    '""',
    "0",
    "-1",
    "1e999",
    "-1e309",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "9" * 5000,
    '"9999-99-99T99:99:99Z"',
    '"-0001-01-01T00:00:00Z"',
    '"javascript:alert(1)"',
    '"file:///etc/passwd"',
    '"\\u001b]8;;https://evil.example/\\u0007x"',
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    '{"@type":"LiveBlogPosting","liveBlogUpdate":[{"articleBody":"\\u001b[1mx"}]}',
    ",",
    ":",
    '"',
    "\\",
)


def _nested(depth: int) -> tuple[str, ...]:
    return (
        "<div>" * depth,
        "<div>" * depth + "x" + "</div>" * depth,
        "<ul><li>" * depth,
        "<blockquote>" * depth,
        "<b><i>" * depth,
        "[" * depth,
        '{"a":' * depth,
        "<item>" * depth,
    )


HOSTILE_NESTING = _nested(60) + _nested(1200) + _nested(6000)

TOKENS: tuple[bytes, ...] = (
    *(
        t.encode("utf-8", "surrogatepass")
        for t in (*HOSTILE_TEXT, *HOSTILE_MARKUP, *HOSTILE_JSON, *HOSTILE_NESTING)
    ),
    b"\x9b",  # 8-bit CSI as a raw byte (not UTF-8: read as windows-1252/latin-1)
    b"\xc2\x9b",  # U+009B in UTF-8
    b"\xe2\x80\xae",  # U+202E in UTF-8
    b"\xff\xfe",  # a UTF-16 BOM
    b"\xef\xbb\xbf",  # a UTF-8 BOM
    b"\xed\xa0\x80",  # a surrogate in "UTF-8"
    b"\xc0\x80",  # an overlong NUL
    b"\x00\x00\x00",
)
# where an insertion says most: at a text's start, a string's, a tag's
_ANCHORS = re.compile(rb'>|": ?"|":|<|"')


def _anchors(data: bytes) -> list[int]:
    return [m.end() for m in _ANCHORS.finditer(data, 0, 400_000)][:20_000]


_ANCHOR_CACHE: dict[int, list[int]] = {}


def _anchor(draw: st.DrawFn, data: bytes) -> int:
    key = hash(data)
    anchors = _ANCHOR_CACHE.get(key)
    if anchors is None:
        anchors = _ANCHOR_CACHE[key] = _anchors(data) if len(data) < 2_000_000 else []
        if len(_ANCHOR_CACHE) > 256:
            _ANCHOR_CACHE.clear()
    if anchors and draw(st.booleans()):
        return draw(st.sampled_from(anchors))
    return draw(st.integers(0, len(data)))


def _flip(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    if not data:
        return draw(st.binary(max_size=8))
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]


def _truncate(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _splice(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    other = draw(st.sampled_from(seeds))
    return data[: draw(st.integers(0, len(data)))] + other[draw(st.integers(0, len(other))) :]


def _duplicate(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + 4096)))
    at = draw(st.integers(0, len(data)))
    copies = draw(st.sampled_from((1, 2, 50)))
    return data[:at] + data[start:end] * copies + data[at:]


def _insert(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    at = _anchor(draw, data)
    token = draw(st.sampled_from(TOKENS))
    return data[:at] + token + data[at:]


def _insert_escaped(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    """A hostile text written as a JSON string's escapes would write it (``\\u001b``): what
    reaches a JSON document's strings without breaking the document."""
    at = _anchor(draw, data)
    text = draw(st.sampled_from(HOSTILE_TEXT + HOSTILE_MARKUP))
    return data[:at] + json.dumps(text)[1:-1].encode() + data[at:]


def _insert_bytes(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    at = _anchor(draw, data)
    return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]


# dates and numbers where a document has them: their value is what a parser computes with
_DATES = re.compile(
    rb"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?:Z|[+-]\d\d:?\d\d)?"
    rb"|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? \w{3} \d{4} [\d:]+ (?:[+-]\d{4}|GMT|[A-Z]{3})"
)
_NUMBERS = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")
HOSTILE_DATES: tuple[bytes, ...] = (
    b"9999-12-31T23:59:59-23:59",  # past the last datetime once in UTC
    b"0001-01-01T00:00:00+23:59",  # before the first
    b"0000-00-00T00:00:00Z",
    b"2031-13-45T25:61:61Z",
    b"+275760-09-13T00:00:00.000Z",
    b"2031-03-04T10:00:00+99:99",
    b"2031-03-04T10:00:00.99999999999999999999Z",
    b"99999999-01-01",
    b"Fri, 31 Dec 9999 23:59:59 -1200",
    b"Mon, 01 Jan 0001 00:00:00 +1400",
    b"Sun, 99 Foo 2031 99:99:99 +9999",
    b"1e999",
    b"-1",
    b"",
)
HOSTILE_NUMBERS: tuple[bytes, ...] = (
    b"0",
    b"-0",
    b"-1",
    b"1e999",
    b"-1e309",
    b"1e20",
    b"-1e20",
    b"253402300800",  # the first second after 9999
    b"-62135596801",  # the last before year 1
    b"18446744073709551616",
    b"9" * 400,
    b"0.0000001",
    b"NaN",
    b"Infinity",
)


def _replace_match(
    draw: st.DrawFn, data: bytes, pattern: re.Pattern[bytes], values: Sequence[bytes]
) -> bytes:
    found = [m.span() for m in pattern.finditer(data, 0, 400_000)][:5_000]
    if not found:
        return _insert(draw, data, ())
    start, end = draw(st.sampled_from(found))
    return data[:start] + draw(st.sampled_from(values)) + data[end:]


def _redate(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    return _replace_match(draw, data, _DATES, HOSTILE_DATES)


def _renumber(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    return _replace_match(draw, data, _NUMBERS, HOSTILE_NUMBERS)


_CODECS = ("utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1", "shift_jis", "koi8-r", "utf-7")
_BOMS = (b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00")


def _reencode(draw: st.DrawFn, data: bytes, seeds: Sequence[bytes]) -> bytes:
    """The document in another encoding (that it may or may not declare), after a BOM that
    may or may not be its own."""
    text = data.decode("utf-8", "replace")
    codec = draw(st.sampled_from(_CODECS))
    return draw(st.sampled_from(_BOMS)) + text.encode(codec, "replace")


_OPS = (
    *(_flip, _truncate, _splice, _duplicate, _insert_bytes, _redate, _renumber, _reencode),
    *(_insert, _insert, _insert, _insert_escaped, _insert_escaped, _insert_escaped),
)


@st.composite
def mutated(draw: st.DrawFn, seeds: Sequence[bytes], max_ops: int = 3) -> bytes:
    """One of ``seeds``, mutated one to ``max_ops`` times (insertions the most often)."""
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, max_ops))):
        data = draw(st.sampled_from(_OPS))(draw, data, seeds)
    return data
