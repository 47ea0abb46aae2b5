"""RSS 0.9x, 1.0 (RDF) and 2.0, Atom 0.3 and 1.0 feeds → :class:`~tui_liveblog.model.Snapshot`.

Parsed with lxml in recover mode with entity expansion, DTD loading and network access off.
Before lxml sees the document this module:

- decodes the bytes itself (BOM, then the HTTP charset, then UTF-16/32 byte patterns, then the
  XML declaration; a bogus or mismatched encoding falls back to UTF-8, then windows-1252), so
  lxml always gets Unicode and odd encodings Python knows (big5, koi8-r…) just work;
- removes the DOCTYPE, expanding only plain-text internal entities (bounded growth), so entity
  bombs and external entities never reach the XML parser;
- turns HTML named entities that XML does not define (``&nbsp;``, ``&eacute;``…) into numeric
  references, so they are decoded instead of lost.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import html
import html.entities
import re
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from tui_liveblog.content import ParsedBody, inline_text, parse_html, parse_plain
from tui_liveblog.dates import parse_any, parse_iso, parse_rfc822
from tui_liveblog.errors import ParseError
from tui_liveblog.model import Block, Blog, Entry, Media, MediaKind, Snapshot, sort_entries
from tui_liveblog.sanitize import clean_line, clean_text, safe_url
from tui_liveblog.sources import MAX_ENTRIES, cap_entries

KIND = "feed"

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_NOT_A_FEED = "not a valid RSS or Atom feed"

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

# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_DECL_ENCODING = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:\-]{1,40})["']"""
)
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:\-]{1,40})""", re.IGNORECASE)
# what a declared label really means on the web (WHATWG Encoding Standard), by Python codec name
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
}
_EXTRA_LABELS = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-8859-8-i": "iso8859-8",
    "windows-874": "cp874",
    "x-mac-roman": "mac-roman",
    "x-euc-jp": "euc_jp",
}
# codecs Python knows that must never decode a document
_REFUSED = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"})


def _cp1252_or_latin1(err: UnicodeError) -> tuple[str, int]:
    """Error handler: bytes windows-1252 leaves undefined (0x81, 0x8D…) read as Latin-1."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("tui_liveblog.cp1252_or_latin1", _cp1252_or_latin1)


def _codec(label: str | None) -> str | None:
    """The Python codec for an encoding label, widened to its web superset; None if unusable."""
    if not label:
        return None
    label = label.strip().lower()
    label = _EXTRA_LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _REFUSED:
        return None
    return _SUPERSETS.get(name, name)


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name, len(mark)
    return None


