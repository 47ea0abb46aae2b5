"""WordPress liveblog entry records (``WPCOM_Liveblog_Entry::for_json``) → entries.

What the plugin sends (1.7 and later), and what is made of it:

- every change is a record of its own (a WordPress comment): ``type`` ``new``, ``update`` or
  ``delete``. An update or delete record carries the **id of the entry it replaces** (its own
  comment id is never shown), so ids stay stable; ``id`` is a string (``"2977"``), sometimes a
  number;
- ``timestamp`` is the record's own time (for an update: when the entry was edited; for a
  delete: when it was deleted); ``entry_time`` is the original entry's time. Both are epoch
  seconds, numbers or numeric strings. published = ``entry_time`` (else ``timestamp``),
  updated = an update's ``timestamp`` when it is later;
- ``render`` is the rendered HTML, ``content`` the editor's raw text (with ``/key`` commands
  and ``#hashtags`` as typed), ``html`` (up to 1.6) the whole rendered entry template, whose
  ``data-timestamp``, ``.liveblog-author-name`` and ``.liveblog-entry-text`` are read;
- ``/key`` marks a key event: ``key_event: true`` (the key-events feature), and the
  ``type-key`` CSS class; the command itself stays in ``render`` as a hidden
  ``<span class="liveblog-command type-key">key</span>``, removed here; hashtag links get
  back the ``#`` the plugin's CSS draws;
- ``authors``: ``[{id, key, name, avatar}]``, ``[]`` when the authors are hidden, and an
  empty ``[]`` item for a user that no longer exists; 1.7 sent ``author_link`` instead;
- a response may hold several records for one entry (edited twice in a polling window): the
  latest by ``timestamp`` wins, a delete on a tie. A deleted entry is not an entry: its id goes
  to ``removed_ids`` so a copy seen before becomes deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui_liveblog.content import inline_text, read_body
from tui_liveblog.dates import parse_epoch
from tui_liveblog.model import Entry
from tui_liveblog.sanitize import clean_line, drop_c1_references
from tui_liveblog.sources.common import http_url, safe_int

_KINDS = frozenset({"new", "update", "delete"})
_COMMAND_SPAN = re.compile(
    r"""<span\b[^>]*\bclass\s*=\s*["'][^"']*\bliveblog-command\b[^"']*["'][^>]*>[^<]*</span>\s*""",
    re.IGNORECASE,
)
_KEY_COMMAND = re.compile(r"(^|[>\s])/key\b\s*", re.IGNORECASE)
_HASHTAG = re.compile(
    r"""(<(?:a|span)\b[^>]*\bclass\s*=\s*["'][^"']*\bliveblog-hash\b[^"']*["'][^>]*>)(?!#)""",
    re.IGNORECASE,
)
_TRUE = frozenset({"1", "true", "yes", "on"})
_MAX_ID = 200


def epoch(value: object) -> int | None:
    """Epoch seconds from a number or a numeric string; None for anything else or ≤ 0."""
    number = safe_int(value, max_digits=15)
    return number if number is not None and 0 < number < 10**12 else None


def _time(value: int | None) -> datetime | None:
    return parse_epoch(value) if value is not None else None


def _id(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        text = clean_line(value)
        return text if text and len(text) <= _MAX_ID else None
    return None


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in _TRUE


def _authors(record: Mapping[str, Any]) -> tuple[str, ...]:
    names: list[str] = []
    raw = record.get("authors")
    items: Iterable[Any] = raw.values() if isinstance(raw, dict) else raw or ()
    if isinstance(raw, list | dict):
        for item in items:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str):
                text = inline_text(name)
                if text and text not in names:
                    names.append(text)
    if not names:
        for key in ("author_link", "author_name", "author"):
            value = record.get(key)
            if isinstance(value, str):
                text = inline_text(value)
                if text:
                    names.append(text)
                    break
    return tuple(names)


def _tidy_html(html: str) -> str:
    if "liveblog-command" in html:
        html = _COMMAND_SPAN.sub("", html)
    if "liveblog-hash" in html:
        html = _HASHTAG.sub(r"\1#", html)
    return html


@dataclass(slots=True)
class _Template:
    """What an entry's rendered template (plugin ≤ 1.6 ``html``) holds."""

    body: str = ""
    stamp: int | None = None
    author: str | None = None
    key: bool = False


