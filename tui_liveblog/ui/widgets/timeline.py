"""The timeline: a virtual, Line-API list of entry cards that copes with 50k entries.

Design:

- Every card is :data:`CARD_HEIGHT` lines (meta, headline/text, preview, separator), so entry ``i``
  (0 = newest) starts at ``y = i * CARD_HEIGHT``: offsets are arithmetic, a click maps to
  ``y // CARD_HEIGHT``, and nothing is laid out up front.
- Entries are stored oldest first (:class:`~tui_liveblog.ui.timeline_entries.TimelineEntries`),
  so a live prepend of ``k`` newer entries is a list append and ``k`` dict insertions: O(k),
  whatever the timeline's length.
- ``render_line`` renders only what is on screen: :class:`~tui_liveblog.ui.card_strips.CardStrips`
  draws each card (:func:`~tui_liveblog.ui.entry_lines.card_lines`) and keeps its strips in an LRU
  keyed by (entry id, revision, width, selected/focused, unread, highlight generation). Moving the
  cursor re-renders two cards; :meth:`Timeline.refresh_times` (once a minute) clears the cache.
- The selection is an *entry*: prepends and :meth:`Timeline.set_entries` keep it on the same
  entry when it is still there, and only moving it posts :class:`Timeline.Selected`.
- Empty, it shows :attr:`Timeline.empty_text` (why there is nothing, say a filter that matches
  nothing) and keeps the focus, so the keys still reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui_liveblog.model import Entry
from tui_liveblog.ui.card_strips import CARD_COMPONENT_CLASSES, CARD_CSS, CardStrips
from tui_liveblog.ui.entry_lines import CARD_HEIGHT
from tui_liveblog.ui.widgets.timeline_view import TimelineView

__all__ = ["CARD_HEIGHT", "Timeline"]


def _local_now() -> datetime:
    return datetime.now().astimezone()


class Timeline(TimelineView, can_focus=True):
    """Entry cards, newest first, with an entry cursor."""

    ALLOW_SELECT = False  # cards are not a text surface: a click selects an entry

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next entry", show=False),
        Binding("k,up", "cursor_up", "Previous entry", show=False),
        Binding(
            "pagedown", "page_down", "Page down", tooltip="A page down (both panes)", show=False
        ),
        Binding("pageup", "page_up", "Page up", tooltip="A page up (both panes)", show=False),
        Binding(
            "ctrl+d",
            "half_page_down",
            "Half a page down",
            tooltip="Half a page down (both panes)",
            show=False,
        ),
        Binding(
            "ctrl+u",
            "half_page_up",
            "Half a page up",
            tooltip="Half a page up (both panes)",
            show=False,
        ),
        Binding("g,home", "first", "Newest entry", key_display="g", show=False),
        Binding("G,end", "last", "Oldest entry", key_display="G", show=False),
        Binding("enter", "open", "Open the entry", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {*CARD_COMPONENT_CLASSES, "timeline--empty"}
    """The parts of a card (:data:`~tui_liveblog.ui.card_strips.CARD_COMPONENT_CLASSES`), and
    ``timeline--empty``: the message shown when there are no entries."""

    DEFAULT_CSS = (
        """
    Timeline {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .timeline--empty { color: $text-muted; }
    }
    """
        + CARD_CSS
    )

    class Selected(Message):
        """The selection moved to another entry (or the selected entry was edited)."""

        def __init__(self, timeline: Timeline, entry: Entry) -> None:
            super().__init__()
            self.timeline = timeline
            self.entry = entry

        @property
        def control(self) -> Timeline:
            return self.timeline

    class Opened(Message):
        """The user opened an entry (enter, or a click on the selected card)."""

        def __init__(self, timeline: Timeline, entry: Entry) -> None:
            super().__init__()
            self.timeline = timeline
            self.entry = entry

        @property
        def control(self) -> Timeline:
            return self.timeline

    def __init__(
        self,
        entries: Sequence[Entry] = (),
        *,
        now: Callable[[], datetime] | None = None,
        ascii_only: bool = False,
        cache_size: int = 512,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Args:
        entries: Initial entries, newest first.
        now: The clock relative times are computed against (and whose zone absolute times
            are shown in); defaults to the local time.
        ascii_only: Use plain-ASCII badges and marks.
        cache_size: How many rendered cards to keep.
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._unread: set[str] = set()
        self._selected_id: str | None = None
        # called with the entry the cursor moves onto, at once (before :class:`Selected` is
        # handled): a pane beside it can show the entry in the same frame as the cursor
        self.preview: Callable[[Entry], None] | None = None
        self._now: Callable[[], datetime] = now or _local_now
        self._empty_text = ""
        self._empty_lines: tuple[int, list[Strip]] | None = None  # (width, lines)
        self._cards = CardStrips(
            lambda *names: self.get_visual_style(*names).rich_style,
            lambda: self.app.console,
            ascii_only=ascii_only,
            cache_size=cache_size,
        )
        if entries:
            self.set_entries(entries)

    # ------------------------------------------------------------------ data

    @property
    def now(self) -> Callable[[], datetime]:
        """The clock used for relative times; setting it re-renders the times."""
        return self._now

    @now.setter
    def now(self, clock: Callable[[], datetime]) -> None:
        self._now = clock
        self.refresh_times()

    @property
    def ascii_only(self) -> bool:
        return self._cards.ascii_only

    @ascii_only.setter
    def ascii_only(self, value: bool) -> None:
        self._cards.ascii_only = value
        self._invalidate()

    @property
    def highlight_words(self) -> tuple[str, ...]:
        """Words whose matches (whatever their case and accents) are highlighted in the cards."""
        return self._cards.words

    @highlight_words.setter
    def highlight_words(self, words: Iterable[str]) -> None:
        self.set_highlight(words)

    @property
    def empty_text(self) -> str:
        """What the timeline says when it has no entries (one line or more, centred)."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        if text != self._empty_text:
            self._empty_text = text
            self._empty_lines = None
            self.refresh()

    @property
    def compact(self) -> bool:
        """One line per entry (:func:`~tui_liveblog.ui.entry_lines.compact_line`) instead of
        cards. Switching keeps the selection, and its row on screen as near as the view allows."""
        return self._rows == 1

    @compact.setter
    def compact(self, value: bool) -> None:
        rows = 1 if value else CARD_HEIGHT
        if rows == self._rows:
            return
        index = self.selected_index
        on_screen = index * self._rows - int(self.scroll_offset.y) if index >= 0 else 0
        self._rows = rows
        self._update_virtual_size()
        if index >= 0 and self._can_scroll():
            y = max(0, index * rows - max(0, on_screen))
            self.scroll_to(y=y, animate=False, immediate=True, force=True)
            self._scroll_to_index(index)
        self.refresh()

    def set_origin(self, origin: Callable[[str], str | None] | None) -> None:
        """In a timeline of several blogs: each entry's blog's label, by its id, shown first on
        its card (its changes come as the entry's: :meth:`update_entry`)."""
        self._cards.origin = origin
        self._invalidate()

    @property
    def unread_ids(self) -> frozenset[str]:
        return frozenset(self._unread)

    def set_entries(self, entries: Sequence[Entry]) -> None:
        """Replace every entry (``entries`` newest first; a repeated id keeps its newest copy).

        The selection stays on the same entry if it is still there (and is scrolled into view),
        else it goes to the newest entry and the view to the top.
        """
        self._entries.replace_all(entries)
        self._cards.forget_entries()
        self._update_virtual_size()
        kept = None if self._selected_id is None else self.index_of(self._selected_id)
        if kept is not None:
            self.set_reactive(Timeline.selected_index, kept)
            self._scroll_to_index(kept)
        else:
            self.set_reactive(Timeline.selected_index, 0 if self._entries else -1)
            if self._can_scroll():
                self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self._sync_selected()
        self.refresh()

    def select_first(self, entry_id: str) -> None:
        """Select the entry with ``entry_id`` (not the newest) when :meth:`set_entries` first
        fills the empty timeline with it; nothing once the timeline holds entries."""
        if not self._entries:
            self._selected_id = entry_id

    def prepend(self, entries: Sequence[Entry], *, above: bool = False) -> bool:
        """Splice newer entries (newest first) in at the top, keeping the reader's place.

        At the top (``scroll_y == 0``) the view stays at the top, showing the new entries, unless
        they would push the selected card (even partly) off the bottom of the view; then, as when
        scrolled down, ``scroll_y`` grows by the inserted height so the visible cards do not move.
        Either way the selection stays on the same entry. Ids already present are updated in
        place. O(k).

        ``above``: they go in above the view even at the top (the reader's place, just restored,
        is kept where it was on screen).

        Returns True when the new entries went in above the view (out of sight), False when they
        show at the top (or there were none).
        """
        fresh: list[Entry] = []
        seen: set[str] = set()
        for entry in entries:
            if entry.id in self._entries:
                self.update_entry(entry)
            elif entry.id not in seen:
                seen.add(entry.id)
                fresh.append(entry)
        if not fresh:
            return False
        scrolled = above or self.scroll_offset.y > 0
        self._entries.add_newer(fresh)
        inserted = len(fresh) * self._rows
        self._update_virtual_size()
        if self.selected_index >= 0:
            self.set_reactive(Timeline.selected_index, self.selected_index + len(fresh))
            scrolled = scrolled or not self.fits_at_top(self.selected_index)
        else:
            self.set_reactive(Timeline.selected_index, 0)
            self._sync_selected()
        if scrolled:
            self.scroll_to(y=self.scroll_y + inserted, animate=False, immediate=True, force=True)
        self.refresh()
        return scrolled

    def update_entry(self, entry: Entry) -> None:
        """Show an edited (or deleted) version of an entry in place; unknown ids are ignored.

        If it is the selected entry, :class:`Selected` is posted again so a detail pane can update.
        """
        index = self._entries.replace(entry)
        if index is None:
            return
        self._cards.edited(entry.id)
        self.refresh_lines(index * self._rows, self._rows)
        if index == self.selected_index:
            self.post_message(self.Selected(self, entry))

    def set_unread(self, ids: Iterable[str]) -> None:
        """Mark exactly ``ids`` as unread (a dot on their cards)."""
        self._unread = set(ids)
        self.refresh()

    def mark_read(self, *ids: str) -> None:
        """Remove ``ids`` from the unread set."""
        for entry_id in ids:
            if entry_id in self._unread:
                self._unread.discard(entry_id)
                self._refresh_index(self.index_of(entry_id))

    def set_highlight(self, words: Iterable[str], authors: Iterable[str] = ()) -> None:
        """Highlight matches of ``words``, whatever their case and accents (empty: none), and
        of ``authors`` in the authors' names only."""
        if self._cards.set_highlight(words, authors):
            self.refresh()

    def set_watch(self, words: Iterable[str]) -> None:
        """Mark the matches of the watch words (folded), in the ``timeline--watch`` style."""
        self._cards.set_watch(words)
        self.refresh()

    def refresh_times(self) -> None:
        """Re-render relative times ("3 min ago"): call it once a minute."""
        self._invalidate()

    def next_pinned(self) -> Entry | None:
        """The next pinned (not deleted) entry below the selection, wrapping round to the top;
        the selected entry itself when it is the only one; None when none is pinned."""
        count = len(self._entries)
        start = max(self.selected_index, 0)
        for step in range(1, count + 1):
            entry = self._entries.entry_at((start + step) % count)
            if entry.pinned and not entry.deleted:
                return entry
        return None

    # ------------------------------------------------------------------ cursor

    def validate_selected_index(self, value: int) -> int:
        count = len(self._entries)
        if count == 0:
            return -1
        return max(0, min(value, count - 1))

    def watch_selected_index(self, old: int, new: int) -> None:
        if self._kept_row is not None and self.index_of(self._kept_row[0]) != new:
            self._kept_row = None  # (the reader moved on: a resize keeps it in view, as usual)
        self._refresh_index(old)
        self._refresh_index(new)
        self._scroll_to_index(new)
        entry = self.selected
        if self.preview is not None and entry is not None and entry.id != self._selected_id:
            self.preview(entry)
        self._sync_selected()

    def action_cursor_down(self) -> None:
        self.selected_index += 1

    def action_cursor_up(self) -> None:
        self.selected_index -= 1

    def _page_cards(self) -> int:
        return max(1, self.scrollable_content_region.height // self._rows)

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_half_page_down(self) -> None:
        self._move_page(1, half=True)

    def action_half_page_up(self) -> None:
        self._move_page(-1, half=True)

    def _move_page(self, direction: int, *, half: bool = False) -> None:
        """Scroll one page (or half) and move the selection as many entries, so it keeps its
        place on screen."""
        if not self._entries:
            return
        cards = self._page_cards()
        if half:
            cards = max(1, cards // 2)
        self.scroll_to(
            y=self.scroll_y + direction * cards * self._rows,
            animate=False,
            immediate=True,
            force=True,
        )
        self.selected_index += direction * cards

    def action_first(self) -> None:
        self.selected_index = 0
        if self._can_scroll():
            self.scroll_to(y=0, animate=False, immediate=True, force=True)

    def action_last(self) -> None:
        self.selected_index = len(self._entries) - 1

    def action_open(self) -> None:
        entry = self.selected
        if entry is not None:
            self.post_message(self.Opened(self, entry))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + self.scroll_offset.y) // self._rows
        if not 0 <= index < len(self._entries):
            return
        if index == self.selected_index:
            self.action_open()
        else:
            self.selected_index = index

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        index, row = divmod(line, self._rows)
        if not self._entries and width > 0:
            return self._empty_line(y, width)
        if not 0 <= index < len(self._entries) or width <= 0:
            return Strip.blank(width, self.rich_style)
        selected = index == self.selected_index
        entry = self._entries.entry_at(index)
        return self._cards.lines(
            entry,
            width,
            selected=selected,
            focused=selected and self.has_focus,
            unread=entry.id in self._unread,
            now=self._now,
            compact=self._rows == 1,
        )[row]

    def _empty_line(self, y: int, width: int) -> Strip:
        """Line ``y`` of the empty timeline: :attr:`empty_text`, centred, after a blank line."""
        if self._empty_lines is None or self._empty_lines[0] != width:
            style = self.get_visual_style("timeline--empty").rich_style
            console = self.app.console
            options = console.options.update(width=width, height=None, highlight=False)
            text = Text(self._empty_text, justify="center", end="")
            rendered = console.render_lines(text, options, style=style, pad=True, new_lines=False)
            self._empty_lines = (width, [Strip(line, width) for line in rendered])
        lines = self._empty_lines[1]
        if self._empty_text and 1 <= y <= len(lines):
            return lines[y - 1]
        return Strip.blank(width, self.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cards.restyle()
        self._empty_lines = None
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_index(self.selected_index)

    # ------------------------------------------------------------------ helpers

    def _invalidate(self) -> None:
        self._cards.clear()
        self.refresh()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(0, len(self._entries) * self._rows)

    def _refresh_index(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._entries):
            self.refresh_lines(index * self._rows, self._rows)

    def _sync_selected(self) -> None:
        """Post :class:`Selected` when the selected entry is not the one last announced."""
        entry = self.selected
        entry_id = None if entry is None else entry.id
        if entry_id != self._selected_id:
            self._selected_id = entry_id
            if entry is not None:
                self.post_message(self.Selected(self, entry))
