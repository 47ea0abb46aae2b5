"""The local cache: every entry ever seen of every http(s) blog, in one SQLite file.

The file's tables are described in :mod:`.schema`.

Rules:

- WAL mode and a 5 s busy timeout: the reader and ``liveblog follow`` may share the file.
- One transaction per merge. A merge that changes nothing writes nothing (no transaction at
  all), and :meth:`Store.touch_fetched` (after a 304) writes only when the validators changed,
  so "refresh when nothing changed: no DB write" holds. Hence ``fetched_at`` is the time of
  the last fetch that changed something.
- Entries are never dropped: an entry missing from a snapshot is kept as it was. What a merge
  changes follows the one rule of :mod:`tui_liveblog.merge`, the same as in memory.
- A corrupt file, a foreign SQLite file or a too-new schema is renamed aside
  (``<name>.corrupt-<time>``, ``<name>.too-new-<time>``) with a warning, and a fresh cache is
  started. A cache that cannot be used at all (unwritable directory, I/O error, locked for
  longer than the busy timeout) raises :class:`~tui_liveblog.errors.CacheError` with one line.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import orjson

from tui_liveblog import merge
from tui_liveblog.errors import CacheError
from tui_liveblog.gc_pause import gc_paused
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Body, Changes, Entry, Snapshot
from tui_liveblog.serialize import (
    blog_from_record,
    blog_to_record,
    body_from_list,
    entry_from_record,
)
from tui_liveblog.store.codec import (
    _dumps,
    _Row,
    _time_text,
    _time_value,
)
from tui_liveblog.store.codec import normalize_url as normalize_url
from tui_liveblog.store.peek import APP_NAME as APP_NAME
from tui_liveblog.store.peek import FILE_NAME as FILE_NAME
from tui_liveblog.store.peek import blog_key, default_path
from tui_liveblog.store.schema import SCHEMA_VERSION as SCHEMA_VERSION
from tui_liveblog.store.schema import _is_corrupt, _prepare, _read_transaction
from tui_liveblog.store.state import ReaderStateStore
from tui_liveblog.store.versions import VersionsStore
from tui_liveblog.store.write import _apply, _Incoming, _plan, _rows

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # warnings are also in Store.warnings: the CLI prints those

BUSY_TIMEOUT = 5.0

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CachedBlog:
    """One blog as the cache has it. ``entries`` are newest first (:func:`sort_entries` order).

    With ``load(..., bodies=False)`` every entry's ``body`` is ``()`` and ``with_bodies`` is
    False: fetch a body when it is shown, with :meth:`Store.load_body`.
    """

    key: str
    blog: Blog
    entries: list[Entry]
    fetched_at: datetime | None
    validators_etag: str | None
    validators_last_modified: str | None
    hints: Hints
    unread_ids: frozenset[str]
    with_bodies: bool = True
    total: int = 0  # how many entries the cache holds (``entries`` may be the newest of them)


@dataclass(frozen=True, slots=True)
class BlogInfo:
    """A line of ``liveblog cache list``."""

    key: str
    url: str
    title: str
    source: str
    entries: int
    fetched_at: datetime | None


class Store(ReaderStateStore, VersionsStore):
    """The SQLite cache. Safe to share between threads (one lock) and processes (WAL).

    Nothing is created until something is written: a missing file reads as an empty cache.
    An existing file is opened (and checked) at construction, so warnings about a file set
    aside are in :attr:`warnings` straight away, and an unusable cache raises
    :class:`CacheError` there.
    """

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            path = default_path()
        self.path = Path(path)
        self.warnings: list[str] = []
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._reader: sqlite3.Connection | None = None  # read-only, for bodies (see load_body)
        self._read_lock = threading.Lock()
        self._seen: dict[str, dict[str, _Row]] = {}  # per blog: the last snapshot's hashes
        with self._lock:
            if self.path.exists():
                self._connection(create=False)
            else:
                self._check_creatable()

    # -- public API -------------------------------------------------------------------------

    @staticmethod
    def blog_key(url: str) -> str:
        """The key a blog is cached under: SHA-256 (hex) of :func:`normalize_url`."""
        return blog_key(url)

    def load(self, url: str, *, bodies: bool = True, limit: int | None = None) -> CachedBlog | None:
        """The blog cached for ``url``, or None.

        ``bodies=False`` skips the structured bodies (the reader's timeline needs only
        ``text``; about 5x faster at 10k entries); ``limit`` keeps the newest N entries
        (``unread_ids`` still covers them all).
        """
        key = self.blog_key(url)

        def op(conn: sqlite3.Connection) -> CachedBlog | None:
            with _read_transaction(conn):  # entries and unread ids from the same moment
                return read(conn)

        def read(conn: sqlite3.Connection) -> CachedBlog | None:
            row = conn.execute(
                "SELECT id, blog, hints, etag, last_modified, fetched_at FROM blogs WHERE key = ?",
                (key,),
            ).fetchone()
            if row is None:
                return None
            blog_id, blog_rec, hints, etag, last_modified, fetched_at = row
            tail = " LIMIT ?" if limit is not None else ""
            params: tuple[Any, ...] = (blog_id,) if limit is None else (blog_id, max(limit, 0))
            if bodies:
                sql = (
                    "SELECT e.record, b.body FROM entries e"
                    " JOIN bodies b ON b.seq = e.seq"
                    " WHERE e.blog = ? ORDER BY e.published DESC, e.seq" + tail
                )
            else:
                sql = (
                    "SELECT record FROM entries WHERE blog = ? ORDER BY published DESC, seq" + tail
                )
            loads = orjson.loads
            # rows are decoded as they are read, not fetched all first: each record's bytes are
            # freed before the next is read, so the load never holds every record twice (at 50k
            # entries that transient copy left ~55 MB of resident memory behind)
            with gc_paused():
                if bodies:
                    entries = []
                    for record, body in conn.execute(sql, params):
                        rec = loads(record)
                        rec["body"] = loads(body)
                        entries.append(entry_from_record(rec))
                else:
                    entries = [entry_from_record(loads(r[0])) for r in conn.execute(sql, params)]
            unread = frozenset(
                r[0]
                for r in conn.execute(
                    "SELECT id FROM entries INDEXED BY entries_unread WHERE blog = ? AND unread = 1",
                    (blog_id,),
                )
            )
            if limit is None or len(entries) < limit:
                total = len(entries)
            else:
                (total,) = conn.execute(
                    "SELECT count(*) FROM entries WHERE blog = ?", (blog_id,)
                ).fetchone()
            return CachedBlog(
                key=key,
                blog=blog_from_record(loads(blog_rec)),
                entries=entries,
                fetched_at=_time_value(fetched_at),
                validators_etag=etag,
                validators_last_modified=last_modified,
                hints=Hints.from_record(loads(hints)),
                unread_ids=unread,
                with_bodies=bodies,
                total=total,
            )

        return self._run(op, create=False, missing=None)

    def write_mark(self) -> tuple[sqlite3.Connection, int] | None:
        """A mark of what other connections (other processes) committed so far: two equal
        marks mean that none committed anything in between (SQLite's ``data_version``; this
        store's own writes leave it alone). None when the file is not open (yet)."""

        def op(conn: sqlite3.Connection) -> tuple[sqlite3.Connection, int]:
            return conn, conn.execute("PRAGMA data_version").fetchone()[0]

        return self._run(op, create=False, missing=None)

    def load_body(self, url: str, entry_id: str) -> Body | None:
        """One entry's structured body (after a ``bodies=False`` load), or None if unknown."""
        key = self.blog_key(url)

        def op(conn: sqlite3.Connection) -> Body | None:
            row = conn.execute(
                "SELECT b.body FROM blogs g JOIN entries e ON e.blog = g.id"
                " JOIN bodies b ON b.seq = e.seq WHERE g.key = ? AND e.id = ?",
                (key, entry_id),
            ).fetchone()
            return None if row is None else body_from_list(orjson.loads(row[0]))

        # the reader asks for a body when an entry is shown, maybe while a merge holds the
        # main connection: a read-only connection of its own reads the last committed state
        # (WAL) without waiting for the merge
        with self._read_lock:
            reader = self._read_only()
            if reader is not None:
                try:
                    return op(reader)
                except sqlite3.Error:
                    self._close_read_only()  # (the main connection's checks and recovery)
        return self._run(op, create=False, missing=None)

    def _read_only(self) -> sqlite3.Connection | None:
        if self._reader is None and self._conn is not None and self.path.exists():
            try:
                self._reader = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    timeout=BUSY_TIMEOUT,
                    isolation_level=None,
                    check_same_thread=False,  # guarded by self._read_lock
                )
            except sqlite3.Error:
                return None
        return self._reader

    def _close_read_only(self) -> None:
        if self._reader is not None:
            with suppress(sqlite3.Error):
                self._reader.close()
            self._reader = None

    def merge(
        self,
        url: str,
        snapshot: Snapshot,
        *,
        fetched_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        mark_unread: bool = True,
        requested: float | None = None,
    ) -> Changes:
        """Merge one parse of the blog into the cache, in one transaction; report what changed.

        What changes is decided by the one merge rule, :mod:`tui_liveblog.merge` (the same as
        :func:`tui_liveblog.follow.merge_known`'s, in memory):

        - an id never seen is *new* (and unread when ``mark_unread``); an entry first seen
          deleted and empty is a tombstone, not an entry: not stored, not reported;
        - a known id whose content changed is *edited* (replaced; counted as edited even when
          the source gives no ``updated`` time); it keeps its read state and place;
        - a known, undeleted id in ``snapshot.removed_ids``, or arriving with ``deleted`` set,
          is *removed*: kept with ``deleted=True`` (its stored content too, when the deleted
          version arrives empty), reported once; an id both listed and removed is deleted;
        - an entry missing from the snapshot is left alone; removed ids never seen are ignored;
        - of an id listed twice, the first occurrence wins (silently here:
          :func:`tui_liveblog.merge.drop_duplicates`, which ``BlogFeed`` applies first, warns);
        - ``requested``: when (``time.time()``) the request the snapshot answers was sent. A
          stored entry that a later request brought is left alone (another process sharing the
          file merged a later answer first: see :mod:`.write`).

        The blog record, ``hints`` (the snapshot's, which the caller has merged with
        :meth:`~tui_liveblog.hints.Hints.merged`) and the validators (``etag``,
        ``last_modified``) replace the stored ones. When nothing at all changed, nothing is
        written, not even ``fetched_at``. The reported entries are
        newest first in each group.
        """
        key = self.blog_key(url)
        inc = merge.incoming(snapshot)
        with self._lock:
            rows = _rows(inc.entries, self._seen.get(key, {}))
            self._seen[key] = {i: _Row(r.entry, r.digest) for i, r in rows.items()}
        incoming = _Incoming(
            key=key,
            url=url.strip(),
            blog=_dumps(blog_to_record(snapshot.blog)),
            hints=_dumps(snapshot.hints.to_record(), orjson.OPT_SORT_KEYS),
            etag=etag,
            last_modified=last_modified,
            fetched_at=fetched_at,
            mark_unread=mark_unread,
            snapshot=inc,
            rows=rows,
            digests={i: r.digest for i, r in rows.items()},
            requested=requested,
        )

        def op(conn: sqlite3.Connection) -> Changes:
            if not _plan(conn, incoming).writes:  # read only: no transaction if nothing changed
                return Changes()
            conn.execute("BEGIN IMMEDIATE")
            try:
                # again, under the write lock: another process may have merged meanwhile
                plan = _plan(conn, incoming)
                if plan.writes:
                    _apply(conn, plan, incoming)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return plan.changes()

        return self._run(op, create=True, missing=Changes())

    def merge_and_mark(
        self, url: str, snapshot: Snapshot, **options: Any
    ) -> tuple[Changes, tuple[sqlite3.Connection, int] | None]:
        """:meth:`merge` (with its ``options``), then :meth:`write_mark`, with no other thread
        of this store in between."""
        with self._lock:
            return self.merge(url, snapshot, **options), self.write_mark()

    def touch_fetched(
        self,
        url: str,
        fetched_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """After a 304: record new validators (and ``fetched_at``) only if they changed.

        A None validator means "not sent" and keeps the stored one; when nothing differs this
        is a read only, no write (a 304 leaves the cache as it was).
        """
        key = self.blog_key(url)

        def op(conn: sqlite3.Connection) -> None:
            row = conn.execute(
                "SELECT id, etag, last_modified FROM blogs WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                return
            new_etag = row[1] if etag is None else etag
            new_modified = row[2] if last_modified is None else last_modified
            if (new_etag, new_modified) == (row[1], row[2]):
                return
            conn.execute(
                "UPDATE blogs SET etag = ?, last_modified = ?, fetched_at = ? WHERE id = ?",
                (new_etag, new_modified, _time_text(fetched_at), row[0]),
            )

        self._run(op, create=False, missing=None)

    def mark_read(self, url: str, ids: Iterable[str]) -> None:
        """Mark entries read (writes only if one of them was unread)."""
        id_list = _dumps(list(ids)).decode()
        if id_list == "[]":
            return
        key = self.blog_key(url)
        where = (
            " WHERE blog = (SELECT id FROM blogs WHERE key = ?) AND unread = 1"
            " AND id IN (SELECT value FROM json_each(?))"
        )

        def op(conn: sqlite3.Connection) -> None:
            if conn.execute(
                "SELECT 1 FROM entries" + where + " LIMIT 1", (key, id_list)
            ).fetchone():
                conn.execute("UPDATE entries SET unread = 0" + where, (key, id_list))

        self._run(op, create=False, missing=None)

    def list_blogs(self) -> list[BlogInfo]:
        """Every cached blog, most recently fetched first."""

        def op(conn: sqlite3.Connection) -> list[BlogInfo]:
            out = []
            for key, url, blog_rec, fetched_at, count in conn.execute(
                "SELECT key, url, blog, fetched_at,"
                " (SELECT count(*) FROM entries e WHERE e.blog = b.id) FROM blogs b"
            ):
                blog = blog_from_record(orjson.loads(blog_rec))
                out.append(
                    BlogInfo(key, url, blog.title, blog.source, count, _time_value(fetched_at))
                )
            out.sort(key=lambda i: i.url)
            out.sort(key=lambda i: i.fetched_at or datetime.min.replace(tzinfo=UTC), reverse=True)
            return out

        return self._run(op, create=False, missing=[])

    def clear(self) -> int:
        """Remove every blog (and any cache files set aside earlier); return how many blogs."""

        def op(conn: sqlite3.Connection) -> int:
            conn.execute("BEGIN IMMEDIATE")
            try:
                count: int = conn.execute("SELECT count(*) FROM blogs").fetchone()[0]
                for table in ("bodies", "versions", "entries", "reader_state", "settings", "blogs"):
                    conn.execute(f"DELETE FROM {table}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            # give the space back; another process reading at the same time may stop it
            with suppress(sqlite3.Error):
                conn.execute("VACUUM")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return count

        with self._lock:
            self._seen.clear()
            count = self._run(op, create=False, missing=0)
            for kind in ("corrupt", "too-new", "old"):
                for old in self.path.parent.glob(f"{self.path.name}.{kind}-*"):
                    with suppress(OSError):
                        old.unlink()
        return count

    def close(self) -> None:
        with self._read_lock:
            self._close_read_only()
        with self._lock:
            if self._conn is not None:
                with suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the connection, its checks, and setting a bad file aside --------------------------

    def _run(self, op: Callable[[sqlite3.Connection], T], *, create: bool, missing: T) -> T:
        """Run ``op`` on the connection; a corrupt file found on the way is set aside once."""
        with self._lock:
            for attempt in (0, 1):
                conn = self._connection(create)
                if conn is None:
                    return missing
                try:
                    return op(conn)
                except sqlite3.DatabaseError as exc:
                    if conn.in_transaction:
                        with suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    if attempt == 0 and _is_corrupt(exc):
                        self.close()
                        self._set_aside("corrupt", f"damaged ({exc})")
                        continue
                    raise self._error(exc) from exc
            raise CacheError(f"cache {self.path}: still damaged after starting afresh")

    def _connection(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not self.path.exists():
            if not create:
                return None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CacheError(
                    f"cache directory {self.path.parent} cannot be created: {exc.strerror or exc}"
                ) from exc
        for _attempt in range(3):
            try:
                conn = sqlite3.connect(
                    self.path,
                    timeout=BUSY_TIMEOUT,
                    isolation_level=None,  # autocommit; transactions are explicit
                    check_same_thread=False,  # guarded by self._lock
                )
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                problem = _prepare(conn)
            except sqlite3.DatabaseError as exc:
                conn.close()
                if not _is_corrupt(exc):
                    raise self._error(exc) from exc
                problem = ("corrupt", f"damaged ({exc})")
            except BaseException:
                conn.close()
                raise
            if problem is None:
                self._conn = conn
                return conn
            conn.close()
            self._set_aside(*problem)
        raise CacheError(f"cache {self.path}: could not start a fresh cache")

    def _set_aside(self, kind: str, reason: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.{kind}-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.{kind}-{stamp}-{n}")
            n += 1
        try:
            if self.path.exists():
                os.replace(self.path, target)
            wal = self.path.with_name(self.path.name + "-wal")
            if wal.exists():  # never replay an old WAL into the fresh file
                os.replace(wal, target.with_name(target.name + "-wal"))
            self.path.with_name(self.path.name + "-shm").unlink(missing_ok=True)
        except OSError as exc:
            raise CacheError(
                f"cache {self.path} is {reason} and cannot be set aside: {exc.strerror or exc}"
            ) from exc
        message = f"cache {self.path} was {reason}: set aside as {target.name}, starting afresh"
        self.warnings.append(message)
        log.warning(message)

    def _check_creatable(self) -> None:
        """No file yet: fail now (one line) if it could never be created."""
        parent = self.path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise CacheError(f"cache directory {self.path.parent} cannot be created or written")

    def _error(self, exc: sqlite3.Error) -> CacheError:
        text = " ".join(str(exc).split()) or type(exc).__name__
        return CacheError(f"cache {self.path}: {text}")
