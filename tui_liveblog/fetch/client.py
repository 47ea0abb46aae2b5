"""Fetch a source's bytes: http(s) URLs through one shared ``httpx.AsyncClient``, files, stdin.

Every failure becomes a :class:`~tui_liveblog.errors.FetchError` with one line for the user; no
httpx exception or ``OSError`` escapes. HTTP requests are conditional (ETag / Last-Modified), so
a 304 is a cheap "nothing new"; responses are capped in size while they stream in (decompressed
bytes count); a failure that may pass (``FetchError.transient``: connection trouble, timeouts,
408, 429 and 5xx) is retried politely (:mod:`.backoff`: equal jitter, never sooner than a second,
never sooner than the refresh interval after a 429, ``Retry-After`` honoured). A 429 or 503 is
retried here only by a fetcher that ``wait_busy`` (``dump``); a follow loop is handed it at once,
waits it out itself and says so. Every fetch, its retries included, ends within ``deadline``
seconds: a server that sends its answer a byte at a time holds nobody forever.

A compressed body is inflated a piece at a time (:mod:`.decode`), so that a gzip bomb (a small
body that inflates to gigabytes) is stopped by the cap, within a piece of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import random
import re
import sys
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO, Self
from urllib.parse import urlsplit

from tui_liveblog import __version__
from tui_liveblog.errors import FetchError
from tui_liveblog.fetch.backoff import BUSY, parse_retry_after, retry_wait
from tui_liveblog.fetch.decode import ACCEPT_ENCODING, BodyDecoder, DecodeError
from tui_liveblog.fetch.http import _content_length, _header_safe, _lower_headers
from tui_liveblog.fetch.local import _read_capped, _TooLarge
from tui_liveblog.fetch.local import is_url as is_url
from tui_liveblog.fetch.messages import MB as MB
from tui_liveblog.fetch.messages import (
    _connect_reason,
    _host_of,
    _protocol_reason,
    _secs,
    _short,
    _size_text,
)
from tui_liveblog.sanitize import clean_line, redact_url

if TYPE_CHECKING:
    import httpx

# httpx (and ssl with it) is imported on first use, not with this module: the reader paints its
# first screen from the cache before any request is made, and every millisecond of start-up counts.

__all__ = ["USER_AGENT", "FetchResult", "Fetcher", "Validators", "is_url"]

USER_AGENT = f"tui-liveblog/{__version__} (+https://github.com/tui-liveblog/tui-liveblog)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/json;q=0.9,application/ld+json;q=0.9,"
    "application/rss+xml;q=0.9,application/atom+xml;q=0.9,application/xml;q=0.9,text/xml;q=0.9,"
    "text/plain;q=0.8,*/*;q=0.5"
)
# Longest Retry-After we pass on to the caller (a hostile server could ask for years).
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_EMPTY_HEADERS: Mapping[str, str] = MappingProxyType({})
DEFAULT_DEADLINE = 60.0  # seconds a fetch may take, its retries included


class _Overdue(Exception):
    """A fetch's deadline passed while a request was under way (made a FetchError by the loop)."""


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP cache validators, sent back as ``If-None-Match`` / ``If-Modified-Since``."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch produced."""

    url: str  # final URL after redirects, or a file's absolute path, or "-" for stdin
    status: int  # 200 or 304 (files and stdin: 200)
    content: bytes  # b"" when not_modified
    headers: Mapping[str, str]  # lower-cased names; empty for files and stdin
    validators: Validators
    not_modified: bool
    elapsed: float  # seconds, the whole fetch including retries
    # when (time.time()) the request this answers was sent (its last attempt); 0 for files, stdin
    requested_at: float = 0.0


async def _body(response: httpx.Response) -> AsyncGenerator[bytes, None]:
    """The body's bytes as they come, decoded a piece at a time (:mod:`.decode`)."""
    if response.is_stream_consumed:  # (made in memory, read and decoded: a test's transport)
        yield response.content
        return
    decoder = BodyDecoder(response.headers.get("content-encoding"))
    async for raw in response.aiter_raw():
        for piece in decoder.decode(raw):
            yield piece


