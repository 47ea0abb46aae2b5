"""schema.org ``LiveBlogPosting`` JSON-LD, from an article page or a bare JSON document.

What publishers do, and what this module does about it:

- the JSON-LD sits in one of several ``<script type="application/ld+json">`` blocks, as an
  object, a list, inside ``@graph`` or nested (``mainEntity``…); ``@type`` may be a list;
  ``liveBlogUpdate`` may be one object or a list, and in a ``@graph`` a bare ``{"@id": …}``
  reference to a node elsewhere;
- blocks may be broken JSON (skipped, with a warning when they could have held the blog), or
  wrapped in HTML comments / CDATA, carry trailing junk or raw control characters in strings;
- text holds HTML entities or HTML (decoded and sanitised by :mod:`tui_liveblog.content`);
- the same update may appear twice: updates are deduplicated by ``@id``, else ``url``, else
  their content (an ``@id`` or ``url`` that names the page itself, or that different updates
  share, is not taken as an identity). An update with neither is known by its time and headline
  (:mod:`tui_liveblog.sources.derived_ids`), so that an edit of its text is an edit;
- some publishers copy the page's headline and time into every update. When most updates share
  one timestamp, or carry the page headline, the page's own rendered entry blocks
  (``id="<@id>"``, ``id="block-<@id>"``… holding ``<time datetime>`` and a heading) supply each
  entry's times and title. Only then is the whole page parsed as HTML.

This module holds detection and the page level; the rest is in :mod:`.scripts` (reading
the ld+json blocks), :mod:`.graph` (finding the LiveBlogPosting and its updates),
:mod:`.fields` (field helpers, dates), :mod:`.entries` (updates → entries) and
:mod:`.rendered` (the page's rendered entry blocks).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tui_liveblog.content import inline_text
from tui_liveblog.errors import ParseError
from tui_liveblog.model import Blog, Snapshot, sort_entries
from tui_liveblog.sanitize import safe_url
from tui_liveblog.sources import charset
from tui_liveblog.sources.base import Extras, Headers, Source
from tui_liveblog.sources.charset import Encoding, decode_as
from tui_liveblog.sources.common import SNIFF_BYTES, cap_entries, is_http, without_credentials
from tui_liveblog.sources.jsonld.entries import (
    _build_entries,
    _copies_page_values,
    _headline,
    _Headlines,
    _Page,
)
from tui_liveblog.sources.jsonld.fields import _first_str, _Memo, _page_key, _text_value
from tui_liveblog.sources.jsonld.graph import _find_live_blogs, _updates
from tui_liveblog.sources.jsonld.reconcile import (
    anchor_token_lists,
    reconciled,
    rendered_entries,
    shown_page,
)
from tui_liveblog.sources.jsonld.rendered import _apply_blocks, _scan_blocks
from tui_liveblog.sources.jsonld.scripts import _is_bare_json, _read_blocks
from tui_liveblog.sources.jsonld.tidy import tidy_entry

KIND = "jsonld"

_TITLE = re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_NOT_FOUND = "no schema.org LiveBlogPosting found in this page"


# -- detection ------------------------------------------------------------------------------


def url_matches(url: str) -> bool:
    """JSON-LD has no URL pattern of its own: any article page may carry it."""
    return False


def sniff(head: bytes, content_type: str | None) -> bool:
    """An ld+json script (or a bare JSON document) that mentions ``LiveBlogPosting``.

    Pages often put their JSON-LD past the sniffed head (the Independent's and the Mirror's
    come after 120 KiB and 330 KiB of styles), so an HTML page whose head was cut short is
    worth a try too: :func:`parse` says clearly when it holds no live blog.
    """
    lowered = head.lower()
    start = lowered[:64].lstrip()
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:].lstrip()
    mentions = b"liveblogposting" in lowered
    if start[:1] in (b"{", b"["):
        return mentions
    if mentions and b"application/ld+json" in lowered:
        return True
    cut = len(head) >= SNIFF_BYTES
    return cut and (b"<html" in lowered or b"<!doctype html" in lowered)


# -- the page -------------------------------------------------------------------------------


def _page_title(data: bytes, encoding: Encoding) -> str | None:
    m = _TITLE.search(data[:2_000_000])
    return inline_text(decode_as(m.group(1), encoding)) if m else None


def _blog_keys(blog: Mapping[str, Any]) -> set[str]:
    keys = {_page_key(_first_str(blog.get(key))) for key in ("url", "@id", "mainEntityOfPage")}
    keys.discard("")
    return keys


def _same_blog(main: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Is ``other`` a copy or part of ``main`` (same URL, or no URL to tell them apart)?"""
    main_keys, other_keys = _blog_keys(main), _blog_keys(other)
    return not main_keys or not other_keys or bool(main_keys & other_keys)


