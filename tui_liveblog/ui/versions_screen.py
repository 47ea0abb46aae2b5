"""The versions of an edited entry (``d``, issue 16 (3)): each version with its time, the first
in full, each later one as a word diff against the one before
(:func:`~tui_liveblog.word_diff.word_diff`): deleted words struck through (red), inserted ones
underlined (green), so that they read without colour too (``NO_COLOR``).

:class:`VersionActions` is the reader's part that reads the versions from the cache, in a
thread (:class:`~tui_liveblog.ui.messages.VersionsRead` brings them back), and opens
:class:`VersionsScreen`, or says that the entry was never edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_liveblog.errors import CacheError
from tui_liveblog.model import Version
from tui_liveblog.ui.messages import VersionsRead
from tui_liveblog.ui.reader_contents import ReaderContents

if TYPE_CHECKING:
    from tui_liveblog.word_diff import Piece
from tui_liveblog.ui.feed_kind import is_group

CLOSE_HINT = "esc or q closes"
STYLES = {"same": "", "deleted": "strike red", "inserted": "underline bold green"}


def _when(kind: str, dt: datetime | None, tz: tzinfo | None) -> str:
    if dt is None:
        return "time unknown"
    local = dt.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z").strip()
    return f"{kind} {local}" if kind else local


def _pieces(text: Text, pieces: Sequence[Piece]) -> None:
    last = "same"
    for op, chunk in pieces:
        if last == "deleted" and op == "inserted" and not chunk[:1].isspace():
            text.append(" ")  # (a word replaced: the two apart, "nine ten", not "nineten")
        text.append(chunk, STYLES[op])
        last = op


def versions_text(versions: Sequence[Version], tz: tzinfo | None) -> Text:
    """Every version, oldest first: its number and time, then its headline and text (the first
    as they were, each later one as the words changed since the one before)."""
    out = Text()
    from tui_liveblog.word_diff import version_times, word_diff  # (when d is pressed)

    times = version_times(versions)
    for n, version in enumerate(versions):
        if n:
            out.append("\n\n")
        kind, dt = times[n]
        label = f"{n + 1} of {len(versions)}" + (" (current)" if n == len(versions) - 1 else "")
        out.append(f"Version {label} · {_when(kind, dt, tz)}", "bold reverse")
        out.append("\n")
        before = versions[n - 1] if n else None
        if before is None:
            if version.title:
                out.append(version.title, "bold")
                out.append("\n")
            out.append(version.text)
            continue
        if before.title or version.title:
            title = Text(style="bold")
            _pieces(title, word_diff(before.title or "", version.title or ""))
            out.append_text(title)
            out.append("\n")
        _pieces(out, word_diff(before.text, version.text))
    return out


class VersionsScreen(ModalScreen[None]):
    """An edited entry's versions, in a scrolling box (see the module's docstring)."""

    DEFAULT_CSS = """
    VersionsScreen { align: center middle; }
    VersionsScreen > VerticalScroll { width: 90; max-width: 100%; height: auto;
        max-height: 100%; border: round $accent; background: $surface; padding: 0 1;
        border-title-style: bold; border-subtitle-color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,d", "dismiss", "Close")]

    def __init__(self, versions: Sequence[Version], tz: tzinfo | None) -> None:
        super().__init__()
        self.versions = tuple(versions)
        self.tz = tz

    def compose(self) -> ComposeResult:
        box = VerticalScroll(Static(versions_text(self.versions, self.tz), id="versions"))
        box.border_title = f"{len(self.versions)} versions of this entry"
        box.border_subtitle = CLOSE_HINT
        yield box

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class VersionActions(ReaderContents):
    """The reader's part that shows an entry's versions (``d``)."""

    def action_show_versions(self) -> None:
        entry = self.timeline.selected
        if entry is None:
            return
        if self.feed.store is None:
            self.notify("Only a blog read from the web keeps its entries' versions.", timeout=4)
            return
        self._read_versions(entry.id)

    @work(thread=True, group="versions", exclusive=True, exit_on_error=False)
    def _read_versions(self, entry_id: str) -> None:
        store = self.feed.store
        key, own = self.feed.cache_key, entry_id
        if is_group(self.feed):  # (the entry's own blog, and its own id there)
            ref, own = self.feed.own(entry_id)
            key = ref.url if ref is not None else key
        try:
            versions = [] if store is None else store.versions(key, own)
        except CacheError as err:
            self.post_message(VersionsRead(entry_id, [], str(err)))
            return
        self.post_message(VersionsRead(entry_id, versions))

    @on(VersionsRead)
    def _versions_read(self, message: VersionsRead) -> None:
        if message.error:
            self.notify(
                f"The versions could not be read: {message.error}", severity="warning",
                markup=False,
            )  # fmt: skip
        elif len(message.versions) < 2:
            self.notify("This entry was never edited (as far as the cache has seen).", timeout=4)
        else:
            self.push_screen(VersionsScreen(message.versions, self.tz))
