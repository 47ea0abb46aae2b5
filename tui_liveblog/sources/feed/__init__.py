"""RSS 0.9x, 1.0 (RDF) and 2.0, Atom 0.3 and 1.0 feeds → :class:`~tui_liveblog.model.Snapshot`.

Parsed with lxml in recover mode with entity expansion, DTD loading and network access off.
Before lxml sees the document:

- the source decodes the bytes itself (BOM, then the HTTP charset, then UTF-16/32 byte
  patterns, then the XML declaration; a bogus or mismatched encoding falls back to UTF-8, then
  windows-1252), so lxml always gets Unicode and odd encodings Python knows (big5, koi8-r…)
  just work;
- the DOCTYPE is removed, expanding only plain-text internal entities (bounded growth), so entity
  bombs and external entities never reach the XML parser;
- HTML named entities that XML does not define (``&nbsp;``, ``&eacute;``…) become numeric
  references, so they are decoded instead of lost.

This module holds detection and the document level (channel/feed, entries in order); the rest
is in :mod:`.decode` (bytes → text), :mod:`.xml` (safe XML for lxml), :mod:`.tree` (element
helpers, ``xml:base``), :mod:`.text` (text constructs, bodies), :mod:`.media` (enclosures,
Media RSS) and :mod:`.entries` (RSS items and Atom entries → entries).
"""

from __future__ import annotations

import re

from lxml import etree

from tui_liveblog.content import inline_text
from tui_liveblog.content.markup import ends_deep
from tui_liveblog.errors import ParseError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Entry, Snapshot, sort_entries
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.base import Extras, Headers, Source
from tui_liveblog.sources.common import cap_entries, without_credentials
from tui_liveblog.sources.feed.decode import _bom, _header, _wide_pattern, decode
from tui_liveblog.sources.feed.depth import MAX_NESTING, without_deep_items
from tui_liveblog.sources.feed.entries import (
    _add,
    _atom_entry,
    _atom_person,
    _content_key,
    _entry,
    _name_unnamed,
    _own_id,
    _Present,
    _Raw,
    _rss_item,
    _shared_urls,
)
from tui_liveblog.sources.feed.text import _HTML, _construct, _title
from tui_liveblog.sources.feed.tree import (
    Element,
    _first,
    _index,
    _Keys,
    _local,
    _markup,
    _rebase,
    _resolve_base,
    _text,
)
from tui_liveblog.sources.feed.xml import (
    _errors,
    _first_error,
    _for_lxml,
    _parser,
    _skip_prolog,
    _strip_decl,
)

KIND = "feed"

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_NOT_A_FEED = "not a valid RSS or Atom feed"

_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?(rss|RDF|feed)[\s>/]")


def url_matches(url: str) -> bool:
    """Feeds live at every kind of URL: detection relies on the content type and the body."""
    return False


def sniff(head: bytes, content_type: str | None) -> bool:
    """A feed content type, or an XML body whose root is ``rss``, ``rdf:RDF`` or ``feed``."""
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime in _FEED_TYPES:
            return True
    bom = _bom(head)
    if bom is not None:
        text = head[bom[1] :].decode(bom[0], "ignore")
    else:
        wide = _wide_pattern(head)
        text = head.decode(wide, "ignore") if wide else head.decode("latin-1")
    i = _skip_prolog(text)
    return i >= 0 and _ROOT.match(text, i) is not None


def _channel_info(
    root: Element, keys: _Keys, base: str | None
) -> tuple[str | None, str | None, list[Element], Element | None]:
    """RSS and RDF: (title, description, item elements, channel)."""
    items: list[Element] = []
    channel: Element | None = None
    for child in root:
        if not isinstance(child.tag, str):
            continue
        key = keys(child.tag)
        if key == "channel":
            if channel is None:
                channel = child
            items.extend(c for c in child if isinstance(c.tag, str) and keys(c.tag) == "item")
        elif key == "item":
            items.append(child)
    title = description = None
    if channel is not None:
        index = _index(channel, keys)
        title_el = _first(index, "title", "dc:title", "atom:title")
        if title_el is not None:
            title = inline_text(_markup(title_el))
        desc_el = _first(index, "description", "dc:description", "atom:subtitle")
        if desc_el is not None:
            description = _title(_HTML, _markup(desc_el))
    return title, description, items, channel


def _refresh_hint(channel: Element | None, keys: _Keys) -> Hints:
    """RSS ``<ttl>`` (minutes) as the follower's ``refresh_interval`` (seconds), at most 15 min."""
    if channel is None:
        return Hints()
    ttl = _first(_index(channel, keys), "ttl")
    try:
        minutes = int(_text(ttl).strip()) if ttl is not None else 0
    except ValueError:
        return Hints()
    if minutes <= 0:
        return Hints()
    return Hints(refresh_interval=min(minutes, 15) * 60)


