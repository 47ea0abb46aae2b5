"""RSS 0.9x/1.0/2.0 and Atom 0.3/1.0: tui_liveblog.sources.feed.

Every fixture is invented (tests/fixtures/feed/ or built here); the acceptance test at the end
reads ../shared/acceptance/feeds in place when it is present.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from tests.conftest import ACCEPTANCE, FIXTURES, needs_acceptance
from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.serialize import entry_to_json
from tui_liveblog.sources import common, feed
from tui_liveblog.sources.registry import default_registry

FEED_URL = "https://feeds.example.com/live.xml"


def load(name: str, url: str = FEED_URL) -> Snapshot:
    return feed.parse((FIXTURES / "feed" / name).read_bytes(), url)


def by_title(snapshot: Snapshot) -> dict[str | None, Entry]:
    return {e.title: e for e in snapshot.entries}


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def rss(items: str, channel: str = "<title>T</title>", head: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>{channel}'
        f"{items}</channel></rss>"
    ).encode()


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_clean(snapshot: Snapshot) -> None:
    """No control characters, escape sequences or bidi overrides anywhere in the output."""
    values = [snapshot.blog.title, snapshot.blog.description or ""]
    for e in snapshot.entries:
        values += [e.id, e.title or "", e.text, e.url or "", *e.authors, *e.links]
        values += [m.url for m in e.media]
    for value in values:
        assert not CONTROL.search(value), value


# -- formats -----------------------------------------------------------------------------------


def test_rss_091_with_netscape_doctype_and_html_entities() -> None:
    snap = load("rss091.xml")
    assert snap.blog.title == "Harbour Town Gazette – Live"
    assert snap.blog.source == "feed"
    assert snap.blog.live is None
    assert snap.blog.url == FEED_URL
    assert snap.blog.description == "Regatta day, minute by minute"
    assert not snap.warnings
    first, second = snap.entries  # no dates: source order
    assert first.title == "Boats cross the line at 14:05"  # nbsp decoded, spaces collapsed
    assert first.text == "The winning crew from Café Marina crossed first — by two lengths."
    assert first.url == first.id == "http://gazette.example.net/regatta/2003#finish"
    assert second.text == 'Gusts of 20 knots … the harbour master is "watching closely".'
    assert first.published is None and first.updated is None


def test_rss_092_enclosure_and_untitled_item() -> None:
    snap = load("rss092.xml")
    untitled, cakes = snap.entries
    assert untitled.title is None
    assert untitled.text == "The tombola opened early this year."
    assert [(m.kind, m.url) for m in untitled.media] == [
        ("audio", "http://fete.example.org/audio/tombola.mp3")
    ]
    assert untitled.id.startswith("feed:")
    assert cakes.url == "http://fete.example.org/cakes"


def test_rss_10_rdf_prefers_content_encoded_and_reads_dc() -> None:
    snap = load("rss10.rdf")
    assert snap.blog.title == "Observatory Night Log"
    newest, oldest = snap.entries  # newest first
    assert newest.title == "Totality"
    assert newest.authors == ("Ada Stargazer", "Ben Telescope")
    assert newest.published == utc(2024, 4, 8, 19, 40)
    assert oldest.published == utc(2024, 4, 8, 18, 2, 10)  # +01:00 → UTC
    assert oldest.text == "The moon's edge touched the sun at 19:02.\n\nClouds held off."
    assert "summary" not in oldest.text
    assert oldest.id == "https://observatory.example.com/live/1"  # rdf:about
    assert [b.kind for b in oldest.body] == ["p", "p"]


def test_rss_20_fields() -> None:
    snap = load("rss20.xml")
    assert snap.blog.title == "City Marathon Live"  # markup in the channel title dropped
    assert snap.hints == Hints(refresh_interval=300)
    entries = by_title(snap)
    assert [e.title for e in snap.entries] == [
        "Leaders reach halfway",
        "Road closures",
        "Start gun",
    ]

    half = entries["Leaders reach halfway"]
    assert half.id == "marathon-post-3"
    assert half.published == utc(2024, 4, 14, 14, 15)  # 10:15 EDT
    assert half.updated == utc(2024, 4, 14, 14, 20)  # later than published: an edit
    assert half.authors == ("Mira Runner",)  # "desk@… (Mira Runner)"
    assert half.text.startswith("The lead pack passed the halfway mark in 1:02:11.")
    assert "teaser" not in half.text  # content:encoded wins over description
    assert half.links == ("https://feeds.example.com/splits/half",)  # relative to the feed URL
    assert [(m.kind, m.url) for m in half.media] == [
        ("image", "https://feeds.example.com/img/halfway.jpg"),
        ("video", "https://cdn.example.com/video/halfway.mp4"),
    ]

    start = entries["Start gun"]
    assert start.published == utc(2024, 4, 14, 13, 0)  # two-digit year, GMT
    assert start.authors == ("Tom Pace", "Lia Stride")
    assert start.text == "And they’re off!"  # escaped HTML, double-escaped entity
    assert start.id == start.url == "https://marathon.example.com/live#post-2"
    assert [(m.kind, m.url) for m in start.media] == [
        ("image", "https://cdn.example.com/img/start-thumb.jpg")
    ]

    closures = entries["Road closures"]
    assert closures.published == utc(2024, 4, 14, 13, 30)  # -0700
    assert closures.updated is None  # "updated" earlier than published: not an edit
    assert [(m.kind, m.url) for m in closures.media] == [
        ("image", "https://cdn.example.com/maps/closures.png")
    ]


def test_atom_03_escaped_and_base64_modes() -> None:
    snap = load("atom03.xml")
    assert snap.blog.title == "Garden Show & Fair"
    assert snap.blog.description == "Live from the flower tent"
    best, swap = snap.entries
    assert best.title == "Best in show"
    assert best.id == "tag:garden.example.org,2005:best"
    assert best.url == "http://garden.example.org/2005/best"
    assert best.text == "A blue delphinium took the prize."
    assert best.published == utc(2005, 6, 12, 13, 30)  # issued
    assert best.updated == utc(2005, 6, 12, 13, 45)  # modified
    assert best.authors == ("Rosa Petal",)  # the feed's author
    assert swap.title == "Seed swap"  # base64
    assert swap.text == "The seed swap is open in tent B."  # base64 HTML
    assert swap.authors == ("Ivy Green",)


def test_atom_10_xhtml_xml_base_and_authors() -> None:
    snap = load("atom10.xml", url="https://chess.example.com/live/feed.atom")
    assert snap.blog.title == "Chess Final Round 7"
    assert snap.blog.description == "Move by move"
    m41, m40 = snap.entries
    assert m41.title == "Move 41: Qxf7+ & the crowd gasps"
    assert m41.authors == ("Kasia Rook", "Omar Bishop")
    assert m41.published == utc(2024, 11, 20, 16, 41)
    assert m41.updated == utc(2024, 11, 20, 16, 55)
    # feed xml:base → entry xml:base="round7/" → relative href; a nested xml:base inside content
    assert m41.url == "https://chess.example.com/live/round7/move-41"
    assert m41.links == (
        "https://chess.example.com/live/round7/board.html",
        "https://archive.example.net/games/game-7",
    )
    assert m41.text == "White plays Qxf7+. See the board.\n\nArchive"
    assert [(m.kind, m.url) for m in m41.media] == [
        ("audio", "https://chess.example.com/audio/m41.ogg")
    ]
    strong = [s for b in m41.body for s in b.spans if s.bold]
    assert [s.text for s in strong] == ["Qxf7+"]

    assert m40.title == "Move 40"  # xhtml title
    assert m40.published == utc(2024, 11, 20, 16, 40)  # only <updated>: used as published
    assert m40.updated is None
    assert m40.authors == ("Arbiter Desk",)  # inherited from the feed
    assert m40.url == "https://chess.example.com/live/move-40"  # link without rel
    assert m40.text == 'Black resigns? Not yet: x < y & "quotes" stay literal.'  # type="text"


def test_atom_content_src_becomes_media() -> None:
    doc = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
    <entry><id>e1</id><title>Clip</title>
    <content type="video/mp4" src="https://cdn.example.com/clip.mp4"/>
    <summary>What happened at the gate</summary></entry></feed>"""
    (entry,) = feed.parse(doc, FEED_URL).entries
    assert entry.text == "What happened at the gate"
    assert [(m.kind, m.url) for m in entry.media] == [("video", "https://cdn.example.com/clip.mp4")]


