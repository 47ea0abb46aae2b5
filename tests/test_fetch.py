"""The fetch layer: HTTP through httpx.MockTransport and a real 127.0.0.1 server, files, stdin."""

from __future__ import annotations

import errno
import gzip
import io
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

import tui_liveblog
from tui_liveblog.errors import FetchError
from tui_liveblog.fetch import USER_AGENT, Fetcher, FetchResult, Validators, backoff, is_url
from tui_liveblog.fetch import client as fetch_mod

URL = "https://example.com/live"
Handler = Callable[[httpx.Request], httpx.Response]


class FakeSleep:
    """Records requested sleeps instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class Recorder:
    """A MockTransport handler that answers from a list of responses (or raises) in turn."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)


def make(
    handler: Callable[[httpx.Request], httpx.Response], **kw: Any
) -> tuple[Fetcher, FakeSleep]:
    sleep = FakeSleep()
    kw.setdefault("sleep", sleep)
    return Fetcher(transport=httpx.MockTransport(handler), **kw), sleep


async def fetch_error(fetcher: Fetcher, source: str, **kw: Any) -> FetchError:
    with pytest.raises(FetchError) as info:
        await fetcher.fetch(source, **kw)
    assert "\n" not in str(info.value)
    return info.value


# -- is_url ------------------------------------------------------------------------------------


def test_is_url_accepts_only_http_and_https() -> None:
    assert is_url("https://example.com/x")
    assert is_url("HTTP://example.com")
    assert is_url("  https://example.com/  ")
    assert not is_url("ftp://example.com/x")
    assert not is_url("javascript:alert(1)")
    assert not is_url("file:///tmp/x.html")
    assert not is_url("https://")
    assert not is_url("blog.html")
    assert not is_url("-")


# -- HTTP basics ---------------------------------------------------------------------------------


async def test_200_returns_content_headers_and_validators() -> None:
    rec = Recorder(
        httpx.Response(
            200,
            content=b"<html>hi</html>",
            headers={
                "ETag": '"abc"',
                "Last-Modified": "Tue, 24 Nov 2026 12:00:00 GMT",
                "Content-Type": "text/html; charset=utf-8",
            },
        )
    )
    fetcher, sleep = make(rec)
    async with fetcher:
        result = await fetcher.fetch(URL)
    assert isinstance(result, FetchResult)
    assert result.url == URL
    assert result.status == 200
    assert result.content == b"<html>hi</html>"
    assert not result.not_modified
    assert result.validators == Validators('"abc"', "Tue, 24 Nov 2026 12:00:00 GMT")
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert all(name == name.lower() for name in result.headers)
    assert result.elapsed >= 0
    assert sleep.calls == []
    request = rec.requests[0]
    assert "if-none-match" not in request.headers
    assert "if-modified-since" not in request.headers


async def test_request_headers_user_agent_accept_and_gzip() -> None:
    rec = Recorder(httpx.Response(200, content=b"ok"))
    fetcher, _ = make(rec)
    async with fetcher:
        await fetcher.fetch(URL)
    headers = rec.requests[0].headers
    assert headers["user-agent"] == USER_AGENT
    assert f"tui-liveblog/{tui_liveblog.__version__}" in headers["user-agent"]
    assert headers["accept"].startswith("text/html")
    assert "application/json" in headers["accept"]
    assert "xml" in headers["accept"]
    assert "gzip" in headers["accept-encoding"]


async def test_conditional_request_and_304_not_modified() -> None:
    rec = Recorder(httpx.Response(304, headers={"ETag": '"abc"'}))
    fetcher, _ = make(rec)
    sent = Validators(etag='"abc"', last_modified="Tue, 24 Nov 2026 12:00:00 GMT")
    async with fetcher:
        result = await fetcher.fetch(URL, sent)
    request = rec.requests[0]
    assert request.headers["if-none-match"] == '"abc"'
    assert request.headers["if-modified-since"] == "Tue, 24 Nov 2026 12:00:00 GMT"
    assert result.not_modified
    assert result.status == 304
    assert result.content == b""
    # validators the 304 omits are carried over from the request
    assert result.validators == sent


