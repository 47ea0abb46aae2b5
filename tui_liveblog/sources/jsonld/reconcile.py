"""A page's JSON-LD updates reconciled with the entries the page itself renders.

JSON-LD is a summary on many sites: bodies cut at a hundred characters or before a list, empty
for embed posts, the page's author list on every update, no key-event marks. The page's own
entries are read with the plain-HTML extractor (:mod:`tui_liveblog.sources.html`: repeated
blocks holding a time and text, found from structure, not per site), matched with the updates
(by anchor, then by title, then by the first words of the text, the nearest in time first), and
each entry takes the best of both:

- from the page: the whole body when it holds more than the JSON-LD's (with its links), its
  media (images, embedded posts), the entry's own byline, its key-event and pinned marks;
- from JSON-LD: the times (a page may print local time as if it were UTC), the id, the URL.

An update the page does not show is kept as JSON-LD has it; an entry only the page shows is
kept too, when most of the page's entries matched (so the blocks found are this timeline).
Part of :mod:`tui_liveblog.sources.jsonld`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from tui_liveblog.errors import ParseError
from tui_liveblog.model import Entry
from tui_liveblog.sources.base import Headers
from tui_liveblog.sources.jsonld.entries import _Headlines
from tui_liveblog.sources.jsonld.rendered import anchor_tokens
from tui_liveblog.sources.jsonld.tidy import tidy_entry, words

_PREFIX = 40  # characters of words that identify a text (a cut body keeps at least these)
_HEAD = 3 * _PREFIX  # characters of a text read for those words
_LOOK = 30  # updates looked at to tell whether the page renders its entries
# labels that sit where a byline usually does
_LABELS = frozenset(
    {"key event", "pinned", "pinned post", "breaking", "breaking news", "live", "update",
     "updated", "new", "just in", "latest", "important", "highlight", "summary"}
)  # fmt: skip
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}\b")
_ANCHOR_WORDS = ("block", "post", "entry", "update", "liveblog", "live", "event")
_NUMBER_TAIL = re.compile(r"(?<!\d)(\d{5,})$")  # a CMS's post number ending an anchor
_ANCHOR_PREFIX = re.compile(rf"^(?:{'|'.join(_ANCHOR_WORDS)})[-_]", re.IGNORECASE)
# b"<SCRIPT" in data or b"<Script" in data, in one pass (each of those is a pass of its own)
_UPPER_SCRIPT = re.compile(rb"<S(?:CRIPT|cript)")


def shown_page(
    data: bytes, entries: Sequence[Entry], anchors: Sequence[tuple[str | None, str | None]]
) -> bytes | None:
    """A cheap look before the page is parsed: does it show some of these updates itself (an
    element whose id is an update's anchor, or an update's title or first words), outside its
    scripts (where the JSON-LD itself is)? The page without its scripts if so (what there is
    to parse: a fraction of a page whose JSON-LD is long), else None."""
    shown = _outside_scripts(data)
    for ident, url in anchors[:_LOOK]:
        for token in anchor_tokens(ident, url):
            if f'id="{token}"'.encode() in shown or f"id='{token}'".encode() in shown:
                return shown
    for entry in entries[:_LOOK]:
        for words_shown in (entry.title, entry.text[:32]):
            if words_shown and len(words_shown) >= 12 and words_shown.encode() in shown:
                return shown
    return None


def _outside_scripts(data: bytes) -> bytes:
    """The document without its ``<script>`` elements (found with plain searches: fast on a
    page whose JSON-LD is megabytes long)."""
    parts: list[bytes] = []
    at = 0
    lower = data.lower() if _UPPER_SCRIPT.search(data) else data
    while True:
        start = lower.find(b"<script", at)
        if start < 0:
            parts.append(data[at:])
            return b"".join(parts)
        parts.append(data[at:start])
        end = lower.find(b"</script", start)
        close = lower.find(b">", end) if end >= 0 else -1
        if close < 0:
            return b"".join(parts)
        at = close + 1


class _AnchorIds:
    """The element ids the page may give the updates' blocks: an update's anchor token
    (:func:`_tokens`), or one led by an anchor word and ``-`` or ``_`` (``block-<token>``).
    A set of every such id would be ~16 strings an update; this tests an id against the
    tokens instead."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: set[str]) -> None:
        self.tokens = tokens

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        tokens = self.tokens
        if value in tokens:
            return True
        for word in _ANCHOR_WORDS:
            if value.startswith(word):
                n = len(word)
                if value[n : n + 1] in ("-", "_") and value[n + 1 :] in tokens:
                    return True
        return False

    def __bool__(self) -> bool:
        return bool(self.tokens)


def anchor_token_lists(anchors: Sequence[tuple[str | None, str | None]]) -> list[list[str]]:
    """Each update's anchor tokens (:func:`_tokens`), read once for a parse."""
    return [_tokens(ident, link) for ident, link in anchors]


