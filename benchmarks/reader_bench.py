"""The reader app's own figures at 50k entries: the real ``LiveblogApp``, headless, clock frozen.

    python benchmarks/reader_bench.py [--entries 50000] [--non-ascii 0.0] [--rounds 2]
                                      [--trace] [--gc-freeze]

The blog: a cache (a temporary ``Store``, filled with ``Store.merge``) of N synthetic entries of
~900 characters written like news updates (capitalised sentences, place and organisation names,
a third with a headline, four reporters), and 30 "rich" entries of ~3,000 characters at the top
(paragraphs, a list, a quote, links). ``--non-ascii`` gives that share of the entries typographic
quotes and apostrophes (the corpus's JSON-LD pages: 46% of entries have some), which makes
CPython store their text with two bytes a character. The reader is
``make_app(url, store=Store(path), offline=True, clock=frozen)`` run with
``App.run_test(size=(120, 40))``; nothing touches the network.

What each figure includes (``measure_*`` below). Times run from posting the key event to the
app (built as ``Pilot.press`` builds it) to a screen update, timed once the update has been
turned into the escape sequences a terminal would get (headless, only the write is missing).
Textual paints at most 60 frames a second; that wait is included. Two ends are reported:

- *on screen*: the first update in which the target widget (the timeline; the detail pane's
  text) was rendered in its new state;
- *settled*: the last update the key caused (no update for 60 ms after it).

- filter keystroke: ``/``, then ``flood`` (matches most entries), `` harbourm`` (narrows to a
  few), then backspace to an empty filter. Included: the Input, the filter, ``set_entries``,
  status bar and detail pane updates, Textual's layout and compositor (``render_line`` of the
  visible cards). The counts are checked against :func:`tui_liveblog.query.haystack` at every
  key. The filter bar's cursor blink is paused, and updates of the status bar's line alone (its
  once-a-second clock) are not counted, so neither can land inside a measurement.
- open a 3,000-character entry: ``j`` onto each rich entry in turn; its body is read from the
  cache, rendered and laid out in the detail pane.
- refresh that brings nothing: ``Follower.wake()`` against a 127.0.0.1 server answering 304 to
  the cached ETag, then answering the same page again as a 200 (same ETag); counts the
  timeline's content updates (set_entries, prepend, update_entry, set_unread, set_highlight,
  refresh_times), ``Timeline.render_line`` calls, SQLite ``data_version`` (another connection)
  and ``total_changes`` (the store's own connection).
- memory: resident set size of a fresh process running the reader (Textual, the app, 50k
  entries loaded and painted), after ``gc.collect()``. ``--trace`` prints where the Python
  memory goes (tracemalloc, by line).

``--gc-freeze`` is a what-if: ``gc.freeze()`` once the history is loaded, which keeps the cyclic
GC's full passes (~60 ms each over a 50k-entry heap) out of the worst cases.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
URL = "https://news.example/live/2026/nov/24/storm-bert-live"
RICH = 30  # newest entries that are ~3,000-character rich updates
REPORTERS = (("Sarah Jones",), ("Mark Fielding",), ("Priya Shah", "Tom Ellis"), ("Ruth Okafor",))
PLACES = (
    *("Cornwall", "Devon", "Exeter", "Plymouth", "Truro", "Penzance", "Bristol", "Somerset"),
    *("Dorset", "Cardiff", "Swansea", "Newquay", "Falmouth", "Bodmin", "Taunton", "Bude"),
)
ORGS = (
    *("the Met Office", "the Environment Agency", "Network Rail", "the RNLI", "National Grid"),
    *("Cornwall Council", "the AA", "South Western Railway", "GWR", "the BBC", "Highways England"),
)
WORDS = (
    *("flood", "flooding", "warning", "warnings", "wind", "gusts", "coast", "coastal", "road"),
    *("roads", "closed", "residents", "power", "homes", "without", "crews", "rescue", "river"),
    *("levels", "rising", "rain", "rainfall", "overnight", "trains", "cancelled", "schools"),
    *("ferry", "services", "storm", "damage", "trees", "fallen", "said", "the", "and", "of"),
    *("to", "in", "on", "after", "were", "has", "been", "are", "across", "more", "than", "at"),
    *("least", "miles", "per", "hour", "people", "told", "stay", "indoors", "until", "morning"),
    *("amber", "yellow", "alert", "issued", "expected", "reach", "peak", "tide", "sandbags"),
    *("volunteers", "centre", "opened", "families", "evacuated", "bridge", "lane", "blocked"),
)
RARE = "harbourmaster"  # in one entry in 250


def _sentence(rng: random.Random, n: int, curly: bool) -> str:
    words = []
    for _ in range(rng.randint(9, 19)):
        roll = rng.random()
        if roll < 0.08:
            words.append(rng.choice(PLACES))
        elif roll < 0.12:
            words.append(rng.choice(ORGS))
        elif roll < 0.15:
            words.append(str(rng.randint(2, 120)))
        else:
            words.append(rng.choice(WORDS))
    if n % 250 == 7 and rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), RARE)
    if rng.random() < 0.2:
        apostrophe = "’" if curly else "'"
        words[-1] = f"{words[-1]}{apostrophe}s"
    sentence = " ".join(words)
    sentence = sentence[0].upper() + sentence[1:]
    if curly and rng.random() < 0.3:
        return f"“{sentence},” a spokesperson said."
    return sentence + "."


def _paragraphs(rng: random.Random, n: int, chars: int, curly: bool) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    total = 0
    while total < chars:
        sentence = _sentence(rng, n, curly)
        current.append(sentence)
        total += len(sentence) + 1
        if len(current) == 3:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    if n % 250 == 7 and not any(RARE in p for p in paragraphs):
        paragraphs[-1] += f" The {RARE} said the port was closed."
    return paragraphs


def make_entry(rng: random.Random, n: int, when: datetime, non_ascii: float = 0.0) -> Any:
    """Entry ``n`` (0 = newest): ~900 characters, or a ~3,000-character rich one when n < RICH."""
    from tui_liveblog.content import parse_html
    from tui_liveblog.model import Block, Entry, Media, Span

    curly = rng.random() < non_ascii
    title = None
    if n % 3 == 0:
        title = " ".join(rng.choice(WORDS) for _ in range(6))
        title = f"{rng.choice(PLACES)}: {title}"
    link = f"https://news.example/2026/nov/24/story-{n}"
    if n < RICH:
        paragraphs = _paragraphs(rng, n, 2300, curly)
        items = "".join(f"<li>{_sentence(rng, n, curly)}</li>" for _ in range(4))
        html = (
            "".join(f"<p>{p}</p>" for p in paragraphs[:3])
            + f"<ul>{items}</ul>"
            + f"<blockquote><p>{_sentence(rng, n, curly)} {_sentence(rng, n, curly)}</p>"
            + "</blockquote>"
            + f'<p>Read more: <a href="{link}">the full story</a> and '
            + '<a href="https://news.example/weather">our weather page</a>.</p>'
            + "".join(f"<p>{p}</p>" for p in paragraphs[3:])
        )
        parsed = parse_html(html, URL)
        body, text, links = parsed.body, parsed.text, parsed.links
        media: tuple[Media, ...] = ()
    else:
        paragraphs = _paragraphs(rng, n, 880, curly)
        body = tuple(Block("p", (Span(p),)) for p in paragraphs)
        text = "\n\n".join(paragraphs)
        links = (link,)
        media = (Media("image", f"https://img.news.example/{n}.jpg"),) if n % 5 == 0 else ()
    return Entry(
        id=f"post-{n}",
        published=when,
        authors=REPORTERS[n % len(REPORTERS)],
        title=title,
        body=body,
        text=text,
        url=f"{URL}#post-{n}",
        links=links,
        media=media,
        pinned=n == 40,
        key_event=n % 50 == 0,
    )


def build_store(path: Path, count: int, non_ascii: float = 0.0, etag: str = '"v0"') -> None:
    """A cache holding ``count`` entries of the benchmark blog, the ETag ``etag`` remembered."""
    from tui_liveblog.model import Blog, Snapshot
    from tui_liveblog.store import Store

    rng = random.Random(count)
    entries = tuple(
        make_entry(rng, n, NOW - timedelta(seconds=20 * n + 60), non_ascii) for n in range(count)
    )
    blog = Blog(URL, "Storm Bert live: flooding and travel disruption", "jsonld", live=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store(path) as store:
        store.merge(URL, Snapshot(blog, entries), fetched_at=NOW, etag=etag, mark_unread=False)


def frozen() -> datetime:
    return NOW


def cached_count(path: Path) -> int:
    """How many entries the cache at ``path`` holds (the reader shows them all once loaded)."""
    with sqlite3.connect(path) as conn:
        count: int = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    return count


# -- watching the screen ----------------------------------------------------------------------


def status_only(update: Any) -> bool:
    """Does a screen update touch only the top line (the status bar's once-a-second repaint)?"""
    from textual._compositor import ChopsUpdate, LayoutUpdate

    if isinstance(update, ChopsUpdate):
        return all(y == 0 for y, _x1, _x2 in update.spans)
    if isinstance(update, LayoutUpdate):
        return update.region.y == 0 and update.region.height <= 1
    return False


class ScreenWatch:
    """Timestamps of screen updates, taken once an update is turned into terminal output.

    Headless, Textual's ``App._display`` writes nothing; wrapped here, it renders the update's
    segments to the escape-sequence string a terminal would get, then records the time. A
    *target* widget (the timeline, the detail pane's text) is watched too: the first update in
    which it was rendered while the app was in the expected state is when the change became
    visible.
    """

    def __init__(self, app: Any, targets: tuple[Any, ...]) -> None:
        from textual._compositor import CompositorUpdate

        self.times: list[float] = []
        self.visible: float | None = None
        self._ready: Callable[[], bool] | None = None
        self._target: Any = None
        self._rendered = False
        original = app._display
        console = app.console

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if isinstance(renderable, CompositorUpdate):
                "".join(renderable.render_segments(console))
            now = time.perf_counter()
            if not status_only(renderable):  # the status bar's clock tick: not the key's
                self.times.append(now)
            if self._rendered and self.visible is None:
                self.visible = now

        app._display = display
        for widget in targets:
            self._watch(widget)

    def _watch(self, widget: Any) -> None:
        render_lines = widget.render_lines

        def watched(crop: Any) -> Any:
            lines = render_lines(crop)
            if widget is self._target and self._ready is not None and self._ready():
                self._rendered = True
            return lines

        widget.render_lines = watched

    def arm(self, target: Any, ready: Callable[[], bool]) -> None:
        self.visible = None
        self._rendered = False
        self._target, self._ready = target, ready

    async def quiet(self, settle: float = 0.06, timeout: float = 10.0) -> float:
        """Wait until no screen update came for ``settle`` seconds; the last update's time."""
        start = time.perf_counter()
        seen = len(self.times)
        while True:
            await asyncio.sleep(settle)
            if len(self.times) == seen:
                return self.times[-1] if self.times else start
            seen = len(self.times)
            if time.perf_counter() - start > timeout:
                raise TimeoutError("the screen kept updating")


def pause_background_repaints(app: Any, pause: bool = True) -> None:
    """Stop (or restart) the filter bar's cursor blink, so it cannot land in a measurement.

    The status bar's once-a-second repaint is left running (pausing its timer upsets Textual's
    teardown); :class:`ScreenWatch` leaves updates that touch only the top line out.
    """
    from tui_liveblog.ui.widgets.filter_bar import FilterBar

    app.query_one(FilterBar).cursor_blink = not pause


@dataclass
class Press:
    visible_ms: float  # key posted → first screen update showing the target in its new state
    settled_ms: float  # key posted → last screen update the key caused


async def press(
    app: Any, watch: ScreenWatch, key: str, ready: Callable[[], bool], target: Any = None
) -> Press:
    """Post one key like ``Pilot.press``; time it until the screen shows its effect."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    # the key event exactly as Pilot.press (App._press_keys) builds it
    name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(name, name)))
    except KeyError:
        char = name if len(name) == 1 else None
    watch.arm(target, ready)
    start = time.perf_counter()
    app.post_message(events.Key(name, char))
    deadline = start + 10
    while not ready():
        await asyncio.sleep(0.001)
        if time.perf_counter() > deadline:
            raise TimeoutError(f"key {key!r}: the app did not reach the expected state")
    end = await watch.quiet()
    visible = end if target is None or watch.visible is None else watch.visible
    if target is not None and watch.visible is None:
        raise RuntimeError(f"key {key!r}: the target was never rendered in its new state")
    return Press((visible - start) * 1000, (end - start) * 1000)


async def wait_until(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the reader did not get there in time")
        await asyncio.sleep(0.01)


# -- filter and detail ------------------------------------------------------------------------

FILTER_KEYS = [*"flood", "space", *"harbourm", *["backspace"] * 14]


@dataclass
class Keystroke:
    key: str
    query: str
    shown: int
    visible_ms: float
    settled_ms: float


@dataclass
class ReaderTimings:
    entries: int
    keystrokes: list[Keystroke] = field(default_factory=list)
    detail: list[Press] = field(default_factory=list)
    detail_chars: list[int] = field(default_factory=list)


def expected_counts(path: Path, keys: list[str]) -> list[tuple[str, int]]:
    """(query, matching entries) after each filter key, by the reference definition."""
    from tui_liveblog.query import filter_words, haystack
    from tui_liveblog.store import Store

    with Store(path) as store:
        cached = store.load(URL, bodies=False)
    assert cached is not None
    hays = [haystack(e) for e in cached.entries]
    query = ""
    out = []
    for key in keys:
        query = query[:-1] if key == "backspace" else query + (" " if key == "space" else key)
        words = filter_words(query)
        out.append((query, sum(1 for h in hays if all(w in h for w in words))))
    return out


def forget_reader_state(path: Path) -> None:
    """Forget what an earlier run of the reader kept in this cache (its place, a kept filter,
    the compact view): every figure starts from the reader's default first screen."""
    from tui_liveblog.store import Store

    with Store(path) as store:
        store.save_reader_state(URL, place=None, filter=None)
        store.save_setting("view", None)


async def measure_filter_and_detail(
    path: Path, rounds: int = 1, gc_freeze: bool = False
) -> ReaderTimings:
    """Type the filter keys ``rounds`` times, then open the rich entries one by one.

    ``gc_freeze``: once the history is loaded, ``gc.freeze()`` it (as an app could), so the
    cyclic GC's full passes (~60 ms over a 50k-entry heap) stay out of the figures.
    """
    from tui_liveblog.query import filter_words
    from tui_liveblog.store import Store
    from tui_liveblog.ui.factory import make_app
    from tui_liveblog.ui.widgets.filter_bar import FilterBar

    expected = expected_counts(path, FILTER_KEYS)
    total = cached_count(path)
    forget_reader_state(path)
    store = Store(path)
    app = make_app(URL, store=store, offline=True, clock=frozen, tz=UTC)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.timeline.entry_count == total)
        await pilot.pause()
        timings = ReaderTimings(entries=app.timeline.entry_count)
        if gc_freeze:
            gc.collect()
            gc.freeze()
        pause_background_repaints(app)
        timeline = app.timeline
        detail_text = app.detail
        watch = ScreenWatch(app, (timeline, detail_text))
        bar = app.query_one(FilterBar)
        for _round in range(rounds):
            await press(app, watch, "/", lambda: bar.has_focus)
            for key, (query, count) in zip(FILTER_KEYS, expected, strict=True):
                words = filter_words(query)

                def ready(query: str = query, words: Any = words, count: int = count) -> bool:
                    return (
                        bar.value == query
                        and timeline.highlight_words == words
                        and timeline.entry_count == count
                    )

                result = await press(app, watch, key, ready, timeline)
                timings.keystrokes.append(
                    Keystroke(key, query, count, result.visible_ms, result.settled_ms)
                )
            await press(app, watch, "escape", lambda: not bar.has_focus)

        # the detail pane: j from the newest entry onto each rich entry below it
        await press(app, watch, "g", lambda: timeline.selected_index == 0)
        for index in range(1, RICH):

            def shown(index: int = index) -> bool:
                entry = app.detail.entry
                return entry is not None and entry.id == f"post-{index}" and bool(entry.body)

            timings.detail.append(await press(app, watch, "j", shown, detail_text))
            assert app.detail.entry is not None
            timings.detail_chars.append(len(app.detail.entry.text))
        pause_background_repaints(app, False)
    store.close()
    if gc_freeze:
        gc.unfreeze()
    return timings


