"""schema.org LiveBlogPosting JSON-LD: the real pages of the corpus, and invented fixtures for
every variant (so a lone clone still covers them)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from tests.conftest import ACCEPTANCE, CORPUS, FIXTURES, needs_acceptance, needs_corpus
from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.serialize import entry_to_json
from tui_liveblog.sources import common, jsonld
from tui_liveblog.sources.common import SNIFF_BYTES

JSONLD_CORPUS = CORPUS / "jsonld-html"
OWN = FIXTURES / "jsonld"
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def parse_own(name: str, url: str = "https://example.test/live") -> Snapshot:
    return jsonld.parse((OWN / name).read_bytes(), url)


def by_id(snapshot: Snapshot) -> dict[str, Entry]:
    return {e.id: e for e in snapshot.entries}


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def assert_newest_first(entries: tuple[Entry, ...]) -> None:
    dated = [e.published for e in entries if e.published is not None]
    assert dated == sorted(dated, reverse=True)
    seen_undated = False
    for e in entries:
        if e.published is None:
            seen_undated = True
        else:
            assert not seen_undated, "a dated entry after an undated one"


def assert_clean(snapshot: Snapshot) -> None:
    """No entities, no control characters anywhere a reader sees; JSON contract serialisable."""
    for e in snapshot.entries:
        for value in (e.text, e.title or "", *e.authors):
            assert not ENTITY.search(value), value
            assert not CONTROL.search(value.replace("\n", "").replace("\t", "")), repr(value)
        for link in (*e.links, *([e.url] if e.url else [])):
            assert link.startswith(("http://", "https://", "mailto:")), link
        orjson.dumps(entry_to_json(e))
    assert not CONTROL.search(snapshot.blog.title)


# -- the corpus: real pages ----------------------------------------------------------------

CORPUS_COUNTS = {
    "guardian-2023-05-15-russia-ukraine-war-live.html": 10,
    "independent-2023-08-14-womens-world-cup-live.html": 10,
    "express-2024-07-18-harry-meghan-live.html": 9,
    "mirror-2024-08-05-uk-riots-live.html": 428,
}


def corpus_page(name: str) -> tuple[bytes, Snapshot]:
    data = (JSONLD_CORPUS / name).read_bytes()
    return data, jsonld.parse(data, f"https://corpus.example/{name}")


@needs_corpus
def test_corpus_holds_the_expected_pages() -> None:
    assert sorted(p.name for p in JSONLD_CORPUS.glob("*.html")) == sorted(CORPUS_COUNTS)


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_page(name: str) -> None:
    data, snap = corpus_page(name)
    assert len(snap.entries) == CORPUS_COUNTS[name]
    assert len({e.id for e in snap.entries}) == len(snap.entries)
    assert snap.blog.source == "jsonld"
    assert snap.blog.title and snap.blog.title != snap.blog.url
    assert snap.warnings == ()
    assert_newest_first(snap.entries)
    assert_clean(snap)
    for e in snap.entries:
        assert e.published is not None
        assert e.text or e.title  # (an update without a body shows its headline, once)
        assert len(e.authors) <= 2  # never the page's list of several authors
        assert e.title is None or e.title.casefold() != snap.blog.title.casefold()
        assert e.updated is None or e.updated > e.published
    assert jsonld.sniff(data[:SNIFF_BYTES], "text/html; charset=utf-8")


@needs_corpus
def test_guardian_takes_times_and_titles_from_the_page_blocks() -> None:
    # every update in the JSON-LD carries the page's headline and 11:50:54 time
    _, snap = corpus_page("guardian-2023-05-15-russia-ukraine-war-live.html")
    times = [e.published for e in snap.entries]
    assert len(set(times)) == 10
    assert times[0] == utc(2023, 5, 15, 11, 50, 54)
    assert times[-1] == utc(2023, 5, 15, 10, 42, 56)
    titles = {e.id: e.title for e in snap.entries if e.title}
    assert titles == {
        "646208dd8f0822aea831dd26": (
            "Stoltenberg: no point discussing how Ukraine can join Nato"
            " if it does not prevail in war first"
        ),
        "646210cc8f0822aea831dd91": (
            "Sunak: 'not a straightforward thing' to supply fighter jets to Ukraine"
        ),
        "64620b708f08e408b758aedb": "Zelenskiy discussed 'coalition of jets' with Sunak on UK visit",
    }
    edited = by_id(snap)["646218558f08e408b758af8d"]
    assert edited.published == utc(2023, 5, 15, 11, 34, 39)
    assert edited.updated == utc(2023, 5, 15, 11, 36, 34)
    assert sum(1 for e in snap.entries if e.updated) == 5
    for e in snap.entries:
        assert e.url and e.url.endswith(f"#block-{e.id}")
    # coverageEndTime equals coverageStartTime: that says nothing about the coverage ending
    assert snap.blog.live is None
    assert snap.blog.coverage_end == utc(2023, 5, 15, 11, 50, 54)
    # the page's "Key events" carousel links to three of these blocks
    assert {e.id for e in snap.entries if e.key_event} == set(titles)
    # "led by <strong>Germany</strong>, the EU's export powerhouse": prose, not a byline
    assert any("led by Germany, the EU’s export powerhouse" in e.text for e in snap.entries)
    # embedded tweets are whole, signature and date included
    tweets = [m.caption for e in snap.entries for m in e.media if m.kind == "tweet"]
    assert tweets and all(c and "(@" in c and c.rstrip().endswith("2023") for c in tweets)


@needs_corpus
def test_guardian_titles_are_never_the_page_headline() -> None:
    _, snap = corpus_page("guardian-2023-05-15-russia-ukraine-war-live.html")
    assert snap.blog.title.startswith("Russia-Ukraine war live")
    assert sum(1 for e in snap.entries if e.title) == 3
    assert all(e.title != snap.blog.title for e in snap.entries)


@needs_corpus
def test_express_author_string_and_entities() -> None:
    _, snap = corpus_page("express-2024-07-18-harry-meghan-live.html")
    assert {e.authors for e in snap.entries} == {("Jon King",)}
    hissed = next(e for e in snap.entries if e.title and "hissed" in e.title)
    assert hissed.title == "Meghan Markle 'turned and hissed' at a staffer leaving her in 'tears'"
    assert '"turned and hissed"' in hissed.text
    assert hissed.published == utc(2024, 7, 18, 9, 5)  # 10:05 BST
    assert all(e.url and "#live-1924698-" in e.url for e in snap.entries)
    assert snap.blog.live is False  # coverageEndTime 2024-07-19 is past


@needs_corpus
def test_independent_author_object_and_urls() -> None:
    _, snap = corpus_page("independent-2023-08-14-womens-world-cup-live.html")
    # every rendered entry shows Jamie Braidwood on its time's line; "By Adam Millington" in one
    # body credits the report it quotes, not the post
    authors = [e.authors for e in snap.entries]
    assert authors.count(("Jamie Braidwood",)) == 10
    assert all(e.url and "/#liveblogPost" in e.url for e in snap.entries)
    assert all(e.id == e.url for e in snap.entries)
    # the blocks' own section title, shown on the page, is kept
    assert sum(1 for e in snap.entries if e.title == "Women’s World Cup") == 9
    # #liveblogPost1288914 is rendered as id="post-1288914": each entry has its own images
    entries = {e.id.rsplit("Post", 1)[1]: e for e in snap.entries}
    assert not entries["1288914"].media and not entries["1288908"].media
    assert len(entries["1288930"].media) == 3
    assert [m.url.split("/")[-1].split("?")[0] for m in entries["1288913"].media] == [
        "newFile-3.jpg"
    ]
    assert any("england-colombia" in link for link in entries["1288913"].links)
    # the "key points" box links to three of them
    assert {n for n, e in entries.items() if e.key_event} == {"1288930", "1288912", "1288922"}


@needs_corpus
def test_mirror_edits_and_missing_bodies() -> None:
    _, snap = corpus_page("mirror-2024-08-05-uk-riots-live.html")
    edited = [e for e in snap.entries if e.updated is not None]
    assert len(edited) == 88
    assert all(e.published and e.updated and e.updated > e.published for e in edited)
    assert snap.entries[0].published == utc(2024, 8, 5, 20, 0, 18)  # +01:00 → UTC
    # 18 updates have an empty articleBody: their headline is shown once, as the title
    headline_only = [e for e in snap.entries if e.title and not e.text]
    assert len(headline_only) == 18
    assert snap.blog.live is None  # no coverageEndTime
    # JSON-LD credits all four page authors on every update; the page shows a byline on 21
    # of the 30 entries it renders, and marks 9 as key events ("KEY EVENT" is not a name)
    authors = [e.authors for e in snap.entries]
    assert authors.count(("Antony Clements-Thrower",)) == 10
    assert authors.count(("Joseph Gamp",)) == 8  # <time>17:10</time><mark>Joseph Gamp</mark>
    assert authors.count(("Sophie Bateman",)) == 3
    assert authors.count(()) == 407
    assert sum(e.key_event for e in snap.entries) == 9


@needs_acceptance
def test_la_repubblica_as_its_readers_see_it() -> None:
    path = ACCEPTANCE / "realblogs" / "jsonld_repubblica-it_2023-11-02_israele-hamas-diretta.html"
    snap = jsonld.parse(path.read_bytes(), "https://www.repubblica.it/esteri/diretta")
    assert len(snap.entries) == 79
    assert sum(e.key_event for e in snap.entries) == 16  # the "Punti chiave" box
    assert sum(len(e.links) for e in snap.entries) >= 40  # inline links of the rendered bodies
    assert all(e.authors == () for e in snap.entries)  # a related story's card is not a byline
    assert not any(e.title and e.title.endswith("…") for e in snap.entries)
    # two updates starting with the same words, each with its own body and photo
    talks = next(e for e in snap.entries if e.title and e.title.startswith("Bilaterale Sunak"))
    meets = next(e for e in snap.entries if e.title and e.title.startswith("Medioriente: Sunak"))
    assert talks.text != meets.text
    assert (
        talks.url
        and talks.url.endswith("_event62")
        and meets.url
        and meets.url.endswith("_event68")
    )
    assert {m.url for m in talks.media}.isdisjoint(m.url for m in meets.media)
    videos = [m for e in snap.entries for m in e.media if m.kind == "video"]
    assert videos and all("/embed/" in m.url for m in videos)


@needs_acceptance
@pytest.mark.parametrize(
    "path", sorted((ACCEPTANCE / "realblogs").glob("jsonld_*.html")), ids=lambda p: p.name
)
def test_acceptance_pages_give_entries(path: Path) -> None:
    data = path.read_bytes()
    snap = jsonld.parse(data, "https://acceptance.example/live")
    assert snap.entries
    assert all(e.text or e.title or e.media for e in snap.entries)
    assert not any("[[" in e.text or "{{" in e.text for e in snap.entries)
    assert not any(e.title and e.title[:1].isdigit() and ":" in e.title[:3] for e in snap.entries)
    assert len({e.id for e in snap.entries}) == len(snap.entries)
    assert_newest_first(snap.entries)
    assert_clean(snap)
    assert jsonld.sniff(data[:SNIFF_BYTES], None)


# -- invented fixtures: shapes ------------------------------------------------------------


def test_graph_with_type_list_and_id_references() -> None:
    snap = parse_own("graph.html", "https://gazette.example/live/harbour-festival")
    assert snap.blog.title == "Harbour festival live: tall ships arrive"
    assert [e.title for e in snap.entries] == ["First ship sighted", "Gates open"]
    first = snap.entries[-1]
    assert first.id == "https://gazette.example/live/harbour-festival#update-1"
    assert first.url == first.id
    assert first.published == utc(2031, 6, 1, 6, 5)
    assert first.text == "The gates opened on time.\n\nQueues stretched to the lighthouse."
    assert [b.kind for b in first.body] == ["p", "p"]
    assert first.authors == ("Ines Quay",)
    assert snap.blog.coverage_start == utc(2031, 6, 1, 6, 0)


def test_bare_json_nested_single_update_object() -> None:
    data = (OWN / "nested.json").read_bytes()
    assert jsonld.sniff(data, "application/ld+json")
    snap = jsonld.parse(data, "/tmp/nested.json")
    assert snap.blog.title == "City marathon as it happens"
    assert snap.blog.url == "/tmp/nested.json"
    (entry,) = snap.entries
    assert entry.id == "https://radio.example/live/marathon#p1"
    assert entry.authors == ("Tom Pace",)
    assert entry.title == "Elite runners are off"
    assert entry.published == utc(2030, 4, 7, 7, 30)


def test_author_string_object_list_and_entities() -> None:
    entries = by_id(parse_own("variants.html", "https://times.example/politics/budget-live"))
    assert entries["author-string"].authors == ("Sam O'Leary",)
    assert entries["author-object"].authors == ("Ada Ledger",)
    assert entries["author-list"].authors == ("Ada Ledger", "Bo Chen", "Times & Wire")
    assert entries["edited"].authors == ()


def test_offsets_with_and_without_colon_and_z_with_millis() -> None:
    entries = by_id(parse_own("variants.html"))
    assert entries["author-string"].published == utc(2032, 3, 15, 8, 0)  # +01:00
    assert entries["author-object"].published == utc(2032, 3, 15, 8, 10)  # +0100
    assert entries["author-list"].published == utc(2032, 3, 15, 8, 20)  # .250Z
    assert entries["entities"].published == utc(2032, 3, 15, 13, 40)  # -05:00


def test_missing_article_body_shows_the_headline_once() -> None:
    entry = by_id(parse_own("variants.html"))["no-body"]
    assert entry.title == "Chancellor stands up to speak"
    assert entry.text == ""  # the body was the headline again: not shown twice


def test_entities_are_decoded_in_text_and_title() -> None:
    entry = by_id(parse_own("variants.html"))["entities"]
    assert entry.title == 'Fuel duty "frozen" & tax ‘simplified’'
    assert entry.text == 'The chancellor said: "We\'re freezing it."\n\nDuty & VAT <unchanged>.'


def test_updated_only_for_a_later_instant() -> None:
    entries = by_id(parse_own("variants.html"))
    assert entries["edited"].updated == utc(2032, 3, 15, 10, 15)
    assert entries["same-instant"].updated is None
    assert entries["earlier-modified"].updated is None
    assert entries["no-date"].published is None
    assert entries["no-date"].updated is None


def test_page_headline_is_never_an_entry_title() -> None:
    snap = parse_own("variants.html")
    assert snap.blog.title == "Budget day live: every announcement"
    assert by_id(snap)["page-headline"].title is None
    assert by_id(snap)["page-headline"].text == "This update repeats the page headline."


def test_entry_urls_and_html_bodies() -> None:
    entries = by_id(parse_own("variants.html", "https://times.example/politics/budget-live"))
    assert entries["#fragment-id"].url == "https://times.example/politics/budget-live#fragment-id"
    assert entries["author-string"].url is None  # a bare token @id is no link
    html_body = entries["html-body"]
    assert html_body.links == (
        "https://times.example/politics/red-book",
        "mailto:desk@times.example",
    )
    assert html_body.text == "See the red book and write to us.\n\n- One\n- Two"


def test_undated_entries_sort_last() -> None:
    snap = parse_own("variants.html")
    assert snap.entries[-1].id == "no-date"
    assert_newest_first(snap.entries)
    assert_clean(snap)


def test_broken_blocks_are_skipped_with_a_warning() -> None:
    snap = parse_own("broken.html", "https://weather.example/live/storm")
    assert snap.blog.title == "Storm watch live: gusts of 90 mph"
    assert [e.id for e in snap.entries] == ["s2", "s1"]
    s2, s1 = snap.entries
    assert s2.text == "All crossings are off until noon. Check before you travel."
    assert s1.text.startswith("The warning is now amber.")
    # one warning: the broken copy of the live blog; the broken Organization block is no loss
    assert len(snap.warnings) == 1
    assert "1 JSON-LD block" in snap.warnings[0]
    assert "\n" not in snap.warnings[0]


def test_half_a_surrogate_pair_in_a_block_read_leniently_is_a_replacement_character() -> None:
    """Found by the property tests (issue 18): a raw control character sends a block to the
    lenient reader, whose ``\\ud800`` made a string nothing can encode (a traceback comparing
    it with the page's text, and in the cache and ``dump --format json``)."""
    block = (
        '{"@type":"LiveBlogPosting","headline":"Half \\ud800 pair",'
        '"liveBlogUpdate":[{"@type":"BlogPosting","@id":"u1",'
        '"headline":"Low \\udc00 alone, whole \\ud83d\\ude00 pair",'
        '"articleBody":"Raw\x01 control and \\\\ud800 an escaped backslash, \\udbff",'
        '"datePublished":"2031-03-04T10:00:00Z"}]}'
    )
    page = f'<html><head><script type="application/ld+json">{block}</script></head></html>'
    snap = jsonld.parse(page.encode(), "https://example.test/live")
    assert snap.blog.title == "Half \ufffd pair"
    (entry,) = snap.entries
    assert entry.title == "Low \ufffd alone, whole \U0001f600 pair"
    assert entry.text == "Raw control and \\ud800 an escaped backslash, \ufffd"
    assert_clean(snap)


def test_duplicates_by_id_url_and_hash() -> None:
    snap = parse_own("duplicates.html", "https://vote.example/live/election")
    titles = [e.title or "" for e in snap.entries]
    assert sorted(titles) == sorted(
        [
            "Polls close",
            "Exit poll",
            "First result",
            "Turnout up",
            "Recount called",
            "Speech",
            "Concession",
        ]
    )
    entries = {e.title: e for e in snap.entries}
    assert entries["Polls close"].id == "https://vote.example/live/election#e1"
    assert entries["Exit poll"].id == "https://vote.example/live/election#e2"
    assert entries["First result"].id.startswith("jsonld:")
    # an @id naming the page itself identifies nothing: two different updates, not one
    assert entries["Turnout up"].id != entries["Recount called"].id
    assert entries["Turnout up"].url is None
    # an @id that different updates share falls back to their url
    assert entries["Speech"].id == "https://vote.example/live/election#e6"
    assert entries["Concession"].id == "https://vote.example/live/election#e7"


def test_another_live_blog_on_the_page_is_not_merged() -> None:
    def blog(url: str, n: int) -> str:
        updates = ",".join(
            f'{{"@id":"{url}#u{i}","headline":"U{i}","articleBody":"Text {i}."}}' for i in range(n)
        )
        return (
            '<script type="application/ld+json">{"@type":"LiveBlogPosting",'
            f'"url":"{url}","headline":"{url}","liveBlogUpdate":[{updates}]}}</script>'
        )

    page = f"<html>{blog('https://a.example/live', 2)}{blog('https://b.example/live', 3)}</html>"
    snap = jsonld.parse(page.encode(), "https://b.example/live")
    assert snap.blog.title == "https://b.example/live"  # the larger one
    assert {e.id for e in snap.entries} == {f"https://b.example/live#u{i}" for i in range(3)}


def test_hash_ids_are_stable_between_parses() -> None:
    first = parse_own("duplicates.html")
    second = parse_own("duplicates.html")
    assert [e.id for e in first.entries] == [e.id for e in second.entries]


def test_past_coverage_end_means_not_live() -> None:
    snap = parse_own("ended.html")
    assert snap.blog.live is False
    assert snap.blog.coverage_start == utc(2021, 5, 15, 12, 0)
    assert snap.blog.coverage_end == utc(2021, 5, 15, 18, 0)


def live_page(extra: str) -> bytes:
    return (
        '<html><head><script type="application/ld+json">'
        '{"@context":"https://schema.org","@type":"LiveBlogPosting","headline":"H",'
        f'"liveBlogUpdate":[]{extra}}}'
        "</script></head></html>"
    ).encode()


@pytest.mark.parametrize(
    ("extra", "live"),
    [
        ("", None),
        (',"coverageStartTime":"2020-01-01T00:00:00Z"', None),
        (',"coverageEndTime":"2199-01-01T00:00:00Z"', True),
        (',"coverageEndTime":"2001-01-01T00:00:00Z"', False),
        (',"coverageEndTime":"2199-01-01T00:00:00Z","isLive":false', False),
        (',"isLive":true', True),
        (',"liveBlogStatus":"ended"', False),
    ],
)
def test_live_state(extra: str, live: bool | None) -> None:
    assert jsonld.parse(live_page(extra), "https://x.example/").blog.live is live


def test_empty_blog_is_not_an_error() -> None:
    snap = parse_own("empty.html", "https://observatory.example/live")
    assert snap.entries == ()
    assert snap.warnings == ()
    assert snap.blog.title == "Night sky watch - Example Observatory"  # the page <title>
    assert snap.blog.url == "https://observatory.example/live"


def test_title_falls_back_to_url() -> None:
    snap = jsonld.parse(live_page("").replace(b'"headline":"H",', b""), "https://x.example/l")
    assert snap.blog.title == "https://x.example/l"


def _updates_page(*updates: dict[str, object]) -> bytes:
    blog = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "liveBlogUpdate": updates}
    return (
        '<html><head><script type="application/ld+json">'
        f"{orjson.dumps(blog).decode()}</script></head><body></body></html>"
    ).encode()


