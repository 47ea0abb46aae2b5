"""Issue 18 (two at once): two ``liveblog follow`` processes and the reader share one cache while
the blog changes under them.

A 127.0.0.1 blog that shows its newest six posts gains a post about every 0.15 s, corrects one
of those on its page now and then, and lets the oldest fall off; the three processes follow it
at ``--interval 1`` (the reader on a pseudo-terminal, moved through its timeline now and then
so that it writes its read marks and place as well). Then the blog stops changing and, once
each process has caught up, they are stopped:

- nobody said "database is locked" (or disabled the cache);
- no write was lost: the cache holds every post the blog ever served, each in the last
  version served (the final page's posts as the page has them);
- each ``follow`` printed every post of the final page in its latest version, never the same
  version of a post twice, and only versions the cache holds.

10 s of changes in the normal run, a minute behind the ``soak`` marker.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tui_liveblog.store import Store
from tui_liveblog.store.peek import default_path

from .blogserver import BlogServer, Post
from .pty_reader import PtyReader
from .test_cli import Follow

WAIT = 30.0
WINDOW = 6
COUNT = re.compile(r"\b(\d+) entries\b")  # the reader's status bar
_P = re.compile(r"^<p>(.*)</p>$")


class ServedBlog(BlogServer):
    """A :class:`BlogServer` that remembers the last version of each post it served."""

    def __init__(self) -> None:
        super().__init__(window=WINDOW)
        self.served: dict[str, str] = {}  # id → text, as last served

    def _jsonld(self, posts: list[Post]) -> bytes:  # (called under the server's lock)
        for p in posts:
            found = _P.match(p.body)
            assert found is not None
            self.served[p.id] = found.group(1)
        return super()._jsonld(posts)

    def page_now(self) -> dict[str, str]:
        """The posts the page shows now, by id, as text."""
        with self._lock:
            posts = sorted(self.posts, key=lambda p: p.published or 0, reverse=True)[:WINDOW]
            return {p.id: p.body[3:-4] for p in posts}

    def served_now(self) -> dict[str, str]:
        with self._lock:
            return dict(self.served)


@pytest.fixture
def blog() -> Iterator[ServedBlog]:
    with ServedBlog() as served:
        for _ in range(WINDOW):
            add(served)
        yield served


def add(blog: ServedBlog) -> None:
    n = len(blog.posts) + 1
    blog.add(n, body=f"<p>Body of update {n}.</p>")


def correct(blog: ServedBlog, rng: random.Random, k: int) -> None:
    post_id = rng.choice(sorted(blog.page_now()))
    blog.edit(post_id, f"<p>Body of update {post_id[1:]}, corrected {k}.</p>", minutes_later=k)


def printed(follow: Follow) -> list[tuple[str, str]]:
    lines = [line for line in list(follow.out) if line.endswith("\n")]
    return [(r["id"], r["text"]) for r in map(json.loads, lines)]


def wait_until(predicate: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def has_all(reader: PtyReader, count: int) -> bool:
    counts = reader.drawn(COUNT)
    return bool(counts) and max(map(int, counts)) >= count


def share(blog: ServedBlog, seconds: float, rng: random.Random) -> dict[str, Any]:
    follows = [Follow(blog.url, "--format", "jsonl", "--interval", "1") for _ in range(2)]
    reader = PtyReader(blog.url, "--interval", "1")
    try:
        # everyone started (the reader's Textual start is the slow one) and following
        wait_until(lambda: has_all(reader, WINDOW), "the reader to show the blog")
        for follow in follows:
            wait_until(lambda f=follow: len(printed(f)) >= WINDOW, "follow to print the blog")
        # the stream of changes
        end = time.monotonic() + seconds
        corrections = 0
        while time.monotonic() < end:
            if rng.random() < 0.25:
                corrections += 1
                correct(blog, rng, corrections)
            else:
                add(blog)
            if rng.random() < 0.2:
                reader.send(rng.choice(("j", "k", "j", "g")))  # read marks and place
            time.sleep(rng.uniform(0.05, 0.25))
        # the blog stops changing: the follows catch up, then everyone stops (the reader
        # knows only what it fetched itself, or found in the cache when it started: posts that
        # came and fell off the page between two of its refreshes it does not have)
        final = blog.page_now()
        for follow in follows:
            wait_until(
                lambda f=follow: set(final.items()) <= set(printed(f)),
                "follow to print the final page",
            )
        errors = []
        for follow in follows:
            code, err = follow.interrupt()
            assert code == 0, err
            errors.append(err)
        reader.send("q")
        reader.wait()
    finally:
        for follow in follows:
            follow.kill()
        reader.kill()
    # nobody met a locked database, or gave up on the cache
    for text in (*errors, reader.text()):
        assert "locked" not in text and "cache disabled" not in text and "Traceback" not in text
    # no lost write: every post ever served, in the last version served
    served = blog.served_now()
    with Store(default_path()) as store:
        cached = store.load(blog.url)
        assert cached is not None
        texts = {e.id: e.text for e in cached.entries}
        assert texts == served
        assert {i: texts[i] for i in final} == final
        for follow in follows:
            out = printed(follow)
            repeated = [line for line, count in Counter(out).items() if count > 1]
            assert not repeated, f"printed twice: {repeated}"
            for entry_id, text in out:
                assert text in {v.text for v in store.versions(blog.url, entry_id)}
    return {
        "seconds": seconds,
        "posts": len(blog.posts),
        "corrections": corrections,
        "requests": len(blog.seen.requests),
        "printed": [len(printed(f)) for f in follows],
    }


def test_two_follows_and_the_reader_share_the_cache(blog: ServedBlog) -> None:
    figures = share(blog, 10.0, random.Random(18))
    assert figures["posts"] > 2 * WINDOW


@pytest.mark.soak
def test_two_follows_and_the_reader_share_the_cache_for_a_minute(blog: ServedBlog) -> None:
    figures = share(blog, 60.0, random.Random())
    print(figures)
