"""Local inputs: reading files and stdin under the size cap, and telling a URL from a path.
Used by :mod:`.client`."""

from __future__ import annotations

from typing import BinaryIO
from urllib.parse import urlsplit

_READ_CHUNK = 64 * 1024


class _TooLarge(Exception):
    """Internal: a local input is over the size cap."""


def _read_capped(stream: BinaryIO, cap: int) -> bytes:
    """Read to EOF, raising _TooLarge as soon as more than ``cap`` bytes arrive."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_READ_CHUNK, cap + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            raise _TooLarge
        chunks.append(chunk)


def is_url(source: str) -> bool:
    """True when ``source`` is an http or https URL with a host (here, not in ``client``:
    the reader asks before it paints its first screen, without importing asyncio)."""
    try:
        parts = urlsplit(source.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
