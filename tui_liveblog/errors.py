"""Errors the engine raises: each carries one clear line for the user, never a traceback."""

from __future__ import annotations


class LiveblogError(Exception):
    """Base class: ``str(err)`` is a one-line message fit for stderr or the UI."""


class FetchError(LiveblogError):
    """The source could not be fetched (network, HTTP status, size cap, missing file)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None
    ):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class ParseError(LiveblogError):
    """The document was fetched but holds no live blog this program can read."""


class CacheError(LiveblogError):
    """The local cache could not be used."""