def test_no_credential_of_the_page_url_reaches_the_snapshot() -> None:
    """Relative links resolve against the page's URL without its credentials (a token in the
    query, a user name and password); the blog's URL and title drop them too."""
    data = _updates_page(
        {
            "@type": "BlogPosting",
            "@id": "#u1",
            "datePublished": "2031-03-04T09:00:00Z",
            "articleBody": '<p><a href="#more">more</a></p><img src="#pic">',
        }
    )
    url = "https://me:pw-s3cret@x.example/live?token=s3cret&edition=uk"
    snap = jsonld.parse(data, url)
    assert b"s3cret" not in orjson.dumps(snap)
    shown = "https://x.example/live?edition=uk"
    assert snap.blog.url == shown and snap.blog.title == shown
    (entry,) = snap.entries
    assert entry.url == f"{shown}#u1"
    assert entry.links == (f"{shown}#more",)
    assert [m.url for m in entry.media] == [f"{shown}#pic"]


def test_entry_and_media_urls_are_web_links_only() -> None:
    data = _updates_page(
        {
            "@type": "BlogPosting",
            "url": "MAILTO:desk@x.example",
            "datePublished": "2031-03-04T09:00:00Z",
            "articleBody": '<p><a href="mailto:desk@x.example">Mail</a></p>'
            '<figure><img src="mailto:desk@x.example"><figcaption>Pier</figcaption></figure>',
        }
    )
    (entry,) = jsonld.parse(data, "https://x.example/live").entries
    assert entry.url is None and entry.media == ()
    assert not any(b.media is not None for b in entry.body)
    assert entry.links == ("mailto:desk@x.example",) and "Pier" in entry.text


