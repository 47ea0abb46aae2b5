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
from tui_liveblog.ui.place_kept import PlaceKept
from tui_liveblog.ui.reader_contents import FIRST_SCREEN
from tui_liveblog.ui.watch_alerts import WatchAlerts


class FeedUpdates(WatchAlerts, PlaceKept):
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
            # (the cache's time is that of the last fetch that changed something)
            self.status.changed_at = self.feed.fetched_at
            if self.offline:
                self.status.state = "offline"
        self._history_complete = message.complete
        if message.from_cache:
            self._prepare_place()
        self._replace_all(message.entries)
        self.timeline.set_unread(message.unread)
        self.status.unread = len(self.feed.unread)
        if message.from_cache:
            self._restore_place(message.complete)

    @on(FeedUpdated)
    def _updated(self, message: FeedUpdated) -> None:
        update: Update = message.update
        changes = update.changes
        status = self.status
        # (what the first refresh brings was there when the blog was opened: it never alerts)
        armed = self._watch_armed
        self._watch_armed = armed or not update.error
        status.set_blog(message.blog)
        if update.error:
            if self.entries and update.error != status.error:
                # the whole message, once (the top line has its gist; with nothing to read,
                # the message takes the timeline's place instead)
                self.notify(update.error, severity="error", timeout=8, markup=False)
            status.error = update.error
            status.error_short = update.error_short
            waiting = update.not_there_yet and self.feed.blog is None
            if not self.entries:
                self._show_empty(
                    f"The page is not there yet: {update.error}\n\nIt is tried again on the"
                    " usual schedule. Press r to try now."
                    if waiting
                    else f"Could not load the blog: {update.error}\n\nPress r to try again now."
                )
            if update.unreachable:
                status.state = "unreachable"  # (until it answers again)
            elif waiting:
                status.state = "waiting"
            elif self.feed.blog is None:
                status.state = "error"
            else:  # it answered: the blog's own state, the error beside it
                self._set_state(message.blog)
            if self.follower.paused:
                status.state = "paused"
        else:
            status.error = None
            status.error_short = None
            status.checked_at = update.fetched_at
            if changes or (status.changed_at is None and not update.not_modified):
                status.changed_at = update.fetched_at  # (a 304, or the same content: unmoved)
            self._set_state(message.blog)
        status.next_refresh = (
            self.now() + timedelta(seconds=update.next_in) if self.follow else None
        )
        if not changes:
            self._first_refresh_done(False)
            if not update.error and not self.entries:
                self._show_empty("No entries yet. New ones will appear here as they are posted.")
            return
        self._apply_changes(changes.new, changes.edited + changes.removed)
        if armed:
            self._alert_arrivals(changes.new)
        self.timeline.set_unread(frozenset(self.feed.unread))
        self.status.unread = len(self.feed.unread)
        self._first_refresh_done(bool(changes.new))

    @on(FeedFailed)
    def _failed(self, message: FeedFailed) -> None:
        self.status.state = "error"
        self.status.error = message.error
        self.status.error_short = None
        self.status.next_refresh = None
        self._first_refresh_done(False)  # (no refresh is coming: what is new since, now)
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
