"""The timeline's cards as Textual strips: :func:`~tui_liveblog.ui.entry_lines.card_lines`, cached.

The parts of a card are the timeline's component classes (:data:`CARD_COMPONENT_CLASSES`, styled
by default by :data:`CARD_CSS`). :class:`CardStrips` renders the widget's cards: it keeps each
card's strips in an LRU keyed by (entry id, revision, width, selected/focused, unread, highlight
generation), so moving the cursor re-renders two cards, and the
:class:`~tui_liveblog.ui.entry_lines.CardStyles` resolved from the component classes, one set per
(selected, focused) state. :meth:`CardStrips.clear` renders every card again (the relative times
of a new minute, other glyphs); :meth:`CardStrips.restyle` resolves the styles again too (a new
theme).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime

from rich.console import Console
from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from tui_liveblog.model import Entry
from tui_liveblog.ui.entry_lines import (
    ASCII_GLYPHS,
    UNICODE_GLYPHS,
    CardStyles,
    Glyphs,
    card_lines,
    compact_line,
    highlight_pattern,
)

_REVERSED = Style(reverse=True)

CARD_COMPONENT_CLASSES: set[str] = {
    "timeline--card",
    "timeline--selected",
    "timeline--cursor",
    "timeline--unread",
    "timeline--time",
    "timeline--author",
    "timeline--title",
    "timeline--text",
    "timeline--preview",
    "timeline--badge",
    "timeline--pinned",
    "timeline--key-event",
    "timeline--deleted",
    "timeline--highlight",
    "timeline--watch",
}
"""The timeline's component classes, the parts of a card :class:`CardStrips` styles:

