"""Messages the follow worker posts to the app: the UI learns about data only through these."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui_liveblog.follow import Update
from tui_liveblog.model import Blog, Changes, Entry, Version


@dataclass
class FeedLoaded(Message):
    """Entries to show from scratch (the cache at start, or the first fetch)."""

    blog: Blog | None
    entries: list[Entry]
    unread: frozenset[str]
    from_cache: bool
    complete: bool = True  # False while only the newest part of a big cache is loaded


@dataclass
class FeedUpdated(Message):
    """One refresh's outcome: new, edited and removed entries, or an error."""

    blog: Blog | None
    update: Update


@dataclass
class FeedFailed(Message):
    """The source can't be followed at all (e.g. the page is not a live blog)."""

    error: str


@dataclass
class OlderLoaded(Message):
    """A page back in time arrived ("load older"), or could not be fetched."""

    changes: Changes
    error: str | None = None
    exhausted: bool = False  # the source has nothing older


@dataclass
class VersionsRead(Message):
    """An entry's versions, read from the cache (``d``), oldest first; or why they could not be."""

    entry_id: str
    versions: list[Version]
    error: str | None = None
