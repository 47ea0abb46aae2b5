"""Which body blocks a Content API answer holds, and the cursor for the next older page.

Part of :mod:`tui_liveblog.sources.guardian`. ``blocks.body`` is every block there is;
``blocks.requestedBodyBlocks`` holds the selections asked for, keyed by the selection:
``body:latest:N``, ``body:around:<id>:N`` and ``body:published-since:<ms>`` are contiguous runs of
the timeline (newest first), ``body:oldest:N`` the blog's first blocks, and ``body:key-events``,
``body:summary`` and ``body:pinned`` blocks scattered anywhere (no cursor comes from those).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_liveblog.sources.common import safe_int
from tui_liveblog.sources.guardian.blocks import block_id, instant


@dataclass(slots=True)
class Lists:
    """The answer's body blocks, sorted by what they say about paging."""

    all: list[dict[str, Any]] = field(default_factory=list)  # every list, in answer order
    page: list[dict[str, Any]] = field(default_factory=list)  # contiguous runs (latest, around…)
    first_ids: set[str] = field(default_factory=set)  # ``body:oldest…``: the blog's first blocks
    whole: bool = False  # ``blocks.body``: every block there is


def _blocks_of(value: object) -> list[dict[str, Any]]:
    if isinstance(value, dict):  # one block where a list was expected
        value = [value]
    return [b for b in value if isinstance(b, dict)] if isinstance(value, list) else []


# subsets that are not a contiguous run of the timeline: no paging cursor comes from them
_SCATTERED = ("body:key-events", "body:summary", "body:pinned")


def gather(blocks: Mapping[str, Any]) -> Lists:
    lists = Lists()
    body = blocks.get("body")
    if body is not None:
        found = _blocks_of(body)
        lists.all += found
        lists.page += found
        lists.whole = isinstance(body, list)
    requested = blocks.get("requestedBodyBlocks")
    if isinstance(requested, dict):
        for key, value in requested.items():
            found = _blocks_of(value)
            lists.all += found
            name = key.strip().lower() if isinstance(key, str) else ""
            if name.startswith("body:oldest"):
                lists.first_ids |= {i for b in found if (i := block_id(b))}
            elif not name.startswith(_SCATTERED):
                lists.page += found
    return lists


def older_cursor(lists: Lists, total: object, asked_around: str | None) -> tuple[str | None, bool]:
    """The block to page back from, and whether the answer tells anything about it.

    ``(None, True)``: the answer reaches the first block (nothing older); ``(None, False)``:
    it holds no run of blocks to page from (a poll that found nothing).
    """
    ids = [i for b in lists.all if (i := block_id(b))]
    if not ids:  # no blocks at all: a blog with none yet, an empty poll, or an empty older page
        return None, asked_around is not None
    if lists.whole:
        return None, True
    count = safe_int(total)
    if count is not None and len(set(ids)) >= count:
        return None, True
    page_ids = [(i, b) for b in lists.page if (i := block_id(b))]
    if not page_ids:
        return None, asked_around is not None  # an older page with no run in it: the end
    if lists.first_ids & {i for i, _ in page_ids}:
        return None, True
    oldest_id, oldest_at = page_ids[-1][0], None
    for ident, block in page_ids:  # the answer is newest first; the dates settle it anyway
        when = instant(block.get("firstPublishedDate")) or instant(block.get("publishedDate"))
        if when is not None and (oldest_at is None or when <= oldest_at):
            oldest_id, oldest_at = ident, when
    if asked_around is not None and oldest_id == asked_around:
        return None, True  # nothing before the block we asked around
    return oldest_id, True
