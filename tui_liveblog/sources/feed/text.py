"""Feed text constructs (Atom ``type``/``mode``, RSS escaped HTML, inline XHTML) → titles and
bodies. Part of :mod:`tui_liveblog.sources.feed`.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from copy import deepcopy

from lxml import etree

from tui_liveblog.content import ParsedBody, inline_text, parse_html, parse_plain, read_html
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.feed.decode import decode
from tui_liveblog.sources.feed.tree import Element, _local, _markup, _strip_namespaces, _text

_TEXT, _HTML, _XHTML = "text", "html", "xhtml"


def _construct(el: Element, base: str | None) -> tuple[str, str]:
    """An Atom (0.3 or 1.0) text construct → ``(kind, value)``; an XHTML value is HTML source."""
    mode = (el.get("mode") or "").strip().lower()
    ctype = (el.get("type") or "").strip().lower()
    has_children = any(isinstance(c.tag, str) for c in el)
    if mode == "base64" or (
        ctype
        and ctype not in ("text", "html", "xhtml")
        and not ctype.startswith("text/")
        and not ctype.endswith(("+xml", "/xml"))
        and not has_children
    ):
        if ctype.startswith(("image/", "video/", "audio/")):
            return _TEXT, ""  # binary media inline: nothing to read
        raw = _text(el)
        try:
            decoded = base64.b64decode("".join(raw.split()), validate=False)
        except (binascii.Error, ValueError):
            return _TEXT, raw
        text, _ = decode(decoded)
        return (_TEXT if ctype == "text/plain" else _HTML), text
    if has_children:
        if ctype in ("html", "text/html") or mode == "escaped":
            return _HTML, _escaped_in_markup(el)
        return _XHTML, _xhtml(el, base)
    if ctype in ("html", "text/html") or mode == "escaped":
        return (_TEXT if ctype == "text/plain" else _HTML), _text(el)
    if ctype in ("xhtml", "application/xhtml+xml"):
        return _HTML, _text(el)
    return _TEXT, _text(el)


def _escaped_in_markup(el: Element) -> str:
    """HTML source of an element meant to hold escaped HTML but holding markup.

    A lone wrapper ``div`` (as some publishers put around escaped HTML) gives its text;
    any other markup is taken as naked HTML."""
    children = [c for c in el if isinstance(c.tag, str)]
    if (
        len(children) == 1
        and _local(children[0].tag) == "div"
        and not any(isinstance(c.tag, str) for c in children[0])
        and not (el.text or "").strip()
        and not (children[0].tail or "").strip()
    ):
        return _text(children[0])
    return _markup(el)


def _xhtml(el: Element, base: str | None) -> str:
    """Inline XHTML content (without Atom 1.0's wrapper ``div``) as HTML source."""
    container = el
    children = [c for c in el if isinstance(c.tag, str)]
    if (
        len(children) == 1
        and _local(children[0].tag) == "div"
        and not (el.text or "").strip()
        and not (children[0].tail or "").strip()
    ):
        container = children[0]
    copy = deepcopy(container)
    copy.tail = None
    _strip_namespaces(copy, base)
    parts = [html.escape(copy.text or "", quote=False)]
    parts.extend(etree.tostring(c, method="html", encoding="unicode") for c in copy)
    return "".join(parts)


def _plain_body(value: str) -> ParsedBody:
    """Literal text (Atom ``type="text"``): no entity decoding, no markup."""
    return parse_plain(value.replace("&", "&amp;"))


_TAG = re.compile(r"<[A-Za-z/!]")


def _body(kind: str, value: str, base: str | None) -> ParsedBody:
    """A body from a value whose kind the feed states: literal text, HTML or XHTML."""
    if kind == _TEXT:
        return _plain_body(value)
    if kind == _XHTML or _TAG.search(value):
        return read_html(value, base)
    return parse_plain(value)


def _title(kind: str, value: str) -> str | None:
    """A one-line title from a value whose kind the feed states."""
    if kind == _TEXT:
        return clean_line(value) or None
    if _TAG.search(value):
        return clean_line(parse_html(value).text) or None
    return inline_text(value)
