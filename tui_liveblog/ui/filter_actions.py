"""The filter's keys and events: typing a query, next/previous match, key events only.

The filtering itself (and its results cache) is :meth:`ReaderContents._refilter`'s; this part
turns the filter bar's messages and the keys into the filter's words, the key-events toggle and
moves from match to match.
"""

from __future__ import annotations

from textual import on
from textual.widgets import Input

from tui_liveblog.query import filter_words
from tui_liveblog.ui.reader_contents import ReaderContents
from tui_liveblog.ui.widgets.filter_bar import FilterBar


class FilterActions(ReaderContents):
    """The reader's part that drives the filter."""

    @on(FilterBar.QueryChanged)
    def _filter_changed(self, message: FilterBar.QueryChanged) -> None:
        words = filter_words(message.query)
        self.filter_text = message.query
        if words == self.words:  # a space typed, say: nothing to filter again
            if self.words and not self.timeline.entry_count:
                self.timeline.empty_text = self._nothing_matches()  # (quotes what was typed)
            return
        self.words = words
        self._refilter()
        self.detail.words = self.words
        self.detail.rerender()

    @on(FilterBar.FilterClosed)
    def _filter_closed(self, message: FilterBar.FilterClosed) -> None:
        self.timeline.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" is a priority binding (so that the keys typed right after it reach the filter);
        # in a text field (the filter itself, the palette) it is just a "/"
        return not (action == "filter" and isinstance(self.focused, Input))

    def action_filter(self) -> None:
        bars = self.screen.query(FilterBar)
        if bars:  # (not on the help screen)
            bars.first().open()

    def _clear_kept_filter(self) -> bool:
        """Clear and close a filter kept with ``enter``; False if there is none."""
        bars = self.query(FilterBar)
        if not bars or not (bars.first().is_open or self.words):
            return False
        bars.first().action_clear_and_close()
        return True

    def _jump_match(self, step: int) -> None:
        if not self.words:
            self.notify("No filter: press / and type words to find.", severity="warning")
            return
        timeline = self.timeline
        if timeline.entry_count == 0:
            self.notify("No matches.", severity="warning")
            return
        index = timeline.selected_index + step
        if 0 <= index < timeline.entry_count:
            timeline.selected_index = index
        else:
            self.notify("No more matches." if step > 0 else "No earlier matches.")

    def action_next_match(self) -> None:
        self._jump_match(1)

    def action_previous_match(self) -> None:
        self._jump_match(-1)

    def action_key_events(self) -> None:
        self.key_only = not self.key_only
        self._filtered_from = None
        self._refilter()
        self.notify("Key events only." if self.key_only else "All entries.")