# -- a refresh that brings nothing ---------------------------------------------------------------


class _Server:
    """127.0.0.1: one JSON-LD page with an ETag; ``honour_validators=False``: 200 (same page,
    same ETag) even to a request that names the current ETag."""

    def __init__(self, page: bytes, etag: str) -> None:
        self.page, self.etag = page, etag
        self.honour_validators = True
        self.requests = 0
        self.not_modified = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                if server.honour_validators and self.headers.get("If-None-Match") == server.etag:
                    server.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", server.etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(server.page)))
                self.send_header("ETag", server.etag)
                self.end_headers()
                self.wfile.write(server.page)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/live/storm-bert"

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _page(count: int) -> bytes:
    """A JSON-LD live blog page of ``count`` invented updates newer than the cached ones."""
    nodes = [
        {
            "@type": "BlogPosting",
            "@id": f"live-{i}",
            "headline": f"Update {i}: ferries resume from Penzance",
            "datePublished": (NOW - timedelta(seconds=5 * i)).isoformat(),
            "author": {"@type": "Person", "name": "Sarah Jones"},
            "articleBody": f"Crews cleared the coast road at Bude. Update number {i}.",
        }
        for i in range(count)
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm Bert live: flooding and travel disruption",
        "coverageStartTime": (NOW - timedelta(days=2)).isoformat(),
        "coverageEndTime": (NOW + timedelta(days=2)).isoformat(),
        "liveBlogUpdate": nodes,
    }
    block = json.dumps(data).replace("<", "\\u003c")
    return (
        "<!doctype html><html><head><title>Storm Bert live</title>"
        f'<script type="application/ld+json">{block}</script></head><body></body></html>'
    ).encode()