def test_atom_entry_document() -> None:
    doc = b"""<entry xmlns="http://www.w3.org/2005/Atom"><id>only</id><title>Alone</title>
    <updated>2024-02-02T02:02:02Z</updated></entry>"""
    snap = feed.parse(doc, FEED_URL)
    assert [e.title for e in snap.entries] == ["Alone"]
    assert snap.blog.title == FEED_URL


# -- ids -----------------------------------------------------------------------------------------


def test_entries_without_guid_get_stable_ids() -> None:
    data = (FIXTURES / "feed" / "no-guid.xml").read_bytes()
    first = feed.parse(data, FEED_URL)
    second = feed.parse(data, FEED_URL)
    ids = [e.id for e in first.entries]
    assert ids == [e.id for e in second.entries]
    assert len(set(ids)) == 4
    entries = by_title(first)
    assert entries["Budget vote passes"].id == "https://townhall.example.org/live#budget"
    assert entries["Public comment opens"].id.startswith("feed:")
    # two entries sharing the live page's URL do not collapse into one id
    assert entries["Same page, first note"].id != entries["Same page, second note"].id
    assert entries["Same page, first note"].url == "https://townhall.example.org/live"


def test_repeated_guid_is_read_once() -> None:
    items = "<item><guid>a</guid><title>One</title></item>" * 2
    snap = feed.parse(rss(items + "<item><guid>b</guid><title>Two</title></item>"), FEED_URL)
    assert [e.id for e in snap.entries] == ["a", "b"]
    assert any("repeated an id" in w for w in snap.warnings)