async def test_unsafe_validators_are_not_sent() -> None:
    rec = Recorder(httpx.Response(200, content=b"ok"))
    fetcher, _ = make(rec)
    async with fetcher:
        await fetcher.fetch(URL, Validators(etag='"a"\r\nX-Evil: 1', last_modified="\x1b[31m"))
    assert "if-none-match" not in rec.requests[0].headers
    assert "if-modified-since" not in rec.requests[0].headers
    assert "x-evil" not in rec.requests[0].headers


async def test_redirect_followed_and_final_url_reported() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://www.example.com/new"})
        return httpx.Response(200, content=b"moved here")

    lines: list[str] = []
    fetcher, _ = make(handler, log=lines.append)
    async with fetcher:
        result = await fetcher.fetch("https://example.com/old")
    assert result.url == "https://www.example.com/new"
    assert result.content == b"moved here"
    assert any("301" in line and "/new" in line for line in lines)


async def test_redirect_to_other_scheme_is_a_fetch_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.scheme != "https":  # what httpx's real transport does
            raise httpx.UnsupportedProtocol(
                f"Request URL has an unsupported protocol '{request.url.scheme}://'."
            )
        return httpx.Response(302, headers={"Location": "ftp://example.com/x"})

    fetcher, _ = make(handler)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert "unsupported" in str(err)


async def test_log_gets_one_line_per_request_and_response() -> None:
    rec = Recorder(httpx.Response(200, content=b"12345"))
    lines: list[str] = []
    fetcher, _ = make(rec, log=lines.append)
    async with fetcher:
        await fetcher.fetch(URL, Validators(etag='"v"'))
    assert len(lines) == 2
    assert lines[0].startswith(f"GET {URL}") and '"v"' in lines[0]
    assert lines[1].startswith("200 OK") and "5 bytes" in lines[1]


# -- retries -------------------------------------------------------------------------------------


async def test_429_retry_after_seconds_then_success() -> None:
    rec = Recorder(
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(200, content=b"ok"),
    )
    fetcher, sleep = make(rec)
    async with fetcher:
        result = await fetcher.fetch(URL)
    assert result.content == b"ok"
    assert sleep.calls == [7.0]
    assert len(rec.requests) == 2


async def test_429_retry_after_http_date_measured_from_date_header() -> None:
    date = formatdate(1_800_000_000, usegmt=True)
    later = formatdate(1_800_000_000 + 12, usegmt=True)
    rec = Recorder(
        httpx.Response(429, headers={"Retry-After": later, "Date": date}),
        httpx.Response(200, content=b"ok"),
    )
    fetcher, sleep = make(rec)
    async with fetcher:
        result = await fetcher.fetch(URL)
    assert result.status == 200
    assert sleep.calls == [12.0]


async def test_429_retry_after_http_date_without_date_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(backoff, "_now", lambda: 1_800_000_000.0)
    rec = Recorder(
        httpx.Response(429, headers={"Retry-After": formatdate(1_800_000_005, usegmt=True)}),
        httpx.Response(200, content=b"ok"),
    )
    fetcher, sleep = make(rec)
    async with fetcher:
        await fetcher.fetch(URL)
    assert sleep.calls == [5.0]


async def test_retry_after_past_date_means_the_least_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backoff, "_now", lambda: 1_800_000_000.0)
    rec = Recorder(
        httpx.Response(503, headers={"Retry-After": formatdate(1_700_000_000, usegmt=True)}),
        httpx.Response(200, content=b"ok"),
    )
    fetcher, sleep = make(rec)
    fetcher._random = lambda low, high: low  # the bottom of the jitter range
    async with fetcher:
        await fetcher.fetch(URL)
    assert sleep.calls == [1.0]  # (issue 17 (4): never sooner than a second)


async def test_retry_after_longer_than_max_backoff_gives_up_at_once() -> None:
    rec = Recorder(httpx.Response(429, headers={"Retry-After": "3600"}))
    fetcher, sleep = make(rec, max_backoff=60)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert sleep.calls == []
    assert len(rec.requests) == 1
    assert err.status == 429
    assert err.retry_after == 3600.0
    assert str(err) == f"HTTP 429 Too Many Requests from {URL} (retry after 3600 s)"


