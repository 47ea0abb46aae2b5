"""The base of the reader app: its state, and what the timeline and the panes around it show.

:class:`ReaderContents` holds the feed, the follower, every known entry and the filter's state,
and keeps the timeline, the pinned strip, the status bar's counts, the detail pane and the
"nothing here" message in step with them: replacing every entry, merging new and changed ones,
and re-filtering (narrowing the last result, or reusing a recent one).

:class:`~tui_liveblog.ui.app.LiveblogApp` is built on it, with the parts that change it:
:mod:`~tui_liveblog.ui.feed_updates`, :mod:`~tui_liveblog.ui.older_pages`,
:mod:`~tui_liveblog.ui.filter_actions` and :mod:`~tui_liveblog.ui.link_actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

from textual import work
from textual.app import App
from textual.widgets import Static

from tui_liveblog.filter_query import FilterQuery
from tui_liveblog.follow import BlogFeed, Follower
from tui_liveblog.model import Entry, sort_entries
from tui_liveblog.sanitize import clean_line
from tui_liveblog.ui.filter_index import FilterIndex
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.detail import DetailPane
from tui_liveblog.ui.widgets.pinned import PinnedStrip
from tui_liveblog.ui.widgets.status_bar import StatusBar
from tui_liveblog.ui.widgets.timeline import Timeline

FIRST_SCREEN = 300  # entries loaded from the cache before the first paint


class ReaderContents(App[int]):
    """The reader's state and the timeline's contents (the base of :class:`LiveblogApp`)."""

    def __init__(
        self,
        feed: BlogFeed,
        *,
        interval: float = 30.0,
        tz: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
        follow: bool = True,
        offline: bool = False,
        ascii_only: bool = False,
        theme: str | None = None,
        notices: tuple[str, ...] = (),
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
        self.follower = Follower(feed, interval=interval, wait_for_page=True)
        self.entries: list[Entry] = []  # every known entry, newest first
        self._filter_index = FilterIndex()  # what the filter searches besides entry.text
        # the full history and its filter index, built together in the loading thread
        self._prebuilt: tuple[list[Entry], FilterIndex] | None = None
        self.filter_query = FilterQuery()  # the filter, parsed (its terms folded)
        self.words: tuple[str, ...] = ()  # its words and phrases (what is highlighted)
        self.filter_text = ""  # the filter as typed
        self.key_only = False
        # the filter's last result (what the timeline shows) and a few recent ones, by query:
        # typing on narrows the last result, backspace finds the result it had
        self._filtered_from: tuple[FilterQuery, bool, list[Entry]] | None = None
        self._recent: dict[tuple[FilterQuery, bool], list[Entry]] = {}
        self._cached = False
        self._older_busy = False
        self._history_complete = True
        # a kept place was just restored: until the first refresh is in, its arrivals go above
        # the kept entry (out of view, counted by the banner) instead of showing at the top
        self._holding_place = False
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
    def _index(self, entries: Iterable[Entry]) -> None:
        self._filter_index.add(entries)

    def _replace_all(self, entries: list[Entry]) -> None:
        self.entries = entries
        prebuilt, self._prebuilt = self._prebuilt, None
        if prebuilt is not None and prebuilt[0] is entries:
            self._filter_index = prebuilt[1]
        elif len(entries) <= FIRST_SCREEN:  # the first screen: indexed when first filtered
            self._filter_index = FilterIndex()
        else:
            self._filter_index = FilterIndex(entries)
        self._forget_results()
        self._refilter()

    def _apply_changes(self, new: tuple[Entry, ...], changed: tuple[Entry, ...]) -> None:
        self._index(new)
        self._index(changed)
        by_id = {e.id: e for e in changed}
        ids = set(by_id)
        if ids:
            self.entries = [by_id.get(e.id, e) for e in self.entries]
        newest = self.entries[0].published if self.entries else None
        fresh = sort_entries(new)
        simple = all(
            e.published is not None and (newest is None or e.published >= newest) for e in fresh
        )
        self.entries = fresh + self.entries if simple else sort_entries([*new, *self.entries])
        self._forget_results()
        timeline = self.timeline
        if not simple or (ids and (self.filter_query or self.key_only)):
            # rebuilt: keep the card at the top of the view where it was, and count what was
            # inserted above it (e.g. a post backdated between two the reader has seen); at the
            # top, new entries simply show, unless they push the selected card off the screen
            anchor = timeline.view_anchor()
            if anchor is None and self._holding_place:
                anchor = timeline.selection_anchor()
            keep = timeline.selection_anchor() if anchor is None else None
            self._refilter()
            selected = timeline.selected_index
            if keep is not None and selected >= 0 and not timeline.fits_at_top(selected):
                anchor = keep  # the selected card stays where it was
            if anchor is not None and timeline.restore_view_anchor(anchor):
                top = timeline.first_visible_index
                places = (timeline.index_of(e.id) for e in new)
                above = sum(1 for i in places if i is not None and i < top)
                if above:
                    self.query_one(NewEntriesBanner).count += above
                if timeline.selected is not None:
                    timeline.select_id(timeline.selected.id)  # still in view
        else:
            for entry in changed:
                if timeline.index_of(entry.id) is not None:
                    timeline.update_entry(entry)
            shown = [e for e in fresh if self._matches(e)]
            # at the top the new entries simply appear; scrolled away (or when they would push
            # the selected card off the screen), they go in above the view and the banner counts
            if shown and timeline.prepend(shown, above=self._holding_place):
                self.query_one(NewEntriesBanner).count += len(shown)
        self._after_contents_change()
        if self.detail.entry is not None and self.detail.entry.id in ids:
            self._show_body(by_id[self.detail.entry.id])

    def _matches(self, entry: Entry) -> bool:
        if self.key_only and not entry.key_event:
            return False
        return self._filter_index.matches(entry, self.filter_query)

    def _forget_results(self) -> None:
        """The entries changed: earlier filter results no longer hold."""
        self._filtered_from = None
        self._recent.clear()

    def _refilter(self) -> None:
        query, key_only = self.filter_query, self.key_only
        previous = self._filtered_from
        source: list[Entry] | None = None
        recent = self._recent
        cached = recent.pop((query, key_only), None)
        if not query and not key_only:
            shown = self.entries
            recent.clear()  # the filter is off: let the results go
        elif cached is not None:
            shown = cached
        else:
            source = self.entries
            todo, only_key = query, key_only
            # typing more of a word only narrows: filter the previous result, not everything,
            # by the terms it was not already filtered by
            if (
                previous is not None
                and previous[1] == key_only
                and previous[0]
                and query.narrows(previous[0])
            ):
                source = previous[2]
                todo = query.without(previous[0])
                only_key = False  # already applied
            shown = self._filter_index.filter(source, todo, key_only=only_key)
        if previous is not None and (
            shown is previous[2] or (source is previous[2] and len(shown) == len(source))
        ):
            shown = previous[2]  # the same entries: the timeline keeps them (and its place)
        else:
            self.timeline.set_entries(shown)
        self._filtered_from = (query, key_only, shown)
        if query or key_only:
            recent[(query, key_only)] = shown
            while len(recent) > 12:
                del recent[next(iter(recent))]
        self.timeline.set_highlight(query.words, query.authors)
        self._after_contents_change()

    def _after_contents_change(self) -> None:
        timeline = self.timeline
        self.query_one(PinnedStrip).set_entries([e for e in self.entries[:500] if e.pinned])
        self.status.entry_count = len(self.entries)
        self.status.matching = timeline.entry_count if self.filter_query or self.key_only else None
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
        """What the timeline says when the filter or the key-events view lets nothing through."""
        if self.filter_query:
            what = "key events" if self.key_only else "entries"
            query = clean_line(self.filter_text) or self.filter_query.text()
            return f"No {what} match '{query}' — esc clears"
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

    def _show_detail(self, entry: Entry) -> None:
        self._show_body(entry)
        fresh = self.feed.mark_read([entry.id])
        if fresh:
            self._save_read(fresh)
            self.status.unread = len(self.feed.unread)
        self.timeline.mark_read(entry.id)

    @work(group="read", exit_on_error=False)
    async def _save_read(self, ids: list[str]) -> None:
        await self.feed.save_read(ids)  # (the cache write in a thread, off the event loop)
