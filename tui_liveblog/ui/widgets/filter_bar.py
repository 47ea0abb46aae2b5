"""The filter bar: narrows the timeline as you type; up and down recall earlier filters."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from tui_liveblog.filter_history import FilterHistory


class FilterBar(Input):
    """``enter`` keeps the filter and returns to the timeline; ``escape`` clears it and closes;
    ``up``/``down`` recall earlier filters (:attr:`history`; the app keeps it between runs)."""

    DEFAULT_CSS = """
    FilterBar { dock: bottom; height: 3; display: none; }
    FilterBar.-open { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Keep filter", show=True),
        Binding("escape", "clear_and_close", "Clear filter", show=True),
        Binding("up", "recall(-1)", "Earlier filter", show=False),
        Binding("down", "recall(1)", "Later filter", show=False),
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
            placeholder='Filter: words, "a phrase", by:author, -word (enter keeps, esc clears)',
            id=id,
        )
        self.border_title = "Filter"
        self.history = FilterHistory()

    def action_recall(self, step: int) -> None:
        """Show the filter before (-1) or after (1) the one shown, as a shell does."""
        text = self.history.older(self.value) if step < 0 else self.history.newer()
        if text is not None:
            self.value = text
            self.cursor_position = len(text)

    def open(self) -> None:
        """Show the bar and give it the keys at once: the keys typed right after ``/`` are
        already queued, and reach whatever has the focus when they are handled (``focus()``
        alone moves it a message later, after they went to the timeline)."""
        self.add_class("-open")
        self.display = True
        self.history.reset()
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
        self.history.add(self.value)
        if not self.value.strip():
            self.remove_class("-open")
            self.display = False
        self.post_message(self.FilterClosed(keep=True))

    def action_clear_and_close(self) -> None:
        self.history.reset()
        self.value = ""
        self.remove_class("-open")
        self.display = False
        self.post_message(self.QueryChanged(""))
        self.post_message(self.FilterClosed(keep=False))