def _wide_pattern(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, told by where the zero bytes fall around the first ``<``."""
    b = data[:4]
    if len(b) < 4:
        return None
    zero = tuple(c == 0 for c in b)
    if zero == (True, True, True, False):
        return "utf-32-be"
    if zero == (False, True, True, True):
        return "utf-32-le"
    if zero == (True, False, True, False):
        return "utf-16-be"
    if zero == (False, True, False, True):
        return "utf-16-le"
    return None


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        for key, val in headers.items():
            if key.lower() == name:
                return val
    return value


def _mostly_utf8(data: bytes) -> bool:
    """True when UTF-8 with a few bad bytes reads better than windows-1252 would."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good > bad


def decode(data: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode a feed's bytes; returns ``(text, codec name)``. Never raises."""
    bom = _bom(data)
    if bom is not None:
        name, skip = bom
        return data[skip:].decode(name, "replace"), name
    candidates: list[str] = []
    content_type = _header(headers, "content-type")
    if content_type:
        m = _CHARSET.search(content_type)
        charset = _codec(m.group(1)) if m else None
        if charset and not charset.startswith("utf-16") and not charset.startswith("utf-32"):
            candidates.append(charset)
    wide = _wide_pattern(data)
    if wide is not None:
        candidates.insert(0, wide)
    else:
        m2 = _DECL_ENCODING.search(data, 0, 1024)
        declared = _codec(m2.group(1).decode("ascii")) if m2 else None
        # a declaration readable as ASCII cannot be right about UTF-16/32
        if declared and not declared.startswith(("utf-16", "utf-32")):
            candidates.append(declared)
        candidates.append("utf-8")
        if declared:
            candidates.append(declared)
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    if wide is not None:
        return data.decode(wide, "replace"), wide
    if _mostly_utf8(data):
        return data.decode("utf-8", "replace"), "utf-8"
    return data.decode("cp1252", "tui_liveblog.cp1252_or_latin1"), "cp1252"


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------

_SUBSET_END = re.compile(r"\]\s*>")
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?(rss|RDF|feed)[\s>/]")


def _skip_prolog(text: str) -> int:
    """Index of the root element's ``<`` (after BOM, whitespace, declaration, PIs, comments and
    the DOCTYPE), or -1 when the prolog does not end in ``text``."""
    return _prolog(text)[0]


def _prolog(text: str) -> tuple[int, tuple[int, int] | None]:
    """``(root index or -1, (start, end) of the DOCTYPE or None)``."""
    i, n = 0, len(text)
    doctype: tuple[int, int] | None = None
    while i < n:
        c = text[i]
        if c in " \t\r\n\ufeff":
            i += 1
        elif text.startswith("<?", i):
            j = text.find("?>", i + 2)
            if j < 0:
                return -1, doctype
            i = j + 2
        elif text.startswith("<!--", i):
            j = text.find("-->", i + 4)
            if j < 0:
                return -1, doctype
            i = j + 3
        elif text.startswith("<!", i):
            j = _doctype_end(text, i)
            if j < 0:
                return -1, doctype
            if doctype is None and text[i + 2 : i + 9].upper() == "DOCTYPE":
                doctype = (i, j)
            i = j
        else:
            return i, doctype
    return -1, doctype


def _doctype_end(text: str, start: int) -> int:
    """End (exclusive) of the ``<!DOCTYPE …>`` starting at ``start``, or -1."""
    bracket = text.find("[", start)
    close = text.find(">", start)
    if close < 0:
        return -1
    if 0 <= bracket < close:
        end = _SUBSET_END.search(text, bracket)
        return end.end() if end else -1
    return close + 1


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


# --------------------------------------------------------------------------------------------
# Preparing the text for lxml
# --------------------------------------------------------------------------------------------

_XML_DECL = re.compile(r"<\?xml\s[^>]*\?>|<\?xml\?>")
_ENTITY_DECL = re.compile(r"""<!ENTITY\s+([A-Za-z_][\w.\-]*)\s+(?:"([^"<&%]*)"|'([^'<&%]*)')\s*>""")
_ENTITY_REF = re.compile(r"&(?!(?:lt|gt|amp|quot|apos);)([A-Za-z][A-Za-z0-9]{1,31});")
_MAX_ENTITY_GROWTH = 1_000_000
_C1_CHAR = re.compile("[\x80-\x9f]")
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_CONTROLS = tuple(chr(c) for c in (*range(9), 11, 12, *range(14, 32)))
_CONTROL_REF = re.compile(
    r"&#(?:0*(?:[0-8]|1[124-9]|2[0-9]|3[01])|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]));"
)
_C1_REF = re.compile(r"&#(?:0*(?:12[89]|1[34][0-9]|15[0-9])|[xX]0*[89][0-9a-fA-F]);")


def _prepare(text: str, c1: bool | None = None) -> str | None:
    """Drop the XML declaration and the DOCTYPE; replace entities lxml would not decode.

    Returns None when nothing needs changing but (perhaps) an XML declaration at the very
    start, so the caller may hand lxml the original bytes. ``c1`` says whether C1 controls
    may occur (None: look)."""
    root, doctype = _prolog(text)
    changed = False
    entities: dict[str, str] = {}
    if root > 0:
        prolog = text[:root]
        if doctype is not None:
            start, end = doctype
            for m in _ENTITY_DECL.finditer(prolog, start, end):
                entities.setdefault(m.group(1), m.group(2) or m.group(3) or "")
            prolog = prolog[:start] + _blank(prolog[start:end]) + prolog[end:]
            changed = True
        decl = _XML_DECL.search(prolog)
        if decl is not None and (decl.start() > 0 or changed):
            changed = True
        if changed:
            text = _XML_DECL.sub(lambda m: _blank(m.group(0)), prolog) + text[root:]
    elif root < 0:
        # no root element after the prolog: still remove a declaration lxml would reject
        found = _XML_DECL.search(text, 0, 2048)
        if found:
            text = text[: found.start()] + text[found.end() :]
            changed = True
    if c1 is not False and _C1_CHAR.search(text) is not None:
        text = _C1_CHAR.sub(_demoronize, text)
        changed = True
    if "&#" in text:
        if _C1_REF.search(text) is not None:
            text = _C1_REF.sub(_demoronize, text)
            changed = True
        if _CONTROL_REF.search(text) is not None:
            text = _CONTROL_REF.sub(_control_char, text)
            changed = True
    if _has_controls(text):
        # illegal in XML: lxml would drop the character but keep the rest of an escape
        # sequence ("[31m"), or give up on the element; remove whole sequences first
        text = clean_text(text)
        changed = True
    if "&" in text:
        if entities:
            text = _expand_internal(text, entities)
            changed = True
        if _ENTITY_REF.search(text) is not None:
            text = _ENTITY_REF.sub(_html_entity, text)
            changed = True
    return text if changed else None


def _for_lxml(data: bytes, headers: Mapping[str, str] | None) -> tuple[str | bytes, str | None]:
    """The document as lxml should get it, and the encoding to tell lxml (for bytes)."""
    text, codec = decode(data, headers)
    if codec == "utf-8":
        bom = data.startswith(codecs.BOM_UTF8)
        prepared = _prepare(text, _C1_UTF8.search(data) is not None)
        if prepared is None:  # the common case: the bytes as they came, no copies
            return (data[3:] if bom else data), "utf-8"
        return _strip_decl(prepared), None
    prepared = _prepare(text)
    return _strip_decl(prepared if prepared is not None else text), None


def _strip_decl(text: str) -> str:
    """lxml refuses a str carrying an encoding declaration."""
    m = _XML_DECL.match(text)
    return text[m.end() :] if m else text


def _control_char(m: re.Match[str]) -> str:
    ref = m.group(0)[2:-1].lower()
    return chr(int(ref[1:], 16) if ref.startswith("x") else int(ref))


def _has_controls(text: str) -> bool:
    return any(c in text for c in _CONTROLS)


def _demoronize(m: re.Match[str]) -> str:
    """A C1 control (raw or as a character reference) read as the windows-1252 character
    its byte stands for, as browsers do: ``\x92`` or ``&#146;`` → ``’``."""
    token = m.group(0)
    if len(token) == 1:
        code = ord(token)
    else:
        ref = token[2:-1].lower()
        code = int(ref[1:], 16) if ref.startswith("x") else int(ref)
    try:
        char = bytes([code]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character
        return token
    return char if len(token) == 1 else f"&#{ord(char)};"


def _blank(markup: str) -> str:
    """As many newlines as ``markup`` spans, so lxml's line numbers stay right."""
    return "\n" * markup.count("\n")


def _expand_internal(text: str, entities: dict[str, str]) -> str:
    """Expand plain-text internal entities, unless that would grow the text by too much."""
    pattern = re.compile("&(" + "|".join(re.escape(n) for n in entities) + ");")
    growth = 0
    for m in pattern.finditer(text):
        growth += len(entities[m.group(1)])
        if growth > _MAX_ENTITY_GROWTH:
            return text
    return pattern.sub(lambda m: _xml_escape(entities[m.group(1)]), text)


def _xml_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


def _html_entity(m: re.Match[str]) -> str:
    value = html.entities.html5.get(m.group(1) + ";")
    if value is None:
        return m.group(0)
    return "".join(f"&#{ord(c)};" for c in value)


# --------------------------------------------------------------------------------------------
# Tree helpers
# --------------------------------------------------------------------------------------------

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
    for child in el:
        tag = child.tag
        if type(tag) is not str:
            continue
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


# --------------------------------------------------------------------------------------------
# Text constructs and bodies
# --------------------------------------------------------------------------------------------

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
        return parse_html(value, base)
    return parse_plain(value)


def _title(kind: str, value: str) -> str | None:
    """A one-line title from a value whose kind the feed states."""
    if kind == _TEXT:
        return clean_line(value) or None
    if _TAG.search(value):
        return clean_line(parse_html(value).text) or None
    return inline_text(value)


# --------------------------------------------------------------------------------------------
# Dates, authors, media
# --------------------------------------------------------------------------------------------


def _date(el: Element | None) -> datetime | None:
    value = _text(el).strip()
    if not value:
        return None
    return parse_iso(value) or parse_rfc822(value) or parse_any(value)


def _first_date(index: Index, keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        for el in index.get(key, ()):
            dt = _date(el)
            if dt is not None:
                return dt
    return None


_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")
_NAME_EMAIL = re.compile(r"^(.+?)\s*(?:<[^<>\s]+@[^<>\s]+>|\([^()\s]+@[^()\s]+\))$")


def _person(value: str) -> str | None:
    """``a@b (Name)``, ``Name <a@b>``, ``Name (a@b)`` → ``Name``; otherwise the text itself."""
    line = inline_text(value)
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
            name = _person(_text(found))
            if name:
                return name
    if not index:
        return _person(_text(el))
    return None


def _add(out: list[str], value: str | None) -> None:
    if value and value not in out:
        out.append(value)


_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp")
_VIDEO_EXT = (".mp4", ".m4v", ".webm", ".mov", ".ogv", ".mkv", ".avi", ".m3u8", ".mpd")
_AUDIO_EXT = (".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac")


def _media_kind(url: str, mime: str | None, medium: str | None, default: MediaKind) -> MediaKind:
    for hint in (medium or "", (mime or "").split("/", 1)[0]):
        hint = hint.strip().lower()
        if hint in ("image", "video", "audio"):
            return hint  # type: ignore[return-value]
    path = urlsplit(url).path.lower()
    if path.endswith(_IMAGE_EXT):
        return "image"
    if path.endswith(_VIDEO_EXT):
        return "video"
    if path.endswith(_AUDIO_EXT):
        return "audio"
    return default


_MEDIA_KEYS = ("enclosure", "media:content", "media:thumbnail", "media:group")


def _media(
    index: Index, keys: _Keys, base: str | None, atom_links: list[tuple[str, Element]]
) -> list[Media]:
    """Enclosures, Atom ``rel="enclosure"`` links, ``media:content`` and ``media:thumbnail``."""
    if not any(key in index for key in _MEDIA_KEYS) and not atom_links:
        return []
    found: list[Media] = []
    thumbs: list[Media] = []

    def add(el: Element, url_attr: str, default: MediaKind, into: list[Media]) -> None:
        url = safe_url(el.get(url_attr), _rebase(base, el))
        if url is None or url.startswith("mailto:"):
            return
        kind = _media_kind(url, el.get("type"), el.get("medium"), default)
        into.append(Media(kind, url))

    for el in index.get("enclosure", ()):
        add(el, "url", "embed", found)
    for rel, el in atom_links:
        if rel == "enclosure":
            add(el, "href", "embed", found)
    groups = [index]
    groups.extend(_index(g, keys) for g in index.get("media:group", ()))
    for group in groups:
        for el in group.get("media:content", ()):
            add(el, "url", "image", found)
            for thumb in el:
                if isinstance(thumb.tag, str) and keys(thumb.tag) == "media:thumbnail":
                    add(thumb, "url", "image", thumbs)
        for el in group.get("media:thumbnail", ()):
            add(el, "url", "image", thumbs)
    return found or thumbs[:1]


# --------------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------------


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
        if url is None or url.startswith("mailto:"):
            continue
        if (el.get("type") or "text/html").lower() in ("text/html", "application/xhtml+xml"):
            return url
        best = best or url
    return best


def _web_url(value: str, base: str | None) -> str | None:
    url = safe_url(value.strip(), base)
    return None if url is None or url.startswith("mailto:") else url


def _keep_base(base: str | None, el: Element) -> str | None:
    return base


def _rss_item(item: Element, keys: _Keys, base: str | None) -> _Raw:
    rebase = _rebase if keys.bases else _keep_base
    base = rebase(base, item)
    index = _index(item, keys)
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

    for key, kind in _RSS_CONTENT:
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
    atom_links = _atom_links(index, "atom:link") + _atom_links(index, "link")
    if raw.url is None:
        raw.url = _alternate(atom_links, base)
    if (
        raw.url is None
        and guid is not None
        and keys(guid.tag) == "guid"
        and (guid.get("isPermaLink") or "true").strip().lower() != "false"
    ):
        raw.url = _web_url(_text(guid), None)

    for key in ("author", "dc:creator", "dc:author", "itunes:author"):
        for el in index.get(key, ()):
            _add(raw.authors, _person(_text(el)))
    for el in index.get("atom:author", ()):
        _add(raw.authors, _atom_person(el, keys))

    raw.published = _first_date(index, _RSS_PUBLISHED)
    raw.updated = _first_date(index, _RSS_UPDATED)
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


def _fallback_id(raw: _Raw, shared_urls: set[str]) -> str:
    """An id for an entry without guid/id: its link, unless other entries share that link;
    then (or without a link) a hash of link, title and content."""
    if raw.url and raw.url not in shared_urls:
        return raw.url
    digest = hashlib.sha1(
        f"{raw.url or ''}\x00{raw.title or ''}\x00{raw.content}".encode("utf-8", "surrogatepass"),
        usedforsecurity=False,
    )
    return "sha1:" + digest.hexdigest()[:24]


def _shared_urls(raws: list[_Raw]) -> set[str]:
    """Links that more than one id-less entry points to (a live blog's page, say)."""
    seen: set[str] = set()
    shared: set[str] = set()
    for raw in raws:
        if raw.url and not _usable_id(raw.ident):
            if raw.url in seen:
                shared.add(raw.url)
            seen.add(raw.url)
    return shared


def _usable_id(ident: str | None) -> bool:
    return bool(ident) and len(ident or "") <= 1024


def _entry(raw: _Raw, shared_urls: set[str]) -> Entry:
    parsed = _body(raw.kind, raw.content, raw.base) if raw.content else None
    body = parsed.body if parsed else ()
    media = list(parsed.media) if parsed else []
    seen = {m.url for m in media}
    extra = []
    for medium in raw.media:
        if medium.url not in seen:
            seen.add(medium.url)
            extra.append(medium)
    if extra:
        body = body + tuple(Block("media", media=m) for m in extra)
        media.extend(extra)
    text = parsed.text if parsed else ""
    ident = raw.ident if raw.ident and _usable_id(raw.ident) else _fallback_id(raw, shared_urls)
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


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


def _parser(encoding: str | None = None) -> etree.XMLParser:
    # one per call: parsers hold their error log and are not meant to be shared across threads
    return etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def _errors(log: Any) -> list[Any]:
    return [e for e in log if e.level >= etree.ErrorLevels.ERROR]


def _first_error(log: Any) -> str:
    for err in _errors(log):
        message = clean_line(str(err.message or ""))
        if message:
            return f"line {err.line}: {message[:160]}"
    return "the XML could not be read"


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


def _refresh_hint(channel: Element | None, keys: _Keys) -> dict[str, Any]:
    """RSS ``<ttl>`` (minutes) as the follower's ``refresh_interval`` (seconds), at most 15 min."""
    if channel is None:
        return {}
    ttl = _first(_index(channel, keys), "ttl")
    try:
        minutes = int(_text(ttl).strip()) if ttl is not None else 0
    except ValueError:
        return {}
    if minutes <= 0:
        return {}
    return {"refresh_interval": min(minutes, 15) * 60}


def parse(data: bytes, url: str, headers: Mapping[str, str] | None = None) -> Snapshot:
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
    if _errors(parser.error_log):
        warnings.append(
            f"the feed is not well-formed XML ({_first_error(parser.error_log)}); "
            "read what could be recovered"
        )

    name = _local(root.tag)
    base: str | None = url if url.startswith(("http://", "https://")) else None
    base = _resolve_base(base, _header(headers, "content-location"))
    base = _rebase(base, root)

    title: str | None
    description: str | None
    hints: dict[str, Any] = {}
    raws: list[_Raw] = []
    bases = b"xml:base" in document if isinstance(document, bytes) else "xml:base" in document
    if name in ("rss", "RDF"):
        keys = _Keys(atom=False, bases=bases)
        title, description, items, channel = _channel_info(root, keys, base)
        hints = _refresh_hint(channel, keys)
        channel_base = _rebase(base, channel) if channel is not None else base
        items = _capped(items, warnings)
        raws = [_rss_item(item, keys, channel_base) for item in items]
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
        entries = _capped(entries, warnings)
        raws = [_atom_entry(e, keys, base, feed_authors) for e in entries]
    else:
        raise ParseError(f"{_NOT_A_FEED}: the root element is <{clean_line(name)[:40]}>")

    entries_out: list[Entry] = []
    seen: set[str] = set()
    repeated = 0
    shared_urls = _shared_urls(raws)
    for raw in raws:
        entry = _entry(raw, shared_urls)
        if entry.id in seen:
            repeated += 1
            continue
        seen.add(entry.id)
        entries_out.append(entry)
    if repeated:
        warnings.append(
            f"{repeated} entries repeated an id seen earlier in the feed and were skipped"
        )
    entries_out = cap_entries(entries_out, warnings)

    blog = Blog(
        url=url,
        title=title or url,
        source=KIND,
        live=None,
        description=description,
    )
    return Snapshot(blog, tuple(sort_entries(entries_out)), tuple(warnings), hints)


def _capped(items: list[Element], warnings: list[str]) -> list[Element]:
    if len(items) > MAX_ENTRIES:
        warnings.append(
            f"the document holds {len(items)} entries; only the first {MAX_ENTRIES} were read"
        )
        return items[:MAX_ENTRIES]
    return items


__all__ = ["KIND", "decode", "parse", "sniff", "url_matches"]
