"""The follow worker and what it posts: cached and fetched entries into the timeline.

:class:`FeedUpdates` starts the reader's data flow (the newest screenful from the cache is
loaded by the app before its first frame; the rest of the history, then the follower's
refreshes, come from the worker), turns :class:`FeedLoaded`, :class:`FeedUpdated` and
:class:`FeedFailed` into timeline changes and status bar states, and has the actions that
steer the follower (refresh now, pause/resume).
"""

from __future__ import annotations

import asyncio
import gc
from datetime import timedelta

from textual import on, work

from tui_liveblog.fetch import is_url
from tui_liveblog.follow import Update
from tui_liveblog.model import Entry
from tui_liveblog.ui.filter_index import FilterIndex
from tui_liveblog.ui.messages import FeedFailed, FeedLoaded, FeedUpdated
from tui_liveblog.ui.reader_contents import FIRST_SCREEN, ReaderContents


class FeedUpdates(ReaderContents):
    """The reader's part that loads and follows the blog."""

    @work(exclusive=True, group="follow", exit_on_error=False)
    async def _start(self) -> None:
        feed = self.feed
        if self._cached:
            if len(feed.known) >= FIRST_SCREEN:  # more history than the first screen
                await asyncio.sleep(0.05)  # let the first screen reach the terminal

                def load_history() -> tuple[list[Entry], FilterIndex]:
                    feed.load_cache(bodies=False)
                    history = feed.entries
                    index = FilterIndex(history)  # ~10 µs an entry: not in the UI thread
                    # a big history is long-lived and acyclic: take it out of the cyclic GC's
                    # scans, which otherwise cost ~60 ms (a dropped frame) at 50k entries
                    gc.freeze()
                    return history, index

                entries, index = await asyncio.to_thread(load_history)
                self._prebuilt = (entries, index)
                self.post_message(
                    FeedLoaded(feed.blog, entries, frozenset(feed.unread), True, True)
                )
        elif self.offline:
            self.post_message(FeedFailed("not in the cache: drop --offline to fetch it"))
            return
        if self.offline:
            return
        async for update in self.follower.updates():
            self.post_message(FeedUpdated(feed.blog, update))
            if update.fatal:
                self.post_message(FeedFailed(update.error or "cannot read this source"))
                return
            if not self.follow:
                return  # (a snapshot, such as a saved file: read once)

    @on(FeedLoaded)
    def _loaded(self, message: FeedLoaded) -> None:
        self.status.set_blog(message.blog)
        self._set_state(message.blog)
        if message.from_cache:
            self.status.last_refresh = self.feed.fetched_at
            if self.offline:
                self.status.state = "offline"
        self._history_complete = message.complete
        self._replace_all(message.entries)
        self.timeline.set_unread(message.unread)

    @on(FeedUpdated)
    def _updated(self, message: FeedUpdated) -> None:
        update: Update = message.update
        status = self.status
        status.set_blog(message.blog)
        if update.error:
            status.error = update.error
            if not self.entries:
                self._show_empty(
                    f"Could not load the blog: {update.error}\n\nPress r to try again now."
                )
                if status.state == "loading":
                    status.state = "error"
        else:
            status.error = None
            status.last_refresh = update.fetched_at
            self._set_state(message.blog)
        status.next_refresh = (
            self.now() + timedelta(seconds=update.next_in) if self.follow else None
        )
        changes = update.changes
        if not changes:
            if not update.error and not self.entries:
                self._show_empty("No entries yet. New ones will appear here as they are posted.")
            return
        self._apply_changes(changes.new, changes.edited + changes.removed)
        self.timeline.set_unread(frozenset(self.feed.unread))

    @on(FeedFailed)
    def _failed(self, message: FeedFailed) -> None:
        self.status.state = "error"
        self.status.error = message.error
        self.status.next_refresh = None
        if not self.entries:
            self._show_empty(f"{message.error}\n\nThis source cannot be read as a live blog.")

    def _set_state(self, blog: object) -> None:
        live = getattr(blog, "live", None)
        if self.follower.paused:
            self.status.state = "paused"
        elif live is False:
            self.status.state = "ended"
        elif not is_url(self.feed.source):  # a saved file: a snapshot, not live
            self.status.state = "file"
        elif self.offline:
            self.status.state = "offline"
        else:
            self.status.state = "live"

    # -- following -------------------------------------------------------------------------------
    def action_refresh_now(self) -> None:
        if not self.follow:
            self.notify("Not following (offline or a file that was read once).", severity="warning")
            return
        self.follower.wake()
        self.notify("Refreshing…", timeout=2)

    def action_toggle_follow(self) -> None:
        if not self.follow:
            self.notify("Not following this source.", severity="warning")
            return
        self.follower.paused = not self.follower.paused
        if self.follower.paused:
            self.status.state = "paused"
            self.notify("Following paused: press f to resume.")
        else:
            self._set_state(self.feed.blog)
            self.follower.wake()
            self.notify("Following resumed.")
