"""One line about each saved blog, for the home screen: read with ``sqlite3`` alone, no bodies.

:func:`overview` opens the cache read-only once and asks each blog for its record, its unread
count (the partial index ``entries_unread``) and its newest entry (``entries_by_time``): a few
indexed lookups a blog, fast for twenty blogs of any size.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from tui_liveblog.store.peek import _VERSIONS, _when, blog_key

HEADLINE_WORDS = 12  # an entry with no headline: its first words


class BlogLine(NamedTuple):
    """What the home screen shows of a blog."""

    title: str
    unread: int = 0
    live: bool | None = None  # the blog's own word on it (None: it does not say)
    latest: str = ""  # the newest entry's headline, or its first words
    fetched_at: datetime | None = None


def headline(title: object, text: object) -> str:
    """An entry's headline, or the first words of its text (one line)."""
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    words = text.split() if isinstance(text, str) else []
    first = " ".join(words[:HEADLINE_WORDS])
    return f"{first}…" if len(words) > HEADLINE_WORDS else first


def overview(path: Path, urls: Iterable[str]) -> dict[str, BlogLine]:
    """The cached blogs among ``urls``, each as a :class:`BlogLine` (a blog the cache does not
    hold is left out; an unreadable file gives nothing: the refreshes will say why)."""
    if not path.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    found: dict[str, BlogLine] = {}
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version not in _VERSIONS:
            return {}
        for url in urls:
            line = _line(conn, url)
            if line is not None:
                found[url] = line
    except (sqlite3.Error, ValueError, AttributeError, TypeError):
        return found
    finally:
        conn.close()
    return found


def _line(conn: sqlite3.Connection, url: str) -> BlogLine | None:
    row = conn.execute(
        "SELECT id, blog, fetched_at FROM blogs WHERE key = ?", (blog_key(url),)
    ).fetchone()
    if row is None:
        return None
    blog_id, blog, fetched = row
    (unread,) = conn.execute(
        "SELECT count(*) FROM entries INDEXED BY entries_unread WHERE blog = ? AND unread = 1",
        (blog_id,),
    ).fetchone()
    newest = conn.execute(
        "SELECT record FROM entries WHERE blog = ? ORDER BY published DESC, seq LIMIT 1",
        (blog_id,),
    ).fetchone()
    record: dict[str, Any] = json.loads(blog)
    latest = ""
    if newest is not None:
        rec = json.loads(newest[0])
        latest = headline(rec.get("title"), rec.get("text"))
    live = record.get("live")
    return BlogLine(
        str(record.get("title") or url),
        int(unread),
        live if isinstance(live, bool) else None,
        latest,
        _when(fetched),
    )