@pytest.mark.parametrize(
    "data",
    [
        (OWN / "not_a_liveblog.html").read_bytes(),
        b"<html><head><title>Nothing</title></head><body>plain page</body></html>",
        b'{"@type":"NewsArticle","headline":"x"}',
        b"",
        b"\x00\xff\xfe garbage",
    ],
)
def test_no_live_blog_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(
        ParseError, match=re.escape("no schema.org LiveBlogPosting found in this page")
    ):
        jsonld.parse(data, "https://x.example/")


def test_only_broken_json_says_so() -> None:
    data = b'<script type="application/ld+json">{"@type":"LiveBlogPosting",</script>'
    with pytest.raises(ParseError, match="not valid JSON"):
        jsonld.parse(data, "https://x.example/")


def test_hostile_content_is_neutralised() -> None:
    snap = parse_own("hostile.html", "https://evil.example/live")
    entries = by_id(snap)
    assert_clean(snap)
    esc = entries["esc"]
    assert "\x1b" not in esc.text and "\x07" not in esc.text and "\x00" not in esc.text
    assert esc.text == "Before red after. click done."
    assert esc.title == "Red alert link"
    assert esc.authors == ("Mallory",)
    assert esc.url is None  # javascript: dropped
    assert snap.blog.title == "Hostile live blog"
    assert "\u202e" not in entries["bidi"].text and "\u2066" not in entries["bidi"].text
    assert entries["bidi"].title == "Invoice txt.exe"
    rich = entries["rich"]
    assert rich.title == "[bold red]Not bold[/bold red]"
    assert (
        rich.text
        == "Markup [bold red]stays[/] literal and [link=https://x.example]this[/link] too."
    )
    links = entries["links"]
    assert links.links == ("https://good.example/a",)
    assert "alert" not in links.text
    assert all(m.url.startswith("http") for m in links.media)


