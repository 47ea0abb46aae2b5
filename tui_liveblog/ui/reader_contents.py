"""The base of the reader app: its state, and what the timeline and the panes around it show.

:class:`ReaderContents` holds the feed, the follower and the reader's state
(:class:`~tui_liveblog.ui.reader_state.ReaderState`: every known entry, the filter and its
results), and keeps the timeline, the pinned strip, the status bar's counts, the detail pane and
the "nothing here" message in step with them: replacing every entry, merging new and changed
ones, and re-filtering. What to show, and where the view goes, the state decides (without a
widget); this part applies its answers to the widgets.

:class:`~tui_liveblog.ui.app.LiveblogApp` is built on it, with the parts that change it:
:mod:`~tui_liveblog.ui.feed_updates`, :mod:`~tui_liveblog.ui.older_pages`,
:mod:`~tui_liveblog.ui.filter_actions` and :mod:`~tui_liveblog.ui.link_actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.css.query import NoMatches
from textual.widgets import Static

from tui_liveblog.alerts import watch_terms
from tui_liveblog.config import ALERTS
from tui_liveblog.filter_query import FilterQuery
from tui_liveblog.follow import BlogFeed
from tui_liveblog.model import Entry
from tui_liveblog.sanitize import clean_line
from tui_liveblog.ui.filter_index import FilterIndex
from tui_liveblog.ui.reader_state import (
    ReaderState,
    View,
    anchor_before,
    place_after,
    prepend_goes_above,
)
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.detail import DetailPane

if TYPE_CHECKING:
    from tui_liveblog.feed_group import FeedGroup  # (imported when a group is made)
from tui_liveblog.ui.widgets.pinned import PinnedStrip
from tui_liveblog.ui.widgets.status_bar import StatusBar
from tui_liveblog.ui.widgets.timeline import Timeline

FIRST_SCREEN = 300  # entries loaded from the cache before the first paint


class ReaderContents(App[int]):
    """The reader's state and the timeline's contents (the base of :class:`LiveblogApp`)."""

    def __init__(
        self,
        feed: BlogFeed | FeedGroup,
        *,
        interval: float = 30.0,
        tz: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
        follow: bool = True,
        offline: bool = False,
        ascii_only: bool = False,
        theme: str | None = None,
        notices: tuple[str, ...] = (),
        watch: Sequence[str] = (),
        alerts: Mapping[str, bool] | None = None,
    ) -> None:
        super().__init__()
        self.feed = feed
        self.interval = interval
        self.tz = tz
        self._clock = clock
        self.follow = follow and not offline
        self.offline = offline
        self.ascii_only = ascii_only
        # (a page not there yet is waited for: retried like any error, and r retries it now)
        self.follower = feed.make_follower(interval=interval, wait_for_page=True)
        # the entries, the filter and its results, and the decisions on where the view goes
        self.reader = ReaderState()
        self.reader.watch = watch_terms(watch)  # (highlighted, alerted on, and the w view)
        # which kinds of alert a new entry with a watch word sets off (the config's [alerts])
        self.alerts = {kind: True for kind in ALERTS} | dict(alerts or {})
        # the first refresh is in: what it brings was there when the blog was opened (no alert)
        self._watch_armed = False
        # the full history and its filter index, built together in the loading thread
        self._prebuilt: tuple[list[Entry], FilterIndex] | None = None
        self.words: tuple[str, ...] = ()  # the filter's words and phrases (what is highlighted)
        self.filter_text = ""  # the filter as typed
        self._cached = False
        self._older_busy = False
        self._history_complete = True
        # a kept place was just restored: until the first refresh is in, its arrivals go above
        # the kept entry (out of view, counted by the banner) instead of showing at the top
        self._holding_place = False
        # a kept place is looked for (in the first screenful, then the whole history): until
        # then the entry shown meanwhile (the newest) is not marked read
        self._place_pending = False
        # warnings to show once the reader runs: those given before it started, and a theme
        # it does not know (a misspelt theme in the config: not fatal)
        self._notices = list(notices)
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                known = ", ".join(sorted(self.available_themes))
                self._notices.append(
                    f"config.toml: theme = {theme!r} is not a theme; the default is used"
                    f" (themes: {known})"
                )

    # -- the reader's state (:class:`ReaderState`'s) -------------------------------------------
    @property
    def entries(self) -> list[Entry]:
        """Every known entry, newest first."""
        return self.reader.entries

    @property
    def filter_query(self) -> FilterQuery:
        """The filter, parsed (its terms folded)."""
        return self.reader.query

    @filter_query.setter
    def filter_query(self, query: FilterQuery) -> None:
        self.reader.query = query

    @property
    def key_only(self) -> bool:
        """Key events only."""
        return self.reader.key_only

    @key_only.setter
    def key_only(self, value: bool) -> None:
        self.reader.key_only = value

    @property
    def watch_only(self) -> bool:
        """Entries with a watch word only (``w``)."""
        return self.reader.watch_only

    @watch_only.setter
    def watch_only(self, value: bool) -> None:
        self.reader.watch_only = value

    @property
    def watched_words(self) -> tuple[str, ...]:
        """The watch words and phrases, folded."""
        return self.reader.watch

    @property
    def _filter_index(self) -> FilterIndex:
        return self.reader.index

    # -- clock --------------------------------------------------------------------------------
    def now(self) -> datetime:
        if self._clock is not None:
            return self._clock().astimezone(self.tz)
        return datetime.now(self.tz).astimezone(self.tz)

    # -- widgets --------------------------------------------------------------------------------
    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    # -- timeline contents ----------------------------------------------------------------------
    def _replace_all(self, entries: list[Entry]) -> None:
        prebuilt, self._prebuilt = self._prebuilt, None
        if prebuilt is not None and prebuilt[0] is entries:
            index = prebuilt[1]
        elif len(entries) <= FIRST_SCREEN:  # the first screen: indexed when first filtered
            index = FilterIndex()
        else:
            index = FilterIndex(entries)
        self.reader.replace_all(entries, index)
        self._refilter()

    def _apply_changes(self, new: tuple[Entry, ...], changed: tuple[Entry, ...]) -> None:
        timeline = self.timeline
        # (the view before the merge: what a rebuild keeps in place)
        anchors = anchor_before(self._view(), self._id_at, holding=self._holding_place)
        changes = self.reader.apply_changes(new, changed)
        if changes.rebuild:
            # rebuilt: keep the card at the top of the view where it was, and count what was
            # inserted above it (e.g. a post backdated between two the reader has seen); at the
            # top, new entries simply show, unless they push the selected card off the screen
            self._refilter()
            placement = place_after(anchors, self._view(), timeline.index_of, (e.id for e in new))
            if placement is not None:
                timeline.scroll_to(y=placement.scroll_y, animate=False, immediate=True, force=True)
                if placement.above:
                    self.query_one(NewEntriesBanner).count += placement.above
                if timeline.selected is not None:
                    timeline.select_id(timeline.selected.id)  # still in view
        else:
            for entry in changes.changed.values():
                if timeline.index_of(entry.id) is not None:
                    timeline.update_entry(entry)
            shown = changes.shown
            # at the top the new entries simply appear; scrolled away (or when they would push
            # the selected card off the screen), they go in above the view and the banner counts
            above = prepend_goes_above(self._view(), len(shown), holding=self._holding_place)
            if shown and timeline.prepend(shown, above=above):
                self.query_one(NewEntriesBanner).count += len(shown)
        self._after_contents_change()
        if self.detail.entry is not None and self.detail.entry.id in changes.changed:
            self._show_body(changes.changed[self.detail.entry.id])

    def _view(self) -> View:
        """The timeline's geometry, for :mod:`~tui_liveblog.ui.reader_state`'s decisions."""
        timeline = self.timeline
        return View(
            rows=timeline.rows_per_entry,
            scroll_y=int(timeline.scroll_offset.y),
            height=timeline.scrollable_content_region.height if timeline.is_mounted else 0,
            selected=timeline.selected_index,
            count=timeline.entry_count,
            max_y=timeline.max_scroll_y,
            covered=timeline.covered_rows,
        )

    def _id_at(self, index: int) -> str:
        return self.timeline.entry_at(index).id

    def _refilter(self) -> None:
        shown = self.reader.refilter()
        if shown is not None:  # (None: the same entries: the timeline keeps them, and its place)
            self.timeline.set_entries(shown)
        self.timeline.set_highlight(self.filter_query.words, self.filter_query.authors)
        self._after_contents_change()

    def _after_contents_change(self) -> None:
        timeline = self.timeline
        self.query_one(PinnedStrip).set_entries([e for e in self.entries[:500] if e.pinned])
        # (the first screenful from the cache, its history to come: the count is the cache's)
        pending = 0 if self._history_complete else self.feed.cached_total
        self.status.entry_count = max(len(self.entries), pending)
        self.status.matching = timeline.entry_count if self.reader.filtering else None
        if timeline.entry_count or self.entries:
            # a filter that lets nothing through says so in the timeline, which stays (with the
            # focus: the keys keep working) while the detail pane is cleared
            timeline.empty_text = self._nothing_matches()
            self.query_one("#empty").display = False
            timeline.display = True
            self.detail.display = True
            if not timeline.entry_count and self.detail.entry is not None:
                self.detail.show(None)
            if timeline.screen.focused is None:  # (it was hidden: "Loading…", an error)
                timeline.focus()
        if timeline.selected is not None and (
            self.detail.entry is None or self.detail.entry.id != timeline.selected.id
        ):
            self._show_detail(timeline.selected)

    def _nothing_matches(self) -> str:
        """What the timeline says when the filter, the key-events or the watch view lets nothing
        through."""
        if self.watch_only and not self.watched_words:
            return "No watch words set (config.toml, --watch) — w shows all"
        if self.filter_query:
            what = "key events" if self.key_only else "entries"
            query = clean_line(self.filter_text) or self.filter_query.text()
            return f"No {what} match '{query}' — esc clears"
        if self.watch_only:
            what = "key events" if self.key_only else "entries"
            return f"No {what} with a watch word yet — w shows all"
        if self.key_only:
            return "No key events in this blog — K shows all"
        return ""

    def _show_empty(self, text: str) -> None:
        empty = self.query_one("#empty", Static)
        empty.update(text)
        empty.display = True
        self.timeline.display = False
        self.detail.display = bool(self.entries)  # nothing to read: the message gets the room

    def _show_body(self, entry: Entry) -> None:
        """The entry (with its body) in the detail pane, the filter's terms marked."""
        self.detail.show(self.feed.body_of(entry), self.words, self.filter_query.authors)

    def _prepare_next(self) -> None:
        """Render the entry after the selected one ahead (the next ``j``), once the frame that
        shows the selected one is drawn."""
        try:
            timeline, detail = self.timeline, self.detail
        except NoMatches:  # (a screen over the reader's, or the reader closing: not now)
            return
        index = timeline.selected_index + 1
        if 0 < index < timeline.entry_count and detail.display:
            entry = self.feed.body_of(timeline.entry_at(index))
            detail.prepare(entry, self.words, self.filter_query.authors)

    def _show_detail(self, entry: Entry) -> None:
        self._show_body(entry)
        if self._place_pending:  # (shown until the kept place is found: not read by the reader)
            return
        fresh = self.feed.mark_read([entry.id])
        if fresh:
            self._save_read(fresh)
            self.status.unread = len(self.feed.unread)
        self.timeline.mark_read(entry.id)

    @work(group="read", exit_on_error=False)
    async def _save_read(self, ids: list[str]) -> None:
        await self.feed.save_read(ids)  # (the cache write in a thread, off the event loop)
