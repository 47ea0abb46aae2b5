"""lxml tree helpers for feeds: namespace-aware element keys, child indexes, character data
and markup, ``xml:base`` resolution. Part of :mod:`tui_liveblog.sources.feed`.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from tui_liveblog.sanitize import clean_line

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

# Namespace URIs (lower-cased, trailing '/' and '#' removed) → the prefix this module uses.
# "" means "core": RSS 0.90/1.0 and the RSS 2.0 namespaces some publishers add.
_NAMESPACES = {
    "http://purl.org/rss/1.0": "",
    "http://my.netscape.com/rdf/simple/0.9": "",
    "http://backend.userland.com/rss2": "",
    "http://backend.userland.com/rss": "",
    "http://blogs.law.harvard.edu/tech/rss": "",
    "http://purl.org/net/rss1.1": "",
    "http://www.w3.org/2005/atom": "atom",
    "http://purl.org/atom/ns": "atom",
    "http://purl.org/dc/elements/1.1": "dc",
    "http://purl.org/dc/terms": "dcterms",
    "http://purl.org/rss/1.0/modules/content": "content",
    "http://search.yahoo.com/mrss": "media",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns": "rdf",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://purl.org/rss/1.0/modules/syndication": "sy",
}


Element = Any  # lxml's _Element; lxml-stubs do not cover _Entity nodes or .base well


class _Keys:
    """Maps lxml tags to short keys: ``"title"``, ``"dc:creator"``, ``"atom:link"``…

    In an Atom document Atom's own namespace is the core one (``"title"``, not ``"atom:title"``).
    """

    def __init__(self, atom: bool, bases: bool = True) -> None:
        self.atom = atom
        self.bases = bases  # False when the document holds no xml:base at all
        self.cache: dict[str, str] = {}

    def __call__(self, tag: str) -> str:
        key = self.cache.get(tag)
        if key is None:
            key = self.cache[tag] = self._compute(tag)
        return key

    def _compute(self, tag: str) -> str:
        if tag[:1] != "{":
            if self.atom and tag.startswith("atom:"):
                return tag[5:]
            return tag
        uri, _, local = tag[1:].partition("}")
        prefix = _NAMESPACES.get(uri.lower().rstrip("/#"))
        if prefix is None:
            return "{" + uri + "}" + local
        if prefix == "atom" and self.atom:
            prefix = ""
        return f"{prefix}:{local}" if prefix else local


Index = dict[str, list[Element]]


def _index(el: Element, keys: _Keys) -> Index:
    out: Index = {}
    cache = keys.cache
    for child in el:
        tag = child.tag
        if type(tag) is not str:
            continue
        key = cache.get(tag)
        if key is None:
            key = keys(tag)
        found = out.get(key)
        if found is None:
            out[key] = [child]
        else:
            found.append(child)
    return out


def _first(index: Index, *keys: str) -> Element | None:
    for key in keys:
        found = index.get(key)
        if found:
            return found[0]
    return None


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _text(el: Element | None) -> str:
    """An element's character data; unknown entity references stay as ``&name;``."""
    if el is None:
        return ""
    if len(el) == 0:
        return str(el.text or "")
    return "".join(el.itertext())


def _markup(el: Element) -> str:
    """HTML source held by an element: its text (RSS's escaped HTML) plus any naked markup."""
    if len(el) == 0:
        return str(el.text or "")
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(_html_of(child))
        elif child.tag is etree.Entity:
            parts.append(child.text or "")
        parts.append(child.tail or "")
    return "".join(parts)


def _html_of(el: Element) -> str:
    """Serialise an element as HTML with its namespaces removed (without its tail)."""
    copy = deepcopy(el)
    copy.tail = None
    _strip_namespaces(copy)
    return etree.tostring(copy, method="html", encoding="unicode", with_tail=False)


def _strip_namespaces(root: Element, base: str | None = None) -> None:
    """Rename namespaced tags and attributes to their local names.

    Links inside elements carrying their own ``xml:base`` are resolved here (the body parser
    only knows the outer ``base``)."""
    stack = [(root, base)]
    while stack:
        el, b = stack.pop()
        if not isinstance(el.tag, str):
            continue
        b = _rebase(b, el)
        if b is not None and b != base:
            for attr in ("href", "src"):
                value = el.get(attr)
                if value:
                    el.set(attr, _join(b, value))
        try:
            el.tag = _local(el.tag) or "span"
        except ValueError:  # a name lxml will not take back (recovered from broken markup)
            el.tag = "span"
        for name in list(el.attrib):
            if name[:1] == "{":
                del el.attrib[name]
        stack.extend((child, b) for child in el)
    etree.cleanup_namespaces(root)


def _join(base: str, href: str) -> str:
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return href


_SLASHES = re.compile(r"^(https?:)/{3,}", re.IGNORECASE)


def _rebase(base: str | None, el: Element) -> str | None:
    """The base URL in force inside ``el``: its ``xml:base`` resolved against ``base``."""
    return _resolve_base(base, el.get(_XML_BASE))


def _resolve_base(base: str | None, value: str | None) -> str | None:
    """``value`` resolved against ``base``; unsafe (non-http) or unreadable values are
    ignored: the outer base stays in force."""
    if not value:
        return base
    value = _SLASHES.sub(r"\1//", clean_line(value))
    try:
        joined = urljoin(base, value) if base else value
        parts = urlsplit(joined)
    except ValueError:
        return base
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return base
    return joined
