"""One decoder for every source (tui_liveblog.sources.charset): BOM, header, declaration, UTF-8,
windows-1252, with the WHATWG labels; every source reads UTF-16 with a byte order mark."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tui_liveblog import sources
from tui_liveblog.sources import charset, html, jsonld

# (fixture, URL) for each of the nine sources
EVERY_SOURCE = [
    ("jsonld/variants.html", "https://times.example/politics/budget-live", "jsonld"),
    ("guardian/liveblog.json", "https://content.guardianapis.com/science/live/2031/mar/04/x", "guardian"),
    ("reddit/escaped-listing.json", "https://www.reddit.com/live/ukaeu1ik4sw5.json?raw_json=1", "reddit"),
    ("scribblelive/event-page-last.json", "http://127.0.0.1:9/event/4242/page/last?format=json", "scribblelive"),
    ("sourcefabric/v2-listing.json", "https://sf.example/api/v2/client_blogs/b1/posts", "sourcefabric"),
    ("wordpress/entries-window.json", "https://news.example/wp-json/liveblog/v1/4127/", "wordpress"),
    ("feed/atom10.xml", "https://feeds.example.com/live.xml", "feed"),
    ("html/small-publisher.html", "https://news.example.test/live/regatta", "html"),
    ("text/lynx-dump.txt", "/home/me/storm.txt", "text"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "url", "kind"), EVERY_SOURCE, ids=[k for *_, k in EVERY_SOURCE])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_every_source_reads_a_document_with_a_byte_order_mark(
    name: str, url: str, kind: str, encoding: str
) -> None:
    data = (FIXTURES / name).read_bytes()
    plain = sources.parse(data, url)
    assert plain.blog.source == kind and plain.entries
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8-sig": b""}[encoding]
    wide = bom + data.decode("utf-8").encode(encoding)
    # a wrong header (what a misconfigured server sends) gives way to the byte order mark
    for headers in (None, {"Content-Type": "text/plain; charset=iso-8859-1"}):
        snap = sources.parse(wide, url, headers)
        assert snap.blog.source == kind
        assert snap.entries == plain.entries
        assert snap.blog.title == plain.blog.title


def _page(meta: str, text: str) -> bytes:
    posts = "".join(
        f'<article class="post"><time datetime="2031-02-03T1{n}:00:00Z">1{n}:00</time>'
        f"<p>{text} number {n}, with enough words to read as a post of its own.</p></article>"
        for n in range(4)
    )
    return f"<html><head>{meta}<title>La Fête</title></head><body>{posts}</body></html>".encode(
        "cp1252"
    )


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        '<meta charset="latin1">',  # a WHATWG label for windows-1252
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        "",  # no label at all: not UTF-8, so windows-1252
    ],
)
def test_a_saved_windows_1252_page_reads_without_mojibake(meta: str) -> None:
    snap = html.parse(_page(meta, "La fête “en ville”"), "/home/me/saved.html")
    assert snap.blog.title == "La Fête"
    assert all(e.text.startswith("La fête “en ville” number") for e in snap.entries)


def test_a_json_ld_page_in_windows_1252_reads_its_blocks_and_title_in_it() -> None:
    block = (
        '<script type="application/ld+json">{"@type": "LiveBlogPosting", "headline": "Fête live",'
        ' "liveBlogUpdate": [{"@type": "BlogPosting", "headline": "Crème brûlée",'
        ' "datePublished": "2031-02-03T10:00:00Z", "articleBody": "Déjà vu — encore."}]}</script>'
    )
    data = f'<html><head><meta charset="windows-1252">{block}</head><body></body></html>'
    snap = jsonld.parse(data.encode("cp1252"), "/home/me/saved.html")
    assert snap.blog.title == "Fête live"
    (entry,) = snap.entries
    assert (entry.title, entry.text) == ("Crème brûlée", "Déjà vu — encore.")


@pytest.mark.parametrize(
    ("data", "headers", "codec", "said_by"),
    [
        (b"\xef\xbb\xbf<p>x</p>", {"content-type": "text/html; charset=koi8-r"}, "utf-8", "bom"),
        (b"<p>caf\xe9</p>", {"content-type": "text/html; charset=ISO-8859-1"}, "cp1252", "header"),
        (b"<p>x</p>", {"content-type": 'text/html; charset="Shift_JIS"'}, "cp932", "header"),
        (b'<meta charset="gb2312"><p>x</p>', None, "gb18030", "meta"),
        (b'<meta charset="utf-16"><p>x</p>', None, "utf-8", "meta"),  # readable as ASCII: UTF-8
        (b'<meta charset="x-user-defined"><p>x</p>', None, "cp1252", "meta"),
        (b'<meta charset="bogus-label"><p>caf\xc3\xa9</p>', None, "utf-8", "utf-8"),
        (b'<?xml version="1.0" encoding="koi8-r"?><rss/>', None, "koi8-r", "xml"),
        (b"<\x00r\x00s\x00s\x00", None, "utf-16-le", "xml"),  # no BOM, the zero bytes tell
        (b"<p>caf\xe9 \x93ok\x94</p>", None, "cp1252", "windows-1252"),
        # a body below the head: a <meta> there is not the page's
        (b"<head></head><body><meta charset=koi8-r>caf\xc3\xa9", None, "utf-8", "utf-8"),
    ],
)
def test_the_encoding_and_what_said_so(
    data: bytes, headers: dict[str, str] | None, codec: str, said_by: str
) -> None:
    found = charset.sniff(data, headers)
    assert (found.codec, found.said_by) == (codec, said_by)


def test_undefined_windows_1252_bytes_and_a_contradicted_label_never_raise() -> None:
    assert charset.decode(b"a\x81b\x8dc") == "a\x81b\x8dc"  # (sanitising strips the C1s later)
    # declared UTF-8, written in windows-1252 (an old feed generator's bug): windows-1252
    assert (
        charset.decode(b'<meta charset="utf-8"><p>caf\xe9</p>')
        == '<meta charset="utf-8"><p>café</p>'
    )


def test_stdin_and_files_follow_the_same_rules(tmp_path: Path) -> None:
    """``liveblog dump`` of a UTF-16 file: the registry decodes it before any source sniffs."""
    data = (FIXTURES / "reddit" / "escaped-listing.json").read_bytes()
    wide = b"\xff\xfe" + data.decode("utf-8").encode("utf-16-le")
    assert sources.parse(wide, str(tmp_path / "saved.json"), kind="reddit").entries


def test_a_meta_in_any_case_and_odd_labels() -> None:
    assert charset.sniff(b'<Meta charset="windows-1251"><p>x</p>').codec == "cp1251"
    assert charset.codec_for("utf\udc80-8") is None  # (a label that is not ASCII)


@pytest.mark.parametrize(
    "data",
    [
        "café ".encode() * 30_000,  # valid, with characters across the pieces' edges
        "€".encode() * 40_000,  # three-byte characters: one is cut by every piece's edge
        "€".encode() * 40_000 + b"\xe2\x82",  # a character cut short at the end
        "é".encode() * 40_000 + b"\xff" + "é".encode() * 10,  # one bad byte, far in
        b"a" * 65_535 + b"\xc3" + b"a",  # a lead byte at a piece's end, no continuation
        b"a" * 65_535 + "é".encode(),  # a good character split by a piece's edge
        "x\udcff".encode("utf-8", "surrogatepass"),  # a surrogate: not UTF-8
    ],
)
def test_sniffing_checks_utf_8_as_decoding_it_whole_does(data: bytes) -> None:
    # sniff reads the bytes a piece at a time without keeping the text; decode keeps it
    assert charset.sniff(data) == charset._choose(data, None)[0]
    try:
        data.decode("utf-8")
        whole = True
    except UnicodeDecodeError:
        whole = False
    assert charset._valid_utf8(data) is whole
