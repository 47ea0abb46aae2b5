"""The reader's filter index matches exactly what the case-folded haystack would, with less memory;
and the reader's filter keeps its results right while typing, backspacing and following."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, refreshed
from tui_liveblog.model import Entry
from tui_liveblog.query import filter_words, haystack
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.filter_index import FilterIndex, folded_extra
from tui_liveblog.ui.widgets.filter_bar import FilterBar

T0 = datetime(2040, 6, 12, 12, tzinfo=UTC)


def entry(n: int, text: str, title: str | None = None, authors: tuple[str, ...] = ()) -> Entry:
    return Entry(
        id=f"e{n}",
        published=T0 - timedelta(minutes=n),
        title=title,
        text=text,
        authors=authors,
        key_event=n % 3 == 0,
    )


def reference(entries: list[Entry], query: str, key_only: bool = False) -> list[Entry]:
    words = filter_words(query)
    return [
        e for e in entries if (not key_only or e.key_event) and all(w in haystack(e) for w in words)
    ]


# -- what the index relies on about str.casefold ----------------------------------------------------
def test_casefold_maps_each_character_alone_and_keeps_whitespace_apart() -> None:
    """The equivalence argued in filter_index's docstring, checked on this Python's Unicode."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    folded = [c.casefold() for c in chars]
    # context-free: folding a run of characters folds each on its own (every neighbour tried once)
    assert "".join(chars).casefold() == "".join(folded)
    assert "ΟΔΟΣ ΟΔΟΣ.".casefold() == "οδοσ οδοσ."  # no final-sigma special case
    for c, f in zip(chars, folded, strict=True):
        assert f, repr(c)  # nothing folds away: the words of a text and of its folding pair up
        assert f.casefold() == f, repr(c)  # folding is idempotent
        if c.isspace():
            assert f and f.isspace(), repr(c)  # whitespace stays whitespace
        else:
            assert not any(x.isspace() for x in f), repr(c)  # nothing else becomes whitespace


# -- the index ----------------------------------------------------------------------------------------
def test_extra_holds_title_authors_and_only_the_words_folding_changes() -> None:
    e = entry(1, "Crews reached the quay at Dawn. the quay was CLOSED", "Harbour", ("Ada Quill",))
    assert folded_extra(e) == "harbour\nada quill\ncrews dawn. closed"
    lower = entry(2, "all lower case, nothing to fold", None, ())
    assert folded_extra(lower) == "\n"  # no copy of a text that folding leaves alone


TRICKY = [
    "Straße",  # ß folds to ss
    "STRASSE",
    "ΟΔΟΣ",  # final sigma
    "οδος",
    "İstanbul",  # dotted capital I: i + combining dot
    "ﬁnance",  # the fi ligature (already lower case, yet folds)
    "ᏣᎳᎩ",  # Cherokee: folds to upper case
    "ꮳꮃꭹ",
    "Kelvin",  # Kelvin sign K
    "ǅemal",  # title-case digraph
    "ＦＵＬＬ",  # full-width
    "µs",  # micro sign
    "news’",
    "“Quote”",
    "don't",
    "C++",
    "e-mail",
    "2024",
]


def test_filter_matches_the_haystack_on_tricky_text() -> None:
    rng = random.Random(7)
    vocabulary = [*TRICKY, "the", "harbour", "Harbour", "quay", "QUAY", "fog", "Fog"]
    entries = []
    for n in range(300):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
        title = " ".join(rng.choice(vocabulary) for _ in range(3)) if n % 4 == 0 else None
        authors = (rng.choice(["Ada Quill", "ÉMILE", "straße"]),) if n % 2 else ()
        entries.append(entry(n, " ".join(words), title, authors))
    index = FilterIndex(entries)
    queries = ["ss", "ß", "strasse", "σ", "ς", "i̇", "i", "fi", "ﬁ", "ꮳ", "Ꮳ", "k", "K", "ǆ"]
    queries += ["full", "ｆｕｌｌ", "μ", "µ", "’", "“q", "c++", "-m", "202", "ada quill", "é"]
    queries += [w[: rng.randint(1, 4)] for w in vocabulary] + ["harbour quay", "x", ""]
    for query in queries:
        folded = filter_words(query)
        for key_only in (False, True):
            assert index.filter(entries, folded, key_only=key_only) == reference(
                entries, query, key_only
            ), (query, key_only)
        assert [e for e in entries if index.matches(e, folded)] == reference(entries, query)


def test_words_are_matched_per_field_and_all_must_match() -> None:
    e = entry(1, "the fog lifted", "Regatta", ("Ada Quill",))
    index = FilterIndex([e])
    assert index.matches(e, ("regatta", "fog", "quill"))
    assert not index.matches(e, ("regatta", "sun"))
    assert not index.matches(e, ("lifted\nregatta",))  # not a word: the CLI never makes one
    assert index.matches(e, ())


def test_unindexed_and_edited_entries() -> None:
    index = FilterIndex()
    a = entry(1, "Fog over the quay")
    assert index.filter([a], ("fog",)) == [a]  # indexed when first met
    assert len(index) == 1
    edited = a.with_changes(text="Sunshine now")
    index.add([edited])  # re-indexed after an edit
    assert index.filter([edited], ("fog",)) == []
    assert index.filter([edited], ("sunshine",)) == [edited]


# -- in the reader --------------------------------------------------------------------------------
def posts() -> list[Post]:
    headlines = ["Regatta start delayed", "Fog lifts", "Regatta under way", "Tram running late"]
    return [
        Post(f"p{n}", minutes=60 - 10 * n, headline=h, body=f"<p>Update {n} from the QUAY.</p>")
        for n, h in enumerate(headlines)
    ]