async def test_503_retried_with_backoff_then_error_with_status() -> None:
    rec = Recorder(httpx.Response(503, content=b"busy"))
    fetcher, sleep = make(rec, retries=3, backoff=1.0, max_backoff=60)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert len(rec.requests) == 4
    assert len(sleep.calls) == 3
    for attempt, delay in enumerate(sleep.calls):
        assert 0.0 <= delay <= 1.0 * 2**attempt
    assert err.status == 503
    assert err.retry_after is None
    assert str(err) == f"HTTP 503 Service Unavailable from {URL}"


async def test_backoff_is_exponential_equal_jitter_capped() -> None:
    """Issue 17 (4): equal jitter, each wait in [step / 2, step], never near zero."""

    def top(low: float, high: float) -> float:
        return high

    def bottom(low: float, high: float) -> float:
        return low

    for end, waits in ((top, [2.0, 4.0, 8.0, 10.0, 10.0]), (bottom, [1.0, 2.0, 4.0, 5.0, 5.0])):
        rec = Recorder(httpx.Response(500))
        fetcher, sleep = make(rec, retries=5, backoff=2.0, max_backoff=10.0)
        fetcher._random = end
        async with fetcher:
            await fetch_error(fetcher, URL)
        assert sleep.calls == waits, end.__name__


async def test_503_with_retry_after_exhausted_carries_retry_after() -> None:
    rec = Recorder(httpx.Response(503, headers={"Retry-After": "30"}))
    fetcher, sleep = make(rec, retries=2)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert sleep.calls == [30.0, 30.0]
    assert err.status == 503
    assert err.retry_after == 30.0


async def test_503_then_success() -> None:
    rec = Recorder(httpx.Response(502), httpx.Response(503), httpx.Response(200, content=b"ok"))
    fetcher, sleep = make(rec)
    async with fetcher:
        result = await fetcher.fetch(URL)
    assert result.content == b"ok"
    assert len(sleep.calls) == 2


async def test_408_is_retried() -> None:
    rec = Recorder(httpx.Response(408), httpx.Response(200, content=b"ok"))
    fetcher, sleep = make(rec)
    async with fetcher:
        assert (await fetcher.fetch(URL)).content == b"ok"
    assert len(sleep.calls) == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [(404, "HTTP 404 Not Found"), (403, "HTTP 403 Forbidden"), (410, "HTTP 410 Gone")],
)
async def test_4xx_not_retried(status: int, message: str) -> None:
    rec = Recorder(httpx.Response(status, content=b"nope"))
    fetcher, sleep = make(rec)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err) == f"{message} from {URL}"
    assert err.status == status
    assert len(rec.requests) == 1
    assert sleep.calls == []


async def test_retries_zero_means_one_attempt() -> None:
    rec = Recorder(httpx.Response(503))
    fetcher, sleep = make(rec, retries=0)
    async with fetcher:
        await fetch_error(fetcher, URL)
    assert len(rec.requests) == 1
    assert sleep.calls == []


# -- timeouts and connection errors -------------------------------------------------------------


async def test_read_timeout_retried_then_error() -> None:
    rec = Recorder(httpx.ReadTimeout("timed out"))
    fetcher, sleep = make(rec, retries=2)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err) == f"timed out after 30 s fetching {URL}"
    assert err.status is None
    assert len(rec.requests) == 3
    assert len(sleep.calls) == 2


async def test_connect_timeout_retried_then_error() -> None:
    rec = Recorder(httpx.ConnectTimeout("timed out"))
    fetcher, _ = make(rec, retries=1, connect_timeout=5)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err) == "timed out after 5 s connecting to example.com"
    assert len(rec.requests) == 2


async def test_timeout_then_success() -> None:
    rec = Recorder(httpx.ReadTimeout("slow"), httpx.Response(200, content=b"ok"))
    fetcher, sleep = make(rec)
    async with fetcher:
        assert (await fetcher.fetch(URL)).content == b"ok"
    assert len(sleep.calls) == 1


async def test_timeout_while_streaming_the_body_is_retried() -> None:
    async def stalls() -> AsyncIterator[bytes]:
        yield b"part"
        raise httpx.ReadTimeout("stalled")

    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return httpx.Response(200, content=stalls())
        return httpx.Response(200, content=b"whole")

    fetcher, sleep = make(handler)
    async with fetcher:
        result = await fetcher.fetch(URL)
    assert result.content == b"whole"
    assert len(sleep.calls) == 1