def _template(html: str) -> _Template:
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    out = _Template()
    try:
        tree = LexborHTMLParser(drop_c1_references(html))  # (it reads &#150; as "–")
        root = tree.css_first("[data-timestamp]")
        if root is not None:
            out.stamp = epoch(root.attributes.get("data-timestamp"))
            out.key = "type-key" in (root.attributes.get("class") or "").split()
        author = tree.css_first(".liveblog-author-name")
        if author is not None:
            out.author = inline_text(author.text(separator=" "))
        text = tree.css_first(".liveblog-entry-text")
        out.body = (text.inner_html or "") if text is not None else html
    except (SelectolaxError, RuntimeError, ValueError):
        # what the parser can raise on a str: SelectolaxError when lexbor cannot parse it,
        # RuntimeError for a document it failed to make, ValueError for input over its size
        # limit. The selectors are fixed and valid; epoch() and inline_text() never raise.
        out.body = html
    return out


@dataclass(slots=True)
class Built:
    entries: list[Entry] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    newest: int | None = None  # the latest record timestamp seen
    oldest: int | None = None  # the earliest one
    skipped: int = 0


@dataclass(slots=True)
class _Record:
    id: str
    kind: str
    stamp: int | None
    order: int
    data: Mapping[str, Any]
    template: _Template | None


def _record(raw: object, order: int) -> _Record | None:
    if not isinstance(raw, dict):
        return None
    entry_id = _id(raw.get("id"))
    if entry_id is None:
        return None
    kind = raw.get("type")
    kind = kind.strip().lower() if isinstance(kind, str) else "new"
    if kind not in _KINDS:
        kind = "new"
    stamp = epoch(raw.get("timestamp"))
    template = None
    html = raw.get("html")
    if not isinstance(raw.get("render"), str) and isinstance(html, str) and html.strip():
        template = _template(html)
        stamp = stamp or template.stamp
    return _Record(entry_id, kind, stamp, order, raw, template)


def _wins(new: _Record, old: _Record) -> bool:
    """Is ``new`` the later state of the entry than ``old``?"""
    if new.stamp is not None and old.stamp is not None and new.stamp != old.stamp:
        return new.stamp > old.stamp
    if (new.kind == "delete") != (old.kind == "delete"):
        return new.kind == "delete"
    return new.order > old.order


def _entry(rec: _Record, base: str | None) -> Entry:
    data = rec.data
    tpl = rec.template
    published = epoch(data.get("entry_time")) or rec.stamp
    updated = None
    if rec.kind == "update" and rec.stamp is not None and published is not None:
        updated = rec.stamp if rec.stamp > published else None
    render = data.get("render")
    if isinstance(render, str) and render.strip():
        html = render
    elif tpl is not None:
        html = tpl.body
    else:
        content = data.get("content")
        html = _KEY_COMMAND.sub(r"\1", content) if isinstance(content, str) else ""
    parsed = read_body(_tidy_html(html), base)
    authors = _authors(data)
    if not authors and tpl is not None and tpl.author:
        authors = (tpl.author,)
    classes = data.get("css_classes")
    key_event = _flag(data.get("key_event")) or (tpl is not None and tpl.key)
    if not key_event and isinstance(classes, str):
        key_event = "type-key" in classes.split()
    share = data.get("share_link")
    return Entry(
        id=rec.id,
        published=_time(published),
        updated=_time(updated),
        authors=authors,
        body=parsed.body,
        text=parsed.text,
        url=http_url(share, base),
        links=parsed.links,
        media=parsed.media,
        key_event=key_event,
    )


def build(records: Iterable[object], base: str | None) -> Built:
    """Turn a response's records into entries and removed ids (the latest record per id wins)."""
    out = Built()
    latest: dict[str, _Record] = {}
    for order, raw in enumerate(records):
        rec = _record(raw, order)
        if rec is None:
            out.skipped += 1
            continue
        if rec.stamp is not None:
            out.newest = rec.stamp if out.newest is None else max(out.newest, rec.stamp)
            out.oldest = rec.stamp if out.oldest is None else min(out.oldest, rec.stamp)
        old = latest.get(rec.id)
        if old is None or _wins(rec, old):
            latest[rec.id] = rec
    for rec in latest.values():
        if rec.kind == "delete":
            out.removed_ids.append(rec.id)
        else:
            out.entries.append(_entry(rec, base))
    return out
