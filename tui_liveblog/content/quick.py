"""The plain text and links of simple HTML, read without building a tree.

Most entry bodies are a few paragraphs with links and emphasis. Listing, filtering and
``dump --format jsonl`` need only their text and links, so :func:`quick_text` reads those
straight from the markup, and the structured body is built later, when an entry is shown
(:class:`~tui_liveblog.content.deferred.DeferredBody`).

The contract: for markup it accepts, ``quick_text`` returns exactly the ``text`` and ``links``
that :func:`~tui_liveblog.content.html.parse_html` gives, and the body has no media. It
accepts only markup whose reading is not in doubt: known tags properly nested (``p``/``div``
blocks, ``br``, links and emphasis), character references from a short list, no comments,
no control characters. Anything else returns None, and the caller parses the markup
whole. A test holds the two readings equal on every body of the corpus and on generated
markup.
"""

from __future__ import annotations

import re

from tui_liveblog.content.builder import _BOLD, _CODE, _ITALIC, _STRIKE, Builder, Style
from tui_liveblog.content.text import MAX_BODY_CHARS, is_share_link
from tui_liveblog.model import Blocks
from tui_liveblog.sanitize import safe_url

# a tag: name and attributes (no "<" or ">" inside; quoted attribute values checked below)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,9})((?:\s[^<>]*)?/?)>")
_ATTRS = re.compile(
    r"(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?"
)
# one attribute: its name, and its value (double-quoted, single-quoted or bare), if it has one
_ATTR = re.compile(
    r"""\s+([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
# attributes that may make an empty block a placeholder for an embed (content.html._placeholder)
_EMBED_ATTRS = re.compile(r"data-|src|href|url", re.IGNORECASE)

_BLOCK_TAGS = frozenset({"p", "div"})
_INLINE_TAGS = frozenset(
    {
        "a", "b", "strong", "em", "i", "u", "span", "small", "sup", "sub", "abbr", "mark",
        "cite", "s", "strike", "del", "ins", "code", "kbd", "font", "time",
    }
)  # fmt: skip

# character references read the same by lxml's HTML parser and by this module
_NAMED = {
    "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\xa0",
    "hellip": "…", "pound": "£", "euro": "€", "mdash": "—", "ndash": "–", "lsquo": "‘",
    "rsquo": "’", "ldquo": "“", "rdquo": "”", "copy": "©", "eacute": "é", "middot": "·",
    "deg": "°", "bull": "•",
}  # fmt: skip
# (a bare "&", or one that starts no known reference, matches with no group: refused)
_REF = re.compile(r"&(?:([a-z]{2,6});|#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});)?")
# characters clean_text would remove (C0 but tab/newline, C1, DEL, bidi controls, BOM)
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]"
)


class _Refused(Exception):
    """The markup is not simple enough to be read here."""


def _char(m: re.Match[str]) -> str:
    name, dec, hexa = m.groups()
    if name is None and dec is None and hexa is None:
        raise _Refused
    if name is not None:
        char = _NAMED.get(name)
        if char is None:
            raise _Refused
        return char
    code = int(dec) if dec is not None else int(hexa, 16)
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Refused
    char = chr(code)
    if _CONTROLS.match(char):  # (DEL, C1, a bidi control: clean_text's business)
        raise _Refused
    return char


def _decode(value: str) -> str:
    """Character references replaced; a ``&`` that is not one of the known ones refuses."""
    return _REF.sub(_char, value) if "&" in value else value


def _href(attrs: str, base: str | None) -> str | None:
    # attribute by attribute (an "href=" inside another attribute's value is not the link);
    # the first href counts, as in an HTML parser
    for name, double, single, bare in _ATTR.findall(attrs):
        if name.lower() == "href":
            raw = double or single or bare  # (at most one is not empty)
            break
    else:
        return None
    if "&" in raw:
        raw = _decode(raw)
    href = safe_url(raw, base)
    if href and is_share_link(href):
        raise _Refused  # a share button: its text is dropped (content.html._inline)
    return href


def quick_text(
    markup: str, base: str | None = None, *, clean: bool = False
) -> tuple[str, tuple[str, ...]] | None:
    """``(text, links)`` of simple HTML, exactly as a full parse gives them, or None when the
    markup is not simple (see the module's docstring). (``clean``: the markup has been
    through :func:`~tui_liveblog.sanitize.clean_text`, so it holds no control character.)"""
    try:
        return _read(markup, base, clean)
    except _Refused:
        return None


_KNOWN_TAGS = _BLOCK_TAGS | _INLINE_TAGS | {"br"}
# what stands for a tag in the text while it is read: a block's edge, a line break, and an
# inline tag (removed once references are decoded: a reference split by a tag is no reference)
_EDGE, _BREAK, _INLINE = "\x00", "\x02", "\x01"


def _read(markup: str, base: str | None, clean: bool = False) -> tuple[str, tuple[str, ...]] | None:
    if len(markup) > MAX_BODY_CHARS:
        return None  # (the full parse cuts it, with a note)
    parts = _TAG.split(markup)  # text, (closing, name, attributes, text) per tag
    texts = parts[0::4]
    raw = "".join(texts)
    if "<" in raw or (not clean and not raw.isprintable() and _CONTROLS.search(raw)):
        return None
    names = [name.lower() for name in parts[2::4]]
    if not _KNOWN_TAGS.issuperset(names):
        return None
    links: list[str] = []
    stack: list[str] = []
    marks: list[str] = []
    for closing, name, attrs in zip(parts[1::4], names, parts[3::4], strict=True):
        if attrs and not _ATTRS.fullmatch(attrs):
            return None
        if name == "br":
            if closing:
                return None
            marks.append(_BREAK)
            continue
        if attrs.endswith("/"):
            return None  # <p/>: read differently by an HTML parser
        if closing:
            if attrs or not stack or stack.pop() != name:
                return None
            marks.append(_EDGE if name in _BLOCK_TAGS else _INLINE)
            continue
        if name in _BLOCK_TAGS:
            # a block opens only where an HTML parser would not close anything for it
            if stack and any(tag != "div" for tag in stack):
                return None
            if attrs and _EMBED_ATTRS.search(attrs):
                return None
            marks.append(_EDGE)
        else:
            if name == "a":
                if "a" in stack:
                    return None
                if attrs:
                    href = _href(attrs, base)
                    if href and href not in links:
                        links.append(href)
            marks.append(_INLINE)
        stack.append(name)
    if stack:
        return None
    marks.append("")
    text = "".join([t + m for t, m in zip(texts, marks, strict=True)])
    if "&" in text:
        text = _REF.sub(_char, text)
    if _INLINE in text:
        text = text.replace(_INLINE, "")
    return "\n\n".join(p for p in map(_paragraph, text.split(_EDGE)) if p), tuple(links)


def _paragraph(text: str) -> str:
    """A block's text as body_to_text writes it: whitespace collapsed, lines (from ``<br>``)
    tidied, empty ones dropped."""
    if _BREAK not in text:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split(_BREAK)]
    return "\n".join(line for line in lines if line)


def quick_blocks(markup: str, base: str | None = None, *, simple: bool = False) -> Blocks | None:
    """The structured body of simple HTML, exactly as a full parse builds it (with the same
    builder), or None when the markup is not simple. (``simple``: :func:`quick_text` has
    read this markup with this base already, so it is not looked at again.)"""
    if not simple and quick_text(markup, base) is None:
        return None
    b = Builder(base)
    styles = [Style()]
    at = 0
    for m in _TAG.finditer(markup):  # (checked above: known tags, properly nested)
        if m.start() > at:
            b.add_text(_decode(markup[at : m.start()]), styles[-1])
        at = m.end()
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if name == "br":
            b.line_break()
        elif name in _BLOCK_TAGS:
            if b.spans:
                b.flush()
        elif closing:
            styles.pop()
        else:
            styles.append(_styled(styles[-1], name, attrs, b))
    if at < len(markup):
        b.add_text(_decode(markup[at:]), styles[-1])
    b.flush()
    return tuple(b.blocks)


def _styled(style: Style, name: str, attrs: str, b: Builder) -> Style:
    """The style inside an inline element (content.html._inline's rules)."""
    if name == "a":
        href = _href(attrs, b.base) if attrs else None
        if not href:
            return style
        if href not in b.links:
            b.links.append(href)
        return Style(href, style.bold, style.italic, style.strike, style.code)
    if name in _BOLD:
        return Style(style.href, True, style.italic, style.strike, style.code)
    if name in _ITALIC:
        return Style(style.href, style.bold, True, style.strike, style.code)
    if name in _STRIKE:
        return Style(style.href, style.bold, style.italic, True, style.code)
    if name in _CODE:
        return Style(style.href, style.bold, style.italic, style.strike, True)
    return style
