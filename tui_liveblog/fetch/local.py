"""Reading local inputs (files and stdin) under the size cap. Used by :mod:`.client`."""

from __future__ import annotations

from typing import BinaryIO

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
