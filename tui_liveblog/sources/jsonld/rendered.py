"""The page's own rendered entry blocks (``id="<@id>"``, ``id="block-<@id>"``… holding
``<time datetime>`` and a heading), read with selectolax for each entry's times, title and
anchor. Only used for pages that copy the page's headline or time into every update.
Part of :mod:`tui_liveblog.sources.jsonld`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui_liveblog.content import inline_text
from tui_liveblog.model import Entry
from tui_liveblog.sanitize import drop_c1_references, safe_url
from tui_liveblog.sources.common import is_http, too_deep
from tui_liveblog.sources.jsonld.entries import _Headlines
from tui_liveblog.sources.jsonld.fields import _Memo

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BODY_START = frozenset({"p", "blockquote", "ul", "ol", "figure", "table", "pre"})
_ANCHOR_PREFIXES = ("", "block-", "post-", "entry-", "update-")


@dataclass(slots=True)
class _BlockInfo:
    published: datetime | None
    updated: datetime | None
    title: str | None
    url: str | None


def anchor_tokens(ident: str | None, url: str | None) -> list[str]:
    """What an element id may be for an update: its id, or its URL's fragment."""
    tokens: list[str] = []
    for value in (ident, url):
        if not value:
            continue
        token = value.rsplit("#", 1)[1] if "#" in value else value
        if token and "/" not in token and ":" not in token and token not in tokens:
            tokens.append(token)
    return tokens


def _anchor_ids(ident: str | None, url: str | None) -> list[str]:
    """Element ids the page may give an update's block: ``<id>``, ``block-<id>``…"""
    return [prefix + token for token in anchor_tokens(ident, url) for prefix in _ANCHOR_PREFIXES]


def _block_title(node: Any) -> str | None:
    """``itemprop=headline``, else a heading in the block's ``<header>``, else a heading that
    comes before the block's first paragraph."""
    found = node.css_first('[itemprop="headline"]')
    if found is None:
        header = node.css_first("header")
        if header is not None:
            found = next((n for n in header.traverse() if n.tag in _HEADINGS), None)
    if found is None:
        for n in node.traverse():
            if n.tag in _BODY_START:
                break
            if n.tag in _HEADINGS:
                found = n
                break
    if found is None:
        return None
    return inline_text(found.text(deep=True))


def _block_times(node: Any, memo: _Memo) -> tuple[datetime | None, datetime | None]:
    """The block's first ``<time>`` is its publication; one marked 'updated' its edit."""
    published: datetime | None = None
    updated: datetime | None = None
    for time_el in node.css("time"):
        attrs = time_el.attributes
        when = memo.date(attrs.get("datetime") or attrs.get("content"))
        if when is None:
            continue
        marker = " ".join(
            f"{k} {v or ''}" for k, v in attrs.items() if k not in ("datetime", "content")
        ).lower()
        if "updat" in marker or "modif" in marker:
            if updated is None:
                updated = when
        elif published is None:
            published = when
    return published, updated


def _block_url(node: Any, element_id: str, base: str | None) -> str | None:
    """The block's own permalink (a link to its anchor), else the page URL + its anchor."""
    for a in node.css("a[href]"):
        href = a.attributes.get("href") or ""
        if href.endswith("#" + element_id):
            resolved = safe_url(href, base)
            if resolved and is_http(resolved):
                return resolved
    return safe_url("#" + element_id, base) if base else None


def _scan_blocks(
    data: bytes, anchors: list[tuple[str | None, str | None]], base: str | None, memo: _Memo
) -> dict[int, _BlockInfo]:
    """Times, title and anchor of each update, from the page's rendered ``id=…`` blocks."""
    from selectolax.lexbor import LexborHTMLParser

    wanted: dict[str, int] = {}
    for i, (ident, url) in enumerate(anchors):
        for element_id in _anchor_ids(ident, url):
            wanted.setdefault(element_id, i)
    if not wanted or too_deep(data):
        return {}  # (a page nested absurdly deep would take the parser minutes)
    try:
        tree = LexborHTMLParser(drop_c1_references(data))  # (it reads &#150; as "–")
    except Exception:  # selectolax raises plain errors on hopeless input
        return {}
    out: dict[int, _BlockInfo] = {}
    for node in tree.css("[id]"):
        element_id = node.attributes.get("id") or ""
        index = wanted.get(element_id)
        if index is None or index in out:
            continue
        published, updated = _block_times(node, memo)
        out[index] = _BlockInfo(
            published, updated, _block_title(node), _block_url(node, element_id, base)
        )
    return out


def _apply_blocks(
    entries: list[Entry], rendered: dict[int, _BlockInfo], headlines: _Headlines
) -> list[Entry]:
    out = list(entries)
    for i, info in rendered.items():
        entry = out[i]
        published = info.published or entry.published
        later = info.updated if published and info.updated and info.updated > published else None
        title = info.title if info.title and info.title not in headlines else entry.title
        out[i] = entry.with_changes(
            published=published, updated=later, title=title, url=entry.url or info.url
        )
    return out
