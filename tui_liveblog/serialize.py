"""Model ↔ plain dicts: the public JSON contract, and the fuller records the cache keeps."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, get_args

from tui_liveblog.content.deferred import DeferredBody
from tui_liveblog.dates import iso, parse_iso
from tui_liveblog.model import Block, Blog, Body, Entry, Media, MediaKind, Span, Version


def _time(value: Any) -> datetime | None:
    """Read a stored time: iso()'s own form directly (fast), anything else via parse_iso."""
    if value is None:
        return None
    if (
        isinstance(value, str)
        and len(value) == 25
        and value[10] == "T"
        and value.endswith("+00:00")
    ):
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if 1970 <= dt.year <= 2200:  # parse_iso's range
                return dt
    return parse_iso(value)


def entry_to_json(entry: Entry) -> dict[str, Any]:
    """An entry as DESIGN.md's JSON contract has it (no structured body)."""
    return {
        "id": entry.id,
        "published": iso(entry.published),
        "updated": iso(entry.updated),
        "authors": list(entry.authors),
        "title": entry.title,
        "text": entry.text,
        "url": entry.url,
        "links": list(entry.links),
        "media": [{"kind": m.kind, "url": m.url} for m in entry.media],
        "pinned": entry.pinned,
        "key_event": entry.key_event,
        "deleted": entry.deleted,
    }


def version_to_json(version: Version) -> dict[str, Any]:
    """One version of an edited entry, as ``dump --versions`` has it (DESIGN.md)."""
    return {"updated": iso(version.updated), "title": version.title, "text": version.text}


def version_from_record(rec: Mapping[str, Any], replaced: datetime | None = None) -> Version:
    """A version from an entry's cache record (no body is read), replaced at ``replaced``."""
    title = rec.get("title")
    return Version(
        updated=_time(rec.get("updated")),
        title=title if isinstance(title, str) else None,
        text=str(rec.get("text") or ""),
        published=_time(rec.get("published")),
        replaced=replaced,
    )


def blog_to_json(blog: Blog, fetched_at: datetime | None) -> dict[str, Any]:
    return {
        "url": blog.url,
        "title": blog.title,
        "source": blog.source,
        "live": blog.live,
        "fetched_at": iso(fetched_at),
    }


# -- cache records: everything, including the body ------------------------------------------


def _span_to_list(span: Span) -> list[Any]:
    flags = span.bold | span.italic << 1 | span.strike << 2 | span.code << 3
    if span.href is None and not flags:
        return [span.text]
    return [span.text, span.href, flags]


def _span_from_list(data: list[Any]) -> Span:
    text = str(data[0])
    if len(data) == 1:
        return Span(text)
    flags = int(data[2])
    return Span(text, data[1], bool(flags & 1), bool(flags & 2), bool(flags & 4), bool(flags & 8))


def _media_to_dict(media: Media) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": media.kind, "url": media.url}
    if media.caption:
        out["caption"] = media.caption
    return out


# one string object per kind, not one per media item read back (a 50k cache has 50k of them)
_KINDS: dict[str, MediaKind] = {kind: kind for kind in get_args(MediaKind)}


def _media_from_dict(data: Mapping[str, Any]) -> Media:
    kind = _KINDS.get(data.get("kind", "embed"), "embed")
    return Media(kind, str(data["url"]), data.get("caption"))


def body_to_list(body: Body) -> list[dict[str, Any]] | dict[str, Any]:
    """A body for the cache: its blocks as a list, or a deferred body's markup (and base) as
    ``{"html": …, "base": …}``, built again when it is read."""
    if isinstance(body, DeferredBody):
        kept: dict[str, Any] = {"html": body.markup, "base": body.base}
        if body.after:
            kept["after"] = body_to_list(body.after)
        return kept
    out: list[dict[str, Any]] = []
    for block in body:
        rec: dict[str, Any] = {"k": block.kind}
        if block.spans:
            rec["s"] = [_span_to_list(s) for s in block.spans]
        if block.items:
            rec["i"] = [[_span_to_list(s) for s in item] for item in block.items]
        if block.level:
            rec["l"] = block.level
        if block.media is not None:
            rec["m"] = _media_to_dict(block.media)
        out.append(rec)
    return out


def body_from_list(data: list[dict[str, Any]] | dict[str, Any]) -> Body:
    if isinstance(data, dict):
        markup, base = data.get("html"), data.get("base")
        if not isinstance(markup, str) or not markup:
            return ()
        after = data.get("after")
        return DeferredBody(
            markup,
            base if isinstance(base, str) else None,
            after=tuple(body_from_list(after)) if isinstance(after, list) else (),
        )
    blocks = []
    for rec in data:
        blocks.append(
            Block(
                rec["k"],
                tuple(_span_from_list(s) for s in rec.get("s", ())),
                tuple(tuple(_span_from_list(s) for s in item) for item in rec.get("i", ())),
                int(rec.get("l", 0)),
                _media_from_dict(rec["m"]) if "m" in rec else None,
            )
        )
    return tuple(blocks)


def entry_to_record(entry: Entry) -> dict[str, Any]:
    """Everything about an entry, for the cache (round-trips through :func:`entry_from_record`)."""
    rec = entry_to_json(entry)
    rec["media"] = [_media_to_dict(m) for m in entry.media]
    rec["body"] = body_to_list(entry.body)
    return rec


# A blog has a handful of authors and 10k-50k entries: entries read back share one tuple (and
# its strings) per distinct author list instead of holding a copy each (~110 bytes an entry).
_AUTHORS: dict[tuple[str, ...], tuple[str, ...]] = {}
_AUTHORS_MAX = 4096


def _shared_authors(names: list[Any]) -> tuple[str, ...]:
    key = tuple(names)
    try:
        shared = _AUTHORS.get(key)
    except TypeError:  # not strings (a damaged record): kept as it is, not shared
        return key
    if shared is None:
        if len(_AUTHORS) >= _AUTHORS_MAX:  # a bound, for processes that read many blogs
            _AUTHORS.clear()
        shared = _AUTHORS[key] = key
    return shared


def entry_from_record(rec: Mapping[str, Any]) -> Entry:
    # the cache loads 10k-50k of these at start-up: no generators, no calls for empty fields
    get = rec.get
    body = get("body")
    media = get("media")
    authors = get("authors")
    return Entry(
        id=str(rec["id"]),
        published=_time(get("published")),
        updated=_time(get("updated")),
        authors=_shared_authors(authors) if authors else (),
        title=get("title"),
        body=body_from_list(body) if body else (),
        text=str(get("text") or ""),
        url=get("url"),
        links=tuple(get("links") or ()),
        media=tuple([_media_from_dict(m) for m in media]) if media else (),
        pinned=bool(get("pinned")),
        key_event=bool(get("key_event")),
        deleted=bool(get("deleted")),
    )


def blog_to_record(blog: Blog) -> dict[str, Any]:
    return {
        "url": blog.url,
        "title": blog.title,
        "source": blog.source,
        "live": blog.live,
        "coverage_start": iso(blog.coverage_start),
        "coverage_end": iso(blog.coverage_end),
        "description": blog.description,
    }


def blog_from_record(rec: Mapping[str, Any]) -> Blog:
    live = rec.get("live")
    return Blog(
        url=str(rec["url"]),
        title=str(rec.get("title") or rec["url"]),
        source=str(rec.get("source") or "jsonld"),
        live=None if live is None else bool(live),
        coverage_start=_time(rec.get("coverage_start")),
        coverage_end=_time(rec.get("coverage_end")),
        description=rec.get("description"),
    )
