"""The help screen (``?``): every key of the reader, in rows made from its bindings
(:func:`~tui_liveblog.ui.key_help.help_rows`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

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

    def __init__(self, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = tuple(rows)  # (keys, what they do)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in self.rows:
            table.add_row(key, what)
        box = VerticalScroll(Static(table))
        box.border_title = "tui-liveblog keys"
        box.border_subtitle = CLOSE_HINT
        yield box

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
