"""JSON-LD field helpers: strings, text values, page URLs, dates, one-line names, and the
per-parse memo of dates and authors. Part of :mod:`tui_liveblog.sources.jsonld`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from tui_liveblog import dates
from tui_liveblog.content import inline_text
from tui_liveblog.sanitize import clean_line

_FULL_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})\Z")


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                return item
    if isinstance(value, dict):
        for key in ("@id", "url"):
            inner = value.get(key)
            if isinstance(inner, str):
                return inner
    return None


def _text_value(value: Any) -> str | None:
    """A text property as one string (a list of strings is joined as paragraphs)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [v for v in value if isinstance(v, str)]
        return "\n\n".join(parts) if parts else None
    return None


def _norm(value: str | None) -> str:
    return " ".join(value.split()).casefold() if value else ""


def _names_page(value: str, page_keys: set[str]) -> bool:
    """Is this URL the page itself (no fragment of its own)?"""
    if 0 <= value.rfind("#") < len(value) - 1:  # a fragment of its own
        return False
    return _page_key(value) in page_keys


def _page_key(url: str | None) -> str:
    """A URL without fragment and trailing slash, for 'is this the page itself?'."""
    if not url:
        return ""
    return url.split("#", 1)[0].rstrip("/").lower()


def _parse_date(value: str) -> datetime | None:
    """:func:`dates.parse_any`, with a C fast path for the usual full ISO 8601 form."""
    m = _FULL_ISO.match(value)
    if m:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return dates.parse_any(value)
        if parsed.microsecond and value.isascii():
            # cut to the second: read again without the fraction (datetime.replace costs more)
            parsed = datetime.fromisoformat(value[: m.start(1)] + value[m.end(1) :])
        if parsed.tzinfo is not UTC:
            try:
                parsed = parsed.astimezone(UTC)
            except OverflowError:  # year 1 with a positive offset, 9999 with a negative one
                return None
        if parsed.microsecond:
            parsed = parsed.replace(microsecond=0)
        return parsed if 1970 <= parsed.year <= 2200 else None
    return dates.parse_any(value)


_MISSING: Any = object()


class _Memo:
    """Per-parse caches: publishers repeat the same author objects and timestamps.

    (Lookups use ``dict.get`` with a sentinel: a miss is the usual case for timestamps, every
    update having its own, and raising KeyError for each cost ~0.3 us.)
    """

    def __init__(self) -> None:
        self.dates: dict[str, datetime | None] = {}
        self.names: dict[str, str | None] = {}
        self.author_lists: dict[tuple[Any, ...], tuple[str, ...]] = {}

    def date(self, value: Any) -> datetime | None:
        if not isinstance(value, str):
            return dates.parse_any(value) if isinstance(value, int | float) else None
        parsed = self.dates.get(value, _MISSING)
        if parsed is _MISSING:
            parsed = self.dates[value] = _parse_date(value)
        return parsed  # type: ignore[no-any-return]

    def name(self, value: str) -> str | None:
        cleaned = self.names.get(value, _MISSING)
        if cleaned is _MISSING:
            cleaned = self.names[value] = _line(value)
        return cleaned  # type: ignore[no-any-return]

    def authors(self, value: Any) -> tuple[str, ...]:
        """Names from a string, a Person/Organization object, or a list of either."""
        items = value if isinstance(value, list) else [value]
        # publishers repeat the same author list in every update: key on the raw names
        raw_names = tuple([item.get("name") if isinstance(item, dict) else item for item in items])
        try:
            out = self.author_lists.get(raw_names)
        except TypeError:  # a name that is a list or an object
            return self._authors(raw_names)
        if out is None:
            out = self.author_lists[raw_names] = self._authors(raw_names)
        return out

    def _authors(self, raw_names: tuple[Any, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for raw in raw_names:
            if isinstance(raw, list):
                raw = next((r for r in raw if isinstance(r, str)), None)
            if isinstance(raw, str):
                name = self.name(raw)
                if name and name not in out:
                    out.append(name)
        return tuple(out)


def _tidy(value: str) -> bool:
    """No control, bidi or odd whitespace characters, no double or edge spaces?

    ``str.isprintable`` is false for every character :func:`clean_text` removes (C0, C1, bidi
    controls are "Other") and for every whitespace but the ASCII space ("Separator").
    """
    return value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " "


def _clean_id(value: str) -> str | None:
    """:func:`clean_line`, skipped when it would change nothing."""
    if _tidy(value):
        return value or None
    return clean_line(value) or None


def _line(value: str) -> str | None:
    """:func:`inline_text`, skipped when it would change nothing."""
    if _tidy(value) and "&" not in value and "<" not in value:
        return value or None
    return inline_text(value)
