"""schema.org ``LiveBlogPosting`` JSON-LD, from an article page or a bare JSON document.

What publishers do, and what this module does about it:

- the JSON-LD sits in one of several ``<script type="application/ld+json">`` blocks, as an
  object, a list, inside ``@graph`` or nested (``mainEntity``…); ``@type`` may be a list;
  ``liveBlogUpdate`` may be one object or a list, and in a ``@graph`` a bare ``{"@id": …}``
  reference to a node elsewhere;
- blocks may be broken JSON (skipped, with a warning when they could have held the blog), or
  wrapped in HTML comments / CDATA, carry trailing junk or raw control characters in strings;
- text holds HTML entities or HTML (decoded and sanitised by :mod:`tui_liveblog.content`);
- the same update may appear twice: updates are deduplicated by ``@id``, else ``url``, else a
  hash of their content (an ``@id`` or ``url`` that names the page itself, or that different
  updates share, is not taken as an identity);
- some publishers copy the page's headline and time into every update. When most updates share
  one timestamp, or carry the page headline, the page's own rendered entry blocks
  (``id="<@id>"``, ``id="block-<@id>"``… holding ``<time datetime>`` and a heading) supply each
  entry's times and title. Only then is the whole page parsed as HTML.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from tui_liveblog import dates
from tui_liveblog.content import inline_text, parse_body
from tui_liveblog.errors import ParseError
from tui_liveblog.model import Blog, Entry, Snapshot, sort_entries
from tui_liveblog.sanitize import clean_line, safe_url
from tui_liveblog.sources import SNIFF_BYTES, cap_entries

KIND = "jsonld"

_SCRIPT_OPEN = re.compile(
    rb"""<script\b[^>]*?\btype\s*=\s*["']?\s*application/ld\+json[^>]*>""", re.IGNORECASE
)
_SCRIPT_CLOSE = re.compile(rb"</script\s*>", re.IGNORECASE)
_TITLE = re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_WRAPPERS = re.compile(
    r"^\s*(?:(?://\s*)?<!\[CDATA\[|<!--)\s*|\s*(?:(?://\s*)?\]\]>|-->)\s*$", re.DOTALL
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BODY_START = frozenset({"p", "blockquote", "ul", "ol", "figure", "table", "pre"})
_ANCHOR_PREFIXES = ("", "block-", "post-", "entry-", "update-")
_FULL_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})\Z")
# an absolute http(s) URL that safe_url would return unchanged: no need to run it
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?\Z"
)
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


# -- JSON extraction ------------------------------------------------------------------------


@dataclass(slots=True)
class _Blocks:
    values: list[Any]
    broken: int  # broken blocks that mention a live blog
    broken_reasons: list[str]


def _charset(headers: Mapping[str, str] | None) -> str:
    if headers:
        for key, value in headers.items():
            if key.lower() == "content-type":
                m = _CHARSET.search(value)
                if m:
                    return m.group(1)
    return "utf-8"


def _load_lenient(raw: bytes, charset: str) -> list[Any]:
    """Slow path for blocks orjson refuses: wrappers, raw control characters, trailing junk."""
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    text = _WRAPPERS.sub("", text.strip()).strip().lstrip("\ufeff")
    try:
        return [orjson.loads(text)]
    except orjson.JSONDecodeError:
        pass
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and text[pos] in " \t\r\n;,":
            pos += 1
        if pos >= end:
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError) as err:
            if values:  # trailing junk after a good value
                break
            raise ValueError(str(err).split(":")[0]) from None
        values.append(value)
    if not values:
        raise ValueError("empty block")
    return values


def _script_blocks(data: bytes) -> Iterator[bytes]:
    pos = 0
    while True:
        m = _SCRIPT_OPEN.search(data, pos)
        if not m:
            return
        close = _SCRIPT_CLOSE.search(data, m.end())
        end = close.start() if close else len(data)
        yield data[m.end() : end]
        if not close:
            return
        pos = close.end()


def _is_bare_json(data: bytes) -> bool:
    head = data[:64].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head[:1] in (b"{", b"[")


def _read_blocks(data: bytes, charset: str) -> _Blocks:
    raws = [data] if _is_bare_json(data) else list(_script_blocks(data))
    out = _Blocks([], 0, [])
    for raw in raws:
        if not raw.strip():
            continue
        try:
            out.values.append(orjson.loads(raw))
            continue
        except orjson.JSONDecodeError:
            pass
        try:
            out.values.extend(_load_lenient(raw, charset))
        except ValueError as err:
            if b"liveblog" in raw.lower():
                out.broken += 1
                out.broken_reasons.append(str(err) or "invalid JSON")
    return out


# -- finding the LiveBlogPosting ------------------------------------------------------------


def _types(node: Mapping[str, Any]) -> set[str]:
    raw = node.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    out = set()
    for item in items:
        if isinstance(item, str):
            out.add(item.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip())
    return out


def _is_live_blog(node: Mapping[str, Any]) -> bool:
    return "LiveBlogPosting" in _types(node)


