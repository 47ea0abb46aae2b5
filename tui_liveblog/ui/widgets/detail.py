"""The detail pane: the selected entry rendered from its structured body."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_liveblog.model import Entry
from tui_liveblog.ui.body_render import render_entry


class DetailPane(VerticalScroll, can_focus=True):
    """Scrollable view of one entry. ``show`` replaces what it displays."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > Static { width: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, tz: tzinfo | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tz = tz
        self.entry: Entry | None = None
        self.words: tuple[str, ...] = ()
        self._content = Static(
            Text("Select an entry to read it here.", style="dim"), id="detail-content"
        )

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._content

    def show(self, entry: Entry | None, words: Sequence[str] = ()) -> None:
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self.entry = entry
        self.words = tuple(words)
        if entry is None:
            self._content.update(Text("Nothing to show.", style="dim"))
        else:
            self._content.update(render_entry(entry, self.tz, self.words))
        if not same:
            self.scroll_home(animate=False)

    def rerender(self) -> None:
        self.show(self.entry, self.words)
