"""Issue 18 (a fault-injecting server) on the command line: ``liveblog follow`` against a
127.0.0.1 blog (:class:`tests.faultserver.FaultServer`) that turns bad in each way of
:data:`~tests.faultserver.FAULTS`, then good again. For each fault, follow

- keeps running, and says in one line on stderr (no traceback) what went wrong and when it
  tries again;
- keeps what it printed: once the blog is back it prints the new entry, and no old one again;
- goes on by itself when the blog is good again.

Real ``python -m tui_liveblog follow`` processes, with a one-second interval and deadline. So
that the set takes seconds (a process costs most of a second of CPU to start, on a machine of
two cores), the faults the session selected are dealt to a few lanes that run side by side,
each a thread with its own server, ``follow`` process and cache directory, going through its
faults one after the other (each fault begins once the blog is back from the one before); each
test reads its own fault's outcome. A ``soak`` variant makes each fault last three tries.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from .faultserver import FAULTS, FaultServer
from .test_cli import WAIT, Follow, wait_until

DEADLINE = 1.0  # seconds: --deadline
RETRY_AFTER = 3  # seconds a 429 asks for (above the 1-2 s the first backoff would give)
LANES = 8  # follow processes at once
TURNS = 3  # failed tries a long fault lasts (soak)

# What each fault is said to be: the start of its line on stderr (after "liveblog: "), as a
# regular expression; {url} and {host} are the blog's, {secs} the deadline, {retry} the wait a
# 429 asks for. "html-as-json" is no fault for a reader that looks at the body: the blog is
# read as ever, and nothing is said.
SAYS = {
    "http-500": r"HTTP 500 Internal Server Error from {url}",
    "http-502": r"HTTP 502 Bad Gateway from {url}",
    "http-503": r"HTTP 503 Service Unavailable from {url}",
    "429-seconds": r"HTTP 429 Too Many Requests from {url} \(retry after {retry} s\)",
    "429-date": r"HTTP 429 Too Many Requests from {url} \(retry after {retry} s\)",
    "429-unusable": r"HTTP 429 Too Many Requests from {url}(?! \(retry)",
    "truncated": r"connection to {host} failed while fetching {url}: peer closed connection"
    r" without sending complete message body",
    "random-body": r"no live blog found in this page",
    "random-answer": r"connection to {host} failed while fetching {url}: the answer is not HTTP",
    "empty": r"no live blog found in this page: the page is empty",
    "stall": r"no complete answer from {host} in {secs} s",
    "drip": r"no complete answer from {host} in {secs} s",
    "redirect-loop": r"too many redirects fetching {url}",
    "redirect-file": r"cannot fetch {url}: redirected to an unsupported URL \(.*'file://'",
    "redirect-ftp": r"cannot fetch {url}: redirected to an unsupported URL \(.*'ftp://'",
    "image": r"no live blog found: the server sent image/png",
    "html-as-json": None,
    "gzip-bomb": r"response too large: over 20 MB from {url}",
    # (the size cap or the deadline, whichever comes first on a busy machine)
    "endless": r"(response too large: over 20 MB from {url}|no complete answer from {host} in {secs} s)",
}
# "…; waiting: retrying in 2 s, at 21:40:05"
RETRY_AT = re.compile(r"; waiting: retrying in (\d+) s, at \d\d:\d\d:\d\d$")


def says(fault: str, server: FaultServer, deadline: float = DEADLINE) -> re.Pattern[str] | None:
    """The pattern of what ``fault`` is said to be, for this server and deadline (None: nothing
    is said)."""
    pattern = SAYS[fault]
    if pattern is None:
        return None
    host = re.escape(f"127.0.0.1:{server.port}")
    secs = re.escape(f"{deadline:g}")
    url = re.escape(server.url)
    return re.compile(pattern.format(url=url, host=host, secs=secs, retry=server.retry_after))


@dataclass
class Outcome:
    """What one fault did to a follow process."""

    pattern: re.Pattern[str] | None  # what the fault is to be said to be
    before: list[str]  # the ids printed before the fault
    said: list[str]  # the lines on stderr while the fault lasted
    running: bool  # follow was still running once it had said so
    during: list[str]  # the ids printed by the end of the fault
    after: list[str]  # the ids printed by the time the blog's new entry came, once good again


@dataclass
class Lane:
    """One follow process through some faults: each fault's outcome, or why it has none."""

    outcomes: dict[str, Outcome | str]
    code: int | None = None  # follow's exit status after Ctrl-C
    stderr: str = ""  # all of it


def _ids(f: Follow) -> list[str]:
    return [r["id"] for r in f.records()]


def _env(root: Path) -> dict[str, str]:
    """The process's environment: its own cache, config and home (as tests/conftest.py gives
    every test, which a module's fixture comes before)."""
    env = dict(os.environ, HOME=str(root), NO_PROXY="127.0.0.1,localhost")
    for var, sub in (
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
    ):
        (root / sub).mkdir(parents=True)
        env[var] = str(root / sub)
    env.pop("GUARDIAN_API_KEY", None)
    return env