async def test_timeouts_configured_on_the_request() -> None:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200)

    fetcher, _ = make(handler, connect_timeout=4, read_timeout=9)
    async with fetcher:
        await fetcher.fetch(URL)
    assert seen[0]["connect"] == 4
    assert seen[0]["read"] == 9


@pytest.mark.parametrize(
    ("raised", "message", "retried"),
    [
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            "cannot connect to example.com: connection refused",
            True,
        ),
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            "cannot connect to example.com: host name not found (DNS)",
            False,
        ),
        (
            httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
            "cannot connect to example.com: DNS lookup failed (temporary failure in name resolution)",
            True,
        ),
        (
            httpx.ConnectError(
                "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate"
            ),
            "cannot connect to example.com: TLS certificate not trusted",
            False,
        ),
    ],
)
async def test_connect_errors_are_one_line(raised: Exception, message: str, retried: bool) -> None:
    rec = Recorder(raised)
    fetcher, _ = make(rec, retries=2)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err).startswith(message)
    assert len(rec.requests) == (3 if retried else 1)


async def test_connect_error_reason_read_from_the_exception_chain() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise OSError("All connection attempts failed") from ConnectionRefusedError(
                111, "Connect call failed"
            )
        except OSError as exc:
            raise httpx.ConnectError("All connection attempts failed") from exc

    fetcher, _ = make(handler, retries=0)
    async with fetcher:
        err = await fetch_error(fetcher, "http://example.com:8080/x")
    assert str(err) == "cannot connect to example.com:8080: connection refused"


async def test_read_error_and_protocol_error_are_retried_fetch_errors() -> None:
    rec = Recorder(
        httpx.ReadError("connection reset"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.Response(200, content=b"ok"),
    )
    fetcher, sleep = make(rec)
    async with fetcher:
        assert (await fetcher.fetch(URL)).content == b"ok"
    assert len(sleep.calls) == 2


async def test_no_httpx_exception_or_oserror_escapes() -> None:
    rec = Recorder(OSError(5, "Input/output error"))
    fetcher, _ = make(rec, retries=1)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert "input/output error" in str(err).lower()

    rec = Recorder(httpx.TooManyRedirects("loop"))
    fetcher, _ = make(rec)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err) == f"too many redirects fetching {URL}"

    rec = Recorder(httpx.DecodingError("bad gzip"))
    fetcher, _ = make(rec)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err).startswith("cannot decode the response")


async def test_broken_gzip_body_is_a_fetch_error() -> None:
    rec = Recorder(
        httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=_Stream([b"not gzip"]))
    )
    fetcher, _ = make(rec)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert "cannot decode" in str(err)


@pytest.mark.parametrize("source", ["http://", "https://[::1/x", "http:///path"])
async def test_invalid_urls(source: str) -> None:
    fetcher, _ = make(Recorder(httpx.Response(200)))
    async with fetcher:
        err = await fetch_error(fetcher, source)
    assert "URL" in str(err)


# -- size cap ------------------------------------------------------------------------------------


class _Stream(httpx.AsyncByteStream):
    """A response body from chunks, counting how many were read."""

    def __init__(self, chunks: list[bytes] | None = None, *, endless: bytes | None = None) -> None:
        self.chunks = chunks or []
        self.endless = endless
        self.read = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk
        while self.endless is not None:
            self.read += 1
            yield self.endless


async def test_size_cap_from_content_length_rejects_before_reading() -> None:
    body = _Stream(endless=b"x" * 1000)
    rec = Recorder(
        httpx.Response(200, headers={"Content-Length": str(30 * 1024 * 1024)}, stream=body)
    )
    fetcher, sleep = make(rec)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err) == f"response too large: over 20 MB from {URL}"
    assert body.read == 0
    assert sleep.calls == []
    assert len(rec.requests) == 1


async def test_size_cap_enforced_while_streaming_without_content_length() -> None:
    body = _Stream(endless=b"x" * 1000)
    rec = Recorder(httpx.Response(200, stream=body))
    fetcher, _ = make(rec, max_bytes=10_000)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err) == f"response too large: over 9.8 KB from {URL}"
    assert body.read <= 12  # stopped right after the cap, on an endless body


