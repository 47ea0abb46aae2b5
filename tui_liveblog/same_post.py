"""The same post in two blogs (issue 16): agency copy, or one publisher's entry run by another.

Two entries of *different* blogs are the same post when their texts say the same thing, word
for word or nearly:

- Each entry's words are its title and text, folded (:func:`tui_liveblog.fold.fold`: case,
  accents, typographic quotes) and split into runs of letters and digits, so punctuation,
  markup and spacing do not count.
- **Long posts** (at least :data:`MIN_WORDS` words each): the sets of their word
  :data:`SHINGLE`-grams ("shingles") have a Jaccard similarity of at least
  :data:`THRESHOLD`: an agency story with a sentence added, cut or reworded stays one post;
  two reports of the same event in their own words (which share names and phrases, not whole
  runs of text) stay apart. Measured on pairs of our own: a 60-word story with one of four
  sentences rewritten scores ~0.7; two write-ups of one event with the same names and
  figures score below 0.25.
- **Short posts** (fewer words: "BREAKING: polls close", a photo and its caption): only when
  their words are exactly the same, and so are their media (none, or the same URLs), and they
  were published within :data:`SHORT_WINDOW` of each other (two "Polls have closed" posts an
  hour apart are two posts). A post with no words at all is the same as another only when
  both carry the same media.

Finding candidates does not compare every pair: each post is filed under the smallest few of
its shingles' hashes (a bottom-k sketch of the set), and is compared with the posts that share
one of them. Two posts at the threshold share one of those with high probability; a pair that
is missed stays apart, which is the safe side (shown twice, never merged wrongly).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from datetime import timedelta
from typing import NamedTuple

from tui_liveblog.fold import fold
from tui_liveblog.model import Entry

THRESHOLD = 0.6  # Jaccard similarity of the shingle sets, at or above which two posts are one
SHINGLE = 3  # words per shingle
MIN_WORDS = 8  # fewer words than this: a short post, the same only when equal
SHORT_WINDOW = timedelta(minutes=30)
SKETCH = 8  # hashes a post is filed under (the smallest of its shingles')

_WORD = re.compile(r"\w+")


class Shape(NamedTuple):
    """What comparing a post needs: its words, its shingles, and its media URLs."""

    words: tuple[str, ...]
    shingles: frozenset[int]
    media: tuple[str, ...]


def shape(entry: Entry) -> Shape:
    words = tuple(_WORD.findall(fold(f"{entry.title or ''}\n{entry.text}")))
    if len(words) >= MIN_WORDS:
        shingles = frozenset(hash(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    else:
        shingles = frozenset({hash(words)}) if words else frozenset()
    return Shape(words, shingles, tuple(m.url for m in entry.media))


def similarity(a: Shape, b: Shape) -> float:
    """Jaccard similarity of two posts' shingle sets (0 when either has none)."""
    if not a.shingles or not b.shingles:
        return 0.0
    return len(a.shingles & b.shingles) / len(a.shingles | b.shingles)


def same(a: Entry, b: Entry, shape_a: Shape | None = None, shape_b: Shape | None = None) -> bool:
    """Are ``a`` and ``b`` (of two different blogs) the same post? (See the module.)"""
    sa = shape_a or shape(a)
    sb = shape_b or shape(b)
    if len(sa.words) >= MIN_WORDS and len(sb.words) >= MIN_WORDS:
        return similarity(sa, sb) >= THRESHOLD
    if sa.words != sb.words or sa.media != sb.media:
        return False
    if not sa.words and not sa.media:
        return False  # (nothing to tell two empty posts apart by: never one)
    if a.published is None or b.published is None:
        return a.published is None and b.published is None
    return abs(a.published - b.published) <= SHORT_WINDOW


class SamePosts:
    """Posts seen so far, each under a key (of the caller's choosing) and its blog; finds the
    one a new post is the same as."""

    def __init__(self) -> None:
        self._posts: dict[Hashable, tuple[Entry, Shape, Hashable]] = {}
        self._filed: dict[int, list[Hashable]] = {}

    def add(self, key: Hashable, entry: Entry, blog: Hashable) -> Hashable | None:
        """File ``entry`` (of ``blog``) under ``key``, unless it is the same as a post of
        another blog filed before: then that post's key is returned (and nothing is filed)."""
        form = shape(entry)
        found = self._find(entry, form, blog)
        if found is not None:
            return found
        self._posts[key] = (entry, form, blog)
        for value in _sketch(form):
            self._filed.setdefault(value, []).append(key)
        return None

    def _find(self, entry: Entry, form: Shape, blog: Hashable) -> Hashable | None:
        seen: set[Hashable] = set()
        for value in _sketch(form):
            for key in self._filed.get(value, ()):
                if key in seen:
                    continue
                seen.add(key)
                other, other_form, other_blog = self._posts[key]
                if other_blog != blog and same(entry, other, form, other_form):
                    return key
        return None


def _sketch(form: Shape) -> Sequence[int]:
    if form.shingles:
        return sorted(form.shingles)[:SKETCH]
    return [hash(form.media)] if form.media else []
