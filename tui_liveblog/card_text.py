"""What a timeline card says, as plain text: its time label and one-line texts.

Shared by the reader's cards (:mod:`tui_liveblog.ui.entry_lines`, which styles them with Rich)
and the first screen drawn before Textual starts (:mod:`tui_liveblog.prepaint`), so both show
the same words in the same places. No Rich, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from tui_liveblog.sanitize import clean_line

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def card_time(dt: datetime | None, now: datetime) -> str:
    """A card's time: the clock time in ``now``'s time zone, with the date when it is not
    ``now``'s day, and the age beside it when that is under an hour.

    ``"14:05 (just now)"`` (under a minute either way), ``"13:53 (12 min ago)"``, ``"09:10"``
    (earlier today), ``"5 Dec 14:05"`` (another day this year), ``"5 Aug 2024 14:05"``;
    ``None`` gives ``""``.
    """
    if dt is None:
        return ""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    local = dt.astimezone(now.tzinfo)
    clock = f"{local:%H:%M}"
    if local.date() != now.date():
        if local.year == now.year:
            return f"{local.day} {_MONTHS[local.month - 1]} {clock}"
        return f"{local.day} {_MONTHS[local.month - 1]} {local.year} {clock}"
    seconds = (now - dt).total_seconds()
    if -60 < seconds < 60:
        return f"{clock} (just now)"
    if 0 < seconds < 3600:
        return f"{clock} ({int(seconds // 60)} min ago)"
    return clock


def flat(value: str | None, limit: int) -> str:
    """``value`` sanitised onto one line, looking at no more than about ``limit`` characters."""
    if not value:
        return ""
    head = value[:limit]
    if "\n" in head:
        head = _prose(head)
    return clean_line(head)


# a list item's marker at the start of a line of an entry's text ("- ", "• ", "3. ", "iv) "
# is not one: only bullets and numbers of up to three digits)
_MARKER = re.compile(r"^[ \t]*(?:[-•*‣◦▪–]|\d{1,3}[.)])[ \t]+", re.MULTILINE)


def _prose(text: str) -> str:
    """An entry's text as one run of prose: paragraphs (and a heading before its text) apart,
    ``"Heading · text"``, a list's items without their markers, ``"one · two"``, the lines of
    a paragraph joined by a space; after a colon the next part just follows (``"These are:
    one · two"``)."""
    out = ""
    for paragraph in text.split("\n\n"):
        items = _MARKER.split(paragraph)
        if len(items) > 1:  # a list: its items, each on a line of its own after a marker
            parts = [" ".join(i.split()) for i in items]
        else:
            parts = [" ".join(paragraph.split())]
        for part in parts:
            if not part:
                continue
            if out:
                out += " " if out.endswith(":") else " · "
            out += part
    return out


def split_cells(value: str, width: int, char_width: Callable[[str], int]) -> tuple[str, str]:
    """Split ``value`` into a head of at most ``width`` cells and the rest, at a space if one
    is near (a card's text without a headline, over two lines). ``char_width`` gives a
    character's cells: Rich's in the reader, a plain measure before Textual has loaded."""
    if width <= 0:
        return "", value
    total = 0
    cut = len(value)
    for index, char in enumerate(value):
        total += char_width(char)
        if total > width:
            cut = index
            break
    else:
        return value, ""
    space = value.rfind(" ", 0, cut + 1)
    if space > cut // 2:
        return value[:space], value[space + 1 :]
    return value[:cut], value[cut:]
