"""Issue 17 (3) and (4) on the command line: ``dump`` ends within its deadline with one line
naming the host; ``follow`` says it is waiting (a server too slow to answer, a 429, a 503) with
the time it tries again, and goes on. Real ``python -m tui_liveblog`` processes against a
misbehaving 127.0.0.1 server (:class:`tests.blogserver.BlogServer`'s ``drip`` and
``failures``), with a short deadline so that the tests are quick."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui_liveblog.cli import common
from tui_liveblog.cli.reading import load
from tui_liveblog.config import load_config
from tui_liveblog.errors import FetchError
from tui_liveblog.fetch import Fetcher

from .blogserver import BlogServer
from .test_cli import WAIT, Follow, Run, following, one_line, proc, run, wait_until

__all__ = ["following", "run"]  # (fixtures, from test_cli)

# "…; waiting: retrying in 2 s, at 21:40:05"
RETRY_AT = re.compile(r"; waiting: retrying in \d+ s, at \d\d:\d\d:\d\d$")


@pytest.fixture
def server() -> Iterator[BlogServer]:
    with BlogServer() as blog:
        blog.add_many(2)
        yield blog


def _config(text: str) -> None:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _errors(f: Follow) -> list[str]:
    return [line.rstrip("\n") for line in list(f.err)]


# -- 3: deadlines -----------------------------------------------------------------------------


def test_dump_of_a_dripping_server_ends_at_the_deadline_in_one_line(server: BlogServer) -> None:
    """Before: dump never ended (a byte every 50 ms keeps every read timeout happy)."""
    server.drip = 0.05
    result = proc("dump", server.url, "--deadline", "0.5", timeout=WAIT)
    assert result.returncode == 1 and result.stdout == ""
    line = one_line(result.stderr)
    assert line == f"liveblog: no complete answer from 127.0.0.1:{server.port} in 0.5 s"


def test_the_deadline_can_come_from_the_config_file(server: BlogServer) -> None:
    _config("deadline = 0.5\n")
    server.drip = 0.05
    result = proc("dump", server.url, "--format", "jsonl", timeout=WAIT)
    assert result.returncode == 1 and result.stdout == ""
    assert one_line(result.stderr).endswith(f"127.0.0.1:{server.port} in 0.5 s")


def test_follow_of_a_dripping_server_says_it_is_waiting_and_goes_on(
    server: BlogServer, following: Callable[..., Follow]
) -> None:
    """Before: follow stayed silent, for ever."""
    server.drip = 0.05
    f = following(server.url, "--deadline", "0.5", "--interval", "1", "--format", "jsonl")
    wait_until(lambda: bool(_errors(f)), f"a line on stderr (stdout {f.out})")
    line = _errors(f)[0]
    assert line.startswith(f"liveblog: no complete answer from 127.0.0.1:{server.port} in 0.5 s")
    assert RETRY_AT.search(line), line
    assert f.p.poll() is None  # still following
    server.drip = None  # it behaves again
    records = f.wait_records(2)
    assert [r["id"] for r in records] == ["p1", "p2"]
    code, _ = f.interrupt()
    assert code == 0


async def test_dump_reads_its_blog_within_the_deadline_however_many_fetches_it_takes() -> None:
    """The deadline covers the whole read (a page, then the API it names…), not each fetch."""

    class Stuck:  # a feed whose refresh never ends: a fetch after a fetch after a fetch…
        source = "https://news.example:8443/live/storm"
        fetcher = Fetcher(deadline=0.2)

        def load_cache(self) -> bool:
            return False

        async def refresh(self) -> None:
            await asyncio.Event().wait()

    with pytest.raises(FetchError) as info:
        await asyncio.wait_for(load(Stuck(), offline=False), WAIT)  # type: ignore[arg-type]
    assert str(info.value) == "no complete answer from news.example:8443 in 0.2 s"


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_a_bad_deadline_is_a_usage_error(run: Run, value: str, server: BlogServer) -> None:
    code, out, err = run("dump", server.url, f"--deadline={value}")
    assert code == 2 and out == ""
    assert "--deadline must be a number of seconds above 0" in one_line(err)


def test_a_bad_deadline_in_the_config_file_is_named_and_the_default_used(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('deadline = "soon"\n')
    config = load_config(path)
    assert config.deadline is None
    assert config.warnings == [
        "config.toml: deadline = 'soon' is not a number of seconds above 0; the default is used"
    ]
    path.write_text("deadline = 90\n")
    assert load_config(path).deadline == 90.0


def test_the_cli_fetcher_gets_the_deadline() -> None:
    from argparse import Namespace

    fetcher = common.make_fetcher(Namespace(command="follow", fetch_deadline=2.5))
    assert fetcher.deadline == 2.5 and not fetcher.wait_busy
    dump = common.make_fetcher(Namespace(command="dump", fetch_deadline=None, rate_floor=30.0))
    assert dump.deadline == 60.0 and dump.wait_busy and dump.rate_floor == 30.0


def test_serve_passes_the_deadline_on_to_the_reader() -> None:
    from tui_liveblog.cli.parser import build_parser
    from tui_liveblog.cli.serve import reader_argv

    args = build_parser().parse_args(["serve", "https://news.example/live", "--deadline", "7.5"])
    argv = reader_argv(args, "https://news.example/live")
    assert "--deadline=7.5" in argv
    assert build_parser().parse_args(argv[3:]).deadline == 7.5


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


def test_dump_waits_at_least_the_interval_after_a_429(server: BlogServer) -> None:
    """A retry that the interval would put after the deadline is not made: one request, one
    line. Before: four requests within a second."""
    server.status = 429
    server.extra_headers = {"Retry-After": "soon"}
    result = proc("dump", server.url, "--interval", "5", "--deadline", "4", timeout=WAIT)
    assert result.returncode == 1 and result.stdout == ""
    assert one_line(result.stderr) == f"liveblog: HTTP 429 Too Many Requests from {server.url}"
    assert len(server.seen.requests) == 1