@dataclass
class RefreshResult:
    case: str
    requests: int
    answered_304: bool
    changes: bool
    timeline_calls: dict[str, int]
    render_lines: int
    db_changes: int
    data_version_same: bool
    status_repainted: bool


@contextmanager
def _counting(obj: Any, names: tuple[str, ...], counts: dict[str, int]) -> Iterator[None]:
    originals = {name: getattr(obj, name) for name in names}

    def wrap(name: str) -> Callable[..., Any]:
        method = originals[name]

        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] = counts.get(name, 0) + 1
            return method(*args, **kwargs)

        return counted

    for name in names:
        setattr(obj, name, wrap(name))
    try:
        yield
    finally:
        for name in names:
            delattr(obj, name)


TIMELINE_CALLS = (
    "set_entries",
    "prepend",
    "update_entry",
    "set_unread",
    "set_highlight",
    "refresh_times",
)


async def measure_refresh(path: Path) -> list[RefreshResult]:
    from textual.message import Message

    from tui_liveblog.fetch import Fetcher
    from tui_liveblog.store import Store
    from tui_liveblog.ui.factory import make_app
    from tui_liveblog.ui.messages import FeedUpdated

    updates: list[FeedUpdated] = []

    def hook(message: Message) -> None:
        if isinstance(message, FeedUpdated):
            updates.append(message)

    results = []
    total = cached_count(path)
    with _Server(_page(20), '"v1"') as server:
        forget_reader_state(path)
        store = Store(path)
        app = make_app(
            server.url,
            fetcher=Fetcher(retries=0),
            store=store,
            cache_key=URL,
            interval=3600,
            clock=frozen,
            tz=UTC,
        )
        async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
            # the cache (its ETag "v0"), the history, then the first poll: a 200 with 20 new
            await wait_until(lambda: len(updates) >= 1 and len(app.entries) == total + 20)
            await pilot.pause()
            assert updates[0].update.changes, "the first poll should bring the page's entries"
            pause_background_repaints(app)
            watch = ScreenWatch(app, ())
            observer = sqlite3.connect(path)
            try:
                for case in ("304 to the cached ETag", "200, the same page again"):
                    server.honour_validators = case.startswith("304")
                    await watch.quiet()
                    counts: dict[str, int] = {}
                    timeline = app.timeline
                    conn = store._conn
                    assert conn is not None
                    changes_before = conn.total_changes
                    version = observer.execute("PRAGMA data_version").fetchone()[0]
                    requests, seen = server.requests, len(updates)
                    not_modified = server.not_modified
                    status_before = app.status.render().plain
                    status_paints: dict[str, int] = {}
                    with (
                        _counting(timeline, (*TIMELINE_CALLS, "render_line"), counts),
                        _counting(app.status, ("render",), status_paints),
                    ):
                        app.follower.wake()
                        await wait_until(lambda seen=seen: len(updates) > seen)  # type: ignore[misc]
                        await pilot.pause()
                        await watch.quiet()
                    update = updates[-1].update
                    results.append(
                        RefreshResult(
                            case=case,
                            requests=server.requests - requests,
                            answered_304=server.not_modified > not_modified,
                            changes=bool(update.changes) or update.error is not None,
                            timeline_calls={k: v for k, v in counts.items() if k != "render_line"},
                            render_lines=counts.get("render_line", 0),
                            db_changes=conn.total_changes - changes_before,
                            data_version_same=(
                                observer.execute("PRAGMA data_version").fetchone()[0] == version
                            ),
                            status_repainted=bool(status_paints)
                            and app.status.render().plain != status_before,
                        )
                    )
            finally:
                observer.close()
                pause_background_repaints(app, False)
        store.close()
    return results


