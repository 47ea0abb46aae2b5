"""Issue 18 (a fault-injecting server) in the reader: the reader, with the fetcher the CLI makes
for it, follows a 127.0.0.1 blog (:class:`tests.faultserver.FaultServer`) that turns bad in
each way of :data:`~tests.faultserver.FAULTS`, then good again. For each fault the reader keeps
running; its status bar says what went wrong in a few words and when it tries again, and a
notice says it whole; the entries it showed stay on the timeline; and when the blog is good
again the new entry comes in, by itself, and the error goes.

The follow loop's sleeps are a :class:`~tests.ui_support.Ticker`'s (each refresh comes when the
test says), and the clock is frozen: the times said are exact, and nothing is timed. So that
the set takes seconds (starting a reader costs more than a fault), one reader goes through the
faults the session selected, one after the other (each begins once the blog is back from the
one before), in the module's fixture; each test reads its own fault's outcome.
"""

from __future__ import annotations

import asyncio
import re
from argparse import Namespace
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.faultserver import FAULTS, FaultServer
from tests.test_fault_follow import says
from tests.ui_support import Ticker, loaded, reader, screen_text, until
from tui_liveblog.cli import common
from tui_liveblog.fetch import Fetcher
from tui_liveblog.ui.app import LiveblogApp

SIZE = (120, 40)
DEADLINE = 0.5  # seconds a fetch may take while the fault is on…
GOOD_DEADLINE = 30.0  # …and while the blog is good (a busy machine must not make it late)
# faults whose answer takes work (twenty redirects, 20 MB inflated) that a busy machine may
# stretch past the short deadline; they are not retried, so the good deadline costs no time
WORKED = frozenset({"redirect-loop", "gzip-bomb"})
INTERVAL = 30  # the refresh interval: the first retry after an error is in 45 s (rand 0.5)
RETRY_AFTER = 120  # seconds a 429 asks for ("2 min")

# What the status bar says of each fault, in a few words (a regular expression for all of it:
# not the whole message, cut short where the line ends).
SHORT = {
    "http-500": r"HTTP 500",
    "http-502": r"HTTP 502",
    "http-503": r"HTTP 503",
    "429-seconds": r"HTTP 429",
    "429-date": r"HTTP 429",
    "429-unusable": r"HTTP 429",
    "truncated": r"connection failed",
    "random-body": r"unreadable page",
    "random-answer": r"not an HTTP answer",
    "empty": r"unreadable page",
    "stall": r"no complete answer in 0\.5 s",
    "drip": r"no complete answer in 0\.5 s",
    "redirect-loop": r"too many redirects",
    "redirect-file": r"unsupported redirect",
    "redirect-ftp": r"unsupported redirect",
    "image": r"unreadable page",
    "html-as-json": None,
    "gzip-bomb": r"response too large",
    "endless": r"(response too large|no complete answer in 0\.5 s)",
}
# …and when it tries again: the backoff, or the wait a 429 asked for
RETRY = {"429-seconds": "retry in 2 min", "429-date": "retry in 2 min"}


@dataclass
class Outcome:
    """What one fault did to the reader."""

    pattern: re.Pattern[str] | None  # what the fault is to be said to be (None: nothing)
    before: list[str]  # the ids on the timeline before the fault
    error: str | None  # the status bar's error, the fault on…
    short: str | None  # …and what it shows of it, in a few words
    status: str  # the status bar, the fault on
    notices: list[str]  # the notices shown
    during: list[str]  # the ids on the timeline, the fault on
    screen: str  # the screen, the fault on
    after: list[str]  # the ids on the timeline once the blog was good again, with one more
    error_after: str | None  # the status bar's error then
    status_after: str  # …and the status bar


def _shown(app: LiveblogApp) -> list[str]:
    """The ids of the entries on the timeline, in its order."""
    timeline = app.timeline
    return [timeline.entry_at(i).id for i in range(timeline.entry_count)]


