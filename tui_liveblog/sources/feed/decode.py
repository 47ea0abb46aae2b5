"""Decoding a feed's bytes: the shared decoder (:mod:`tui_liveblog.sources.charset`).

BOM, HTTP charset, UTF-16/32 byte patterns, the XML declaration, UTF-8, then windows-1252, so
lxml always gets Unicode and the encodings the web knows (big5, koi8-r…) just work. Part of
:mod:`tui_liveblog.sources.feed`, which re-exports :func:`decode`.
"""

from __future__ import annotations

from collections.abc import Mapping

from tui_liveblog.sources import charset


def _bom(data: bytes) -> tuple[str, int] | None:
    found = charset.sniff(data[:4]) if data[:1] in (b"\xef", b"\xff", b"\xfe", b"\x00") else None
    return (found.codec, found.bom) if found is not None and found.bom else None


def _wide_pattern(data: bytes) -> str | None:
    return charset._wide_pattern(data)


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        for key, val in headers.items():
            if key.lower() == name:
                return val
    return value


def decode(data: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode a feed's bytes; returns ``(text, codec name)``. Never raises."""
    found = charset.sniff(data, headers)
    return charset.decode_as(data, found), found.codec
