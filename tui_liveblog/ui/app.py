"""The reader: a thin Textual app wiring the timeline, detail pane, filter and follow worker."""

from __future__ import annotations

import asyncio
import gc
import webbrowser
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, tzinfo
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui_liveblog.errors import LiveblogError
from tui_liveblog.follow import BlogFeed, Follower, Update
from tui_liveblog.model import Changes, Entry, sort_entries
from tui_liveblog.query import filter_words
from tui_liveblog.sanitize import clean_line, safe_url
from tui_liveblog.ui.filter_index import FilterIndex
from tui_liveblog.ui.help_screen import HelpScreen
from tui_liveblog.ui.messages import FeedFailed, FeedLoaded, FeedUpdated, OlderLoaded
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.detail import DetailPane
from tui_liveblog.ui.widgets.filter_bar import FilterBar
from tui_liveblog.ui.widgets.pinned import PinnedStrip
from tui_liveblog.ui.widgets.status_bar import StatusBar
from tui_liveblog.ui.widgets.timeline import Timeline

WIDE = 120  # side by side from this many columns, stacked below
FIRST_SCREEN = 300  # entries loaded from the cache before the first paint


class LiveblogApp(App[int]):
    """Read one live blog and follow it."""

    CSS_PATH = "app.tcss"
    # side by side from WIDE columns, stacked below (Textual sets the class on the screen)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 (App declares it so)
    TITLE = "tui-liveblog"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("slash", "filter", "Filter"),
        Binding("n", "next_match", "Next match", show=False),
        Binding("N", "previous_match", "Previous match", show=False),
        Binding("space", "jump_new", "Newest", show=False),
        Binding("K", "key_events", "Key events"),
        Binding("L", "load_older", "Load older", show=False),
        Binding("r", "refresh_now", "Refresh"),
        Binding("f", "toggle_follow", "Pause/resume"),
        Binding("o", "open_link", "Open link", show=False),
        Binding("y", "copy_link", "Copy link", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "to_timeline", "Timeline", show=False),
    ]

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
    ) -> None:
        super().__init__()
        self.feed = feed
        self.interval = interval
        self.tz = tz
        self._clock = clock
        self.follow = follow and not offline
        self.offline = offline
        self.ascii_only = ascii_only
        self.follower = Follower(feed, interval=interval)
        self.entries: list[Entry] = []  # every known entry, newest first
        self._filter_index = FilterIndex()  # what the filter searches besides entry.text
        # the full history and its filter index, built together in the loading thread
        self._prebuilt: tuple[list[Entry], FilterIndex] | None = None
        self.words: tuple[str, ...] = ()
        self.key_only = False
        # the filter's last result (what the timeline shows) and a few recent ones, by query:
        # typing on narrows the last result, backspace finds the result it had
        self._filtered_from: tuple[tuple[str, ...], bool, list[Entry]] | None = None
        self._recent: dict[tuple[tuple[str, ...], bool], list[Entry]] = {}
        self._cached = False
        self._older_busy = False
        self._history_complete = True
        if theme:
            self.theme = theme

    # -- clock --------------------------------------------------------------------------------
    def now(self) -> datetime:
        if self._clock is not None:
            return self._clock().astimezone(self.tz)
        return datetime.now(self.tz).astimezone(self.tz)

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(clock=self.now, tz=self.tz, id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield PinnedStrip(id="pinned")
                yield NewEntriesBanner(id="banner")
                yield Timeline(now=self.now, ascii_only=self.ascii_only, id="timeline")
                yield Static("", id="empty", markup=False)  # messages quote URLs and errors
            yield DetailPane(self.tz, id="detail")
        yield FilterBar(id="filter")
        yield Footer()

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.timeline.focus()
        self.status.title = self.feed.source  # until the blog says its title
        self.set_interval(60, self.timeline.refresh_times)
        # the newest screenful from the cache now (a few ms), so the first frame has entries;
        # the rest of the history and the first refresh follow in the worker
        feed = self.feed
        self._cached = feed.load_cache(bodies=False, limit=FIRST_SCREEN)
        if not self._cached:
            self._show_empty("Loading…")
        else:
            complete = len(feed.known) < FIRST_SCREEN
            self.post_message(
                FeedLoaded(feed.blog, feed.entries, frozenset(feed.unread), True, complete)
            )
        self._start()

    # -- data in ------------------------------------------------------------------------------
    @work(exclusive=True, group="follow", exit_on_error=False)
    async def _start(self) -> None:
        feed = self.feed
        if self._cached:
            if len(feed.known) >= FIRST_SCREEN:  # more history than the first screen
                await asyncio.sleep(0.05)  # let the first screen reach the terminal

                def load_history() -> tuple[list[Entry], FilterIndex]:
                    feed.load_cache(bodies=False)
                    history = feed.entries
                    index = FilterIndex(history)  # ~10 µs an entry: not in the UI thread
                    # a big history is long-lived and acyclic: take it out of the cyclic GC's
                    # scans, which otherwise cost ~60 ms (a dropped frame) at 50k entries
                    gc.freeze()
                    return history, index

                entries, index = await asyncio.to_thread(load_history)
                self._prebuilt = (entries, index)
                self.post_message(
                    FeedLoaded(feed.blog, entries, frozenset(feed.unread), True, True)
                )
        elif self.offline:
            self.post_message(FeedFailed("not in the cache: drop --offline to fetch it"))
            return
        if not self.follow:
            return
        async for update in self.follower.updates():
            self.post_message(FeedUpdated(feed.blog, update))
            if update.fatal:
                self.post_message(FeedFailed(update.error or "cannot read this source"))
                return

    @on(FeedLoaded)
    def _loaded(self, message: FeedLoaded) -> None:
        self.status.set_blog(message.blog)
        self._set_state(message.blog)
        if message.from_cache:
            self.status.last_refresh = self.feed.fetched_at
            if self.offline:
                self.status.state = "offline"
        self._history_complete = message.complete
        self._replace_all(message.entries)
        self.timeline.set_unread(message.unread)

    @on(FeedUpdated)
    def _updated(self, message: FeedUpdated) -> None:
        update: Update = message.update
        status = self.status
        status.set_blog(message.blog)
        if update.error:
            status.error = update.error
            if not self.entries:
                self._show_empty(
                    f"Could not load the blog: {update.error}\n\nPress r to try again now."
                )
                if status.state == "loading":
                    status.state = "error"
        else:
            status.error = None
            status.last_refresh = update.fetched_at
            self._set_state(message.blog)
        status.next_refresh = self.now() + timedelta(seconds=update.next_in)
        changes = update.changes
        if not changes:
            if not update.error and not self.entries:
                self._show_empty("No entries yet. New ones will appear here as they are posted.")
            return
        self._apply_changes(changes.new, changes.edited + changes.removed)
        self.timeline.set_unread(frozenset(self.feed.unread))

    @on(FeedFailed)
    def _failed(self, message: FeedFailed) -> None:
        self.status.state = "error"
        self.status.error = message.error
        self.status.next_refresh = None
        if not self.entries:
            self._show_empty(f"{message.error}\n\nThis source cannot be read as a live blog.")

    def _set_state(self, blog: object) -> None:
        live = getattr(blog, "live", None)
        if self.follower.paused:
            self.status.state = "paused"
        elif self.offline:
            self.status.state = "offline"
        elif live is False:
            self.status.state = "ended"
        else:
            self.status.state = "live"

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
        if not simple or (ids and (self.words or self.key_only)):
            # rebuilt: keep the card at the top of the view where it was, and count what was
            # inserted above it (e.g. a post backdated between two the reader has seen)
            anchor = timeline.view_anchor()
            self._refilter()
            if anchor is not None and timeline.restore_view_anchor(anchor):
                top = timeline.index_of(anchor[0]) or 0
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
            if shown:
                # at the top the new entries simply appear; scrolled away, the banner counts them
                at_top = timeline.scroll_y == 0
                timeline.prepend(shown)
                if not at_top:
                    banner = self.query_one(NewEntriesBanner)
                    banner.count += len(shown)
        self._after_contents_change()
        if self.detail.entry is not None and self.detail.entry.id in ids:
            self.detail.show(self.feed.body_of(by_id[self.detail.entry.id]), self.words)

    def _matches(self, entry: Entry) -> bool:
        if self.key_only and not entry.key_event:
            return False
        return self._filter_index.matches(entry, self.words)

    def _forget_results(self) -> None:
        """The entries changed: earlier filter results no longer hold."""
        self._filtered_from = None
        self._recent.clear()

    def _refilter(self) -> None:
        words, key_only = self.words, self.key_only
        previous = self._filtered_from
        source: list[Entry] | None = None
        recent = self._recent
        cached = recent.pop((words, key_only), None)
        if not words and not key_only:
            shown = self.entries
            recent.clear()  # the filter is off: let the results go
        elif cached is not None:
            shown = cached
        else:
            source = self.entries
            todo, only_key = words, key_only
            # typing more of a word only narrows: filter the previous result, not everything,
            # by the words it was not already filtered by
            if (
                previous is not None
                and previous[1] == key_only
                and len(words) >= len(previous[0])
                and all(any(p in w for w in words) for p in previous[0])
                and previous[0]
            ):
                source = previous[2]
                todo = tuple(w for w in words if w not in previous[0])
                only_key = False  # already applied
            shown = self._filter_index.filter(source, todo, key_only=only_key)
        if previous is not None and (
            shown is previous[2] or (source is previous[2] and len(shown) == len(source))
        ):
            shown = previous[2]  # the same entries: the timeline keeps them (and its place)
        else:
            self.timeline.set_entries(shown)
        self._filtered_from = (words, key_only, shown)
        if words or key_only:
            recent[(words, key_only)] = shown
            while len(recent) > 12:
                del recent[next(iter(recent))]
        self.timeline.set_highlight(words)
        self._after_contents_change()

    def _after_contents_change(self) -> None:
        timeline = self.timeline
        self.query_one(PinnedStrip).set_entries([e for e in self.entries[:500] if e.pinned])
        self.status.entry_count = len(self.entries)
        self.status.matching = timeline.entry_count if self.words or self.key_only else None
        if timeline.entry_count:
            self.query_one("#empty").display = False
            timeline.display = True
            self.detail.display = True
        elif self.entries:
            self._show_empty("No entries match the filter.")
        if timeline.selected is not None and (
            self.detail.entry is None or self.detail.entry.id != timeline.selected.id
        ):
            self._show_detail(timeline.selected)

    def _show_empty(self, text: str) -> None:
        empty = self.query_one("#empty", Static)
        empty.update(text)
        empty.display = True
        self.timeline.display = False
        self.detail.display = bool(self.entries)  # nothing to read: the message gets the room

    def _show_detail(self, entry: Entry) -> None:
        self.detail.show(self.feed.body_of(entry), self.words)
        fresh = self.feed.mark_read([entry.id])
        if fresh:
            self._save_read(fresh)
        self.timeline.mark_read(entry.id)

    @work(group="read", exit_on_error=False)
    async def _save_read(self, ids: list[str]) -> None:
        await self.feed.save_read(ids)  # (the cache write in a thread, off the event loop)

    # -- timeline events --------------------------------------------------------------------------
    @on(Timeline.Selected)
    def _selected(self, message: Timeline.Selected) -> None:
        self._show_detail(message.entry)
        timeline = self.timeline
        if timeline.selected_index == 0:
            self.query_one(NewEntriesBanner).count = 0
        if timeline.selected_index == timeline.entry_count - 1 and self._history_complete:
            self._load_older(quiet=True)  # the end of the timeline: fetch what came before

    @on(Timeline.Opened)
    def _opened(self, message: Timeline.Opened) -> None:
        self._show_detail(message.entry)
        self.detail.focus()

    @on(NewEntriesBanner.Clicked)
    def _banner_clicked(self) -> None:
        self.action_jump_new()

    @on(PinnedStrip.Clicked)
    def _pinned_clicked(self, message: PinnedStrip.Clicked) -> None:
        if not self.timeline.select_id(message.entry.id):
            self._show_detail(message.entry)

    # -- filter -------------------------------------------------------------------------------------
    @on(FilterBar.QueryChanged)
    def _filter_changed(self, message: FilterBar.QueryChanged) -> None:
        words = filter_words(message.query)
        if words == self.words:  # a space typed, say: nothing to filter again
            return
        self.words = words
        self._refilter()
        self.detail.words = self.words
        self.detail.rerender()

    @on(FilterBar.FilterClosed)
    def _filter_closed(self, message: FilterBar.FilterClosed) -> None:
        self.timeline.focus()

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()

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

    # -- older pages -------------------------------------------------------------------------------
    def action_load_older(self) -> None:
        self._load_older(quiet=False)

    def _load_older(self, *, quiet: bool) -> None:
        """Fetch the page before the oldest entry, where the source pages back in time."""
        if self._older_busy:
            return
        if self.offline or not self.feed.can_load_older:
            if not quiet:
                self.notify("No older entries to fetch from this source.", timeout=3)
            return
        self._older_busy = True
        self.status.older = True
        self._fetch_older()

    @work(exclusive=True, group="older", exit_on_error=False)
    async def _fetch_older(self) -> None:
        try:
            refresh = await self.feed.load_older()
        except LiveblogError as err:
            self.post_message(OlderLoaded(Changes(), error=str(err)))
            return
        except Exception as err:  # a bug must not leave "loading older…" up for good
            reason = clean_line(f"{type(err).__name__}: {err}")[:200]
            self.post_message(OlderLoaded(Changes(), error=f"{reason} (a bug)"))
            return
        if refresh is None:
            self.post_message(OlderLoaded(Changes(), exhausted=True))
        else:
            self.post_message(OlderLoaded(refresh.changes, exhausted=not self.feed.can_load_older))

    @on(OlderLoaded)
    def _older_loaded(self, message: OlderLoaded) -> None:
        self._older_busy = False
        self.status.older = False
        if message.error:
            self.notify(
                f"Could not load older entries: {message.error}", severity="warning", markup=False
            )
            return
        changes = message.changes
        if changes:
            self._apply_changes(changes.new, changes.edited + changes.removed)
        count = len(changes.new)
        if count:
            more = "" if not message.exhausted else " (that is the whole history)"
            self.notify(
                f"Loaded {count} older {'entry' if count == 1 else 'entries'}{more}.", timeout=3
            )
        elif message.exhausted:
            self.notify("That is the whole history: nothing older.", timeout=3)

    # -- following -------------------------------------------------------------------------------
    def action_refresh_now(self) -> None:
        if not self.follow:
            self.notify("Not following (offline or a file that was read once).", severity="warning")
            return
        self.follower.wake()
        self.notify("Refreshing…", timeout=2)

    def action_toggle_follow(self) -> None:
        if not self.follow:
            self.notify("Not following this source.", severity="warning")
            return
        self.follower.paused = not self.follower.paused
        if self.follower.paused:
            self.status.state = "paused"
            self.notify("Following paused: press f to resume.")
        else:
            self._set_state(self.feed.blog)
            self.follower.wake()
            self.notify("Following resumed.")

    def action_jump_new(self) -> None:
        self.timeline.action_first()
        self.query_one(NewEntriesBanner).count = 0
        self.timeline.focus()

    # -- links -----------------------------------------------------------------------------------
    def _entry_link(self) -> str | None:
        entry = self.timeline.selected
        if entry is None:
            return None
        return safe_url(entry.url) or next((u for u in entry.links if u.startswith("http")), None)

    async def action_open_link(self) -> None:
        url = self._entry_link()
        if url is None or not url.startswith(("http://", "https://")):
            self.notify("This entry has no web link to open.", severity="warning")
            return
        self.notify(f"Opening {url}", timeout=3, markup=False)
        await asyncio.to_thread(webbrowser.open, url)

    def action_copy_link(self) -> None:
        url = self._entry_link()
        if url is None:
            blog = self.feed.blog
            url = blog.url if blog is not None else self.feed.source
            self.notify(
                f"This entry has no link of its own: copied the blog's URL\n{url}", markup=False
            )
        else:
            self.notify(f"Copied {url}", timeout=3, markup=False)
        self.copy_to_clipboard(url)

    # -- misc ------------------------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_to_timeline(self) -> None:
        if self.focused is self.detail or self.focused is None:
            self.timeline.focus()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        yield from super().get_system_commands(screen)
        yield SystemCommand("Filter", "Narrow the timeline as you type (/)", self.action_filter)
        yield SystemCommand(
            "Key events only", "Toggle showing key events only (K)", self.action_key_events
        )
        yield SystemCommand("Refresh now", "Fetch the blog now (r)", self.action_refresh_now)
        yield SystemCommand(
            "Pause or resume following", "Stop or restart refreshing (f)", self.action_toggle_follow
        )
        yield SystemCommand(
            "Jump to newest", "Go to the newest entry (space, g)", self.action_jump_new
        )
        yield SystemCommand("Oldest entry", "Go to the oldest entry (G)", self.timeline.action_last)
        yield SystemCommand(
            "Load older entries",
            "Fetch the page before the oldest entry (L)",
            self.action_load_older,
        )
        yield SystemCommand(
            "Open link", "Open the entry's link in the browser (o)", self.action_open_link
        )
        yield SystemCommand("Copy link", "Copy the entry's link (y)", self.action_copy_link)
        yield SystemCommand(
            "Next match", "Next entry matching the filter (n)", self.action_next_match
        )
        yield SystemCommand(
            "Previous match", "Previous matching entry (N)", self.action_previous_match
        )
        yield SystemCommand("Help", "Show the keys (?)", self.action_help)

    async def on_unmount(self) -> None:
        await self.feed.fetcher.aclose()