async def _ride(
    pilot: Pilot[None], app: LiveblogApp, server: FaultServer, fetcher: Fetcher, ticker: Ticker,
    fault: str,
) -> Outcome:  # fmt: skip
    """Turn ``fault`` on for one refresh (with a new entry when it is no fault), then off with
    a new entry for the next one."""
    before = _shown(app)
    server.fault = fault
    deadline = GOOD_DEADLINE if fault in WORKED else DEADLINE
    fetcher.deadline = deadline
    pattern = says(fault, server, deadline)
    app._notifications.clear()
    if pattern is None:
        server.add()
        ticker.tick()
        await loaded(pilot, len(before) + 1)
    else:
        ticker.tick()
        await until(pilot, lambda: app.status.error is not None, f"the {fault}")
    screen = screen_text(app)
    status = screen.splitlines()[0]
    notices = [str(n.message) for n in app._notifications]
    error, short, during = app.status.error, app.status.error_short, _shown(app)
    server.fault = None  # good again, with news: it comes in by itself, at the next turn
    fetcher.deadline = GOOD_DEADLINE
    server.add()
    ticker.tick()
    await loaded(pilot, len(during) + 1)
    await until(pilot, lambda: app.status.error is None, f"the error gone after the {fault}")
    return Outcome(
        pattern, before, error, short, status, notices, during, screen, _shown(app),
        app.status.error, app.status.render().plain,
    )  # fmt: skip


async def _run(faults: list[str]) -> dict[str, Outcome | str]:
    """One reader, through ``faults`` one after the other: each fault's outcome, or why it has
    none."""
    outcomes: dict[str, Outcome | str] = dict.fromkeys(faults, "not reached")
    with FaultServer() as server:
        server.retry_after = RETRY_AFTER
        server.add_many(2)
        ticker = Ticker()
        fetcher = common.make_fetcher(Namespace(command="read", fetch_deadline=GOOD_DEADLINE))
        app = reader(server.url, fetcher=fetcher, interval=INTERVAL, sleep=ticker.sleep)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await loaded(pilot, 2)
                for fault in faults:
                    try:
                        outcomes[fault] = await _ride(pilot, app, server, fetcher, ticker, fault)
                    except AssertionError as gave_up:
                        outcomes[fault] = str(gave_up)
                        break  # (the next faults would say nothing of their own)
        finally:
            await fetcher.aclose()
    return outcomes


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Outcome | str]]:
    """The faults the session selected, through one reader (in the sandbox tests/conftest.py
    gives every test, which a module's fixture comes before)."""
    wanted = list(
        dict.fromkeys(
            item.callspec.params["fault"]
            for item in request.session.items
            if item.module is request.module and hasattr(item, "callspec")
        )
    )
    root: Path = tmp_path_factory.mktemp("reader")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            (root / var).mkdir()
            mp.setenv(var, str(root / var))
        mp.setenv("HOME", str(root))
        mp.setenv("NO_PROXY", "127.0.0.1,localhost")
        yield asyncio.run(_run(wanted))


@pytest.mark.parametrize("fault", FAULTS)
def test_the_reader_rides_out_the_fault_and_goes_on(
    outcomes: dict[str, Outcome | str], fault: str
) -> None:
    got = outcomes[fault]
    assert isinstance(got, Outcome), got
    if got.pattern is None:  # (not a fault to a reader that reads the body: it reads on)
        assert got.error is None and got.notices == []
        assert got.during == [f"p{len(got.before) + 1}", *got.before]
    else:
        short = SHORT[fault]
        assert short is not None and got.short is not None and re.fullmatch(short, got.short)
        assert got.short in got.status, got.status
        assert got.error is not None and got.pattern.match(got.error), got.error
        assert RETRY.get(fault, "retry in 45 s") in got.status, got.status  # when it tries again
        assert any(got.pattern.match(notice) for notice in got.notices), got.notices
        # what it showed, it still shows (the place kept: the first entry read, selected)
        assert got.during == got.before
        assert "Update 2" in got.screen and "Body of update 2." in got.screen, got.screen
    # good again: the new entry is in, the error gone, the next check in the usual interval
    assert got.after == [f"p{len(got.during) + 1}", *got.during]
    assert got.error_after is None
    assert f"{len(got.after)} entries" in got.status_after, got.status_after
    assert "next in 30 s" in got.status_after, got.status_after