def _find_live_blogs(values: list[Any]) -> list[dict[str, Any]]:
    """Every LiveBlogPosting object anywhere in the blocks (not searched inside one another)."""
    found: list[dict[str, Any]] = []
    stack: list[Any] = list(reversed(values))
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _is_live_blog(node):
                found.append(node)
                continue
            children = [v for v in node.values() if isinstance(v, dict | list)]
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([v for v in node if isinstance(v, dict | list)]))
    return found


def _id_index(values: list[Any]) -> dict[str, dict[str, Any]]:
    """Nodes with an ``@id`` and content, for resolving ``{"@id": …}`` references."""
    index: dict[str, dict[str, Any]] = {}
    stack: list[Any] = list(values)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ident = node.get("@id")
            if isinstance(ident, str) and len(node) > 1 and ident not in index:
                index[ident] = node
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    return index


def _updates(blogs: list[dict[str, Any]], values: list[Any]) -> list[dict[str, Any]]:
    updates: list[dict[str, Any]] = []
    refs = False
    for blog in blogs:
        raw = blog.get("liveBlogUpdate")
        items = raw if isinstance(raw, list) else [raw] if raw is not None else []
        for item in items:
            if isinstance(item, dict):
                if len(item) == 1 and "@id" in item:
                    refs = True
                updates.append(item)
    if refs:
        index = _id_index(values)
        resolved = []
        for item in updates:
            if len(item) == 1 and isinstance(item.get("@id"), str):
                target = index.get(item["@id"])
                if target is None:
                    continue  # a dangling reference holds no content
                item = target
            resolved.append(item)
        updates = resolved
    return updates


# -- field helpers --------------------------------------------------------------------------


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                return item
    if isinstance(value, dict):
        for key in ("@id", "url"):
            inner = value.get(key)
            if isinstance(inner, str):
                return inner
    return None


def _text_value(value: Any) -> str | None:
    """A text property as one string (a list of strings is joined as paragraphs)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [v for v in value if isinstance(v, str)]
        return "\n\n".join(parts) if parts else None
    return None


def _norm(value: str | None) -> str:
    return " ".join(value.split()).casefold() if value else ""


def _names_page(value: str, page_keys: set[str]) -> bool:
    """Is this URL the page itself (no fragment of its own)?"""
    if 0 <= value.rfind("#") < len(value) - 1:  # a fragment of its own
        return False
    return _page_key(value) in page_keys


def _page_key(url: str | None) -> str:
    """A URL without fragment and trailing slash, for 'is this the page itself?'."""
    if not url:
        return ""
    return url.split("#", 1)[0].rstrip("/").lower()


def _parse_date(value: str) -> datetime | None:
    """:func:`dates.parse_any`, with a C fast path for the usual full ISO 8601 form."""
    if _FULL_ISO.match(value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return dates.parse_any(value)
        if parsed.tzinfo is not UTC:
            parsed = parsed.astimezone(UTC)
        if parsed.microsecond:
            parsed = parsed.replace(microsecond=0)
        return parsed if 1970 <= parsed.year <= 2200 else None
    return dates.parse_any(value)


_MISSING: Any = object()


class _Memo:
    """Per-parse caches: publishers repeat the same author objects and timestamps.

    (Lookups use ``dict.get`` with a sentinel: a miss is the usual case for timestamps, every
    update having its own, and raising KeyError for each cost ~0.3 us.)
    """

    def __init__(self) -> None:
        self.dates: dict[str, datetime | None] = {}
        self.names: dict[str, str | None] = {}
        self.author_lists: dict[tuple[Any, ...], tuple[str, ...]] = {}

    def date(self, value: Any) -> datetime | None:
        if not isinstance(value, str):
            return dates.parse_any(value) if isinstance(value, int | float) else None
        parsed = self.dates.get(value, _MISSING)
        if parsed is _MISSING:
            parsed = self.dates[value] = _parse_date(value)
        return parsed  # type: ignore[no-any-return]

    def name(self, value: str) -> str | None:
        cleaned = self.names.get(value, _MISSING)
        if cleaned is _MISSING:
            cleaned = self.names[value] = _line(value)
        return cleaned  # type: ignore[no-any-return]

    def authors(self, value: Any) -> tuple[str, ...]:
        """Names from a string, a Person/Organization object, or a list of either."""
        items = value if isinstance(value, list) else [value]
        # publishers repeat the same author list in every update: key on the raw names
        raw_names = tuple([item.get("name") if isinstance(item, dict) else item for item in items])
        try:
            out = self.author_lists.get(raw_names)
        except TypeError:  # a name that is a list or an object
            return self._authors(raw_names)
        if out is None:
            out = self.author_lists[raw_names] = self._authors(raw_names)
        return out

    def _authors(self, raw_names: tuple[Any, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for raw in raw_names:
            if isinstance(raw, list):
                raw = next((r for r in raw if isinstance(r, str)), None)
            if isinstance(raw, str):
                name = self.name(raw)
                if name and name not in out:
                    out.append(name)
        return tuple(out)


# -- one update -----------------------------------------------------------------------------


def _tidy(value: str) -> bool:
    """No control, bidi or odd whitespace characters, no double or edge spaces?

    ``str.isprintable`` is false for every character :func:`clean_text` removes (C0, C1, bidi
    controls are "Other") and for every whitespace but the ASCII space ("Separator").
    """
    return value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " "


def _clean_id(value: str) -> str | None:
    """:func:`clean_line`, skipped when it would change nothing."""
    if _tidy(value):
        return value or None
    return clean_line(value) or None


def _line(value: str) -> str | None:
    """:func:`inline_text`, skipped when it would change nothing."""
    if _tidy(value) and "&" not in value and "<" not in value:
        return value or None
    return inline_text(value)


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
        if not resolved or resolved.startswith("mailto:"):
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
    date = memo.date
    seen: set[str] = set()
    entries: list[Entry] = []
    anchors: list[tuple[str | None, str | None]] = []
    page_titled = 0
    for node in nodes:
        ident_raw = node.get("@id")
        ident = _clean_id(ident_raw) if isinstance(ident_raw, str) else None
        url_raw = _first_str(node.get("url"))
        url = _clean_id(url_raw) if url_raw else None
        if ident and ident_raw not in shared_ids and not _names_page(ident, page_keys):
            key = ident
        elif url and url_raw not in shared_urls and not _names_page(url, page_keys):
            key = url
        else:
            key = _content_hash(node)
        if key in seen:
            continue
        seen.add(key)

        headline = _headline(node)
        title = _line(headline) if headline else None
        if title in headlines:
            title = None
            page_titled += 1
        published_raw = _published_raw(node)
        published = date(published_raw)
        modified_raw = node.get("dateModified")
        modified = date(modified_raw) if modified_raw != published_raw else None
        parsed = parse_body(_body(node) or headline, base)
        if _FLAG_KEYS.isdisjoint(node):  # the usual case: no pinned or key-event property
            pinned = key_event = False
        else:
            pinned, key_event = _flag(node, _PIN_KEYS), _flag(node, _KEY_EVENT_KEYS)
        entries.append(
            Entry(
                key,
                published,
                modified if published and modified and modified > published else None,
                memo.authors(node.get("author")),
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
    return _Built(entries, anchors, page_titled)


def _copies_page_values(built: _Built) -> bool:
    """Do most updates carry one shared timestamp, or the page's own headline?"""
    n = len(built.entries)
    if n < 2:
        return False
    times = Counter(e.published for e in built.entries)
    times.pop(None, None)
    return bool(times and times.most_common(1)[0][1] > n / 2) or built.page_titled > n / 2


