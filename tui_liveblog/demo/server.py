"""The demo's HTTP server: the invented Selene Shuttle live blog, served on 127.0.0.1.

The page is an ordinary article page with a schema.org ``LiveBlogPosting`` JSON-LD block
(:mod:`~tui_liveblog.demo.page` renders it), served by :mod:`~tui_liveblog.demo.handler`;
this module runs the server and the blog's state: what has been published, and when.

The server runs in daemon threads, so it can live inside the reader's own process. A timer
publishes the next scripted step every ``interval`` seconds; :meth:`DemoServer.publish_next`
does it on demand. Responses carry a strong ``ETag`` per revision and ``Last-Modified``, and
conditional requests get ``304 Not Modified`` while nothing has changed.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import TextIO

from tui_liveblog.demo import content
from tui_liveblog.demo.content import Amendment, Post
from tui_liveblog.demo.handler import DemoHandler, DemoHTTPServer
from tui_liveblog.demo.page import BlogUpdate, Page, render_page, utc_second
from tui_liveblog.errors import LiveblogError

_SECOND = timedelta(seconds=1)
_POLL = 0.05  # how often the HTTP loop looks for a shutdown request: stop() stays quick


def _utc_now() -> datetime:
    return datetime.now(UTC)


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
        self._httpd: DemoHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._url: str | None = None
        # blog state, set up by start()
        self._token = secrets.token_hex(4)
        self._updates: list[BlogUpdate] = []
        self._by_key: dict[str, BlogUpdate] = {}
        self._step = 0
        self._revision = 0
        self._coverage_start = utc_second(start_at or datetime(2000, 1, 1, tzinfo=UTC))
        self._coverage_end: datetime | None = None
        self._last_change = self._coverage_start
        self._page: Page | None = None

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> str:
        """Seed the blog, bind the socket, start the server (and timer) threads; return the URL."""
        if self._httpd is not None:
            raise RuntimeError("the demo server is already running")
        self._seed(utc_second(self._start_at or self._clock()))
        try:
            httpd = DemoHTTPServer((self._host, self._port), DemoHandler)
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
        update = BlogUpdate(
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
        now = utc_second(self._clock())
        return now if now > self._last_change else self._last_change + _SECOND

    def _changed(self, when: datetime) -> None:
        self._revision += 1
        self._last_change = when
        self._page = None

    def page(self) -> Page:
        """The current page, its ETag and Last-Modified (rendered once per revision)."""
        with self._lock:
            if self._page is None:
                self._page = Page(
                    body=self._render().encode("utf-8"),
                    etag=f'"selene-{self._token}-{self._revision}"',
                    last_modified=self._last_change,
                )
            return self._page

    def _render(self) -> str:
        return render_page(
            self._updates,
            self._url or f"http://{self._host}{content.PATH}",
            coverage_start=self._coverage_start,
            coverage_end=self._coverage_end,
            last_change=self._last_change,
        )


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