def ids(app: LiveblogApp) -> list[str]:
    timeline = app.timeline
    return [timeline.entry_at(i).id for i in range(timeline.entry_count)]


async def test_typing_backspacing_and_spaces_show_the_right_entries() -> None:
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 4)
        await pilot.press("slash", *"regatta")
        assert ids(app) == ["p2", "p0"]
        await pilot.press("space")  # the same words: nothing changes
        assert ids(app) == ["p2", "p0"]
        await pilot.press(*"quay")  # a second word narrows the first's result
        assert ids(app) == ["p2", "p0"]
        await pilot.press(*"x")
        assert ids(app) == []
        for _ in range(5):
            await pilot.press("backspace")  # back to "regatta": the earlier result, again
        assert ids(app) == ["p2", "p0"]
        await pilot.press("backspace", "backspace")  # "regat" widens
        assert ids(app) == ["p2", "p0"]
        for _ in range(6):
            await pilot.press("backspace")
        assert app.query_one(FilterBar).value == ""
        assert ids(app) == ["p3", "p2", "p1", "p0"]
        assert app.status.matching is None


async def test_remembered_results_are_dropped_when_entries_arrive() -> None:
    blog = FakeBlog(posts())
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 4)
        await pilot.press("slash", *"regattas")
        assert ids(app) == []
        blog.add(Post("n1", minutes=1, headline="Regatta results", body="<p>Winners.</p>"))
        await refreshed(pilot, blog, lambda: len(app.entries) == 5)
        await pilot.press("backspace")  # "regatta" was seen before the arrival: not reused
        assert ids(app) == ["n1", "p2", "p0"]
        app.action_key_events()  # key events only (none here), then all again
        assert ids(app) == []
        app.action_key_events()
        assert ids(app) == ["n1", "p2", "p0"]


async def test_the_filter_covers_the_history_loaded_after_the_first_screen(tmp_path: Path) -> None:
    """A cache bigger than the first screen: the rest (and its filter index) comes from a thread."""
    path = tmp_path / "cache.sqlite"
    many = [
        Post(f"e{n}", minutes=1 + n, headline=f"Entry {n}", body=f"<p>Body {n} at the Quay.</p>")
        for n in range(450)
    ]
    blog = FakeBlog(many)
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with first.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 450)
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 450)
        assert len(app._filter_index) == 450
        await pilot.press("slash", *"body 44", "space", *"quay")
        expected = [f"e{n}" for n in range(450) if "44" in str(n)]  # newest (e0) first
        assert ids(app) == expected and len(expected) == 14


async def test_a_small_cache_is_indexed_when_first_filtered(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    blog = FakeBlog(posts())
    first = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path))
    async with first.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 4)
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=Store(path), offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 4)
        assert len(app._filter_index) == 0  # nothing spent on it before the first screen
        await pilot.press("slash", *"quay regatta")
        assert ids(app) == ["p2", "p0"]
        assert len(app._filter_index) == 4


# -- accents and compatibility forms ---------------------------------------------------------------
def marked(app: LiveblogApp, row: int) -> list[str]:
    """The runs of text the timeline's row ``row`` shows as filter matches (underlined)."""
    runs: list[str] = []
    previous = False
    for segment in app.timeline.render_line(row):
        mark = bool(segment.style and segment.style.underline)
        if mark and previous:
            runs[-1] += segment.text
        elif mark:
            runs.append(segment.text)
        previous = mark
    return runs


def detail_marked(app: LiveblogApp) -> list[str]:
    """The runs of text the detail pane marks as filter matches."""
    runs: list[str] = []
    detail = app.detail
    for strip in detail._strips(detail._width()):
        previous = False
        for segment in strip:
            style = segment.style
            mark = (
                style is not None and style.bgcolor is not None and style.bgcolor.name == "yellow"
            )
            if mark and previous:
                runs[-1] += segment.text
            elif mark:
                runs.append(segment.text)
            previous = mark
    return runs


async def test_an_unaccented_word_finds_accented_text_and_marks_the_original() -> None:
    blog = FakeBlog(
        [
            Post(
                "p0", minutes=50, headline="Tram running late", body="<p>Update from the quay.</p>"
            ),
            Post(
                "p1",
                minutes=40,
                headline="Café reopens in Łódź",
                body="<p>The Straße is open again, don’t worry.</p>",
                author="Tomás Ruiz",
            ),
            Post("p2", minutes=30, headline="Fog lifts", body="<p>Nothing in Lodz yet.</p>"),
        ]
    )
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 3)
        await pilot.press("slash", *"tomas")
        assert ids(app) == ["p1"]  # by its author
        assert marked(app, 0) == ["Tomás"]  # the original characters are marked
        await pilot.press(*["backspace"] * 5, *"cafe")
        assert ids(app) == ["p1"]
        assert marked(app, 1) == ["Café"]
        await pilot.press(*["backspace"] * 4, *"lodz")
        assert ids(app) == ["p2", "p1"]  # the plain word still matches as it did
        assert marked(app, 5) == ["Łódź"]
        await pilot.press(*["backspace"] * 4, *"strasse dont")
        assert ids(app) == []  # "don’t" is "don't", not "dont"
        await pilot.press("backspace", "apostrophe", "t")
        assert ids(app) == ["p1"]
        assert marked(app, 2) == ["Straße", "don’t"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.detail.entry is not None and app.detail.entry.id == "p1"
        assert detail_marked(app) == ["Straße", "don’t"]
