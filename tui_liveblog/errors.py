"""Errors the engine raises: each carries one clear line for the user, never a traceback."""

from __future__ import annotations


class LiveblogError(Exception):
    """Base class: ``str(err)`` is a one-line message fit for stderr or the UI."""


class FetchError(LiveblogError):
    """The source could not be fetched (network, HTTP status, size cap, missing file).

    ``transient`` says whether the same request may work a little later: a timeout, a refused,
    reset or unreachable connection, a temporary DNS failure, a proxy or protocol error, HTTP
    408, 429 and 5xx. It is decided once, where the fetch layer makes the error, and read by
    everything that asks "is this error temporary" (the fetch layer's retries, the follow
    loop, a refused poll). Everything else is permanent: another 4xx, a host name that does
    not exist, a TLS error, too many redirects, a bad URL, the size cap, every file and stdin
    error, and any FetchError made outside the fetch layer (no API key, not in the cache).
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status: int | None = None,
        transient: bool = False,
        unreachable: bool = False,
        short: str | None = None,
    ):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status
        self.transient = transient
        self.unreachable = unreachable  # no answer came (connection, timeout, network trouble)
        self.short = short  # the error in a few words ("connection refused"), if it has them


class ParseError(LiveblogError):
    """The document was fetched but holds no live blog this program can read."""


class CacheError(LiveblogError):
    """The local cache could not be used."""


def short_message(error: LiveblogError) -> str:
    """The error in a few words, for a narrow status line (the full message goes elsewhere):
    ``connection refused``, ``HTTP 503``, ``unreadable page``… or the message itself when it
    has no shorter form."""
    if isinstance(error, FetchError):
        if error.short:
            return error.short
        if error.status is not None and error.status >= 400:
            return f"HTTP {error.status}"
    elif isinstance(error, ParseError):
        return "unreadable page"
    elif isinstance(error, CacheError):
        return "cache error"
    return str(error)


class UsageError(Exception):
    """Bad usage (an unknown option, a bad value): exit status 2 with one line on stderr."""


EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C during a one-shot command: not a success
