"""Ids for entries their source does not name, derived from what an edit leaves alone.

An entry with an id of its own (an ``@id``, a ``guid``, a post number, an anchor) is known by
it. The others (JSON-LD updates with no ``@id`` or ``url``, feed items with no ``guid`` or link
of their own, plain-HTML blocks with no anchor, posts saved as text) get one here, so that an
edit of the body is reported as an edit of that entry, not as a second entry:

- an entry with a time of its own is known by its time and title (the HTML source adds its
  byline), then by its rank among the entries sharing those;
- an entry with no time, or with a time that most of the id-less entries share (a page that
  copies its own time into every update says nothing about which update is which), is known
  by the first words of its title (else of its text, else its first media's URL), then by its
  rank among the entries sharing those.

What still makes a new entry: an edit of the title or of the time, or of the first words of an
entry known by them. The earlier version stays where it was (in the cache, say), as an entry
that fell off the page does.

**Ranks count from the oldest.** A live blog gains entries at its newest end and drops old
ones at its oldest (a page that shows the newest fifty). An entry sharing a key with others
is nearly always the newest of them when it arrives, so counted from the oldest it takes the
next rank and the ranks already given stay. The cost is at the other end: when the oldest of
the entries sharing a key falls off the page while the others stay (the page's cut falls
between two entries of the same second, or among entries that open with the same words), the
ranks of the rest shift by one and each takes the id of the one before it (reported as an
edit of it; its own earlier id is left as it was). Counted from the newest, every new entry
of the same key would shift all the others instead, on every poll. Which end is the oldest is
read from the times in document order (:func:`newest_first`); a document with too few times
to tell is taken to list its newest first, as live blogs do.

The rank is a tie-breaker only: the first entry of a key has no rank in its id, so that an id
stays what it was while its key is unique (and the HTML source's ids for dated blocks are the
ones it gave before ranks existed: ``html:`` and a hash of time, byline and title).

The other ids given before (``hash:``, ``sha1:``, ``text:`` and an undated block's ``html:``:
hashes that took in the whole text) are not carried over: the cache holds no raw text to
compute them from. A blog cached then shows its id-less entries once more, as new, after its
next change is fetched, and keeps the earlier copies (``liveblog cache clear``, which empties
the whole cache, drops them).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

WORDS = 6  # the first words that know an entry with no time of its own
_MAX_WORDS_CHARS = 48  # (a language written without spaces: one "word" may be a sentence)
_WORD = re.compile(r"\w+")
_SHARED_TIME_MIN = 3  # a time shared by fewer entries than this is theirs


@dataclass(frozen=True, slots=True)
class Unnamed:
    """What is known of one entry that has no id of its own."""

    published: datetime | None  # its own publication time (not a modification time)
    title: str | None
    text: str
    byline: tuple[str, ...] = ()  # part of a dated entry's key, when the source wants it
    media: str = ""  # its first media's URL: what knows an entry with no words


def newest_first(times: Iterable[datetime | None]) -> bool:
    """Does a document list its entries newest first? Read from its times in document order
    (consecutive dated entries going back in time, or forward); True when it cannot tell."""
    back = forward = 0
    last: datetime | None = None
    for when in times:
        if when is None:
            continue
        if last is not None:
            if when < last:
                back += 1
            elif when > last:
                forward += 1
        last = when
    return forward <= back


def first_words(text: str) -> str:
    """The first :data:`WORDS` words of ``text``, case folded, without punctuation."""
    words = _WORD.findall(text[: 4 * _MAX_WORDS_CHARS].casefold())
    return " ".join(words[:WORDS])[:_MAX_WORDS_CHARS]


def _shared_time(unnamed: Sequence[Unnamed]) -> datetime | None:
    """A time most of the entries share (three or more of them): not any one entry's."""
    times = Counter(u.published for u in unnamed if u.published is not None)
    if not times:
        return None
    when, count = times.most_common(1)[0]
    return when if count >= _SHARED_TIME_MIN and 2 * count > len(unnamed) else None


def _key(entry: Unnamed, shared: datetime | None) -> tuple[str, ...]:
    if entry.published is not None and entry.published != shared:
        return (entry.published.isoformat(), *entry.byline, entry.title or "")
    # (an empty first part: never a time's)
    return ("", first_words(entry.title or "") or first_words(entry.text) or entry.media)


def _hashed(prefix: str, parts: tuple[str, ...]) -> str:
    digest = hashlib.blake2b(digest_size=10)
    digest.update("\x00".join(parts).encode("utf-8", "surrogatepass"))
    return prefix + digest.hexdigest()


def derived_ids(
    prefix: str,
    unnamed: Sequence[Unnamed],
    *,
    newest_first: bool = True,
    taken: Iterable[str] = (),
) -> list[str]:
    """An id for each entry of ``unnamed`` (in document order), ``prefix`` and a hash of its
    key and rank (see the module's docstring); none of them in ``taken`` (the ids the
    document's other entries have of their own), no two alike."""
    shared = _shared_time(unnamed)
    keys = [_key(u, shared) for u in unnamed]
    order = range(len(keys) - 1, -1, -1) if newest_first else range(len(keys))
    ranks: Counter[tuple[str, ...]] = Counter()
    used = set(taken)
    ids = [""] * len(keys)
    for i in order:  # oldest first
        key = keys[i]
        rank = ranks[key]
        ranks[key] += 1
        ident = _hashed(prefix, key if not rank else (*key, f"#{rank}"))
        while ident in used:  # (a key that reads like another key with a rank)
            rank += 1
            ident = _hashed(prefix, (*key, f"#{rank}"))
        used.add(ident)
        ids[i] = ident
    return ids
