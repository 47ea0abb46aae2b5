"""The reader's first screen, drawn before Textual is imported.

Textual needs about a hundred milliseconds to import and lay out its first frame. For a blog
in the cache the reader does not make its user wait for that: :func:`hold_keys` puts the
terminal in the raw mode Textual will use (no echo: keys typed meanwhile wait, unshown, for
Textual to read them), and :func:`paint` draws the newest cards from one indexed query (no
bodies) on the alternate screen with plain ANSI, in the columns the reader's own first frame
puts them: the header line, the timeline's cards and the detail pane's border. Textual then
takes over the screen without clearing it (:mod:`tui_liveblog.ui.takeover`). A blog the reader
reopens on a kept place, or filtered (issue 14), is drawn so: at that place, with the new-entries
banner; or with the entries that pass the filter, and the filter bar open.

Whatever happens, :func:`release` puts the terminal back as it was: the original mode, and
the normal screen if Textual never took over. Nothing is drawn when stdin, stdout or stderr
is not a terminal, or on a platform without ``termios``.

Everything drawn went through :func:`~tui_liveblog.sanitize.clean_line` (no control
sequences from the network reach the terminal).
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from tui_liveblog.card_text import card_time, flat, split_cells
from tui_liveblog.sanitize import clean_line

if TYPE_CHECKING:
    from tui_liveblog.store.peek import Card, Peek

WIDE = 120  # side by side from this many columns (the reader's breakpoint)
CARD_HEIGHT = 4
PREFIX = 3  # cursor bar, unread dot, a space


class _State:  # (not a dataclass: importing dataclasses costs ~15 ms before the first screen)
    def __init__(self) -> None:
        self.fd: int | None = None  # the terminal held in raw mode
        self.original: Any = None  # its attributes before (termios.tcgetattr's list)
        self.painted = False  # the alternate screen holds our first screen
        self.taken_over = False  # Textual's driver has started on it
        self.out: TextIO | None = None
        self.kept = False  # an app that ended left its screen up for the next (keep_screen)


_state = _State()


def _terminals() -> bool:
    streams = (sys.stdin, sys.stdout, sys.stderr)
    return all(s is not None and s.isatty() for s in streams)


def hold_keys() -> bool:
    """Put the terminal in Textual's raw mode, echo off, keeping its original attributes."""
    if _state.fd is not None or os.environ.get("LIVEBLOG_NO_PREPAINT") or not _terminals():
        return False
    try:
        import termios
        import tty
    except ImportError:  # (not a POSIX terminal)
        return False
    fd = sys.stdin.fileno()
    try:
        original = termios.tcgetattr(fd)
        raw = termios.tcgetattr(fd)
        # the flags Textual's LinuxDriver sets (_patch_lflag, _patch_iflag), so nothing changes
        # for a key typed now when Textual takes over
        raw[tty.LFLAG] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
        raw[tty.IFLAG] &= ~(
            termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR
        )
        raw[tty.CC][termios.VMIN] = 1
        termios.tcsetattr(fd, termios.TCSANOW, raw)
    except (termios.error, OSError):
        return False
    _state.fd, _state.original = fd, original
    return True


def holding() -> bool:
    """Are the keys held (:func:`hold_keys`), so that a first screen may be painted?"""
    return _state.fd is not None


def original_attributes() -> Any:
    """The terminal's attributes before :func:`hold_keys` (None if it did not hold them)."""
    return _state.original


def painted() -> bool:
    return _state.painted


def taken_over() -> None:
    """Textual's driver is running on the screen we painted."""
    _state.taken_over = True


def keep_screen() -> None:
    """The app ending now hands the screen to the next one (the home screen and the reader, in
    turn): its driver stays on the alternate screen, whose frame stays up until the next app's
    first frame replaces it (:func:`take_kept_screen`); no blank frame between the two."""
    _state.kept = True


def take_kept_screen() -> bool:
    """Before the next app starts: if the last one kept its screen up, hold the keys and treat
    that screen as painted (the next driver does not switch to the alternate screen again, which
    would clear it); True then. :func:`release` leaves it, if nothing takes it over."""
    if not _state.kept:
        return False
    _state.kept = False
    stream = sys.__stderr__
    if stream is None:
        return False
    hold_keys()
    _state.painted, _state.taken_over, _state.out = True, False, stream
    return True


def release(*, keep: bool = False) -> None:
    """The terminal as it was: its original mode, and the normal screen if Textual never
    took over the one we painted (Textual leaves it itself), or if an app kept its screen up
    for another that is not coming (``keep``: it is coming). Safe to call more than once."""
    out = _state.out
    if _state.kept and not keep:  # (kept up for an app that never came)
        _state.kept = False
        _state.painted, _state.taken_over = True, False
        out = out or sys.__stderr__
    if _state.painted and not _state.taken_over and out is not None:
        try:
            out.write("\x1b[?25h\x1b[?1049l")
            out.flush()
        except (OSError, ValueError):
            pass
    _state.painted = False
    _state.taken_over = False
    if _state.fd is not None:
        try:
            import termios

            termios.tcsetattr(_state.fd, termios.TCSANOW, _state.original)
        except (ImportError, OSError, termios.error):
            pass
    _state.fd = None
    _state.original = None


