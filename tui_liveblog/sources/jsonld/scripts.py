"""Reading JSON-LD: the ``<script type="application/ld+json">`` blocks of a page (or a bare
JSON document), orjson first, then a lenient path for wrappers (HTML comments, CDATA), raw
control characters and trailing junk. Part of :mod:`tui_liveblog.sources.jsonld`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from tui_liveblog.sources.charset import Encoding, decode_as

_SCRIPT_OPEN = re.compile(
    rb"""<script\b[^>]*?\btype\s*=\s*["']?\s*application/ld\+json[^>]*>""", re.IGNORECASE
)
_SCRIPT_CLOSE = re.compile(rb"</script\s*>", re.IGNORECASE)


_WRAPPERS = re.compile(
    r"^\s*(?:(?://\s*)?<!\[CDATA\[|<!--)\s*|\s*(?:(?://\s*)?\]\]>|-->)\s*$", re.DOTALL
)


@dataclass(slots=True)
class _Blocks:
    values: list[Any]
    broken: int  # broken blocks that mention a live blog
    broken_reasons: list[str]


# an escape in a JSON string: a surrogate pair, half of one, or any other (``\\``, ``\"``…)
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
    r"|u[dD][c-fC-F][0-9a-fA-F]{2}|.)",
    re.DOTALL,
)


def _lone_surrogate(m: re.Match[str]) -> str:
    # six characters: half of a pair alone (a whole pair is twelve, another escape two)
    return "\\ufffd" if len(m.group()) == 6 else m.group()


def _load_lenient(raw: bytes, encoding: Encoding) -> list[Any]:
    """Slow path for blocks orjson refuses: wrappers, raw control characters, trailing junk."""
    text = decode_as(raw, encoding)
    text = _WRAPPERS.sub("", text.strip()).strip().lstrip("\ufeff")
    try:
        return [orjson.loads(text)]
    except orjson.JSONDecodeError:
        pass
    if "\\u" in text:
        # half a surrogate pair: orjson refuses it, json would make a string that cannot be
        # encoded (the page's text compared as UTF-8, the cache, dump --format json)
        text = _ESCAPE.sub(_lone_surrogate, text)
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and text[pos] in " \t\r\n;,":
            pos += 1
        if pos >= end:
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError) as err:
            if values:  # trailing junk after a good value
                break
            raise ValueError(str(err).split(":")[0]) from None
        values.append(value)
    if not values:
        raise ValueError("empty block")
    return values


def _script_blocks(data: bytes) -> Iterator[bytes]:
    pos = 0
    while True:
        m = _SCRIPT_OPEN.search(data, pos)
        if not m:
            return
        close = _SCRIPT_CLOSE.search(data, m.end())
        end = close.start() if close else len(data)
        yield data[m.end() : end]
        if not close:
            return
        pos = close.end()


def _is_bare_json(data: bytes) -> bool:
    head = data[:64].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head[:1] in (b"{", b"[")


def _read_blocks(data: bytes, encoding: Encoding) -> _Blocks:
    """The page's JSON-LD blocks (or the bare JSON document), read in the page's encoding."""
    raws = [data] if _is_bare_json(data) else list(_script_blocks(data))
    out = _Blocks([], 0, [])
    utf8 = encoding.codec == "utf-8"
    for raw in raws:
        if not raw.strip():
            continue
        try:
            out.values.append(
                orjson.loads(raw if utf8 or raw.isascii() else decode_as(raw, encoding))
            )
            continue
        except orjson.JSONDecodeError:
            pass
        try:
            out.values.extend(_load_lenient(raw, encoding))
        except ValueError as err:
            if b"liveblog" in raw.lower():
                out.broken += 1
                out.broken_reasons.append(str(err) or "invalid JSON")
    return out