# -- text: entities, escaped HTML, markup in titles ----------------------------------------------


def test_entities_and_escaped_html() -> None:
    items = """
    <item><guid>1</guid>
      <title>Caf&eacute; &amp; bar&nbsp;news &#8212; &lt;b&gt;bold&lt;/b&gt; &copy;</title>
      <description>&lt;p&gt;First &amp;amp; second&lt;/p&gt;&lt;p&gt;Caf&amp;eacute; &lt;a href="/x"&gt;link&lt;/a&gt;&lt;/p&gt;</description>
    </item>
    <item><guid>2</guid><title><![CDATA[CDATA <i>title</i> &amp; more]]></title>
      <description><![CDATA[<ul><li>one &hellip;</li><li>two</li></ul>]]></description></item>
    <item><guid>3</guid><title>Plain &lt; text</title>
      <description>Line one&#10;&#10;Line two &trade; &undefinedthing; ok</description></item>
    """
    snap = feed.parse(rss(items), FEED_URL)
    entries = {e.id: e for e in snap.entries}
    assert entries["1"].title == "Café & bar news — bold ©"
    assert entries["1"].text == "First & second\n\nCafé link"
    assert entries["1"].links == ("https://feeds.example.com/x",)
    assert entries["2"].title == "CDATA title & more"
    assert entries["2"].text == "- one …\n- two"
    assert entries["3"].title == "Plain < text"
    assert entries["3"].text == "Line one\n\nLine two ™ &undefinedthing; ok"
    for e in snap.entries:
        assert not re.search(
            r"&(amp|lt|gt|nbsp|eacute|hellip|trade|#\d+);", e.text + (e.title or "")
        )


def test_rss_item_xhtml_body_and_naked_markup() -> None:
    items = """
    <item><guid>1</guid><body xmlns="http://www.w3.org/1999/xhtml"><p>From <b>xhtml</b></p></body>
      <description>loser</description></item>
    <item><guid>2</guid><description>Naked <b>markup</b> here</description></item>
    """
    entries = {e.id: e for e in feed.parse(rss(items), FEED_URL).entries}
    assert entries["1"].text == "From xhtml"
    assert entries["2"].text == "Naked markup here"


def test_c1_controls_are_removed_raw_or_as_references() -> None:
    """Issue 17 (6): C1 controls are removed, as in every source (they were read as the
    windows-1252 characters their bytes stand for, here only). A feed *in* windows-1252 keeps
    its quotes: those are its bytes' characters, not C1 controls (test_latin_1_declared_reads…)."""
    doc = rss("<item><guid>1</guid><description>don\u0092t &#147;quote&#148;</description></item>")
    (entry,) = feed.parse(doc, FEED_URL).entries
    assert entry.text == "dont quote"


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 06 Sep 2010 00:01:00 +0000", utc(2010, 9, 6, 0, 1)),
        ("Mon, 06 Sep 2010 00:01:00 GMT", utc(2010, 9, 6, 0, 1)),
        ("Mon, 06 Sep 2010 00:01:00 EST", utc(2010, 9, 6, 5, 1)),
        ("Mon, 06 Sep 2010 00:01:00 PDT", utc(2010, 9, 6, 7, 1)),
        ("06 Sep 10 00:01 +0200", utc(2010, 9, 5, 22, 1)),
        ("2010-09-06T00:01:00+02:00", utc(2010, 9, 5, 22, 1)),
        ("2010-09-06T00:01:00.123Z", utc(2010, 9, 6, 0, 1)),
        ("2010-09-06", utc(2010, 9, 6)),
        ("not a date", None),
    ],
)
def test_dates(value: str, expected: datetime | None) -> None:
    doc = rss(f"<item><guid>1</guid><pubDate>{value}</pubDate></item>")
    (entry,) = feed.parse(doc, FEED_URL).entries
    assert entry.published == expected


