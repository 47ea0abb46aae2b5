"""Issue 17 (6): decoding text the same way in every source.

- C1 control characters (U+0080–U+009F) are removed, as DESIGN.md has it, whether they come
  raw or as a numeric character reference (``&#146;``, ``&#x92;``), in every source and field:
  blog title, entry title, author, body. Feeds read them as windows-1252 ("’"), HTML parsers
  read the references that way (HTML5's rule), and raw ones were stripped elsewhere.
  (A document *in* windows-1252 has its bytes 0x80–0x9F decoded as that encoding's
  characters: those are no C1 code points, and stay; tests/test_charset.py and test_feed.py.)
- ``&amp;amp;`` in an Atom person's name is the name "&amp;": XML decodes it once, and the
  name is text, not HTML, so it is not decoded again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import NamedTuple

import pytest

from tui_liveblog import sources
from tui_liveblog.model import Snapshot

from .conftest import FIXTURES

C1 = re.compile("[\x80-\x9f]")


class Field(NamedTuple):
    original: str  # the text as the document has it, and as it must read once parsed
    at: int  # where in it the C1 character goes (inside a word)
    read: Callable[[Snapshot], list[str]]  # every value of this field in the snapshot
    # the field is HTML (or XML), where "&#146;" is a reference; in a field of plain text, as
    # the Guardian's names are, it is those six characters
    markup: bool = True


def blog_title(snap: Snapshot) -> list[str]:
    return [snap.blog.title]


def titles(snap: Snapshot) -> list[str]:
    return [e.title for e in snap.entries if e.title]


def authors(snap: Snapshot) -> list[str]:
    return [a for e in snap.entries for a in e.authors]


def texts(snap: Snapshot) -> list[str]:
    return [e.text for e in snap.entries]


class Source(NamedTuple):
    kind: str
    url: str
    document: Callable[[], str]  # the document, as text (encoded as UTF-8)
    fields: dict[str, Field]
    extras: tuple[tuple[str, str, str], ...] = ()  # companions: (name, fixture, text for C1)


def fixture(name: str) -> Callable[[], str]:
    return lambda: (FIXTURES / name).read_text(encoding="utf-8")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Harbour live</title><link>https://feeds.example/harbour</link>
<item><guid>1</guid><title>Ferry news</title><dc:creator>Mira Runner</dc:creator>
<pubDate>Mon, 06 Sep 2010 00:01:00 +0000</pubDate>
<description>&lt;p&gt;The ferry sails at noon.&lt;/p&gt;</description></item>
<item><guid>2</guid><title>Quay news</title>
<pubDate>Mon, 06 Sep 2010 00:02:00 +0000</pubDate>
<description><![CDATA[<p>The quay reopens today.</p>]]></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour live</title><id>urn:x:feed</id>
<updated>2010-09-06T00:01:00Z</updated>
<entry><id>urn:x:1</id><title>Ferry news</title><updated>2010-09-06T00:01:00Z</updated>
<author><name>Mira Runner</name></author>
<content type="html">&lt;p&gt;The ferry sails at noon.&lt;/p&gt;</content></entry>
</feed>"""

_LD = {
    "@context": "https://schema.org",
    "@type": "LiveBlogPosting",
    "headline": "Harbour live",
    "liveBlogUpdate": [
        {
            "@type": "BlogPosting",
            "@id": "u1",
            "headline": "Ferry news",
            "datePublished": "2024-01-01T10:00:00Z",
            "author": {"@type": "Person", "name": "Mira Runner"},
            "articleBody": "<p>The ferry sails at noon.</p>",
        }
    ],
}
JSONLD = (
    '<!doctype html><html><head><meta charset="utf-8"><title>Harbour live</title>'
    '<script type="application/ld+json">'
    + json.dumps(_LD, ensure_ascii=False)
    + "</script></head><body><p>The page.</p></body></html>"
)