async def test_size_cap_with_an_async_generator_body() -> None:
    produced = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal produced
        while True:
            produced += 1
            yield b"y" * 4096

    rec = Recorder(lambda request: httpx.Response(200, content=endless()))
    fetcher, _ = make(rec, max_bytes=1024 * 1024)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert str(err) == f"response too large: over 1 MB from {URL}"
    assert produced <= 1024 * 1024 // 4096 + 2


async def test_size_cap_counts_decompressed_bytes() -> None:
    packed = gzip.compress(b"\0" * 200_000)
    assert len(packed) < 1000
    body = _Stream([packed[i : i + 100] for i in range(0, len(packed), 100)])
    rec = Recorder(
        httpx.Response(
            200,
            headers={"Content-Encoding": "gzip", "Content-Length": str(len(packed))},
            stream=body,
        )
    )
    fetcher, _ = make(rec, max_bytes=50_000)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert "response too large" in str(err)


async def test_gzip_body_is_decoded_and_exactly_the_cap_is_allowed() -> None:
    text = b"<html>" + b"a" * 994
    rec = Recorder(
        httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=_Stream([gzip.compress(text)])
        )
    )
    fetcher, _ = make(rec, max_bytes=1000)
    async with fetcher:
        result = await fetcher.fetch(URL)
    assert result.content == text


# -- client lifecycle ----------------------------------------------------------------------------


class _ClosingTransport(httpx.MockTransport):
    closed = False

    async def aclose(self) -> None:
        self.closed = True


async def test_client_created_lazily_and_owned_client_closed() -> None:
    transport = _ClosingTransport(lambda request: httpx.Response(200, content=b"ok"))
    fetcher = Fetcher(transport=transport)
    clients = [fetcher._client]  # nothing created before the first fetch
    await fetcher.fetch(URL)
    clients.append(fetcher._client)
    assert clients[0] is None
    assert isinstance(clients[1], httpx.AsyncClient)
    await fetcher.aclose()
    assert transport.closed
    await fetcher.aclose()  # twice is fine


async def test_injected_client_used_and_left_open() -> None:
    rec = Recorder(httpx.Response(200, content=b"ok"))
    async with httpx.AsyncClient(transport=httpx.MockTransport(rec)) as client:
        fetcher = Fetcher(client)
        result = await fetcher.fetch(URL)
        await fetcher.aclose()
        assert not client.is_closed
        assert result.content == b"ok"
        assert rec.requests[0].headers["user-agent"] == USER_AGENT


def test_client_and_transport_together_rejected() -> None:
    with pytest.raises(ValueError):
        Fetcher(httpx.AsyncClient(), transport=httpx.MockTransport(lambda r: httpx.Response(200)))


# -- files, stdin, schemes -----------------------------------------------------------------------


async def test_file_read_with_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blog.html").write_bytes(b"<html>local</html>")
    monkeypatch.chdir(tmp_path)
    async with Fetcher() as fetcher:
        result = await fetcher.fetch("blog.html")
        assert fetcher._client is None  # files never create an HTTP client
    assert result.content == b"<html>local</html>"
    assert result.url == str(tmp_path / "blog.html")
    assert result.status == 200
    assert not result.not_modified
    assert result.validators == Validators()
    assert dict(result.headers) == {}


async def test_file_url_is_read_as_a_path(tmp_path: Path) -> None:
    path = tmp_path / "with space.json"
    path.write_bytes(b"{}")
    async with Fetcher() as fetcher:
        result = await fetcher.fetch(path.as_uri())
    assert result.content == b"{}"
    assert result.url == str(path)


async def test_file_url_with_remote_host_rejected() -> None:
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, "file://server/share/x.html")
    assert "only local files" in str(err)


async def test_missing_file(tmp_path: Path) -> None:
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, str(tmp_path / "nope.html"))
    assert str(err) == f"file not found: {tmp_path / 'nope.html'}"


async def test_directory_is_not_a_file(tmp_path: Path) -> None:
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, str(tmp_path))
    assert str(err) == f"not a file: {tmp_path} is a directory"


async def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: tests may run as root, where chmod 000 does not stop reading.
    def denied(path: str, mode: str) -> Any:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(fetch_mod, "open", denied, raising=False)
    path = tmp_path / "secret.html"
    path.write_bytes(b"x")
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, str(path))
    assert str(err) == f"permission denied reading {path}"


