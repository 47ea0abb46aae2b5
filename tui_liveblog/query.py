"""Selecting entries: keyword filters, ``--since``, ``--limit``; shared by the CLI and the reader."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from tui_liveblog.dates import parse_iso
from tui_liveblog.filter_query import FilterQuery, haystack, matches, parse_filter
from tui_liveblog.fold import fold_words
from tui_liveblog.model import Entry, sort_entries

__all__ = ["FilterQuery", "Matcher", "filter_words", "haystack", "parse_filter", "select"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d|w)\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "w": 604800}


def filter_words(query: str | None) -> tuple[str, ...]:
    """Split text into folded words, each one a plain word of the filter language."""
    return fold_words(query)


@dataclass(slots=True)
class Matcher:
    """A filter (:mod:`tui_liveblog.filter_query`) as a test of entries."""

    query: FilterQuery

    def __call__(self, entry: Entry) -> bool:
        return matches(self.query, entry)


def _rest(query: FilterQuery) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return query.authors, query.not_words, query.not_authors


def parse_since(value: str, now: datetime | None = None, tz: tzinfo | None = None) -> datetime:
    """``--since``: an ISO 8601 time or a duration ago (``90m``, ``2h``, ``3d``). Raises ValueError.

    A time without a zone is the reader's wall-clock time: in ``tz`` (``--tz``), else the
    system's local zone, as the times ``dump`` prints are."""
    m = _DURATION.match(value)
    if m:
        seconds = float(m.group(1)) * _UNITS[m.group(2).lower()]
        try:
            return (now or datetime.now(UTC)) - timedelta(seconds=seconds)
        except OverflowError:  # "99999999d": before year 1, so everything is since then
            return datetime.min.replace(tzinfo=UTC)
    zone = tz if tz is not None else datetime.now().astimezone().tzinfo or UTC
    dt = parse_iso(value, zone)
    if dt is None:
        raise ValueError(
            f"--since: {value!r} is neither an ISO 8601 time nor a duration like 90m, 2h, 3d"
        )
    return dt


def select(
    entries: Iterable[Entry],
    *,
    words: Sequence[str] = (),
    query: FilterQuery | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    oldest_first: bool = False,
) -> list[Entry]:
    """Filter, keep the newest ``limit``, then order (newest first unless ``oldest_first``).

    ``query``: a parsed filter; ``words``: plain words that must all match as well."""
    base = query or FilterQuery()
    matcher = Matcher(FilterQuery(tuple(dict.fromkeys((*base.words, *words))), *_rest(base)))
    chosen = [
        e
        for e in entries
        if matcher(e) and (since is None or (e.published is not None and e.published >= since))
    ]
    ordered = sort_entries(chosen)
    if limit is not None:
        ordered = ordered[: max(limit, 0)]
    if oldest_first:
        dated = [e for e in ordered if e.published is not None]
        undated = [e for e in ordered if e.published is None]
        ordered = dated[::-1] + undated
    return ordered