def _base_url(url: str, blog: Mapping[str, Any]) -> str | None:
    if url.lower().startswith(("http://", "https://")):
        return without_credentials(url)  # (a token in the page's URL never reaches a link)
    for key in ("url", "mainEntityOfPage", "@id"):
        candidate = safe_url(_first_str(blog.get(key)))
        if candidate and is_http(candidate):
            return candidate
    return None


def _live(blog: Mapping[str, Any], start: datetime | None, end: datetime | None) -> bool | None:
    """True/False only when the source says so; an end time not after the start says nothing."""
    stated_end = end if end is not None and (start is None or end > start) else None
    if stated_end is not None and stated_end <= datetime.now(UTC):
        return False
    for key in ("isLive", "isLiveBroadcast"):
        flag = blog.get(key)
        if isinstance(flag, bool):
            return flag
    status = blog.get("liveBlogStatus")
    if isinstance(status, str):
        status = status.strip().lower()
        if status in ("live", "open", "active", "running"):
            return True
        if status in ("ended", "closed", "finished", "archived", "complete", "completed"):
            return False
    return True if stated_end is not None else None


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Parse a page (or bare JSON document) holding a schema.org ``LiveBlogPosting``."""
    encoding = charset.sniff(data, headers)
    blocks = _read_blocks(data, encoding)
    warnings: list[str] = []
    if blocks.broken:
        plural = "s" if blocks.broken > 1 else ""
        reason = blocks.broken_reasons[0]
        warnings.append(
            f"skipped {blocks.broken} JSON-LD block{plural} that could not be read ({reason})"
        )
    blogs = _find_live_blogs(blocks.values)
    if not blogs:
        if blocks.broken:
            raise ParseError(f"{_NOT_FOUND}: its JSON-LD is not valid JSON")
        raise ParseError(_NOT_FOUND)

    def n_updates(b: dict[str, Any]) -> int:
        raw = b.get("liveBlogUpdate")
        return len(raw) if isinstance(raw, list) else int(raw is not None)

    main = max(blogs, key=n_updates)  # the first of the largest
    # a page may repeat its live blog (or cut it into parts); another live blog is not merged
    blogs = [b for b in blogs if b is main or _same_blog(main, b)]
    memo = _Memo()
    base = _base_url(url, main)
    page_keys = {_page_key(url), _page_key(base), *_blog_keys(main)}
    page_keys.discard("")
    page_headline = inline_text(_headline(main))
    name = _text_value(main.get("name"))
    headlines = _Headlines([page_headline, inline_text(name) if name else None])

    page = _Page(base, page_keys, headlines, frozenset(memo.authors(main.get("author"))))
    built = _build_entries(_updates(blogs, blocks.values), page, memo)
    entries = built.entries
    if _copies_page_values(built) and not _is_bare_json(data):
        rendered = _scan_blocks(data, built.anchors, base, memo)
        if rendered:
            entries = _apply_blocks(entries, rendered, headlines)
    entries = [tidy_entry(e) for e in entries]  # what a reader sees: no CMS artefacts
    visible = None if _is_bare_json(data) else shown_page(data, entries, built.anchors)
    if visible is not None:
        tokens = anchor_token_lists(built.anchors)
        on_page = rendered_entries(visible, base or url, headers, built.anchors, tokens)
        entries = reconciled(entries, built.anchors, on_page, headlines, tokens)
    entries = cap_entries(entries, warnings)

    start = memo.date(main.get("coverageStartTime"))
    end = memo.date(main.get("coverageEndTime"))
    shown = without_credentials(url)
    title = page_headline or (None if _is_bare_json(data) else _page_title(data, encoding)) or shown
    description = _text_value(main.get("description"))
    blog = Blog(
        url=shown,
        title=title,
        source=KIND,
        live=_live(main, start, end),
        coverage_start=start,
        coverage_end=end,
        description=inline_text(description) if description else None,
    )
    return Snapshot(blog=blog, entries=tuple(sort_entries(entries)), warnings=tuple(warnings))


SOURCE = Source(kind=KIND, url_matches=url_matches, sniff=sniff, parse=parse)
