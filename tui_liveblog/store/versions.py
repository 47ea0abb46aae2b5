"""The versions of edited entries the cache has seen (issue 16 (3)): each earlier version is a
row of the ``versions`` table (written by :func:`.write._keep_versions` in the merge's
transaction), the current one is the ``entries`` row. :class:`VersionsStore` is part of
:class:`~tui_liveblog.store.cache.Store`, whose connection and error handling it uses. Bodies
are never read: a version is its times, title and text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

import orjson

from tui_liveblog.model import Version
from tui_liveblog.serialize import version_from_record
from tui_liveblog.store.codec import _time_value
from tui_liveblog.store.peek import blog_key

T = TypeVar("T")

_EARLIER = (
    "SELECT e.id, v.record, v.replaced FROM versions v JOIN entries e ON e.seq = v.entry"
    " WHERE e.blog = (SELECT id FROM blogs WHERE key = ?)"
)


def _version(record: bytes, replaced: str | None = None) -> Version | None:
    try:
        rec = orjson.loads(record)
    except orjson.JSONDecodeError:
        return None
    return version_from_record(rec, _time_value(replaced)) if isinstance(rec, dict) else None


class VersionsStore:
    """An entry's versions, oldest first (see the module's docstring)."""

    def _run(self, op: Callable[[sqlite3.Connection], T], *, create: bool, missing: T) -> T:
        raise NotImplementedError  # (the Store's)

    def versions(self, url: str, entry_id: str) -> list[Version]:
        """Every version of the entry the cache has seen, oldest first, the current one last:
        one for an entry never edited, none for an entry (or blog) the cache does not hold."""
        key = blog_key(url)

        def op(conn: sqlite3.Connection) -> list[Version]:
            rows = conn.execute(
                _EARLIER + " AND e.id = ? ORDER BY v.seq", (key, entry_id)
            ).fetchall()
            current = conn.execute(
                "SELECT record FROM entries"
                " WHERE blog = (SELECT id FROM blogs WHERE key = ?) AND id = ?",
                (key, entry_id),
            ).fetchone()
            if current is None:
                return []
            found = [_version(record, replaced) for _id, record, replaced in rows]
            found.append(_version(current[0]))
            return [v for v in found if v is not None]

        return self._run(op, create=False, missing=[])

    def edited_versions(self, url: str) -> dict[str, list[Version]]:
        """Every entry of the blog with an earlier version kept, by id: its versions as
        :meth:`versions` gives them (for ``dump --versions``: two queries, whatever the size)."""
        key = blog_key(url)

        def op(conn: sqlite3.Connection) -> dict[str, list[Version]]:
            found: dict[str, list[Version]] = {}
            for entry_id, record, replaced in conn.execute(_EARLIER + " ORDER BY v.seq", (key,)):
                version = _version(record, replaced)
                if version is not None:
                    found.setdefault(entry_id, []).append(version)
            if found:
                for entry_id, record in conn.execute(
                    "SELECT e.id, e.record FROM entries e JOIN versions v ON v.entry = e.seq"
                    " WHERE e.blog = (SELECT id FROM blogs WHERE key = ?) GROUP BY e.seq",
                    (key,),
                ):
                    current = _version(record)
                    if entry_id in found and current is not None:
                        found[entry_id].append(current)
            return found

        none: dict[str, list[Version]] = {}
        return self._run(op, create=False, missing=none)
