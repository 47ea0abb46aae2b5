"""The home screen's list: one option per saved blog, two lines each (its name, live badge,
unread count and title; its latest headline, or the last refresh's error)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_liveblog.sanitize import clean_line
from tui_liveblog.store.overview import BlogLine

NAME_WIDTH = 18  # the name column at most (a longer name is cut)


def blog_prompt(
    name: str,
    line: BlogLine | None,
    *,
    error: str | None = None,
    name_width: int = NAME_WIDTH,
    ascii_only: bool = False,
) -> Group:
    """A blog's two lines. Everything shown is cleaned of control characters, and is Rich
    ``Text`` (never markup): a title cannot style the screen."""
    shown = clean_line(name)
    if len(shown) > name_width:
        shown = shown[: name_width - 1] + "…"
    top = Text(no_wrap=True, overflow="ellipsis")
    top.append(shown.ljust(name_width), style="bold")
    top.append("  ")
    if line is None:
        top.append("        ")
        top.append("          ")
        top.append("not fetched yet", style="dim")
    else:
        if line.live is False:
            top.append("ended   ", style="dim")
        else:
            top.append(("* live  " if ascii_only else "● live  "), style="bold green")
        unread = f"{line.unread} new" if line.unread else ""
        top.append(unread.rjust(8), style="bold yellow")
        top.append("  ")
        top.append(clean_line(line.title))
    below = Text(no_wrap=True, overflow="ellipsis")
    below.append(" " * (name_width + 2))
    if error:
        below.append(("! " if ascii_only else "⚠ ") + clean_line(error), style="red")
        if line is not None and line.latest:
            below.append("  ")
    if line is not None and line.latest:
        below.append(clean_line(line.latest), style="italic" if not error else "dim")
    return Group(top, below)


class BlogList(OptionList):
    """The saved blogs, in the config's order; an option's id is the blog's index."""

    DEFAULT_CSS = """
    BlogList, BlogList:focus { height: 1fr; border: none; padding: 0 1; }
    BlogList > .option-list--option { padding: 0 0 1 0; }
    """

    def __init__(
        self,
        names: list[str],
        lines: dict[str, BlogLine],
        *,
        ascii_only: bool = False,
        id: str | None = None,
    ) -> None:
        self.names = names
        self.lines: dict[str, BlogLine | None] = {n: lines.get(n) for n in names}
        self.errors: dict[str, str | None] = dict.fromkeys(names)
        self.ascii_only = ascii_only
        self.name_width = min(max((len(n) for n in names), default=4), NAME_WIDTH)
        super().__init__(*(Option(self._prompt(n)) for n in names), id=id)

    def _prompt(self, name: str) -> Group:
        return blog_prompt(
            name,
            self.lines[name],
            error=self.errors[name],
            name_width=self.name_width,
            ascii_only=self.ascii_only,
        )

    def update_blog(self, name: str, line: BlogLine | None, error: str | None) -> None:
        """A blog's lines anew (its line unchanged when ``line`` is None)."""
        if name not in self.lines:
            return
        if line is not None:
            self.lines[name] = line
        self.errors[name] = error
        self.replace_option_prompt_at_index(self.names.index(name), self._prompt(name))

    @property
    def selected_name(self) -> str | None:
        index = self.highlighted
        return None if index is None else self.names[index]

    def action_cursor_down(self) -> None:  # (no wrapping round from the last to the first)
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()