SOURCES: dict[str, Source] = {
    "rss": Source(
        "feed",
        "https://feeds.example/harbour.xml",
        lambda: RSS,
        {
            "blog title": Field("Harbour live", 2, blog_title),
            "title": Field("Ferry news", 2, titles),
            "author": Field("Mira Runner", 2, authors),
            "body": Field("The ferry sails at noon.", 6, texts),
            "body in CDATA": Field("The quay reopens today.", 6, texts),
        },
    ),
    "atom": Source(
        "feed",
        "https://feeds.example/harbour.atom",
        lambda: ATOM,
        {
            "blog title": Field("Harbour live", 2, blog_title),
            "title": Field("Ferry news", 2, titles),
            "author": Field("Mira Runner", 2, authors),
            "body": Field("The ferry sails at noon.", 6, texts),
        },
    ),
    "jsonld": Source(
        "jsonld",
        "https://news.example/live/harbour",
        lambda: JSONLD,
        {
            "blog title": Field("Harbour live", 2, blog_title),
            "title": Field("Ferry news", 2, titles),
            "author": Field("Mira Runner", 2, authors),
            "body": Field("The ferry sails at noon.", 6, texts),
        },
    ),
    "html": Source(
        "html",
        "https://quaysidecourier.test/live/council-election-night/",
        fixture("html/small-publisher.html"),
        {
            "blog title": Field("Harbour Council election night – live", 2, blog_title),
            "title": Field("Recount called in Eastcliff", 2, titles),
            "author": Field("Miriam Tolland", 2, authors),
            "body": Field("margin of just four votes", 2, texts),
        },
    ),
    "guardian": Source(
        "guardian",
        "https://content.guardianapis.com/science/live/2031/mar/04/comet-flyby-live",
        fixture("guardian/liveblog.json"),
        {
            "blog title": Field(
                "Comet flyby live: the tail brightens over the harbour", 2, blog_title
            ),
            "title": Field("Tail brightens", 2, titles),
            "author": Field("Bo Lantern", 2, authors, markup=False),  # (by its tag only)
            "body": Field("naked eye", 2, texts),
        },
    ),
    "reddit": Source(
        "reddit",
        "https://www.reddit.com/live/hb7k2q9zx1.json",
        fixture("reddit/embeds-listing.json"),
        {
            "blog title": Field("Harbour storm", 2, blog_title),
            "author": Field("lighthouse_keeper", 2, authors),
            "body": Field("Clips from the quay", 2, texts),
        },
        (("about", "reddit/about-complete.json", "Harbour storm"),),
    ),
    "scribblelive": Source(
        "scribblelive",
        "http://127.0.0.1:9/event/4242/page/last?Token=s3cret&format=json",
        fixture("scribblelive/event-page-last.json"),
        {
            "blog title": Field("Harbour regatta live", 2, blog_title),
            "title": Field("Fleet crosses the line", 2, titles),
            "author": Field("Mara Keel", 2, authors),
            "body": Field("forty boats crossed the line", 2, texts),
        },
    ),
    "sourcefabric": Source(
        "sourcefabric",
        "https://liveblog.example.net/api/v2/client_blogs/6a1b2c3d4e5f60718293a4b5/posts",
        fixture("sourcefabric/v2-listing.json"),
        {
            "blog title": Field("Harbour Regatta 2031", 2, blog_title),
            "author": Field("Tomas Reyes", 2, authors),
            "body": Field("rounds the", 2, texts),
        },
        (("blog", "sourcefabric/blog.json", "Harbour Regatta 2031"),),
    ),
    "wordpress": Source(
        "wordpress",
        "https://news.example.org/wp-json/liveblog/v1/4127/entries/1930381200/1930383000/",
        fixture("wordpress/entries-window.json"),
        {
            "author": Field("Mira Tallis", 2, authors),
            "body": Field("first ferry now leaves", 6, texts),
        },
    ),
}

# a C1 control as each format can carry it: raw (in JSON, also as "\\u0092" once decoded),
# and as a character reference (XML's in a feed; HTML's in a page, and in JSON values, which
# the sources read as HTML), decimal and hexadecimal
WRITTEN = {"raw": "\u0092", "reference": "&#146;", "hex reference": "&#x92;"}


def cases() -> list[tuple[str, str, str]]:
    return [
        (name, field, how)
        for name, s in SOURCES.items()
        for field, f in s.fields.items()
        for how in WRITTEN
        if f.markup or how == "raw"
    ]


def parse_with(source: Source, field: Field | None, c1: str, extra: str | None = None) -> Snapshot:
    """The source's document with ``c1`` put into ``field`` (everywhere its text is), or into
    the companion ``extra``."""

    def put(text: str, original: str, at: int) -> str:
        assert original in text, original
        return text.replace(original, original[:at] + c1 + original[at:])

    document = source.document()
    if field is not None:
        document = put(document, field.original, field.at)
    extras = {}
    for name, path, original in source.extras:
        companion = (FIXTURES / path).read_text(encoding="utf-8")
        if name == extra:
            companion = put(companion, original, 2)
        extras[name] = companion.encode()
    return sources.parse(document.encode(), source.url, kind=source.kind, extras=extras or None)


def read_with(name: str, field: str, c1: str) -> list[str]:
    """The values of ``field`` once ``c1`` is put into it in the source's document."""
    source = SOURCES[name]
    wanted = source.fields[field]
    companion = next((n for n, _, o in source.extras if o == wanted.original), None)
    if companion is not None:  # (the blog's title comes from a companion document)
        return wanted.read(parse_with(source, None, c1, companion))
    return wanted.read(parse_with(source, wanted, c1))


@pytest.mark.parametrize(
    ("name", "field"), [(name, field) for name, s in SOURCES.items() for field in s.fields]
)
def test_each_field_is_read_from_where_the_tests_put_c1(name: str, field: str) -> None:
    """(The tests below are about the field they name: a mark put where they put C1 shows.)"""
    wanted = SOURCES[name].fields[field]
    marked = wanted.original[: wanted.at] + "\u2603" + wanted.original[wanted.at :]
    values = read_with(name, field, "\u2603")
    assert any(marked in v for v in values), values


