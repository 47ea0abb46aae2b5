"""The selected entry's link: open it in the browser (``o``) or copy it (``y``).

Only an http(s) link is opened; for an entry without a link of its own, ``y`` copies the blog's
URL.
"""

from __future__ import annotations

import asyncio
import webbrowser

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
        self.notify(f"Opening {url}", timeout=3, markup=False)
        await asyncio.to_thread(webbrowser.open, url)

    def action_copy_link(self) -> None:
        url = self._entry_link()
        if url is None:
            blog = self.feed.blog
            url = blog.url if blog is not None else self.feed.source
            self.notify(
                f"This entry has no link of its own: copied the blog's URL\n{url}", markup=False
            )
        else:
            self.notify(f"Copied {url}", timeout=3, markup=False)
        self.copy_to_clipboard(url)
