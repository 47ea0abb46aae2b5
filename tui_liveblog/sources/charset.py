"""One decoder for every source: a document's bytes to text, by the web's rules.

The encoding is the first of (the WHATWG Encoding Standard's order, labels from its table via
``webencodings``):

1. a byte order mark: UTF-8, UTF-16 LE or BE (UTF-32 too, for XML);
2. the HTTP header's ``charset``;
3. the document's own declaration: ``<meta charset>`` or ``<meta http-equiv="Content-Type">``
   in an HTML page's head, the XML declaration (or, for XML without either, UTF-16/32 told by
   where the zero bytes fall around the first ``<``);
4. UTF-8, when the bytes are UTF-8 (or mostly are: a stray byte in a UTF-8 page);
5. windows-1252 (its five undefined bytes read as Latin-1).

Declared labels mean what they mean on the web: ``iso-8859-1``, ``latin1`` and ``ascii`` are
windows-1252, ``gb2312`` is GB18030; a ``<meta>`` (readable as ASCII) that says UTF-16 means
UTF-8; an unknown label, or one the standard maps to "replacement", is ignored. Files and stdin
follow the same rules without a header. One departure from a browser: a declared multi-byte
encoding that the bytes plainly contradict (UTF-8 declared, windows-1252 written: a feed
generator's old bug) gives way to the next step, where a browser would show U+FFFD.

:func:`as_utf8` is applied by the registry before any source sniffs or parses: a document with
a byte order mark or in UTF-16/32 becomes UTF-8 bytes, with a header saying so, so that byte-
level readers (orjson, lxml, the sniffers) never see a wide encoding.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass

import webencodings  # type: ignore[import-untyped]  # (no stubs: one lookup() used)

from tui_liveblog.sources.base import Headers

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # (before UTF-16 LE, whose mark begins it)
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^\s"';,]{1,40})""", re.IGNORECASE)
_XML_DECLARATION = re.compile(
    rb"""^\s{0,64}<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:\-]{1,40})["']"""
)
_META = re.compile(rb"<meta\b[^>]{0,512}>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]{1,40})""", re.IGNORECASE)
_BODY = re.compile(rb"<body\b", re.IGNORECASE)
_META_START = re.compile(rb"<meta", re.IGNORECASE)
_HEAD_BYTES = 65_536  # how far into a page its <meta charset> is looked for
# WHATWG decoders Python names otherwise (webencodings leaves these to Python's narrower codec)
_WIDER = {"gbk": "gb18030", "cp1252": "cp1252"}


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a document is decoded: the Python codec, the BOM to skip, and what said so."""

    codec: str
    bom: int = 0
    said_by: str = "utf-8"  # "bom", "header", "meta", "xml", "utf-8" or "windows-1252"


def _cp1252_or_latin1(err: UnicodeError) -> tuple[str, int]:
    """Error handler: the bytes windows-1252 leaves undefined (0x81, 0x8D…) read as Latin-1."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("tui_liveblog.cp1252", _cp1252_or_latin1)


def codec_for(label: str | bytes | None, *, in_document: bool = False) -> str | None:
    """The Python codec for an encoding label as the web reads it; None if unusable. A label
    in the document itself (readable as ASCII) cannot be right about UTF-16."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    if not label.isascii():
        return None
    found = webencodings.lookup(label)
    if found is None or found.name == "replacement":
        return None
    if found.name == "x-user-defined":
        return "cp1252" if in_document else "x-user-defined"
    name = str(found.codec_info.name)
    if in_document and name in ("utf-16-le", "utf-16-be"):
        return "utf-8"
    return _WIDER.get(name, name)


def _header_charset(headers: Headers) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type":
            m = _HEADER_CHARSET.search(value)
            return m.group(1) if m else None
    return None


def _bom(data: bytes) -> Encoding | None:
    for mark, name in _BOMS:
        if data.startswith(mark):
            return Encoding(name, len(mark), "bom")
    return None


def _wide_pattern(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, told by where the zero bytes fall around the first ``<``."""
    if len(data) < 4:
        return None
    zero = (data[0] == 0, data[1] == 0, data[2] == 0, data[3] == 0)
    return {
        (True, True, True, False): "utf-32-be",
        (False, True, True, True): "utf-32-le",
        (True, False, True, False): "utf-16-be",
        (False, True, False, True): "utf-16-le",
    }.get(zero)


def _declared(data: bytes) -> Encoding | None:
    """The document's own word: its XML declaration, or a ``<meta>`` in its head."""
    m = _XML_DECLARATION.match(data)
    if m is not None:
        codec = codec_for(m.group(1), in_document=True)
        if codec:
            return Encoding(codec, 0, "xml")
    head = data[:_HEAD_BYTES]
    if _META_START.search(head) is None:
        return None
    body = _BODY.search(head)
    if body is not None:
        head = head[: body.start()]
    for meta in _META.finditer(head):
        tag = meta.group(0)
        low = tag.lower()
        if b"charset" not in low:
            continue
        if b"http-equiv" in low and b"content-type" not in low:
            continue
        found = _META_CHARSET.search(tag)
        codec = codec_for(found.group(1), in_document=True) if found else None
        if codec:
            return Encoding(codec, 0, "meta")
    return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes reads better than windows-1252 would."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    return len(text) - len(text.encode("ascii", "ignore")) - bad > bad


