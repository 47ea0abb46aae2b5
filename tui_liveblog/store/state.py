"""What the reader keeps in the cache besides the entries: when each blog was last open, its
reader state (the place, the kept filter: one JSON object per blog) and settings shared by every
blog (the view, the filter history). :class:`ReaderStateStore` is part of
:class:`~tui_liveblog.store.cache.Store`, whose connection and error handling it uses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import orjson

from tui_liveblog.store.codec import _dumps, _time_text, _time_value
from tui_liveblog.store.peek import blog_key

T = TypeVar("T")

GROUP_KEY = "group "  # (the start of a group's key: :attr:`FeedGroup.cache_key`, never a URL)
_GROUP_STATE = "reader_state "


class ReaderStateStore:
    """The reader's state and settings (see the module's docstring)."""

    def _run(self, op: Callable[[sqlite3.Connection], T], *, create: bool, missing: T) -> T:
        raise NotImplementedError  # (the Store's)

    @staticmethod
    def blog_key(url: str) -> str:
        return blog_key(url)

    def mark_opened(self, url: str, when: datetime) -> None:
        """The reader had this blog open until ``when`` (bare ``liveblog`` reopens the saved
        blog read last). A blog the cache does not hold is not added."""
        key = self.blog_key(url)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE blogs SET last_opened = ? WHERE key = ?", (_time_text(when), key))

        self._run(op, create=False, missing=None)

    def last_opened(self, urls: Iterable[str]) -> dict[str, datetime]:
        """When the reader last had each of ``urls`` open (those it ever had, and caches)."""
        keys = {url: self.blog_key(url) for url in urls}
        wanted = _dumps(sorted(set(keys.values()))).decode()

        def op(conn: sqlite3.Connection) -> dict[str, datetime]:
            rows = conn.execute(
                "SELECT key, last_opened FROM blogs WHERE last_opened IS NOT NULL"
                " AND key IN (SELECT value FROM json_each(?))",
                (wanted,),
            )
            return {key: when for key, text in rows if (when := _time_value(text)) is not None}

        none: dict[str, datetime] = {}
        opened = self._run(op, create=False, missing=none)
        return {url: opened[key] for url, key in keys.items() if key in opened}

    def reader_state(self, url: str) -> dict[str, Any]:
        """What the reader kept of this blog (:meth:`save_reader_state`); {} when nothing, or
        when the blog is not cached. Several blogs as one (``url``: a group's key) keep theirs
        among the settings: they have no row of their own."""
        if url.startswith(GROUP_KEY):
            kept = self.setting(_GROUP_STATE + url)
            return kept if isinstance(kept, dict) else {}
        key = self.blog_key(url)

        def op(conn: sqlite3.Connection) -> dict[str, Any]:
            row = conn.execute(
                "SELECT r.state FROM reader_state r JOIN blogs b ON b.id = r.blog WHERE b.key = ?",
                (key,),
            ).fetchone()
            return _json_dict(row[0]) if row else {}

        return self._run(op, create=False, missing={})

    def save_reader_state(self, url: str, **values: Any) -> None:
        """Keep ``values`` (JSON-able) in this blog's reader state, with what it holds already
        (a value of None forgets its name). A blog the cache does not hold is not added."""
        if url.startswith(GROUP_KEY):
            self._save_group_state(url, values)
            return
        key = self.blog_key(url)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT b.id, r.state FROM blogs b LEFT JOIN reader_state r ON r.blog = b.id"
                    " WHERE b.key = ?",
                    (key,),
                ).fetchone()
                if row is not None:
                    state = _json_dict(row[1]) if row[1] is not None else {}
                    state.update(values)
                    state = {k: v for k, v in state.items() if v is not None}
                    conn.execute(
                        "INSERT OR REPLACE INTO reader_state (blog, state) VALUES (?, ?)",
                        (row[0], _dumps(state)),
                    )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        self._run(op, create=False, missing=None)

    def _save_group_state(self, group: str, values: dict[str, Any]) -> None:
        name = _GROUP_STATE + group

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")  # (read and written as one: another reader's too)
            try:
                row = conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
                state = _json_dict(row[0]) if row is not None else {}
                state.update(values)
                state = {k: v for k, v in state.items() if v is not None}
                conn.execute(
                    "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)",
                    (name, _dumps(state)),
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        self._run(op, create=True, missing=None)

    def setting(self, name: str) -> Any:
        """A value kept under ``name`` (:meth:`save_setting`), or None."""

        def op(conn: sqlite3.Connection) -> Any:
            row = conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            try:
                return orjson.loads(row[0])
            except orjson.JSONDecodeError:
                return None  # (a damaged value reads as none: the next save replaces it)

        return self._run(op, create=False, missing=None)

    def save_setting(self, name: str, value: Any) -> None:
        """Keep a JSON-able ``value`` under ``name`` (None forgets it); creates the cache."""

        def op(conn: sqlite3.Connection) -> None:  # (one statement: atomic on its own)
            if value is None:
                conn.execute("DELETE FROM settings WHERE name = ?", (name,))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)",
                    (name, _dumps(value)),
                )

        self._run(op, create=True, missing=None)


def _json_dict(data: bytes | str) -> dict[str, Any]:
    """A stored JSON object; {} when it is damaged or not an object."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
