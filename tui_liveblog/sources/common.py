"""What every source module shares: untrusted scalars and URLs, the entry cap, the nesting guard.

- :func:`safe_int`: a number from a JSON field never raises. ``str.isdigit()`` is true for
  ``"²"``, which ``int()`` refuses; ``int()`` refuses strings of more than 4300 digits; a string
  like ``"-1e999"`` read as a float is infinite, which ``int()`` refuses too.
- :func:`http_url`: ``Entry.url`` and ``Media.url`` are web addresses (http or https), while
  :func:`~tui_liveblog.sanitize.safe_url` also keeps ``mailto:`` (right for links in a body).
- :func:`http_body`: a parsed body whose media are all http(s) (the body parser keeps a
  ``mailto:`` ``<img src>`` as it keeps any safe link).
- :func:`link_base`: what relative links in a document are resolved against when the document
  is an API answer: the fetched URL without its query (an API token, ``api-key=``…), fragment
  or user name and password, so that ``#more`` never becomes ``…?Token=…#more``.
- :func:`without_credentials`: the fetched URL as a blog's URL (shown, copied, stored): no
  ``user:password@``, no credential query parameter (the names
  :func:`~tui_liveblog.sanitize.redact_url` masks).
- :func:`cap_entries`: at most :data:`MAX_ENTRIES` entries (or the raw items they are made
  from) from one document, with a warning.
- :func:`too_deep`: a guard against pathologically nested HTML, before it reaches the HTML
  parser. The parser handles deeply nested block elements in quadratic time: 10,000 nested
  ``<div>`` take ~0.2 s, 100,000 ~10 s and 200,000 over a minute. No real page nests more than
  a few hundred deep, so a page nesting deeper than :data:`MAX_DEPTH` is not walked as a tree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

from tui_liveblog.content import ParsedBody, http_only
from tui_liveblog.model import Media
from tui_liveblog.sanitize import safe_url, without_credentials
from tui_liveblog.sources.base import SNIFF_BYTES as SNIFF_BYTES

_NUMBER = re.compile(r"([+-]?)([0-9]+)(?:\.[0-9]*)?\Z")
_MAX_TEXT = 64  # a longer string is not a number any source sends


def safe_int(value: object, *, max_digits: int = 18) -> int | None:
    """An integer from an int (not a bool), a finite float (truncated), or a string of ASCII
    digits (optional sign, surrounding spaces and fractional part, truncated); None for
    anything else, and for a number of more than ``max_digits`` digits."""
    if isinstance(value, bool):
        return None
    limit = 10**max_digits
    if isinstance(value, int):
        return value if -limit < value < limit else None
    if isinstance(value, float):
        if not math.isfinite(value) or not -limit < value < limit:
            return None
        return int(value)
    if isinstance(value, str) and len(value) <= _MAX_TEXT:
        m = _NUMBER.match(value.strip())
        if m is None:
            return None
        number = int(m.group(2))
        if number >= limit:
            return None
        return -number if m.group(1) == "-" else number
    return None


def is_http(url: str) -> bool:
    return url[:8].lower().startswith(("http://", "https://"))


def http_url(href: object, base: str | None = None) -> str | None:
    """``href`` resolved against ``base`` if it is a safe http(s) URL, else None (no ``mailto:``)."""
    if not isinstance(href, str):
        return None
    url = safe_url(href, base)
    return url if url is not None and is_http(url) else None


def http_media(media: Iterable[Media]) -> tuple[Media, ...]:
    """The media whose URL is http(s)."""
    return tuple(m for m in media if is_http(m.url))


def http_body(parsed: ParsedBody) -> ParsedBody:
    """``parsed`` without media that are not http(s) (see :func:`~tui_liveblog.content.http_only`)."""
    return http_only(parsed)


def link_base(url: str) -> str | None:
    """``url`` (http or https) reduced to ``scheme://host[:port]/path``: no user name or
    password, query or fragment. None for anything else (a file, a bad URL)."""
    if not is_http(url):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = parts.netloc.rpartition("@")[2]
    if not host:
        return None
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", "", ""))


# -- the entry cap ----------------------------------------------------------------------

MAX_ENTRIES = 100_000


_T = TypeVar("_T")


def cap_entries(entries: list[_T], warnings: list[str]) -> list[_T]:
    """Keep at most :data:`MAX_ENTRIES` entries, with a warning when some were dropped.

    Generic over what an entry is at that point: built :class:`~tui_liveblog.model.Entry`
    objects, or the raw items of a document (a feed caps its ``<item>`` elements before
    building anything)."""
    if len(entries) > MAX_ENTRIES:
        warnings.append(
            f"the document holds {len(entries)} entries; only the first {MAX_ENTRIES} were read"
        )
        return entries[:MAX_ENTRIES]
    return entries


# -- the nesting guard ------------------------------------------------------------------

MAX_DEPTH = 5000  # the parser takes ~20 ms at this depth, seconds at 10x

_BLOCKS = (
    r"<(/?)(?:div|section|article|aside|main|nav|header|footer|blockquote|ul|ol|dl|figure|"
    r"figcaption|fieldset|details|summary|center|address|dialog|hgroup|menu|dir)[\s>/]"
)
_NESTING = re.compile(_BLOCKS, re.IGNORECASE)
_NESTING_BYTES = re.compile(_BLOCKS.encode(), re.IGNORECASE)


def too_deep(markup: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """Does ``markup`` nest block elements more than ``limit`` deep?"""
    tags_at_most = markup.count(b"<") if isinstance(markup, bytes) else markup.count("<")
    if tags_at_most <= limit:
        return False  # too few tags of any kind to nest that deep (one plain scan)
    # each match is empty for an opening tag, "/" for a closing one
    tags: list[str] | list[bytes] = (
        _NESTING_BYTES.findall(markup) if isinstance(markup, bytes) else _NESTING.findall(markup)
    )
    if len(tags) <= limit:
        return False  # too few to nest that deep
    opened = deepest = 0
    for closing in tags:
        if closing:
            opened = max(0, opened - 1)
        else:
            opened += 1
            if opened > deepest:
                deepest = opened
    return deepest > limit


__all__ = [
    "MAX_DEPTH",
    "MAX_ENTRIES",
    "SNIFF_BYTES",
    "cap_entries",
    "http_body",
    "http_media",
    "http_url",
    "is_http",
    "link_base",
    "safe_int",
    "too_deep",
    "without_credentials",
]
