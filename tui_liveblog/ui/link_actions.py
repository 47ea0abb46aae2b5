"""The selected entry's link: open it in the browser (``o``) or copy it (``y``).

On a web page (``liveblog serve``), ``o`` opens it in a new tab of the browser showing the page
(Textual's web driver asks the page to), not in a browser of the machine the reader runs on.

Only an http(s) link is opened; for an entry without a link of its own, ``y`` copies the blog's
URL.
"""

from __future__ import annotations

import asyncio
import os

from tui_liveblog.sanitize import safe_url
from tui_liveblog.ui.reader_contents import ReaderContents


class LinkActions(ReaderContents):
    """The reader's part that opens and copies links."""

    def _entry_link(self) -> str | None:
        entry = self.timeline.selected
        if entry is None:
            return None
        return safe_url(entry.url) or next((u for u in entry.links if u.startswith("http")), None)

    async def action_open_link(self) -> None:
        url = self._entry_link()
        if url is None or not url.startswith(("http://", "https://")):
            self.notify("This entry has no web link to open.", severity="warning")
            return
        if self.is_web:
            self.open_url(url, new_tab=True)
            self.notify(f"Opened in a new tab:\n{url}", timeout=4, markup=False)
            return
        import webbrowser  # (not before the first frame)

        opened = await asyncio.to_thread(webbrowser.open, url)
        if opened:
            self.notify(f"Opened in the browser:\n{url}", timeout=4, markup=False)
        else:  # (no browser here: a server, a container, ssh)
            self.notify(
                f"No browser could be opened here. The link, to copy by hand:\n{url}",
                severity="warning",
                timeout=12,
                markup=False,
            )

    def action_copy_link(self) -> None:
        url = self._entry_link()
        own = url is not None
        if url is None:
            blog = self.feed.blog
            url = blog.url if blog is not None else self.feed.source
        # the terminal is asked to copy it (OSC 52); whether it did cannot be known here, so the
        # link is shown too, to be selected by hand if it did not
        what = "the link" if own else "the blog's URL (this entry has no link of its own)"
        self._send_to_clipboard(url, what, url)

    def _send_to_clipboard(self, text: str, what: str, shown: str) -> None:
        """Ask the terminal to copy ``text`` (OSC 52) and say so: ``what`` was sent, ``shown``
        under it (markup off: network text)."""
        self.copy_to_clipboard(text)
        message = f"Sent {what} to the terminal's clipboard:\n{shown}"
        if os.environ.get("TMUX"):
            message += "\n(tmux passes it on only with: set -g set-clipboard on)"
        self.notify(message, timeout=8, markup=False)
