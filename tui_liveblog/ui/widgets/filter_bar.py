"""The filter bar: narrows the timeline as you type."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """``enter`` keeps the filter and returns to the timeline; ``escape`` clears it and closes."""

    DEFAULT_CSS = """
    FilterBar { dock: bottom; height: 3; display: none; }
    FilterBar.-open { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Keep filter", show=True),
        Binding("escape", "clear_and_close", "Clear filter", show=True),
    ]

    class QueryChanged(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class FilterClosed(Message):
        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Filter: words that must all match (enter keeps, esc clears)", id=id
        )
        self.border_title = "Filter"

    def open(self) -> None:
        """Show the bar and give it the keys at once: the keys typed right after ``/`` are
        already queued, and reach whatever has the focus when they are handled (``focus()``
        alone moves it a message later, after they went to the timeline)."""
        self.add_class("-open")
        self.display = True
        self.screen.set_focus(self)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.value.strip():
            self.remove_class("-open")
            self.display = False
        self.post_message(self.FilterClosed(keep=True))

    def action_clear_and_close(self) -> None:
        self.value = ""
        self.remove_class("-open")
        self.display = False
        self.post_message(self.QueryChanged(""))
        self.post_message(self.FilterClosed(keep=False))