# -- the page's own entry blocks (only for pages that copy page values into updates) ---------


@dataclass(slots=True)
class _BlockInfo:
    published: datetime | None
    updated: datetime | None
    title: str | None
    url: str | None


def _anchor_ids(ident: str | None, url: str | None) -> list[str]:
    """Element ids the page may give an update's block: ``<id>``, ``block-<id>``…"""
    tokens: list[str] = []
    for value in (ident, url):
        if not value:
            continue
        token = value.rsplit("#", 1)[1] if "#" in value else value
        if token and "/" not in token and ":" not in token and token not in tokens:
            tokens.append(token)
    return [prefix + token for token in tokens for prefix in _ANCHOR_PREFIXES]


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
            if resolved and not resolved.startswith("mailto:"):
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
    if not wanted:
        return {}
    try:
        tree = LexborHTMLParser(data)
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


# -- the page -------------------------------------------------------------------------------


def _page_title(data: bytes, charset: str) -> str | None:
    m = _TITLE.search(data[:2_000_000])
    if not m:
        return None
    try:
        text = m.group(1).decode(charset, errors="replace")
    except LookupError:
        text = m.group(1).decode("utf-8", errors="replace")
    return inline_text(text)


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
        return url
    for key in ("url", "mainEntityOfPage", "@id"):
        candidate = safe_url(_first_str(blog.get(key)))
        if candidate and not candidate.startswith("mailto:"):
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


def parse(data: bytes, url: str, headers: Mapping[str, str] | None = None) -> Snapshot:
    """Parse a page (or bare JSON document) holding a schema.org ``LiveBlogPosting``."""
    charset = _charset(headers)
    blocks = _read_blocks(data, charset)
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

    built = _build_entries(_updates(blogs, blocks.values), _Page(base, page_keys, headlines), memo)
    entries = built.entries
    if _copies_page_values(built) and not _is_bare_json(data):
        rendered = _scan_blocks(data, built.anchors, base, memo)
        if rendered:
            entries = _apply_blocks(entries, rendered, headlines)
    entries = cap_entries(entries, warnings)

    start = memo.date(main.get("coverageStartTime"))
    end = memo.date(main.get("coverageEndTime"))
    title = page_headline or (None if _is_bare_json(data) else _page_title(data, charset)) or url
    description = _text_value(main.get("description"))
    blog = Blog(
        url=url,
        title=title,
        source=KIND,
        live=_live(main, start, end),
        coverage_start=start,
        coverage_end=end,
        description=inline_text(description) if description else None,
    )
    return Snapshot(blog=blog, entries=tuple(sort_entries(entries)), warnings=tuple(warnings))