def _ride(f: Follow, server: FaultServer, fault: str, turns: int) -> Outcome:
    """Turn ``fault`` on until follow has said something ``turns`` times (or, for a fault that
    is none, until a new entry comes through it), then off, with a new entry, until follow
    prints it."""
    before = _ids(f)
    quiet = len(f.err)
    server.fault = fault
    pattern = says(fault, server)
    if pattern is None:
        server.add()
        f.wait_records(len(before) + 1)
    else:
        wait_until(
            lambda: len(f.err) >= quiet + turns or f.p.poll() is not None,
            f"{turns} line(s) on stderr about the {fault} (stdout {f.out})",
            timeout=turns * WAIT,
        )
    running = f.p.poll() is None
    said = [line.rstrip("\n") for line in f.err[quiet:]]
    during = _ids(f)
    server.fault = None  # good again, with news
    server.add()
    f.wait_records(len(during) + 1)
    return Outcome(pattern, before, said, running, during, _ids(f))


def run_lane(faults: list[str], root: Path, turns: int) -> Lane:
    """Follow a good blog of two entries through ``faults``, one after the other, each for
    ``turns`` failed tries; Ctrl-C."""
    lane = Lane({fault: "not reached" for fault in faults})
    with FaultServer() as server:
        server.retry_after = RETRY_AFTER
        server.add_many(2)
        f = Follow(
            server.url,
            *("--format", "jsonl", "--interval", "1", "--deadline", f"{DEADLINE:g}"),
            env=_env(root),
        )
        try:
            f.wait_records(2)
            for fault in faults:
                try:
                    lane.outcomes[fault] = _ride(f, server, fault, turns)
                except AssertionError as gave_up:
                    lane.outcomes[fault] = str(gave_up)
                    break  # (the next faults would say nothing of their own)
            lane.code, lane.stderr = f.interrupt()
        finally:
            f.kill()
    return lane


def _dealt(
    request: pytest.FixtureRequest, root: pytest.TempPathFactory, test: str, turns: int
) -> Iterator[dict[str, Future[Lane]]]:
    """The faults the session selected for ``test``, dealt to :data:`LANES` lanes started side
    by side; each fault's lane, for its test to wait for."""
    wanted = list(
        dict.fromkeys(
            item.callspec.params["fault"]
            for item in request.session.items
            if item.module is request.module
            and getattr(item, "originalname", None) == test
            and hasattr(item, "callspec")
        )
    )
    dealt = [wanted[i::LANES] for i in range(LANES) if wanted[i::LANES]]
    with ThreadPoolExecutor(max(len(dealt), 1)) as pool:
        futures = [pool.submit(run_lane, faults, root.mktemp("lane"), turns) for faults in dealt]
        yield {
            fault: future for faults, future in zip(dealt, futures, strict=True) for fault in faults
        }


@pytest.fixture(scope="module")
def lanes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Lane]]]:
    yield from _dealt(request, tmp_path_factory, "test_follow_rides_out_the_fault_and_goes_on", 1)


@pytest.fixture(scope="module")
def long_lanes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Lane]]]:
    yield from _dealt(request, tmp_path_factory, "test_follow_rides_out_a_long_fault", TURNS)


def _outcome(lanes: dict[str, Future[Lane]], fault: str, turns: int) -> Outcome:
    """``fault``'s outcome, once its lane is done, and what every fault's lane must show:
    no traceback, one line a message, and an end by Ctrl-C as asked."""
    lane = lanes[fault].result(timeout=10 * turns * WAIT)
    assert "Traceback" not in lane.stderr, lane.stderr
    assert all(line.startswith("liveblog: ") for line in lane.stderr.splitlines()), lane.stderr
    assert lane.code == 0, lane.stderr
    got = lane.outcomes[fault]
    assert isinstance(got, Outcome), got
    assert got.running, f"follow ended at the {fault}: {lane.stderr}"
    return got


@pytest.mark.parametrize("fault", FAULTS)
def test_follow_rides_out_the_fault_and_goes_on(lanes: dict[str, Future[Lane]], fault: str) -> None:
    got = _outcome(lanes, fault, 1)
    if got.pattern is None:  # (not a fault to a reader that reads the body: it reads on)
        assert got.said == []
        assert got.during == [*got.before, f"p{len(got.before) + 1}"]
    else:
        assert got.said, f"nothing said about the {fault}"
        line = got.said[0]
        assert got.pattern.match(line, len("liveblog: ")), line
        when = RETRY_AT.search(line)  # …and when it tries again
        assert when, line
        if fault in ("429-seconds", "429-date"):  # when the server said (not the backoff's 1-2 s)
            assert when.group(1) == str(RETRY_AFTER), line
        assert got.during == got.before  # (what it printed stays printed: nothing new)
    # good again: the new entry, and nothing printed twice
    assert got.after == [*got.during, f"p{len(got.during) + 1}"]


@pytest.mark.soak
@pytest.mark.parametrize("fault", [f for f in FAULTS if SAYS[f] is not None])
def test_follow_rides_out_a_long_fault(long_lanes: dict[str, Future[Lane]], fault: str) -> None:
    """The fault lasts for :data:`TURNS` tries: each is said, each retry comes later (the
    backoff doubles), nothing is printed meanwhile, and follow goes on once it is over."""
    got = _outcome(long_lanes, fault, TURNS)
    assert got.pattern is not None
    assert len(got.said) >= TURNS, got.said
    waits = []
    for line in got.said[:TURNS]:
        assert got.pattern.match(line, len("liveblog: ")), line
        when = RETRY_AT.search(line)
        assert when, line
        waits.append(int(when.group(1)))
    assert waits == sorted(waits) and waits[-1] >= 2 ** (TURNS - 1), waits
    assert got.during == got.before
    assert got.after == [*got.during, f"p{len(got.during) + 1}"]
