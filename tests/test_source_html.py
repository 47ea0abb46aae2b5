"""The plain-HTML heuristic extractor: tui_liveblog.sources.html.

Every fixture is invented (tests/fixtures/html/ or built here); the real pages of the corpus and
the acceptance set are read in place, when present, to check the extractor finds their blocks.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from tests.conftest import ACCEPTANCE, CORPUS, FIXTURES, needs_acceptance, needs_corpus
from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.query import select
from tui_liveblog.serialize import entry_to_json
from tui_liveblog.sources import html, jsonld
from tui_liveblog.sources.html.bylines import author_names, find_bylines, read_names
from tui_liveblog.sources.html.dates import find_stamps, numeric_order, zone_of

OWN = FIXTURES / "html"
PAGE = "https://news.example.test/live/regatta"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def load(name: str, url: str = PAGE) -> Snapshot:
    return html.parse((OWN / name).read_bytes(), url)


def by_id(snapshot: Snapshot) -> dict[str, Entry]:
    return {e.id: e for e in snapshot.entries}


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def page(body: str, head: str = "<title>A page</title>") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def assert_sane(snapshot: Snapshot) -> None:
    """Newest first, clean text everywhere, only http(s)/mailto links, JSON-serialisable."""
    dated = [e.published for e in snapshot.entries if e.published is not None]
    assert dated == sorted(dated, reverse=True)
    assert len({e.id for e in snapshot.entries}) == len(snapshot.entries)
    assert not CONTROL.search(snapshot.blog.title)
    for e in snapshot.entries:
        assert e.published is None or e.published.tzinfo is UTC
        assert e.updated is None or (e.published is not None and e.updated > e.published)
        for value in (e.id, e.text, e.title or "", *e.authors):
            assert not CONTROL.search(value.replace("\n", "")), repr(value)
        for link in (*e.links, *(m.url for m in e.media), *([e.url] if e.url else [])):
            assert link.startswith(("http://", "https://", "mailto:")), link
        orjson.dumps(entry_to_json(e))
    assert snapshot.blog.source == "html"


# -- an archived 2014 page: "by NAME edited by NAME 6/15/2014 3:16:44 PM" -----------------------


def test_archive_bylines_times_and_editors() -> None:
    snap = load("archive-2014.html")
    assert_sane(snap)
    assert [e.id for e in snap.entries] == ["post-9013", "post-9012", "post-9011", "post-9010"]
    e = by_id(snap)
    assert e["post-9013"].published == utc(2014, 6, 15, 15, 16, 44)  # no zone stated: UTC
    assert e["post-9013"].authors == ("Agnes Whitcombe",)  # the editor is not an author
    assert e["post-9013"].updated is None  # one time only: the publication
    assert e["post-9011"].authors == ("Agnes Whitcombe", "Priya Castellane")
    assert e["post-9011"].published == utc(2014, 6, 15, 12, 31, 15)
    assert e["post-9011"].updated == utc(2014, 6, 15, 12, 40)  # "edited by … <later time>"
    assert e["post-9010"].published == utc(2014, 6, 15, 10, 5, 51)


def test_archive_titles_bodies_and_links() -> None:
    snap = load("archive-2014.html")
    e = by_id(snap)
    assert e["post-9013"].title == "Town crew wins the eights"
    assert e["post-9012"].title is None
    for entry in snap.entries:  # the byline line and the title are not repeated in the body
        assert "edited by" not in entry.text and "6/15/2014" not in entry.text
        assert entry.title is None or entry.title not in entry.text
    assert e["post-9013"].text.startswith("The Millbrook town crew crossed the line")
    # windows-1252 quotes from the page's <meta http-equiv> charset
    assert "“every last scone”" in e["post-9011"].text
    # relative links and images resolve against <base href>
    base = "http://archive.millbrook-gazette.test/2014/regatta/"
    assert e["post-9012"].links == (base + "results.html",)
    assert [m.url for m in e["post-9013"].media] == [base + "photos/eights-finish.jpg"]
    assert e["post-9013"].url == PAGE + "#post-9013"
    assert snap.blog.title == "LIVE: Riverside Regatta final day - Millbrook Gazette"
    assert snap.blog.url == PAGE and snap.blog.live is None
    # nothing from the menu, the "Most read" sidebar or the footer
    everything = " ".join(x.text for x in snap.entries)
    assert "Bridge closure" not in everything and "All rights reserved" not in everything


def test_flat_archive_posts_split_at_their_bylines() -> None:
    """No element wraps a post: each run of content up to its byline is one."""
    snap = load("archive-flat.html")
    assert_sane(snap)
    assert len(snap.entries) == 3
    first, second, third = snap.entries
    assert first.title == "River level at the weir has peaked"
    assert first.published == utc(2014, 2, 3, 21, 45, 10)
    assert first.authors == ("Tom Quill",)
    assert first.text.startswith("The gauge at Hatherley weir")
    assert "Flood watch" not in first.text  # the page headline above the first post
    assert second.title == "Road closures"
    assert second.authors == ("Rosa Menzies",)
    assert second.links == ("http://roads.example.test/closures",)
    assert third.title is None and third.text.startswith("Volunteers are needed")
    assert all("by " not in e.text for e in snap.entries)
    assert all(b.kind != "hr" for e in snap.entries for b in e.body)  # the separators


# -- a small publisher: <article class="post"> with <time datetime> ----------------------------


def test_small_publisher_articles() -> None:
    snap = load("small-publisher.html", "https://quaysidecourier.test/live/council-election-night/")
    assert_sane(snap)
    e = by_id(snap)
    assert list(e) == ["update-112", "update-111", "update-109", "update-108"]
    assert e["update-112"].published == utc(2023, 5, 4, 23, 42, 10)  # +01:00 → UTC
    assert e["update-112"].updated == utc(2023, 5, 4, 23, 50)  # <time class="updated">
    assert e["update-112"].title == "First result: Quayside ward"
    assert e["update-112"].links == ("https://quaysidecourier.test/results/quayside/",)
    assert [m.url for m in e["update-112"].media] == [
        "https://quaysidecourier.test/uploads/2023/05/quayside-count.jpg"
    ]
    assert e["update-111"].authors == ("Miriam Tolland", "Dana Okafor")
    assert e["update-111"].key_event and not e["update-111"].pinned
    # the quoted tweet's date is not the post's
    assert e["update-111"].published == utc(2023, 5, 4, 22, 58)
    assert e["update-108"].pinned and e["update-108"].title == "Where the count stands"
    assert e["update-109"].title is None and e["update-109"].authors == ("Miriam Tolland",)
    assert "By" not in e["update-109"].text and "10.15pm" not in e["update-109"].text
    assert snap.blog.title == "Harbour Council election night – live"  # og:title
    assert snap.blog.live is True  # the "Live" badge
    # neither the advert nor the sidebar's "Latest news" cards
    assert not any("Advertisement" in x.text or "Ferry" in (x.title or "") for x in snap.entries)


def test_pinned_copy_and_its_place_are_one_entry() -> None:
    posts = "".join(
        f'<article class="post" id="p{n}"><h3>Post {n}</h3><p>By Jo Bloggs <time datetime='
        f'"2024-01-0{n}T10:00:00Z">10:00</time></p><p>Text of post number {n} goes here, long enough to read as a post.</p></article>'
        for n in (3, 2, 1)
    )
    pinned = (
        '<div class="pinned-posts"><article class="post"><h3>Post 1</h3><p>By Jo Bloggs <time '
        'datetime="2024-01-01T10:00:00Z">10:00</time></p><p>Text of post number 1 goes here, long enough to read as a post.</p>'
        "</article></div>"
    )
    snap = html.parse(page(f"{pinned}<main><div>{posts}</div></main>"), PAGE)
    assert [(e.id, e.pinned) for e in snap.entries] == [("p3", False), ("p2", False), ("p1", True)]


def test_other_posts_of_the_same_markup_join_unless_they_are_teasers() -> None:
    def post(n: int, title: str) -> str:
        return (
            f'<article class="post" id="p{n}"><h3>{title}</h3><p>By Jo Bloggs <time datetime='
            f'"2024-01-0{n}T10:00:00Z">10:00</time></p><p>Text of post number {n}, long enough '
            "to read as a post of the blog.</p></article>"
        )

    timeline = "".join(post(n, f"Post {n}") for n in (5, 4, 3))
    pinned = f'<div class="top">{post(6, "Pinned post")}</div>'
    teasers = (
        '<div class="more">'
        + "".join(
            f'<article class="post"><h3><a href="/other/{n}/">Elsewhere {n}</a></h3><p>By Jo Bloggs '
            f'<time datetime="2024-01-0{n}T09:00:00Z">9:00</time></p><p>An article on another '
            "page of the site, with its summary.</p></article>"
            for n in (1, 2)
        )
        + "</div>"
    )
    snap = html.parse(page(f"{pinned}<main><div>{timeline}</div></main>{teasers}"), PAGE)
    assert [e.id for e in snap.entries] == ["p6", "p5", "p4", "p3"]


# -- times shown without a date ----------------------------------------------------------------


def test_times_under_dated_headings_and_past_midnight() -> None:
    snap = load("dated-headings.html")
    assert_sane(snap)
    times = [e.published for e in snap.entries]
    assert times == [
        utc(2014, 6, 16, 0, 10),  # 01:10 BST under "Monday 16 June 2014"
        utc(2014, 6, 15, 23, 20),  # 00:20 BST
        utc(2014, 6, 15, 22, 55),  # 23:55 BST, still under Monday's heading: Sunday night
        utc(2014, 6, 15, 20, 30),  # under "Sunday 15 June 2014"
        utc(2014, 6, 15, 14, 16),  # "3.16pm BST"
    ]
    assert all(e.authors == () and e.title is None for e in snap.entries)
    assert snap.entries[0].text.startswith("Power has been restored")
    assert "BST" not in snap.entries[0].text


def test_loose_text_led_by_times_between_line_breaks() -> None:
    """A 2008-style page: no element per post, each a run of text starting with its time."""
    snap = load("br-separated.html")
    assert_sane(snap)
    assert [e.published for e in snap.entries] == [
        utc(2008, 5, 10, 17, 2), utc(2008, 5, 10, 16, 48), utc(2008, 5, 10, 16, 15),
        utc(2008, 5, 10, 15, 31),
    ]  # fmt: skip
    assert snap.entries[0].text.startswith("Full time. Dunmere win the cup")  # time cut off
    assert snap.entries[-1].text == (
        "Goal for Dunmere, a low shot from the edge of the box after a scramble."
    )


def test_paragraphs_led_by_their_times() -> None:
    paras = "".join(
        f"<p>{t} {text}</p>"
        for t, text in (
            ("3.40pm", "The ferry has finally left the harbour, two hours behind schedule."),
            ("2.15pm", "Engineers say the fault with the ramp has been found and fixed."),
            ("1.05pm", "Passengers are being offered tea and biscuits in the terminal."),
        )
    )
    head = '<meta name="date" content="2023-07-01"><title>Ferry delays</title>'
    snap = html.parse(page(f"<h1>Ferry delays</h1><div class='story'>{paras}</div>", head), PAGE)
    assert [e.published for e in snap.entries] == [
        utc(2023, 7, 1, 15, 40), utc(2023, 7, 1, 14, 15), utc(2023, 7, 1, 13, 5)
    ]  # fmt: skip
    assert snap.entries[0].text == (
        "The ferry has finally left the harbour, two hours behind schedule."
    )


def test_hash_ids_are_stable_across_edits_of_the_text() -> None:
    data = (OWN / "dated-headings.html").read_bytes()
    first = load("dated-headings.html")
    again = html.parse(data, PAGE)
    edited = html.parse(data.replace(b"Gusts of 70mph", b"Gusts of 75mph"), PAGE)
    assert [e.id for e in first.entries] == [e.id for e in again.entries]
    assert [e.id for e in first.entries] == [e.id for e in edited.entries]
    assert all(e.id.startswith("html:") for e in first.entries)


def test_time_alone_with_no_date_anywhere_is_undated() -> None:
    posts = "".join(
        f'<div class="entry"><span class="time">{t}</span><p>Something happened at the harbour, entry {t}.</p></div>'
        for t in ("14:05", "13:50", "13:20")
    )
    snap = html.parse(page(f'<div class="entries">{posts}</div>'), PAGE)
    assert len(snap.entries) == 3
    assert all(e.published is None for e in snap.entries)
    assert snap.entries[0].text.startswith("Something happened")  # source order kept


def test_definition_list_times_head_their_posts() -> None:
    body = "<dl>" + "".join(
        f"<dt>{t}</dt><dd>Update text that says what happened at {t} on the pier.</dd>"
        for t in ("16:40", "16:05", "15:30")
    )
    snap = html.parse(
        page(
            body + "</dl>",
            '<meta property="article:published_time" '
            'content="2023-08-01T12:00:00+02:00"><title>Pier</title>',
        ),
        PAGE,
    )
    # no zone on the times: the offset the page's own publication time is written in
    assert [e.published for e in snap.entries] == [
        utc(2023, 8, 1, 14, 40),
        utc(2023, 8, 1, 14, 5),
        utc(2023, 8, 1, 13, 30),
    ]
    assert snap.entries[0].text == "Update text that says what happened at 16:40 on the pier."


def test_epoch_attributes_zones_and_common_zone() -> None:
    body = (
        '<div class="feed">'
        '<div class="item" data-timestamp="1402845404000"><p>Millisecond epoch on the block itself, some words.</p></div>'
        '<div class="item"><p class="when">June 15, 2014 at 3:16 pm EDT</p><p>A US date with a daylight zone here.</p></div>'
        '<div class="item"><p class="when">June 15, 2014 at 1:00 pm</p><p>No zone: the zone the other posts state.</p></div>'
        "</div>"
    )
    snap = html.parse(page(body), PAGE)
    assert [e.published for e in snap.entries] == [
        utc(2014, 6, 15, 19, 16),
        utc(2014, 6, 15, 17, 0),
        utc(2014, 6, 15, 15, 16, 44),
    ]


# -- pages that are not live blogs ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["article.html", "navigation.html", "comments.html", "forum-thread.html", "error404.html",
     "login.html", "fixtures-table.html"],
)  # fmt: skip
def test_pages_without_a_timeline_are_refused(name: str) -> None:
    with pytest.raises(ParseError) as err:
        load(name)
    message = str(err.value)
    assert message.startswith("no live blog found in this page: ")
    assert "\n" not in message and len(message) < 160


def test_an_issue_thread_without_comment_classes_is_refused() -> None:
    thread = "".join(
        f'<div class="item"><div class="hdr"><a class="author" href="/u{n}">user{n}</a> commented '
        f'<relative-time datetime="2024-01-0{n + 1}T10:00:00Z">Jan {n + 1}</relative-time></div>'
        f"<p>I can reproduce this on version 1.{n}; the stack trace is the same as above.</p></div>"
        for n in range(4)
    )
    with pytest.raises(ParseError):
        html.parse(page(thread), PAGE)


def test_two_posts_are_not_yet_a_timeline() -> None:
    posts = "".join(
        f'<article class="post"><time datetime="2024-02-0{n}T09:00:00Z">9am</time><p>Post number {n} of this small page.</p></article>'
        for n in (1, 2)
    )
    with pytest.raises(ParseError):
        html.parse(page(posts), PAGE)


@pytest.mark.parametrize("data", [b"", b"   \n", b"<html><body></body></html>", b"\xff\xfe\x00"])
def test_empty_and_junk_documents(data: bytes) -> None:
    with pytest.raises(ParseError) as err:
        html.parse(data, PAGE)
    assert str(err.value).startswith("no live blog found in this page")


# -- the registry ----------------------------------------------------------------------------------


def test_sniff_and_url() -> None:
    assert not html.url_matches(PAGE)
    assert html.sniff(b"<!DOCTYPE html><html><head>", None)
    assert html.sniff(b"\xef\xbb\xbf  <html lang='en'>", None)
    assert html.sniff(b"<div class='post'><p>hi</p></div>", None)
    assert html.sniff(b"whatever", "text/html; charset=utf-8")
    assert not html.sniff(b'{"kind": "Listing", "body_html": "<div class=\\"md\\">"}', "text/html")
    assert not html.sniff(b"[1, 2]", None)
    assert not html.sniff(b'<?xml version="1.0"?><rss version="2.0"><channel>', None)
    assert not html.sniff(b"plain text, no markup", None)


def test_json_ld_pages_are_still_read_by_jsonld() -> None:
    data = (OWN / "jsonld-live.html").read_bytes()
    snap = sources.parse(data, "https://quaysidecourier.test/live/ferry-strike/")
    assert snap.blog.source == "jsonld"
    assert html.parse(data, PAGE).blog.source == "html"  # (it could read it, but comes last)


def test_registry_falls_through_to_html_and_refuses_plain_pages() -> None:
    snap = sources.parse((OWN / "archive-2014.html").read_bytes(), PAGE)
    assert snap.blog.source == "html"
    with pytest.raises(ParseError) as err:
        sources.parse((OWN / "article.html").read_bytes(), PAGE)
    assert str(err.value).startswith("no live blog found") and "\n" not in str(err.value)


# -- hostile input ---------------------------------------------------------------------------------


def test_hostile_text_is_neutralised() -> None:
    snap = load("hostile.html", "https://hostile.test/live/")
    assert_sane(snap)
    assert [e.id for e in snap.entries] == ["u0", "u1", "u2"]
    assert snap.entries[0].authors == ("Jane Roe",)
    assert snap.entries[0].published == utc(2024, 3, 1, 21, 40)
    for e in snap.entries:
        assert e.links == ("https://hostile.test/live/relative/page.html",)  # no javascript:/data:
        assert [m.url for m in e.media] == ["https://hostile.test/ok.png"]
        assert "\x1b" not in e.text and "15:16" not in e.text  # nor the script's text
    assert snap.blog.title == "Hostile page"


_POSTS = (
    '<article id="p{n}"><h2>Post {n}</h2><time datetime="2031-03-04T09:0{n}:00Z">09:0{n}</time>'
    '<p>Update number {n} from the quay. <a href="#more">more</a>'
    ' <a href="mailto:desk@news.example.test">desk</a></p>'
    '<figure><img src="mailto:desk@news.example.test" width="600"><figcaption>Pier {n}'
    '</figcaption></figure><img src="#pic{n}" width="600"></article>'
)


def test_no_credential_of_the_page_url_reaches_the_snapshot() -> None:
    data = page("".join(_POSTS.format(n=n) for n in range(1, 4)), head="")
    url = "https://me:pw-s3cret@news.example.test/live/regatta?token=s3cret&edition=uk"
    snap = html.parse(data, url)
    assert b"s3cret" not in orjson.dumps(snap)
    shown = "https://news.example.test/live/regatta?edition=uk"
    assert snap.blog.url == shown and snap.blog.title == shown
    assert len(snap.entries) == 3
    for entry in snap.entries:
        assert entry.url == f"{shown}#{entry.id}"
        assert f"{shown}#more" in entry.links


def test_media_urls_are_web_links_only() -> None:
    data = page("".join(_POSTS.format(n=n) for n in range(1, 4)))
    snap = html.parse(data, PAGE)
    assert len(snap.entries) == 3
    for entry in snap.entries:
        assert [m.url for m in entry.media] == [f"{PAGE}#pic{entry.id[-1]}"]
        assert all(b.media.url.startswith("https://") for b in entry.body if b.media is not None)
        assert "mailto:desk@news.example.test" in entry.links
        assert f"Pier {entry.id[-1]}" in entry.text


def test_deep_nesting_is_refused_quickly() -> None:
    data = ("<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000).encode()
    with pytest.raises(ParseError) as err:  # refused before the parser sees it
        html.parse(data, PAGE)
    assert "nested too deeply" in str(err.value)


def test_moderate_nesting_around_a_timeline_still_reads() -> None:
    posts = "".join(
        f'<div class="u"><time datetime="2024-01-01T1{n}:00:00Z">1{n}:00</time><p>Post {n} with enough text to count as a post of a live blog.</p></div>'
        for n in range(3)
    )
    data = page("<section>" * 1500 + posts + "</section>" * 1500)
    snap = html.parse(data, PAGE)
    assert len(snap.entries) == 3


def test_ten_thousand_blocks() -> None:
    posts = "".join(
        f'<article class="post" id="p{n}"><h2>Update {n}</h2><p class="meta">By Jo Bloggs '
        f'<time datetime="2024-01-01T00:00:00Z">{n % 60}</time></p>'
        f"<p>Body of update {n}\x1b[31m, long enough to be a post, with a <a href='/x{n}'>link</a>.</p></article>"
        for n in range(10_000)
    )
    data = page(f'<div class="posts">{posts}</div>')
    snap = sources.parse(data, PAGE, kind="html")  # (its time: benchmarks/run.py)
    assert len(snap.entries) == 10_000
    assert snap.entries[0].title == "Update 0" and "\x1b" not in snap.entries[0].text


def test_multi_megabyte_page_is_fast() -> None:
    """A big page that is mostly scripts, styles and markup, with a few hundred posts."""
    script = "<script>var x = '" + "a" * 1_500_000 + "';</script>"
    style = "<style>" + ".c{color:red}" * 50_000 + "</style>"
    menu = (
        "<nav><ul>"
        + "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(2000))
        + "</ul></nav>"
    )
    posts = "".join(
        f'<div class="entry" id="e{n}"><div class="meta"><span class="t">{n % 24:02d}:{n % 60:02d}</span>'
        f' <span class="author">Jo Bloggs</span></div><p>{"Words of the post. " * 20}</p></div>'
        for n in range(300)
    )
    data = page(
        script + style + menu + f'<h2>Sunday 15 June 2014</h2><div class="entries">{posts}</div>'
    )
    assert len(data) > 2_000_000
    snap = sources.parse(data, PAGE, kind="html")
    assert len(snap.entries) == 300 and snap.entries[0].authors == ("Jo Bloggs",)


# -- times and bylines, piece by piece --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ymd", "hms", "zone"),
    [
        ("6/15/2014 3:16:44 PM", None, (15, 16, 44), None),
        ("15 June 2014 15:16", (2014, 6, 15), (15, 16, 0), None),
        ("June 15, 2014 at 3:16 pm", (2014, 6, 15), (15, 16, 0), None),
        ("Sun 15 Jun 2014 15.16 BST", (2014, 6, 15), (15, 16, 0), "BST"),
        ("15:16 BST", None, (15, 16, 0), "BST"),
        ("3.16pm", None, (15, 16, 0), None),
        ("12.05am", None, (0, 5, 0), None),
        ("2014-06-15T15:16:44+01:00", (2014, 6, 15), (15, 16, 44), "+01:00"),
        ("15.06.2014, 15:16 Uhr", (2014, 6, 15), (15, 16, 0), None),
        ("Updated 15:20 GMT+2", None, (15, 20, 0), "GMT+2"),
        ("2 novembre 2023 16:56", (2023, 11, 2), (16, 56, 0), None),
    ],
)
def test_visible_time_forms(
    text: str, ymd: tuple[int, int, int] | None, hms: tuple[int, int, int], zone: str | None
) -> None:
    found = find_stamps(text)
    assert len(found) == 1
    assert found[0].hms == hms and found[0].zone == zone
    if ymd is not None:
        assert found[0].ymd == ymd


@pytest.mark.parametrize(
    "text", ["£3.16 a pint", "a 2:1 win", "16:9 screens", "room 1507", "15h16 et voilà ET"]
)
def test_not_times(text: str) -> None:
    assert not [s for s in find_stamps(text) if s.zone == "ET" or s.hms == (16, 9, 0)]
    if "voil" not in text:
        assert find_stamps(text) == []


def test_numeric_date_order_follows_the_page() -> None:
    us = find_stamps("6/15/2014 3:16 PM") + find_stamps("6/5/2014 1:00 PM")
    eu = find_stamps("15/6/2014 15:16") + find_stamps("5/6/2014 13:00")
    assert numeric_order(us) is False and numeric_order(eu) is True


def test_zones() -> None:
    assert zone_of("BST") == timezone(timedelta(hours=1))
    assert zone_of("EDT") == timezone(timedelta(hours=-4))
    assert zone_of("ET", date(2014, 6, 15)) == timezone(timedelta(hours=-4))
    assert zone_of("ET", date(2014, 1, 15)) == timezone(timedelta(hours=-5))
    assert zone_of("UTC+05:30") == timezone(timedelta(hours=5, minutes=30))
    assert zone_of("+0100") == timezone(timedelta(hours=1))
    assert zone_of("XYZ") is None


def test_bylines() -> None:
    lines = find_bylines("by Agnes Whitcombe edited by Ned Farraday 6/15/2014 3:16:44 PM")
    assert [(b.editor, b.names) for b in lines] == [
        (False, ("Agnes Whitcombe",)),
        (True, ("Ned Farraday",)),
    ]
    assert find_bylines("By Jane Roe, Political Editor")[0].names == ("Jane Roe",)
    assert find_bylines("Posted by A. N. Other and Jan van der Berg")[0].names == (
        "A. N. Other",
        "Jan van der Berg",
    )
    assert find_bylines("by Jo Bloggs June 15, 2014")[0].names == ("Jo Bloggs",)
    assert find_bylines("the bill was passed by parliament") == ()
    assert read_names("Jane Roe, Max Power & Ola Nordmann")[0] == [
        "Jane Roe",
        "Max Power",
        "Ola Nordmann",
    ]


# -- real pages, read in place -------------------------------------------------------------------------


def _real_pages() -> list[Path]:
    found = sorted((CORPUS / "jsonld-html").glob("*.html")) if CORPUS.is_dir() else []
    if ACCEPTANCE.is_dir():
        found += sorted((ACCEPTANCE / "realblogs").glob("*.html"))
    return found


@needs_corpus
@needs_acceptance
@pytest.mark.parametrize("path", _real_pages(), ids=lambda p: p.name)
def test_real_pages_read_as_timelines(path: Path) -> None:
    """These pages carry JSON-LD (read by ``jsonld``); the HTML extractor alone still finds
    their rendered posts: several, each dated, in a sane snapshot."""
    snap = html.parse(path.read_bytes(), "https://publisher.example/live/page")
    assert_sane(snap)
    assert len(snap.entries) >= 8
    assert all(e.published is not None and (e.text or e.title or e.media) for e in snap.entries)
    assert (
        sources.parse(path.read_bytes(), "https://publisher.example/live/page").blog.source
        == "jsonld"
    )


@needs_corpus
def test_guardian_blocks_match_its_json_ld() -> None:
    data = (
        CORPUS / "jsonld-html" / "guardian-2023-05-15-russia-ukraine-war-live.html"
    ).read_bytes()
    from_html = html.parse(data, "https://www.theguardian.com/world/live/x")
    from_jsonld = jsonld.parse(data, "https://www.theguardian.com/world/live/x")
    assert {e.id.removeprefix("block-") for e in from_html.entries} == {
        e.id.rsplit("block-", 1)[-1] for e in from_jsonld.entries
    }
    assert sum(e.pinned for e in from_html.entries) == 1  # its pinned copy folded in


def test_a_post_kind_attribute_marks_key_events() -> None:
    posts = "".join(
        f'<div class="post" id="p{n}" data-type="{"key-event" if n == 2 else "default"}">'
        f'<time datetime="2031-02-03T1{n}:00:00Z">1{n}:00</time>'
        f"<p>Update number {n} from the harbour, where the storm has closed the coast road.</p>"
        "</div>"
        for n in range(4)
    )
    snap = html.parse(f"<html><body><main>{posts}</main></body></html>".encode(), "https://x.test/")
    assert len(snap.entries) == 4  # one timeline: the kind does not split the group
    assert [e.id for e in snap.entries if e.key_event] == ["p2"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("di Alessia Candito", ("Alessia Candito",)),
        ("par Jean Dupont", ("Jean Dupont",)),
        ("da Silva", ("da Silva",)),  # a surname, not "by"
        ("Ada Lovelace", ("Ada Lovelace",)),
    ],
)
def test_by_in_other_languages_is_not_part_of_the_name(text: str, names: tuple[str, ...]) -> None:
    assert author_names(text) == names


def _posts(extra: str = "", line: str = "") -> bytes:
    """Four posts, each a time on a line of its own; ``line`` after the time (a name)."""
    posts = "".join(
        f'<div class="post" id="p{n}"><div class="info"><time datetime="2031-02-03T1{n}:00:00Z">'
        f"1{n}:00</time>{line}</div><p>Post {n} tells of the storm along the front, at length "
        f"and in detail.</p>{extra}</div>"
        for n in range(4)
    )
    return page(f'<div class="feed">{posts}</div>')


def test_a_name_beside_a_time_on_a_short_line_is_the_byline() -> None:
    entries = html.parse(_posts(line="<mark>Jo Roe</mark>"), PAGE).entries
    assert [e.authors for e in entries] == [("Jo Roe",)] * 4


def test_prose_ending_in_by_is_not_a_byline() -> None:
    extra = "<p>Some member states, led by <strong>Germany</strong>, object to it.</p>"
    entries = html.parse(_posts(extra), PAGE).entries
    assert all(e.authors == () for e in entries)
    assert all("led by Germany, object to it." in e.text for e in entries)


def test_a_related_storys_card_keeps_its_byline_and_date() -> None:
    card = (
        '<section class="inline-article"><article><h4>An older story</h4>'
        '<span class="author">Ann Other</span><time datetime="2020-01-01T00:00:00Z">1 Jan</time>'
        "</article></section>"
    )
    entries = html.parse(_posts(card), PAGE).entries
    assert all(e.authors == () for e in entries)
    assert {e.published.year for e in entries if e.published} == {2031}


def test_a_date_the_text_speaks_of_is_not_cut_from_it() -> None:
    extra = (
        '<p>Since the <a href="https://news.example/x">attack of 7 October</a> the port shut.</p>'
    )
    entries = html.parse(_posts(extra), PAGE).entries
    assert all("Since the attack of 7 October the port shut." in e.text for e in entries)
    assert all(e.links == ("https://news.example/x",) for e in entries)


def test_the_name_on_the_times_line_wins_over_a_by_line_in_the_text() -> None:
    """ "By Ann Other" in the body credits what it introduces (a quoted report); the post's own
    byline is on its time's line."""
    extra = "<p><strong>By Ann Other</strong></p><p>A report quoted at length, from elsewhere.</p>"
    entries = html.parse(_posts(extra, line="<span>Jo Roe</span>"), PAGE).entries
    assert [e.authors for e in entries] == [("Jo Roe",)] * 4


