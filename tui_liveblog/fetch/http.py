"""Small HTTP helpers for :mod:`.client`: validators fit to send back, HTTP dates,
``Content-Length`` and response headers. httpx is named for typing only, never imported here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


def _header_safe(value: str | None) -> str | None:
    """A validator fit to send back in a header (visible Latin-1, bounded), else None."""
    if not value:
        return None
    value = value.strip()
    if not value or len(value) > 4096:
        return None
    if any(not (" " <= c <= "~" or "\xa0" <= c <= "\xff" or c == "\t") for c in value):
        return None
    return value


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def _content_length(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.split(",")[0].strip()
    return int(value) if value.isdigit() else None


def _lower_headers(headers: httpx.Headers) -> Mapping[str, str]:
    return MappingProxyType({name.lower(): value for name, value in headers.items()})
