"""Plain HTML pages without structured data: a heuristic extractor of repeated entry blocks.

Used last, when no other source reads the page (archived live blogs, small publishers). It
looks for a group of three or more blocks — sibling elements sharing a tag and class
signature (merged across day sections), or runs of content each headed or ended by a short
time/byline element — most of which show a time (``<time datetime>``, ``data-timestamp``…,
or visible text such as ``by NAME edited by NAME 6/15/2014 3:16:44 PM``, ``15 June 2014
15:16``, ``June 15, 2014 at 3:16 pm``, ``15:16 BST`` under a dated heading) and real text,
and that sit outside navigation, footers, sidebars, comment threads and related-links boxes;
the best-scoring group is the timeline (see :mod:`.groups`). Each block becomes an entry
(:mod:`.entries`): its times and byline (an editor is not an author), its first heading as
title, the rest as body; ``pinned``/``sticky`` and ``key-event``/``highlight`` classes set the
flags; the id is the block's ``id`` (or ``data-id``…), else a hash of its time, authors and
title (of its first words when it shows no time: :mod:`tui_liveblog.sources.derived_ids`).

Quirks handled: the page's charset (BOM, HTTP header, ``<meta charset>``, UTF-8, then
windows-1252); ``<base href>``; times without a zone take the zone most of the page's times
state, else the offset of the page's own publication time, else UTC; pathologically deep
nesting (which the HTML parser handles in quadratic time) is refused up front. A page that
holds no timeline raises :class:`ParseError` with one line saying so.

Limits (it is a heuristic): three posts at least; posts whose text is mostly a few words
(a terse ticker, under ~40 characters in the median post) read like a fixtures table and are
refused; lists that look like timelines (a TV schedule, an agenda with times and blurbs) may
be taken for one; comment threads are told by their classes and reply/report buttons only;
relative times ("5 minutes ago") are not read; a time with no date anywhere on the page gives
an undated entry; posts the page loads by script are not there to be read.

Modules: :mod:`.scan` (one pass over the tree), :mod:`.groups` (candidates, scoring),
:mod:`.block` (one block: meta parts, authors, identity, body), :mod:`.titles`,
:mod:`.times` (dates for times shown without one), :mod:`.entries` (blocks → entries),
:mod:`.dates` (time forms and zones), :mod:`.bylines` (bylines).
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo
from typing import Any

from tui_liveblog.errors import ParseError
from tui_liveblog.model import Blog, Entry, Snapshot, sort_entries
from tui_liveblog.sanitize import clean_line, drop_c1_references, safe_url
from tui_liveblog.sources import charset
from tui_liveblog.sources.base import Extras, Headers, Source
from tui_liveblog.sources.common import (
    MAX_DEPTH,
    cap_entries,
    is_http,
    too_deep,
    without_credentials,
)
from tui_liveblog.sources.html.block import Page
from tui_liveblog.sources.html.dates import numeric_order, zone_of
from tui_liveblog.sources.html.entries import build
from tui_liveblog.sources.html.groups import choose
from tui_liveblog.sources.html.scan import Scan, scan

KIND = "html"

_NOT_FOUND = "no live blog found in this page"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|article|section|main|p|table)[\s>/]",
    re.IGNORECASE,
)
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(?:rss|RDF|feed)[\s>]")
_PAGE_DATES = (
    'meta[property="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publish-date"]',
    'meta[name="dc.date.issued"]',
    'meta[name="DC.date.issued"]',
)
_ISO_ZONE = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-]\d{2}:?\d{2})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


# -- detection ------------------------------------------------------------------------------


def url_matches(url: str) -> bool:
    """Any page may be read by the HTML extractor: it never claims a URL."""
    return False


def sniff(head: bytes, content_type: str | None) -> bool:
    """Anything that looks like an HTML document (JSON, feeds and other XML do not)."""
    start = head[:256].lstrip()
    if start.startswith(codecs.BOM_UTF8):
        start = start[3:].lstrip()
    if start[:1] in (b"{", b"["):
        return False
    if content_type and content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES:
        return True
    if start[:5].lower() == b"<?xml" and _FEED_ROOT.search(head[:4096]):
        return False
    return bool(_HTML_START.search(head))


# -- decoding -------------------------------------------------------------------------------


def decode(data: bytes, headers: Mapping[str, str] | None) -> str:
    """The page's text (:mod:`tui_liveblog.sources.charset`: BOM, header, ``<meta>``, UTF-8,
    windows-1252)."""
    return charset.decode(data, headers)


_LEADING_SPACE = re.compile(rb"[ \t\n\r\f\v]*")


def _markup(data: bytes, headers: Headers) -> str | bytes:
    """What lexbor reads: the page's text without references to C1 controls (lexbor reads
    ``&#150;`` as "–"), checked not empty and not nested too deep. Its bytes as they are when
    they are that text in UTF-8 (lexbor's encoding): no text to make, nor to encode again for
    it, when a look at the bytes answers both checks."""
    if data.count(b"<") <= MAX_DEPTH and charset.utf8_as_is(data, headers):
        lead = _LEADING_SPACE.match(data)
        first = data[lead.end() : lead.end() + 1] if lead else b""
        if first and 0x20 < first[0] < 0x80:  # (a character no str.strip() removes)
            return drop_c1_references(data)
    text = drop_c1_references(decode(data, headers))
    if not text.strip():
        raise ParseError(f"{_NOT_FOUND}: the page is empty")
    _check_nesting(text)
    return text


def _check_nesting(text: str) -> None:
    if too_deep(text):
        raise ParseError(f"{_NOT_FOUND}: its elements are nested too deeply to read")


# -- the page -------------------------------------------------------------------------------


def _attr(tree: Any, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    value = node.attributes.get(name)
    return str(value) if value else None


def _title(tree: Any) -> str | None:
    for value in (
        _attr(tree, 'meta[property="og:title"]', "content"),
        (tree.css_first("title").text() if tree.css_first("title") is not None else None),
        (tree.css_first("h1").text(separator=" ") if tree.css_first("h1") is not None else None),
    ):
        line = clean_line(value)[:300] if value else ""
        if line:
            return line
    return None


def _page_date(tree: Any) -> tuple[date | None, tzinfo | None]:
    """The page's own publication date and the offset it is written in."""
    value = None
    for selector in _PAGE_DATES:
        value = _attr(tree, selector, "content")
        if value:
            break
    if not value:
        value = _attr(tree, "time[datetime]", "datetime")
    if not value:
        return None, None
    day = None
    m = _ISO_DATE.match(value)
    if m:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            day = None
    zm = _ISO_ZONE.search(value)
    zone = zone_of(zm.group(1)) if zm else None
    if zone is not None and zone.utcoffset(None) == timedelta(0):
        zone = None
    return day, zone


def _base(tree: Any, url: str) -> tuple[str | None, str | None]:
    """(the page URL for anchors, the base for relative links)."""
    # (never with a token the page's URL carries: it would reach every anchor link)
    page = without_credentials(url.split("#", 1)[0]) if is_http(url) else None
    href = _attr(tree, "base[href]", "href")
    if href:
        resolved = safe_url(href, page)
        if resolved and is_http(resolved):
            return page, resolved
    return page, page


def _zone(s: Scan, page_zone: tzinfo | None) -> tuple[str | None, tzinfo]:
    names = Counter(st.zone for found in s.stamps.values() for st in found if st.zone)
    for name, _count in names.most_common():
        if zone_of(name, None) is not None:
            return name, page_zone or UTC
    return None, page_zone or UTC


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Read the repeated entry blocks of a plain HTML page as a timeline."""
    return read(data, url, headers).snapshot


@dataclass(frozen=True, slots=True)
class Shown:
    """A page's timeline, and the entries the page singles out."""

    snapshot: Snapshot
    # ids of entries that links from elsewhere on the page point to (a "Key events" list)
    linked: frozenset[str] = frozenset()


def read(
    data: bytes,
    url: str,
    headers: Headers = None,
    within: Container[str] = frozenset(),
    *,
    singled: bool = False,
) -> Shown:
    """:func:`parse`, given the ids a page's entries may carry (its JSON-LD updates'
    anchors): the entries are looked for inside the element that holds three or more of
    them; and (``singled``) the entries that links from outside them point to."""
    from selectolax.lexbor import LexborHTMLParser

    markup = _markup(data, headers)
    try:
        tree = LexborHTMLParser(markup)
    except Exception as err:  # selectolax raises plain errors on hopeless input
        raise ParseError(
            f"{_NOT_FOUND}: the HTML could not be read ({type(err).__name__})"
        ) from None
    title = _title(tree)
    day, page_zone = _page_date(tree)
    anchor_base, base = _base(tree, url)
    tree.strip_tags(["script", "style", "noscript", "template", "svg", "math", "head"])
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        raise ParseError(f"{_NOT_FOUND}: the page is empty")
    whole = root
    if within:
        root = _holding(root, within)
    s = scan(root)
    choice = choose(s, anchor_base)
    if choice is None or not choice.blocks:
        if not s.stamps and not s.attrs:
            raise ParseError(f"{_NOT_FOUND}: it shows no times or dates")
        raise ParseError(
            f"{_NOT_FOUND}: no repeated posts with times (an article, an index or another page)"
        )
    all_stamps = [st for found in s.stamps.values() for st in found]
    years = [st.ymd[0] for st in all_stamps if st.ymd and st.ymd[0]]
    common_zone, default_tz = _zone(s, page_zone)
    page = Page(
        anchor_base=anchor_base,
        base=base,
        title=title,
        day=day,
        day_first=numeric_order(all_stamps),
        year=day.year if day else (years[0] if years else None),
        zone_name=common_zone,
    )
    entries = build(s, choice, page, default_tz)
    if not entries:
        raise ParseError(f"{_NOT_FOUND}: its repeated blocks hold no text")
    warnings: list[str] = []
    entries = cap_entries(entries, warnings)
    shown = without_credentials(url)
    blog = Blog(url=shown, title=title or shown, source=KIND, live=s.live)
    snapshot = Snapshot(blog=blog, entries=tuple(sort_entries(entries)), warnings=tuple(warnings))
    return Shown(snapshot, _linked(whole, entries) if singled else frozenset())


def _linked(root: Any, entries: list[Entry]) -> frozenset[str]:
    """Ids of entries that links from outside the entries point to (``<a href="#block-…">``
    in a box of key events or key points)."""
    ids = frozenset(e.url.rsplit("#", 1)[1] for e in entries if e.url and "#" in e.url)
    if not ids:
        return frozenset()
    linked: set[str] = set()
    known: dict[int, bool] = {}  # node → inside an entry (each ancestor walked once)
    for a in root.css('a[href*="#"]'):
        fragment = (a.attributes.get("href") or "").rsplit("#", 1)[-1]
        if fragment in ids and fragment not in linked and not _inside(a, ids, known):
            linked.add(fragment)
    return frozenset(linked)


def _inside(node: Any, ids: frozenset[str], known: dict[int, bool]) -> bool:
    """Is the node inside an element whose id is one of ``ids``? (``known`` remembers the
    answer for every ancestor walked, so a page costs one walk up each branch.)"""
    walked: list[int] = []
    up = node.parent
    answer = False
    while up is not None:
        key = up.mem_id
        found = known.get(key)
        if found is not None:
            answer = found
            break
        walked.append(key)
        if up.attributes.get("id") in ids:
            answer = True
            break
        up = up.parent
    for key in walked:
        known[key] = answer
    return answer


def _holding(root: Any, ids: Container[str]) -> Any:
    """The innermost element holding every element whose id is one of ``ids`` (three at
    least), else ``root``: the first one's ancestors, walked up from each of the others only
    as far as an ancestor already seen."""
    found = [n for n in root.css("[id]") if n.attributes.get("id") in ids]
    if len(found) < 3:
        return root
    chain: list[Any] = []
    node = found[0]
    while node is not None:
        chain.append(node)
        node = node.parent
    depth = {n.mem_id: k for k, n in enumerate(chain)}  # first one's ancestors, by height
    seen: set[int] = set()
    top = 0  # the highest common ancestor so far, as an index into chain
    for other in found[1:]:
        up = other
        while up is not None and up.mem_id not in depth:
            if up.mem_id in seen:
                break
            seen.add(up.mem_id)
            up = up.parent
        if up is None:
            return root
        if up.mem_id in depth:
            top = max(top, depth[up.mem_id])
    return chain[top]


SOURCE = Source(kind=KIND, url_matches=url_matches, sniff=sniff, parse=parse)
