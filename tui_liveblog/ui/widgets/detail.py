"""The detail pane: the selected entry rendered from its structured body.

It renders its own lines (Textual's Line API, like the timeline): the entry's Rich renderable is
turned into lines once per width, and ``render_line`` hands out the ones on screen. Opening an
entry lays out only its own text, never a widget tree, and scrolling or repainting it costs
nothing more.

The last few entries rendered are kept (:data:`_KEPT_ENTRIES`), each with its lines, and
:meth:`DetailPane.prepare` renders one ahead of time (the app prepares the next entry while
the reader reads): showing an entry kept, for the same filter words and width, only hands its
lines over. An entry is looked up by value (the entry, the words marked, its origin), so
whatever changed in it renders it anew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
_KEPT_ENTRIES = 4  # entries rendered kept: the one shown, the one before, one prepared ahead

_Key = tuple[object, ...]  # what an entry's rendering depends on (compared by value)


@dataclass(eq=False, slots=True)
class _Rendered:
    """An entry's renderable, and its lines at the widths it was drawn at."""

    key: _Key | None
    renderable: RenderableType
    lines: dict[int, list[Strip]] = field(default_factory=dict)  # width → lines


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
        self._shown = _Rendered(None, Text("Select an entry to read it here.", style="dim"))
        self._kept: list[_Rendered] = []  # entries rendered, the latest last (the shown one too)

    # ------------------------------------------------------------------ content

    def show(
        self, entry: Entry | None, words: Sequence[str] = (), authors: Sequence[str] = ()
    ) -> None:
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self.entry = entry
        self.words = tuple(words)
        self.authors = tuple(authors)
        if entry is None:
            self._shown = _Rendered(None, Text(""))  # (cleared: nothing is selected)
        else:
            rendered = self._rendered(entry, self.words, self.authors)
            if rendered is self._shown and same:
                return  # (shown already, as it is: nothing to draw again)
            self._shown = rendered
        self._update_virtual_size()
        if not same:
            self.scroll_home(animate=False)
        self.refresh()

    def rerender(self) -> None:
        """Show the entry again with :attr:`words`, :attr:`authors` and :attr:`watched` as they
        are now (drawn again only if one of them changed)."""
        self.show(self.entry, self.words, self.authors)

    def prepare(self, entry: Entry, words: Sequence[str] = (), authors: Sequence[str] = ()) -> None:
        """Render ``entry`` at the pane's width now, so that showing it later (with these
        words) is only handing its lines over."""
        rendered = self._rendered(entry, tuple(words), tuple(authors))
        if self.is_mounted:
            self._strips_of(rendered, self._width())

    def _rendered(
        self, entry: Entry, words: tuple[str, ...], authors: tuple[str, ...]
    ) -> _Rendered:
        """The entry's rendering with these words marked: a kept one, or a new one (kept)."""
        origin = None if self.origin is None else self.origin(entry.id)
        key: _Key = (entry, words, authors, self.watched, origin, self.tz)
        kept = self._kept
        for index, rendered in enumerate(kept):
            if rendered.key == key:
                kept.append(kept.pop(index))  # (the latest used last)
                return rendered
        rendered = _Rendered(
            key, render_entry(entry, self.tz, words, authors, self.watched, origin)
        )
        kept.append(rendered)
        if len(kept) > _KEPT_ENTRIES:
            del kept[0]
        return rendered

    @property
    def _renderable(self) -> RenderableType:
        """The Rich renderable of what the pane shows."""
        return self._shown.renderable

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
        return self._strips_of(self._shown, width)

    def _strips_of(self, rendered: _Rendered, width: int) -> list[Strip]:
        lines = rendered.lines.get(width)
        if lines is None:
            if width <= 0:
                return []
            lines = self._draw(rendered.renderable, width)
            if len(rendered.lines) >= _KEPT_WIDTHS:
                rendered.lines.clear()
            rendered.lines[width] = lines
        return lines

    def _draw(self, renderable: RenderableType, width: int) -> list[Strip]:
        """The renderable's lines at ``width``, in the pane's style (one strip a line)."""
        console = self.app.console
        options = console.options.update(width=width, height=None, highlight=False)
        rendered = console.render_lines(renderable, options, pad=True, new_lines=False)
        while rendered and not "".join(seg.text for seg in rendered[-1]).strip():
            rendered.pop()  # (a trailing blank line: nothing to scroll to)
        style = self.rich_style
        apply_style, simplify = Segment.apply_style, Segment.simplify
        return [Strip(apply_style(simplify(line), style), width) for line in rendered]

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
        for rendered in (self._shown, *self._kept):
            rendered.lines.clear()
        self._update_virtual_size()
        self.refresh()