def test_date_sources_and_updated_rule() -> None:
    ns = 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    items = f"""
    <item {ns}><guid>dc</guid><dc:date>2020-01-01T10:00:00Z</dc:date>
      <dcterms:modified>2020-01-01T11:00:00Z</dcterms:modified></item>
    <item {ns}><guid>only-mod</guid><dcterms:modified>2020-01-02T10:00:00Z</dcterms:modified></item>
    <item {ns}><guid>same</guid><pubDate>Wed, 01 Jan 2020 09:00:00 GMT</pubDate>
      <dcterms:modified>2020-01-01T09:00:00Z</dcterms:modified></item>
    """
    entries = {e.id: e for e in feed.parse(rss(items), FEED_URL).entries}
    assert entries["dc"].published == utc(2020, 1, 1, 10)
    assert entries["dc"].updated == utc(2020, 1, 1, 11)
    assert entries["only-mod"].published == utc(2020, 1, 2, 10)
    assert entries["only-mod"].updated is None
    assert entries["same"].updated is None


def test_sorted_newest_first_undated_last() -> None:
    items = """
    <item><guid>old</guid><pubDate>Wed, 01 Jan 2020 09:00:00 GMT</pubDate></item>
    <item><guid>undated</guid><title>x</title></item>
    <item><guid>new</guid><pubDate>Thu, 02 Jan 2020 09:00:00 GMT</pubDate></item>
    """
    assert [e.id for e in feed.parse(rss(items), FEED_URL).entries] == ["new", "old", "undated"]


# -- links and xml:base --------------------------------------------------------------------------


def test_relative_xml_base_against_feed_url_and_unsafe_bases() -> None:
    doc = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="news/">
    <title>F</title>
    <entry xml:base="today/"><id>1</id><link href="item-1"/>
      <content type="html">&lt;a href="more.html"&gt;more&lt;/a&gt;</content></entry>
    <entry xml:base="javascript:alert(1)//"><id>2</id><link href="item-2"/></entry>
    <entry xml:base="http:///host.example.org/deep/"><id>3</id><link href="item-3"/></entry>
    </feed>"""
    entries = {e.id: e for e in feed.parse(doc, "https://site.example.org/feeds/main.atom").entries}
    assert entries["1"].url == "https://site.example.org/feeds/news/today/item-1"
    assert entries["1"].links == ("https://site.example.org/feeds/news/today/more.html",)
    assert entries["2"].url == "https://site.example.org/feeds/news/item-2"  # unsafe base ignored
    assert entries["3"].url == "http://host.example.org/deep/item-3"  # too many slashes mended


def test_content_location_header_is_the_base() -> None:
    doc = rss("<item><guid>1</guid><link>item/1</link></item>")
    headers = {"Content-Location": "https://mirror.example.net/feeds/x.xml"}
    (entry,) = feed.parse(doc, FEED_URL, headers).entries
    assert entry.url == "https://mirror.example.net/feeds/item/1"


def test_only_web_links_are_kept() -> None:
    items = """
    <item><guid>1</guid><link>javascript:alert(1)</link>
      <description>&lt;a href="javascript:alert(2)"&gt;x&lt;/a&gt; &lt;a href="data:text/html,y"&gt;y&lt;/a&gt;
      &lt;a href="mailto:desk@example.com"&gt;mail&lt;/a&gt;</description>
      <enclosure url="javascript:alert(3)" type="image/png"/></item>
    <item><guid>https://example.com/perma</guid><title>guid is the link</title></item>
    <item><guid isPermaLink="false">https://example.com/not-a-link</guid><title>no</title></item>
    """
    entries = {e.id: e for e in feed.parse(rss(items), FEED_URL).entries}
    assert entries["1"].url is None
    assert entries["1"].links == ("mailto:desk@example.com",)
    assert entries["1"].media == ()
    assert entries["https://example.com/perma"].url == "https://example.com/perma"
    assert entries["https://example.com/not-a-link"].url is None


def test_file_path_url_leaves_relative_links_out() -> None:
    doc = rss("<item><guid>1</guid><link>relative/path</link></item>")
    (entry,) = feed.parse(doc, "/home/someone/feeds/saved.xml").entries
    assert entry.url is None


def test_entry_and_media_urls_are_web_links_only() -> None:
    """``mailto:`` is a fine link in a body, never an entry's URL or a media URL."""
    items = """
    <item><guid>1</guid><link>MAILTO:desk@example.com</link>
      <description>&lt;p&gt;&lt;a href="mailto:desk@example.com"&gt;Mail&lt;/a&gt;&lt;/p&gt;
      &lt;figure&gt;&lt;img src="mailto:desk@example.com"&gt;&lt;figcaption&gt;Pier&lt;/figcaption&gt;&lt;/figure&gt;</description>
      <enclosure url="MAILTO:desk@example.com" type="image/png"/></item>
    """
    (entry,) = feed.parse(rss(items), FEED_URL).entries
    assert entry.url is None and entry.media == ()
    assert not any(b.media is not None for b in entry.body)
    assert entry.links == ("mailto:desk@example.com",) and "Pier" in entry.text


