"""Bylines as pages write them: ``by NAME``, ``Posted by A and B``, ``by A, B and C``,
``by NAME edited by NAME 6/15/2014 3:16:44 PM`` (an editor is not an author), ``By NAME,
Political Editor`` (the role is not a second author). Names are runs of capitalised words
(particles such as *de*, *van*, *von* and initials allowed). Part of
:mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_KEY = re.compile(
    r"(?<![\w-])(?P<kind>(?:(?:posted|written|reported|filed|compiled|added|produced|updated|"
    r"edited|curated)\s+)?by)\s*:?(?=\s|$)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\s*([^\s,;|·•/()\[\]<>]+)")
_JOIN = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.IGNORECASE)
_PARTICLES = frozenset(
    {
        "de", "van", "von", "der", "den", "la", "le", "da", "di", "du", "del", "della", "dos",
        "das", "bin", "al", "el", "ter", "ten", "zu", "st.", "o'",
    }
)  # fmt: skip
_NOT_NAMES = frozenset(
    {
        "updated", "edited", "posted", "published", "at", "on", "in", "photo", "photos",
        "getty", "images", "reuters", "ap", "afp", "pa", "and", "the", "a", "an", "for", "via",
        "today", "yesterday", "now", "live", "share", "comments", "comment", "reply", "gmt",
        "bst", "utc", "am", "pm", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }
)  # fmt: skip
_MONTHS = frozenset(
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december",
    }
)  # fmt: skip
_ROLES = frozenset(
    {
        "editor", "correspondent", "reporter", "writer", "staff", "producer", "columnist",
        "contributor", "senior", "chief", "political", "news", "sports", "deputy", "associate",
        "our", "team", "desk", "agencies", "agency", "journalist", "analyst", "presenter",
        "host", "author", "freelance", "special", "international", "business", "science",
        "health", "technology", "culture", "digital", "live", "blog", "bureau",
    }
)  # fmt: skip
MAX_NAME_WORDS = 5
MAX_NAMES = 8


@dataclass(frozen=True, slots=True)
class Byline:
    """One ``by …`` phrase: its names and where it sits in the text."""

    editor: bool
    names: tuple[str, ...]
    start: int
    end: int


def _name_word(word: str, current: list[str]) -> bool:
    bare = word.rstrip(".:")
    low = word.lower()
    if len(bare) == 1 and word.endswith(".") and bare.isupper():
        return True  # an initial
    if not bare or any(c.isdigit() for c in bare) or bare.lower() in _NOT_NAMES:
        return False
    if current and low in _PARTICLES:
        return True
    return bare[0].isupper() and bare[0].isalpha()


def _read_name(text: str, pos: int) -> tuple[str | None, int]:
    """One name starting at ``pos``: (the name, where it ends) or (None, pos)."""
    words: list[str] = []
    end = pos
    while len(words) < MAX_NAME_WORDS:
        m = _WORD.match(text, end)
        if not m or not _name_word(m.group(1), words):
            break
        if m.group(1).rstrip(".,").lower() in _MONTHS:  # "by Jo Bloggs June 15" / "Jan Roe"
            after = _WORD.match(text, m.end())
            if after is not None and after.group(1)[:1].isdigit():
                break
        words.append(m.group(1))
        end = m.end()
    while words and words[-1].lower() in _PARTICLES:
        words.pop()
    if not words:
        return None, pos
    name = " ".join(words).rstrip(".:")
    if len(words) == 1 and len(name) == 1:
        return None, pos  # a lone initial
    return name, end


def read_names(text: str, pos: int = 0) -> tuple[list[str], int]:
    """``A``, ``A and B``, ``A, B & C`` from ``pos``; stops at a role (``, Political Editor``)."""
    names: list[str] = []
    name, end = _read_name(text, pos)
    if name is None:
        return names, pos
    names.append(name)
    while len(names) < MAX_NAMES:
        joiner = _JOIN.match(text, end)
        if not joiner:
            break
        following, after = _read_name(text, joiner.end())
        if following is None or any(w.lower().strip(".") in _ROLES for w in following.split()):
            break
        names.append(following)
        end = after
    return names, end


@lru_cache(maxsize=4096)  # a page repeats a few bylines hundreds of times
def find_bylines(text: str) -> tuple[Byline, ...]:
    """Every ``by NAME`` phrase in ``text`` whose name reads as one."""
    out: list[Byline] = []
    for m in _KEY.finditer(text):
        names, end = read_names(text, m.end())
        if not names:
            continue
        kind = m.group("kind").lower()
        editor = kind.startswith(("edited", "updated", "curated"))
        out.append(Byline(editor, tuple(names), m.start(), end))
    return tuple(out)


def ends_with_by(text: str) -> bool:
    """A text that ends in ``by`` (the name follows in a link or another element)."""
    last = _KEY.search(text[-24:])
    return last is not None and not text[-24:][last.end() :].strip()


# "by" before a name in the languages live blogs are written in ("di Alessia Candito")
# (two names must follow: "da Silva" alone is a surname)
_BY_WORD = re.compile(r"^(?i:by|di|da|par|por|von|door|av|af|przez)\s+(?=[A-ZÀ-ÖØ-Þ]\S*\s+\S)")


@lru_cache(maxsize=1024)
def author_names(text: str) -> tuple[str, ...]:
    """Names from an author element's text (``By Jane Roe``, ``Jane Roe and Max Power``)."""
    bylines = find_bylines(text)
    if bylines:
        return tuple(n for b in bylines if not b.editor for n in b.names)
    names, _end = read_names(text.strip())
    if names:
        return tuple(names)
    line = _BY_WORD.sub("", text.strip(), count=1)
    return (line,) if 0 < len(line) <= 60 and not any(c.isdigit() for c in line) else ()
