"""Issue 17 (3) and (4) in the fetch layer: every fetch ends within its deadline, retries
included; retries never come sooner than a second (equal jitter), nor sooner than the refresh
interval after a 429; a follow loop is handed a 429 or 503 at once.

Time is faked the way tests/test_fetch.py fakes it: the sleeps between retries are recorded,
not waited, and the time of each request is the sum of the sleeps before it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tui_liveblog.errors import FetchError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.fetch.backoff import MIN_RETRY, equal_jitter, retry_wait
from tui_liveblog.follow import MAX_RETRY_AFTER_WAIT, Follower

from .test_fetch import URL, FakeSleep, Recorder, fetch_error, make

GUARD = 30.0  # seconds: only against a hang (the code before the fix never ended)


class Timeline:
    """A handler answering ``status`` and noting, for each request, the (fake) time it came:
    the sum of the sleeps the fetcher asked for before it."""

    def __init__(self, sleep: FakeSleep, status: int, headers: dict[str, str] | None = None):
        self.sleep = sleep
        self.status = status
        self.headers = headers or {}
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.times.append(sum(self.sleep.calls))
        return httpx.Response(self.status, headers=self.headers)


# -- 4: polite retries ------------------------------------------------------------------------


async def test_a_steady_500_gets_one_request_a_second_at_most() -> None:
    """Before: four requests within one second (full jitter from 0)."""
    sleep = FakeSleep()
    timeline = Timeline(sleep, 500)
    fetcher = Fetcher(transport=httpx.MockTransport(timeline), sleep=sleep)
    fetcher._random = lambda low, high: low  # the shortest waits the jitter can draw
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert err.status == 500
    assert len(timeline.times) == 4  # the first try and three retries
    assert sum(1 for t in timeline.times if t < 1.0) == 1  # in the first second: one
    gaps = [b - a for a, b in zip(timeline.times, timeline.times[1:], strict=False)]
    assert all(gap >= MIN_RETRY for gap in gaps), gaps
    assert timeline.times == [0.0, 1.0, 3.0, 7.0]  # equal jitter's floor: 1, 2, 4


@pytest.mark.parametrize("retry_after", ["soon", "-5", "", "1e9", "Thu, 99 Foo 2999"])
async def test_a_429_with_an_unusable_retry_after_waits_at_least_the_interval(
    retry_after: str,
) -> None:
    """Before: retried after a random 0 to 1 s (0.2 s in the run that found it)."""
    rec = Recorder(
        httpx.Response(429, headers={"Retry-After": retry_after}),
        httpx.Response(200, content=b"ok"),
    )
    fetcher, sleep = make(rec, rate_floor=30.0)
    fetcher._random = lambda low, high: low
    async with fetcher:
        assert (await fetcher.fetch(URL)).content == b"ok"
    assert sleep.calls == [30.0]


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
@pytest.mark.parametrize("retry_after", ["soon", "-5", "", "0", "0.2"])
async def test_no_retry_comes_sooner_than_a_second(status: int, retry_after: str) -> None:
    rec = Recorder(httpx.Response(status, headers={"Retry-After": retry_after}))
    fetcher, sleep = make(rec, retries=3, backoff=0.1)  # (even a tiny backoff)
    fetcher._random = lambda low, high: low
    async with fetcher:
        await fetch_error(fetcher, URL)
    assert len(sleep.calls) == 3 and min(sleep.calls) >= 1.0, sleep.calls


def test_equal_jitter_bounds() -> None:
    """Each wait is in [step / 2, step] of an exponential step (and at least a second)."""
    asked: list[tuple[float, float]] = []

    def rand(low: float, high: float) -> float:
        asked.append((low, high))
        return high

    for attempt, step in enumerate([2.0, 4.0, 8.0, 16.0, 20.0, 20.0]):
        assert equal_jitter(attempt, 2.0, 20.0, rand) == step
        assert asked[-1] == (0.0, step / 2)  # the random half
        assert equal_jitter(attempt, 2.0, 20.0, lambda low, high: low) == max(1.0, step / 2)
    assert equal_jitter(0, 0.5, 20.0, lambda low, high: low) == MIN_RETRY
    assert equal_jitter(10_000, 2.0, 60.0, rand) == 60.0  # (no overflow)


def test_retry_wait_honours_retry_after_and_the_429_floor() -> None:
    def wait(status: int, retry_after: float | None, floor: float = 30.0) -> float:
        return retry_wait(
            0,
            status=status,
            retry_after=retry_after,
            base=2.0,
            cap=60.0,
            rate_floor=floor,
            rand=lambda low, high: low,
        )

    assert wait(429, None) == 30.0  # the interval
    assert wait(429, 45.0) == 45.0  # the server asks for longer
    assert wait(429, 5.0) == 30.0  # …or for shorter: the interval still
    assert wait(503, None) == 1.0  # a 503: the backoff (the interval is for 429s)
    assert wait(503, 12.0) == 12.0
    assert wait(500, 0.0) == 1.0


async def test_a_huge_retry_after_is_not_waited_in_the_fetch_and_an_hour_at_most_after() -> None:
    """Before: the follow loop waited what a server asked, a day (or more)."""
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "99999999999"}))
    fetcher, sleep = make(rec)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert sleep.calls == [] and len(rec.requests) == 1  # (dump: given up at once)
    assert err.retry_after == 24 * 3600.0  # (parse_retry_after's cap)

    class _Feed:
        source = URL
        blog = None

    follower = Follower(_Feed(), interval=30, rand=lambda: 0.0)  # type: ignore[arg-type]
    assert follower.next_interval(None, err) == MAX_RETRY_AFTER_WAIT == 3600.0
    sensible = FetchError("HTTP 503", status=503, retry_after=90.0, transient=True)
    assert follower.next_interval(None, sensible) == 90.0  # (a sensible one is honoured)


@pytest.mark.parametrize("status", [429, 503])
async def test_a_follow_loops_fetcher_hands_a_busy_answer_back_at_once(status: int) -> None:
    """The follow loop waits a 429 or 503 out itself and says so: the fetch does not hide it."""
    rec = Recorder(httpx.Response(status), httpx.Response(200, content=b"ok"))
    fetcher, sleep = make(rec, wait_busy=False)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert err.status == status and err.transient
    assert sleep.calls == [] and len(rec.requests) == 1


async def test_a_follow_loops_fetcher_still_retries_other_server_errors() -> None:
    rec = Recorder(httpx.Response(502), httpx.Response(200, content=b"ok"))
    fetcher, sleep = make(rec, wait_busy=False)
    async with fetcher:
        assert (await fetcher.fetch(URL)).content == b"ok"
    assert len(sleep.calls) == 1 and sleep.calls[0] >= 1.0


# -- 3: deadlines -----------------------------------------------------------------------------


def _drip(request: httpx.Request) -> httpx.Response:
    """A 200 whose body comes one byte every 50 ms, and never ends."""

    async def body() -> AsyncIterator[bytes]:
        while True:
            yield b" "
            await asyncio.sleep(0.05)

    return httpx.Response(200, content=body(), headers={"Content-Length": "1000000"})


async def test_a_dripping_answer_ends_at_the_deadline_naming_the_host() -> None:
    """Before: the fetch never ended (each byte came well within the read timeout)."""
    rec = Recorder(_drip)
    fetcher, sleep = make(rec, deadline=0.3)
    async with fetcher:
        with pytest.raises(FetchError) as info:
            await asyncio.wait_for(fetcher.fetch(URL), GUARD)
    err = info.value
    assert str(err) == "no complete answer from example.com in 0.3 s"
    assert err.transient and err.unreachable  # (a follow loop tries again)
    assert err.short == "no complete answer in 0.3 s"
    assert sleep.calls == [] and len(rec.requests) == 1  # the deadline covers the retries


class FakeClock:
    """Monotonic seconds that move only when the fetcher sleeps."""

    def __init__(self, sleep: FakeSleep) -> None:
        self.sleep = sleep

    def __call__(self) -> float:
        return sum(self.sleep.calls)


async def test_no_retry_is_made_past_the_deadline() -> None:
    rec = Recorder(httpx.Response(500))
    sleep = FakeSleep()
    fetcher = Fetcher(
        transport=httpx.MockTransport(rec),
        sleep=sleep,
        clock=FakeClock(sleep),
        deadline=5.0,
        retries=10,
    )
    fetcher._random = lambda low, high: low
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert err.status == 500  # the last answer, not a vaguer one
    assert sleep.calls == [1.0, 2.0]  # the next wait (4 s, at 3 s) would end after 5 s
    assert len(rec.requests) == 3


async def test_a_retry_after_beyond_the_deadline_gives_up_at_once() -> None:
    rec = Recorder(httpx.Response(503, headers={"Retry-After": "20"}))
    fetcher, sleep = make(rec, deadline=10.0)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert sleep.calls == [] and len(rec.requests) == 1
    assert str(err) == f"HTTP 503 Service Unavailable from {URL} (retry after 20 s)"


def test_a_deadline_must_be_positive() -> None:
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError):
            Fetcher(deadline=bad)
    assert Fetcher(deadline=None).deadline is None