# -- no stalls: keys during a big merge ----------------------------------------------------------


@dataclass
class StallResult:
    merged: int  # entries the refresh brought
    merge_ms: float  # how long the store's merge ran
    keys: list[Press]  # j/k pressed while it ran


async def measure_stall(path: Path, count: int = 5_000) -> StallResult:
    """While a refresh merges ``count`` new entries into the cached blog (store writes run
    off the event loop), ``j``/``k`` keep moving the selection: each key timed to the frame
    that shows it."""
    from tui_liveblog.fetch import Fetcher
    from tui_liveblog.store import Store
    from tui_liveblog.ui.factory import make_app

    total = cached_count(path)
    with _Server(_page(0), '"v1"') as server:
        forget_reader_state(path)
        store = Store(path)
        merging: list[float] = []  # [start] while a merge runs, [start, end] once it is over
        original = store.merge

        added: list[int] = []  # entries the big merge found new (some may be cached already)

        def timed_merge(*args: Any, **kwargs: Any) -> Any:
            if len(args) > 1 and len(args[1].entries) >= count:
                merging.append(time.perf_counter())
                try:
                    changes = original(*args, **kwargs)
                    added.append(len(changes.new))
                    return changes
                finally:
                    merging.append(time.perf_counter())
            return original(*args, **kwargs)

        store.merge = timed_merge  # type: ignore[method-assign]
        app = make_app(server.url, fetcher=Fetcher(retries=0), store=store, cache_key=URL,
                       interval=3600, clock=frozen, tz=UTC)  # fmt: skip
        keys: list[Press] = []
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(lambda: app.timeline.entry_count == total)
            await pilot.pause()
            pause_background_repaints(app)
            watch = ScreenWatch(app, (app.timeline,))
            server.page, server.etag = _page(count), '"v2"'
            app.follower.wake()
            await wait_until(lambda: len(merging) >= 1, timeout=60)
            timeline = app.timeline
            while len(merging) < 2:
                target = 1 if timeline.selected_index == 0 else 0
                keys.append(await press(app, watch, "j" if target else "k",
                                        lambda t=target: timeline.selected_index == t, timeline))  # fmt: skip
            await wait_until(lambda: bool(added), timeout=60)
            await wait_until(lambda: app.timeline.entry_count >= total + added[0], timeout=60)
            pause_background_repaints(app, False)
        store.close()
    return StallResult(count, (merging[1] - merging[0]) * 1000, keys)


