"""The demo's HTTP server: the invented Selene Shuttle live blog, served on 127.0.0.1.

The page is an ordinary article page with a schema.org ``LiveBlogPosting`` JSON-LD block (what
:mod:`tui_liveblog.sources.jsonld` reads) and the same posts rendered as visible HTML. Each
update also carries two non-standard flags schema.org has no field for: ``"x-pinned"`` and
``"x-keyEvent"`` (booleans, always present).

The server runs in daemon threads, so it can live inside the reader's own process. A timer
publishes the next scripted step every ``interval`` seconds; :meth:`DemoServer.publish_next`
does it on demand. Responses carry a strong ``ETag`` per revision and ``Last-Modified``, and
conditional requests get ``304 Not Modified`` while nothing has changed.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TextIO

from tui_liveblog.demo import content
from tui_liveblog.demo.content import Amendment, Post
from tui_liveblog.errors import LiveblogError

PIN_FLAG = "x-pinned"
KEY_EVENT_FLAG = "x-keyEvent"


_SECOND = timedelta(seconds=1)
_POLL = 0.05  # how often the HTTP loop looks for a shutdown request: stop() stays quick


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _norm(moment: datetime) -> datetime:
    """Aware UTC, to the second (a naive time is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


@dataclass(slots=True)
class _Update:
    number: int
    post: Post
    headline: str | None
    body: str
    published: datetime
    modified: datetime

    @property
    def anchor(self) -> str:
        return f"post-{self.number}"


@dataclass(frozen=True, slots=True)
class _Page:
    body: bytes
    etag: str
    last_modified: datetime


class DemoServer:
    """The simulated live blog.

    - ``port=0`` picks a free port; ``interval`` is the seconds between scripted steps
      (``0`` or ``None``: no timer, only :meth:`publish_next` / :meth:`advance`);
    - ``clock`` (default: the real UTC clock) dates everything published while running;
    - ``start_at`` is the instant the initial posts are dated back from (default: ``clock()``
      when :meth:`start` runs): the newest is ``LEAD_MINUTES`` older, the oldest about three
      hours older, so a fresh demo looks live.

    Usable as a context manager (``with DemoServer() as demo: demo.url``).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        interval: float | None = 5.0,
        clock: Callable[[], datetime] | None = None,
        start_at: datetime | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._interval = float(interval or 0)
        self._clock = clock or _utc_now
        self._start_at = start_at
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._url: str | None = None
        # blog state, set up by start()
        self._token = secrets.token_hex(4)
        self._updates: list[_Update] = []
        self._by_key: dict[str, _Update] = {}
        self._step = 0
        self._revision = 0
        self._coverage_start = _norm(start_at or datetime(2000, 1, 1, tzinfo=UTC))
        self._coverage_end: datetime | None = None
        self._last_change = self._coverage_start
        self._page: _Page | None = None

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> str:
        """Seed the blog, bind the socket, start the server (and timer) threads; return the URL."""
        if self._httpd is not None:
            raise RuntimeError("the demo server is already running")
        self._seed(_norm(self._start_at or self._clock()))
        try:
            httpd = _HTTPServer((self._host, self._port), _Handler)
        except OSError as err:
            reason = err.strerror or str(err)
            raise LiveblogError(
                f"cannot start the demo server on {self._host}:{self._port}: {reason}"
            ) from None
        httpd.demo = self
        self._httpd = httpd
        host, port = httpd.server_address[:2]
        self._url = f"http://{host!s}:{port}{content.PATH}"
        self._stopping.clear()
        serve = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": _POLL},
            name="liveblog-demo-http",
            daemon=True,
        )
        serve.start()
        self._threads = [serve]
        if self._interval > 0:
            timer = threading.Thread(target=self._tick, name="liveblog-demo-timer", daemon=True)
            timer.start()
            self._threads.append(timer)
        return self._url

    def stop(self) -> None:
        """Stop the timer and the HTTP server, close the socket, join the threads. Idempotent."""
        self._stopping.set()
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2.0)
        self._threads = []

    def __enter__(self) -> DemoServer:
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
    def url(self) -> str:
        """The blog's URL, e.g. ``http://127.0.0.1:PORT/live/selene-shuttle``."""
        if self._url is None:
            raise RuntimeError("the demo server has not been started")
        return self._url

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def finished(self) -> bool:
        """True once every scripted step has happened (the coverage has ended)."""
        with self._lock:
            return self._step >= len(content.SCRIPT)

    # -- the script -------------------------------------------------------------------------
    def advance(self) -> bool:
        """Run the next scripted step (publish a post or amend one). False when none is left."""
        with self._lock:
            return self._advance_locked() is not None

    def publish_next(self) -> bool:
        """Publish the next scripted post now (running any amendment due before it).

        Returns False, changing nothing, when every scripted post has been published.
        """
        with self._lock:
            while True:
                done = self._advance_locked()
                if done is None:
                    return False
                if done == "published":
                    return True

    def _tick(self) -> None:
        while not self._stopping.wait(self._interval):
            if not self.advance():
                return

    def _advance_locked(self) -> str | None:
        if self._step >= len(content.SCRIPT):
            return None
        step = content.SCRIPT[self._step]
        self._step += 1
        now = self._next_time()
        if isinstance(step, Amendment):
            target = self._by_key[step.key]
            target.body = step.body
            if step.headline is not None:
                target.headline = step.headline
            target.modified = now
            outcome = "edited"
        else:
            self._add(step, now, now)
            outcome = "published"
        if self._step >= len(content.SCRIPT):
            self._coverage_end = now
        self._changed(now)
        return outcome

    # -- state ------------------------------------------------------------------------------
    def _seed(self, start: datetime) -> None:
        with self._lock:
            last = max(p.minute for p in content.INITIAL)
            self._coverage_start = start - timedelta(minutes=last + content.LEAD_MINUTES)
            self._updates = []
            self._by_key = {}
            self._step = 0
            self._coverage_end = None
            newest = self._coverage_start
            for post in content.INITIAL:
                published = self._coverage_start + timedelta(minutes=post.minute)
                modified = published
                if post.updated_minute is not None:
                    modified = self._coverage_start + timedelta(minutes=post.updated_minute)
                self._add(post, published, modified)
                newest = max(newest, modified)
            self._revision = 0
            self._changed(newest)

    def _add(self, post: Post, published: datetime, modified: datetime) -> None:
        update = _Update(
            number=len(self._updates) + 1,
            post=post,
            headline=post.headline,
            body=post.body,
            published=published,
            modified=modified,
        )
        self._updates.append(update)
        if post.key:
            self._by_key[post.key] = update

    def _next_time(self) -> datetime:
        """The clock's time, but always after the last change (a frozen test clock included)."""
        now = _norm(self._clock())
        return now if now > self._last_change else self._last_change + _SECOND

    def _changed(self, when: datetime) -> None:
        self._revision += 1
        self._last_change = when
        self._page = None

    def page(self) -> _Page:
        """The current page, its ETag and Last-Modified (rendered once per revision)."""
        with self._lock:
            if self._page is None:
                self._page = _Page(
                    body=self._render().encode("utf-8"),
                    etag=f'"selene-{self._token}-{self._revision}"',
                    last_modified=self._last_change,
                )
            return self._page

    # -- rendering --------------------------------------------------------------------------
    def _ordered(self) -> list[_Update]:
        return sorted(self._updates, key=lambda u: (u.published, u.number), reverse=True)

    def _jsonld(self, url: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            "headline": content.TITLE,
            "description": content.DESCRIPTION,
            "inLanguage": "en",
            "datePublished": _iso(self._coverage_start),
            "dateModified": _iso(self._last_change),
            "coverageStartTime": _iso(self._coverage_start),
        }
        # while live: say so outright (a planned end in the future would read as "ended" to a
        # reader whose clock is past it, e.g. a frozen-clock screenshot); once the script is
        # over: the actual end, in the past
        if self._coverage_end is not None:
            data["coverageEndTime"] = _iso(self._coverage_end)
        else:
            data["isLive"] = True
        data["publisher"] = {
            "@type": "Organization",
            "name": content.PUBLISHER,
            "url": content.PUBLISHER_URL,
        }
        updates: list[dict[str, Any]] = []
        for u in self._ordered():
            item: dict[str, Any] = {
                "@type": "BlogPosting",
                "@id": u.anchor,
                "url": f"{url}#{u.anchor}",
            }
            if u.headline:
                item["headline"] = u.headline
            item.update(
                {
                    "datePublished": _iso(u.published),
                    "dateModified": _iso(u.modified),
                    "author": {"@type": "Person", "name": u.post.author},
                    "articleBody": u.body,
                    PIN_FLAG: u.post.pinned,
                    KEY_EVENT_FLAG: u.post.key_event,
                }
            )
            updates.append(item)
        data["liveBlogUpdate"] = updates
        return data

    def _render(self) -> str:
        url = self._url or f"http://{self._host}{content.PATH}"
        ld = json.dumps(self._jsonld(url), ensure_ascii=False, separators=(",", ":"))
        # inside <script>: no "</script>", no "<!--"; the JSON value is unchanged
        ld = ld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        ordered = self._ordered()
        pinned = [u for u in ordered if u.post.pinned]
        status = (
            "Coverage has ended"
            if self._coverage_end is not None
            else f"Live · updated {_clock_time(self._last_change)}"
        )
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(content.TITLE)} | {html.escape(content.PUBLISHER)}</title>",
            f'<link rel="canonical" href="{html.escape(url)}">',
            f'<meta name="description" content="{html.escape(content.DESCRIPTION)}">',
            f'<script type="application/ld+json">\n{ld}\n</script>',
            f"<style>{_CSS}</style>",
            "</head><body>",
            f'<header class="masthead"><p class="publisher">{html.escape(content.PUBLISHER)}</p>',
            f"<h1>{html.escape(content.TITLE)}</h1>",
            f'<p class="standfirst">{html.escape(content.DESCRIPTION)}</p>',
            f'<p class="status">{html.escape(status)}</p></header>',
            "<main>",
        ]
        if pinned:
            parts.append('<section class="pinned" aria-label="Pinned">')
            parts.extend(_article(u, prefix="pinned-") for u in pinned)
            parts.append("</section>")
        parts.append('<section class="timeline">')
        parts.extend(_article(u) for u in ordered)
        parts.append("</section></main>")
        parts.append(
            "<footer><p>An invented live blog bundled with tui-liveblog for demonstration. "
            "Every person, place and organisation in it is fictional.</p></footer>"
        )
        parts.append("</body></html>\n")
        return "\n".join(parts)