def test_no_credential_of_the_feed_url_reaches_the_snapshot() -> None:
    items = """
    <item><guid>1</guid><link>#one</link>
      <description>&lt;p&gt;&lt;a href="#more"&gt;more&lt;/a&gt;&lt;/p&gt;&lt;img src="#pic"&gt;</description></item>
    """
    url = "https://me:pw-s3cret@feeds.example.com/live.xml?token=s3cret&edition=uk"
    snap = feed.parse(rss(items, channel=""), url)
    assert b"s3cret" not in orjson.dumps(snap)
    shown = "https://feeds.example.com/live.xml?edition=uk"
    assert snap.blog.url == shown and snap.blog.title == shown
    (entry,) = snap.entries
    assert entry.url == f"{shown}#one"
    assert entry.links == (f"{shown}#more",)
    assert [m.url for m in entry.media] == [f"{shown}#pic"]


# -- encodings -----------------------------------------------------------------------------------

TEMPLATE = (
    '<?xml version="1.0" encoding="{enc}"?>\n<rss version="2.0"><channel><title>{title}</title>'
    "<item><guid>1</guid><title>{title}</title><description>{text}</description></item>"
    "</channel></rss>"
)
SAMPLES = {
    "koi8-r": ("Новости дня", "Привет, мир"),
    "windows-1255": ("חדשות", "שלום עולם"),
    "big5": ("即時新聞", "今日消息"),
    "shift_jis": ("速報ニュース", "こんにちは"),
    "euc-kr": ("속보 뉴스", "안녕하세요"),
    "iso-8859-7": ("Ειδήσεις", "Καλημέρα"),
    "windows-1252": ("Café “live”", "naïve – ok"),
}


@pytest.mark.parametrize("encoding", sorted(SAMPLES))
def test_declared_legacy_encodings(encoding: str) -> None:
    title, text = SAMPLES[encoding]
    data = TEMPLATE.format(enc=encoding, title=title, text=text).encode(encoding)
    snap = feed.parse(data, FEED_URL)
    assert snap.blog.title == title
    assert snap.entries[0].text == text


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-16", "utf-16"),  # with BOM
        ("utf-16-le", "utf-16"),  # no BOM
        ("utf-16-be", "utf-16"),
        ("utf-16-be", "u16"),  # an alias Python knows
        ("utf-32", "utf-32"),
        ("utf-32-le", "utf-32"),
        ("utf-32-be", "utf-32"),
        ("utf-8-sig", "utf-8"),  # UTF-8 BOM
    ],
)
def test_utf_16_and_32_with_and_without_bom(codec: str, label: str) -> None:
    data = TEMPLATE.format(enc=label, title="Ünïcödé ✓", text="Zażółć gęślą jaźń").encode(codec)
    snap = feed.parse(data, FEED_URL)
    assert snap.blog.title == "Ünïcödé ✓"
    assert snap.entries[0].text == "Zażółć gęślą jaźń"
    assert feed.sniff(data[:65536], None)


def test_utf_16_without_declaration() -> None:
    data = "<rss><channel><item><title>Без декларации</title></item></channel></rss>".encode(
        "utf-16-le"
    )
    assert feed.parse(data, FEED_URL).entries[0].title == "Без декларации"


def test_http_charset_overrides_the_declaration() -> None:
    data = TEMPLATE.format(enc="iso-8859-1", title="Заголовок", text="Текст").encode("koi8-r")
    snap = feed.parse(data, FEED_URL, {"Content-Type": "application/rss+xml; charset=KOI8-R"})
    assert snap.blog.title == "Заголовок"
    assert snap.entries[0].text == "Текст"


def test_latin_1_declared_reads_windows_1252_quotes() -> None:
    data = TEMPLATE.format(enc="iso-8859-1", title="“Quoted”", text="£5 – cheap").encode("cp1252")
    snap = feed.parse(data, FEED_URL)
    assert snap.blog.title == "“Quoted”"
    assert snap.entries[0].text == "£5 – cheap"


@pytest.mark.parametrize("label", ["bogus", "zlib", "unicode_escape", "utf-16"])
def test_bogus_declared_encoding_falls_back(label: str) -> None:
    data = TEMPLATE.format(enc=label, title="Grüße", text="naïve").encode("utf-8")
    snap = feed.parse(data, FEED_URL)
    assert snap.blog.title == "Grüße"
    assert snap.entries[0].text == "naïve"


