"""Rendering helpers for the timeline: one entry becomes a small fixed-height card of Rich ``Text``.

No Textual here: the widget resolves its CSS into a :class:`CardStyles` and calls
:func:`card_lines` (through :class:`~tui_liveblog.ui.card_strips.CardStrips`, which caches the
result as strips). Every string from the network goes through :func:`sanitize.clean_line` and into
``Text(...)`` objects: nothing is ever parsed as Rich markup, so ``"[bold red]"`` shows as typed.

A card is :data:`CARD_HEIGHT` lines, each exactly ``width`` cells::

    ▌● 11:57 (3 min ago)  Jane Doe, John Roe              ⚑ ★ ✎ ▣
    ▌  The headline, in bold, cut with an ellipsis when it is too l…
    ▌  A dim preview of the text when there is a headline (else the…
    (blank separator)

Column 0 is the cursor bar (selected card only), column 1 the unread dot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text

from tui_liveblog import card_text
from tui_liveblog.card_text import card_time as card_time
from tui_liveblog.card_text import flat as flat
from tui_liveblog.fold import fold, fold_pattern, fold_spans
from tui_liveblog.model import Entry
from tui_liveblog.sanitize import clean_line

CARD_HEIGHT = 4
"""Lines per card: meta line, headline/text, preview, blank separator."""

PREFIX_CELLS = 3
"""Cursor bar, unread dot and a space before the card's content."""


@dataclass(frozen=True, slots=True)
class Glyphs:
    """The marks a card uses; :data:`UNICODE_GLYPHS` or the plain :data:`ASCII_GLYPHS`."""

    cursor: str
    unread: str
    pinned: str
    key_event: str
    edited: str
    media: str
    deleted: str
    ellipsis: str


UNICODE_GLYPHS = Glyphs(
    cursor="▌",
    unread="●",
    pinned="⚑",
    key_event="★",
    edited="✎",
    media="▣",
    deleted="✗ deleted",
    ellipsis="…",
)
ASCII_GLYPHS = Glyphs(
    cursor=">",
    unread="*",
    pinned="[pinned]",
    key_event="[key]",
    edited="[edited]",
    media="[media]",
    deleted="[deleted]",
    ellipsis="...",
)


_NONE = Style()
_BOLD = Style(bold=True)
_DIM = Style(dim=True)
_ITALIC = Style(italic=True)
_STRIKE = Style(strike=True)
_REVERSE = Style(reverse=True)


@dataclass(frozen=True, slots=True)
class CardStyles:
    """Resolved Rich styles for one card state (normal or selected).

    ``deleted`` and ``highlight`` are layered on top of the part they apply to; ``separator``
    styles the blank line under the card (the un-highlighted background).
    """

    base: Style = _NONE
    separator: Style = _NONE
    cursor: Style = _NONE
    unread: Style = _BOLD
    time: Style = _DIM
    author: Style = _ITALIC
    title: Style = _BOLD
    text: Style = _NONE
    preview: Style = _DIM
    badge: Style = _NONE
    pinned: Style = _NONE
    key_event: Style = _BOLD
    deleted: Style = _STRIKE
    highlight: Style = _REVERSE
    watch: Style = _BOLD + _REVERSE


PLAIN_STYLES = CardStyles()


