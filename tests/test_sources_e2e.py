"""Every source end to end, from the user's side: `liveblog dump` on a file, on a loopback server
under an unrelated path (detection by the body's signature), and on the source's own URL pattern
(the network faked with MockTransport); and the reader on a file. Own fixtures only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson
import pytest

from tui_liveblog.cli import common, main
from tui_liveblog.fetch import Fetcher

from .conftest import FIXTURES
from .loopback import Loopback, Reply
from .ui_support import loaded, reader


@dataclass(frozen=True)
class Case:
    kind: str
    fixture: str  # under tests/fixtures/
    # the URL a user would give, and what the API behind it is asked for (host, path start)
    url: str
    api_host: str
    api_path: str
    options: tuple[str, ...] = ()


CASES = [
    Case(
        "guardian",
        "guardian/liveblog.json",
        "https://www.theguardian.com/world/live/2031/mar/04/harbour-live",
        "content.guardianapis.com",
        "/world/live/2031/mar/04/harbour-live",
    ),
    Case(
        "reddit",
        "reddit/embeds-listing.json",
        "https://www.reddit.com/live/abc123xyz",
        "www.reddit.com",
        "/live/abc123xyz.json",
    ),
    Case(
        "scribblelive",
        "scribblelive/event-page-last.json",
        "https://embed.scribblelive.com/Embed/v5.aspx?Id=4242",
        "apiv1.scribblelive.com",
        "/event/4242",
        ("--token", "t0k"),
    ),
    Case(
        "sourcefabric",
        "sourcefabric/poll-full.json",
        "https://lb.example.org/api/client_blogs/b1/posts",
        "lb.example.org",
        "/api/client_blogs/b1/posts",
    ),
    Case(
        "wordpress",
        "wordpress/get-entries-page1.json",
        "https://blog.example.org/wp-json/liveblog/v1/4127/get-entries/1/latest",
        "blog.example.org",
        "/wp-json/liveblog/v1/4127/",
    ),
]


def _count(case: Case) -> int:
    """What the module itself makes of the fixture (the CLI must print exactly that many)."""
    from tui_liveblog import sources

    data = (FIXTURES / case.fixture).read_bytes()
    return len(sources.parse(data, str(FIXTURES / case.fixture)).entries)


def _dump(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, object], str]:
    capsys.readouterr()
    code = main(["dump", *args, "--format", "json", "--no-cache"])
    out, err = capsys.readouterr()
    return code, (orjson.loads(out) if out else {}), err


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_dump_from_a_file(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    code, doc, err = _dump([str(FIXTURES / case.fixture)], capsys)
    assert code == 0, err
    blog = doc["blog"]
    assert isinstance(blog, dict) and blog["source"] == case.kind
    entries = doc["entries"]
    assert isinstance(entries, list) and len(entries) == _count(case) > 0


@pytest.fixture
def serve() -> Iterator[Callable[[bytes], Loopback]]:
    """Start servers answering one document at every path of 127.0.0.1 (a mirror under an
    unrelated path); all are stopped at the end of the test."""
    with ExitStack() as servers:

        def start(body: bytes) -> Loopback:
            reply = Reply(200, body, {"Content-Type": "application/json"})
            return servers.enter_context(Loopback(lambda path, query, headers: reply))

        yield start


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_dump_from_a_loopback_mirror_on_any_path(
    case: Case, serve: Callable[[bytes], Loopback], capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve((FIXTURES / case.fixture).read_bytes())
    code, doc, err = _dump([server.url(f"/mirror/some/feed-{id(server)}")], capsys)
    assert code == 0, err
    blog = doc["blog"]
    assert isinstance(blog, dict) and blog["source"] == case.kind
    entries = doc["entries"]
    assert isinstance(entries, list) and len(entries) == _count(case)
    assert server.requests[0].startswith("/mirror/some/feed-")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
def test_dump_by_url_pattern_asks_the_api(
    case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (FIXTURES / case.fixture).read_bytes()
    asked: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url)
        if request.url.host == case.api_host and request.url.path.startswith(case.api_path):
            return httpx.Response(200, content=body)
        return httpx.Response(404, content=b"not here")

    transport = httpx.MockTransport(handler)
    monkeypatch.setattr(
        common, "make_fetcher", lambda args: Fetcher(transport=transport, retries=0)
    )
    code, doc, err = _dump([case.url, *case.options], capsys)
    assert code == 0, err
    assert asked[0].host == case.api_host and asked[0].path.startswith(case.api_path)
    blog = doc["blog"]
    assert isinstance(blog, dict) and blog["source"] == case.kind
    for secret in ("t0k", "api-key=test"):
        assert secret not in str(blog["url"])
    entries = doc["entries"]
    assert isinstance(entries, list) and len(entries) == _count(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
async def test_the_reader_on_a_file(case: Case) -> None:
    path: Path = FIXTURES / case.fixture
    app = reader(str(path), fetcher=Fetcher(retries=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, _count(case))
        assert app.feed.blog is not None and app.feed.blog.source == case.kind
        assert app.status.state != "error"
