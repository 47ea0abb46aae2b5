"""What a blog's retrieval remembers between fetches (and between runs, in the cache).

:class:`Hints` is typed end to end: a source's ``parse`` returns one in its
:class:`~tui_liveblog.model.Snapshot` (the cursors it read), :mod:`tui_liveblog.retrieve` merges
it into the blog's hints by the rule of :meth:`Hints.merged`, the source's ``poll_url`` and
``older_url`` read it back, and the cache keeps it as a JSON record (:meth:`Hints.to_record`,
:meth:`Hints.from_record`, which reads any JSON without failing: a cache written by another
version, or damaged, gives empty or partial hints, never an error).

Fields set by sources:

``newer``
    The cursor ``poll_url`` needs (the newest id or time seen). An empty poll gives none, and
    the old one is kept.
``older``
    The cursor ``older_url`` needs for the page before the oldest entry held.
``older_end``
    In a parse: this document reaches back to the blog's first entry (there is no page before
    it). In the kept hints: paging back reached the first entry, for good.
``refresh_interval``
    Seconds the source asks polls to be apart (never faster than the user's interval).
``cursors``
    Anything else a source needs to remember: a flat mapping of JSON scalars.

Fields set by the retriever: ``kind`` (the source that read the blog last), ``discovered`` (the
API a page pointed to, kept without credentials) and ``page`` (the page that pointed to it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Cursor = str | int
Scalar = str | int | float | bool
Mode = Literal["full", "poll", "older"]

_MAX_TEXT = 4096  # a cursor, URL or title longer than this in a cache record is not kept


@dataclass(frozen=True, slots=True)
class PageRef:
    """The page that embeds a blog's API: its URL and its own title."""

    url: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Hints:
    """Cursors and settings a blog's retrieval keeps (see the module docstring)."""

    newer: Cursor | None = None
    older: Cursor | None = None
    older_end: bool = False
    refresh_interval: float | None = None
    kind: str | None = None
    discovered: str | None = None
    page: PageRef | None = None
    cursors: Mapping[str, Scalar] = field(default_factory=dict)

    def merged(self, new: Hints, mode: Mode) -> Hints:
        """The hints to keep after a retrieval in ``mode`` brought ``new``.

        - ``newer`` moves with full fetches and polls, never with an older page; an empty poll
          (no ``newer``) keeps the old one.
        - ``older`` is set by a full fetch until one gives a cursor, then only by older pages;
          an older page that reaches the first entry (``older_end``) ends paging for good. A
          full fetch's ``older_end`` ends nothing: a short thread that grows later gets its
          cursor from a later full fetch.
        - every other field is replaced when ``new`` sets it; ``cursors`` key by key.
        """
        newer = self.newer
        if new.newer is not None and mode != "older":
            newer = new.newer
        older, older_end = self.older, self.older_end
        if mode == "older":
            if new.older_end:
                older, older_end = None, True
            elif new.older is not None:
                older = new.older
        elif mode == "full" and older is None and not older_end and new.older is not None:
            older = new.older
        return Hints(
            newer=newer,
            older=older,
            older_end=older_end,
            refresh_interval=(
                new.refresh_interval if new.refresh_interval is not None else self.refresh_interval
            ),
            kind=new.kind if new.kind is not None else self.kind,
            discovered=new.discovered if new.discovered is not None else self.discovered,
            page=new.page if new.page is not None else self.page,
            cursors={**self.cursors, **new.cursors},
        )

    # -- the cache's record ---------------------------------------------------------------------

    def to_record(self) -> dict[str, object]:
        """A JSON-able dict of the fields that are set (what the cache stores)."""
        out: dict[str, object] = {}
        for name in ("newer", "older", "refresh_interval", "kind", "discovered"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.older_end:
            out["older_end"] = True
        if self.page is not None:
            out["page"] = {"url": self.page.url, "title": self.page.title}
        if self.cursors:
            out["cursors"] = dict(self.cursors)
        return out

    @classmethod
    def from_record(cls, record: object) -> Hints:
        """Hints from a cache record; a value of the wrong type is dropped, never an error."""
        if not isinstance(record, Mapping):
            return cls()
        page = record.get("page")
        ref = None
        if isinstance(page, Mapping) and _text(page.get("url")):
            ref = PageRef(str(page["url"]), _text(page.get("title")))
        cursors = record.get("cursors")
        return cls(
            newer=_cursor(record.get("newer")),
            older=_cursor(record.get("older")),
            older_end=record.get("older_end") is True,
            refresh_interval=_seconds(record.get("refresh_interval")),
            kind=_text(record.get("kind")),
            discovered=_text(record.get("discovered")),
            page=ref,
            cursors=(
                {k: v for k, v in cursors.items() if isinstance(k, str) and _scalar(v)}
                if isinstance(cursors, Mapping)
                else {}
            ),
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= _MAX_TEXT else None


def _cursor(value: object) -> Cursor | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return _text(value)


def _seconds(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _scalar(value: object) -> bool:
    if isinstance(value, str):
        return len(value) <= _MAX_TEXT
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int | bool)
