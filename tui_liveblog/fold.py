"""Folding text for the filter: case, accents and compatibility forms, so that ``tomas`` finds
"Tomás", ``strasse`` "Straße", ``finance`` "ﬁnance", ``lodz`` "Łódź" and ``don't`` "don’t".

:func:`fold` maps each character on its own (no context), to zero or more characters:

- its compatibility decomposition (NFKD: ``é`` → ``e`` + a combining acute, ``ﬁ`` → ``fi``,
  full-width ``Ａ`` → ``A``, ``²`` → ``2``),
- without the generic combining diacritics (the Combining Diacritical Marks blocks, which is
  what Latin, Greek and Cyrillic letters decompose into). The vowel signs, viramas and nuktas of
  Indic scripts, Thai's marks, Hebrew and Arabic points and Japanese voicing marks are not in
  those blocks: they are part of how a word is spelt, and stay;
- case-folded (``ß`` → ``ss``, ``Σ``/``ς`` → ``σ``),
- with the few Latin letters that Unicode does not decompose but that are typed without their
  stroke (``ø ł đ ħ ŧ ı`` → ``o l d h t i``, ``æ œ`` → ``ae oe``, ``ð þ`` → ``d th``), and
  typographic quotes and apostrophes typed as ``'`` and ``"``;
- whitespace folds to whitespace, and nothing else does (``´``, whose decomposition is a space
  and a combining accent, folds to nothing).

Folding is idempotent, and folding a string folds each character in turn, so a folded word found
in the folded text lies within the folding of consecutive characters of the text: that is what
lets :func:`fold_spans` mark the original characters. Folding can change the length (``ß`` →
``ss``, ``é`` in decomposed form → ``e``), so offsets in the folded text are mapped back through
the characters each part came from (tests/test_fold.py checks these properties for every code
point of this Python's Unicode).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

# the generic combining diacritics (folded away)
_DIACRITICS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_STRIP = re.compile(f"[{_DIACRITICS}]+")
# after case folding: letters Unicode does not decompose, typographic quotes and apostrophes
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "ð": "d",
        "þ": "th",
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
    }
)
# in a case-folded, NFKD-normalized text, only these characters fold to something else
_SPECIAL = re.compile(f"[{_DIACRITICS}{''.join(chr(c) for c in _LETTERS)}]")
_CACHE_LIMIT = 8192


def fold_char(char: str) -> str:
    """One character, folded (see the module's docstring)."""
    value, before = char, ""
    while value != before:  # (to a fixed point: folding must be idempotent)
        before = value
        value = unicodedata.normalize("NFKD", value.casefold())
        value = _STRIP.sub("", value).translate(_LETTERS)
    if not char.isspace() and any(c.isspace() for c in value):
        value = "".join(c for c in value if not c.isspace())
    return value


_folded: dict[str, str] = {}


def _fold_cached(char: str) -> str:
    value = _folded.get(char)
    if value is None:
        if len(_folded) >= _CACHE_LIMIT:  # (a page of every code point does not grow it forever)
            _folded.clear()
        value = _folded[char] = fold_char(char)
    return value


def fold(text: str) -> str:
    """``text`` with every character folded: what the filter matches words against.

    The same as ``"".join(map(fold_char, text))``, faster: case folding does most of it, and
    the non-ASCII characters it leaves are folded once each, when there are any that fold
    further. (Folding a case-folded character gives what folding the original does, and every
    character a folding gives folds to itself: so the replacements cannot touch each other's
    results. Both are checked for every code point in tests/test_fold.py.)"""
    folded = text.casefold()
    if folded.isascii():
        return folded
    if unicodedata.is_normalized("NFKD", folded) and _SPECIAL.search(folded) is None:
        return folded
    for char in set(folded):
        if char > "\x7f":
            value = _fold_cached(char)
            if value != char:
                folded = folded.replace(char, value)
    return folded


def fold_words(query: str | None) -> tuple[str, ...]:
    """A filter's words, folded; every one must match."""
    if not query:
        return ()
    return tuple(fold(query).split())


def fold_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the (folded) ``words`` in folded text, longest first; the
    whitespace in one (a phrase) matches any run of whitespace."""
    unique = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(r"\s+".join(map(re.escape, w.split())) for w in unique))


def fold_spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Where ``pattern`` (from :func:`fold_pattern`) matches the folded ``text``, as
    ``(start, end)`` offsets into ``text`` itself: each match covers the characters whose
    folding it touches, and the combining marks that follow the last one."""
    if pattern is None or not text:
        return []
    if text.isascii():  # folding is lower-casing: the offsets are the same
        return [m.span() for m in pattern.finditer(text.lower())]
    matches = list(pattern.finditer(fold(text)))
    if not matches:
        return []
    table = {char: _fold_cached(char) for char in set(text)}
    if all(len(value) == 1 for value in table.values()):  # one for one: the same offsets
        return [m.span() for m in matches]
    parts = list(map(table.__getitem__, text))  # (their concatenation is fold(text))
    ends = list(accumulate(map(len, parts)))  # where each character's folding ends
    size = len(text)
    spans: list[tuple[int, int]] = []
    for match in matches:
        first = bisect_right(ends, match.start())
        end = bisect_right(ends, match.end() - 1) + 1
        while end < size and not parts[end] and unicodedata.category(text[end])[0] == "M":
            end += 1
        spans.append((first, end))
    return spans