def test_copied_page_values_are_replaced_from_the_page_blocks() -> None:
    snap = parse_own("copied.html", "https://post.example/live/rail-strike")
    entries = by_id(snap)
    talks = entries["aa11"]
    assert talks.published == utc(2036, 9, 9, 11, 45, 10)
    assert talks.updated == utc(2036, 9, 9, 11, 50)
    assert talks.title == "Talks set for tomorrow"
    assert talks.url == "https://post.example/live/rail-strike?page=with:block-aa11#block-aa11"
    stations = entries["bb22"]
    assert stations.published == utc(2036, 9, 9, 10, 30, 5)  # a JS Date.toString() time
    assert stations.title is None  # a heading after the first paragraph is not a title
    assert stations.updated is None
    assert stations.url == "https://post.example/live/rail-strike#block-bb22"
    assert entries["cc33"].title is None  # its block heading is the page headline
    assert entries["cc33"].published == utc(2036, 9, 9, 9, 0)
    unrendered = entries["dd44"]
    assert unrendered.title is None
    assert unrendered.url is None
    assert [e.id for e in snap.entries] == ["dd44", "aa11", "bb22", "cc33"]
    assert snap.blog.live is None


def test_sniff() -> None:
    head = (OWN / "variants.html").read_bytes()
    assert jsonld.sniff(head, "text/html")
    assert jsonld.sniff(b'\xef\xbb\xbf [{"@type":"LiveBlogPosting"}]', None)
    assert not jsonld.sniff(b'{"kind":"Listing","data":{}}', "application/json")
    assert not jsonld.sniff((OWN / "not_a_liveblog.html").read_bytes(), "text/html")
    assert not jsonld.sniff(b'<?xml version="1.0"?><rss version="2.0"></rss>', None)
    # the JSON-LD may come after the sniffed head: a cut-off HTML page is worth a try
    big = b"<!DOCTYPE html><html><head><style>" + b"x" * SNIFF_BYTES
    assert jsonld.sniff(big[:SNIFF_BYTES], "text/html")
    assert not jsonld.sniff(b"x" * SNIFF_BYTES, None)
    assert jsonld.url_matches("https://www.theguardian.com/world/live/x") is False