def highlight_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``words``, folded, in folded text (longest first), or None."""
    return fold_pattern(fold(clean_line(w)) for w in words)


def split_cells(value: str, width: int) -> tuple[str, str]:
    """Split ``value`` into a head of at most ``width`` cells and the rest, at a space if one is near."""
    if width > 0 and cell_len(value) <= width:
        return value, ""
    return card_text.split_cells(value, width, get_character_cell_size)


def fit(text: Text, width: int, ellipsis: str = "…") -> Text:
    """Cut ``text`` to ``width`` cells with ``ellipsis`` if it is longer, pad it if shorter (in place)."""
    if width <= 0:
        text.plain = ""
        return text
    length = text.cell_len
    if length > width:
        keep = width - cell_len(ellipsis)
        if keep <= 0:
            text.truncate(width, overflow="crop")
        else:
            text.truncate(keep, overflow="crop")
            text.rstrip()
            text.append(ellipsis)
    text.truncate(width, overflow="crop", pad=True)
    return text


def _piece(
    value: str,
    style: Style,
    pattern: re.Pattern[str] | None,
    mark: Style,
    watch: tuple[re.Pattern[str] | None, Style] = (None, _NONE),
) -> Text:
    text = Text(value, style=style, end="")
    for start, end in fold_spans(value, pattern):  # (the original characters are marked)
        text.stylize(mark, start, end)
    for start, end in fold_spans(value, watch[0]):  # the watch words, over the filter's
        text.stylize(watch[1], start, end)
    return text


def _badges(entry: Entry, styles: CardStyles, glyphs: Glyphs) -> Text:
    parts: list[tuple[str, Style]] = []
    if entry.pinned:
        parts.append((glyphs.pinned, styles.pinned))
    if entry.key_event:
        parts.append((glyphs.key_event, styles.key_event))
    if entry.edited:
        parts.append((glyphs.edited, styles.badge))
    if entry.media:
        parts.append((glyphs.media, styles.badge))
    if entry.deleted:
        parts.append((glyphs.deleted, styles.badge + styles.deleted))
    badges = Text(end="", style=styles.base)
    for index, (glyph, style) in enumerate(parts):
        if index:
            badges.append(" ")
        badges.append(glyph, style)
    return badges


def _media_summary(entry: Entry) -> str:
    kinds: list[str] = []
    for media in entry.media:
        if media.kind not in kinds:
            kinds.append(media.kind)
    return "(" + ", ".join(kinds) + ")" if kinds else "(no text)"


def _prefix(selected: bool, unread: bool, styles: CardStyles, glyphs: Glyphs) -> Text:
    """The cells before a card's (or a compact line's) text: the cursor bar and unread dot."""
    text = Text(end="", style=styles.base)
    text.append(glyphs.cursor if selected else " ", styles.cursor)
    text.append(glyphs.unread if unread else " ", styles.unread)
    text.append(" ")
    if text.cell_len != PREFIX_CELLS:  # a wide or multi-cell glyph set: keep columns aligned
        fit(text, PREFIX_CELLS, "")
    return text


def _origin(line: Text, origin: str | None, styles: CardStyles) -> None:
    """The blog's label, first on a card's top line (a timeline of several blogs)."""
    if origin:
        line.append(origin, styles.author + Style(bold=True, italic=False))
        line.append("  ")


def card_lines(
    entry: Entry,
    width: int,
    now: datetime,
    *,
    selected: bool = False,
    unread: bool = False,
    styles: CardStyles = PLAIN_STYLES,
    glyphs: Glyphs = UNICODE_GLYPHS,
    highlight: re.Pattern[str] | None = None,
    author_highlight: re.Pattern[str] | None = None,
    watch: re.Pattern[str] | None = None,
    origin: str | None = None,
) -> list[Text]:
    """The :data:`CARD_HEIGHT` lines of ``entry``'s card, each exactly ``width`` cells wide.

    ``styles`` should be the selected state's styles when ``selected`` (the card background);
    ``highlight`` marks its matches in the authors, headline and text; ``author_highlight``,
    if given, in the authors instead (a filter's ``by:`` names are marked there only);
    ``watch`` marks the watch words' matches everywhere, in their own style; ``origin``, in a
    timeline of several blogs, is the entry's blog's label, first on the card's top line.
    """
    base = styles.base
    inner = max(0, width - PREFIX_CELLS)
    limit = 4 * max(inner, 16) + 64
    mark = styles.highlight
    watched = (watch, styles.watch)
    strike = styles.deleted if entry.deleted else None

    def prefix(first: bool) -> Text:
        return _prefix(selected, first and unread, styles, glyphs)

    # Line 1: [blog] time, authors ... badges
    meta = Text(end="", style=base)
    _origin(meta, origin, styles)
    when = card_time(entry.published, now)
    if when:
        meta.append(when, styles.time)
    authors = ", ".join(a for a in (flat(a, limit) for a in entry.authors) if a)
    if authors:
        if when:
            meta.append("  ")
        names = highlight if author_highlight is None else author_highlight
        meta.append_text(_piece(flat(authors, limit), styles.author, names, mark, watched))
    badges = _badges(entry, styles, glyphs)
    if badges.cell_len:
        room = inner - badges.cell_len - 1
        if room >= 10 or (room >= 0 and meta.cell_len <= room):
            fit(meta, room, glyphs.ellipsis)
            meta.append(" ")
            meta.append_text(badges)
        else:
            meta.append(" ")
            meta.append_text(badges)
    line1 = prefix(True)
    line1.append_text(fit(meta, inner, glyphs.ellipsis))

    # Lines 2 and 3: headline + preview, or the text over two lines
    title = flat(entry.title, limit)
    body = flat(entry.text, limit)
    if title:
        second = _piece(title, styles.title, highlight, mark, watched)
        third = _piece(body, styles.preview, highlight, mark, watched)
    elif body:
        head, rest = split_cells(body, inner)
        second = _piece(head, styles.text, highlight, mark, watched)
        third = _piece(rest, styles.text, highlight, mark, watched)
    else:
        second = Text(_media_summary(entry), style=styles.preview, end="")
        third = Text(end="")
    if strike is not None:
        second.stylize(strike)
        third.stylize(strike)
    line2 = prefix(False)
    line2.append_text(fit(second, inner, glyphs.ellipsis))
    line3 = prefix(False)
    line3.append_text(fit(third, inner, glyphs.ellipsis))

    separator = Text(" " * max(width, 0), style=styles.separator, end="")
    lines = [line1, line2, line3, separator]
    for line in lines:
        if line.cell_len != width:
            fit(line, width, "")
    return lines


COMPACT_AUTHOR_CELLS = 18
"""At most this many cells of authors on a compact line (the rest of the line is the headline)."""


def compact_line(
    entry: Entry,
    width: int,
    now: datetime,
    *,
    selected: bool = False,
    unread: bool = False,
    styles: CardStyles = PLAIN_STYLES,
    glyphs: Glyphs = UNICODE_GLYPHS,
    highlight: re.Pattern[str] | None = None,
    author_highlight: re.Pattern[str] | None = None,
    watch: re.Pattern[str] | None = None,
    origin: str | None = None,
) -> Text:
    """``entry`` on one line of exactly ``width`` cells (the timeline's compact view)::

        ▌● 11:57  Jane Doe  The headline, or the first words of the text…    ⚑ ★

    The cursor bar, unread dot, time, badges and highlighting are the card's.
    """
    base = styles.base
    inner = max(0, width - PREFIX_CELLS)
    limit = 4 * max(inner, 16) + 64
    mark = styles.highlight
    watched = (watch, styles.watch)
    line = _prefix(selected, unread, styles, glyphs)
    content = Text(end="", style=base)
    _origin(content, origin, styles)
    when = card_time(entry.published, now)
    if when:
        content.append(when, styles.time)
    authors = ", ".join(a for a in (flat(a, limit) for a in entry.authors) if a)
    if authors:
        if content.cell_len:
            content.append("  ")
        names = highlight if author_highlight is None else author_highlight
        piece = _piece(authors, styles.author, names, mark, watched)
        content.append_text(fit(piece, min(piece.cell_len, COMPACT_AUTHOR_CELLS), glyphs.ellipsis))
    title = flat(entry.title, limit) or flat(entry.text, limit)
    if title:
        headline = _piece(
            title, styles.title if entry.title else styles.text, highlight, mark, watched
        )
    else:
        headline = Text(_media_summary(entry), style=styles.preview, end="")
    if entry.deleted:
        headline.stylize(styles.deleted)
    if content.cell_len:
        content.append("  ")
    content.append_text(headline)
    badges = _badges(entry, styles, glyphs)
    if badges.cell_len and inner - badges.cell_len - 1 >= 10:
        fit(content, inner - badges.cell_len - 1, glyphs.ellipsis)
        content.append(" ")
        content.append_text(badges)
    line.append_text(fit(content, inner, glyphs.ellipsis))
    if line.cell_len != width:
        fit(line, width, "")
    return line
