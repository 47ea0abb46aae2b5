"""The filter's keys and events: typing a query, next/previous match, key events only.

The filtering itself (and its results cache) is
:class:`~tui_liveblog.ui.reader_state.ReaderState`'s; this part turns the filter bar's messages
and the keys into the filter (:mod:`tui_liveblog.filter_query`), the key-events toggle and moves
from match to match. It also keeps, in the cache, the filters
kept with ``enter`` (the bar's history, for every blog) and each blog's kept filter, which is
applied again when the blog is reopened (``esc`` clears it and forgets it).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from textual import on
from textual.widgets import Input

from tui_liveblog.errors import CacheError
from tui_liveblog.filter_history import SETTING
from tui_liveblog.filter_query import parse_filter
from tui_liveblog.ui.reader_contents import ReaderContents
from tui_liveblog.ui.widgets.filter_bar import FilterBar


class FilterActions(ReaderContents):
    """The reader's part that drives the filter."""

    @on(FilterBar.QueryChanged)
    def _filter_changed(self, message: FilterBar.QueryChanged) -> None:
        query = parse_filter(message.query)
        self.filter_text = message.query
        if query == self.filter_query:  # a space typed, say: nothing to filter again
            if query and not self.timeline.entry_count:
                self.timeline.empty_text = self._nothing_matches()  # (quotes what was typed)
            return
        self.filter_query = query
        self.words = query.words
        self._refilter()
        self.detail.words = self.words
        self.detail.authors = query.authors
        # the detail pane's marks follow once the frames pending (the timeline's) are drawn;
        # a few keys typed fast: only the last one's
        if not self._detail_marks_pending:
            self._detail_marks_pending = True
            self.call_after_refresh(self.call_after_refresh, self._mark_detail)

    _detail_marks_pending = False

    def _mark_detail(self) -> None:
        self._detail_marks_pending = False
        self.detail.rerender()

    @on(FilterBar.FilterClosed)
    def _filter_closed(self, message: FilterBar.FilterClosed) -> None:
        self.timeline.focus()
        # (a filter that filters nothing, "-" or "by:", is not kept: it would only cost the
        # next start its pre-painted first screen)
        kept = self.filter_text.strip() if message.keep and self.filter_query else ""
        self._remember(filter=kept or None)
        if kept:
            self._remember_history(self.query_one(FilterBar).history.items)

    # -- kept between runs ------------------------------------------------------------------
    def _restore_filter(self) -> None:
        """The filter history, and this blog's kept filter, from the cache: applied at once
        (before the entries are shown), with the bar showing it."""
        store = self.feed.store
        if store is None:
            return
        bar = self.query_one(FilterBar)
        try:
            bar.history = type(bar.history)(self._stored(store.setting(SETTING)))
            kept = store.reader_state(self.feed.cache_key).get("filter")
        except CacheError:
            return  # (the cache says what is wrong when the blog is loaded)
        if not isinstance(kept, str) or not parse_filter(kept):
            return
        self.filter_text = kept
        self.filter_query = parse_filter(kept)
        self.words = self.filter_query.words
        bar.value = kept  # (its change message finds the filter applied already)
        bar.add_class("-open")
        bar.display = True

    @staticmethod
    def _stored(value: Any) -> list[object]:
        return value if isinstance(value, list) else []

    def _remember(self, **values: object) -> None:
        store = self.feed.store
        if store is not None:
            with suppress(CacheError):  # (not fatal: the filter just is not kept)
                store.save_reader_state(self.feed.cache_key, **values)

    def _remember_history(self, items: list[str]) -> None:
        store = self.feed.store
        if store is not None:
            with suppress(CacheError):
                store.save_setting(SETTING, items)

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
        if not bars or not (bars.first().is_open or self.filter_query):
            return False
        bars.first().action_clear_and_close()
        return True

    def _jump_match(self, step: int) -> None:
        if not self.filter_query:
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
        self.reader.forget_last()
        self._refilter()
        self.notify("Key events only." if self.key_only else "All entries.")
