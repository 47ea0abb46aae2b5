"""Export from the reader (issue 15, 4): ``e`` writes the current view to a Markdown file, ``c``
copies the selected entry as Markdown.

The view is what the timeline shows (the filter, ``K`` and ``w`` applied), newest first, with
the entries' bodies, written as ``liveblog dump --format markdown`` writes a blog
(:mod:`tui_liveblog.export`) to a new file in the current folder, in a thread. The copy goes
through the terminal (OSC 52, as ``y`` copies a link), cut to what that can carry.
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from tui_liveblog.model import Entry
from tui_liveblog.ui.link_actions import LinkActions


class ExportActions(LinkActions):
    """The reader's part that exports the view and copies an entry."""

    def _shown_entries(self) -> list[Entry]:
        timeline = self.timeline
        return [timeline.entry_at(i) for i in range(timeline.entry_count)]

    def action_export_view(self) -> None:
        """``e``: the entries in view to a Markdown file in the current folder."""
        blog = self.feed.blog
        entries = self._shown_entries()
        if blog is None or not entries:
            self.notify("Nothing to export: no entries in this view.", severity="warning")
            return
        self._export(entries)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, entries: list[Entry]) -> None:
        feed = self.feed
        blog = feed.blog
        if blog is None:
            return
        try:
            from tui_liveblog.export import write_export  # (not before the first frame)

            path = write_export(
                Path.cwd(), blog, [feed.body_of(e) for e in entries], self.now(), self.tz
            )
        except OSError as err:
            self.call_from_thread(
                self.notify, f"Could not export: {err}", severity="error", markup=False
            )
            return
        count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
        self.call_from_thread(self.notify, f"Exported {count} to {path}", timeout=10, markup=False)

    def action_copy_entry(self) -> None:
        """``c``: the selected entry as Markdown, to the clipboard."""
        entry = self.timeline.selected
        if entry is None:
            self.notify("No entry selected.", severity="warning")
            return
        from tui_liveblog.alerts import clipboard_text, headline
        from tui_liveblog.export import entry_as_markdown

        text, cut = clipboard_text(entry_as_markdown(self.feed.body_of(entry), self.tz))
        what = "the entry as Markdown"
        if cut:
            what += f" (cut to {len(text)} characters: a terminal takes no more)"
        self._send_to_clipboard(text, what, headline(entry))