class Fetcher:
    """Fetches URLs, files and stdin. One per process; ``aclose`` it (or use ``async with``).

    ``client`` is used as given and never closed here; otherwise a client is created on first
    use (with ``transport`` if given, e.g. ``httpx.MockTransport`` in tests) and closed by
    :meth:`aclose`. ``sleep`` is awaited between retries (inject a fake in tests); ``log``
    receives one line per HTTP request, response, redirect and retry (``--debug``).

    ``deadline``: seconds one :meth:`fetch` may take, retries included (None: no limit); a
    retry that would come after it is not made. ``wait_busy``: retry a 429 or 503 here (a
    one-shot command), rather than hand it back at once to a follow loop that waits it out
    and says so. ``rate_floor``: the least wait after a 429 (the refresh interval).
    ``clock`` (monotonic seconds) measures the deadline: a seam for tests, as ``sleep`` is.
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_bytes: int = 20 * MB,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 2.0,
        max_backoff: float = 60.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        log: Callable[[str], None] | None = None,
        stdin: BinaryIO | None = None,
        deadline: float | None = DEFAULT_DEADLINE,
        wait_busy: bool = True,
        rate_floor: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if client is not None and transport is not None:
            raise ValueError("pass either client or transport, not both")
        if max_bytes < 1:
            raise ValueError("max_bytes must be positive")
        if deadline is not None and not deadline > 0:
            raise ValueError("deadline must be positive (or None)")
        self._client = client
        self._owns_client = client is None
        self._transport = transport
        self.max_bytes = max_bytes
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.retries = max(0, retries)
        self.backoff = max(0.0, backoff)
        self.max_backoff = max(0.0, max_backoff)
        self._sleep = sleep
        self._log_cb = log
        self._stdin = stdin
        self._stdin_data: bytes | None = None
        self._timeout: Any = None  # httpx.Timeout, built with the client
        self._random: Callable[[float, float], float] = random.uniform
        self.deadline = deadline
        self.wait_busy = wait_busy
        self.rate_floor = rate_floor
        self._clock = clock

    # -- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client if this fetcher created it (an injected client is left open)."""
        if self._client is not None and self._owns_client:
            client, self._client = self._client, None
            await client.aclose()

    def _get_client(self) -> httpx.AsyncClient:
        import httpx

        if self._timeout is None:
            self._timeout = httpx.Timeout(self.read_timeout, connect=self.connect_timeout)
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=self._timeout,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": ACCEPT,
                    "Accept-Encoding": ACCEPT_ENCODING,  # (what .decode undoes under the cap)
                },
                follow_redirects=True,
                max_redirects=10,
                trust_env=True,
            )
            self._owns_client = True
        return self._client

    def _log(self, line: str) -> None:
        if self._log_cb is not None:
            self._log_cb(line)

    # -- entry point -------------------------------------------------------------------------

    async def fetch(self, source: str, validators: Validators | None = None) -> FetchResult:
        """Fetch an http(s) URL, a file path, a ``file://`` URL or ``-`` (stdin).

        Raises FetchError (one line) on every failure.
        """
        start = time.monotonic()
        if not source or not source.strip():
            raise FetchError("no source given: expected an http(s) URL, a file path or -")
        if source == "-":
            data = await self._read_stdin()
            return self._local_result("-", data, start)
        if is_url(source):
            return await self._fetch_http(source.strip(), validators, start)
        m = _SCHEME.match(source)
        if m and not os.path.lexists(source):
            scheme = m.group(1).lower()
            if scheme == "file":
                path = self._file_url_path(source)
                data = await self._read_file(path)
                return self._local_result(path, data, start)
            if scheme in ("http", "https"):
                raise FetchError(f"invalid URL {clean_line(source)!r}: no host name")
            raise FetchError(
                f"unsupported URL scheme {clean_line(scheme)}: in {clean_line(source)[:200]!r}"
                " (expected an http(s) URL, a file path or -)"
            )
        path = os.path.abspath(source)
        data = await self._read_file(path)
        return self._local_result(path, data, start)

    # -- files and stdin ---------------------------------------------------------------------

    def _local_result(self, url: str, data: bytes, start: float) -> FetchResult:
        return FetchResult(
            url=url,
            status=200,
            content=data,
            headers=_EMPTY_HEADERS,
            validators=Validators(),
            not_modified=False,
            elapsed=time.monotonic() - start,
        )

    @staticmethod
    def _file_url_path(source: str) -> str:
        try:
            parts = urlsplit(source)
        except ValueError:
            raise FetchError(f"invalid file URL {clean_line(source)!r}") from None
        if parts.netloc not in ("", "localhost"):
            raise FetchError(
                f"file URL names another host ({clean_line(parts.netloc)}): only local files "
                "can be read"
            )
        from urllib.request import url2pathname  # (urllib.request: ~8 ms not spent at start-up)

        return os.path.abspath(url2pathname(parts.path))

    async def _read_file(self, path: str) -> bytes:
        shown = clean_line(path)
        try:
            data = await asyncio.to_thread(self._read_file_sync, path)
        except _TooLarge:
            raise FetchError(
                f"file too large: over {_size_text(self.max_bytes)} in {shown}"
            ) from None
        except FileNotFoundError:
            raise FetchError(f"file not found: {shown}") from None
        except IsADirectoryError:
            raise FetchError(f"not a file: {shown} is a directory") from None
        except PermissionError:
            raise FetchError(f"permission denied reading {shown}") from None
        except NotADirectoryError:
            raise FetchError(f"file not found: {shown} (a parent is not a directory)") from None
        except OSError as exc:
            reason = clean_line(exc.strerror or str(exc)).lower() or "read error"
            raise FetchError(f"cannot read {shown}: {reason}") from None
        except ValueError:  # embedded NUL and the like
            raise FetchError(f"invalid file name: {shown!r}") from None
        self._log(f"read {shown} ({len(data)} bytes)")
        return data

    def _read_file_sync(self, path: str) -> bytes:
        with open(path, "rb") as f:
            if os.path.isdir(path):
                raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
            try:
                size = os.fstat(f.fileno()).st_size
            except (OSError, ValueError, AttributeError):
                size = 0
            if size > self.max_bytes:
                raise _TooLarge
            return _read_capped(f, self.max_bytes)

    async def _read_stdin(self) -> bytes:
        """stdin is read once; later fetches of ``-`` return the same bytes (nothing new)."""
        if self._stdin_data is not None:
            return self._stdin_data
        stream: BinaryIO | None = self._stdin
        if stream is None:
            stream = getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None
        if stream is None:
            raise FetchError("cannot read stdin: it is closed")
        try:
            data = await asyncio.to_thread(_read_capped, stream, self.max_bytes)
        except _TooLarge:
            raise FetchError(
                f"input too large: over {_size_text(self.max_bytes)} on stdin"
            ) from None
        except (OSError, ValueError) as exc:
            reason = clean_line(str(exc)).lower() or "read error"
            raise FetchError(f"cannot read stdin: {reason}") from None
        self._log(f"read stdin ({len(data)} bytes)")
        self._stdin_data = data
        return data

    # -- HTTP --------------------------------------------------------------------------------

    async def _fetch_http(
        self, source: str, validators: Validators | None, start: float
    ) -> FetchResult:
        import httpx

        try:
            url = httpx.URL(source)
        except (httpx.InvalidURL, ValueError, TypeError) as exc:
            raise FetchError(
                f"invalid URL {redact_url(source)!r}: {clean_line(str(exc))}"
            ) from None
        if not url.host:
            raise FetchError(f"invalid URL {redact_url(source)!r}: no host name")

        headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
        etag = _header_safe(validators.etag) if validators else None
        modified = _header_safe(validators.last_modified) if validators else None
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        sent = Validators(etag, modified)

        client = self._get_client()
        due = None if self.deadline is None else self._clock() + self.deadline
        attempt = 0
        while True:
            try:
                return await self._attempt_by(due, client, url, headers, sent, start)
            except _Overdue:
                assert self.deadline is not None
                secs = _secs(self.deadline)
                self._log(f"no complete answer in {secs} s: giving up")
                raise FetchError(
                    f"no complete answer from {_host_of(url)} in {secs} s",
                    transient=True,
                    unreachable=True,
                    short=f"no complete answer in {secs} s",
                ) from None
            except FetchError as error:
                if not error.transient or attempt >= self.retries:
                    raise
                if error.status in BUSY and not self.wait_busy:
                    raise  # (the follow loop waits it out, and says so)
                if error.retry_after is not None and error.retry_after > self.max_backoff:
                    self._log(f"giving up: server asks to wait {_secs(error.retry_after)} s")
                    raise
                wait = retry_wait(
                    attempt,
                    status=error.status,
                    retry_after=error.retry_after,
                    base=self.backoff,
                    cap=self.max_backoff,
                    rate_floor=self.rate_floor,
                    rand=self._random,
                )
                if due is not None and self._clock() + wait >= due:
                    self._log(f"giving up: a retry in {wait:.2f} s would come after the deadline")
                    raise
                attempt += 1
                self._log(f"retry {attempt}/{self.retries} in {wait:.2f} s: {error}")
                await self._sleep(wait)

    async def _attempt_by(
        self,
        due: float | None,
        client: httpx.AsyncClient,
        url: httpx.URL,
        headers: dict[str, str],
        sent: Validators,
        start: float,
    ) -> FetchResult:
        """One attempt, cut short (:class:`_Overdue`) when the deadline ``due`` passes."""
        if due is None:
            return await self._attempt(client, url, headers, sent, start)
        try:
            async with asyncio.timeout(max(due - self._clock(), 0.0)):
                return await self._attempt(client, url, headers, sent, start)
        except TimeoutError:  # (the timeout's own: _attempt turns every other error into ours)
            raise _Overdue from None

    async def _attempt(
        self,
        client: httpx.AsyncClient,
        url: httpx.URL,
        headers: dict[str, str],
        sent: Validators,
        start: float,
    ) -> FetchResult:
        import httpx

        shown = redact_url(str(url))
        host = _host_of(url)
        conditional = "".join(
            f" [{name}: {clean_line(value)}]"
            for name, value in (
                ("If-None-Match", sent.etag),
                ("If-Modified-Since", sent.last_modified),
            )
            if value
        )
        self._log(f"GET {shown}{conditional}")
        t0 = time.monotonic()
        sent_at = time.time()
        try:
            async with client.stream(
                "GET", url, headers=headers, follow_redirects=True, timeout=self._timeout
            ) as response:
                for hop in response.history:
                    location = redact_url(hop.headers.get("location", ""))
                    self._log(f"{hop.status_code} {redact_url(str(hop.url))} -> {location}")
                result = await self._handle(response, sent, start, t0)
                return replace(result, requested_at=sent_at)
        except httpx.ConnectTimeout:
            raise FetchError(
                f"timed out after {_secs(self.connect_timeout)} s connecting to {host}",
                transient=True,
                unreachable=True,
                short="timed out",
            ) from None
        except httpx.TimeoutException:
            raise FetchError(
                f"timed out after {_secs(self.read_timeout)} s fetching {shown}",
                transient=True,
                unreachable=True,
                short="timed out",
            ) from None
        except httpx.ConnectError as exc:
            reason, transient = _connect_reason(exc)
            raise FetchError(
                f"cannot connect to {host}: {reason}",
                transient=transient,
                unreachable=True,
                short=reason.split(" (", 1)[0],
            ) from None
        except httpx.ProxyError as exc:
            raise FetchError(
                f"proxy error fetching {shown}: {_short(exc)}",
                transient=True,
                unreachable=True,
                short="proxy error",
            ) from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            reason, short = _protocol_reason(exc)
            raise FetchError(
                f"connection to {host} failed while fetching {shown}: {reason}",
                transient=True,
                unreachable=True,
                short=short,
            ) from None
        except httpx.TooManyRedirects:
            raise FetchError(
                f"too many redirects fetching {shown}", short="too many redirects"
            ) from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(
                f"cannot fetch {shown}: redirected to an unsupported URL ({_short(exc)})",
                short="unsupported redirect",
            ) from None
        except httpx.DecodingError as exc:
            raise FetchError(f"cannot decode the response from {shown}: {_short(exc)}") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            raise FetchError(f"request to {shown} failed: {_short(exc)}") from None
        except OSError as exc:  # a socket error httpx did not wrap: network trouble
            raise FetchError(
                f"cannot fetch {shown}: {_short(exc)}",
                transient=True,
                unreachable=True,
                short="network error",
            ) from None

    async def _handle(
        self, response: httpx.Response, sent: Validators, start: float, t0: float
    ) -> FetchResult:
        import httpx

        final = str(response.url)
        shown = redact_url(final)
        status = response.status_code
        phrase = httpx.codes.get_reason_phrase(status) or clean_line(response.reason_phrase)
        status_text = f"{status} {phrase}".strip()
        got = response.headers

        if response.url.scheme not in ("http", "https"):  # a transport that let it through
            raise FetchError(
                f"cannot fetch {shown}: redirected to an unsupported URL",
                short="unsupported redirect",
            )
        if status == 304:
            self._log(f"{status_text} {shown} ({time.monotonic() - t0:.2f} s)")
            return FetchResult(
                url=final,
                status=304,
                content=b"",
                headers=_lower_headers(got),
                validators=Validators(
                    etag=_header_safe(got.get("etag")) or sent.etag,
                    last_modified=_header_safe(got.get("last-modified")) or sent.last_modified,
                ),
                not_modified=True,
                elapsed=time.monotonic() - start,
            )
        if status == 408 or status == 429 or 500 <= status <= 599:
            wait = parse_retry_after(got.get("retry-after"), got.get("date"))
            self._log(
                f"{status_text} {shown}"
                + (
                    f" (Retry-After: {clean_line(got.get('retry-after', ''))})"
                    if wait is not None
                    else ""
                )
            )
            message = f"HTTP {status_text} from {shown}"
            if wait is not None:
                message += f" (retry after {_secs(wait)} s)"
            raise FetchError(message, status=status, retry_after=wait, transient=True)
        if not 200 <= status <= 299:
            self._log(f"{status_text} {shown}")
            raise FetchError(f"HTTP {status_text} from {shown}", status=status)

        too_large = FetchError(
            f"response too large: over {_size_text(self.max_bytes)} from {shown}",
            status=status,
            short="response too large",
        )
        length = _content_length(got.get("content-length"))
        if length is not None and length > self.max_bytes:
            self._log(f"{status_text} {shown} (Content-Length {length}: over the cap)")
            raise too_large
        chunks: list[bytes] = []
        size = 0
        try:
            async with contextlib.aclosing(_body(response)) as body:
                async for chunk in body:  # (a piece at a time: a gzip bomb stops here)
                    size += len(chunk)
                    if size > self.max_bytes:
                        self._log(f"{status_text} {shown} (over {self.max_bytes} bytes: stopped)")
                        raise too_large
                    chunks.append(chunk)
        except DecodeError as exc:
            raise FetchError(f"cannot decode the response from {shown}: {exc}") from None
        content = b"".join(chunks)
        self._log(f"{status_text} {shown} ({size} bytes, {time.monotonic() - t0:.2f} s)")
        return FetchResult(
            url=final,
            status=status,
            content=content,
            headers=_lower_headers(got),
            validators=Validators(
                etag=_header_safe(got.get("etag")),
                last_modified=_header_safe(got.get("last-modified")),
            ),
            not_modified=False,
            elapsed=time.monotonic() - start,
        )