# -- drawing --------------------------------------------------------------------------------


def _cells(text: str) -> int:
    return sum(_width(c) for c in text)


def _width(char: str) -> int:
    """A character's cells as the reader counts them (:mod:`tui_liveblog.ui.cells`): marks
    that combine with their letter take none, spacing marks (``Mc``) one, wide characters two.
    """
    category = unicodedata.category(char)
    if category in ("Mn", "Me") or (category == "Cf" and char != "\xad"):
        return 0
    if "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff":  # Hangul vowels, finals
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fit(text: str, width: int, ellipsis: str = "…", *, strip: bool = True) -> str:
    """``text`` cut to ``width`` cells (with an ellipsis) or padded to it; ``strip=False``
    keeps a space before the ellipsis (as Rich's ``Text.truncate`` does: the status bar)."""
    if width <= 0:
        return ""
    if _cells(text) > width:
        keep, total = [], 0
        room = width - _cells(ellipsis)
        for char in text:
            total += _width(char)
            if total > room:
                break
            keep.append(char)
        kept = "".join(keep)
        text = (kept.rstrip() if strip else kept) + ellipsis
    return text + " " * (width - _cells(text))


_BOLD, _DIM, _ITALIC, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[3m", "\x1b[0m"


def _basics(
    entry: Card, width: int, now: datetime, *, selected: bool, ascii_only: bool
) -> tuple[int, int, str, str, str, str, str]:
    """What a card and a compact line start from: the room for text, how much of a text to
    look at, the cursor, the unread dot, the ellipsis, the time and the authors."""
    inner = max(0, width - PREFIX)
    cursor = (">" if ascii_only else "▌") if selected else " "
    dot = ("*" if ascii_only else "●") if entry.unread else " "
    limit = 4 * max(inner, 16) + 64
    authors = ", ".join(a for a in (flat(a, limit) for a in entry.authors) if a)
    ellipsis = "..." if ascii_only else "…"
    return inner, limit, cursor, dot, ellipsis, card_time(entry.published, now), authors


def card_rows(
    entry: Card, width: int, now: datetime, *, selected: bool, ascii_only: bool
) -> list[str]:
    """One card's four rows (ANSI, each ``width`` cells): as the reader's card shows it, less
    its colours."""
    inner, limit, cursor, dot, ellipsis, when, authors = _basics(
        entry, width, now, selected=selected, ascii_only=ascii_only
    )
    meta = "  ".join(p for p in (when, authors) if p)
    badges = _badges(entry, ascii_only)
    if badges:  # (as the reader's card: at the right, the time and authors cut to make room)
        room = inner - _cells(badges) - 1
        if room >= 10 or (room >= 0 and _cells(meta) <= room):
            meta = _fit(meta, room, ellipsis)
        meta = f"{meta} {badges}"
    title, body = flat(entry.title, limit), flat(entry.text, limit)
    if title:
        second, third, second_style, third_style = title, body, _BOLD, _DIM
    elif body:
        second, third = split_cells(body, inner, _width)
        second_style = third_style = ""
    else:
        second, third, second_style, third_style = "", "", "", ""
    rows: list[str] = []
    for text, style in ((meta, _DIM), (second, second_style), (third, third_style)):
        first = not rows
        head = f"{cursor}{dot if first else ' '} "
        rows.append(f"{head}{style}{_fit(text, inner, ellipsis)}{_RESET if style else ''}")
    rows.append(" " * width)
    return rows


_GLYPHS = {  # (ui.entry_lines.UNICODE_GLYPHS, ASCII_GLYPHS)
    "pinned": ("⚑", "[pinned]"),
    "key_event": ("★", "[key]"),
    "edited": ("✎", "[edited]"),
    "media": ("▣", "[media]"),
    "deleted": ("✗ deleted", "[deleted]"),
}


def _badges(entry: Card, ascii_only: bool) -> str:
    return " ".join(_GLYPHS[name][ascii_only] for name in entry.badges)


COMPACT_AUTHOR_CELLS = 18  # (ui.entry_lines.COMPACT_AUTHOR_CELLS)


def compact_row(entry: Card, width: int, now: datetime, *, selected: bool, ascii_only: bool) -> str:
    """One entry's line in the compact view (ANSI, ``width`` cells): as the reader's
    (``ui.entry_lines.compact_line``) shows it, less its colours."""
    inner, limit, cursor, dot, ellipsis, when, authors = _basics(
        entry, width, now, selected=selected, ascii_only=ascii_only
    )
    if authors:
        authors = _fit(authors, min(_cells(authors), COMPACT_AUTHOR_CELLS), ellipsis)
    title = flat(entry.title, limit)
    pieces = [
        (text, style)
        for text, style in (
            (when, _DIM),
            (authors, _ITALIC),
            (title or flat(entry.text, limit), _BOLD if title else ""),
        )
        if text
    ]
    plain = "  ".join(text for text, _ in pieces)
    badges = _badges(entry, ascii_only)
    if badges and inner - _cells(badges) - 1 >= 10:
        plain = f"{_fit(plain, inner - _cells(badges) - 1, ellipsis)} {badges}"
    if badges or _cells(plain) > inner:  # (cut: plain, less its styles)
        return f"{cursor}{dot} {_fit(plain, inner, ellipsis)}"
    styled = "  ".join(f"{style}{text}{_RESET}" if style else text for text, style in pieces)
    return f"{cursor}{dot} {styled}{' ' * (inner - _cells(plain))}"


def _header(peek: Peek, width: int, now: datetime, offline: bool) -> str:
    """The status bar's line as the reader's first frame has it (ui.widgets.status_bar): its
    state badge for a blog from the cache, the title, the entry count and, if they fit, how
    many are unread and when the content last changed (the cache's time: that of the last fetch that changed it)."""
    if offline:  # (ui.feed_updates._set_state)
        badge = " OFFLINE "
    elif peek.live is False:
        badge = " ENDED "
    else:
        badge = " ● LIVE "
    title = clean_line(peek.title)
    pieces: dict[str, str] = {}
    if peek.entries:
        pieces["count"] = f"{peek.entries} {'entry' if peek.entries == 1 else 'entries'}"
        if peek.matching is not None:  # (a kept filter: what passes it, of all)
            pieces["count"] = f"{peek.matching} of {pieces['count']}"
    # (the reader marks the entry it opens on as read as it shows it: the newest, or the kept)
    opened = (peek.place_index or 0) - peek.first
    unread = peek.unread - (1 if 0 <= opened < len(peek.cards) and peek.cards[opened].unread else 0)
    if unread > 0:
        pieces["unread"] = f"{unread} unread"
    if peek.fetched_at is not None and now.tzinfo is not None:
        pieces["changed"] = f"changed {peek.fetched_at.astimezone(now.tzinfo):%H:%M}"
    inner = width - 4  # (the bar's padding, and the room the status bar keeps)
    title_min = min(len(badge) + 1 + _cells(title), len(badge) + 1 + 24)  # (status_bar.TITLE_MIN)
    # (as the status bar's fit_pieces: the change time gives way, then the unread count; the
    # entry count stays)
    for least in ("changed", "unread"):
        if _cells("  ".join(pieces.values())) > inner - title_min - 2:
            pieces.pop(least, None)
    right = "  ".join(pieces.values())
    room = inner - _cells(right) - 2
    if room < len(badge) + 2:
        return f" {badge} {_DIM}{right}{_RESET}"
    return f" {badge} {_BOLD}{_fit(title, room - len(badge) - 1, strip=False)}{_RESET}  {_DIM}{right}{_RESET}"


class _View(NamedTuple):
    y: int  # the timeline's scroll offset (lines)
    height: int  # its rows on screen
    rows: int  # a card's rows (1: the compact view)
    selected: int  # the selected entry's index
    banner: int  # the new-entries banner's count (0: none)
    top: int  # the screen row of the timeline's top line


def _view(peek: Peek, height: int, top: int) -> _View:
    """Where the reader's first frame has the timeline: at the top, the newest selected; or at
    the kept place (issue 14), as ui.place_kept puts it: the kept entry at its row (within
    what the first frame holds), scrolled the least to show it whole, and the unread entries
    out of view above it counted by the banner, whose line the kept card then keeps clear of."""
    rows = 1 if peek.compact else CARD_HEIGHT
    index = peek.place_index
    if index is None or peek.place is None:
        return _View(0, height, rows, 0, 0, top)
    most = max(0, max(peek.loaded, index + 1) * rows - height)
    kept = max(0, index * rows - peek.place[1])  # (Timeline.place_at)
    banner = sum(1 for i in peek.unread_above if i * rows < kept)  # (PlaceKept._tell_new)
    covered = 1 if banner else 0  # (Timeline.cover_top)
    y = _into_view(min(kept, most), index * rows - covered, rows + covered, height)
    return _View(min(max(0, y), most), height, rows, index, banner, top)


def _into_view(y: int, start: int, size: int, height: int) -> int:
    """The scroll offset nearest ``y`` that shows the lines ``start`` to ``start + size``
    (Textual's ``scroll_to_region``: the top, if they do not fit)."""
    if start < y or size > height:
        return max(0, start)
    if start + size > y + height:
        return start + size - height
    return y


def screen(
    peek: Peek,
    size: tuple[int, int],
    now: datetime,
    *,
    ascii_only: bool = False,
    offline: bool = False,
) -> str:
    """The whole first screen as one string of ANSI (no alternate-screen switch): the header
    says what the reader's will (its state badge, title, entry count and when the content last
    changed, in ``now``'s zone)."""
    width, height = size
    wide = width >= WIDE
    left = width // 2 if wide else width  # (an odd column goes to the detail pane, as in Textual)
    card_width = left - 1  # (the timeline's scrollbar column)
    # the header, the footer Textual draws and, open with a kept filter, the filter bar
    body_rows = height - (2 if peek.filter is None else 4)
    # (stacked: the detail pane takes 45% of the rows, rounded down as Textual does)
    timeline_rows = body_rows if wide else body_rows - max(1, body_rows * 45 // 100)
    out = ["\x1b[?25l\x1b[H\x1b[2J"]
    out.append(f"\x1b[1;1H{_header(peek, width, now, offline)}")
    row = 2
    for label in peek.pinned:  # the pinned strip, over the cards (ui.widgets.pinned)
        text = _fit(f" ⚑ PINNED {clean_line(label)}", left, strip=False)
        out.append(f"\x1b[{row};1H{_BOLD}{text[:10]}{_RESET}{text[10:]}")
        row += 1
    view = _view(peek, timeline_rows + 2 - row, row)
    lines: list[str] = []  # the timeline's lines from the view's top, as far as it reaches
    for offset, entry in enumerate(peek.cards):
        index = peek.first + offset
        if (index + 1) * view.rows <= view.y:
            continue  # (above the view)
        if len(lines) >= view.height + view.rows:
            break
        read = entry._replace(unread=False) if index == view.selected else entry
        if peek.compact:
            lines.append(
                compact_row(
                    read, card_width, now, selected=index == view.selected, ascii_only=ascii_only
                )
            )
        else:
            rows = card_rows(
                read, card_width, now, selected=index == view.selected, ascii_only=ascii_only
            )
            lines.extend(rows[max(0, view.y - index * view.rows) :])
    for line in lines[: view.height]:  # (the last card cut, as the timeline cuts it)
        out.append(f"\x1b[{row};1H{line}")
        row += 1
    if view.banner:  # the new-entries banner, over the timeline's top line (ui.widgets.banner)
        noun = "entry" if view.banner == 1 else "entries"
        label = f" ▲ {view.banner} new {noun} — press space to jump to them "
        text = _fit(f"{label}{' ' * max(0, left - _cells(label))}", left, strip=False)
        out.append(f"\x1b[{view.top};1H\x1b[7m{_BOLD}{text}{_RESET}")
    border = "|" if ascii_only else "▊"
    if wide:  # the detail pane's left border, down the whole pane
        out.extend(f"\x1b[{r};{left + 1}H{_DIM}{border}{_RESET}" for r in range(2, body_rows + 2))
    else:  # its top border, under the timeline
        rule = ("-" if ascii_only else "▔") * width
        out.append(f"\x1b[{timeline_rows + 2};1H{_DIM}{rule}{_RESET}")
    if peek.filter is not None:  # the filter bar, open, over the footer (ui.widgets.filter_bar)
        out.append(f"\x1b[{height - 2};1H▊▔ Filter {'▔' * (width - 11)}▎")
        typed = _fit(clean_line(peek.filter), width - 4, strip=False)  # (padded to its room)
        out.append(f"\x1b[{height - 1};1H▊  {typed}▎")
    return "".join(out)


def paint(
    peek: Peek,
    now: datetime,
    *,
    ascii_only: bool = False,
    offline: bool = False,
    out: TextIO | None = None,
) -> bool:
    """Switch to the alternate screen and draw the first screen, if the keys are held (see
    :func:`hold_keys`) and there is something to show."""
    if _state.fd is None or not peek.cards:
        return False
    stream = out or sys.__stderr__  # where Textual's driver writes
    if stream is None:
        return False
    try:
        # (the size Textual's driver will lay out for: COLUMNS/LINES, else stdout's terminal)
        size = shutil.get_terminal_size()
        if size.columns < 20 or size.lines < 6:
            return False  # (too small for a card: Textual says so itself)
        size_ = (size.columns, size.lines)
        text = screen(peek, size_, now, ascii_only=ascii_only, offline=offline)
        _state.out = stream
        _state.painted = True  # (from here on, release() leaves the alternate screen)
        # (one synchronised update where the terminal supports it: no half-drawn screen)
        stream.write("\x1b[?1049h\x1b[?2026h" + text + "\x1b[?2026l")
        stream.flush()
    except (OSError, ValueError):
        return _state.painted
    return True
