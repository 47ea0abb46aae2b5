"""The home screen (bare ``liveblog`` with saved blogs): each saved blog on two lines, in the
config's order, refreshed in the background (:mod:`.refresh`).

It is an App of its own: ``enter`` exits it with the chosen blog's name, which the CLI opens
in the reader (pre-painted, as any reader start); when the reader is left with ``esc``, the CLI
runs the home screen again, on the same blog (:func:`tui_liveblog.cli.read.run_home`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.widgets import OptionList, Static

from tui_liveblog.fetch import Fetcher
from tui_liveblog.store.overview import BlogLine
from tui_liveblog.ui.home.blog_list import BlogList
from tui_liveblog.ui.home.messages import BlogFailed, BlogRefreshed
from tui_liveblog.ui.home.refresh import FeedMaker, HomeRefresh
from tui_liveblog.ui.key_help import described, help_rows
from tui_liveblog.ui.takeover import driver_for
from tui_liveblog.ui.widgets.footer import KeysFooter


class HomeApp(HomeRefresh):
    """The saved blogs. Its result: the name of the blog to open, or None (quit)."""

    TITLE = "tui-liveblog"
    hands_over = False  # leaves its screen up for the reader (ui.takeover)
    DEFAULT_CSS = """
    #home-title { height: 1; padding: 0 1; background: $panel; color: $text; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the blog in the reader"),
        Binding("j,down", "cursor_down", "Next blog", show=False),
        Binding("k,up", "cursor_up", "Previous blog", show=False),
        Binding("r", "refresh_now", "Refresh", tooltip="Refresh every blog now"),
        Binding("question_mark", "help", "Help", tooltip="Show the keys"),
        Binding("q", "quit", "Quit"),
    ]
    KEY_ROWS: ClassVar[tuple[tuple[str, ...], ...]] = (("cursor_down", "cursor_up"),)

    def __init__(
        self,
        blogs: list[tuple[str, str]],
        lines: dict[str, BlogLine],
        *,
        make_feed: FeedMaker | None = None,
        interval: float = 30.0,
        selected: str | None = None,
        ascii_only: bool = False,
        theme: str | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        """``blogs``: (name, URL) in the config's order; ``lines``: what the cache says of them
        (by name); ``make_feed``: builds a blog's feed for the background refreshes (None:
        none); ``selected``: the blog to start on; ``fetcher``: closed when the screen ends."""
        super().__init__()
        self.blogs = blogs
        self._lines = lines
        self.make_feed = make_feed
        self.interval = interval
        self.followers = {}
        self._selected = selected
        self.ascii_only = ascii_only
        self._fetcher = fetcher
        if theme is not None and theme in self.available_themes:
            self.theme = theme

    def compose(self) -> ComposeResult:
        count = len(self.blogs)
        yield Static(
            f"Saved blogs ({count})  ·  enter opens, esc in the reader comes back",
            id="home-title",
            markup=False,
        )
        yield BlogList(
            [name for name, _ in self.blogs], self._lines, ascii_only=self.ascii_only, id="blogs"
        )
        yield KeysFooter()

    @property
    def blog_list(self) -> BlogList:
        return self.query_one(BlogList)

    def on_mount(self) -> None:
        blog_list = self.blog_list
        names = blog_list.names
        blog_list.highlighted = names.index(self._selected) if self._selected in names else 0
        blog_list.focus()
        self.start_refreshes(self.blogs)

    @on(BlogRefreshed)
    def _refreshed(self, message: BlogRefreshed) -> None:
        self.blog_list.update_blog(message.name, message.line, None)

    @on(BlogFailed)
    def _failed(self, message: BlogFailed) -> None:
        self.blog_list.update_blog(message.name, None, message.error)

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:  # (a click, or the list's own enter)
        self.action_open()

    def action_open(self) -> None:
        name = self.blog_list.selected_name
        if name is not None:
            self.hands_over = True  # (its frame stays up until the reader's replaces it)
            self.exit(name)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, which shares the screen with the reader (ui.takeover)."""
        return driver_for(self, super().get_driver_class())

    def action_cursor_down(self) -> None:
        self.blog_list.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.blog_list.action_cursor_up()

    def action_refresh_now(self) -> None:
        for follower in self.followers.values():
            follower.wake()
        self.notify("Refreshing every blog…", timeout=2)

    def action_help(self) -> None:
        rows = help_rows(described([(type(self), self.BINDINGS)]), self.KEY_ROWS)
        from tui_liveblog.ui.help_screen import HelpScreen  # (not before the first frame)

        self.push_screen(HelpScreen(rows))

    async def on_unmount(self) -> None:
        if self._fetcher is not None:
            await self._fetcher.aclose()