def test_mismatched_encodings_fall_back() -> None:
    # declared UTF-8, written in windows-1252: read as windows-1252
    data = TEMPLATE.format(enc="utf-8", title="Café", text="“smart” quotes").encode("cp1252")
    snap = feed.parse(data, FEED_URL)
    assert snap.blog.title == "Café"
    assert snap.entries[0].text == "“smart” quotes"
    # mostly UTF-8 with one stray byte: UTF-8 with a replacement character
    good = TEMPLATE.format(enc="utf-8", title="Ça va — très bien", text="x").encode()
    snap = feed.parse(good.replace(b"x</desc", b"x\xff</desc"), FEED_URL)
    assert snap.blog.title == "Ça va — très bien"
    assert snap.entries[0].text == "x\ufffd"


def test_decode_never_raises_on_odd_bytes() -> None:
    for data in (b"\xff\xfe\x00", b"\xfe\xff<\x00", b"\x00\x00\x00", bytes(range(256))):
        text, codec = feed.decode(data, {"content-type": "text/xml; charset=nonsense"})
        assert isinstance(text, str) and codec


# -- safety --------------------------------------------------------------------------------------


def billion_laughs(levels: int = 10) -> bytes:
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        decls.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(decls)}]>'
        f"<rss><channel><title>&lol{levels - 1};</title><item><guid>1</guid>"
        f"<title>a &lol{levels - 1}; b</title><description>&lol{levels - 1};</description>"
        "</item></channel></rss>"
    ).encode()


def test_billion_laughs_is_not_expanded() -> None:
    snap = feed.parse(billion_laughs(), FEED_URL)
    (entry,) = snap.entries
    assert entry.title is not None and len(entry.title) < 40
    assert "lollol" not in (entry.title + entry.text + snap.blog.title)


def test_large_entity_repeated_is_not_expanded() -> None:
    big = "x" * 100_000
    doc = (
        f'<!DOCTYPE rss [<!ENTITY a "{big}">]><rss><channel><item><guid>1</guid>'
        f"<title>{'&a;' * 1000}</title></item></channel></rss>"
    ).encode()
    (entry,) = feed.parse(doc, FEED_URL).entries
    assert entry.title is not None and "xxxx" not in entry.title


def test_small_internal_entity_is_expanded() -> None:
    doc = b"""<!DOCTYPE rss [ <!ENTITY site "tag:example.org,2024:"> ]>
    <rss><channel><item><guid isPermaLink="false">&site;post-1</guid></item></channel></rss>"""
    assert feed.parse(doc, FEED_URL).entries[0].id == "tag:example.org,2024:post-1"


@pytest.mark.parametrize(
    "decl",
    [
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
        '<!ENTITY xxe SYSTEM "file:///etc/hostname">',
        '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;',
    ],
)
def test_external_entities_are_not_resolved(decl: str) -> None:
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{decl}]><rss><channel><title>T</title>'
        "<item><guid>1</guid><title>before &xxe; after</title>"
        "<description>&xxe;</description></item></channel></rss>"
    ).encode()
    snap = feed.parse(doc, FEED_URL)
    (entry,) = snap.entries
    passwd = Path("/etc/passwd").read_text() if Path("/etc/passwd").exists() else "root:x:0:0"
    assert "root:" not in entry.text + (entry.title or "")
    assert passwd[:20] not in entry.text
    assert entry.title is not None and entry.title.startswith("before")


def test_hostile_text_is_neutralised() -> None:
    items = (
        "<item><guid>evil</guid>"
        "<title>[bold red]alert[/] \x1b[31mred\x1b[0m \u202egnp.exe &#27;[2Jcls</title>"
        "<link>javascript:alert(1)</link>"
        "<author>x@example.com (Eve\x07 \x1b]8;;http://evil.example/\x07link\x1b]8;;\x07)</author>"
        "<description><![CDATA[<p>Click <a href='javascript:alert(2)'>here</a> \x1b[2J"
        " [link=http://x]rich[/link]<script>alert(3)</script><img src='x' onerror='alert(4)'>"
        "</p>]]></description></item>"
    )
    snap = feed.parse(rss(items, channel="<title>Evil\u202e blog\x9b31m</title>"), FEED_URL)
    assert_clean(snap)
    (entry,) = snap.entries
    assert entry.title == "[bold red]alert[/] red gnp.exe cls"  # Rich markup stays literal
    assert entry.authors == ("Eve link",)
    assert entry.url is None
    assert entry.text == "Click here [link=http://x]rich[/link]"
    assert entry.links == ()
    assert "alert" not in entry.text
    # an 8-bit CSI (U+009B) is removed with its parameters, as every C1 control is (issue 17, 6)
    assert snap.blog.title == "Evil blog"


def test_json_contract_text_for_a_feed_entry() -> None:
    data = entry_to_json(load("rss20.xml").entries[0])
    assert data["published"] == "2024-04-14T14:15:00+00:00"
    assert data["updated"] == "2024-04-14T14:20:00+00:00"
    assert data["authors"] == ["Mira Runner"]
    assert "<" not in data["text"] and "&" not in data["text"]