# -- undated posts --------------------------------------------------------------------------


def test_a_list_of_mostly_undated_posts_is_a_timeline() -> None:
    snap = load("undated-list.html", "https://gazette.example/live/storm")
    assert snap.blog.title == "Harbour storm: as it happened (archive)"
    entries = snap.entries
    assert len(entries) == 6
    dated, *undated = entries  # the dated post first, then the rest in page order
    assert dated.published == utc(2031, 2, 3, 21, 16, 44)  # no zone on the page: UTC
    assert dated.authors == ("Dana Reyes",)  # "edited by Cy Okafor": an editor, not an author
    assert all(e.published is None for e in undated)
    assert [e.text.split()[1] for e in undated] == ["last", "are", "council", "is", "describe"]
    assert undated[3].authors == ("Bo Marsh",)
    shelter = undated[2]  # its numbered list belongs to it
    assert "1. Bring blankets if you can.\n2. Pets are welcome on leads." in shelter.text
    assert len({e.id for e in entries}) == 6
    # --since skips the undated posts
    assert select(entries, since=utc(2031, 1, 1)) == [dated]


@pytest.mark.parametrize(
    "body",
    [
        # a README's list: sentences, one of them signed in passing
        "<h1>Tool</h1><ul>"
        + "".join(
            f"<li>Option {n} changes how the tool reads its input files.</li>" for n in range(6)
        )
        + "<li>Written by Jane Doe, who maintains it.</li></ul>",
        # examples, each a link with a credit of its own
        "<ul>"
        + "".join(
            f'<li><a href="ex{n}.py">ex{n}.py</a> <i>~ submission by Jo Roe</i><br>'
            f"An example that parses a greeting in language number {n}.</li>"
            for n in range(6)
        )
        + "</ul>",
        # an article: bare paragraphs, a byline and a date
        "<article><p>By Jane Doe</p><p>5 June 2031</p>"
        + "".join(
            f"<p>Paragraph {n} of the story, a sentence of some length.</p>" for n in range(8)
        )
        + "</article>",
        # documentation: names marked up with the hCard class "fn"
        "".join(
            f'<section class="method"><a class="fn" href="#m{n}">method_{n}</a>'
            f"<p>Returns the value number {n}, unchanged, to the caller.</p></section>"
            for n in range(8)
        ),
    ],
    ids=["readme", "examples", "article", "docs"],
)
def test_lists_that_are_not_undated_timelines_are_refused(body: str) -> None:
    with pytest.raises(ParseError, match="no live blog found"):
        html.parse(page(body), PAGE)


def test_a_day_heading_in_bold_in_a_paragraph_still_dates_its_posts() -> None:
    days = "".join(
        f"<p><strong>{day} June 2031</strong></p>"
        + "".join(
            f'<div class="p"><time>1{k}:00</time><p>Post {k} of day {day}, told at length with '
            f"the details of it.</p></div>"
            for k in range(3)
        )
        for day in (6, 5)
    )
    entries = html.parse(page(f'<div class="feed">{days}</div>'), PAGE).entries
    assert sorted({e.published.day for e in entries if e.published}) == [5, 6]
