"""The reader's export (issue 15, 4): the current view as a Markdown file, in the format of
``liveblog dump --format markdown`` (:func:`tui_liveblog.output.to_markdown`).

The file is named from the blog's title and the time (:func:`export_name`), in the folder given
(the current one), and never replaces a file: a name taken gets ``-2``, ``-3``…
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path

from tui_liveblog.fold import fold
from tui_liveblog.model import Blog, Entry
from tui_liveblog.output import entry_markdown, to_markdown
from tui_liveblog.sanitize import clean_line

NAME_CHARS = 60  # of the blog's title, in the file name
_UNSAFE = re.compile(r"[^a-z0-9]+")
MAX_TRIES = 1000


def export_name(title: str, now: datetime) -> str:
    """``harbour-festival-live-2040-06-12-1200``: the title in plain lower-case ASCII words,
    then the date and time (no extension)."""
    words = _UNSAFE.sub("-", fold(clean_line(title)).encode("ascii", "ignore").decode()).strip("-")
    if len(words) > NAME_CHARS:  # (cut at a word's end when there is one)
        cut = words[: NAME_CHARS + 1]
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut[:NAME_CHARS]
    words = words.strip("-") or "liveblog"
    return f"{words}-{now.strftime('%Y-%m-%d-%H%M')}"


def write_export(
    folder: Path,
    blog: Blog,
    entries: Sequence[Entry],
    now: datetime,
    tz: tzinfo | None = None,
) -> Path:
    """Write ``entries`` (newest first) as Markdown to a new file in ``folder``; its path.
    Raises OSError when it cannot be written."""
    text = to_markdown(blog, entries, tz)
    stem = export_name(blog.title, now)
    for n in range(1, MAX_TRIES + 1):
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        try:
            with path.open("x", encoding="utf-8") as file:  # ("x": never an existing file)
                file.write(text)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder / stem}.md and {MAX_TRIES - 1} more exist")


def entry_as_markdown(entry: Entry, tz: tzinfo | None = None) -> str:
    """One entry as Markdown, as in the export (``c`` copies it)."""
    return entry_markdown(entry, tz).rstrip("\n") + "\n"