@pytest.mark.parametrize(("name", "field", "how"), cases())
def test_c1_controls_are_removed_in_every_source_and_field(name: str, field: str, how: str) -> None:
    wanted = SOURCES[name].fields[field]
    values = read_with(name, field, WRITTEN[how])
    assert any(wanted.original in v for v in values), values  # nothing put in, nothing lost
    for value in values:
        assert not C1.search(value), value
        assert "\u2019" not in value, value  # (U+0092 read as windows-1252)


@pytest.mark.parametrize("name", ["rss"])
@pytest.mark.parametrize("field", ["blog title", "title", "author", "body"])
def test_an_escaped_c1_reference_in_rss_html_is_removed(name: str, field: str) -> None:
    """``&amp;#146;``: XML gives ``&#146;``, which the HTML an RSS title or description holds
    reads as a C1 control."""
    wanted = SOURCES[name].fields[field]
    values = read_with(name, field, "&amp;#146;")
    assert any(wanted.original in v for v in values), values
    assert not any("\u2019" in v or C1.search(v) for v in values), values


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("&#146;", ""),
        ("&#0146;", ""),
        ("&#x92;", ""),
        ("&#X9f;", ""),
        ("&#128;&#159;", ""),
        ("&#146 x", " x"),  # (HTML reads a number without its ";")
        ("&#1460;", "&#1460;"),
        ("&#x920;", "&#x920;"),
        ("&#127;", "&#127;"),
        ("&#160;", "&#160;"),
        ("&amp;#146;", "&amp;#146;"),  # (an escaped reference is text, to be decoded once)
    ],
)
def test_only_references_to_c1_controls_are_dropped(written: str, read: str) -> None:
    from tui_liveblog.sanitize import drop_c1_references  # (new: the other tests run without)

    assert drop_c1_references(f"a{written}b") == f"a{read}b"
    assert drop_c1_references(f"a{written}b".encode()) == f"a{read}b".encode()


def test_a_feed_in_windows_1252_keeps_its_characters() -> None:
    """Bytes 0x80–0x9F of a feed that is in windows-1252 are its quotes and dashes."""
    doc = RSS.replace('encoding="utf-8"', 'encoding="windows-1252"')
    doc = doc.replace("Ferry news", "Ferry \u201cnews\u201d \u2013 \u20ac5")
    snap = sources.parse(doc.encode("cp1252"), SOURCES["rss"].url, kind="feed")
    assert "Ferry \u201cnews\u201d \u2013 \u20ac5" in titles(snap)


def test_an_8_bit_csi_is_removed_whole() -> None:
    """U+009B is a CSI: it goes with its parameters (no "›31m" read as windows-1252)."""
    doc = RSS.replace("Ferry news", "Ferry \u009b31mnews")
    snap = sources.parse(doc.encode(), SOURCES["rss"].url, kind="feed")
    assert "Ferry news" in titles(snap)


# -- &amp;amp; -------------------------------------------------------------------------------

ATOM_NAMES = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour live</title><id>urn:x:feed</id>
<updated>2010-09-06T00:01:00Z</updated>
<author><name>Desk &amp;amp; Co</name></author>
<entry><id>urn:x:1</id><title>Ferry news</title><updated>2010-09-06T00:01:00Z</updated>
<author><name>Tom &amp;amp; Jerry</name></author>
<author><name>Ann &amp;lt;b&amp;gt; Lee</name></author>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
<entry><id>urn:x:2</id><title>Quay news</title><updated>2010-09-06T00:02:00Z</updated>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
</feed>"""


def test_amp_amp_in_an_atom_name_reads_amp() -> None:
    snap = sources.parse(ATOM_NAMES.encode(), "https://feeds.example/a.atom", kind="feed")
    entries = {e.id: e for e in snap.entries}
    assert entries["urn:x:1"].authors == ("Tom &amp; Jerry", "Ann &lt;b&gt; Lee")
    assert entries["urn:x:2"].authors == ("Desk &amp; Co",)  # (the feed's author)


def test_amp_amp_in_an_atom_author_of_an_rss_item_reads_amp() -> None:
    doc = RSS.replace(
        "<dc:creator>Mira Runner</dc:creator>",
        '<atom:author xmlns:atom="http://www.w3.org/2005/Atom">'
        "<atom:name>Tom &amp;amp; Jerry</atom:name></atom:author>",
    )
    snap = sources.parse(doc.encode(), SOURCES["rss"].url, kind="feed")
    assert authors(snap) == ["Tom &amp; Jerry"]


def test_amp_amp_in_a_rss_title_is_html_decoded_once() -> None:
    """An RSS title is HTML (``&lt;b&gt;`` is bold): ``&amp;amp;amp;`` is XML's ``&amp;amp;``,
    HTML's ``&amp;``: decoded once at each level, never more."""
    doc = RSS.replace("Ferry news", "Tom &amp;amp;amp; Jerry").replace(
        "Quay news", "Tom &amp;amp; Jerry"
    )
    snap = sources.parse(doc.encode(), SOURCES["rss"].url, kind="feed")
    assert sorted(titles(snap)) == ["Tom & Jerry", "Tom &amp; Jerry"]
