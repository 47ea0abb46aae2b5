"""The timeline's entries: shown newest first, stored oldest first, so a prepend is an append.

Display index ``0`` is the newest entry. :class:`TimelineEntries` keeps the entries in a list,
oldest first, and each id's position in it: a live prepend of ``k`` newer entries is a list
append and ``k`` dict insertions, O(k) whatever the timeline's length, and an index or an id
finds its entry in O(1). No Textual here: the widget draws, scrolls and selects.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_liveblog.model import Entry


class TimelineEntries:
    """Entries by display index (0 = newest) and by id."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []  # oldest first: a prepend is an append
        self._positions: dict[str, int] = {}  # id -> position in _entries

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._positions

    def entry_at(self, index: int) -> Entry:
        """The entry at display ``index`` (0 = newest); IndexError outside the timeline."""
        if not 0 <= index < len(self._entries):
            raise IndexError(index)
        return self._entries[len(self._entries) - 1 - index]

    def index_of(self, entry_id: str) -> int | None:
        """The display index of the entry with ``entry_id``, or None."""
        position = self._positions.get(entry_id)
        return None if position is None else len(self._entries) - 1 - position

    def replace_all(self, entries: Sequence[Entry]) -> None:
        """Hold exactly ``entries`` (newest first; a repeated id keeps its newest copy)."""
        held = list(entries)
        held.reverse()
        ids = [entry.id for entry in held]
        positions = dict(zip(ids, range(len(ids)), strict=True))
        if len(positions) == len(held):  # (no id repeated: the usual case, in one pass)
            self._entries, self._positions = held, positions
            return
        seen: set[str] = set()
        unique: list[Entry] = []
        for entry in entries:
            if entry.id not in seen:
                seen.add(entry.id)
                unique.append(entry)
        unique.reverse()
        self._entries = unique
        self._positions = {entry.id: position for position, entry in enumerate(unique)}

    def add_newer(self, entries: Sequence[Entry]) -> None:
        """Put ``entries`` (newest first, none of them here yet) above the newest one. O(k)."""
        for entry in reversed(entries):
            self._positions[entry.id] = len(self._entries)
            self._entries.append(entry)

    def replace(self, entry: Entry) -> int | None:
        """Put ``entry`` in the place of the one with its id; its display index, or None."""
        position = self._positions.get(entry.id)
        if position is None:
            return None
        self._entries[position] = entry
        return len(self._entries) - 1 - position
