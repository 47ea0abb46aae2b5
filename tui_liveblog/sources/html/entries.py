"""Entry blocks → :class:`~tui_liveblog.model.Entry`: each block read (:mod:`.block`),
its times resolved (:mod:`.times`), ids given (a block's own, else one derived from its time,
byline and title: :mod:`tui_liveblog.sources.derived_ids`), and a post shown twice (a pinned
copy above and the post in its place) made one entry with the flags of both. Part of
:mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from tui_liveblog.model import Entry
from tui_liveblog.sources.derived_ids import Unnamed, derived_ids, newest_first
from tui_liveblog.sources.html.block import BlockReader, Page
from tui_liveblog.sources.html.groups import Choice
from tui_liveblog.sources.html.scan import Scan
from tui_liveblog.sources.html.times import Days, resolve_times


def build(scan: Scan, choice: Choice, page: Page, zone: tzinfo) -> list[Entry]:
    reader = BlockReader(scan, page)
    infos = [reader.read(block) for block in choice.blocks]
    times = resolve_times(Days(scan, page), infos, zone)
    entries: list[Entry] = []
    own_ids: list[bool] = []
    unnamed: list[Unnamed] = []  # what knows each entry that has no id of its own
    by_id: dict[str, int] = {}
    by_content: dict[tuple[str, str, datetime | None], int] = {}
    for info, (published, updated) in zip(infos, times, strict=True):
        if not info.text and not info.media and not info.title:
            continue
        # the same post twice (a pinned copy above, and in its place): one entry, the flags of
        # both, the id and link of the one that has its own
        minute = published.replace(second=0) if published else None  # a copy may show less
        content = (info.title or "", info.text, minute)
        k = by_id.get(info.ident) if info.ident else by_content.get(content)
        if k is None and info.ident and content in by_content and not own_ids[by_content[content]]:
            k = by_content[content]
            entries[k] = entries[k].with_changes(id=info.ident, url=info.url or entries[k].url)
            own_ids[k] = True
            by_id[info.ident] = k
        if k is not None:
            entries[k] = entries[k].with_changes(
                pinned=entries[k].pinned or info.pinned,
                key_event=entries[k].key_event or info.key_event,
            )
            continue
        if info.ident:
            by_id[info.ident] = len(entries)
        by_content.setdefault(content, len(entries))
        own_ids.append(bool(info.ident))
        media = info.media[0].url if info.media else ""
        unnamed.append(Unnamed(published, info.title, info.text, tuple(info.authors), media))
        entries.append(
            Entry(
                id=info.ident or "",
                published=published,
                updated=updated,
                authors=tuple(info.authors),
                title=info.title,
                body=info.body,
                text=info.text,
                url=info.url,
                links=info.links,
                media=info.media,
                pinned=info.pinned,
                key_event=info.key_event,
            )
        )
    _name(entries, own_ids, unnamed)
    return entries


def _name(entries: list[Entry], own_ids: list[bool], unnamed: list[Unnamed]) -> None:
    """Give the entries with no id of their own their derived ids (``html:``)."""
    todo = [i for i, own in enumerate(own_ids) if not own]
    if not todo:
        return
    ids = derived_ids(
        "html:",
        [unnamed[i] for i in todo],
        newest_first=newest_first(e.published for e in entries),
        taken=[e.id for e, own in zip(entries, own_ids, strict=True) if own],
    )
    for i, ident in zip(todo, ids, strict=True):
        entries[i] = entries[i].with_changes(id=ident)
