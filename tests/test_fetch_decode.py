"""Issue 18 (a fault-injecting server), found by its gzip bomb: a compressed body is inflated a
piece at a time under the size cap (:mod:`tui_liveblog.fetch.decode`). Before, httpx inflated
each network chunk whole: 64 KiB of a bomb became 64 MB at once, and a fetch capped at 4 MB
held over 130 MB at its peak.
"""

from __future__ import annotations

import gzip
import random
import tracemalloc
import zlib

import httpx
import pytest

from tests.faultserver import FaultServer, _bomb_parts
from tui_liveblog.errors import FetchError
from tui_liveblog.fetch import MB, Fetcher
from tui_liveblog.fetch.decode import PIECE, BodyDecoder, DecodeError

# a body that compresses well but not into nothing: text, then zeros, then noise
BODY = b"<p>live</p>" * 20_000 + bytes(3 * PIECE + 17) + random.Random(18).randbytes(5 * PIECE + 3)


def _decoded(encoding: str, data: bytes, chunk: int = 4096) -> bytes:
    decoder = BodyDecoder(encoding)
    pieces = [p for i in range(0, len(data), chunk) for p in decoder.decode(data[i : i + chunk])]
    if encoding.strip() not in ("", "identity", "br"):
        assert max(len(p) for p in pieces) <= PIECE
    return b"".join(pieces)


def _raw_deflate(data: bytes) -> bytes:
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    return z.compress(data) + z.flush()


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),  # the standard's deflate: a zlib stream
        ("deflate", _raw_deflate(BODY)),  # what some servers send
        ("deflate, gzip", gzip.compress(zlib.compress(BODY))),  # applied in order, undone back
        ("GZip ", gzip.compress(BODY)),
        ("", BODY),
        ("identity", BODY),
        ("br", BODY),  # (not asked for, not known: left as it is, as httpx leaves it)
    ],
    ids=["gzip", "x-gzip", "zlib", "raw-deflate", "two", "case", "none", "identity", "br"],
)
@pytest.mark.parametrize("chunk", [7, 4096, 1 << 20])  # (bytes a network read brings)
def test_a_body_is_decoded_whole_however_it_comes(encoding: str, data: bytes, chunk: int) -> None:
    assert _decoded(encoding, data, chunk) == BODY


def test_a_bomb_is_inflated_a_piece_at_a_time() -> None:
    """64 KiB of a bomb (64 MB of zeros): the first piece comes, and no more is inflated than
    is asked for."""
    header, segment, _ = _bomb_parts()
    decoder = BodyDecoder("gzip")
    tracemalloc.start()
    try:
        pieces = decoder.decode(header + segment * 64)
        first = next(pieces)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(first) == PIECE
    assert peak < 4 * PIECE + len(segment) * 64
    assert sum(len(p) for p in pieces) + len(first) == 64 * MB  # (and the rest, when asked)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [("gzip", b"\x1f\x8b\x08\x00not gzip at all"), ("deflate", b"\xff" * 64)],
    ids=["gzip", "deflate"],
)
def test_a_body_that_is_not_what_its_encoding_says_is_an_error(encoding: str, data: bytes) -> None:
    with pytest.raises(DecodeError):
        _decoded(encoding, data)


async def test_the_fetcher_says_a_body_cannot_be_decoded() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        stream = httpx.ByteStream(b"\x1f\x8b\x08\x00not gzip at all")
        return httpx.Response(200, headers={"content-encoding": "gzip"}, stream=stream)

    async with Fetcher(transport=httpx.MockTransport(handle), retries=0) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("https://news.example/live")
    assert str(info.value).startswith("cannot decode the response from https://news.example/live: ")


async def test_a_gzip_bomb_is_never_inflated_past_the_cap() -> None:
    """A 4 GB bomb (4 MB on the wire: its Content-Length lets it in) against an 8 MB cap: the
    fetch fails as too large, and holds little more than the cap at its peak. Before: over
    140 MB."""
    cap = 8 * MB
    _bomb_parts()  # (made before measuring: the server's side is not the fetch's)
    with FaultServer() as server:
        server.fault = "gzip-bomb"
        async with Fetcher(max_bytes=cap, retries=0, deadline=30.0) as fetcher:
            tracemalloc.start()
            try:
                with pytest.raises(FetchError) as info:
                    await fetcher.fetch(server.url)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert str(info.value) == f"response too large: over 8 MB from {server.url}"
    assert peak < 1.5 * cap, f"{peak / MB:.0f} MB at the peak"


async def test_only_what_is_decoded_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx asks for brotli and zstd when their packages are installed; no piece-at-a-time
    decoder stands behind them here, so they are not asked for."""
    monkeypatch.setattr(httpx._client, "ACCEPT_ENCODING", "gzip, deflate, br, zstd")
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["accept-encoding"])
        return httpx.Response(200, content=b"ok")

    async with Fetcher(transport=httpx.MockTransport(handle), retries=0) as fetcher:
        await fetcher.fetch("https://news.example/live")
    assert seen == ["gzip, deflate"]