def test_entries_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_ENTRIES", 3)
    items = "".join(f"<item><guid>{i}</guid></item>" for i in range(5))
    snap = feed.parse(rss(items), FEED_URL)
    assert len(snap.entries) == 3
    assert [w for w in snap.warnings if "holds" in w] == [
        "the document holds 5 entries; only the first 3 were read"
    ]  # (the items are capped before they are read: one warning, not one per cap)


# -- empty, ill-formed and garbage documents -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title"), [("empty-rss.xml", "Quiet Evening"), ("empty-atom.xml", "No Entries Yet")]
)
def test_feed_without_items_is_an_empty_blog(name: str, title: str) -> None:
    snap = load(name)
    assert snap.entries == ()
    assert snap.blog.title == title
    assert not snap.warnings


def test_ill_formed_feed_is_recovered_with_a_warning() -> None:
    doc = b"""<rss><channel><title>Cut off</title>
    <item><guid>1</guid><title>Kept</title></item>
    <item><guid>2</guid><title>Also <b>kept</title></item>
    <item><guid>3</guid><title>Trunc"""
    snap = feed.parse(doc, FEED_URL)
    assert [e.id for e in snap.entries][:2] == ["1", "2"]
    assert len(snap.warnings) == 1 and "not well-formed" in snap.warnings[0]
    assert "\n" not in snap.warnings[0]


def test_blog_title_falls_back_to_the_url() -> None:
    snap = feed.parse(b"<rss><channel><item><guid>1</guid></item></channel></rss>", FEED_URL)
    assert snap.blog.title == FEED_URL


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t ",
        b"\xef\xbb\xbf",
        b"<!-- only a comment -->",
        b"hello, world",
        b'{"items": []}',
        b"<!DOCTYPE html><html><head><title>Page</title></head><body>x</body></html>",
        b"<?xml version='1.0'?><opml version='2.0'><body/></opml>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        b"<" * 1000,
    ],
)
def test_not_a_feed_raises_one_clear_line(data: bytes) -> None:
    with pytest.raises(ParseError) as info:
        feed.parse(data, FEED_URL)
    message = str(info.value)
    assert message.startswith("not a valid RSS or Atom feed: ")
    assert "\n" not in message and len(message) < 240


# -- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0"?><rss version="2.0">',
        b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- a comment -->\n<rss>",
        b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">',
        b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">\n<rss>',
        b'<!DOCTYPE rss [<!ENTITY a "b">]><rss>',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        b"<atom:feed xmlns:atom='http://www.w3.org/2005/Atom'>",
        '<?xml version="1.0" encoding="utf-16"?><rss>'.encode("utf-16"),
        "<feed>".encode("utf-16-be"),
        "<rss>".encode("utf-32-le"),
    ],
)
def test_sniff_recognises_feeds(head: bytes) -> None:
    assert feed.sniff(head, None)
    assert feed.sniff(head, "text/xml; charset=utf-8")


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body><rss>",
        b'{"rss": 1}',
        b"<?xml version='1.0'?><opml/>",
        b"<!-- unterminated comment <rss>",
        b"",
        b"<rsss>",
    ],
)
def test_sniff_rejects_other_documents(head: bytes) -> None:
    assert not feed.sniff(head, None)
    assert not feed.sniff(head, "text/html")


@pytest.mark.parametrize(
    "ctype",
    ["application/rss+xml", "application/atom+xml; charset=utf-8", "Application/RDF+XML"],
)
def test_sniff_trusts_feed_content_types(ctype: str) -> None:
    assert feed.sniff(b"", ctype)


def test_url_patterns_are_not_used() -> None:
    assert not feed.url_matches("https://example.com/feed.rss")


def test_registry_detects_and_parses_feeds() -> None:
    data = (FIXTURES / "feed" / "atom10.xml").read_bytes()
    assert default_registry().detect("https://example.com/x", data) is feed.SOURCE
    snap = sources.parse(data, "https://example.com/x", {"content-type": "application/atom+xml"})
    assert snap.blog.source == "feed"
    assert len(snap.entries) == 2


# -- acceptance: feedparser's test feeds, read in place ------------------------------------------


@needs_acceptance
def test_acceptance_feeds_read_or_fail_cleanly() -> None:
    folder = ACCEPTANCE / "feeds"
    files = sorted(folder.rglob("*.xml"))
    assert len(files) > 300
    with_entries = 0
    for path in files:
        try:
            snap = feed.parse(path.read_bytes(), str(path))
        except ParseError as err:
            message = str(err)
            assert message and "\n" not in message, path
            continue
        assert_clean(snap)
        for entry in snap.entries:
            assert entry.id
            assert not re.search(r"&(amp|lt|gt|quot|nbsp|#\d+);", entry.text), path
        if snap.entries:
            with_entries += 1
    assert with_entries >= 280


