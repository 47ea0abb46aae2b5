"""The timeline: a virtual, Line-API list of entry cards that copes with 50k entries.

Design:

- Every card is :data:`CARD_HEIGHT` lines (meta, headline/text, preview, separator), so entry ``i``
  (0 = newest) starts at ``y = i * CARD_HEIGHT``: offsets are arithmetic, a click maps to
  ``y // CARD_HEIGHT``, and nothing is laid out up front.
- Entries are stored oldest first, so a live prepend of ``k`` newer entries is a list append and
  ``k`` dict insertions: O(k), whatever the timeline's length.
- ``render_line`` renders only what is on screen; each card's strips are kept in an LRU keyed by
  (entry id, revision, width, selected/focused, unread, highlight generation). Moving the cursor
  re-renders two cards; :meth:`Timeline.refresh_times` (once a minute) clears the cache.
- The selection is an *entry*: prepends and :meth:`Timeline.set_entries` keep it on the same
  entry when it is still there, and only moving it posts :class:`Timeline.Selected`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_liveblog.model import Entry
from tui_liveblog.ui.entry_lines import (
    ASCII_GLYPHS,
    CARD_HEIGHT,
    UNICODE_GLYPHS,
    CardStyles,
    Glyphs,
    card_lines,
    highlight_pattern,
)

__all__ = ["CARD_HEIGHT", "Timeline"]


def _local_now() -> datetime:
    return datetime.now().astimezone()


class Timeline(ScrollView, can_focus=True):
    """Entry cards, newest first, with an entry cursor."""

    ALLOW_SELECT = False  # cards are not a text surface: a click selects an entry

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next", show=False),
        Binding("k,up", "cursor_up", "Previous", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("g,home", "first", "Newest", key_display="g", show=False),
        Binding("G,end", "last", "Oldest", key_display="G", show=False),
        Binding("enter", "open", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--card",
        "timeline--selected",
        "timeline--cursor",
        "timeline--unread",
        "timeline--time",
        "timeline--author",
        "timeline--title",
        "timeline--text",
        "timeline--preview",
        "timeline--badge",
        "timeline--pinned",
        "timeline--key-event",
        "timeline--deleted",
        "timeline--highlight",
    }
    """
    | Class | Description |
    | :- | :- |
    | `timeline--card` | A card that is not selected (its background). |
    | `timeline--selected` | The selected card. |
    | `timeline--cursor` | The bar at the left of the selected card. |
    | `timeline--unread` | The unread dot. |
    | `timeline--time` / `timeline--author` | The meta line's parts. |
    | `timeline--title` / `timeline--text` / `timeline--preview` | Headline, text without headline, preview. |
    | `timeline--badge` / `timeline--pinned` / `timeline--key-event` | Badges. |
    | `timeline--deleted` | Layered on a deleted entry's text (struck through). |
    | `timeline--highlight` | Filter matches. |
    """

    DEFAULT_CSS = """
    Timeline {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .timeline--selected {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .timeline--selected {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .timeline--cursor { color: $accent; }
        & > .timeline--unread { color: $text-success; text-style: bold; }
        & > .timeline--time { color: $text-muted; }
        & > .timeline--author { text-style: italic; }
        & > .timeline--title { text-style: bold; }
        & > .timeline--preview { color: $text-muted; }
        & > .timeline--badge { color: $text-muted; }
        & > .timeline--pinned { color: $text-accent; }
        & > .timeline--key-event { color: $text-warning; text-style: bold; }
        & > .timeline--deleted { color: $text-disabled; text-style: strike; }
        & > .timeline--highlight {
            background: $warning 45%;
            color: $foreground;
            text-style: bold underline;
        }
    }
    """

    selected_index: reactive[int] = reactive(-1, repaint=False, init=False)
    """Index of the selected entry (0 = newest), or -1 when there are no entries."""

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
        self._entries: list[Entry] = []  # oldest first: a prepend is an append
        self._positions: dict[str, int] = {}  # id -> position in _entries
        self._revisions: dict[str, int] = {}  # id -> edit count, for cache keys
        self._unread: set[str] = set()
        self._words: tuple[str, ...] = ()
        self._pattern: re.Pattern[str] | None = None
        self._highlight_generation = 0
        self._selected_id: str | None = None
        self._now: Callable[[], datetime] = now or _local_now
        self._glyphs: Glyphs = ASCII_GLYPHS if ascii_only else UNICODE_GLYPHS
        self._card_cache: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(cache_size)
        self._card_styles: dict[tuple[bool, bool], CardStyles] = {}
        if entries:
            self.set_entries(entries)

    # ------------------------------------------------------------------ data

    @property
    def entry_count(self) -> int:
        """How many entries the timeline holds."""
        return len(self._entries)

    def entry_at(self, index: int) -> Entry:
        """The entry at display ``index`` (0 = newest); IndexError outside the timeline."""
        if not 0 <= index < len(self._entries):
            raise IndexError(index)
        return self._entries[len(self._entries) - 1 - index]

    def index_of(self, entry_id: str) -> int | None:
        """The display index of the entry with ``entry_id``, or None."""
        position = self._positions.get(entry_id)
        return None if position is None else len(self._entries) - 1 - position

    @property
    def selected(self) -> Entry | None:
        """The selected entry, or None when the timeline is empty."""
        index = self.selected_index
        return self.entry_at(index) if 0 <= index < len(self._entries) else None

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
        return self._glyphs is ASCII_GLYPHS

    @ascii_only.setter
    def ascii_only(self, value: bool) -> None:
        self._glyphs = ASCII_GLYPHS if value else UNICODE_GLYPHS
        self._invalidate()

    @property
    def highlight_words(self) -> tuple[str, ...]:
        """Words whose case-insensitive matches are highlighted in the cards."""
        return self._words

    @highlight_words.setter
    def highlight_words(self, words: Iterable[str]) -> None:
        self.set_highlight(words)

    @property
    def unread_ids(self) -> frozenset[str]:
        return frozenset(self._unread)

    def set_entries(self, entries: Sequence[Entry]) -> None:
        """Replace every entry (``entries`` newest first; a repeated id keeps its newest copy).

        The selection stays on the same entry if it is still there (and is scrolled into view),
        else it goes to the newest entry and the view to the top.
        """
        seen: set[str] = set()
        unique: list[Entry] = []
        for entry in entries:
            if entry.id not in seen:
                seen.add(entry.id)
                unique.append(entry)
        unique.reverse()
        self._entries = unique
        self._positions = {entry.id: position for position, entry in enumerate(unique)}
        self._revisions.clear()
        self._card_cache.clear()
        self._update_virtual_size()
        kept = None if self._selected_id is None else self.index_of(self._selected_id)
        if kept is not None:
            self.set_reactive(Timeline.selected_index, kept)
            self._scroll_to_index(kept)
        else:
            self.set_reactive(Timeline.selected_index, 0 if unique else -1)
            if self._can_scroll():
                self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self._sync_selected()
        self.refresh()

    def prepend(self, entries: Sequence[Entry]) -> None:
        """Splice newer entries (newest first) in at the top, keeping the reader's place.

        At the top (``scroll_y == 0``) the view stays at the top, showing the new entries; scrolled
        down, ``scroll_y`` grows by the inserted height so the visible cards do not move. Either way
        the selection stays on the same entry. Ids already present are updated in place. O(k).
        """
        fresh: list[Entry] = []
        seen: set[str] = set()
        for entry in entries:
            if entry.id in self._positions:
                self.update_entry(entry)
            elif entry.id not in seen:
                seen.add(entry.id)
                fresh.append(entry)
        if not fresh:
            return
        scrolled = self.scroll_offset.y > 0
        for entry in reversed(fresh):
            self._positions[entry.id] = len(self._entries)
            self._entries.append(entry)
        inserted = len(fresh) * CARD_HEIGHT
        self._update_virtual_size()
        if self.selected_index >= 0:
            self.set_reactive(Timeline.selected_index, self.selected_index + len(fresh))
        else:
            self.set_reactive(Timeline.selected_index, 0)
            self._sync_selected()
        if scrolled:
            self.scroll_to(y=self.scroll_y + inserted, animate=False, immediate=True, force=True)
        self.refresh()

    def update_entry(self, entry: Entry) -> None:
        """Show an edited (or deleted) version of an entry in place; unknown ids are ignored.

        If it is the selected entry, :class:`Selected` is posted again so a detail pane can update.
        """
        position = self._positions.get(entry.id)
        if position is None:
            return
        self._entries[position] = entry
        self._revisions[entry.id] = self._revisions.get(entry.id, 0) + 1
        index = len(self._entries) - 1 - position
        self.refresh_lines(index * CARD_HEIGHT, CARD_HEIGHT)
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

    def set_highlight(self, words: Iterable[str]) -> None:
        """Highlight case-insensitive matches of ``words`` (empty: no highlighting)."""
        normalized = tuple(w for w in (w.strip() for w in words) if w)
        if normalized == self._words:
            return
        self._words = normalized
        self._pattern = highlight_pattern(normalized)
        self._highlight_generation += 1
        self.refresh()

    def refresh_times(self) -> None:
        """Re-render relative times ("3 min ago"): call it once a minute."""
        self._invalidate()

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
        index, row = divmod(y, CARD_HEIGHT)
        if index >= len(self._entries):
            return None
        return self.entry_at(index).id, row

    def restore_view_anchor(self, anchor: tuple[str, int]) -> bool:
        """Scroll so the anchored entry is where it was; False if it is no longer here."""
        index = self.index_of(anchor[0])
        if index is None:
            return False
        self.scroll_to(y=index * CARD_HEIGHT + anchor[1], animate=False, immediate=True, force=True)
        return True

    @property
    def first_visible_index(self) -> int:
        """Index of the card at the top of the view (it may be partly scrolled off)."""
        return self.scroll_offset.y // CARD_HEIGHT

    # ------------------------------------------------------------------ cursor

    def validate_selected_index(self, value: int) -> int:
        count = len(self._entries)
        if count == 0:
            return -1
        return max(0, min(value, count - 1))

    def watch_selected_index(self, old: int, new: int) -> None:
        self._refresh_index(old)
        self._refresh_index(new)
        self._scroll_to_index(new)
        self._sync_selected()

    def action_cursor_down(self) -> None:
        self.selected_index += 1

    def action_cursor_up(self) -> None:
        self.selected_index -= 1

    def _page_cards(self) -> int:
        return max(1, self.scrollable_content_region.height // CARD_HEIGHT)

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def _move_page(self, direction: int) -> None:
        """Scroll one page and move the selection as many cards, so it keeps its place on screen."""
        if not self._entries:
            return
        cards = self._page_cards()
        self.scroll_to(
            y=self.scroll_y + direction * cards * CARD_HEIGHT,
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
        index = (offset.y + self.scroll_offset.y) // CARD_HEIGHT
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
        index, row = divmod(line, CARD_HEIGHT)
        if not 0 <= index < len(self._entries) or width <= 0:
            return Strip.blank(width, self.rich_style)
        return self._card_strips(index, width)[row]

    def _card_strips(self, index: int, width: int) -> list[Strip]:
        entry = self._entries[len(self._entries) - 1 - index]
        selected = index == self.selected_index
        focused = selected and self.has_focus
        unread = entry.id in self._unread
        key = (
            entry.id,
            self._revisions.get(entry.id, 0),
            width,
            selected,
            focused,
            unread,
            self._highlight_generation,
        )
        strips = self._card_cache.get(key)
        if strips is None:
            styles = self._styles(selected, focused)
            texts = card_lines(
                entry,
                width,
                self._now(),
                selected=selected,
                unread=unread,
                styles=styles,
                glyphs=self._glyphs,
                highlight=self._pattern,
            )
            console = self.app.console
            # Text.render leaves the Text's own style off span-less lines: lay it underneath.
            strips = [
                Strip(list(text.render(console)), width)
                .apply_style(console.get_style(text.style))
                .simplify()
                for text in texts
            ]
            self._card_cache.set(key, strips)
        return strips

    def _styles(self, selected: bool, focused: bool) -> CardStyles:
        key = (selected, focused)
        styles = self._card_styles.get(key)
        if styles is None:
            state = "timeline--selected" if selected else "timeline--card"

            def part(*names: str) -> Style:
                return self.get_visual_style(state, *names).rich_style

            styles = CardStyles(
                base=part(),
                separator=self.get_visual_style("timeline--card").rich_style,
                cursor=part("timeline--cursor"),
                unread=part("timeline--unread"),
                time=part("timeline--time"),
                author=part("timeline--author"),
                title=part("timeline--title"),
                text=part("timeline--text"),
                preview=part("timeline--preview"),
                badge=part("timeline--badge"),
                pinned=part("timeline--pinned"),
                key_event=part("timeline--key-event"),
                deleted=part("timeline--deleted"),
                highlight=part("timeline--highlight"),
            )
            self._card_styles[key] = styles
        return styles

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._card_styles.clear()
        self._card_cache.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_index(self.selected_index)

    # ------------------------------------------------------------------ helpers

    def _invalidate(self) -> None:
        self._card_cache.clear()
        self.refresh()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(0, len(self._entries) * CARD_HEIGHT)

    def _refresh_index(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._entries):
            self.refresh_lines(index * CARD_HEIGHT, CARD_HEIGHT)

    def _can_scroll(self) -> bool:
        return self.is_mounted and self.scrollable_content_region.height > 0

    def _scroll_to_index(self, index: int) -> None:
        """Scroll the least distance that shows the whole card at ``index``."""
        if index < 0 or not self._can_scroll():
            return
        self.scroll_to_region(
            Region(0, index * CARD_HEIGHT, 1, CARD_HEIGHT),
            animate=False,
            immediate=True,
            force=True,
            x_axis=False,
        )

    def _sync_selected(self) -> None:
        """Post :class:`Selected` when the selected entry is not the one last announced."""
        entry = self.selected
        entry_id = None if entry is None else entry.id
        if entry_id != self._selected_id:
            self._selected_id = entry_id
            if entry is not None:
                self.post_message(self.Selected(self, entry))
