"""Issue 18 (kill test): ``liveblog follow`` and the reader, following a growing blog on
127.0.0.1 into one cache, are killed with SIGKILL at random moments.

Each round starts ``follow --format jsonl`` and the reader (on a pseudo-terminal: see
:mod:`tests.pty_reader`) while a thread keeps adding posts to the blog and correcting earlier
ones, and kills each at its own random moment: anywhere from its start in even rounds, some
time after it caught up with the blog in odd ones. After each kill:

- every entry ``follow`` printed (each whole line of its output), in the version it printed,
  is in the cache; every entry the reader drew is in the cache;
- neither said "database is locked" nor disabled the cache;
- a run never prints an entry twice in the same version (``follow`` prints the cache's
  entries when it starts, then each change once: what a killed run printed, the next prints
  again at its start, as the blog's entries, and never again after);
- a run that caught up printed every post the blog had when it started (none lost).

A last run, once the blog stops changing, prints every post in its latest version once, and
the cache then holds every post once, in its latest version. 10 rounds in the normal run, 50
behind the ``soak`` marker.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from tui_liveblog.store import Store
from tui_liveblog.store.peek import default_path

from .blogserver import BlogServer
from .pty_reader import PtyReader
from .test_cli import Follow

WAIT = 30.0  # an upper bound for what takes a second or two
POST = re.compile(r"Kill(\d{4})")  # a post's headline, as the reader draws it
COUNT = re.compile(r"\b(\d+) entries\b")  # the reader's status bar


class GrowingBlog:
    """A :class:`BlogServer` a thread grows: a post every 0.1-0.3 s, and now and then a
    correction of an earlier one. ``texts`` holds each post's latest text, by id."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.server = BlogServer()
        self.texts: dict[str, str] = {}
        self.corrections: Counter[str] = Counter()
        self.runs: list[Run] = []  # (killed at the end, should a check fail)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        for _ in range(3):
            self.add()

    @property
    def url(self) -> str:
        return self.server.url

    def add(self) -> None:
        with self._lock:
            n = len(self.texts) + 1
            text = f"Body of update {n}."
            self.server.add(n, headline=f"Kill{n:04d}", body=f"<p>{text}</p>")
            self.texts[f"p{n}"] = text

    def correct(self) -> None:
        with self._lock:
            post_id = self.rng.choice(sorted(self.texts))
            self.corrections[post_id] += 1
            k = self.corrections[post_id]
            text = f"Body of update {post_id[1:]}, corrected {k}."
            self.server.edit(post_id, f"<p>{text}</p>", minutes_later=k)
            self.texts[post_id] = text

    def snapshot(self) -> dict[str, str]:
        with self._lock:
            return dict(self.texts)

    def _grow(self) -> None:
        while not self._stop.wait(self.rng.uniform(0.1, 0.3)):
            if self.rng.random() < 0.3:
                self.correct()
            else:
                self.add()

    def start_growing(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._grow, daemon=True)
        self._thread.start()

    def stop_growing(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(WAIT)


@pytest.fixture
def blog() -> Iterator[GrowingBlog]:
    grown = GrowingBlog(random.Random(18))
    grown.server.start()
    try:
        yield grown
    finally:
        grown.stop_growing()
        for run in grown.runs:
            run.follow.kill()
            if run.reader is not None:
                run.reader.kill()
        grown.server.stop()


def printed(follow: Follow) -> list[tuple[str, str]]:
    """(id, text) of each whole line ``follow`` wrote (a line cut by the kill is not printed)."""
    lines = [line for line in list(follow.out) if line.endswith("\n")]
    return [(r["id"], r["text"]) for r in map(json.loads, lines)]


def wait_until(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def cached(url: str) -> tuple[dict[str, str], Callable[[str], set[str]]]:
    """The cache as it is now: each entry's text by id, and the texts of each entry's versions."""
    with Store(default_path()) as store:
        blog = store.load(url)
        texts = {} if blog is None else {e.id: e.text for e in blog.entries}
        versions = {i: {v.text for v in store.versions(url, i)} for i in texts}
    return texts, lambda entry_id: versions.get(entry_id, set())


def no_cache_trouble(text: str) -> None:
    assert "locked" not in text and "cache disabled" not in text and "Traceback" not in text


class Run:
    """One ``follow`` (and maybe one reader), each killed at its own moment."""

    def __init__(self, blog: GrowingBlog, *, reader: bool) -> None:
        self.at_start = blog.snapshot()
        self.follow = Follow(blog.url, "--format", "jsonl", "--interval", "1")
        self.reader = PtyReader(blog.url, "--interval", "1") if reader else None
        blog.runs.append(self)

    def follow_caught_up(self) -> bool:
        return set(self.at_start) <= {i for i, _ in printed(self.follow)}

    def reader_caught_up(self) -> bool:
        """Has the reader said it has every post the blog had when it started? (It keeps its
        place when new posts arrive above it: they may not be drawn.)"""
        if self.reader is None:
            return True
        counts = self.reader.drawn(COUNT)
        return bool(counts) and max(map(int, counts)) >= len(self.at_start)

    def kill_at(self, rng: random.Random, *, after_catching_up: bool) -> None:
        start = time.monotonic()
        moments = [(rng.uniform(0.1, 1.5), self.follow.kill)]
        if self.reader is not None:
            moments.append((rng.uniform(0.3, 2.5), self.reader.kill))
        if after_catching_up:
            wait_until(self.follow_caught_up, "follow to print the blog")
            wait_until(self.reader_caught_up, "the reader to have every post")
            start = time.monotonic()
            moments = [(rng.uniform(0.0, 1.2), kill) for _, kill in moments]
        for at, kill in sorted(moments, key=lambda m: m[0]):
            time.sleep(max(0.0, start + at - time.monotonic()))
            kill()
        for pump in self.follow._threads:
            pump.join(WAIT)

    def check(self, url: str, *, caught_up: bool) -> list[tuple[str, str]]:
        """The checks after a kill; what ``follow`` printed."""
        out = printed(self.follow)
        texts, versions = cached(url)
        repeated = [line for line, count in Counter(out).items() if count > 1]
        assert not repeated, f"printed twice by one run: {repeated}"
        for entry_id, text in out:
            assert entry_id in texts, f"{entry_id} was printed but is not in the cache"
            assert text in versions(entry_id), f"{entry_id} printed as {text!r}, not cached"
        no_cache_trouble("".join(self.follow.err))
        if caught_up:
            assert set(self.at_start) <= {i for i, _ in out}
        if self.reader is not None:
            shown = {f"p{int(n)}" for n in self.reader.drawn(POST)}
            assert shown <= set(texts), f"drawn but not in the cache: {shown - set(texts)}"
            no_cache_trouble(self.reader.text())
        return out


def kill_rounds(
    blog: GrowingBlog, rounds: int, rng: random.Random, reader_rounds: Callable[[int], bool]
) -> Counter[str]:
    """``rounds`` rounds (the reader too in those ``reader_rounds`` picks), then the last run."""
    figures: Counter[str] = Counter()
    blog.start_growing()
    for n in range(rounds):
        run = Run(blog, reader=reader_rounds(n))
        caught_up = n % 2 == 1
        run.kill_at(rng, after_catching_up=caught_up)
        out = run.check(blog.url, caught_up=caught_up)
        figures["follow killed"] += 1
        figures["lines printed"] += len(out)
        if run.reader is not None:
            figures["reader killed"] += 1
            figures["posts drawn"] += len(run.reader.drawn(POST))
    blog.stop_growing()
    # the blog stops changing: the next start prints every post, in its latest version, once
    final = blog.snapshot()
    run = Run(blog, reader=True)
    latest = set(final.items())
    wait_until(lambda: latest <= set(printed(run.follow)), "follow to print every post")
    wait_until(run.reader_caught_up, "the reader to have every post")
    run.follow.kill()
    assert run.reader is not None
    run.reader.kill()
    run.check(blog.url, caught_up=True)
    texts, _ = cached(blog.url)
    assert texts == final  # every post once, none lost, each in its latest version
    figures["posts"] = len(final)
    figures["corrections"] = sum(blog.corrections.values())
    return figures


def test_follow_and_the_reader_killed_at_random_moments(blog: GrowingBlog) -> None:
    # (the reader costs a Textual start: it is killed in four of the ten rounds, two of them
    # after it caught up)
    figures = kill_rounds(blog, 10, random.Random(1), lambda n: n in (0, 3, 5, 8))
    assert (figures["follow killed"], figures["reader killed"]) == (10, 4)


@pytest.mark.soak
def test_follow_and_the_reader_killed_fifty_times_each(blog: GrowingBlog) -> None:
    figures = kill_rounds(blog, 50, random.Random(), lambda n: True)
    print(dict(figures))
    assert (figures["follow killed"], figures["reader killed"]) == (50, 50)