# -- memory -----------------------------------------------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


async def _memory_probe(path: Path, trace: bool) -> dict[str, Any]:
    from tui_liveblog.store import Store
    from tui_liveblog.ui.factory import make_app

    before = rss_mb()
    forget_reader_state(path)
    app = make_app(URL, store=Store(path), offline=True, clock=frozen, tz=UTC)
    out: dict[str, Any] = {"before": before}
    total = cached_count(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.timeline.entry_count == total)
        await pilot.pause()
        app.timeline.action_page_down()  # something painted beyond the first screen
        await pilot.pause()
        gc.collect()
        out["entries"] = app.timeline.entry_count
        out["rss"] = rss_mb()
        if trace:
            import tracemalloc

            snapshot = tracemalloc.take_snapshot()
            stats = snapshot.statistics("lineno")
            out["traced_mb"] = sum(s.size for s in stats) / 2**20
            out["top"] = [
                f"{s.size / 2**20:6.1f} MB {s.count:>8} {s.traceback[0].filename}:"
                f"{s.traceback[0].lineno}"
                for s in stats[:20]
            ]
    return out


def measure_memory(path: Path, trace: bool = False) -> dict[str, Any]:
    """RSS of a fresh process running the reader on the cache at ``path`` (Linux /proc)."""
    args = [sys.executable, __file__, "--memory-probe", str(path)]
    if trace:
        args.append("--trace")
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# -- command line -----------------------------------------------------------------------------


