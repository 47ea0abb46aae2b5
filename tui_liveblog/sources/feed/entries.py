"""RSS items and Atom entries → :class:`~tui_liveblog.model.Entry`: content, links, ids,
authors and dates of each. Part of :mod:`tui_liveblog.sources.feed`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from tui_liveblog.content import followed_by, inline_text
from tui_liveblog.model import Block, Entry, Media
from tui_liveblog.sanitize import clean_line, safe_url
from tui_liveblog.sources.common import is_http
from tui_liveblog.sources.derived_ids import Unnamed, derived_ids, newest_first
from tui_liveblog.sources.feed.dates import feed_date
from tui_liveblog.sources.feed.media import _media, _media_kind
from tui_liveblog.sources.feed.text import _HTML, _XHTML, _body, _construct, _title, _xhtml
from tui_liveblog.sources.feed.tree import (
    Element,
    Index,
    _first,
    _index,
    _Keys,
    _markup,
    _rebase,
    _text,
)


def _date(el: Element | None) -> datetime | None:
    value = _text(el).strip()
    if not value:
        return None
    return feed_date(value)


def _first_date(index: Index, keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        for el in index.get(key, ()):
            dt = _date(el)
            if dt is not None:
                return dt
    return None


_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")
_NAME_EMAIL = re.compile(r"^(.+?)\s*(?:<[^<>\s]+@[^<>\s]+>|\([^()\s]+@[^()\s]+\))$")


def _person(value: str, *, plain: bool = False) -> str | None:
    """``a@b (Name)``, ``Name <a@b>``, ``Name (a@b)`` → ``Name``; otherwise the text itself.
    ``plain``: the value is text, not HTML (an Atom person's name: XML decoded its references,
    and ``&amp;amp;`` there is the name "&amp;"), so no references are decoded again."""
    line = clean_line(value) if plain else inline_text(value)
    if not line:
        return None
    m = _EMAIL_NAME.match(line) or _NAME_EMAIL.match(line)
    if m:
        name = m.group(1).strip().strip('"').strip()
        if name:
            return name
    return line


def _atom_person(el: Element, keys: _Keys) -> str | None:
    index = _index(el, keys)
    for key in ("name", "atom:name", "email", "atom:email"):
        found = _first(index, key)
        if found is not None:
            name = _person(_text(found), plain=True)
            if name:
                return name
    if not index:
        return _person(_text(el), plain=True)
    return None


def _add(out: list[str], value: str | None) -> None:
    if value and value not in out:
        out.append(value)


@dataclass(slots=True)
class _Raw:
    """What one item/entry holds, before it becomes an :class:`Entry`."""

    base: str | None
    ident: str | None = None
    title: str | None = None
    kind: str = _HTML
    content: str = ""
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    media: list[Media] = field(default_factory=list)


_RSS_CONTENT = (
    ("content:encoded", _HTML),
    ("xhtml:body", _XHTML),
    ("xhtml:div", _XHTML),
    ("fullitem", _HTML),
    ("atom:content", ""),
    ("description", _HTML),
    ("dc:description", _HTML),
    ("atom:summary", ""),
    ("summary", _HTML),
    ("itunes:summary", _HTML),
)
_RSS_PUBLISHED = (
    "pubDate",
    "dc:date",
    "dcterms:issued",
    "dcterms:created",
    "atom:published",
    "atom:issued",
    "issued",
    "dcterms:date",
)
_RSS_UPDATED = ("atom:updated", "dcterms:modified", "atom:modified", "modified", "updated")
_ATOM_PUBLISHED = ("published", "issued", "created", "dc:date", "dcterms:issued", "pubDate")
_ATOM_UPDATED = ("updated", "modified", "dcterms:modified")


def _atom_links(index: Index, key: str) -> list[tuple[str, Element]]:
    if key not in index:
        return []
    return [
        ((el.get("rel") or "alternate").strip().lower(), el)
        for el in index.get(key, ())
        if el.get("href")
    ]


def _alternate(links: list[tuple[str, Element]], base: str | None) -> str | None:
    best: str | None = None
    for rel, el in links:
        if rel not in ("alternate", "http://www.iana.org/assignments/relation/alternate"):
            continue
        url = safe_url(el.get("href"), _rebase(base, el))
        if url is None or not is_http(url):
            continue
        if (el.get("type") or "text/html").lower() in ("text/html", "application/xhtml+xml"):
            return url
        best = best or url
    return best


def _web_url(value: str, base: str | None) -> str | None:
    url = safe_url(value.strip(), base)
    return None if url is None or not is_http(url) else url


def _keep_base(base: str | None, el: Element) -> str | None:
    return base


class _Present:
    """What one document's items hold: the keys of the fields looked for, reduced to the keys
    some item has (a field's fallbacks that no item has cost nothing), and the names read."""

    def __init__(self, keys: _Keys) -> None:
        found = set(keys.cache.values())  # (every key of every indexed element)
        self.content = tuple((key, kind) for key, kind in _RSS_CONTENT if key in found)
        self.published = tuple(key for key in _RSS_PUBLISHED if key in found)
        self.updated = tuple(key for key in _RSS_UPDATED if key in found)
        self.authors = tuple(key for key in _RSS_AUTHORS if key in found)
        self.atom_authors = "atom:author" in found
        self.links = "link" in found
        self.atom_links = "atom:link" in found
        self.people: dict[str, str | None] = {}

    def person(self, value: str) -> str | None:
        """:func:`_person` of an item's author text (a feed names a few people, many times)."""
        try:
            return self.people[value]
        except KeyError:
            name = self.people[value] = _person(value)
            return name


_RSS_AUTHORS = ("author", "dc:creator", "dc:author", "itunes:author")


def _rss_item(
    item: Element, index: Index, keys: _Keys, base: str | None, present: _Present
) -> _Raw:
    """An RSS item (``index``: its children, by key) → its raw fields."""
    rebase = _rebase if keys.bases else _keep_base
    base = rebase(base, item)
    raw = _Raw(base)

    guid = _first(index, "guid", "atom:id", "dc:identifier")
    if guid is not None:
        raw.ident = clean_line(_text(guid)) or None
    if raw.ident is None:
        about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        raw.ident = clean_line(about) if about else None

    title_el = _first(index, "title", "dc:title", "atom:title")
    if title_el is not None:
        if keys(title_el.tag) == "atom:title":
            raw.title = _title(*_construct(title_el, rebase(base, title_el)))
        else:
            raw.title = inline_text(_markup(title_el))

    for key, kind in present.content:
        for el in index.get(key, ()):
            el_base = rebase(base, el)
            if kind == "":
                ckind, value = _construct(el, el_base)
            elif kind == _XHTML:
                ckind, value = _XHTML, _xhtml(el, el_base)
            else:
                ckind, value = kind, _markup(el)
            if value.strip():
                raw.kind, raw.content, raw.base = ckind, value, el_base
                break
        if raw.content:
            break

    for link in index.get("link", ()):
        value = _text(link).strip()
        if value:
            raw.url = _web_url(value, rebase(base, link))
            break
    atom_links: list[tuple[str, Element]] = []
    if present.atom_links:
        atom_links = _atom_links(index, "atom:link")
    if present.links:
        atom_links += _atom_links(index, "link")
    if raw.url is None:
        raw.url = _alternate(atom_links, base)
    if (
        raw.url is None
        and guid is not None
        and keys(guid.tag) == "guid"
        and (guid.get("isPermaLink") or "true").strip().lower() != "false"
    ):
        raw.url = _web_url(_text(guid), None)

    for key in present.authors:
        for el in index.get(key, ()):
            _add(raw.authors, present.person(_text(el)))
    if present.atom_authors:
        for el in index.get("atom:author", ()):
            _add(raw.authors, _atom_person(el, keys))

    raw.published = _first_date(index, present.published)
    raw.updated = _first_date(index, present.updated)
    raw.media = _media(index, keys, base, atom_links)
    return raw


def _atom_entry(entry: Element, keys: _Keys, base: str | None, feed_authors: list[str]) -> _Raw:
    rebase = _rebase if keys.bases else _keep_base
    base = rebase(base, entry)
    index = _index(entry, keys)
    raw = _Raw(base)
    ident = _first(index, "id", "guid")
    if ident is not None:
        raw.ident = clean_line(_text(ident)) or None

    title_el = _first(index, "title", "dc:title")
    if title_el is not None:
        raw.title = _title(*_construct(title_el, rebase(base, title_el)))

    links = _atom_links(index, "link")
    extra: list[Media] = []
    for key in ("content", "summary", "description"):
        for el in index.get(key, ()):
            el_base = rebase(base, el)
            src = el.get("src")
            if key == "content" and src:
                url = _web_url(src, el_base)
                if url:
                    extra.append(Media(_media_kind(url, el.get("type"), None, "embed"), url))
                continue
            kind, value = _construct(el, el_base)
            if value.strip():
                raw.kind, raw.content, raw.base = kind, value, el_base
                break
        if raw.content:
            break

    raw.url = _alternate(links, base)
    if raw.url is None:  # <link>URL</link>, as some publishers write it
        for link in index.get("link", ()):
            rel = (link.get("rel") or "alternate").strip().lower()
            if not link.get("href") and rel == "alternate":
                raw.url = _web_url(_text(link), rebase(base, link))
                if raw.url:
                    break

    for el in index.get("author", ()):
        _add(raw.authors, _atom_person(el, keys))
    for key in ("dc:creator", "dc:author"):
        for el in index.get(key, ()):
            _add(raw.authors, _person(_text(el)))
    if not raw.authors:
        source = _first(index, "source")
        if source is not None:
            for el in _index(source, keys).get("author", ()):
                _add(raw.authors, _atom_person(el, keys))
    if not raw.authors:
        raw.authors = list(feed_authors)

    raw.published = _first_date(index, _ATOM_PUBLISHED)
    raw.updated = _first_date(index, _ATOM_UPDATED)
    raw.media = extra + _media(index, keys, base, links)
    return raw


def _own_id(raw: _Raw, shared_urls: set[str]) -> str | None:
    """An item's own id: its guid/id, else its link unless other id-less items share it.
    An item with neither is known by an id derived from its time and title
    (:func:`_name_unnamed`)."""
    ident = raw.ident
    if ident and len(ident) <= 1024:  # (_usable_id)
        return ident
    if raw.url and raw.url not in shared_urls:
        return raw.url
    return None


def _content_key(raw: _Raw) -> str:
    """What tells a copy of an id-less item (the same item twice) from another item."""
    digest = hashlib.sha1(
        f"{raw.url or ''}\x00{raw.title or ''}\x00{raw.content}".encode("utf-8", "surrogatepass"),
        usedforsecurity=False,
    )
    return "sha1:" + digest.hexdigest()[:24]


def _name_unnamed(entries: list[Entry], unnamed: list[tuple[int, _Raw]]) -> None:
    """Give the entries at the positions of ``unnamed`` their derived ids (``feed:``), from
    their items' own publication times (not an update time standing in for one)."""
    ids = derived_ids(
        "feed:",
        [
            Unnamed(
                raw.published,
                raw.title,
                entries[i].text,
                media=entries[i].media[0].url if entries[i].media else "",
            )
            for i, raw in unnamed
        ],
        newest_first=newest_first(e.published for e in entries),
        taken=[e.id for e in entries if e.id],
    )
    for (i, _raw), ident in zip(unnamed, ids, strict=True):
        entries[i] = entries[i].with_changes(id=ident)


def _shared_urls(raws: list[_Raw]) -> set[str]:
    """Links that more than one id-less entry points to (a live blog's page, say)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for raw in raws:
        if raw.url and not (raw.ident and len(raw.ident) <= 1024):  # (not _usable_id)
            if raw.url in seen:
                shared.add(raw.url)
            seen.add(raw.url)
    return shared


def _usable_id(ident: str | None) -> bool:
    return bool(ident) and len(ident or "") <= 1024


def _entry(raw: _Raw, ident: str) -> Entry:
    parsed = _body(raw.kind, raw.content, raw.base) if raw.content else None
    body = parsed.body if parsed else ()
    media = list(parsed.media) if parsed else []
    if raw.media:  # enclosures and Media RSS the body does not already show
        seen = {m.url for m in media}
        extra = []
        for medium in raw.media:
            if medium.url not in seen:
                seen.add(medium.url)
                extra.append(medium)
        if extra:
            body = followed_by(body, tuple(Block("media", media=m) for m in extra))
            media.extend(extra)
    text = parsed.text if parsed else ""
    published, updated = raw.published, raw.updated
    if published is None:
        published, updated = updated, None
    elif updated is not None and updated <= published:
        updated = None
    return Entry(
        id=ident,
        published=published,
        updated=updated,
        authors=tuple(raw.authors),
        title=raw.title,
        body=body,
        text=text,
        url=raw.url,
        links=parsed.links if parsed else (),
        media=tuple(media),
    )
