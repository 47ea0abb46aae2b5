"""Unread entries you can act on: ``u`` / ``U`` walk them, ``A`` marks them all read.

"Unread" is the feed's (:attr:`~tui_liveblog.follow.BlogFeed.unread`: what arrived since the
blog was last open, kept per blog in the cache); the status bar counts it and the timeline's
cards carry a dot. Like ``n`` / ``N``, ``u`` / ``U`` stop at the end of the timeline with a
notice (which says how many unread entries lie the other way).
"""

from __future__ import annotations

from tui_liveblog.ui.reader_contents import ReaderContents


class UnreadActions(ReaderContents):
    """The reader's part that walks the unread entries and marks them read."""

    def _jump_unread(self, step: int) -> None:
        timeline = self.timeline
        unread = self.feed.unread
        shown = [i for i in range(timeline.entry_count) if timeline.entry_at(i).id in unread]
        if not shown:
            more = " in this view" if unread and (self.words or self.key_only) else ""
            self.notify(f"No unread entries{more}.")
            return
        here = timeline.selected_index
        ahead = [i for i in shown if (i > here if step > 0 else i < here)]
        if ahead:
            timeline.selected_index = ahead[0] if step > 0 else ahead[-1]
            timeline.focus()
            return
        others = len(shown) - (here in shown)
        if step > 0:
            self.notify(f"No more unread entries below ({others} above: U).")
        else:
            self.notify(f"No unread entries above ({others} below: u).")

    def action_next_unread(self) -> None:
        self._jump_unread(1)

    def action_previous_unread(self) -> None:
        self._jump_unread(-1)

    def action_mark_all_read(self) -> None:
        """Every entry read, in the cache too (written off the event loop)."""
        ids = self.feed.mark_read(list(self.feed.unread))
        self.timeline.set_unread(())
        self.status.unread = 0
        if ids:
            self._save_read(ids)
            self.notify(f"{len(ids)} marked read.")
        else:
            self.notify("Nothing unread.")