| Class | Description |
| :- | :- |
| `timeline--card` | A card that is not selected (its background). |
| `timeline--selected` | The selected card. |
| `timeline--cursor` | The bar at the left of the selected card. |
| `timeline--unread` | The unread dot. |
| `timeline--time` / `timeline--author` | The meta line's parts. |
| `timeline--title` / `timeline--text` / `timeline--preview` | Headline, text without headline, preview. |
| `timeline--badge` / `timeline--pinned` / `timeline--key-event` | Badges. |
| `timeline--deleted` | Layered on a deleted entry's text (struck through). |
| `timeline--highlight` | Filter matches. |
| `timeline--watch` | Watch word matches (bold and reversed: legible without colour). |
"""

CARD_CSS = """
    Timeline {
        & > .timeline--selected {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .timeline--selected {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .timeline--cursor { color: $accent; }
        & > .timeline--unread { color: $text-success; text-style: bold; }
        & > .timeline--time { color: $text-muted; }
        & > .timeline--author { text-style: italic; }
        & > .timeline--title { text-style: bold; }
        & > .timeline--preview { color: $text-muted; }
        & > .timeline--badge { color: $text-muted; }
        & > .timeline--pinned { color: $text-accent; }
        & > .timeline--key-event { color: $text-warning; text-style: bold; }
        & > .timeline--deleted { color: $text-disabled; text-style: strike; }
        & > .timeline--highlight {
            background: $warning 45%;
            color: $foreground;
            text-style: bold underline;
        }
        & > .timeline--watch {
            color: $warning;
            text-style: bold;  /* and reversed: see CardStrips._styles */
        }
    }
    """
"""The component classes' default styles (the end of the timeline's ``DEFAULT_CSS``)."""


class CardStrips:
    """Rendered cards by entry and state, and the styles, glyphs and highlight they are drawn with."""

    def __init__(
        self,
        style_of: Callable[..., Style],
        console: Callable[[], Console],
        *,
        ascii_only: bool = False,
        cache_size: int = 512,
    ) -> None:
        """Args:
        style_of: The Rich style of some of the widget's component classes, layered in order
            (the widget's ``get_visual_style(*names).rich_style``).
        console: The console cards are rendered with (the app's), asked only to render one.
        ascii_only: Use plain-ASCII badges and marks.
        cache_size: How many rendered cards to keep.
        """
        self._style_of = style_of
        self._console = console
        self.glyphs: Glyphs = ASCII_GLYPHS if ascii_only else UNICODE_GLYPHS
        self._revisions: dict[str, int] = {}  # id -> edit count, for cache keys
        self._words: tuple[str, ...] = ()
        self._authors: tuple[str, ...] = ()
        self._pattern: re.Pattern[str] | None = None
        self._author_pattern: re.Pattern[str] | None = None
        self._watch: re.Pattern[str] | None = None
        # in a timeline of several blogs: an entry's blog's label, by its id
        self.origin: Callable[[str], str | None] | None = None
        self._highlight_generation = 0
        self._card_cache: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(cache_size)
        self._card_styles: dict[tuple[bool, bool], CardStyles] = {}

    @property
    def ascii_only(self) -> bool:
        return self.glyphs is ASCII_GLYPHS

    @ascii_only.setter
    def ascii_only(self, value: bool) -> None:
        self.glyphs = ASCII_GLYPHS if value else UNICODE_GLYPHS

    @property
    def words(self) -> tuple[str, ...]:
        """The highlighted words."""
        return self._words

    @property
    def authors(self) -> tuple[str, ...]:
        """The names highlighted in the authors only (the filter's ``by:`` terms)."""
        return self._authors

    def set_highlight(self, words: Iterable[str], authors: Iterable[str] = ()) -> bool:
        """Highlight matches of the folded ``words`` (and of ``authors`` in the authors only);
        False if those are already highlighted."""
        normalized = tuple(w for w in (w.strip() for w in words) if w)
        names = tuple(a for a in (a.strip() for a in authors) if a)
        if normalized == self._words and names == self._authors:
            return False
        self._words, self._authors = normalized, names
        self._pattern = highlight_pattern(normalized)
        self._author_pattern = highlight_pattern(normalized + names) if names else self._pattern
        self._highlight_generation += 1
        return True

    def set_watch(self, words: Iterable[str]) -> None:
        """Mark the matches of the watch words (folded) in their own style (empty: none)."""
        self._watch = highlight_pattern(w for w in words if w.strip())
        self._highlight_generation += 1

    def edited(self, entry_id: str) -> None:
        """The entry changed: its card is rendered again."""
        self._revisions[entry_id] = self._revisions.get(entry_id, 0) + 1

    def clear(self) -> None:
        """Render every card again."""
        self._card_cache.clear()

    def forget_entries(self) -> None:
        """Every entry was replaced: drop their cards and revisions."""
        self._revisions.clear()
        self._card_cache.clear()

    def restyle(self) -> None:
        """The component classes' styles changed: resolve them again and render every card."""
        self._card_styles.clear()
        self._card_cache.clear()

    def lines(
        self,
        entry: Entry,
        width: int,
        *,
        selected: bool,
        focused: bool,
        unread: bool,
        now: Callable[[], datetime],
        compact: bool = False,
    ) -> list[Strip]:
        """The card's strips, each ``width`` cells (``now`` is asked only to render it); with
        ``compact``, the entry's one line (:func:`~tui_liveblog.ui.entry_lines.compact_line`)."""
        key = (
            entry.id,
            self._revisions.get(entry.id, 0),
            width,
            selected,
            focused,
            unread,
            self._highlight_generation,
            compact,
        )
        strips = self._card_cache.get(key)
        if strips is None:
            styles = self._styles(selected, focused)
            args = (entry, width, now())
            origin = None if self.origin is None else self.origin(entry.id)
            glyphs, pattern = self.glyphs, self._pattern
            texts = (
                [
                    compact_line(
                        *args,
                        selected=selected,
                        unread=unread,
                        styles=styles,
                        glyphs=glyphs,
                        highlight=pattern,
                        author_highlight=self._author_pattern,
                        watch=self._watch,
                        origin=origin,
                    )
                ]
                if compact
                else card_lines(
                    *args,
                    selected=selected,
                    unread=unread,
                    styles=styles,
                    glyphs=glyphs,
                    highlight=pattern,
                    author_highlight=self._author_pattern,
                    watch=self._watch,
                    origin=origin,
                )
            )
            console = self._console()
            # Text.render leaves the Text's own style off span-less lines: lay it underneath.
            strips = [
                Strip(list(text.render(console)), width)
                .apply_style(console.get_style(text.style))
                .simplify()
                for text in texts
            ]
            self._card_cache.set(key, strips)
        return strips

    def _styles(self, selected: bool, focused: bool) -> CardStyles:
        key = (selected, focused)
        styles = self._card_styles.get(key)
        if styles is None:
            state = "timeline--selected" if selected else "timeline--card"

            def part(*names: str) -> Style:
                return self._style_of(state, *names)

            styles = CardStyles(
                base=part(),
                separator=self._style_of("timeline--card"),
                cursor=part("timeline--cursor"),
                unread=part("timeline--unread"),
                time=part("timeline--time"),
                author=part("timeline--author"),
                title=part("timeline--title"),
                text=part("timeline--text"),
                preview=part("timeline--preview"),
                badge=part("timeline--badge"),
                pinned=part("timeline--pinned"),
                key_event=part("timeline--key-event"),
                deleted=part("timeline--deleted"),
                highlight=part("timeline--highlight"),
                # (reversed here: a widget's visual style drops text-style reverse, and reversed
                # it stays legible without colour, NO_COLOR)
                watch=part("timeline--watch") + _REVERSED,
            )
            self._card_styles[key] = styles
        return styles
