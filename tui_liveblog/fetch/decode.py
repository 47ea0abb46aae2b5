"""A response body's ``Content-Encoding`` undone a piece at a time, for :mod:`.client`'s size cap.

httpx inflates each network chunk whole: 64 KiB of a gzip bomb (a small body that inflates to
gigabytes) become 64 MB at once, whatever the cap. Here no call gives back more than
:data:`PIECE` bytes, so the cap stops a bomb within a piece of it. Only gzip and deflate are
undone, and only they are asked for (:data:`ACCEPT_ENCODING`); an encoding not known is left
as it is, as httpx leaves it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from tui_liveblog.sanitize import clean_line

ACCEPT_ENCODING = "gzip, deflate"
PIECE = 64 * 1024  # the most bytes one step of inflating gives back

# zlib's window bits for each encoding, and for deflate a second guess: the standard says a
# zlib stream, some servers send raw deflate (httpx guesses the same way)
_WBITS: dict[str, tuple[int, int | None]] = {
    "gzip": (zlib.MAX_WBITS | 16, None),
    "x-gzip": (zlib.MAX_WBITS | 16, None),
    "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS),
}


class DecodeError(Exception):
    """The body is not what its ``Content-Encoding`` says it is."""


class _Inflater:
    """One encoding undone: compressed chunks in, pieces of at most :data:`PIECE` bytes out."""

    def __init__(self, wbits: int, second_guess: int | None) -> None:
        self._z = zlib.decompressobj(wbits)
        self._second_guess = second_guess
        self._started = False

    def pieces(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            yield from self._inflate(chunk)

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        full = True  # (a step that gave a whole piece may have more waiting inside zlib)
        while (data or full) and not self._z.eof:
            try:
                out = self._z.decompress(data, PIECE)
            except zlib.error as exc:
                if self._started or self._second_guess is None:
                    raise DecodeError(clean_line(str(exc)) or "invalid data") from None
                self._z = zlib.decompressobj(self._second_guess)
                self._second_guess = None
                continue
            self._started = True
            data = self._z.unconsumed_tail
            full = len(out) == PIECE
            if out:
                yield out


class BodyDecoder:
    """The decoder for a ``Content-Encoding`` header's value (encodings applied in order, so
    undone in reverse). :meth:`decode` gives the body's bytes for each chunk received."""

    def __init__(self, content_encoding: str | None) -> None:
        names = [name.strip().lower() for name in (content_encoding or "").split(",")]
        self._layers = [_Inflater(*_WBITS[name]) for name in reversed(names) if name in _WBITS]

    def decode(self, chunk: bytes) -> Iterator[bytes]:
        """The decoded pieces of ``chunk`` (each at most :data:`PIECE` bytes when encoded).
        Raises :class:`DecodeError`."""
        pieces: Iterable[bytes] = (chunk,)
        for layer in self._layers:
            pieces = layer.pieces(pieces)
        yield from pieces
