"""Safety rules for untrusted text and links, applied once, where a source builds the model.

- every escape sequence (CSI, OSC, DCS, SOS/PM/APC, lone ESC) and C0/C1 control character
  except newline and tab is removed;
- a C1 control written as a numeric character reference (``&#150;``, ``&#x96;``) is removed too,
  before a parser decodes it (:func:`drop_c1_references`): HTML5 parsers read those numbers as
  windows-1252 characters ("–"), XML as the controls, so the same text would read differently
  by source and field. (Bytes 0x80–0x9F of a document *in* windows-1252 are that encoding's
  characters, decoded as such: they never are C1 code points.)
- bidi embedding/override/isolate controls are removed (they can reorder what the reader sees);
- only http, https and mailto links are kept.

Rich markup is not this module's concern: nothing outside ``ui/`` and the CLI's terminal output
touches Rich, and those build ``Text`` objects instead of parsing markup.
"""

from __future__ import annotations

import re
from typing import overload
from urllib.parse import urljoin, urlsplit

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ ... ST/BEL),
# two-character escapes (ESC + one char); and the 8-bit CSI.
# A string sequence (OSC…) takes its payload with it only when it is terminated: an unterminated
# one, or an 8-bit introducer (U+009D is what the "”" of UTF-8 read as Latin-1 ends in), loses
# just its introducer, so a stray one cannot swallow the rest of a text or of a whole feed.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                  # CSI
  | \x9b[0-?]*[ -/]*[@-~]?                    # 8-bit CSI
  | \x1b[\]PX^_]                              # OSC, DCS, SOS, PM, APC ...
    [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)      # ... up to BEL or ST
  | \x1b[ -/]*[0-~]?                          # other ESC sequences, or a lone ESC
    """,
    re.VERBOSE,
)
# C0 (minus \t \n), DEL, C1, and bidi controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]"
)
_NEEDS_WORK = _CONTROLS


SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_UNSAFE = " <>\"'`"
# an absolute http(s) URL with nothing to clean, resolve or quote (safe_url returns it unchanged)
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?\Z"
)
_URL_QUOTE = str.maketrans({c: f"%{ord(c):02X}" for c in _URL_UNSAFE})


def clean_text(value: str) -> str:
    """Remove escape sequences, control characters (keeping ``\\n`` and ``\\t``) and bidi controls."""
    # str.isprintable is false for every character removed here (C0, C1 and bidi controls are
    # "Other"), and cheaper than the search: the usual text needs no work at all
    if value.isprintable() or not _NEEDS_WORK.search(value):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in value or "\x9b" in value or "\x9d" in value or "\x90" in value:
        value = _ESCAPES.sub("", value)
    return _CONTROLS.sub("", value)


# &#128;…&#159; and &#x80;…&#x9F; (leading zeros allowed; the ";" optional, as HTML has it)
_C1_REFERENCE = re.compile(
    r"&#(?:0*(?:12[89]|1[34][0-9]|15[0-9])(?![0-9])|[xX]0*[89][0-9a-fA-F](?![0-9a-fA-F]));?"
)
_C1_REFERENCE_BYTES = re.compile(_C1_REFERENCE.pattern.encode())


@overload
def drop_c1_references(markup: str) -> str: ...
@overload
def drop_c1_references(markup: bytes) -> bytes: ...
def drop_c1_references(markup: str | bytes) -> str | bytes:
    """HTML or XML source without its numeric character references to C1 controls (U+0080 to
    U+009F), which no parser then decodes (to a windows-1252 character, as HTML5 would)."""
    if isinstance(markup, bytes):
        return _C1_REFERENCE_BYTES.sub(b"", markup) if b"&#" in markup else markup
    return _C1_REFERENCE.sub("", markup) if "&#" in markup else markup


def clean_line(value: str) -> str:
    """Clean text and collapse all whitespace (newlines included) to single spaces."""
    return " ".join(clean_text(value).split())


def safe_url(href: str | None, base: str | None = None) -> str | None:
    """Return ``href`` resolved against ``base`` if it is an http, https or mailto URL, else None."""
    if not href:
        return None
    if _PLAIN_URL.match(href):  # the usual absolute link: every test below would pass it as is
        return href
    href = clean_line(href)
    if not href:
        return None
    if base and not href.startswith(("http://", "https://", "mailto:")):
        try:
            href = urljoin(base, href)
        except ValueError:
            return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme != "mailto" and not parts.netloc:
        return None
    if any(c in href for c in _URL_UNSAFE):
        href = href.translate(_URL_QUOTE)
    return href


_SECRET = re.compile(
    r"([?&;](?:api[-_]?key|apikey|key|token|access_token|auth|password|secret|sig|signature)=)"
    r"[^&;#]*",
    re.IGNORECASE,
)


_USERINFO = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")  # a user:password@


def redact_url(url: str) -> str:
    """``url`` cleaned for display, with credentials (``api-key=``, ``Token=``…, a
    ``user:password@``) replaced by ``***``: error messages and the --debug log never show
    an API key."""
    return _SECRET.sub(r"\1***", _USERINFO.sub(r"\1***@", clean_line(url)))


_SECRET_PAIR = re.compile(
    r"(?:api[-_]?key|apikey|key|token|access_token|auth|password|secret|sig|signature)(?:=|\Z)",
    re.IGNORECASE,
)
_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def without_credentials(url: str) -> str:
    """``url`` without the credentials it may carry: a ``user:password@`` before the host and
    the credential query parameters (``api-key=``, ``Token=``, ``access_token=``…), dropped
    rather than masked; everything else as it was. A file path is returned unchanged."""
    if not _URL_START.match(url):
        return url
    url = _USERINFO.sub(r"\1", url)
    query_at = url.find("?")
    if query_at < 0:
        return url
    head, rest = url[:query_at], url[query_at + 1 :]
    query, hash_mark, fragment = rest.partition("#")
    pairs = [p for p in re.split(r"[&;]", query) if p and not _SECRET_PAIR.match(p)]
    return head + ("?" + "&".join(pairs) if pairs else "") + hash_mark + fragment
