"""The detail pane: the selected entry rendered from its structured body.

It renders its own lines (Textual's Line API, like the timeline): the entry's Rich renderable is
turned into lines once per width, and ``render_line`` hands out the ones on screen. Opening an
entry lays out only its own text, never a widget tree, and scrolling or repainting it costs
nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui_liveblog.model import Entry
from tui_liveblog.ui.body_render import render_entry

_KEPT_WIDTHS = 2  # widths whose lines are kept (a side-by-side layout and a stacked one)


class DetailPane(ScrollView, can_focus=True):
    """Scrollable view of one entry. ``show`` replaces what it displays."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j", "scroll_down", "Scroll down", tooltip="Scroll the detail pane down", show=False
        ),
        Binding("k", "scroll_up", "Scroll up", tooltip="Scroll the detail pane up", show=False),
        Binding("ctrl+d", "half_page_down", "Half a page down", show=False),
        Binding("ctrl+u", "half_page_up", "Half a page up", show=False),
    ]

    def __init__(self, tz: tzinfo | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tz = tz
        self.entry: Entry | None = None
        self.words: tuple[str, ...] = ()
        self.authors: tuple[str, ...] = ()  # highlighted in the authors only
        self.watched: tuple[str, ...] = ()  # the watch words: marked in their own style
        # in a timeline of several blogs: which blog an entry is from, by its id
        self.origin: Callable[[str], str | None] | None = None
        self._renderable: RenderableType = Text("Select an entry to read it here.", style="dim")
        self._lines: dict[int, list[Strip]] = {}  # width → the renderable's lines

    # ------------------------------------------------------------------ content

    def show(
        self, entry: Entry | None, words: Sequence[str] = (), authors: Sequence[str] = ()
    ) -> None:
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self.entry = entry
        self.words = tuple(words)
        self.authors = tuple(authors)
        if entry is None:
            self._renderable = Text("")  # (cleared: nothing is selected)
        else:
            origin = None if self.origin is None else self.origin(entry.id)
            self._renderable = render_entry(
                entry, self.tz, self.words, self.authors, self.watched, origin
            )
        self._lines.clear()
        self._update_virtual_size()
        if not same:
            self.scroll_home(animate=False)
        self.refresh()

    def rerender(self) -> None:
        self.show(self.entry, self.words, self.authors)

    @property
    def text(self) -> str:
        """What the pane shows, as plain text (for tests and screen readers' dumps)."""
        return "\n".join(strip.text.rstrip() for strip in self._strips(self._width()))

    def action_half_page_down(self) -> None:
        self._scroll_half(1)

    def action_half_page_up(self) -> None:
        self._scroll_half(-1)

    def _scroll_half(self, direction: int) -> None:
        """Scroll half the pane's height (``pgdn``/``pgup``, Textual's, scroll a whole page)."""
        rows = max(1, self.scrollable_content_region.height // 2)
        self.scroll_to(y=self.scroll_y + direction * rows, animate=False, immediate=True)

    # ------------------------------------------------------------------ rendering

    def _width(self) -> int:
        return max(0, self.scrollable_content_region.width)

    def _strips(self, width: int) -> list[Strip]:
        lines = self._lines.get(width)
        if lines is None:
            if width <= 0:
                return []
            console = self.app.console
            options = console.options.update(width=width, height=None, highlight=False)
            rendered = console.render_lines(self._renderable, options, pad=True, new_lines=False)
            while rendered and not "".join(seg.text for seg in rendered[-1]).strip():
                rendered.pop()  # (a trailing blank line: nothing to scroll to)
            style = self.rich_style
            lines = [Strip(Segment.simplify(line), width).apply_style(style) for line in rendered]
            if len(self._lines) >= _KEPT_WIDTHS:
                self._lines.clear()
            self._lines[width] = lines
        return lines

    def _update_virtual_size(self) -> None:
        """The scrollable size for this entry. Setting ``virtual_size`` lays out the whole
        screen; here only the scroll bars are updated, and the screen laid out only when the
        vertical one comes or goes (opening an entry stays within the pane)."""
        if not self.is_mounted:
            return
        width = self._width()
        size = Size(width, len(self._strips(width)))
        if size == self.virtual_size:
            return
        showing = self.show_vertical_scrollbar
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        if self.show_vertical_scrollbar != showing:
            self.refresh(layout=True)
        else:
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self._width()
        lines = self._strips(width)
        if self.virtual_size.width != width or self.virtual_size.height != len(lines):
            self.call_later(self._update_virtual_size)  # (a scroll bar came or went)
        line = self.scroll_offset.y + y
        if not 0 <= line < len(lines):
            return Strip.blank(width, self.rich_style)
        return lines[line]

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()

    def on_mount(self) -> None:
        self._update_virtual_size()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._update_virtual_size()
        self.refresh()
