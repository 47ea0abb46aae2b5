"""A live blog on 127.0.0.1 that misbehaves on command (issue 18): :class:`FaultServer` is a
:class:`tests.blogserver.BlogServer` that serves its good blog until ``fault`` names one of
:data:`FAULTS`, and serves that fault to every request until ``fault`` is set back to None.

The faults: an HTTP 500, 502 or 503; a 429 whose ``Retry-After`` is in seconds, an HTTP date or
unusable; a body cut short (a ``Content-Length`` larger than what is sent, then the connection
closed); random bytes as the body, or instead of an HTTP answer; an empty 200; a stall (the
connection accepted, never answered); a drip (a byte every 50 ms); a redirect to itself, or
to a ``file:`` or an ``ftp:`` URL; an image, or the blog's page said to be JSON; a gzip bomb (a
small body that inflates to gigabytes); a body that never ends (chunked, no length).
"""

from __future__ import annotations

import contextlib
import functools
import random
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

from tests.blogserver import BlogServer, _Handler

# every fault, by name (the tests are parametrised over these)
FAULTS = (
    "http-500",
    "http-502",
    "http-503",
    "429-seconds",
    "429-date",
    "429-unusable",
    "truncated",
    "random-body",
    "random-answer",
    "empty",
    "stall",
    "drip",
    "redirect-loop",
    "redirect-file",
    "redirect-ftp",
    "image",
    "html-as-json",
    "gzip-bomb",
    "endless",
)

BOMB_GB = 4  # what the gzip bomb inflates to, in gigabytes
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@functools.cache
def _bomb_parts() -> tuple[bytes, bytes, int]:
    """A gzip stream of zeros as (header, a segment to repeat, how many times): each segment is
    a megabyte of zeros deflated and fully flushed (byte-aligned, no back-reference across it),
    so the segment repeated is itself valid deflate data, and nothing needs compressing twice."""
    mb = 1024 * 1024
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = deflate.compress(bytes(mb)) + deflate.flush(zlib.Z_FULL_FLUSH)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no time
    return header, segment, BOMB_GB * 1024


class FaultServer(BlogServer):
    """A :class:`BlogServer` with ``fault``: None serves the blog, a name from :data:`FAULTS`
    serves that fault. ``retry_after`` is the wait a 429 asks for, in seconds (``429-seconds``
    says it as a number, ``429-date`` as an HTTP date that many seconds after its ``Date``)."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.fault: str | None = None
        self.retry_after = 3
        self._released = threading.Event()  # ends the stalls (when the server stops)
        self._random = random.Random(18)

    def start(self) -> str:
        self._released.clear()
        return super().start()

    def stop(self) -> None:
        self._released.set()
        super().stop()

    def handle(self, req: _Handler) -> None:
        fault = self.fault
        if fault is None:
            super().handle(req)
            return
        self.seen.requests.append({k.lower(): v for k, v in req.headers.items()})
        with contextlib.suppress(OSError):  # (the client hung up: its deadline, its size cap)
            self._serve(fault, req)

    # -- the faults -------------------------------------------------------------------------
    def _serve(self, fault: str, req: _Handler) -> None:
        serve: dict[str, Callable[[_Handler], None]] = {
            "http-500": lambda r: self._status(r, 500),
            "http-502": lambda r: self._status(r, 502),
            "http-503": lambda r: self._status(r, 503),
            "429-seconds": lambda r: self._status(r, 429, str(self.retry_after)),
            "429-date": self._429_date,
            "429-unusable": lambda r: self._status(r, 429, "soon, maybe"),
            "truncated": self._truncated,
            "random-body": lambda r: self._body(r, self._random.randbytes(4096), "text/html"),
            "random-answer": self._random_answer,
            "empty": lambda r: self._body(r, b"", "text/html; charset=utf-8"),
            "stall": lambda r: self._released.wait(60),
            "drip": lambda r: self._drip(r, 0.05),
            "redirect-loop": lambda r: self._redirect(r, self.url),
            "redirect-file": lambda r: self._redirect(r, "file:///etc/passwd"),
            "redirect-ftp": lambda r: self._redirect(r, f"ftp://127.0.0.1:{self.port}/blog"),
            "image": lambda r: self._body(r, _PNG, "image/png"),
            "html-as-json": lambda r: self._body(r, self.page(), "application/json"),
            "gzip-bomb": self._gzip_bomb,
            "endless": self._endless,
        }
        serve[fault](req)

    def _head(self, req: _Handler, status: int, when: float | None = None) -> None:
        """The status line, ``Server`` and ``Date`` (at ``when``: a 429's date is measured from
        it, to the second)."""
        req.send_response_only(status)
        req.send_header("Server", req.version_string())
        req.send_header("Date", formatdate(when or time.time(), usegmt=True))

    def _status(self, req: _Handler, status: int, retry_after: str | None = None) -> None:
        body = f"status {status}\n".encode()
        self._head(req, status)
        if retry_after is not None:
            req.send_header("Retry-After", retry_after)
        req.send_header("Content-Type", "text/plain")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    def _429_date(self, req: _Handler) -> None:
        now = float(int(time.time()))
        body = b"slow down\n"
        self._head(req, 429, now)
        req.send_header("Retry-After", formatdate(now + self.retry_after, usegmt=True))
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    def _body(self, req: _Handler, body: bytes, content_type: str) -> None:
        self._head(req, 200)
        req.send_header("Content-Type", content_type)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    def _truncated(self, req: _Handler) -> None:
        """The blog's page said to be longer than it is: half of it is sent, then the end."""
        page = self.page()
        self._head(req, 200)
        req.send_header("Content-Type", "text/html; charset=utf-8")
        req.send_header("Content-Length", str(len(page) + 1000))
        req.send_header("Connection", "close")
        req.end_headers()
        req.wfile.write(page[: len(page) // 2])
        req.close_connection = True

    def _random_answer(self, req: _Handler) -> None:
        """Not HTTP at all: random bytes where the status line should be, then the end."""
        req.wfile.write(b"\x16\x03" + self._random.randbytes(2048))
        req.close_connection = True

    def _redirect(self, req: _Handler, location: str) -> None:
        self._head(req, 302)
        req.send_header("Location", location)
        req.send_header("Content-Length", "0")
        req.end_headers()

    def _gzip_bomb(self, req: _Handler) -> None:
        """A small body (about 4 MB on the wire) that inflates to :data:`BOMB_GB` GB of zeros."""
        header, segment, count = _bomb_parts()
        self._head(req, 200)
        req.send_header("Content-Type", "text/html; charset=utf-8")
        req.send_header("Content-Encoding", "gzip")
        req.send_header("Content-Length", str(len(header) + len(segment) * count))
        req.end_headers()
        req.wfile.write(header)
        batch = 1024  # segments a write (1 MB): whole network reads of it, as a bomb would send
        for _ in range(count // batch):
            req.wfile.write(segment * batch)

    def _endless(self, req: _Handler) -> None:
        """A 200 whose chunked body never ends (no Content-Length), until the client goes."""
        req.protocol_version = "HTTP/1.1"
        self._head(req, 200)
        req.send_header("Content-Type", "text/html; charset=utf-8")
        req.send_header("Transfer-Encoding", "chunked")
        req.end_headers()
        req.close_connection = True
        chunk = b"<p>" + b"more " * 3000 + b"</p>\n"
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        start = b"<!doctype html><html><body>"
        req.wfile.write(f"{len(start):x}\r\n".encode() + start + b"\r\n")
        while not self._released.is_set():
            req.wfile.write(framed)
