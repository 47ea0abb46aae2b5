"""The "N new entries" banner shown when entries arrive while the reader is scrolled away."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class NewEntriesBanner(Widget):
    DEFAULT_CSS = """
    NewEntriesBanner {
        height: 1; display: none; background: $accent; color: $text; text-style: bold;
        /* drawn over the timeline's top line: showing it must not resize the timeline, or the
           cards the reader is looking at would shift by a line */
        overlay: screen;
    }
    NewEntriesBanner.-shown { display: block; }
    """

    count: reactive[int] = reactive(0)

    class Clicked(Message):
        pass

    def watch_count(self, count: int) -> None:
        self.set_class(count > 0, "-shown")

    def render(self) -> Text:
        noun = "entry" if self.count == 1 else "entries"
        return Text(f" ▲ {self.count} new {noun} — press space to jump to them ", justify="center")

    def on_click(self) -> None:
        self.post_message(self.Clicked())
