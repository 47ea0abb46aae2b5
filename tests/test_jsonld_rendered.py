"""A JSON-LD page reconciled with its own rendered entries (invented fixture: every rule once).

The fixture's JSON-LD is the summary many publishers write: cut bodies, an empty body for an
embed post, the page's three authors on some updates, no key-event marks, a time-prefixed
headline, CMS shortcodes. Its rendered entries print local time as if it were UTC (an hour off)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui_liveblog.model import Entry
from tui_liveblog.sources import jsonld
from tui_liveblog.sources.jsonld.reconcile import byline, combine, match, shown_page
from tui_liveblog.sources.jsonld.tidy import embed_kind, tidy_entry, title_of

from .test_jsonld import OWN

PAGE = "https://gazette.example/live/harbour-storm"


@pytest.fixture(scope="module")
def entries() -> dict[str, Entry]:
    snap = jsonld.parse((OWN / "rendered.html").read_bytes(), PAGE)
    by_title = {e.title or e.text[:20]: e for e in snap.entries}
    assert len(by_title) == len(snap.entries) == 7  # six updates, one entry only the page shows
    return by_title


def test_times_and_ids_stay_json_lds(entries: dict[str, Entry]) -> None:
    council = entries["Council services"]
    assert council.published == datetime(2031, 2, 3, 11, 30, tzinfo=UTC)  # page says 12:30"Z"
    assert council.id == f"{PAGE}#u105"
    ferry = next(e for e in entries.values() if e.text.startswith("Ferry services"))
    assert ferry.published == datetime(2031, 2, 3, 10, 15, 27, tzinfo=UTC)  # seconds kept


def test_the_whole_rendered_body_replaces_a_cut_summary(entries: dict[str, Entry]) -> None:
    council = entries["Council services"]
    assert "Libraries are closed until Thursday." in council.text
    assert any(b.kind == "ul" for b in council.body)
    assert council.links == ("https://council.example/storm",)
    roads = entries["Roads closed along the coast"]  # no @id: matched by its title
    assert roads.text.startswith("Police have closed three roads")
    assert "sea wall at high tide" in roads.text


def test_bylines_are_what_the_reader_sees(entries: dict[str, Entry]) -> None:
    assert entries["Roads closed along the coast"].authors == ("Dana Reyes",)  # page byline
    assert entries["Power cuts in the old town"].authors == ("Cy Okafor",)
    # the page's list of three on an update is no one's byline; a label is not a name
    assert entries["Storm warning upgraded"].authors == ()
    assert entries["Council services"].authors == ()
    assert byline(["KEY EVENT", "12:30", "Pinned", "Jo Bloggs"]) == ("Jo Bloggs",)


def test_marks_from_the_page(entries: dict[str, Entry]) -> None:
    assert entries["Council services"].key_event  # data-type="key-event", <mark>KEY EVENT</mark>
    assert sum(e.key_event for e in entries.values()) == 1


def test_embeds_and_lazy_images_are_media(entries: dict[str, Entry]) -> None:
    pictures = entries["Readers' pictures of the harbour wall"]
    assert [(m.kind, m.url) for m in pictures.media] == [
        ("embed", "https://www.instagram.com/p/CoastGazetteWall/")
    ]
    assert pictures.text == ""  # the bare link became the post, not text
    roads = entries["Roads closed along the coast"]
    assert [(m.url, m.caption) for m in roads.media] == [
        ("https://img.gazette.example/roads.jpg", "The coast road at Brill Point")
    ]
    assert "undefined" not in roads.text


def test_artefacts_and_time_prefixed_titles_are_gone(entries: dict[str, Entry]) -> None:
    power = entries["Power cuts in the old town"]
    assert "[[" not in power.text and "{{" not in power.text
    assert power.text.startswith("About 2,000 homes")
    ferry = next(e for e in entries.values() if e.text.startswith("Ferry services"))
    assert ferry.title is None  # "10:15 (GMT) Ferry services…" was the time and first words


def test_entries_in_only_one_of_the_two_are_kept(entries: dict[str, Entry]) -> None:
    only_json = entries["Storm warning upgraded"]
    assert only_json.text.startswith("The weather service")
    only_page = entries["Lifeboat called to a yacht"]
    assert only_page.id == "u107" and only_page.authors == ("Bo Marsh",)


def test_a_page_that_renders_nothing_is_not_parsed_twice() -> None:
    entry = Entry(id="x", title="A headline nobody renders", text="Text only in the JSON-LD.")
    data = b'<script type="application/ld+json">{"headline": "A headline nobody renders"}</script>'
    assert not shown_page(data, [entry], [("x", None)])
    assert shown_page(data + b'<div id="x">', [entry], [("x", None)])
    assert shown_page(data + b"<h2>A headline nobody renders</h2>", [entry], [])


def test_a_shorter_rendering_does_not_replace_the_json_ld_body() -> None:
    summary = Entry(id="a", text="The whole text of the update, longer than the teaser.")
    teaser = Entry(id="b", text="The whole text…", authors=("Ann Example",))
    combined = combine(summary, teaser)
    assert combined.text == summary.text and combined.authors == ("Ann Example",)


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("19:02(IST) TOSS: Sunrisers win the toss", False),
        ("7.15pm - TOSS: Sunrisers win the toss", False),
        ("09:15 BST TOSS: Sunrisers win the toss", False),
        ("19:02 A different headline", True),
        ("TOSS: Sunrisers win the toss", True),
    ],
)
def test_time_prefixed_titles(title: str, kept: bool) -> None:
    text = "TOSS: Sunrisers win the toss and bat first in Dubai."
    assert (title_of(title, text) == title) is kept


def test_tidy_leaves_a_clean_entry_alone() -> None:
    entry = Entry(id="a", title="Clean", text="Nothing to change here.")
    assert tidy_entry(entry) is entry


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://twitter.com/a/status/1", "tweet"),
        ("https://x.com/a/status/1", "tweet"),
        ("https://m.youtube.com/watch?v=1", "video"),
        ("https://www.facebook.com/page/posts/1", "embed"),
        ("https://news.example/story", None),
        ("https://[broken", None),
    ],
)
def test_embed_hosts(url: str, kind: str | None) -> None:
    assert embed_kind(url) == kind


def test_the_json_ld_inside_scripts_does_not_count_as_shown() -> None:
    entry = Entry(id="x", title="Headline only in the scripts", text="Body only in the scripts.")
    data = (
        b'<script type="application/ld+json">{"headline": "Headline only in the scripts"}'
        b'</script><SCRIPT>var t = "Headline only in the scripts";</SCRIPT><p>Other text</p>'
    )
    assert not shown_page(data, [entry], [("x", None)])
    assert shown_page(data + b"<h2>Headline only in the scripts</h2>", [entry], [])


def _decoy_page(anchored: bool) -> bytes:
    """Three updates rendered in a plain container, and a bigger timed list beside them (a
    "latest stories" rail with times and blurbs) that the extractor alone would take."""
    updates = [
        (f"p{n}", f"2031-02-03T1{n}:00:00Z", f"Update {n} about the harbour storm, told at length "
         f"with the details of the flooding along the front, number {n}.")
        for n in range(3)
    ]  # fmt: skip
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Harbour storm",
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "@id": f"{PAGE}#{i}",
                "datePublished": t,
                "articleBody": b[:60],
            }
            for i, t, b in updates
        ],
    }
    import json

    posts = "".join(
        f'<div class="x"><div {"id" if anchored else "data-n"}="{i}"><time datetime="{t}">{t[11:16]}'
        f"</time><p>{b}</p><p class=by>By Ann Example</p></div></div>"
        for i, t, b in updates
    )
    rail = "".join(
        f'<div class="story"><time datetime="2031-02-0{n % 2 + 1}T09:{n:02d}:00Z">09:{n:02d}</time>'
        f"<p>Story {n}: a long teaser about something else altogether, with enough words.</p></div>"
        for n in range(8)
    )
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        f'<main><div class="feed">{posts}</div></main><div class="rail">{rail}</div></body></html>'
    ).encode()


def test_the_updates_anchors_show_where_the_timeline_is() -> None:
    """The entries are looked for inside the element that holds the updates' anchors, not in
    the largest timed group of the page."""
    found = jsonld.parse(_decoy_page(anchored=True), PAGE).entries
    assert len(found) == 3
    assert all(e.text.endswith(".") and "flooding along the front" in e.text for e in found)
    assert {e.authors for e in found} == {("Ann Example",)}
    # without anchors the rail wins the extractor and nothing of it matches: the summaries stay
    unanchored = jsonld.parse(_decoy_page(anchored=False), PAGE).entries
    assert len(unanchored) == 3 and all(len(e.text) <= 60 for e in unanchored)


def _at(minute: int) -> datetime:
    return datetime(2031, 2, 3, 10, 0, tzinfo=UTC) + timedelta(minutes=minute)


def test_anchors_ending_in_the_same_post_number_match() -> None:
    rendered = [Entry(id="post-1288914", url=f"{PAGE}#post-1288914", text="Shown")]
    pairs = match(
        [Entry(id="u", text="Summary")], [(f"{PAGE}#liveblogPost1288914", None)], rendered
    )
    assert pairs == {0: rendered[0]}
    # a short number says nothing (#event7 and #section-7)
    assert not match(
        [Entry(id="u", text="Summary")],
        [(f"{PAGE}#event7", None)],
        [Entry(id="section-7", url=f"{PAGE}#section-7", text="Shown")],
    )


def test_titles_shared_by_several_updates_do_not_pair_them() -> None:
    england = "England train ahead of the semi-final against the hosts in Sydney on Wednesday."
    holiday = "The prime minister backs a national holiday if the hosts win the whole tournament."
    updates = [Entry(id="a", title="World Cup", text=england, published=_at(0)),
               Entry(id="b", title="World Cup", text=holiday, published=_at(60))]  # fmt: skip
    # the page shows them the other way round in time (its times are hours off)
    shown = [Entry(id="r1", title="World Cup", text=holiday + " More.", published=_at(1)),
             Entry(id="r2", title="World Cup", text=england + " More.", published=_at(61))]  # fmt: skip
    pairs = match(updates, [("a", None), ("b", None)], shown)
    assert pairs[0] is shown[1] and pairs[1] is shown[0]


def test_a_unique_title_pairs_when_the_texts_agree() -> None:
    updates = [Entry(id="a", title="Ferry services suspended", text="", published=_at(0))]
    shown = [Entry(id="r", title="Ferry services suspended", text="The ferry will not sail.")]
    assert match(updates, [("a", None)], shown) == {0: shown[0]}
    other = [Entry(id="r", title="Ferry services suspended", text="Something else entirely here.")]
    updates = [updates[0].with_changes(text="The ferry operator says no boats will sail today.")]
    assert match(updates, [("a", None)], other) == {}


def test_the_pages_time_offset_guides_pairs_of_like_texts() -> None:
    """A page printing local time as UTC is an hour off on every entry: two updates that begin
    alike pair with the entries an hour later, not with the nearest."""
    same = "Sunak met Guterres at the summit and said more aid must reach Gaza soon"
    updates = [Entry(id="b", text=same + " (second).", published=_at(40)),
               Entry(id="a", text=same + " (first).", published=_at(0))]  # fmt: skip
    anchored = [Entry(id=f"k{n}", text=f"Key {n}", published=_at(100 + n)) for n in range(3)]
    shown = [
        *(e.with_changes(id=f"k{n}", url=f"{PAGE}#k{n}", published=_at(160 + n))
          for n, e in enumerate(anchored)),
        Entry(id="r-first", text=same + " (first), whole.", published=_at(60)),
        Entry(id="r-second", text=same + " (second), whole.", published=_at(100)),
    ]  # fmt: skip
    anchors = [("b", None), ("a", None), *((f"k{n}", None) for n in range(3))]
    pairs = match([*updates, *anchored], anchors, shown)
    assert pairs[0].id == "r-second" and pairs[1].id == "r-first"


def test_the_same_text_shown_with_its_links_takes_the_pages_body() -> None:
    summary = Entry(id="a", text="Blinken is back in the region.")
    page = Entry(id="b", text="Blinken is back in the region.", links=("https://x.example/a",))
    assert combine(summary, page).links == ("https://x.example/a",)


def test_a_headline_cut_short_gives_way_to_the_rendered_title() -> None:
    summary = Entry(id="a", title="Blinken is back, with him the new …", text="Text.")
    page = Entry(id="b", title="Blinken is back, with him the new ambassador", text="Text.")
    assert combine(summary, page).title == page.title
    unrelated = Entry(id="b", title="Another headline", text="Text.")
    assert combine(summary, unrelated).title == summary.title
    cut = tidy_entry(Entry(id="a", title="A doctor: “She bled to death&rdq…", text="Text."))
    assert cut.title == "A doctor: “She bled to death…"


def _boxed_page() -> bytes:
    """Six updates rendered with relative links, and a "Key events" box linking to two."""
    import json

    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "url": PAGE,
        "headline": "Harbour storm",
        "liveBlogUpdate": [
            {"@type": "BlogPosting", "url": f"{PAGE}#block-{n}",
             "datePublished": f"2031-02-03T1{n}:00:00Z",
             "articleBody": f"Update {n} on the storm, with the details of the flooding"}
            for n in range(6)
        ],
    }  # fmt: skip
    posts = "".join(
        f'<article id="block-{n}"><a href="#block-{n}"><time datetime="2031-02-03T1{n}:00:00Z">'
        f"1{n}:00</time></a>"
        f'<p>Update {n} on the storm, with the details of the <a href="/floods/{n}">flooding</a> '
        "along the front and the roads that are closed until the water goes down."
        "</p></article>"
        for n in range(6)
    )
    box = '<ul class="highlights"><li><a href="#block-1">One</a></li><li><a href="#block-4">Four</a></li></ul>'
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        f'<div class="kev">{box}</div><main><div class="feed">{posts}</div></main></body></html>'
    ).encode()


def test_a_box_of_links_to_entries_marks_key_events_and_links_resolve_on_the_page() -> None:
    entries = {e.url: e for e in jsonld.parse(_boxed_page(), "/home/me/saved.html").entries}
    assert [n for n in range(6) if entries[f"{PAGE}#block-{n}"].key_event] == [1, 4]
    # a saved file's relative links resolve against the page's own address
    assert entries[f"{PAGE}#block-2"].links == ("https://gazette.example/floods/2",)


def test_links_to_most_entries_are_an_index_not_key_events() -> None:
    data = _boxed_page().replace(
        b"</ul>", b"".join(b'<li><a href="#block-%d">x</a></li>' % n for n in (0, 2, 3)) + b"</ul>"
    )
    assert not any(e.key_event for e in jsonld.parse(data, PAGE).entries)


def test_a_page_body_with_line_breaks_is_as_full_as_the_summary() -> None:
    """JSON-LD writes the page's <br> as a paragraph break: the same words, one character more."""
    summary = Entry(id="a", text="Blinken met the prince.\n\nThey spoke of the war at length.")
    page = Entry(
        id="b",
        text="Blinken met the prince.\nThey spoke of the war at length.",
        links=("https://x.example/blinken",),
    )
    assert combine(summary, page).links == ("https://x.example/blinken",)


def test_a_title_with_an_ampersand_is_not_taken_for_a_cut_entity() -> None:
    for title in ("Live Q&A…", "AT&T..."):
        assert tidy_entry(Entry(id="a", title=title, text="Text.")).title == title


@pytest.mark.parametrize("tag", ["embed", "track"])
def test_a_void_element_in_a_rendered_body_keeps_the_rest_of_it(tag: str) -> None:
    """Issue 17 (2): the page's HTML parser writes ``<embed …>`` without ``/>``, and the rest of
    the body was dropped with it."""
    page = (OWN / "rendered.html").read_bytes()
    changed = page.replace(
        b"<p>Police have closed",
        f'<p>Police have <{tag} src="https://x.example/c"> closed'.encode(),
    )
    assert changed != page
    (entry,) = [e for e in jsonld.parse(changed, PAGE).entries if "Police" in e.text]
    (before,) = [e for e in jsonld.parse(page, PAGE).entries if "Police" in e.text]
    assert entry.text == before.text
    assert entry.text.startswith("Police have closed three roads along the coast")
