"""What the home screen's refresh workers post: a blog's line as it now stands, or why its
refresh failed."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui_liveblog.store.overview import BlogLine


@dataclass
class BlogRefreshed(Message):
    """A refresh of the blog saved as ``name`` landed (``line``: None if it has no record yet)."""

    name: str
    line: BlogLine | None


@dataclass
class BlogFailed(Message):
    """A refresh of the blog saved as ``name`` failed: ``error`` in a few words."""

    name: str
    error: str
