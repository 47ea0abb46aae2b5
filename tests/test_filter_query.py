"""The filter language (issue 14, point 5): parsing, matching, and the reader's index agreeing
with the reference matcher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_liveblog.filter_query import FilterQuery, haystack, matches, parse_filter
from tui_liveblog.fold import fold, fold_pattern, fold_spans
from tui_liveblog.model import Entry
from tui_liveblog.query import select
from tui_liveblog.ui.filter_index import FilterIndex

T0 = datetime(2040, 6, 12, 12, tzinfo=UTC)


def entry(n: int, text: str, title: str | None = None, authors: tuple[str, ...] = ()) -> Entry:
    return Entry(
        id=f"e{n}", published=T0 - timedelta(minutes=n), title=title, text=text, authors=authors
    )


ENTRIES = [
    entry(1, "The ferry runs again.", "Harbour opens", ("Ann Writer",)),
    entry(2, "Ann Writer's column: the harbour\nwall holds.", None, ("Ben Ortiz",)),
    entry(3, "Café owners met at the harbour wall", "Zoë's report", ("Zoë Ångström",)),
    entry(4, "Nothing about it.", "Programme", ("Desk",)),
]


def ids(query: str) -> list[str]:
    return [e.id for e in ENTRIES if matches(parse_filter(query), e)]


# -- parsing ------------------------------------------------------------------------------------
def test_terms_of_each_kind() -> None:
    q = parse_filter('Harbour -Ferry by:ann -by:"Ben  Ortiz" "two   Words" -"a phrase"')
    assert q == FilterQuery(
        words=("harbour", "two words"),
        authors=("ann",),
        not_words=("ferry", "a phrase"),
        not_authors=("ben ortiz",),
    )


def test_folded_for_case_accents_and_typographic_quotes() -> None:
    assert parse_filter("BY:Zoë CAFÉ “Harbour Wall”") == FilterQuery(
        words=("cafe", "harbour wall"), authors=("zoe",)
    )


def test_loose_ends_say_nothing_or_run_to_the_end() -> None:
    for text in ("", "   ", "-", "- -", "by:", "-by:", '""', '-""', 'by:""', '"   "'):
        assert parse_filter(text) == FilterQuery(), text
    assert not parse_filter("-")
    # an open quote: the phrase being typed, up to the end
    assert parse_filter('harbour "ferry ru') == FilterQuery(words=("harbour", "ferry ru"))
    assert parse_filter('by:"ann wri') == FilterQuery(authors=("ann wri",))
    # a '-' or a quote inside a word is part of it; a one-word phrase is a word
    assert parse_filter('covid-19 don"t "ferry"') == FilterQuery(
        words=("covid-19", 'don"t', "ferry")
    )
    assert parse_filter("--x") == FilterQuery(not_words=("-x",))
    # repeats are dropped
    assert parse_filter("a a -b -b") == FilterQuery(words=("a",), not_words=("b",))


TERM = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), exclude_characters='"'
        ),
        min_size=1,
        max_size=6,
    )
    .map(fold)
    .filter(lambda t: t and '"' not in t and not any(c.isspace() for c in t))
)
PHRASE = st.lists(TERM, min_size=1, max_size=3).map(" ".join)
TERMS = st.lists(PHRASE.filter(bool), max_size=3, unique=True)


@given(TERMS, TERMS, TERMS, TERMS)
@settings(max_examples=300, deadline=None)
def test_a_query_written_out_parses_back(
    words: list[str], authors: list[str], not_words: list[str], not_authors: list[str]
) -> None:
    query = FilterQuery(tuple(words), tuple(authors), tuple(not_words), tuple(not_authors))
    assert all(fold(t) == t and t.strip() == t for t in words)
    assert parse_filter(query.text()) == query


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_parses(text: str) -> None:
    query = parse_filter(text)
    assert parse_filter(query.text()) == query  # (and never raises)


# -- matching -----------------------------------------------------------------------------------
def test_plain_words_match_titles_texts_and_authors() -> None:
    assert ids("harbour") == ["e1", "e2", "e3"]
    assert ids("writer") == ["e1", "e2"]  # e1's author, e2's text
    assert ids("cafe zoe") == ["e3"]


def test_by_matches_the_authors_only() -> None:
    assert ids("by:writer") == ["e1"]  # not e2, whose text names her
    assert ids('by:"ann writer"') == ["e1"]
    assert ids("by:angstrom") == ["e3"]  # folded
    assert ids("harbour -by:ann") == ["e2", "e3"]


def test_minus_excludes() -> None:
    assert ids("harbour -ferry") == ["e2", "e3"]
    assert ids("-harbour") == ["e4"]
    assert ids('harbour -"harbour wall"') == ["e1"]
    assert ids("-") == ["e1", "e2", "e3", "e4"]  # a lone '-' says nothing


def test_a_phrase_matches_its_words_in_a_row_across_any_whitespace() -> None:
    assert ids('"harbour wall"') == ["e2", "e3"]  # e2: across a line break
    assert ids('"the harbour"') == ["e2", "e3"]
    assert ids('"wall harbour"') == []  # the words, not in that order
    assert ids('"ferry runs"') == ["e1"]
    assert ids('"cafe owners"') == ["e3"]


@st.composite
def entries_and_word(draw: st.DrawFn) -> tuple[list[Entry], str]:
    words = ["Harbour", "harbour", "wall", "Café", "cafe", "ferry", "Zoë", "zoe", "ann"]
    texts = st.lists(st.sampled_from(words), max_size=6).map(" ".join)
    entries = [
        entry(n, draw(texts), draw(st.none() | texts), tuple(draw(st.lists(texts, max_size=2))))
        for n in range(draw(st.integers(0, 8)))
    ]
    return entries, draw(st.sampled_from([*words, "harbour wall", "ferry cafe", "har"]))


@given(entries_and_word(), st.sampled_from(["", "harbour ", "by:ann ", '"ferry ', "by:zoe "]))
@settings(max_examples=200, deadline=None)
def test_excluding_a_word_never_lets_an_entry_with_it_through(
    case: tuple[list[Entry], str], before: str
) -> None:
    entries, word = case
    query = parse_filter(f'{before}-"{word}"')
    folded = " ".join(fold(word).split())
    kept = select(entries, query=query)
    assert not any(" ".join(haystack(e).split()).count(folded) for e in kept)
    # the reader's index keeps exactly what the reference does
    assert FilterIndex(entries).filter(entries, query) == [e for e in entries if matches(query, e)]


@given(entries_and_word(), entries_and_word())
@settings(max_examples=200, deadline=None)
def test_the_index_agrees_with_the_reference_for_every_kind_of_term(
    a: tuple[list[Entry], str], b: tuple[list[Entry], str]
) -> None:
    entries = a[0]
    index = FilterIndex()  # indexed as they are first matched
    for text in (
        a[1],
        f'"{a[1]}" -{b[1]}',
        f'by:"{a[1]}"',
        f'-by:"{b[1]}" {a[1]}',
        f'"{a[1]} {b[1]}"',
    ):
        query = parse_filter(text)
        expected = [e for e in entries if matches(query, e)]
        assert index.filter(entries, query) == expected, text
        assert [e for e in entries if index.matches(e, query)] == expected, text


def test_narrowing_is_only_claimed_when_it_holds() -> None:
    def narrows(new: str, old: str) -> bool:
        return parse_filter(new).narrows(parse_filter(old))

    assert narrows("harbou", "harb") and narrows("harb x", "harb") and narrows("by:ann", "by:a")
    assert narrows('"harbour wall"', "harbour") and narrows("a -b", "-b")
    assert not narrows("-wall", "-wal")  # excluding more letters lets more through
    assert not narrows("harbour", "-x") and not narrows("by:ann", "ann")


def test_phrases_are_highlighted_across_whitespace() -> None:
    text = "the Harbour\n  Wall holds; harbour walls"
    pattern = fold_pattern(["harbour wall"])
    assert [text[s:e] for s, e in fold_spans(text, pattern)] == [
        "Harbour\n  Wall",
        "harbour wall",
    ]
