"""The help screen (``?``): every key of the reader."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("j / k, ↓ / ↑", "next / previous entry"),
    ("enter / z", "open the entry / its pane full screen"),
    ("g / G", "newest / oldest entry (home / end too)"),
    ("pgdn / pgup", "a page down / up (both panes)"),
    ("ctrl+d/ctrl+u", "half a page down / up (both panes)"),
    ("L", "load older entries (also at the end)"),
    ("space", "jump to new entries"),
    ("/", 'filter: "a b" by:name -word; ↑ past'),
    ("n / N", "next / previous match"),
    ("u / U, A", "next / previous unread; A: all read"),
    ("K / p", "key events only / next pinned entry"),
    ("v", "compact list / cards"),
    ("r / f", "refresh now / pause or resume following"),
    ("o / y", "open / copy the entry's link"),
    ("tab", "switch between timeline and detail"),
    ("esc", "close: filter bar, detail, filter, K"),
    ("ctrl+p", "command palette (themes too)"),
    ("? / q", "this help / quit"),
)


CLOSE_HINT = "esc, q or ? closes"


class HelpScreen(ModalScreen[None]):
    """Every key, in a box that fits an 80×24 terminal: the title and how to close it are on
    its border, so they stay in view."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
        border-title-style: bold; border-subtitle-color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        box = VerticalScroll(Static(table))
        box.border_title = "tui-liveblog keys"
        box.border_subtitle = CLOSE_HINT
        yield box

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