def rendered_entries(
    data: bytes,
    url: str,
    headers: Headers,
    anchors: Sequence[tuple[str | None, str | None]] = (),
    tokens: Sequence[list[str]] | None = None,
) -> list[Entry]:
    """The page's own entries, as the plain-HTML extractor reads them (none if it finds none),
    looked for inside the element that holds the updates' anchors when the page has them.
    The ones the page links to from a list of its own (a "Key events" or "Key points" box
    of links to ``#block-…``) are key events. (``tokens``: the anchors' tokens, when the
    caller has them: :func:`anchor_token_lists`.)"""
    from tui_liveblog.sources import html

    if tokens is None:
        tokens = anchor_token_lists(anchors)
    ids = _AnchorIds({token for found in tokens for token in found})
    try:
        shown = html.read(data, url, headers, ids, singled=True)
    except ParseError:
        if not ids:
            return []
        try:  # (the element holding the anchors holds no posts the extractor sees)
            shown = html.read(data, url, headers, singled=True)
        except ParseError:
            return []
    entries = [tidy_entry(e) for e in shown.snapshot.entries]
    linked = shown.linked
    if linked and 2 * len(linked) <= len(entries):  # (links to most entries: an index)
        entries = [
            e.with_changes(key_event=True)
            if not e.key_event and e.url and e.url.rsplit("#", 1)[-1] in linked
            else e
            for e in entries
        ]
    return entries