# -- issue 17 (2): no content silently dropped ---------------------------------------------------


def atom(entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>T</title><id>urn:feed</id>{entries}</feed>"
    ).encode()


AFTER_A_VOID = (
    '<p>Watch the clip <{tag} src="https://media.example/clip.mp4"> before the vote.</p>'
    "<p>The count starts at ten.</p>"
)
SHOWN_AFTER_A_VOID = "Watch the clip before the vote.\n\nThe count starts at ten."


@pytest.mark.parametrize("tag", ["embed", "track"])
def test_a_void_element_without_its_slash_keeps_the_rest_of_an_item(tag: str) -> None:
    """``<embed …>`` or ``<track …>`` written without ``/>`` held (and dropped) the rest."""
    from tui_liveblog.content import body_to_text

    body = AFTER_A_VOID.format(tag=tag)
    items = (
        f"<item><guid>1</guid><description>{html.escape(body)}</description></item>"
        f"<item><guid>2</guid><description><![CDATA[{body}]]></description></item>"
    )
    snap = feed.parse(rss(items), FEED_URL)
    assert [e.text for e in snap.entries] == [SHOWN_AFTER_A_VOID] * 2
    assert [body_to_text(e.body) for e in snap.entries] == [SHOWN_AFTER_A_VOID] * 2
    snap = feed.parse(
        atom(f'<entry><id>urn:1</id><content type="html">{html.escape(body)}</content></entry>'),
        FEED_URL,
    )
    (entry,) = snap.entries
    assert entry.text == body_to_text(entry.body) == SHOWN_AFTER_A_VOID


def _five(third: str, other: str, wrap: Callable[[str], bytes], tag: str = "item") -> bytes:
    """Five items (``tag``), the third's content ``third``, the others' ``other``."""
    return wrap(
        "".join(
            f"<{tag}><id>urn:{n}</id><guid>urn:{n}</guid><title>Title {n}</title>"
            + (third if n == 3 else other.format(n=n))
            + f"</{tag}>"
            for n in range(1, 6)
        )
    )


@pytest.mark.parametrize("depth", [300, 5000])
def test_an_item_nested_past_the_parsers_limit_is_left_out_and_no_other(depth: int) -> None:
    """libxml2 stops at 256 nested elements: every item after the deep one was lost."""
    nested = "<x>" * depth + "deep" + "</x>" * depth
    snap = feed.parse(
        _five(f"<description>{nested}</description>", "<description>Body {n}</description>", rss),
        FEED_URL,
    )
    assert sorted(e.id for e in snap.entries) == ["urn:1", "urn:2", "urn:4", "urn:5"]
    assert [e.text for e in snap.entries if e.id == "urn:5"] == ["Body 5"]
    assert snap.warnings == (
        "left out item 3: elements nested more than 250 deep, too deep to read",
    )
    xhtml = f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{nested}</div>'
    snap = feed.parse(
        _five(xhtml + "</content>", '<content type="html">Body {n}</content>', atom, "entry"),
        FEED_URL,
    )
    assert sorted(e.id for e in snap.entries) == ["urn:1", "urn:2", "urn:4", "urn:5"]
    assert snap.warnings == (
        "left out entry 3: elements nested more than 250 deep, too deep to read",
    )


@pytest.mark.parametrize("depth", [300, 5000])
def test_escaped_html_nested_past_the_parsers_limit_keeps_its_item_and_text(depth: int) -> None:
    deep = "<p>Start.</p>" + "<blockquote>" * depth + "Deep words." + "</blockquote>" * depth
    deep += "<p>The end.</p>"
    content = '<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">'
    for third in (
        f"<description>{html.escape(deep)}</description>",
        f"{content}<![CDATA[{deep}]]></content:encoded>",
    ):
        snap = feed.parse(_five(third, "<description>Body {n}</description>", rss), FEED_URL)
        assert sorted(e.id for e in snap.entries) == [f"urn:{n}" for n in range(1, 6)]
        (entry,) = [e for e in snap.entries if e.id == "urn:3"]
        assert entry.text.startswith("Start.\n\n") and entry.text.endswith("\n\nThe end.")
        assert "Deep words." in entry.text
        assert not snap.warnings
    snap = feed.parse(
        _five(
            f'<content type="html">{html.escape(deep)}</content>',
            '<content type="html">Body {n}</content>',
            atom,
            "entry",
        ),
        FEED_URL,
    )
    assert len(snap.entries) == 5 and not snap.warnings
    assert "Deep words." in next(e.text for e in snap.entries if e.id == "urn:3")
