"""JSON-LD updates → :class:`~tui_liveblog.model.Entry`: identity and deduplication (an
``@id``/``url`` that names the page or is shared by different updates is no identity; an
update without one is known by its time and headline, see
:mod:`tui_liveblog.sources.derived_ids`), title, times, body, link and flags. Part of
:mod:`tui_liveblog.sources.jsonld`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tui_liveblog.content import read_body
from tui_liveblog.model import Entry
from tui_liveblog.sanitize import safe_url
from tui_liveblog.sources.common import is_http
from tui_liveblog.sources.derived_ids import Unnamed, derived_ids, newest_first
from tui_liveblog.sources.jsonld.fields import (
    _clean_id,
    _first_str,
    _line,
    _Memo,
    _names_page,
    _norm,
    _text_value,
)

# an absolute http(s) URL that safe_url would return unchanged: no need to run it
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?\Z"
)


class _Headlines:
    """The page's own headline(s), to tell an entry's own title from a copy of them."""

    def __init__(self, values: list[str | None]) -> None:
        self.norms = {_norm(v) for v in values if v}
        self.norms.discard("")
        lengths = [len(n) for n in self.norms]
        self.lo = min(lengths, default=0) // 2
        self.hi = max(lengths, default=0) * 2

    def __contains__(self, value: str | None) -> bool:
        if not value or not self.norms or not self.lo <= len(value) <= self.hi:
            return False
        return _norm(value) in self.norms


def _headline(node: Mapping[str, Any]) -> str | None:
    headline = node.get("headline")
    return headline if isinstance(headline, str) else _text_value(node.get("name"))


def _body(node: Mapping[str, Any]) -> str | None:
    body = _text_value(node.get("articleBody"))
    if body is None or body.isspace() or not body:
        body = _text_value(node.get("text"))
    return body if body and not body.isspace() else None


def _published_raw(node: Mapping[str, Any]) -> Any:
    value = node.get("datePublished")
    return node.get("dateCreated") if value is None else value


def _fingerprint(node: Mapping[str, Any]) -> tuple[str, str, str]:
    """What makes two updates the same update, for telling identities from shared values."""
    return (_headline(node) or "", str(_published_raw(node)), (_body(node) or "")[:200])


def _content_hash(node: Mapping[str, Any]) -> str:
    """What tells a copy of an id-less update (the same update twice) from another update."""
    digest = hashlib.blake2b(digest_size=10)
    for part in (_headline(node) or "", str(_published_raw(node)), _body(node) or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return "hash:" + digest.hexdigest()


def _shared_values(nodes: list[dict[str, Any]], field: str) -> set[str]:
    """``@id``/``url`` values that several *different* updates carry: not identities."""
    values = [node.get(field) for node in nodes]
    values = [v for v in values if isinstance(v, str)]
    if len(set(values)) == len(values):  # the usual case: nothing repeats
        return set()
    first: dict[str, tuple[str, str, str]] = {}
    shared: set[str] = set()
    for node in nodes:
        value = node.get(field)
        if isinstance(value, str):
            fp = _fingerprint(node)
            if first.setdefault(value, fp) != fp:
                shared.add(value)
    return shared


def _entry_url(
    url: str | None, ident: str | None, base: str | None, page_keys: set[str]
) -> str | None:
    """The update's own link: its ``url``, else an ``@id`` that is a URL or a ``#fragment``."""
    if ident and "/" not in ident and not ident.startswith("#"):
        ident = None
    for candidate in (url, ident):
        if not candidate or (candidate.startswith("#") and not base):
            continue
        resolved = candidate if _PLAIN_URL.match(candidate) else safe_url(candidate, base)
        if not resolved or not is_http(resolved):
            continue
        if _names_page(resolved, page_keys):
            continue  # the page itself is not the entry's own link
        return resolved
    return None


@dataclass(slots=True)
class _Page:
    """What every update is read against."""

    base: str | None  # for links and anchors: the URL fetched, else the blog's own URL
    keys: set[str]  # the page's URL(s), normalised by _page_key
    headlines: _Headlines
    # the page's own list of authors when it names several: on an update, no one's byline
    authors: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Built:
    entries: list[Entry]
    anchors: list[tuple[str | None, str | None]]  # (@id, url) of each entry, for block lookup
    page_titled: int  # entries whose headline was the page's


