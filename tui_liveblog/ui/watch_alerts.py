"""Watch words in the reader (issue 15, 3): the alerts a new entry with one sets off, and ``w``.

A new entry (one a refresh brings while the reader runs: never one that was there when the blog
was opened, see :meth:`~tui_liveblog.ui.feed_updates.FeedUpdates._updated`) with a watch word
rings the terminal's bell, shows a notice naming the blog and the entry's headline, and sends a
desktop notification with its text: through ``notify-send`` (in a thread, with a timeout) when
there is a graphical session, else as OSC 777 and OSC 9 written to the terminal (through tmux's
passthrough inside tmux). Each kind can be turned off (``[alerts]`` in the config). What the
alerts say, and how, is :mod:`tui_liveblog.alerts` (no Textual).

``w`` shows the entries with a watch word only (with the filter, and ``K``, if on); ``w`` again or
``esc`` shows them all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Sequence

from textual import work

from tui_liveblog.alerts import (
    NOTIFY_TIMEOUT,
    Alert,
    alert_for,
    desktop_channel,
    matches_watch,
    notice_text,
    notify_send_argv,
    osc_notification,
)
from tui_liveblog.model import Entry
from tui_liveblog.ui.feed_kind import is_group
from tui_liveblog.ui.reader_contents import ReaderContents

NOTICES_AT_ONCE = 3  # arrivals named one by one; more are counted in one more notice


class WatchAlerts(ReaderContents):
    """The reader's part that alerts on watch words and shows their matches."""

    saved_name: str | None = None  # the blog's saved name, if it has one: what alerts call it

    def _alert_arrivals(self, new: Sequence[Entry]) -> None:
        """New entries came in a refresh: alert on those with a watch word."""
        terms = self.watched_words
        if not terms:
            return
        hits = [e for e in new if not e.deleted and matches_watch(e, terms)]
        if not hits:
            return
        alerts = self.alerts
        if alerts.get("bell"):
            self.bell()
        if alerts.get("notice"):
            for entry in hits[:NOTICES_AT_ONCE]:
                text = notice_text(self._blog_name(entry), entry)
                self.notify(text, severity="warning", timeout=12, markup=False)
            if len(hits) > NOTICES_AT_ONCE:
                more = len(hits) - NOTICES_AT_ONCE
                self.notify(f"…and {more} more with a watch word: w shows them.", timeout=12)
        if alerts.get("desktop"):
            for entry in hits[:NOTICES_AT_ONCE]:
                self._desktop_alert(alert_for(self._blog_name(entry), entry))

    def _blog_name(self, entry: Entry) -> str:
        """The blog an alert names: the entry's own, in a timeline of several."""
        feed = self.feed
        if is_group(feed):
            ref, _ = feed.own(entry.id)
            if ref is not None:
                return ref.label
        if self.saved_name:
            return self.saved_name
        return feed.blog.title if feed.blog is not None else feed.source

    def _desktop_alert(self, alert: Alert) -> None:
        executable = shutil.which("notify-send")
        if desktop_channel(os.environ, executable) == "notify-send" and executable:
            self._notify_send(notify_send_argv(alert, executable))
        else:
            self._terminal_write(osc_notification(alert, tmux=bool(os.environ.get("TMUX"))))

    @work(thread=True, group="desktop-alert", exit_on_error=False)
    def _notify_send(self, argv: list[str]) -> None:
        """Run notify-send off the UI thread (no shell; a hung one is given up on)."""
        # (failing, it fails quietly: the bell and the notice have said it already)
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=NOTIFY_TIMEOUT,
                check=False,
            )

    def _terminal_write(self, sequence: str) -> None:
        """Write an escape sequence to the terminal (through Textual's driver)."""
        driver = self._driver
        if driver is not None:
            driver.write(sequence)

    # -- w ---------------------------------------------------------------------------------------
    def action_watch_view(self) -> None:
        """``w``: the entries with a watch word only, or all of them again."""
        self.watch_only = not self.watch_only
        self.reader.forget_last()
        self._refilter()
        if not self.watch_only:
            self.notify("All entries.")
        elif not self.watched_words:
            self.notify(
                "No watch words: add watch = [...] to config.toml or use --watch.",
                severity="warning",
            )
        else:
            self.notify("Entries with a watch word only.")
