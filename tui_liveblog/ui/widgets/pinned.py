"""The strip of pinned entries above the timeline."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from tui_liveblog.model import Entry
from tui_liveblog.sanitize import clean_line

MAX_PINNED = 2


class PinnedStrip(Widget):
    DEFAULT_CSS = """
    PinnedStrip { height: auto; max-height: 2; display: none; background: $boost; }
    PinnedStrip.-shown { display: block; }
    """

    class Clicked(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.entries = [e for e in entries if e.pinned and not e.deleted][:MAX_PINNED]
        self.set_class(bool(self.entries), "-shown")
        self.styles.height = len(self.entries)
        self.refresh()

    def render(self) -> Text:
        # one line per pinned entry, each cut to the width itself: a long label must not wrap
        # into the next entry's line
        width = max(self.size.width, 1)
        lines = []
        for entry in self.entries:
            line = Text(no_wrap=True, end="")
            line.append(" ⚑ PINNED ", "bold")
            label = entry.title or entry.text.split("\n", 1)[0]
            line.append(clean_line(label))
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        return Text("\n", no_wrap=True).join(lines)

    def on_click(self, event) -> None:  # type: ignore[no-untyped-def]
        index = event.y
        if 0 <= index < len(self.entries):
            self.post_message(self.Clicked(self.entries[index]))