def _valid_utf8(data: bytes) -> bool:
    """Are the bytes UTF-8? Read a piece at a time, the text not kept: a page's worth of text
    would be allocated (and its memory touched) only to be dropped."""
    decoder = _UTF8_DECODER()
    try:
        for at in range(0, len(data), _PIECE):
            decoder.decode(data[at : at + _PIECE])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


_UTF8_DECODER = codecs.getincrementaldecoder("utf-8")
_PIECE = 65_536


def _choose(data: bytes, headers: Headers, keep: bool = True) -> tuple[Encoding, str | None, bool]:
    """The encoding, the text when finding it meant decoding it all (``keep``: else the text
    is not made, where only the bytes' validity as UTF-8 is in question), and whether the
    bytes read as UTF-8 with nothing replaced when the encoding is UTF-8."""
    found = _bom(data)
    if found is not None:
        return found, None, False
    candidates: list[Encoding] = []
    header = codec_for(_header_charset(headers))
    if header:
        candidates.append(Encoding(header, 0, "header"))
    wide = _wide_pattern(data)
    if wide is not None:
        candidates.append(Encoding(wide, 0, "xml"))
    else:
        declared = _declared(data)
        if declared is not None:
            candidates.append(declared)
    for candidate in candidates:
        if candidate.codec in _NEVER_FAIL or candidate.codec.startswith(_NEVER_FAIL_PREFIXES):
            return candidate, None, False
        if not keep and candidate.codec == "utf-8":
            if _valid_utf8(data):
                return candidate, None, True
            continue
        try:
            return candidate, data.decode(candidate.codec), True
        except (UnicodeDecodeError, LookupError):
            continue  # a label the bytes plainly contradict (UTF-8 declared, cp1252 written)
    if data.isascii():
        return Encoding("utf-8"), None, True
    if not keep:
        if _valid_utf8(data):
            return Encoding("utf-8"), None, True
    else:
        try:
            return Encoding("utf-8"), data.decode("utf-8"), True
        except UnicodeDecodeError:
            pass
    if _mostly_utf8(data):
        return Encoding("utf-8"), None, False
    return Encoding("cp1252", 0, "windows-1252"), None, False


# single-byte encodings read any bytes: nothing to check
_NEVER_FAIL = frozenset({"cp1252", "latin-1", "iso8859-1", "koi8-r", "koi8-u", "mac-roman"})
_NEVER_FAIL_PREFIXES = ("cp12", "iso8859-", "cp8", "mac-")


def sniff(data: bytes, headers: Headers = None) -> Encoding:
    """The encoding of a document (see the module docstring for the order)."""
    return _choose(data, headers, keep=False)[0]


def utf8_as_is(data: bytes, headers: Headers = None) -> bool:
    """Is the document's text its bytes read as UTF-8, nothing skipped or replaced? (Then a
    parser that reads UTF-8 may take the bytes as they are: the text, encoded again for it,
    would be these bytes.)"""
    encoding, _, exact = _choose(data, headers, keep=False)
    return exact and encoding.codec == "utf-8" and not encoding.bom


def decode_as(data: bytes, encoding: Encoding) -> str:
    """Bytes in a known encoding as text (what it cannot read becomes U+FFFD)."""
    errors = "tui_liveblog.cp1252" if encoding.codec == "cp1252" else "replace"
    try:
        return data[encoding.bom :].decode(encoding.codec, errors)
    except LookupError:  # (a codec webencodings names that this Python lacks)
        return data[encoding.bom :].decode("utf-8", "replace")


def decode(data: bytes, headers: Headers = None) -> str:
    """A document's text (see the module docstring). Never raises."""
    encoding, text, _ = _choose(data, headers)
    return text if text is not None else decode_as(data, encoding)


def as_utf8(data: bytes, headers: Headers) -> tuple[bytes, Headers]:
    """A document with a byte order mark or in UTF-16/32 as UTF-8 bytes (its XML declaration
    saying so), with a header that says so; any other document unchanged."""
    bom = _bom(data)
    wide = None if bom is not None else _wide_pattern(data)
    if bom is None and wide is None:
        return data, headers
    text = decode_as(data, bom or Encoding(wide or "utf-8"))
    if text.startswith("<?xml"):
        end = text.find("?>")
        if 0 < end < 300:
            declaration = re.sub(
                r"""encoding\s*=\s*["'][^"']*["']""", 'encoding="utf-8"', text[:end]
            )
            text = declaration + text[end:]
    return text.encode("utf-8"), _with_charset(headers, "utf-8")


def _with_charset(headers: Headers, charset: str) -> Mapping[str, str]:
    """The headers, with the content type's charset replaced (or added)."""
    out = {k: v for k, v in (headers or {}).items() if k.lower() != "content-type"}
    content_type = next(
        (v for k, v in (headers or {}).items() if k.lower() == "content-type"), None
    )
    kind = content_type.split(";", 1)[0].strip() if content_type else ""
    out["content-type"] = f"{kind or 'application/octet-stream'}; charset={charset}"
    return out
