"""The reader: a thin Textual app wiring the timeline, detail pane, filter and follow worker.

The app is :class:`LiveblogApp`: its layout, keys, command palette and the timeline's events.
What it does with data comes from its parts, each a module of its own: the state and the
timeline's contents (:mod:`~tui_liveblog.ui.reader_contents`), the follow worker and its
messages (:mod:`~tui_liveblog.ui.feed_updates`), older pages
(:mod:`~tui_liveblog.ui.older_pages`), the filter (:mod:`~tui_liveblog.ui.filter_actions`),
watch words and their alerts (:mod:`~tui_liveblog.ui.watch_alerts`), links
(:mod:`~tui_liveblog.ui.link_actions`), the export and copy of entries
(:mod:`~tui_liveblog.ui.export_actions`) and the palette's screenshot and theme commands
(:mod:`~tui_liveblog.ui.palette_actions`). The help screen's rows and the palette's commands
are made from the bindings (:mod:`~tui_liveblog.ui.key_help`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.driver import Driver
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from tui_liveblog import prepaint
from tui_liveblog.errors import CacheError
from tui_liveblog.ui.export_actions import ExportActions
from tui_liveblog.ui.feed_kind import is_group
from tui_liveblog.ui.feed_updates import FeedUpdates
from tui_liveblog.ui.filter_actions import FilterActions
from tui_liveblog.ui.key_help import Described, described, help_rows, key_text
from tui_liveblog.ui.messages import FeedLoaded
from tui_liveblog.ui.older_pages import OlderPages
from tui_liveblog.ui.palette_actions import PaletteActions
from tui_liveblog.ui.reader_contents import FIRST_SCREEN
from tui_liveblog.ui.save_blog import SaveBlog
from tui_liveblog.ui.unread_actions import UnreadActions
from tui_liveblog.ui.versions_screen import VersionActions
from tui_liveblog.ui.widgets.banner import NewEntriesBanner
from tui_liveblog.ui.widgets.detail import DetailPane
from tui_liveblog.ui.widgets.filter_bar import FilterBar
from tui_liveblog.ui.widgets.footer import KeysFooter
from tui_liveblog.ui.widgets.pinned import PinnedStrip
from tui_liveblog.ui.widgets.status_bar import StatusBar
from tui_liveblog.ui.widgets.timeline import Timeline

WIDE = 120  # side by side from this many columns, stacked below
VIEW_SETTING = "view"  # the kept view: COMPACT, or none for the cards
COMPACT = "compact"
BACK_HOME = -1  # the reader's result when esc leaves it for the home screen (cli.home)


PREPARE_AFTER = 0.15  # seconds on an entry before the next one is rendered ahead


class LiveblogApp(
    FeedUpdates,
    OlderPages,
    FilterActions,
    UnreadActions,
    ExportActions,
    PaletteActions,
    SaveBlog,
    VersionActions,
):
    """Read one live blog and follow it.

    Its constructor (the feed and the reader's options) is
    :class:`~tui_liveblog.ui.reader_contents.ReaderContents`'s.
    """

    CSS_PATH = "app.tcss"
    _prepare_timer: Timer | None = None
    back_home = False  # opened from the home screen: esc, with nothing else to close, goes back
    hands_over = False  # leaves its screen up for the next app (ui.takeover)
    # side by side from WIDE columns, stacked below (Textual sets the class on the screen)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 (App declares it so)
    TITLE = "tui-liveblog"

    # (a binding's description is the footer's word and the palette's command; its tooltip, if
    # any, says it at more length, in the help and the palette: see ui/key_help.py)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        # (priority: handled before the keys typed after it are sent on to the timeline)
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip='Filter: "a b" by:name -word; ↑ past',
            priority=True,
        ),
        Binding("n", "next_match", "Next match", show=False),
        Binding("N", "previous_match", "Previous match", show=False),
        Binding("space", "jump_new", "Jump to new entries", show=False),
        Binding("u", "next_unread", "Next unread", show=False),
        Binding("U", "previous_unread", "Previous unread", show=False),
        Binding("A", "mark_all_read", "Mark all read", show=False),
        Binding("K", "key_events", "Key events", tooltip="Key events only"),
        Binding("w", "watch_view", "Watch matches", tooltip="Watch matches only", show=False),
        Binding("L", "load_older", "Load older entries", show=False),
        Binding("v", "toggle_view", "Compact list / cards", show=False),
        Binding("z", "full_detail", "Full-screen detail", show=False),
        Binding("p", "next_pinned", "Next pinned entry", show=False),
        Binding("r", "refresh_now", "Refresh", tooltip="Refresh now"),
        Binding("f", "toggle_follow", "Pause/resume", tooltip="Pause or resume following"),
        Binding("o", "open_link", "Open link", tooltip="Open the entry's link", show=False),
        Binding("y", "copy_link", "Copy link", tooltip="Copy the entry's link", show=False),
        Binding("a", "save_blog", "Save blog", show=False),
        Binding("c", "copy_entry", "Copy entry", tooltip="Copy entry as Markdown", show=False),
        Binding("e", "export_view", "Export", tooltip="Save view as Markdown", show=False),
        Binding("d", "show_versions", "Versions", show=False),
        Binding("question_mark", "help", "Help", tooltip="Show the keys"),
        Binding(
            "escape",
            "back_out",
            "Back",
            tooltip="Close: filter bar, detail, filter, K, w",
            show=False,
        ),
    ]
    TEXTUAL_KEYS: ClassVar[list[BindingType]] = [
        # Textual's own keys (the screen's tab, the app's ctrl+p), described for the help
        Binding("tab", "focus_next", "Switch pane", tooltip="Switch between timeline and detail"),
        Binding(
            "ctrl+p", "command_palette", "Command palette", tooltip="Command palette (themes too)"
        ),
    ]
    KEY_ROWS: ClassVar[tuple[tuple[str, ...], ...]] = (
        # the help's rows: the keys of these actions share one, in this order (an action in none
        # has its own, after these)
        ("cursor_down", "cursor_up"),
        ("open", "full_detail"),
        ("first", "last"),
        ("page_down", "page_up"),
        ("half_page_down", "half_page_up"),
        ("load_older", "jump_new"),
        ("filter",),
        ("next_match", "previous_match"),
        ("next_unread", "previous_unread", "mark_all_read"),
        ("key_events", "watch_view", "show_versions"),
        ("toggle_view", "next_pinned"),
        ("refresh_now", "toggle_follow"),
        ("open_link", "copy_link", "save_blog"),
        ("copy_entry", "export_view"),
        ("focus_next",),
        ("back_out",),
        ("command_palette",),
        ("help", "quit"),
    )

    @classmethod
    def described_keys(cls) -> list[Described]:
        """Every binding with a description: the timeline's, the app's, the detail pane's, and
        Textual's own tab and ctrl+p."""
        return described(
            [
                (Timeline, Timeline.BINDINGS),
                (cls, cls.BINDINGS),
                (DetailPane, DetailPane.BINDINGS),
                (cls, cls.TEXTUAL_KEYS),
            ]
        )

    @classmethod
    def help_rows(cls) -> list[tuple[str, str]]:
        """The help screen's rows, (keys, what they do), made from the bindings."""
        return help_rows(cls.described_keys(), cls.KEY_ROWS)

    def get_driver_class(self) -> type[Driver]:
        """Textual's own driver, or the one that takes over a pre-painted first screen (and
        hands the screen back to the home screen), or on a web page the one that hands the page
        back to the home screen (called by App's constructor: before ``back_home`` is set)."""
        default = super().get_driver_class()
        if prepaint.painted() or self.back_home or default.__module__.endswith(".web_driver"):
            from tui_liveblog.ui.takeover import driver_for

            return driver_for(self, default)
        return default

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # the breakpoint's class from the start (Textual sets it at the first resize, which then
        # restyles and lays out every widget again, on the way to the first frame)
        wide = self.size.width >= WIDE
        self.screen.set_class(wide, "-wide").set_class(not wide, "-narrow")
        yield StatusBar(clock=self.now, tz=self.tz, id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield PinnedStrip(id="pinned")
                yield NewEntriesBanner(id="banner")
                timeline = Timeline(now=self.now, ascii_only=self.ascii_only, id="timeline")
                timeline.compact = self._kept_view() == COMPACT
                timeline.set_watch(self.watched_words)
                yield timeline
                yield Static("", id="empty", markup=False)  # messages quote URLs and errors
            detail = DetailPane(self.tz, id="detail")
            detail.watched = self.watched_words
            yield detail
        yield FilterBar(id="filter")
        yield KeysFooter()

    def on_mount(self) -> None:
        for notice in self._notices:  # (file names and values quoted: no markup)
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self.timeline.focus()
        self.timeline.preview = self._show_body  # (read when Timeline.Selected comes)
        # the banner is drawn over the timeline's top line: the selected card keeps clear of it
        self.watch(
            self.query_one(NewEntriesBanner), "count", lambda n: self.timeline.cover_top(n > 0)
        )
        self.status.title = self.feed.source  # until the blog says its title
        if is_group(self.feed):  # several blogs: each card names its own
            self.timeline.set_origin(self.feed.label)
            self.detail.origin = self.feed.describe
            self.status.title = " + ".join(ref.label for ref in self.feed.refs)
        self.set_interval(60, self.timeline.refresh_times)
        # the newest screenful from the cache now (a few ms), so the first frame has entries;
        # the rest of the history and the first refresh follow in the worker
        feed = self.feed
        self._cached = feed.load_cache(bodies=False, limit=FIRST_SCREEN)
        self._restore_filter()  # (this blog's kept filter: the first screen is filtered)
        if self._cached:
            self._read_place()  # (restored as the cached entries reach the timeline)
        if not self._cached:
            self._show_empty("Loading…")
        else:
            complete = len(feed.known) < FIRST_SCREEN
            self.post_message(
                FeedLoaded(feed.blog, feed.entries, frozenset(feed.unread), True, complete)
            )
        self._start()

    # -- timeline events --------------------------------------------------------------------------
    @on(Timeline.Selected)
    def _selected(self, message: Timeline.Selected) -> None:
        timeline = self.timeline
        if timeline.selected is None or timeline.selected.id != message.entry.id:
            return  # overtaken (keys typed faster than this came): no longer what is selected
        self._show_detail(message.entry)
        # the next entry rendered ahead once the reader rests on this one (not between keys
        # typed or held in a row: that work would only delay the next of them)
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(PREPARE_AFTER, self._prepare_next)
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

    def action_jump_new(self) -> None:
        self.timeline.action_first()
        self.query_one(NewEntriesBanner).count = 0
        self.timeline.focus()

    # -- views ------------------------------------------------------------------------------------
    def _kept_view(self) -> object:
        store = self.feed.store
        try:
            return None if store is None else store.setting(VIEW_SETTING)
        except CacheError:  # (a cache locked or unreadable: the cards, as by default)
            return None

    def action_toggle_view(self) -> None:
        """``v``: the compact view (one line per entry) or the cards; the choice is kept."""
        timeline = self.timeline
        timeline.compact = not timeline.compact
        store = self.feed.store
        if store is not None:
            try:
                store.save_setting(VIEW_SETTING, COMPACT if timeline.compact else None)
            except CacheError as err:
                self.notify(f"The view is not kept for next time: {err}", severity="warning",
                            markup=False)  # fmt: skip

    @property
    def full_detail(self) -> bool:
        """Whether the detail pane fills the screen (``z``)."""
        return self.query_one("#main").has_class("-full-detail")

    def action_full_detail(self) -> None:
        """``z``: the detail pane full screen, or back beside (or under) the timeline."""
        full = not self.full_detail
        self.query_one("#main").set_class(full, "-full-detail")
        if full:
            self.detail.focus()

    def action_next_pinned(self) -> None:
        """``p``: select and open the next pinned entry (wrapping round)."""
        entry = self.timeline.next_pinned()
        if entry is None:
            self.notify("No pinned entry in the timeline.", timeout=3)
            return
        self.timeline.select_id(entry.id)
        self._show_detail(entry)
        self.detail.focus()

    # -- misc ------------------------------------------------------------------------------------
    def action_help(self) -> None:
        from tui_liveblog.ui.help_screen import HelpScreen  # (not before the first frame)

        self.push_screen(HelpScreen(self.help_rows()))

    def action_back_out(self) -> None:
        """``esc`` closes the innermost thing open: the filter bar while typing (its own ``esc``),
        the full-screen detail pane, its focus, then a kept filter, then the key-events view,
        then the watch view; with nothing left to close, a reader opened from the home
        screen goes back to it."""
        if self.full_detail:
            self.action_full_detail()
        elif self.focused is not self.timeline:  # the detail pane (or nothing): the timeline
            self.timeline.focus()
        elif self._clear_kept_filter():
            pass
        elif self.key_only:
            self.action_key_events()
        elif self.watch_only:
            self.action_watch_view()
        elif self.back_home:
            self.hands_over = True  # (its frame stays up until the home screen's replaces it)
            self.exit(BACK_HOME)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        """Every action a key runs, once, called as its binding is (its keys in its help text);
        Textual's commands that are not among them (Screenshot, themes, Keys…)."""
        keys = self.described_keys()
        actions: dict[str, Described] = {}  # (each action's first binding, in order)
        for binding in keys:
            if binding.action != "command_palette":  # (the palette itself)
                actions.setdefault(binding.action, binding)
        titles = {b.binding.description for b in actions.values()}
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":  # (Textual's fails without ~/Downloads)
                command = SystemCommand(
                    "Screenshot",
                    "Save an SVG of the screen in ~/Downloads, or else the current folder",
                    lambda: self.set_timer(0.1, self.action_save_screenshot),  # (palette gone)
                )
            if command.title not in titles:  # (Textual's Quit is the reader's q)
                yield command
        for action, first in actions.items():
            yield SystemCommand(
                first.binding.description,
                f"{first.what} ({key_text(keys, action)})",
                partial(self._run_bound, action, [b.owner for b in keys if b.action == action]),
            )

    async def _run_bound(self, action: str, owners: list[type]) -> None:
        """Run a bound action as its key would: in the focused pane if it binds it, else in the
        first widget (or the app) that does."""
        focused = self.screen.focused
        if focused is not None and type(focused) in owners:
            await focused.run_action(action)
            return
        for target in (self.timeline, self.detail, self):
            if type(target) in owners:
                await target.run_action(action)
                return

    async def on_unmount(self) -> None:
        await self.feed.fetcher.aclose()
