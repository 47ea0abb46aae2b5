"""Bodies as text: the plain-text form of a structured body, plain-text bodies read into
paragraphs, and tidy spans. No HTML parser here (see :mod:`.html`)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from tui_liveblog.model import Block, Body, Media, Span
from tui_liveblog.sanitize import clean_text, drop_c1_references

MAX_BODY_CHARS = 400_000  # one entry's text shown; real ones are a few KB
# what is read of one entry (a hostile one would take seconds): its markup, data: URLs left
# out, and its elements (real entries hold tens, long articles a few thousand)
MAX_MARKUP_CHARS = 2_000_000
MAX_BODY_ELEMENTS = 50_000
CUT_NOTE = "[…] This entry was cut short here: it is longer than any live-blog entry should be."

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_HTML_HINT = re.compile(
    r"<(?:p|div|br|a|b|strong|em|i|u|s|ul|ol|li|blockquote|h[1-6]|img|figure|span|iframe|"
    r"table|pre|code|video|audio|section|article|hr|del|strike|small|sup|sub|font|center|"
    r"script|style|q|cite|abbr)[\s/>]",
    re.IGNORECASE,
)

# links that share the page rather than say something: social "share" and "tweet this" buttons
_SHARE = re.compile(
    r"//(?:[\w-]+\.)*(?:twitter\.com|x\.com)/(?:intent|share)\b|facebook\.com/(?:sharer|dialog/share)"
    r"|linkedin\.com/share|api\.whatsapp\.com/send|//wa\.me/|reddit\.com/submit|pinterest\.[a-z.]+/pin/create"
    r"|^mailto:\?",
    re.IGNORECASE,
)
_SHARE_HINT = re.compile(r"shar|intent|send|wa\.me|submit|pin/|mailto:\?", re.IGNORECASE)
_SHARE_WORDS = ("shar", "intent", "send", "wa.me", "submit", "pin/", "mailto:?")


def is_share_link(href: str) -> bool:
    """Does the link share the page rather than say something (``_SHARE``)? An ASCII link is
    looked at lower-cased with plain searches first (a case-blind regex scan costs several
    times more, and most links are no share button)."""
    if href.isascii():
        low = href.lower()
        if not any(word in low for word in _SHARE_WORDS):
            return False
    elif not _SHARE_HINT.search(href):
        return False
    return _SHARE.search(href) is not None


def looks_like_html(value: str) -> bool:
    return bool(_HTML_HINT.search(value))


@dataclass(frozen=True, slots=True)
class ParsedBody:
    body: Body
    text: str
    links: tuple[str, ...]
    media: tuple[Media, ...]


def tidy_line(line: str) -> str:
    """``" ".join(line.split())``, without splitting a line that is already tidy."""
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


def style_tuple(span: Span) -> tuple[str | None, bool, bool, bool, bool]:
    return span.href, span.bold, span.italic, span.strike, span.code


def spans_tidy(spans: list[Span], *, checked: bool = False) -> tuple[Span, ...]:
    """Trim whitespace at the edges and around line breaks; drop empty spans; clean text.

    ``checked``: the caller knows every text is printable (clean_text would return it as is).
    """
    out: list[Span] = []
    for span in spans:
        text = span.text if checked else clean_text(span.text)
        if span.text == "\n":
            while out and out[-1].text.endswith(" "):
                stripped = out[-1].text.rstrip(" ")
                out[-1] = Span(stripped, *style_tuple(out[-1]))
                if not stripped:
                    out.pop()
            if out and out[-1].text != "\n":
                out.append(span)
            continue
        if not out or out[-1].text == "\n" or out[-1].text.endswith(" "):
            text = text.lstrip(" ")
        if text:
            out.append(span if text is span.text else Span(text, *style_tuple(span)))
    while out and (out[-1].text == "\n" or not out[-1].text.strip()):
        out.pop()
    if out:
        last = out[-1]
        stripped = last.text.rstrip()
        if stripped is not last.text:
            out[-1] = Span(stripped, *style_tuple(last))
    return tuple(out)


def spans_text(spans: tuple[Span, ...]) -> str:
    if len(spans) == 1:
        return spans[0].text
    return "".join([s.text for s in spans])


def body_to_text(body: Body) -> str:
    """The plain-text form of a body: paragraphs separated by a blank line."""
    parts: list[str] = []
    for block in body:
        kind = block.kind
        if kind in ("p", "h", "quote"):
            text = spans_text(block.spans)
            if "\n" in text:
                text = "\n".join([tidy_line(line) for line in text.split("\n")])
            else:
                text = tidy_line(text)
            if text.strip():
                parts.append(text)
        elif kind == "pre":
            text = spans_text(block.spans).strip("\n")
            if text.strip():
                parts.append(text)
        elif kind in ("ul", "ol"):
            lines = []
            for n, item in enumerate(block.items, 1):
                marker = f"{n}." if kind == "ol" else "-"
                lines.append(f"{marker} {' '.join(spans_text(item).split())}")
            if lines:
                parts.append("\n".join(lines))
        elif kind == "media" and block.spans:
            caption = spans_text(block.spans).strip()
            if caption:
                parts.append(caption)
    return "\n\n".join(parts)


EMPTY = ParsedBody((), "", (), ())


def unescape(value: str) -> str:
    """``html.unescape``, skipped for text with no ``&`` (one regex pass in C otherwise:
    faster than replacing the common references one by one, measured on real bodies). A
    reference to a C1 control (``&#150;``) is removed, not read as windows-1252 ("–") as
    HTML5 has it: C1 controls are removed however they are written."""
    if "&" not in value:
        return value
    read = _unescape_whole(value)
    return read if read is not None else html.unescape(drop_c1_references(value))


# a reference's name or number (what stands between "&" and ";") → what html.unescape reads
# "&<name>;" as; only names of a shape its pattern reads whole (a name of 1 to 32 characters
# none of which is "\t\n\f <&#;", or "#" and decimal digits, or "#x" and hex digits)
_READ_REFS: dict[str, str] = {}
_REF_SHAPE = re.compile(r"[^\t\n\f <&#;]{1,32}|#[0-9]+|#[xX][0-9a-fA-F]+")


def _unescape_whole(value: str) -> str | None:
    """``html.unescape(drop_c1_references(value))`` without a call back into Python for each
    reference, when every ``&`` starts a whole one ending in ``;`` (the usual body: a few kinds
    of reference, often): html.unescape's pattern reads each of those as its text up to the
    ``;``, and what it makes of it depends on that text alone (a C1 control's: nothing, as
    drop_c1_references removes it whole). None for anything else."""
    parts = value.split("&")
    out = [parts[0]]
    for part in parts[1:]:
        semi = part.find(";", 0, 34)
        if semi <= 0:
            return None
        name = part[:semi]
        char = _READ_REFS.get(name)
        if char is None:
            if not _REF_SHAPE.fullmatch(name):
                return None
            char = "" if _c1_number(name) else html.unescape(f"&{name};")
            if len(_READ_REFS) < 4096:
                _READ_REFS[name] = char
        out.append(char)
        out.append(part[semi + 1 :])
    return "".join(out)


def _c1_number(name: str) -> bool:
    """Is this a numeric reference's name (``#150``, ``#x96``) to a C1 control?"""
    if name[0] != "#":
        return False
    number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    return 0x80 <= number <= 0x9F


def parse_plain(value: str) -> ParsedBody:
    """Plain text (entities decoded) → paragraphs split on blank lines (or single newlines)."""
    if len(value) > MAX_BODY_CHARS:
        cut = parse_plain(value[:MAX_BODY_CHARS])
        noted = (*cut.body, Block("p", (Span(CUT_NOTE),)))
        return ParsedBody(noted, body_to_text(noted), cut.links, cut.media)
    if "&" in value:
        value = unescape(value)
    if value.isprintable():
        # the usual case, one paragraph: no newline, no control, bidi or odd space character
        # (nothing for clean_text to remove, no whitespace but plain spaces to collapse)
        line = value.strip()
        if "  " in line:
            line = " ".join(line.split())
        if not line:
            return EMPTY
        return ParsedBody((Block("p", (Span(line),)),), line, (), ())
    value = clean_text(value).strip()
    if not value:
        return EMPTY
    parts = _BLANK_LINE.split(value) if "\n\n" in value or "\n " in value else value.split("\n")
    blocks: list[Block] = []
    lines: list[str] = []
    for part in parts:
        line = tidy_line(part)
        if line:
            blocks.append(Block("p", (Span(line),)))
            lines.append(line)
    return ParsedBody(tuple(blocks), "\n\n".join(lines), (), ())