def _offset(pairs: dict[int, Entry], entries: Sequence[Entry]) -> float:
    """How far the page's times sit from JSON-LD's, as the surest pairs show (a page that
    prints local time as UTC is an hour or more off on every entry); 0 below three pairs."""
    gaps = sorted(
        (shown - stated).total_seconds()
        for i, r in pairs.items()
        if (shown := r.published) is not None and (stated := entries[i].published) is not None
    )
    return gaps[len(gaps) // 2] if len(gaps) >= 3 else 0.0


def _tokens(ident: str | None, url: str | None) -> list[str]:
    """An update's or a rendered entry's anchor tokens, bare of a ``block-``/``post-`` prefix,
    and the long number that ends them (``#liveblogPost1288914`` and ``id="post-1288914"``)."""
    out: list[str] = []
    for token in anchor_tokens(ident, url):
        bare = _ANCHOR_PREFIX.sub("", token)
        number = _NUMBER_TAIL.search(token)
        for found in (token, bare, number.group(1) if number else ""):
            if found and found not in out:
                out.append(found)
    return out


def _agree(a: str, b: str) -> bool:
    """Do two texts start alike (or is one of them empty, an embed post's summary)?"""
    first, second = _key(a)[:20], _key(b)[:20]
    return not first or not second or first == second


def match(
    entries: Sequence[Entry],
    anchors: Sequence[tuple[str | None, str | None]],
    rendered: Sequence[Entry],
    tokens: Sequence[list[str]] | None = None,
) -> dict[int, Entry]:
    """Each update's rendered entry, by index, surest first: by anchor; by a title that only
    one update and one rendered entry carry, when their texts agree; by the first words of the
    text, the nearest in time (allowing for the page's offset) among those that share them."""
    by_anchor: dict[str, int] = {}
    titles: dict[str, list[int]] = {}
    by_text: dict[str, list[int]] = {}
    for n, r in enumerate(rendered):
        for token in _tokens(r.id, r.url):
            by_anchor.setdefault(token, n)
        title = words(r.title)
        if len(title) >= 8:
            titles.setdefault(title, []).append(n)
        text = _key(r.text)
        if len(text) >= 20:
            by_text.setdefault(text, []).append(n)
    used: set[int] = set()
    pairs: dict[int, Entry] = {}
    if tokens is None:
        tokens = anchor_token_lists(anchors)
    for i, own in enumerate(tokens):
        for token in own:
            at = by_anchor.get(token)
            if at is not None and at not in used:
                pairs[i] = rendered[at]
                used.add(at)
                break
    if len(used) < len(rendered):
        json_titles = Counter(words(e.title) for e in entries)
        for i, entry in enumerate(entries):
            title = words(entry.title)
            found = titles.get(title, ())
            if i in pairs or len(found) != 1 or json_titles[title] != 1 or found[0] in used:
                continue
            if _agree(entry.text, rendered[found[0]].text):
                pairs[i] = rendered[found[0]]
                used.add(found[0])
    offset = _offset(pairs, entries)
    for i, entry in enumerate(entries):
        if len(used) == len(rendered):
            break  # (every rendered entry has its update: the rest are JSON-LD's alone)
        if i in pairs:
            continue
        free = [n for n in by_text.get(_key(entry.text), ()) if n not in used]
        if free:
            n = min(free, key=lambda n: _distance(entry, rendered[n], offset))
            pairs[i] = rendered[n]
            used.add(n)
    return pairs


def _distance(a: Entry, b: Entry, offset: float = 0.0) -> float:
    if a.published is None or b.published is None:
        return 0.0
    return abs((b.published - a.published).total_seconds() - offset)


def _key(text: str) -> str:
    """The first words of a text, as two renderings of it share them."""
    return words(text[:_HEAD])[:_PREFIX]


def _fuller(page: Entry, summary: Entry) -> bool:
    """Does the page's text hold all of the JSON-LD's (a summary cut short, or empty, or the
    same text without its links and lists)?"""
    if not page.text.strip():
        return False
    if not summary.text.strip():
        return True
    if not _key(page.text).startswith(_key(summary.text)):
        return False
    # (words, not characters: a <br> the page shows is a paragraph break in JSON-LD's text)
    return len(page.text) >= len(summary.text) or len(words(page.text)) >= len(words(summary.text))


def byline(names: Iterable[str]) -> tuple[str, ...]:
    """Names from a rendered byline, without the labels and times that sit in its place."""
    return tuple(n for n in names if words(n) not in _LABELS and not _CLOCK.match(n.strip()))


def combine(summary: Entry, page: Entry, headlines: _Headlines | None = None) -> Entry:
    """One entry from an update's JSON-LD (``summary``) and its rendered form (``page``)."""
    body, text, links = summary.body, summary.text, summary.links
    if _fuller(page, summary):
        body, text = page.body, page.text
        links = tuple(dict.fromkeys((*page.links, *links)))
    seen = {m.url for m in summary.media}
    media = summary.media + tuple(m for m in page.media if m.url not in seen)
    authors = byline(page.authors) or summary.authors
    title = summary.title
    if not title or _cut_title(title, page.title):
        title = None if headlines and page.title in headlines else page.title
    return summary.with_changes(
        title=title or summary.title,
        body=body,
        text=text,
        links=links,
        media=media,
        authors=authors,
        url=summary.url or page.url,
        published=summary.published or page.published,
        updated=summary.updated or _later(page.updated, summary.published),
        pinned=summary.pinned or page.pinned or _labelled(page, "pinned"),
        key_event=summary.key_event or page.key_event or _labelled(page, "key event"),
    )


def _cut_title(title: str, shown: str | None) -> bool:
    """Is JSON-LD's headline the page's title cut short ("Blinken in Israele, con lui il…")?"""
    stem = title.rstrip()
    if not shown or not stem.endswith(("…", "...")):
        return False
    stem = words(stem.rstrip(".…"))
    stem = stem.rsplit(" ", 1)[0] if " " in stem else stem  # (its last word may be cut too)
    return len(stem) >= 8 and words(shown).startswith(stem) and len(shown) > len(stem)


def _labelled(page: Entry, label: str) -> bool:
    """Does the entry carry the label where its byline would be (``<mark>KEY EVENT</mark>``)?"""
    return any(words(name) == label for name in page.authors)


def _later(updated: datetime | None, published: datetime | None) -> datetime | None:
    return updated if updated and published and updated > published else None


def reconciled(
    entries: list[Entry],
    anchors: Sequence[tuple[str | None, str | None]],
    rendered: Sequence[Entry],
    headlines: _Headlines | None = None,
    tokens: Sequence[list[str]] | None = None,
) -> list[Entry]:
    """The updates, each with its rendered entry's best parts; rendered-only entries added."""
    if not rendered:
        return entries
    pairs = match(entries, anchors, rendered, tokens)
    out = [combine(e, pairs[i], headlines) if i in pairs else e for i, e in enumerate(entries)]
    if len(rendered) > len(pairs) and 2 * len(pairs) >= len(rendered):
        # the blocks found are this timeline: keep the ones JSON-LD lacks
        matched = {id(r) for r in pairs.values()}
        ids = {e.id for e in out}
        texts = {
            key
            for e in out
            for key in (_key(e.text), _key(f"{e.title} {e.text}"))
            if len(key) >= 20
        }
        out.extend(
            r.with_changes(
                authors=byline(r.authors),
                pinned=r.pinned or _labelled(r, "pinned"),
                key_event=r.key_event or _labelled(r, "key event"),
            )
            for r in rendered
            if id(r) not in matched and r.id not in ids and not _copy(r, texts)
        )
    return out


def _copy(entry: Entry, texts: set[str]) -> bool:
    """Is the entry a second rendering of one already read (a pinned copy above the timeline,
    perhaps led by a label: "Pinned What we know so far…")?"""
    shown = words(entry.text[: 2 * _HEAD]).split(" ")
    return any(" ".join(shown[skip:])[:_PREFIX] in texts for skip in range(4))
