"""Issue 17 (4) on the command line: ``follow`` says when a 429 or 503 came, with the time it
tries again, and goes on. Real ``python -m tui_liveblog`` processes against a misbehaving
127.0.0.1 server (:class:`tests.blogserver.BlogServer`'s ``failures``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tui_liveblog.cli import common

from .blogserver import BlogServer
from .test_cli import Follow, following, run, wait_until

__all__ = ["following", "run"]  # (fixtures, from test_cli)

# "…; waiting: retrying in 2 s, at 21:40:05"
RETRY_AT = re.compile(r"; waiting: retrying in \d+ s, at \d\d:\d\d:\d\d$")


@pytest.fixture
def server() -> Iterator[BlogServer]:
    with BlogServer() as blog:
        blog.add_many(2)
        yield blog


def _errors(f: Follow) -> list[str]:
    return [line.rstrip("\n") for line in list(f.err)]


# -- 4: polite retries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "phrase"), [(429, "Too Many Requests"), (503, "Service Unavailable")]
)
def test_follow_reports_every_429_and_503_with_the_time_it_tries_again(
    server: BlogServer, following: Callable[..., Follow], status: int, phrase: str
) -> None:
    """Before: the fetch retried them itself, silently, within a second."""
    server.failures = [status]
    server.extra_headers = {"Retry-After": "soon"}
    f = following(server.url, "--interval", "1", "--format", "jsonl")
    wait_until(lambda: bool(_errors(f)), f"a line on stderr (stdout {f.out})")
    line = _errors(f)[0]
    assert line.startswith(f"liveblog: HTTP {status} {phrase} from {server.url}"), line
    assert RETRY_AT.search(line), line
    records = f.wait_records(2)  # then it answers, and follow goes on
    assert [r["id"] for r in records] == ["p1", "p2"]
    assert len(server.seen.requests) >= 2
    code, _ = f.interrupt()
    assert code == 0


def test_the_retry_time_is_said_as_a_clock_time_too() -> None:
    now = datetime(2031, 3, 4, 21, 39, 20, tzinfo=UTC)
    assert common.retrying(45.2, UTC, now) == "retrying in 45 s, at 21:40:05"
    paris = now.astimezone(ZoneInfo("Europe/Paris"))
    assert common.retrying(45.2, paris.tzinfo, paris).endswith("at 22:40:05")