def summary(samples: list[float]) -> str:
    return (
        f"median {statistics.median(samples):.1f} ms, worst {max(samples):.1f} ms "
        f"(n={len(samples)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--non-ascii", type=float, default=0.0)
    parser.add_argument("--rounds", type=int, default=2, help="times the filter keys are typed")
    parser.add_argument("--trace", action="store_true", help="tracemalloc top lines (memory)")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() once the history is loaded"
    )
    parser.add_argument("--memory-probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_probe is not None:
        if args.trace:
            import tracemalloc

            tracemalloc.start()
        print(json.dumps(asyncio.run(_memory_probe(args.memory_probe, args.trace))))
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        path = Path(tmp) / "cache.sqlite3"
        start = time.perf_counter()
        build_store(path, args.entries, args.non_ascii)
        print(f"cache of {args.entries} entries built in {time.perf_counter() - start:.1f} s")
        memory = measure_memory(path, args.trace)
        print(f"memory, reader showing {memory['entries']} entries: {memory['rss']:.0f} MB RSS")
        for line in memory.get("top", ()):
            print("   ", line)
        if "traced_mb" in memory:
            print(f"    traced by tracemalloc: {memory['traced_mb']:.0f} MB")
        timings = asyncio.run(measure_filter_and_detail(path, args.rounds, args.gc_freeze))
        print(f"{'key':>9}  {'query':<22} {'shown':>6}  {'visible':>8}  {'settled':>8}")
        for k in timings.keystrokes[: len(FILTER_KEYS)]:
            print(
                f"{k.key:>9}  {k.query!r:<22} {k.shown:>6}  {k.visible_ms:6.1f}ms  "
                f"{k.settled_ms:6.1f}ms"
            )
        print(
            "filter keystroke → timeline on screen:",
            summary([k.visible_ms for k in timings.keystrokes]),
        )
        print(
            "filter keystroke → screen settled:",
            summary([k.settled_ms for k in timings.keystrokes]),
        )
        chars = statistics.median(timings.detail_chars)
        print(
            f"open a {chars:.0f}-character entry → on screen:",
            summary([p.visible_ms for p in timings.detail]),
        )
        print(
            f"open a {chars:.0f}-character entry → settled:",
            summary([p.settled_ms for p in timings.detail]),
        )
        for result in asyncio.run(measure_refresh(path)):
            print(result)


if __name__ == "__main__":
    main()
