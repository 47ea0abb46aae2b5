"""The reader's place, kept between runs: the entry selected when it closed, and its card's row.

On close (:meth:`PlaceKept.exit`) the selected entry and the row its card starts on are kept in
the cache (``reader_state``'s ``place``, with the time). Reopened, the reader selects that entry
at that row as soon as it is on the timeline (from the cache, or its full history), instead of
the newest; what arrived since sits above it, unread, counted by the banner when out of view,
and a notice says how many ("3 new since 14:02 — space to jump"). The first refresh's arrivals
go above it too. If the entry is gone, the reader opens on the newest, as before.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from tui_liveblog.errors import CacheError
from tui_liveblog.ui.reader_contents import ReaderContents
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.timeline import Timeline


class Place:
    """A kept place: the entry, the screen row its card started on, and when it was kept."""

    def __init__(self, entry_id: str, row: int, at: datetime | None) -> None:
        self.entry_id = entry_id
        self.row = row
        self.at = at

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Place | None:
        """The place in a blog's reader state, or None (absent, or not one: ignored)."""
        value = state.get("place")
        if not isinstance(value, dict):
            return None
        entry_id, row, at = value.get("id"), value.get("row"), value.get("at")
        if not isinstance(entry_id, str) or not isinstance(row, int) or isinstance(row, bool):
            return None
        when = None
        if isinstance(at, str):
            with contextlib.suppress(ValueError):
                when = datetime.fromisoformat(at)
        return cls(entry_id, max(0, row), when if when and when.tzinfo else None)


class PlaceKept(ReaderContents):
    """The reader's part that keeps its place in a blog between runs."""

    _place: Place | None = None  # kept last time, until it is restored (or cannot be)
    _since: Place | None = None  # the place restored: what is new is counted from it

    def _read_place(self) -> None:
        store = self.feed.store
        if store is None:
            return
        try:
            self._place = Place.from_state(store.reader_state(self.feed.cache_key))
        except CacheError:
            self._place = None
        self._place_pending = self._place is not None

    def _prepare_place(self) -> None:
        """Before the cached entries first reach the timeline: it is to select the kept entry,
        not the newest (which the reader would mark read as it shows it)."""
        if self._place is not None:
            self.timeline.select_first(self._place.entry_id)

    def _restore_place(self, complete: bool) -> None:
        """Select the kept entry at its row, once it is on the timeline (``complete``: every
        entry is there, so an entry missing is gone: the newest stays selected)."""
        place = self._place
        if place is None:
            return
        timeline = self.timeline
        index = timeline.index_of(place.entry_id)
        if index is None:
            if complete:  # (gone: the newest stays selected, and is read now)
                self._place = None
                self._place_pending = False
                if timeline.selected is not None:
                    self._show_detail(timeline.selected)
            return
        self._place = None
        self._place_pending = False
        selected = timeline.selected
        if selected is not None and selected.id != place.entry_id and timeline.selected_index:
            self._show_detail(selected)  # (shown while the place was looked for: read now)
            return  # the reader moved meanwhile: its move stands
        # (at its row, and in view: a smaller screen than it was kept on)
        timeline.place_at(place.entry_id, place.row)
        if timeline.selected is not None:  # (shown while the place was looked for: read now)
            self._show_detail(timeline.selected)
        self._since = place
        self._holding_place = True  # (the first refresh's arrivals go above it too)
        # one notice, with what the first refresh brought too (when one is coming)
        self._tell_new(notify=not self.follow)

    def _tell_new(self, *, notify: bool = True) -> None:
        """Count, in the banner and (``notify``) a notice, the unread entries above the kept
        one."""
        place = self._since
        timeline = self.timeline
        index = None if place is None else timeline.index_of(place.entry_id)
        if place is None or index is None:
            return
        unread = self.feed.unread
        new = [i for i in range(index) if timeline.entry_at(i).id in unread]
        rows = timeline.rows_per_entry
        # (a card even partly above the view is out of it; the view's top as the kept row puts
        # it: the timeline may not have its size yet)
        top = max(0, index * rows - place.row) if self._holding_place else int(timeline.scroll_y)
        self.query_one(NewEntriesBanner).count = sum(1 for i in new if i * rows < top)
        if new and notify:
            since = f" since {place.at.astimezone(self.tz):%H:%M}" if place.at else ""
            self.notify(f"{len(new)} new{since} — space to jump", timeout=8, markup=False)

    def _first_refresh_done(self, arrived: bool) -> None:
        """The first refresh is in (or failed): the notice of what is new since, once."""
        if self._holding_place:
            self._holding_place = False
            self._tell_new()

    def _keep_place(self) -> None:
        store = self.feed.store
        timelines = self.query(Timeline)
        if store is None or not timelines:
            return
        timeline = timelines.first()
        entry = timeline.selected
        if entry is None:
            return
        row = timeline.selected_index * timeline.rows_per_entry - int(timeline.scroll_offset.y)
        place = {"id": entry.id, "row": max(0, row), "at": self.now().isoformat()}
        with contextlib.suppress(CacheError):  # (not worth a word on the way out)
            store.save_reader_state(self.feed.cache_key, place=place)

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        self._keep_place()
        super().exit(result, return_code, message)
