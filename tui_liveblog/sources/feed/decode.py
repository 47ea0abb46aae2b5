"""Decoding a feed's bytes: BOM, HTTP charset, UTF-16/32 byte patterns, XML declaration.

A bogus or mismatched encoding falls back to UTF-8, then windows-1252, so lxml always gets
Unicode and odd encodings Python knows (big5, koi8-r…) just work. Part of
:mod:`tui_liveblog.sources.feed`, which re-exports :func:`decode`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

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
