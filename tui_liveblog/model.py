"""The normalized timeline model every source parses into.

Frozen dataclasses only: no I/O, no Textual, no Rich. Times are timezone-aware UTC.
Text fields have already been sanitised by :mod:`tui_liveblog.sanitize` when a model
object is built by a source, so consumers may trust them to hold no control sequences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from tui_liveblog.hints import Hints

MediaKind = Literal["image", "video", "tweet", "embed", "audio"]
MEDIA_KINDS: frozenset[str] = frozenset({"image", "video", "tweet", "embed", "audio"})

BlockKind = Literal["p", "h", "ul", "ol", "quote", "pre", "media", "hr"]

SOURCE_KINDS = (
    "jsonld",
    "guardian",
    "reddit",
    "scribblelive",
    "sourcefabric",
    "wordpress",
    "feed",
    "html",
    "text",
)


@dataclass(frozen=True, slots=True)
class Media:
    """An image, video, tweet, embed or audio clip attached to an entry."""

    kind: MediaKind
    url: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text with one style; ``href`` is set for links (http/https/mailto only)."""

    text: str
    href: str | None = None
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an entry's structured body.

    - ``p``, ``h`` (``level`` 1–6), ``quote``, ``pre``: ``spans`` hold the text
      (a quote's paragraphs are separated by a ``"\\n"`` span);
    - ``ul``/``ol``: ``items`` hold one tuple of spans per list item;
    - ``media``: ``media`` is set, ``spans`` may hold a caption;
    - ``hr``: nothing.
    """

    kind: BlockKind
    spans: tuple[Span, ...] = ()
    items: tuple[tuple[Span, ...], ...] = ()
    level: int = 0
    media: Media | None = None


Blocks = tuple[Block, ...]
# An entry's body: built blocks, or blocks that build themselves when first read (a source keeps
# the sanitised markup: tui_liveblog.content.deferred.DeferredBody). Either reads as a sequence.
Body = Sequence[Block]


@dataclass(frozen=True, slots=True)
class Entry:
    """One live-blog update."""

    id: str
    published: datetime | None = None
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    title: str | None = None
    body: Body = ()
    text: str = ""
    url: str | None = None
    links: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()
    pinned: bool = False
    key_event: bool = False
    deleted: bool = False

    @property
    def edited(self) -> bool:
        return self.updated is not None

    def with_changes(self, **changes: Any) -> Entry:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an entry the cache has seen (issue 16 (3)): what a correction changes.

    ``updated`` is the version's own modification time from the source (None if it gave none),
    ``replaced`` when the cache saw it replaced by the next version (None for the current one).
    """

    updated: datetime | None
    title: str | None
    text: str
    published: datetime | None = None
    replaced: datetime | None = None


@dataclass(frozen=True, slots=True)
class Blog:
    """The live blog itself: where it came from and whether it is still live."""

    url: str
    title: str
    source: str
    live: bool | None = None
    coverage_start: datetime | None = None
    coverage_end: datetime | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one parse of one document yields.

    ``entries`` are in the order the source gave them; :func:`sort_entries` orders them.
    ``hints`` carries what a source's poller needs next time (cursors, refresh intervals;
    :class:`~tui_liveblog.hints.Hints`).
    """

    blog: Blog
    entries: tuple[Entry, ...]
    warnings: tuple[str, ...] = ()
    hints: Hints = field(default_factory=Hints)
    removed_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Changes:
    """What a merge into the store found: entries never seen, edited, and removed."""

    new: tuple[Entry, ...] = ()
    edited: tuple[Entry, ...] = ()
    removed: tuple[Entry, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.new or self.edited or self.removed)

    @property
    def all(self) -> tuple[Entry, ...]:
        return self.new + self.edited + self.removed


_MIN = datetime.min.replace(tzinfo=UTC)


def sort_entries(entries: Iterable[Entry], *, oldest_first: bool = False) -> list[Entry]:
    """Newest first by ``published``; undated entries after dated ones, in source order.

    With ``oldest_first`` the dated entries are reversed and undated ones still come last.
    """
    items = list(entries)
    dated = [e for e in items if e.published is not None]
    undated = [e for e in items if e.published is None]
    # stable sort keeps source order among equal times
    dated.sort(key=lambda e: e.published or _MIN, reverse=not oldest_first)
    return dated + undated
