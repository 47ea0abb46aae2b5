"""A small HTTP server on 127.0.0.1 for loopback tests: the plumbing, none of the routing.

A test gives :class:`Loopback` a route function ``(path, query, headers) -> Reply | None``
(``query`` as :func:`urllib.parse.parse_qs` gives it; ``None`` answers 404) and uses it as a
context manager, typically from a fixture::

    with Loopback(blog.route) as server:
        yield server.url("/live/feed.json")

Every request's path with its query is recorded in :attr:`Loopback.requests` (or in the list
passed as ``requests=``) before the route is asked. Only GET is served.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Reply:
    """One answer: sent with these headers plus its Content-Length."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)


Route = Callable[[str, dict[str, list[str]], Message], Reply | None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    loopback: Loopback


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        loopback = self.server.loopback
        loopback.requests.append(self.path)
        parts = urlsplit(self.path)
        reply = loopback.route(parts.path, parse_qs(parts.query), self.headers)
        if reply is None:
            self.send_error(404)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)


class Loopback:
    """A threaded HTTP server on a free port of 127.0.0.1, answering through ``route``."""

    def __init__(self, route: Route, *, requests: list[str] | None = None) -> None:
        self.route = route
        self.requests: list[str] = [] if requests is None else requests
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Loopback:
        httpd = _Server((HOST, 0), _Handler)
        httpd.loopback = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5)

    def __enter__(self) -> Loopback:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the loopback server is not running"
        return self._httpd.server_port

    def url(self, path: str = "") -> str:
        """``http://127.0.0.1:<port>`` followed by ``path`` (which starts with ``/``)."""
        return f"http://{HOST}:{self.port}{path}"