def test_script_tag_variants_and_charset() -> None:
    body = '{"@type":"LiveBlogPosting","headline":"Caf\u00e9 live","liveBlogUpdate":[]}'
    for open_tag in (
        "<script type=application/ld+json>",
        "<SCRIPT id='x' type = 'application/ld+json' data-x='1'>",
        '<script type="application/ld+json; charset=utf-8">',
    ):
        data = f"<html>{open_tag}{body}</script ></html>".encode()
        assert jsonld.parse(data, "https://x.example/").blog.title == "Café live"
    latin = f'<script type="application/ld+json">{body}</script>'.encode("latin-1")
    snap = jsonld.parse(latin, "https://x.example/", {"Content-Type": "text/html; charset=latin-1"})
    assert snap.blog.title == "Café live"


def test_entry_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_ENTRIES", 3)
    snap = parse_own("variants.html")
    assert len(snap.entries) == 3
    assert any("only the first 3" in w for w in snap.warnings)


def synthetic_page(n: int) -> bytes:
    updates = [
        {
            "@type": "BlogPosting",
            "@id": f"https://big.example/live#post-{i}",
            "url": f"https://big.example/live#post-{i}",
            "headline": f"Update {i} &amp; more",
            "datePublished": f"2030-01-{1 + i // 1440:02d}T{i // 60 % 24:02d}:{i % 60:02d}:00+01:00",
            "author": [{"@type": "Person", "name": "Ann Example"}],
            "articleBody": f"Paragraph one of {i}, with &quot;quotes&quot;.\nParagraph two.",
        }
        for i in range(n)
    ]
    blog = {"@type": "LiveBlogPosting", "headline": "Big", "liveBlogUpdate": updates}
    return b'<html><script type="application/ld+json">' + orjson.dumps(blog) + b"</script></html>"


