"""Issue 17 (3) and (4) in the reader: its status bar says when a server answers too slowly
(the fetch deadline) or asks it to come back later (429, 503), and when it tries again; then
the blog comes in as usual. The fetcher is the one the CLI makes for the reader, the server a
misbehaving one on 127.0.0.1 (:class:`tests.blogserver.BlogServer`)."""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Iterator

import pytest

from tests.blogserver import BlogServer
from tests.ui_support import Ticker, loaded, reader, screen_text, until
from tui_liveblog.cli import common

SIZE = (120, 40)


@pytest.fixture
def server() -> Iterator[BlogServer]:
    with BlogServer() as blog:
        blog.add_many(2)
        yield blog


def _status_line(text: str) -> str:
    return text.splitlines()[0]


@pytest.mark.parametrize("status", [429, 503])
async def test_the_status_bar_shows_a_busy_answer_and_when_it_is_tried_again(
    server: BlogServer, status: int
) -> None:
    """Before: the fetch retried a 429 or 503 itself, silently, within a second."""
    server.failures = [status]
    server.extra_headers = {"Retry-After": "soon"}
    ticker = Ticker()
    fetcher = common.make_fetcher(Namespace(command="read"))
    app = reader(server.url, fetcher=fetcher, interval=30, sleep=ticker.sleep)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.status.error is not None, f"the {status}")
        line = _status_line(screen_text(app))
        assert f"HTTP {status}" in line
        assert "retry in 45 s" in line  # (the backoff from a 30 s interval: never sooner)
        assert len(server.seen.requests) == 1
        ticker.tick()  # the time comes: it answers
        await loaded(pilot, 2)
        assert app.status.error is None
        assert f"HTTP {status}" not in _status_line(screen_text(app))
    await fetcher.aclose()


async def test_the_status_bar_says_a_server_gave_no_complete_answer_in_time(
    server: BlogServer,
) -> None:
    """Before: a server sending a byte every 50 ms kept the reader loading, saying nothing."""
    server.drip = 0.05
    ticker = Ticker()
    fetcher = common.make_fetcher(Namespace(command="read", fetch_deadline=0.5))
    app = reader(server.url, fetcher=fetcher, interval=30, sleep=ticker.sleep)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.status.error is not None, "the deadline")
        line = _status_line(screen_text(app))
        assert "UNREACHABLE" in line
        assert "no complete answer in 0.5 s" in line
        assert "retry in 45 s" in line
        server.drip = None
        ticker.tick()
        await loaded(pilot, 2)
        assert app.status.error is None
    await fetcher.aclose()


def test_the_readers_own_fetcher_leaves_a_busy_answer_to_its_follower() -> None:
    """(The reader built without a fetcher, as the screenshot script builds it.)"""
    from tui_liveblog.ui.factory import make_app, make_group_app

    assert make_app("https://news.example/live").feed.fetcher.wait_busy is False
    from tui_liveblog.feed_group import FeedGroup

    group = make_group_app([("a", "https://a.example/live"), ("b", "https://b.example/live")])
    assert isinstance(group.feed, FeedGroup)
    assert all(feed.fetcher.wait_busy is False for feed in group.feed.feeds)