def _clock_time(moment: datetime) -> str:
    return moment.strftime("%H:%M UTC")


def _article(u: _Update, prefix: str = "") -> str:
    classes = ["post"]
    labels = []
    if u.post.pinned:
        classes.append("pinned-post")
        labels.append('<span class="badge">Pinned</span>')
    if u.post.key_event:
        classes.append("key-event")
        labels.append('<span class="badge">Key event</span>')
    head = [
        f'<time datetime="{_iso(u.published)}">{_clock_time(u.published)}</time>',
        *labels,
    ]
    if u.headline:
        head.append(f"<h2>{html.escape(u.headline)}</h2>")
    head.append(f'<p class="byline">By {html.escape(u.post.author)}</p>')
    foot = ""
    if u.modified > u.published:
        foot = (
            f'<footer class="edited">Updated <time datetime="{_iso(u.modified)}">'
            f"{_clock_time(u.modified)}</time></footer>"
        )
    return (
        f'<article id="{prefix}{u.anchor}" class="{" ".join(classes)}">'
        f"<header>{' '.join(head)}</header>"
        f'<div class="post-body">{u.body}</div>{foot}</article>'
    )


_CSS = (
    "body{font-family:Georgia,serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b}"
    ".publisher{font-variant:small-caps;letter-spacing:.05em;color:#7a2e0e}"
    ".status{color:#b00020;font-weight:bold}"
    ".post{border-top:1px solid #ccc;padding:.75rem 0}"
    ".pinned .post{background:#fff7e0;padding:.75rem}"
    ".key-event{border-left:4px solid #b00020;padding-left:.75rem}"
    ".badge{font:bold .75rem sans-serif;text-transform:uppercase;color:#b00020;margin-left:.5rem}"
    ".byline,.edited,time{font:.85rem sans-serif;color:#555}"
    "blockquote{border-left:3px solid #999;margin-left:0;padding-left:1rem;font-style:italic}"
    "figure{margin:0}img,iframe{max-width:100%}"
)


# -- HTTP ----------------------------------------------------------------------------------
class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    demo: DemoServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
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


def _not_modified(headers: Any, page: _Page) -> bool:
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
        return page.last_modified <= _norm(since)
    return False


def serve_forever(
    port: int | None,
    interval: float,
    out: TextIO,
    stop: threading.Event | None = None,
) -> None:
    """``liveblog demo --serve``: run the server, print its URL first, block until stopped.

    Returns (after stopping the server) on KeyboardInterrupt or when ``stop`` is set.
    Raises :class:`LiveblogError` when the port cannot be bound.
    """
    event = stop if stop is not None else threading.Event()
    with DemoServer(port=port or 0, interval=interval) as server:
        out.write(server.url + "\n")
        out.flush()
        try:
            while not event.wait(0.25):
                pass
        except KeyboardInterrupt:
            pass