async def test_file_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"x" * 11)
    async with Fetcher(max_bytes=10) as fetcher:
        err = await fetch_error(fetcher, str(path))
        assert str(err) == f"file too large: over 10 bytes in {path}"
        path.write_bytes(b"x" * 10)
        assert (await fetcher.fetch(str(path))).content == b"x" * 10


async def test_nul_in_path_is_a_fetch_error() -> None:
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, "bad\0name.html")
    assert "invalid file name" in str(err)


async def test_stdin_read_once_and_kept() -> None:
    stream = io.BytesIO(b'{"entries": []}')
    async with Fetcher(stdin=stream) as fetcher:
        first = await fetcher.fetch("-")
        second = await fetcher.fetch("-")
    assert first.content == second.content == b'{"entries": []}'
    assert first.url == "-"
    assert first.status == 200


async def test_stdin_size_cap() -> None:
    async with Fetcher(stdin=io.BytesIO(b"z" * 2048), max_bytes=1024) as fetcher:
        err = await fetch_error(fetcher, "-")
    assert str(err) == "input too large: over 1 KB on stdin"


async def test_stdin_closed_is_a_fetch_error() -> None:
    stream = io.BytesIO(b"x")
    stream.close()
    async with Fetcher(stdin=stream) as fetcher:
        err = await fetch_error(fetcher, "-")
    assert str(err).startswith("cannot read stdin")


@pytest.mark.parametrize(
    "source", ["ftp://example.com/blog.html", "javascript:alert(1)", "data:text/html,hi"]
)
async def test_unsupported_scheme(source: str) -> None:
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, source)
    assert str(err).startswith("unsupported URL scheme")


async def test_empty_source() -> None:
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, "")
    assert str(err).startswith("no source given")


async def test_control_characters_in_source_do_not_reach_the_message(tmp_path: Path) -> None:
    async with Fetcher() as fetcher:
        err = await fetch_error(fetcher, str(tmp_path / "x\x1b[31mred.html"))
    assert "\x1b" not in str(err)


# -- a real server on 127.0.0.1 ------------------------------------------------------------------


