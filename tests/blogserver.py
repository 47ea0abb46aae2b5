"""A tiny live blog on 127.0.0.1 for the CLI and follow tests (invented content).

:class:`BlogServer` serves a schema.org ``LiveBlogPosting`` page (or an RSS 2.0 feed) built
from entries the test adds, edits and removes while it runs. It counts what it saw
(requests, conditional requests, 304s sent), can show only the newest N entries (like a
real live blog's first page), can answer with a fixed status (for every request, or for the
next few) or with raw bytes, can stream a body of any size or drip one a byte at a time, and
can be stopped and started again on the same port.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape

BASE_TIME = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)


@dataclass
class Post:
    id: str
    headline: str | None
    body: str
    published: datetime | None
    modified: datetime | None = None
    author: str = "Ada Quill"


@dataclass
class Seen:
    """What the server saw: one dict of lower-cased request headers per request."""

    requests: list[dict[str, str]] = field(default_factory=list)
    not_modified: int = 0

    @property
    def conditional(self) -> int:
        return sum(1 for h in self.requests if "if-none-match" in h)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    blog: BlogServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.blog.handle(self)


class BlogServer:
    """A live blog under test control. ``fmt`` is ``"jsonld"`` or ``"rss"``."""

    def __init__(
        self,
        *,
        fmt: str = "jsonld",
        window: int | None = None,
        port: int = 0,
        title: str = "Harbour festival live",
    ) -> None:
        self.fmt = fmt
        self.window = window
        self.title = title
        self.posts: list[Post] = []
        self.removed: list[str] = []
        self.seen = Seen()
        self.status: int | None = None  # answer every request with this status
        self.failures: list[int] = []  # answer the next requests with these statuses, in turn
        self.drip: float | None = None  # send a 200 one byte every this many seconds, forever
        self.extra_headers: dict[str, str] = {}
        self.raw: bytes | None = None  # serve these bytes instead of the blog
        self.stream_bytes: int | None = None  # stream this many bytes, no Content-Length
        self.cache_control = "no-cache"
        self._lock = threading.Lock()
        self._revision = 0
        self._port = port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> str:
        httpd = _Server(("127.0.0.1", self._port), _Handler)
        httpd.blog = self
        self._port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def __enter__(self) -> BlogServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/live/harbour"

    # -- content --------------------------------------------------------------------------------
    def add(
        self,
        n: int | None = None,
        *,
        headline: str | None = None,
        body: str | None = None,
        published: datetime | None = None,
        author: str = "Ada Quill",
        dated: bool = True,
    ) -> Post:
        """Publish a post; ``n`` numbers it (default: the next number), dated a minute apart
        (``dated=False``: no time at all)."""
        with self._lock:
            n = len(self.posts) + 1 if n is None else n
            post = Post(
                id=f"p{n}",
                headline=f"Update {n}" if headline is None else headline,
                body=f"<p>Body of update {n}.</p>" if body is None else body,
                published=(published or BASE_TIME + timedelta(minutes=n)) if dated else None,
                author=author,
            )
            self.posts.append(post)
            self._revision += 1
            return post

    def add_many(self, count: int) -> None:
        for _ in range(count):
            self.add()

    def edit(self, post_id: str, body: str, *, minutes_later: int = 30) -> Post:
        with self._lock:
            post = next(p for p in self.posts if p.id == post_id)
            post.body = body
            assert post.published is not None
            post.modified = post.published + timedelta(minutes=minutes_later)
            self._revision += 1
            return post

    def drop(self, post_id: str) -> None:
        """Take a post off the page without saying it was deleted (it 'fell off')."""
        with self._lock:
            self.posts = [p for p in self.posts if p.id != post_id]
            self._revision += 1

    @property
    def etag(self) -> str:
        return f'"rev-{self._revision}"'

    def page(self) -> bytes:
        with self._lock:
            posts = sorted(self.posts, key=lambda p: p.published or BASE_TIME, reverse=True)
            if self.window is not None:
                posts = posts[: self.window]
            return self._rss(posts) if self.fmt == "rss" else self._jsonld(posts)

    def _jsonld(self, posts: list[Post]) -> bytes:
        updates = []
        for p in posts:
            item: dict[str, Any] = {"@type": "BlogPosting", "@id": p.id, "articleBody": p.body}
            if p.headline is not None:
                item["headline"] = p.headline
            if p.published is not None:
                item["datePublished"] = p.published.isoformat()
            if p.modified is not None:
                item["dateModified"] = p.modified.isoformat()
            item["author"] = {"@type": "Person", "name": p.author}
            updates.append(item)
        data = {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "headline": self.title,
            "url": self.url,
            "coverageStartTime": BASE_TIME.isoformat(),
            "coverageEndTime": (BASE_TIME + timedelta(days=3650)).isoformat(),
            "liveBlogUpdate": updates,
        }
        ld = json.dumps(data).replace("</", "<\\/")
        html = (
            f"<!doctype html><html><head><title>{escape(self.title)}</title>"
            f'<script type="application/ld+json">{ld}</script></head>'
            "<body><h1>Live</h1></body></html>"
        )
        return html.encode()

    def _rss(self, posts: list[Post]) -> bytes:
        items = []
        for p in posts:
            parts = [f"<guid isPermaLink='false'>{escape(p.id)}</guid>"]
            if p.headline is not None:
                parts.append(f"<title>{escape(p.headline)}</title>")
            parts.append(f"<description>{escape(p.body)}</description>")
            if p.published is not None:
                parts.append(f"<pubDate>{format_datetime(p.published, usegmt=True)}</pubDate>")
            items.append("<item>" + "".join(parts) + "</item>")
        xml = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(self.title)}</title><link>{escape(self.url)}</link>"
            + "".join(items)
            + "</channel></rss>"
        )
        return xml.encode()

    # -- HTTP -----------------------------------------------------------------------------------
    def _drip(self, req: _Handler, every: float) -> None:
        """A 200 whose body never ends: one byte every ``every`` seconds until the client goes."""
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.send_header("Content-Length", "1000000")
        req.end_headers()
        try:
            while self._httpd is not None:
                req.wfile.write(b" ")
                req.wfile.flush()
                time.sleep(every)
        except OSError:
            pass  # the client hung up at its deadline

    def handle(self, req: _Handler) -> None:
        headers = {k.lower(): v for k, v in req.headers.items()}
        self.seen.requests.append(headers)
        with self._lock:
            failure = self.failures.pop(0) if self.failures else self.status
        if failure is not None:
            body = f"status {failure}\n".encode()
            req.send_response(failure)
            for name, value in self.extra_headers.items():
                req.send_header(name, value)
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)
            return
        if self.drip is not None:
            self._drip(req, self.drip)
            return
        if self.stream_bytes is not None:
            req.send_response(200)
            req.send_header("Content-Type", "text/html")
            req.send_header("Connection", "close")
            req.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>\n"
            sent = 0
            try:
                while sent < self.stream_bytes:
                    req.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the client hung up at its cap
            return
        if self.raw is not None:
            req.send_response(200)
            req.send_header("Content-Type", "text/html")
            req.send_header("Content-Length", str(len(self.raw)))
            req.end_headers()
            req.wfile.write(self.raw)
            return
        etag = self.etag
        if headers.get("if-none-match") == etag:
            self.seen.not_modified += 1
            req.send_response(304)
            req.send_header("ETag", etag)
            req.send_header("Cache-Control", self.cache_control)
            req.end_headers()
            return
        body = self.page()
        req.send_response(200)
        ctype = "application/rss+xml" if self.fmt == "rss" else "text/html; charset=utf-8"
        req.send_header("Content-Type", ctype)
        req.send_header("ETag", etag)
        req.send_header("Cache-Control", self.cache_control)
        for name, value in self.extra_headers.items():
            req.send_header(name, value)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)
