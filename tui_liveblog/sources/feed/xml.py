"""Safe XML for lxml: the prolog scan, DOCTYPE and entity handling, control characters, and
the parser settings (recover mode; entity expansion, DTD loading and network access off).

Before lxml sees a feed, :func:`_for_lxml` removes the DOCTYPE, expanding only plain-text
internal entities (bounded growth), so entity bombs and external entities never reach the XML
parser; turns HTML named entities that XML does not define (``&nbsp;``, ``&eacute;``…) into
numeric references, so they are decoded instead of lost; removes control characters, C1
controls (U+0080–U+009F) included, raw or written as references (``&#146;``): DESIGN.md's rule,
as every source has it (a feed *in* windows-1252 has its bytes 0x80–0x9F decoded as that
encoding's characters, by :mod:`~tui_liveblog.sources.charset`, before this). Part of
:mod:`tui_liveblog.sources.feed`.
"""

from __future__ import annotations

import codecs
import html
import html.entities
import re
from collections.abc import Mapping
from typing import Any

from lxml import etree

from tui_liveblog.sanitize import clean_line, clean_text, drop_c1_references
from tui_liveblog.sources.feed.decode import decode

_SUBSET_END = re.compile(r"\]\s*>")


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


def _prepare(text: str, c1: bool | None = None) -> str | None:
    """Drop the XML declaration and the DOCTYPE; replace entities lxml would not decode.

    Returns None when nothing needs changing but (perhaps) an XML declaration at the very
    start, so the caller may hand lxml the original bytes. ``c1`` says whether raw C1 controls
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
    if "&#" in text:
        dropped = drop_c1_references(text)
        if len(dropped) != len(text):
            text, changed = dropped, True
        if _CONTROL_REF.search(text) is not None:
            text = _CONTROL_REF.sub(_control_char, text)
            changed = True
    if _has_controls(text) or (c1 is not False and _C1_CHAR.search(text) is not None):
        # C0: illegal in XML: lxml would drop the character but keep the rest of an escape
        # sequence ("[31m"), or give up on the element; remove whole sequences first. C1: the
        # same (an 8-bit CSI "\x9b31m"), and removed however the feed is read.
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
