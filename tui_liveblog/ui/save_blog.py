"""``a`` in the reader: save the blog being read, under a name asked for in a small box
(a name suggested from the blog's title or host), with :func:`~tui_liveblog.config_save.add_blog`.

Only http(s) blogs and files can be saved (a file by its absolute path); the demo cannot (its
server lives as long as the reader does).
"""

from __future__ import annotations

import asyncio
import os
import re
from typing import ClassVar
from urllib.parse import urlsplit

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_liveblog.config import blog_name_problem
from tui_liveblog.fetch import is_url
from tui_liveblog.ui.feed_kind import is_group
from tui_liveblog.ui.reader_contents import ReaderContents

NAME_WORDS = 3  # a name suggested from a title: its first words
_WORD = re.compile(r"[^\W_]+")


def suggest_name(title: str | None, source: str) -> str:
    """A name for the blog: the first words of its title (``harbour-festival-live``), else its
    host's main label (``example`` of ``www.example.com``), else its file's stem."""
    words = [w.lower() for w in _WORD.findall(title or "")][:NAME_WORDS]
    candidates = ["-".join(words)]
    if is_url(source):
        host = (urlsplit(source).hostname or "").removeprefix("www.")
        candidates.append(host.split(".")[0])
    else:
        candidates.append(os.path.splitext(os.path.basename(source))[0])
    for name in candidates:
        if name and blog_name_problem(name) is None:
            return name
    return "blog"


class NameScreen(ModalScreen[str | None]):
    """A small box asking for the name to save the blog as; enter saves, esc does not."""

    DEFAULT_CSS = """
    NameScreen { align: center middle; }
    NameScreen > Vertical { width: 60; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1; border-subtitle-color: $text-muted; }
    NameScreen #problem { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: str, what: str) -> None:
        super().__init__()
        self.suggested = suggested
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Save this blog as"
            box.border_subtitle = "enter saves, esc cancels"
            yield Static(self.what, markup=False)
            yield Input(self.suggested, placeholder="a name", id="name")
            yield Static("", id="problem", markup=False)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#problem", Static).update(blog_name_problem(event.value.strip()) or "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        problem = blog_name_problem(name)
        if problem:
            self.query_one("#problem", Static).update(problem)
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaveBlog(ReaderContents):
    """The reader's part that saves the blog being read (``a``)."""

    def _savable(self) -> str | None:
        """What to save the blog as (its URL, or its file's absolute path), or None (and a
        notice saying why)."""
        feed = self.feed
        if is_group(feed):
            self.notify(
                "Several blogs are saved one by one (a to save each), then together as a group:"
                " [groups] NAME = [...] in config.toml.",
                severity="warning",
            )
            return None
        if feed.cache_key.startswith("demo:"):  # (cli.demo.DEMO_CACHE_KEY)
            self.notify("The demo cannot be saved: it runs only while the reader does.",
                        severity="warning")  # fmt: skip
            return None
        source = feed.source
        if is_url(source):
            return source
        if os.path.isfile(source):
            return os.path.abspath(source)
        self.notify("Only web blogs (http or https) and files can be saved.", severity="warning")
        return None

    def action_save_blog(self) -> None:
        """``a``: save the blog being read, asking for its name."""
        url = self._savable()
        if url is None:
            return
        title = self.feed.blog.title if self.feed.blog is not None else None
        screen = NameScreen(suggest_name(title, url), url)

        def chosen(name: str | None) -> None:
            if name:
                self._save_as(name, url)

        self.push_screen(screen, chosen)

    @work(group="config", exit_on_error=False)
    async def _save_as(self, name: str, url: str) -> None:
        from tui_liveblog.config_save import NotSaved, add_blog  # (not before the first frame)

        try:
            written = await asyncio.to_thread(add_blog, name, url)
        except NotSaved as why:
            self.notify(f"Not saved: {why}", severity="warning", markup=False)
            return
        said = f"Saved as {name}" if written else f"Already saved as {name}"
        self.notify(f"{said}: 'liveblog {name}' opens it.", markup=False)