def test_five_thousand_updates() -> None:
    snap = jsonld.parse(synthetic_page(5000), "https://big.example/live")
    assert len(snap.entries) == 5000
    assert snap.entries[0].id == "https://big.example/live#post-4999"
    assert snap.entries[0].text == 'Paragraph one of 4999, with "quotes".\n\nParagraph two.'
    assert snap.entries[0].title == "Update 4999 & more"
    assert_newest_first(snap.entries)


def test_non_standard_pinned_and_key_event_flags_are_honoured() -> None:
    import orjson

    from tui_liveblog.sources import jsonld

    doc = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Flags",
        "liveBlogUpdate": [
            {
                "@id": "a",
                "articleBody": "pinned one",
                "datePublished": "2026-01-01T10:00:00Z",
                "x-pinned": True,
            },
            {
                "@id": "b",
                "articleBody": "key one",
                "datePublished": "2026-01-01T10:01:00Z",
                "keyEvent": "true",
            },
            {
                "@id": "c",
                "articleBody": "plain",
                "datePublished": "2026-01-01T10:02:00Z",
                "pinned": "no",
            },
        ],
    }
    snap = jsonld.parse(orjson.dumps(doc), "https://example.org/live")
    flags = {e.id: (e.pinned, e.key_event) for e in snap.entries}
    assert flags == {"a": (True, False), "b": (False, True), "c": (False, False)}


