"""The timeline's geometry: which entry is where, and where the view is.

:class:`TimelineView` is the base of :class:`~tui_liveblog.ui.widgets.timeline.Timeline`: its
entries (one card of ``rows_per_entry`` lines each, newest first), the selected index, and
the view's place among them: anchors that keep the reader's place across changes, a place
kept between runs (:meth:`TimelineView.place_at`), and the rows drawn over at the top.
"""

from __future__ import annotations

from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView

from tui_liveblog.model import Entry
from tui_liveblog.ui.entry_lines import CARD_HEIGHT
from tui_liveblog.ui.timeline_entries import TimelineEntries


class TimelineView(ScrollView):
    """Entries and the view's place among them (see the module's docstring)."""

    selected_index: reactive[int] = reactive(-1, repaint=False, init=False)
    """Index of the selected entry (0 = newest), or -1 when there are no entries."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._entries = TimelineEntries()
        self._covered = 0  # rows at the top drawn over (cover_top)
        self._kept_row: tuple[str, int] | None = None  # (place_at: until the reader moves)
        self._rows = CARD_HEIGHT  # rows per entry: CARD_HEIGHT, or 1 in the compact view

    @property
    def entry_count(self) -> int:
        """How many entries the timeline holds."""
        return len(self._entries)

    def entry_at(self, index: int) -> Entry:
        """The entry at display ``index`` (0 = newest); IndexError outside the timeline."""
        return self._entries.entry_at(index)

    @property
    def selected(self) -> Entry | None:
        """The selected entry, or None when the timeline is empty."""
        index = self.selected_index
        return self.entry_at(index) if 0 <= index < len(self._entries) else None

    def index_of(self, entry_id: str) -> int | None:
        """The display index of the entry with ``entry_id``, or None."""
        return self._entries.index_of(entry_id)

    def select_id(self, entry_id: str) -> bool:
        """Select the entry with ``entry_id`` and scroll it into view; False if it is not here."""
        index = self.index_of(entry_id)
        if index is None:
            return False
        if index == self.selected_index:
            self._scroll_to_index(index)
        else:
            self.selected_index = index
        return True

    def view_anchor(self) -> tuple[str, int] | None:
        """The entry at the top of the view and how many of its lines are scrolled off.

        None at the very top (there, new entries should simply show). Pass it to
        :meth:`restore_view_anchor` after :meth:`set_entries` to keep the reader's place.
        """
        y = int(self.scroll_offset.y)
        if y <= 0 or not self._entries:
            return None
        index, row = divmod(y, self._rows)
        if index >= len(self._entries):
            return None
        return self.entry_at(index).id, row

    def selection_anchor(self) -> tuple[str, int] | None:
        """Like :meth:`view_anchor`, for the selected entry: restored, its card is where it is
        now on screen. None when nothing is selected."""
        entry = self.selected
        if entry is None:
            return None
        return entry.id, int(self.scroll_offset.y) - self.selected_index * self._rows

    def restore_view_anchor(self, anchor: tuple[str, int]) -> bool:
        """Scroll so the anchored entry is where it was; False if it is no longer here."""
        index = self.index_of(anchor[0])
        if index is None:
            return False
        self.scroll_to(y=index * self._rows + anchor[1], animate=False, immediate=True, force=True)
        return True

    def place_at(self, entry_id: str, row: int) -> bool:
        """Select the entry with ``entry_id``, its card at ``row`` of the view (as near as the
        timeline's ends allow, and wholly in view); False if it is not here.

        Before the timeline has its final size (the reader's place restored as it starts) the
        row is kept, and applied again at each size the layout gives it, until the reader moves
        on: no size met on the way (the screen laid out in steps) moves the card elsewhere.
        """
        if self.index_of(entry_id) is None:
            return False
        self.select_id(entry_id)
        self._kept_row = (entry_id, row)
        self._apply_kept_row()
        return True

    def _apply_kept_row(self) -> None:
        kept = self._kept_row
        if kept is None or not self._can_scroll():
            return
        index = self.index_of(kept[0])
        if index is None or index != self.selected_index:
            self._kept_row = None  # (gone, or the reader moved on)
            return
        y = max(0, min(index * self._rows - kept[1], self.max_scroll_y))
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self._scroll_to_index(index)  # (wholly in view, clear of the banner's line)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized and self._kept_row is not None:
            self._apply_kept_row()  # (in the layout, before the frame is drawn)
        return resized

    def on_mouse_scroll_down(self) -> None:
        self._kept_row = None

    def on_mouse_scroll_up(self) -> None:
        self._kept_row = None

    def fits_at_top(self, index: int) -> bool:
        """Whether the card at ``index`` is wholly on screen when the view is at the top (True
        before the timeline has a size: there is nothing to keep in view yet)."""
        height = self.scrollable_content_region.height
        return not self._can_scroll() or (index + 1) * self._rows <= height

    @property
    def rows_per_entry(self) -> int:
        """Rows each entry takes: a card's, or 1 in the compact view."""
        return self._rows

    @property
    def covered_rows(self) -> int:
        """Rows at the top of the view drawn over (:meth:`cover_top`)."""
        return self._covered

    @property
    def first_visible_index(self) -> int:
        """Index of the card at the top of the view (it may be partly scrolled off)."""
        return self.scroll_offset.y // self._rows

    def _can_scroll(self) -> bool:
        return self.is_mounted and self.scrollable_content_region.height > 0

    def cover_top(self, rows: int) -> None:
        """``rows`` at the top of the view are drawn over (by the new-entries banner; 0: none
        are): the selected card is kept clear of them, moving the view the least it takes."""
        self._covered = max(0, rows)
        if self._covered and self.selected_index >= 0:
            self._scroll_to_index(self.selected_index)

    def _scroll_to_index(self, index: int) -> None:
        """Scroll the least distance that shows the whole card at ``index`` (clear of the rows
        drawn over at the top, if any)."""
        if index < 0 or not self._can_scroll():
            return
        covered = self._covered
        self.scroll_to_region(
            Region(0, index * self._rows - covered, 1, self._rows + covered),
            animate=False,
            immediate=True,
            force=True,
            x_axis=False,
        )