class _BlogHandler(BaseHTTPRequestHandler):
    etag = '"v1"'
    body = b"<html><body>live blog</body></html>"
    seen: list[dict[str, str]]

    def do_GET(self) -> None:
        self.seen.append({k.lower(): v for k, v in self.headers.items()})
        if self.headers.get("If-None-Match") == self.etag:
            self.send_response(304)
            self.send_header("ETag", self.etag)
            self.end_headers()
            return
        body = self.body
        self.send_response(200)
        self.send_header("ETag", self.etag)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def blog_server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []
    handler = type("Handler", (_BlogHandler,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/live", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


async def test_real_server_conditional_flow(blog_server: tuple[str, list[dict[str, str]]]) -> None:
    url, seen = blog_server
    async with Fetcher() as fetcher:
        first = await fetcher.fetch(url)
        second = await fetcher.fetch(url, first.validators)
    assert first.status == 200
    assert first.content == _BlogHandler.body  # gzip-decoded
    assert first.headers["content-encoding"] == "gzip"
    assert first.validators.etag == '"v1"'
    assert second.status == 304
    assert second.not_modified
    assert second.content == b""
    assert second.validators.etag == '"v1"'
    assert "if-none-match" not in seen[0]
    assert seen[1]["if-none-match"] == '"v1"'
    assert seen[0]["user-agent"] == USER_AGENT


async def test_real_connection_refused() -> None:
    with socket.socket() as sock:  # find a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sleep = FakeSleep()
    fetcher = Fetcher(retries=1, sleep=sleep)
    async with fetcher:
        err = await fetch_error(fetcher, f"http://127.0.0.1:{port}/")
    assert str(err) == f"cannot connect to 127.0.0.1:{port}: connection refused"
    assert err.transient is True
    assert len(sleep.calls) == 1


# -- one rule: FetchError.transient --------------------------------------------------------------


def _caused(cause: BaseException) -> httpx.ConnectError:
    """A ConnectError whose cause is ``cause``, as httpx raises it."""
    try:
        raise httpx.ConnectError("All connection attempts failed") from cause
    except httpx.ConnectError as err:
        return err


def _case_id(answer: object) -> str:
    if isinstance(answer, httpx.Response):
        return f"HTTP {answer.status_code}"
    if isinstance(answer, BaseException):
        cause = answer.__cause__
        return type(answer).__name__ + (f"<-{type(cause).__name__}" if cause else "")
    return getattr(answer, "__name__", "?")


def _too_large(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Length": "999999"}, content=b"")


@pytest.mark.parametrize(
    ("answer", "transient"),
    [
        # may pass: retried here, and the follow loop keeps polling
        (httpx.ConnectTimeout("slow"), True),
        (httpx.ReadTimeout("slow"), True),
        (httpx.PoolTimeout("busy"), True),
        (_caused(ConnectionRefusedError(111, "Connection refused")), True),
        (_caused(ConnectionResetError(104, "Connection reset by peer")), True),
        (_caused(OSError(errno.ENETUNREACH, "Network is unreachable")), True),
        (_caused(OSError(errno.EHOSTUNREACH, "No route to host")), True),
        (_caused(socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")), True),
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), True),
        (httpx.ProxyError("407 Proxy Authentication Required"), True),
        (httpx.ReadError("connection reset"), True),
        (httpx.WriteError("broken pipe"), True),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), True),
        (OSError(5, "Input/output error"), True),
        (httpx.Response(408), True),
        (httpx.Response(429), True),
        (httpx.Response(500), True),
        (httpx.Response(502), True),
        (httpx.Response(503), True),
        (httpx.Response(599), True),
        # will not: one attempt, and a blog never read this way is not followed
        (httpx.Response(400), False),
        (httpx.Response(401), False),
        (httpx.Response(403), False),
        (httpx.Response(404), False),
        (httpx.Response(410), False),
        (httpx.Response(451), False),
        (_caused(socket.gaierror(socket.EAI_NONAME, "Name or service not known")), False),
        (httpx.ConnectError("[Errno -2] Name or service not known"), False),
        (_caused(ssl.SSLCertVerificationError(1, "certificate verify failed")), False),
        (_caused(ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")), False),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), False),
        (httpx.TooManyRedirects("Exceeded maximum allowed redirects."), False),
        (httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'."), False),
        (httpx.DecodingError("bad gzip"), False),
        (_too_large, False),
    ],
    ids=lambda v: _case_id(v) if not isinstance(v, bool) else None,
)
async def test_transient_is_set_once_and_is_what_the_retries_follow(
    answer: httpx.Response | Exception | Handler, transient: bool
) -> None:
    rec = Recorder(answer)
    fetcher, sleep = make(rec, retries=2, max_bytes=1000)
    async with fetcher:
        err = await fetch_error(fetcher, URL)
    assert err.transient is transient, str(err)
    assert len(rec.requests) == (3 if transient else 1)
    assert len(sleep.calls) == (2 if transient else 0)


@pytest.mark.parametrize(
    "source",
    [
        "",
        "http://",
        "https://[::1/x",
        "ftp://example.com/blog.html",
        "file://server/share/x.html",
        "bad\0name.html",
        "{tmp}/nope.html",
        "{tmp}/notadir.html/x.html",
        "{tmp}",
        "{tmp}/big.html",
        "-",
    ],
)
async def test_local_and_url_failures_are_never_transient(tmp_path: Path, source: str) -> None:
    (tmp_path / "notadir.html").write_bytes(b"x")
    (tmp_path / "big.html").write_bytes(b"x" * 20)
    closed = io.BytesIO(b"x")
    closed.close()
    async with Fetcher(max_bytes=10, stdin=closed) as fetcher:
        err = await fetch_error(fetcher, source.replace("{tmp}", str(tmp_path)))
    assert err.transient is False


async def test_a_real_tls_error_is_not_transient(
    blog_server: tuple[str, list[dict[str, str]]],
) -> None:
    """https to a plain-HTTP server on 127.0.0.1: a TLS error, tried once, not transient."""
    url = blog_server[0].replace("http://", "https://")
    sleep = FakeSleep()
    async with Fetcher(retries=2, sleep=sleep) as fetcher:
        err = await fetch_error(fetcher, url)
    assert "TLS" in str(err)
    assert err.transient is False
    assert sleep.calls == []