def test_a_page_nested_absurdly_deep_is_read_without_its_rendered_blocks() -> None:
    """200,000 nested divs would take the HTML parser over a minute: the updates' own values
    are used instead of the page's rendered blocks (which are never walked)."""
    import json

    updates = [
        {
            "@type": "BlogPosting",
            "@id": f"u{i}",
            "headline": "Page headline",
            "datePublished": "2024-01-01T10:00:00Z",
            "articleBody": f"body {i}",
        }
        for i in range(5)
    ]
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Page headline",
        "liveBlogUpdate": updates,
    }
    depth = 200_000
    blocks = "".join(f"<div id='u{i}'><h2>T{i}</h2></div>" for i in range(5))
    page = (
        f"<html><head><script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
        + "<div>" * depth
        + blocks
        + "</div>" * depth
        + "</body></html>"
    ).encode()
    snapshot = sources.parse(page, "https://news.example/live")
    assert len(snapshot.entries) == 5
    assert all(e.title is None for e in snapshot.entries)  # the blocks' h2 were never read
    # the same page nested shallowly does take its titles from the rendered blocks
    shallow = page.replace(b"<div>" * depth, b"<div>" * 50).replace(b"</div>" * depth, b"")
    titles = sorted(e.title or "" for e in sources.parse(shallow, "https://n.example/l").entries)
    assert titles == ["T0", "T1", "T2", "T3", "T4"]


# -- issue 17 (2): no content silently dropped ---------------------------------------------------


@pytest.mark.parametrize("tag", ["embed", "track"])
def test_a_void_element_without_its_slash_keeps_the_rest_of_an_update(tag: str) -> None:
    """``<embed …>`` or ``<track …>`` written without ``/>`` held (and dropped) the rest."""
    from tui_liveblog.content import body_to_text

    data = _updates_page(
        {
            "@type": "BlogPosting",
            "@id": "#u1",
            "datePublished": "2031-03-04T09:00:00Z",
            "articleBody": f'<p>Watch the clip <{tag} src="https://media.example/clip.mp4"> '
            "before the vote.</p><p>The count starts at ten.</p>",
        }
    )
    (entry,) = jsonld.parse(data, "https://x.example/live").entries
    assert entry.text == "Watch the clip before the vote.\n\nThe count starts at ten."
    assert body_to_text(entry.body) == entry.text  # (the body the reader shows)
