"""Loading older entries: the page before the oldest entry, where the source pages back in time.

``L`` (or reaching the end of the timeline) runs :meth:`OlderPages._load_older`: one fetch at a
time, in a worker, whose outcome comes back as :class:`OlderLoaded` and is merged into the
timeline like a refresh.
"""

from __future__ import annotations

from textual import on, work

from tui_liveblog.errors import LiveblogError
from tui_liveblog.model import Changes
from tui_liveblog.sanitize import clean_line
from tui_liveblog.ui.messages import OlderLoaded
from tui_liveblog.ui.reader_contents import ReaderContents


class OlderPages(ReaderContents):
    """The reader's part that pages back in time."""

    def action_load_older(self) -> None:
        self._load_older(quiet=False)

    def _load_older(self, *, quiet: bool) -> None:
        """Fetch the page before the oldest entry, where the source pages back in time."""
        if self._older_busy:
            return
        if self.offline or not self.feed.can_load_older:
            if not quiet:
                self.notify("No older entries to fetch from this source.", timeout=3)
            return
        self._older_busy = True
        self.status.older = True
        self._fetch_older()

    @work(exclusive=True, group="older", exit_on_error=False)
    async def _fetch_older(self) -> None:
        try:
            refresh = await self.feed.load_older()
        except LiveblogError as err:
            self.post_message(OlderLoaded(Changes(), error=str(err)))
            return
        except Exception as err:  # a bug must not leave "loading older…" up for good
            reason = clean_line(f"{type(err).__name__}: {err}")[:200]
            self.post_message(OlderLoaded(Changes(), error=f"{reason} (a bug)"))
            return
        if refresh is None:
            self.post_message(OlderLoaded(Changes(), exhausted=True))
        else:
            self.post_message(OlderLoaded(refresh.changes, exhausted=not self.feed.can_load_older))

    @on(OlderLoaded)
    def _older_loaded(self, message: OlderLoaded) -> None:
        self._older_busy = False
        self.status.older = False
        if message.error:
            self.notify(
                f"Could not load older entries: {message.error}", severity="warning", markup=False
            )
            return
        changes = message.changes
        if changes:
            self._apply_changes(changes.new, changes.edited + changes.removed)
        count = len(changes.new)
        if count:
            more = "" if not message.exhausted else " (that is the whole history)"
            self.notify(
                f"Loaded {count} older {'entry' if count == 1 else 'entries'}{more}.", timeout=3
            )
        elif message.exhausted:
            self.notify("That is the whole history: nothing older.", timeout=3)
