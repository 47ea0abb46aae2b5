"""The reader's filter index: a folded filter without a second copy of every text.

A filter word matches an entry when it occurs in :func:`tui_liveblog.query.haystack` (the
title, text and authors, folded by :func:`tui_liveblog.fold.fold`: case, accents and
compatibility forms). Keeping that haystack for every entry doubles the memory the texts take
(about 40 MB at 50k entries of ~900 characters). This index keeps, per entry, only the part of
it that differs from ``entry.text``:

- the folded title and authors (short), and
- the folded form of each whitespace-separated word of the text that folding changes
  (capitalised words, acronyms, accented words, ``ß``, curly apostrophes…), once each: about a
  quarter of a news text's characters (the corpus's JSON-LD pages), often in a narrower string
  kind than the text.

Building it costs about 12 µs an entry (a bare ``casefold`` copy: 3 µs), up to about twice
that for a text with accents (folded a character at a time), so the reader builds it for a big
cached history in the thread that loads it. Filtering: a word most entries have
is found sooner than in a full copy; a rare one costs 20–50% more (a second, shorter search in
every entry whose text lacks it): at 50k entries of ~900 characters, ~60 ms against ~45 ms.

A filter word ``w`` (folded, without whitespace, as :func:`~tui_liveblog.query.filter_words`
makes them) is in the haystack exactly when ``w in entry.text or w in extra``:

- folding maps each character on its own (no context) to zero or more characters, folding a
  folded string changes nothing, whitespace folds to whitespace and nothing else folds to
  any (checked for every code point in tests/test_fold.py). So the words of the folded text are
  the foldings of the text's whitespace-separated words (those that fold to nothing aside), and
  an occurrence of ``w`` in the folded text lies inside the folding of one word of the text;
- if folding leaves that word as it was, ``w`` is in the original text; else ``w`` is in
  ``extra``, which holds the folded word;
- conversely, ``w`` found in the original text folds to itself inside the folded text, and
  everything in ``extra`` is part of the haystack, separated by whitespace.

The rest of the filter language (:mod:`tui_liveblog.filter_query`) builds on that test: a
phrase is looked for (a pattern over the folded haystack) only in the entries that have each of
its words, ``by:`` in the folded authors (once per distinct list of authors and filter), and an
exclusion drops what the same test finds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress
from operator import ne

from tui_liveblog.filter_query import FilterQuery, as_query, haystack, phrase_pattern, term_in
from tui_liveblog.fold import fold
from tui_liveblog.model import Entry


def folded_extra(entry: Entry) -> str:
    """The folded title, authors, and the words of the text that folding changes."""
    text = entry.text
    folded = fold(text)
    if folded == text:
        words = ""
    else:  # words pair up: folding keeps whitespace where it is (see the module docstring)
        plain = text.split()
        if len(f := folded.split()) != len(plain):  # a word that folds to nothing ("´")
            f = [fold(w) for w in plain]
        words = " ".join(dict.fromkeys(compress(f, map(ne, plain, f))))
    head = fold("\n".join((entry.title or "", " ".join(entry.authors))))
    return f"{head}\n{words}" if words else head


class FilterIndex:
    """Per-entry :func:`folded_extra`, by entry id, and the filter that uses it.

    Matches exactly what :func:`tui_liveblog.filter_query.matches` would (for folded words:
    ``all(w in haystack(entry) for w in words)``). An entry must be
    (re)indexed with :meth:`add` when it is new or edited; one that was not is indexed when it
    is first matched.
    """

    __slots__ = ("_extra",)

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._extra: dict[str, str] = {}
        self.add(entries)

    def __len__(self) -> int:
        return len(self._extra)

    def add(self, entries: Iterable[Entry]) -> None:
        """Index (or re-index, after an edit) these entries."""
        extra = self._extra
        for entry in entries:
            extra[entry.id] = folded_extra(entry)

    def extra(self, entry: Entry) -> str:
        value = self._extra.get(entry.id)
        if value is None:
            self.add((entry,))
            value = self._extra[entry.id]
        return value

    def matches(self, entry: Entry, query: FilterQuery | Sequence[str]) -> bool:
        """Does the entry pass the filter (or have every folded word)?"""
        query = as_query(query)
        if not query:
            return True
        self.extra(entry)  # (indexed)
        return bool(self._narrow([entry], query))

    def filter(
        self,
        entries: Iterable[Entry],
        query: FilterQuery | Sequence[str],
        *,
        key_only: bool = False,
    ) -> list[Entry]:
        """The entries (in their order) that pass the filter, key events only if asked."""
        shown = [e for e in entries if e.key_event] if key_only else list(entries)
        query = as_query(query)
        if not query:
            return shown
        try:
            return self._narrow(shown, query)
        except KeyError:  # some entries were never indexed: index them, then filter
            self.add([e for e in shown if e.id not in self._extra])
            return self._narrow(shown, query)

    def any_of(self, entries: Iterable[Entry], terms: Sequence[str]) -> list[Entry]:
        """The entries (in their order) in which any of the folded ``terms`` (words or phrases:
        the watch words) occurs; none for no terms."""
        if not terms:
            return []
        shown = []
        for entry in entries:
            self.extra(entry)  # (indexed)
            if any(self._has(entry, term) for term in terms):
                shown.append(entry)
        return shown

    def _narrow(self, entries: list[Entry], query: FilterQuery) -> list[Entry]:
        # one pass per term, each over what the previous terms left (authors first: cheap)
        index = self._extra
        if query.authors or query.not_authors:
            verdicts: dict[tuple[str, ...], bool] = {}  # by authors: they repeat a lot

            def by(authors: tuple[str, ...]) -> bool:
                verdict = verdicts.get(authors)
                if verdict is None:
                    names = [fold(a) for a in authors]
                    verdict = verdicts[authors] = all(
                        any(term_in(a, n) for n in names) for a in query.authors
                    ) and not any(term_in(a, n) for a in query.not_authors for n in names)
                return verdict

            entries = [e for e in entries if by(e.authors)]
        for w in query.words:
            for part in w.split(" "):  # (a phrase: its words first)
                entries = [e for e in entries if part in e.text or part in index[e.id]]
            if " " in w:
                pattern = phrase_pattern(w)
                entries = [e for e in entries if pattern.search(haystack(e))]
        for w in query.not_words:
            if " " in w:
                entries = [e for e in entries if not self._has(e, w)]
            else:
                entries = [e for e in entries if not (w in e.text or w in index[e.id])]
        return entries

    def _has(self, entry: Entry, term: str) -> bool:
        """Does the folded word or phrase occur in the entry's haystack?"""
        extra = self._extra[entry.id]
        text = entry.text
        if not all(part in text or part in extra for part in term.split(" ")):
            return False
        return " " not in term or phrase_pattern(term).search(haystack(entry)) is not None
