"""The header line: blog title, its state (live, ended, unreachable…), the entry count, how many
are unread, when the content last changed and when it was last checked, the next refresh, errors in a few words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui_liveblog.model import Blog
from tui_liveblog.sanitize import clean_line


class StatusBar(Widget):
    """One line at the top of the screen. All its state is in reactives set by the app."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    title: reactive[str] = reactive("tui-liveblog")
    # live | ended | file | offline | paused | loading | error | unreachable | waiting
    state: reactive[str] = reactive("loading")
    changed_at: reactive[datetime | None] = reactive(None)  # the content last changed
    checked_at: reactive[datetime | None] = reactive(None)  # the last successful check (a 304 too)
    next_refresh: reactive[datetime | None] = reactive(None)
    error: reactive[str | None] = reactive(None)  # the whole message (the app shows it in a notice)
    error_short: reactive[str | None] = reactive(None)  # …in a few words: what this line shows
    entry_count: reactive[int] = reactive(0)
    matching: reactive[int | None] = reactive(None)  # entries the filter lets through, if one is on
    unread: reactive[int] = reactive(0)  # entries not read yet ("N unread" when there are any)
    older: reactive[bool] = reactive(False)  # an older page is being fetched

    def __init__(
        self, *, clock: Callable[[], datetime], tz: tzinfo | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.tz = tz

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    def validate_title(self, title: str) -> str:
        """Whatever is shown as the title (the blog's, or the address given until it says it,
        a file path perhaps) is one clean line: no escape sequence, control or bidi character."""
        return clean_line(title)

    def set_blog(self, blog: Blog | None) -> None:
        if blog is not None:
            self.title = blog.title

    def render(self) -> Text:
        now = self.clock()
        text = Text(no_wrap=True, overflow="ellipsis")
        badge, style = BADGES.get(self.state, (" … ", "bold"))
        text.append(badge, style)
        text.append(" ")
        text.append(self.title, "bold")
        # the right-hand side: the entry count, when the content last changed and when it was
        # last checked, the error in a few words and when it is tried again (or the next check)
        pieces: dict[str, Text] = {}
        if self.entry_count:
            noun = "entry" if self.entry_count == 1 else "entries"
            count = f"{self.entry_count} {noun}"
            if self.matching is not None:
                count = f"{self.matching} of {count}"
            pieces["count"] = Text(count, "dim")
        if self.unread > 0:
            pieces["unread"] = Text(f"{self.unread} unread", "bold")
        for key, when in (("changed", self.changed_at), ("checked", self.checked_at)):
            if when is not None:
                pieces[key] = Text(f"{key} {when.astimezone(self.tz):%H:%M}", "dim")
        if self.older:
            pieces["older"] = Text("loading older…", "italic")
        error = self.error_short or self.error
        if error:
            pieces["error"] = Text(error, "bold red")
        if self.next_refresh is not None and self.state not in ("paused",):
            seconds = max(0, int((self.next_refresh - now) / timedelta(seconds=1)))
            label = "retry" if self.error else "next"
            pieces["next"] = Text(f"{label} in {_duration(seconds)}", "dim")
        width = self.size.width - 2
        title_min = min(text.cell_len - len(badge) - 1, TITLE_MIN_ERROR if error else TITLE_MIN)
        right = fit_pieces(pieces, width - len(badge) - 1, title_min)
        room = width - right.cell_len - 2
        if room < len(badge) + 2:  # very narrow: no title
            narrow = Text(badge, style, no_wrap=True, overflow="ellipsis", end="")
            narrow.append(" ")
            narrow.append_text(right)
            narrow.truncate(width, overflow="ellipsis")
            return narrow
        text.truncate(room, overflow="ellipsis", pad=True)
        text.append("  ")
        text.append_text(right)
        return text


BADGES = {
    "live": (" ● LIVE ", "bold white on red"),
    "ended": (" ENDED ", "bold black on grey70"),
    "file": (" FILE ", "bold black on grey70"),
    "offline": (" OFFLINE ", "bold black on yellow"),
    "paused": (" PAUSED ", "bold black on bright_cyan"),
    "error": (" ERROR ", "bold white on dark_red"),
    "unreachable": (" UNREACHABLE ", "bold black on dark_orange"),
    "waiting": (" WAITING ", "bold black on bright_cyan"),
}

# the title keeps this many cells (if it is that long) before the times give way to it (the
# pre-paint's header does the same: tui_liveblog.prepaint._header)
TITLE_MIN = 24
TITLE_MIN_ERROR = 12  # (an error in a few words matters more than the title)

# what gives way first when the line is short: the last check, the last change, the unread
# count, then the error is cut (to no less than this) and, last, left to the notice and the
# badge; the entry count and when the next try is always stay
_ERROR_MIN = 10


def fit_pieces(pieces: dict[str, Text], room: int, title_min: int) -> Text:
    """The right-hand side of the line, fitted to ``room`` cells less ``title_min`` for the
    title (and two between them)."""
    budget = room - max(title_min, 0) - 2
    for least in ("checked", "changed", "unread"):
        if _joined(pieces).cell_len <= budget:
            break
        pieces.pop(least, None)
    error = pieces.get("error")
    over = _joined(pieces).cell_len - budget
    if error is not None and over > 0:
        if error.cell_len - over >= _ERROR_MIN:
            error.truncate(error.cell_len - over, overflow="ellipsis")
        else:
            del pieces["error"]
    return _joined(pieces)


def _joined(pieces: dict[str, Text]) -> Text:
    return Text("  ", no_wrap=True).join(pieces.values())


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"