def _without_deep_items(
    document: str | bytes, root: Element, parser: etree.XMLParser, warnings: list[str]
) -> tuple[Element, etree.XMLParser]:
    """The document read again without the items nested too deep for the parser (which
    stopped there and dropped the rest), and a warning naming them."""
    text = document if isinstance(document, str) else document.decode("utf-8", "replace")
    text, left_out = without_deep_items(_strip_decl(text))
    if not left_out:
        return root, parser
    again = _parser()
    try:
        new_root = etree.fromstring(text, again)
    except (etree.XMLSyntaxError, ValueError):
        return root, parser
    if new_root is None:
        return root, parser
    shown = ", ".join(left_out[:5]) + (
        f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
    )
    warnings.append(
        f"left out {shown}: elements nested more than {MAX_NESTING} deep, too deep to read"
    )
    return new_root, again


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Parse an RSS or Atom document. Raises :class:`ParseError` when it holds no feed."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise ParseError(f"{_NOT_A_FEED}: the document is empty")
    document, encoding = _for_lxml(data, headers)
    parser = _parser(encoding)
    try:
        root = etree.fromstring(document, parser)
    except (etree.XMLSyntaxError, ValueError) as err:
        raise ParseError(f"{_NOT_A_FEED}: {_first_error(parser.error_log) or err}") from None
    if root is None:
        head = data.lstrip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff")[:1]
        if head != b"<":
            raise ParseError(f"{_NOT_A_FEED}: the document is not XML")
        raise ParseError(f"{_NOT_A_FEED}: {_first_error(parser.error_log)}")
    warnings: list[str] = []
    if ends_deep(root):  # the parser stopped at its depth limit, dropping the rest
        root, parser = _without_deep_items(document, root, parser, warnings)
    if _errors(parser.error_log):
        warnings.append(
            f"the feed is not well-formed XML ({_first_error(parser.error_log)}); "
            "read what could be recovered"
        )

    name = _local(root.tag)
    shown = without_credentials(url)  # (a token in the feed's URL never reaches a link)
    base: str | None = shown if shown.startswith(("http://", "https://")) else None
    base = _resolve_base(base, _header(headers, "content-location"))
    base = _rebase(base, root)

    title: str | None
    description: str | None
    hints = Hints()
    raws: list[_Raw] = []
    bases = b"xml:base" in document if isinstance(document, bytes) else "xml:base" in document
    if name in ("rss", "RDF"):
        keys = _Keys(atom=False, bases=bases)
        title, description, items, channel = _channel_info(root, keys, base)
        hints = _refresh_hint(channel, keys)
        channel_base = _rebase(base, channel) if channel is not None else base
        items = cap_entries(items, warnings)
        indexes = [_index(item, keys) for item in items]
        present = _Present(keys)  # (after indexing: the keys of every item's children)
        raws = [
            _rss_item(item, index, keys, channel_base, present)
            for item, index in zip(items, indexes, strict=True)
        ]
    elif name in ("feed", "entry"):
        keys = _Keys(atom=True, bases=bases)
        index = _index(root, keys) if name == "feed" else {}
        title = description = None
        title_el = _first(index, "title")
        if title_el is not None:
            title = _title(*_construct(title_el, base))
        desc_el = _first(index, "subtitle", "tagline", "info")
        if desc_el is not None:
            kind, value = _construct(desc_el, base)
            description = _title(kind, value)
        feed_authors: list[str] = []
        for el in index.get("author", ()):
            _add(feed_authors, _atom_person(el, keys))
        entries = index.get("entry", []) if name == "feed" else [root]
        entries = cap_entries(entries, warnings)
        raws = [_atom_entry(e, keys, base, feed_authors) for e in entries]
    else:
        raise ParseError(f"{_NOT_A_FEED}: the root element is <{clean_line(name)[:40]}>")

    entries_out: list[Entry] = []
    unnamed: list[tuple[int, _Raw]] = []  # (position, item) of each entry with no id of its own
    seen: set[str] = set()
    repeated = 0
    shared_urls = _shared_urls(raws)
    for raw in raws:
        ident = _own_id(raw, shared_urls)
        key = _content_key(raw) if ident is None else ident
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        if ident is None:
            unnamed.append((len(entries_out), raw))
        entries_out.append(_entry(raw, ident or ""))
    if unnamed:
        _name_unnamed(entries_out, unnamed)
    if repeated:
        warnings.append(
            f"{repeated} entries repeated an id seen earlier in the feed and were skipped"
        )
    entries_out = cap_entries(entries_out, warnings)

    blog = Blog(
        url=shown,
        title=title or shown,
        source=KIND,
        live=None,
        description=description,
    )
    return Snapshot(blog, tuple(sort_entries(entries_out)), tuple(warnings), hints)


SOURCE = Source(kind=KIND, url_matches=url_matches, sniff=sniff, parse=parse)

__all__ = ["KIND", "SOURCE", "decode", "parse", "sniff", "url_matches"]
