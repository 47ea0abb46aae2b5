"""The filter language, shared by the reader, ``dump --filter`` and ``follow --filter``.

A filter is a list of terms, every one of which must hold:

- ``word``: the word occurs in the title, text or authors (folded by
  :func:`tui_liveblog.fold.fold`: case, accents and compatibility forms; a part of a word is
  enough, as ``harb`` finds "Harbour");
- ``"two words"``: a phrase; the spaces in it match any run of whitespace;
- ``by:name`` (``by:"ann writer"`` for a name with a space): one of the authors contains it;
- ``-word``, ``-"a phrase"``, ``-by:name``: entries that it would match are left out.

Nothing in it is an error: a quote left open runs to the end of the filter (the phrase being
typed), and a ``-``, ``by:`` or ``""`` with nothing after it says nothing yet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tui_liveblog.fold import fold
from tui_liveblog.model import Entry

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FilterQuery:
    """A parsed filter; its terms folded, each list without repeats, in the order typed.

    A phrase keeps single spaces between its words (and has at least two); a word none."""

    words: tuple[str, ...] = ()  # words and phrases that must occur
    authors: tuple[str, ...] = ()  # ``by:`` terms
    not_words: tuple[str, ...] = ()  # ``-word`` and ``-"a phrase"``
    not_authors: tuple[str, ...] = ()  # ``-by:name``

    def __bool__(self) -> bool:
        return bool(self.words or self.authors or self.not_words or self.not_authors)

    @property
    def highlight(self) -> tuple[str, ...]:
        """What the filter marks in titles and texts: its words and phrases."""
        return self.words

    def text(self) -> str:
        """The filter written out (parsing it gives this query back)."""
        parts = [_word(w) for w in self.words]
        parts += [f"by:{_word(a)}" for a in self.authors]
        parts += [f"-{_word(w)}" for w in self.not_words]
        parts += [f"-by:{_word(a)}" for a in self.not_authors]
        return " ".join(parts)

    def narrows(self, previous: FilterQuery) -> bool:
        """Does every entry this query lets through pass ``previous`` too?

        (Typing on: a longer word or name, a new term. An exclusion must be the same.)"""
        return (
            all(any(p in w for w in self.words) for p in previous.words)
            and all(any(p in a for a in self.authors) for p in previous.authors)
            and set(previous.not_words) <= set(self.not_words)
            and set(previous.not_authors) <= set(self.not_authors)
        )

    def without(self, previous: FilterQuery) -> FilterQuery:
        """The terms of this query that ``previous`` does not have."""
        return FilterQuery(
            tuple(w for w in self.words if w not in previous.words),
            tuple(a for a in self.authors if a not in previous.authors),
            tuple(w for w in self.not_words if w not in previous.not_words),
            tuple(a for a in self.not_authors if a not in previous.not_authors),
        )


def as_query(query: FilterQuery | Sequence[str]) -> FilterQuery:
    """A filter, or folded words that must all match (as a filter)."""
    return query if isinstance(query, FilterQuery) else FilterQuery(tuple(query))


def _word(term: str) -> str:
    if " " in term or term.startswith(("-", "by:")) or not term:
        return f'"{term}"'
    return term


def _add(terms: list[str], term: str) -> None:
    if term and term not in terms:
        terms.append(term)


@lru_cache(maxsize=256)
def parse_filter(text: str | None) -> FilterQuery:
    """The filter typed as ``text`` (see the module's docstring); never raises."""
    if not text:
        return FilterQuery()
    # folded first: typographic quotes become '"', "BY:" becomes "by:"
    source = fold(text)
    words: list[str] = []
    authors: list[str] = []
    not_words: list[str] = []
    not_authors: list[str] = []
    i, size = 0, len(source)
    while i < size:
        if source[i].isspace():
            i += 1
            continue
        negated = source[i] == "-"
        if negated:
            i += 1
        by = source.startswith("by:", i)
        if by:
            i += 3
        if i < size and source[i] == '"':  # a quoted term: to the closing quote, or the end
            end = source.find('"', i + 1)
            if end < 0:
                end = size
            value = " ".join(source[i + 1 : end].split())
            i = end + 1
        else:
            match = _SPACE.search(source, i)
            end = match.start() if match else size
            value = source[i:end]
            i = end
        if by:
            _add(not_authors if negated else authors, value)
        else:
            _add(not_words if negated else words, value)
    return FilterQuery(tuple(words), tuple(authors), tuple(not_words), tuple(not_authors))


@lru_cache(maxsize=512)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A folded phrase as a pattern: each space matches any run of whitespace."""
    return re.compile(r"\s+".join(re.escape(part) for part in phrase.split(" ")))


def term_in(term: str, folded: str) -> bool:
    """Does a (folded) word or phrase occur in the folded text?"""
    if " " in term:
        return phrase_pattern(term).search(folded) is not None
    return term in folded


def haystack(entry: Entry) -> str:
    """The folded text a filter's words search: title, text and authors."""
    return fold("\n".join((entry.title or "", entry.text, " ".join(entry.authors))))


def folded_authors(entry: Entry) -> tuple[str, ...]:
    return tuple(fold(a) for a in entry.authors)


def matches(query: FilterQuery, entry: Entry) -> bool:
    """Does ``entry`` pass the filter? (The reference: the reader's index gives the same.)"""
    if not query:
        return True
    hay = haystack(entry)
    names = folded_authors(entry)
    return (
        all(term_in(w, hay) for w in query.words)
        and all(any(term_in(a, n) for n in names) for a in query.authors)
        and not any(term_in(w, hay) for w in query.not_words)
        and not any(term_in(a, n) for a in query.not_authors for n in names)
    )


# -- watch words: unlike a filter's words, ANY of them is enough ---------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def watch_terms(text: str) -> list[str]:
    """The watch words and phrases typed as ``text`` (``--watch``): words, and ``"a phrase"``
    in quotes (a quote left open runs to the end), as typed (not folded), without repeats."""
    terms: list[str] = []
    for quoted, word in _TERM.findall(text.translate(_QUOTES)):
        term = " ".join((quoted or word).split())
        if term and term not in terms:
            terms.append(term)
    return terms


def matches_any(terms: Sequence[str], entry: Entry) -> bool:
    """Does any of the watch words or phrases ``terms`` occur in ``entry``? Each matches as a
    filter's word or phrase does (folded, in the title, text and authors; a part of a word is
    enough); no terms: False."""
    folded = [" ".join(fold(t).split()) for t in terms]
    folded = [t for t in folded if t]
    if not folded:
        return False
    hay = haystack(entry)
    return any(term_in(t, hay) for t in folded)
