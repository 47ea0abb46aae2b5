"""The header line: blog title, live/ended/offline state, last and next refresh, errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui_liveblog.model import Blog


class StatusBar(Widget):
    """One line at the top of the screen. All its state is in reactives set by the app."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    title: reactive[str] = reactive("tui-liveblog")
    # live | ended | file | offline | paused | loading | error
    state: reactive[str] = reactive("loading")
    last_refresh: reactive[datetime | None] = reactive(None)
    next_refresh: reactive[datetime | None] = reactive(None)
    error: reactive[str | None] = reactive(None)
    entry_count: reactive[int] = reactive(0)
    matching: reactive[int | None] = reactive(None)  # entries the filter lets through, if one is on
    older: reactive[bool] = reactive(False)  # an older page is being fetched

    def __init__(
        self, *, clock: Callable[[], datetime], tz: tzinfo | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.tz = tz

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    def set_blog(self, blog: Blog | None) -> None:
        if blog is not None:
            self.title = blog.title

    def render(self) -> Text:
        now = self.clock()
        text = Text(no_wrap=True, overflow="ellipsis")
        badge, style = {
            "live": (" ● LIVE ", "bold white on red"),
            "ended": (" ENDED ", "bold black on grey70"),
            "file": (" FILE ", "bold black on grey70"),
            "offline": (" OFFLINE ", "bold black on yellow"),
            "paused": (" PAUSED ", "bold black on bright_cyan"),
            "error": (" ERROR ", "bold white on dark_red"),
        }.get(self.state, (" … ", "bold"))
        text.append(badge, style)
        text.append(" ")
        text.append(self.title, "bold")
        # the right-hand side, by importance: the error, when it retries (or the next refresh),
        # the last refresh, the entry count; the least important go first when room is short
        error = Text(self.error, "bold red") if self.error else None
        pieces: dict[str, Text] = {}
        if self.entry_count:
            noun = "entry" if self.entry_count == 1 else "entries"
            count = f"{self.entry_count} {noun}"
            if self.matching is not None:
                count = f"{self.matching} of {count}"
            pieces["count"] = Text(count, "dim")
        if self.last_refresh is not None:
            pieces["updated"] = Text(
                f"updated {self.last_refresh.astimezone(self.tz):%H:%M:%S}", "dim"
            )
        if self.older:
            pieces["older"] = Text("loading older…", "italic")
        if error is not None:
            pieces["error"] = error
        if self.next_refresh is not None and self.state not in ("paused",):
            seconds = max(0, int((self.next_refresh - now) / timedelta(seconds=1)))
            label = "retry" if self.error else "next"
            pieces["next"] = Text(f"{label} in {_duration(seconds)}", "dim")
        width = self.size.width - 2
        title_min = min(text.cell_len, len(badge) + 1 + 12)
        budget = width - title_min - 2
        for least in ("count", "updated"):
            if _joined(pieces).cell_len <= budget:
                break
            pieces.pop(least, None)
        if error is not None and _joined(pieces).cell_len > budget:
            others = _joined(pieces).cell_len - error.cell_len
            error.truncate(max(budget - others, 12), overflow="ellipsis")
        right = _joined(pieces)
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


def _joined(pieces: dict[str, Text]) -> Text:
    return Text("  ", no_wrap=True).join(pieces.values())


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"
