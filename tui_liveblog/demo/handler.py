"""The demo's HTTP side: the request handler, and the threading server it runs in.

Responses carry a strong ``ETag`` per revision and ``Last-Modified``, and conditional requests
get ``304 Not Modified`` while nothing has changed.
"""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from tui_liveblog.demo import content
from tui_liveblog.demo.page import Page, utc_second


class PageSource(Protocol):
    """What the handler serves: :class:`~tui_liveblog.demo.server.DemoServer`."""

    def page(self) -> Page:
        """The current page."""
        ...


class DemoHTTPServer(ThreadingHTTPServer):
    """The threading HTTP server, with the blog it serves."""

    daemon_threads = True
    demo: PageSource


class DemoHandler(BaseHTTPRequestHandler):
    """GET and HEAD of the blog (``/`` redirects to it; anything else is not found)."""

    server: DemoHTTPServer
    server_version = "tui-liveblog-demo"
    sys_version = ""
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the demo runs under a TUI; no request log on stderr."""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path in ("/", ""):
            self._plain(302, "See the live blog.\n", head, location=content.PATH)
            return
        if path.rstrip("/") != content.PATH:
            self._plain(404, "Not found: the demo blog is at " + content.PATH + "\n", head)
            return
        page = self.server.demo.page()
        status = 304 if _not_modified(self.headers, page) else 200
        self.send_response(status)
        self.send_header("ETag", page.etag)
        self.send_header("Last-Modified", format_datetime(page.last_modified, usegmt=True))
        self.send_header("Cache-Control", "no-cache")
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(page.body)

    def _plain(self, status: int, text: str, head: bool, location: str | None = None) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _not_modified(headers: Any, page: Page) -> bool:
    """RFC 9110 §13.1: If-None-Match (weak comparison) wins; else If-Modified-Since."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip() for t in str(inm).split(",")]
        ours = page.etag
        return any(t == "*" or t.removeprefix("W/") == ours for t in tags)
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = parsedate_to_datetime(str(ims))
        except (TypeError, ValueError, IndexError):
            return False
        return page.last_modified <= utc_second(since)
    return False
