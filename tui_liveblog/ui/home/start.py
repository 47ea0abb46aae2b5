"""The first screen of a user with no saved blogs (bare ``liveblog``): how to start, and the
demo a key away. Its result: ``"demo"``, or None (quit)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.widgets import Static

from tui_liveblog.ui.widgets.footer import KeysFooter

DEMO = "demo"


class StartApp(App[str | None]):
    DEFAULT_CSS = """
    #start { width: auto; max-width: 100%; height: auto; border: round $accent;
        padding: 1 2; background: $surface; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,enter", "demo", "Try the demo"),
        Binding("q,escape", "quit", "Quit"),
    ]

    def __init__(self, text: str, *, theme: str | None = None) -> None:
        super().__init__()
        self.text = text
        if theme is not None and theme in self.available_themes:
            self.theme = theme

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            box = Static(self.text + "\nPress d (or enter) to try the demo, q to quit.",
                         id="start", markup=False)  # fmt: skip
            box.border_title = "tui-liveblog"
            yield box
        yield KeysFooter()

    def action_demo(self) -> None:
        self.exit(DEMO)