# schema.org has no pinned or key-event property; these non-standard ones are honoured
# (the bundled demo writes the x- forms)
_PIN_KEYS = ("x-pinned", "pinned", "isPinned", "sticky")
_KEY_EVENT_KEYS = ("x-keyEvent", "keyEvent", "isKeyEvent", "x-key-event")


_FLAG_KEYS = frozenset((*_PIN_KEYS, *_KEY_EVENT_KEYS))


def _flag(node: dict[str, Any], keys: tuple[str, ...]) -> bool:
    for key in keys:
        value = node.get(key)
        if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
            return True
    return False


def _build_entries(nodes: list[dict[str, Any]], page: _Page, memo: _Memo) -> _Built:
    """One pass: identity and dedupe first (before any body is parsed), then the entry."""
    shared_ids = _shared_values(nodes, "@id")
    shared_urls = _shared_values(nodes, "url")
    base, page_keys, headlines = page.base, page.keys, page.headlines
    page_authors = page.authors if len(page.authors) > 1 else frozenset()
    date = memo.date
    seen: set[str] = set()
    entries: list[Entry] = []
    anchors: list[tuple[str | None, str | None]] = []
    unnamed: list[int] = []  # the entries with no id of their own: theirs is derived below
    page_titled = 0
    for node in nodes:
        ident_raw = node.get("@id")
        ident = _clean_id(ident_raw) if isinstance(ident_raw, str) else None
        url_raw = _first_str(node.get("url"))
        url = _clean_id(url_raw) if url_raw else None
        named = True
        if ident and ident_raw not in shared_ids and not _names_page(ident, page_keys):
            key = ident
        elif url and url_raw not in shared_urls and not _names_page(url, page_keys):
            key = url
        else:  # (for now: what drops a copy of the same update)
            key, named = _content_hash(node), False
        if key in seen:
            continue
        seen.add(key)
        if not named:
            unnamed.append(len(entries))

        headline = _headline(node)
        title = _line(headline) if headline else None
        if title in headlines:
            title = None
            page_titled += 1
        published_raw = _published_raw(node)
        published = date(published_raw)
        modified_raw = node.get("dateModified")
        modified = date(modified_raw) if modified_raw != published_raw else None
        parsed = read_body(_body(node) or headline, base)
        if _FLAG_KEYS.isdisjoint(node):  # the usual case: no pinned or key-event property
            pinned = key_event = False
        else:
            pinned, key_event = _flag(node, _PIN_KEYS), _flag(node, _KEY_EVENT_KEYS)
        authors = memo.authors(node.get("author"))
        if page_authors and len(authors) == len(page_authors) and page_authors.issuperset(authors):
            authors = ()  # the page's list copied onto the update
        entries.append(
            Entry(
                key,
                published,
                modified if published and modified and modified > published else None,
                authors,
                title,
                parsed.body,
                parsed.text,
                _entry_url(url, ident, base, page_keys),
                parsed.links,
                parsed.media,
                pinned,
                key_event,
            )
        )
        anchors.append((ident, url))
    if unnamed:
        _name(entries, unnamed, seen)
    return _Built(entries, anchors, page_titled)


def _unnamed(entry: Entry) -> Unnamed:
    media = entry.media[0].url if entry.media else ""
    return Unnamed(entry.published, entry.title, entry.text, media=media)


def _name(entries: list[Entry], unnamed: list[int], own: set[str]) -> None:
    """Give the entries at ``unnamed`` (positions in ``entries``) their derived ids."""
    ids = derived_ids(
        "jsonld:",
        [_unnamed(entries[i]) for i in unnamed],
        newest_first=newest_first(e.published for e in entries),
        taken=own,
    )
    for i, ident in zip(unnamed, ids, strict=True):
        entries[i] = entries[i].with_changes(id=ident)


def _copies_page_values(built: _Built) -> bool:
    """Do most updates carry one shared timestamp, or the page's own headline?"""
    n = len(built.entries)
    if n < 2:
        return False
    times = Counter(e.published for e in built.entries)
    times.pop(None, None)
    return bool(times and times.most_common(1)[0][1] > n / 2) or built.page_titled > n / 2
