"""The local cache: every entry ever seen of every http(s) blog, in one SQLite file.

Layout (schema version 1, kept in ``PRAGMA user_version``):

- ``blogs``: one row per blog, keyed by :meth:`Store.blog_key` (the SHA-256 of the
  normalized URL; raw URLs never become file names), with the blog record, the poller's hints,
  the HTTP validators, ``fetched_at`` and ``last_opened``;
- ``entries``: one row per entry: ``id``, ``published`` (epoch seconds, for ordering),
  ``flags`` (pinned 1, key event 2, deleted 4), ``unread``, a content ``hash`` and the
  orjson record of :func:`~tui_liveblog.serialize.entry_to_record` *without* the body;
- ``bodies``: the structured body (orjson), one row per entry, apart so that a light load
  (``bodies=False``: what the reader needs for its timeline) never reads it.

Rules:

- WAL mode and a 5 s busy timeout: the reader and ``liveblog follow`` may share the file.
- One transaction per merge. A merge that changes nothing writes nothing (no transaction at
  all), and :meth:`Store.touch_fetched` (after a 304) writes only when the validators changed,
  so "refresh when nothing changed: no DB write" holds. Hence ``fetched_at`` is the time of
  the last fetch that changed something.
- Entries are never dropped: an entry missing from a snapshot is kept as it was.
- A corrupt file, a foreign SQLite file or a too-new schema is renamed aside
  (``<name>.corrupt-<time>``, ``<name>.too-new-<time>``) with a warning, and a fresh cache is
  started. A cache that cannot be used at all (unwritable directory, I/O error, locked for
  longer than the busy timeout) raises :class:`~tui_liveblog.errors.CacheError` with one line.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit, urlunsplit

import orjson

from tui_liveblog.errors import CacheError
from tui_liveblog.model import Blog, Body, Changes, Entry, Snapshot, sort_entries
from tui_liveblog.serialize import (
    blog_from_record,
    blog_to_record,
    body_from_list,
    entry_from_record,
    entry_to_record,
)

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # warnings are also in Store.warnings: the CLI prints those

APP_NAME = "tui-liveblog"
FILE_NAME = "cache-v1.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 5.0

_PINNED, _KEY_EVENT, _DELETED = 1, 2, 4
# SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged or not a database at all
_CORRUPT_CODES = frozenset({11, 26})

_SCHEMA = (
    """CREATE TABLE blogs (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        blog BLOB NOT NULL,
        hints BLOB NOT NULL,
        etag TEXT,
        last_modified TEXT,
        fetched_at TEXT,
        last_opened TEXT
    )""",
    """CREATE TABLE entries (
        seq INTEGER PRIMARY KEY,
        blog INTEGER NOT NULL,
        id TEXT NOT NULL,
        published INTEGER,
        flags INTEGER NOT NULL,
        unread INTEGER NOT NULL,
        hash BLOB NOT NULL,
        record BLOB NOT NULL
    )""",
    "CREATE UNIQUE INDEX entries_by_id ON entries (blog, id)",
    # newest first, NULLs last (SQLite sorts NULL lowest), then seq (the rowid): source order
    "CREATE INDEX entries_by_time ON entries (blog, published DESC)",
    # covers "which entries are unread", however many entries are read
    "CREATE INDEX entries_unread ON entries (blog, id) WHERE unread = 1",
    "CREATE TABLE bodies (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)",
)
_TABLES = frozenset({"blogs", "entries", "bodies"})

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
    hints: dict[str, Any]
    unread_ids: frozenset[str]
    last_opened: datetime | None
    with_bodies: bool = True


@dataclass(frozen=True, slots=True)
class BlogInfo:
    """A line of ``liveblog cache list``."""

    key: str
    url: str
    title: str
    source: str
    entries: int
    fetched_at: datetime | None


def normalize_url(url: str) -> str:
    """The form a blog URL is keyed by: scheme and host lower-cased, default port and
    fragment dropped, an empty path made ``/``. Anything that is not an http(s) URL (the demo's
    fixed name) is only stripped of surrounding whitespace."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return text
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != (80 if scheme == "http" else 443):
        netloc = f"{netloc}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        netloc = f"{userinfo}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _time_text(dt: datetime | None) -> str | None:
    return None if dt is None else dt.astimezone(UTC).isoformat()


def _time_value(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _scrub(value: Any) -> Any:
    """Replace lone surrogates (which orjson refuses) in a record's strings."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value


def _dumps(value: Any, option: int = 0) -> bytes:
    try:
        return orjson.dumps(value, option=option)
    except TypeError:
        return orjson.dumps(_scrub(value), option=option)


def _has_content(entry: Entry) -> bool:
    return bool(entry.text or entry.body or entry.title or entry.media)


def _flags(entry: Entry) -> int:
    return (
        (_PINNED if entry.pinned else 0)
        | (_KEY_EVENT if entry.key_event else 0)
        | (_DELETED if entry.deleted else 0)
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building thousands of small acyclic objects: the cyclic GC only slows it (2x at 10k)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _read_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN")  # deferred: a read snapshot, no lock taken from writers (WAL)
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class _Row(NamedTuple):
    """An entry, its content hash and (once needed) its serialised forms."""

    entry: Entry
    digest: bytes
    record: bytes = b""  # empty until serialised: see full()
    body: bytes = b""

    @staticmethod
    def of(entry: Entry) -> _Row:
        rec = entry_to_record(entry)
        body = _dumps(rec.pop("body"))
        record = _dumps(rec)
        digest = hashlib.blake2b(record, digest_size=16)
        digest.update(body)
        return _Row(entry, digest.digest(), record, body)

    def full(self) -> _Row:
        return self if self.record else _Row.of(self.entry)

    def columns(self) -> tuple[int | None, int, bytes, bytes]:
        """``published``, ``flags``, ``hash``, ``record``: the entries table's own columns."""
        published = self.entry.published
        return (
            None if published is None else int(published.timestamp()),
            _flags(self.entry),
            self.digest,
            self.record,
        )


class _Incoming(NamedTuple):
    """One merge's input, prepared once (serialised and hashed) outside the transaction."""

    key: str
    url: str
    blog: bytes
    hints: Mapping[str, Any]
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    mark_unread: bool
    rows: dict[str, _Row]  # by id, in source order
    only_removed: list[str]  # removed ids that are not in ``rows``


class _Plan:
    """What a merge will write, and what it will report."""

    __slots__ = (
        "blog_changed",
        "blog_id",
        "edited",
        "hints",
        "inserts",
        "new",
        "removed",
        "updates",
    )

    def __init__(self, blog_id: int | None, blog_changed: bool, hints: bytes) -> None:
        self.blog_id = blog_id
        self.blog_changed = blog_changed
        self.hints = hints
        self.inserts: list[_Row] = []
        self.updates: list[tuple[int, _Row]] = []
        self.new: list[Entry] = []
        self.edited: list[Entry] = []
        self.removed: list[Entry] = []

    @property
    def writes(self) -> bool:
        return self.blog_changed or bool(self.inserts or self.updates)

    def changes(self) -> Changes:
        return Changes(
            tuple(sort_entries(self.new)),
            tuple(sort_entries(self.edited)),
            tuple(sort_entries(self.removed)),
        )


class Store:
    """The SQLite cache. Safe to share between threads (one lock) and processes (WAL).

    Nothing is created until something is written: a missing file reads as an empty cache.
    An existing file is opened (and checked) at construction, so warnings about a file set
    aside are in :attr:`warnings` straight away, and an unusable cache raises
    :class:`CacheError` there.
    """

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            import platformdirs

            path = platformdirs.user_cache_path(APP_NAME) / FILE_NAME
        self.path = Path(path)
        self.warnings: list[str] = []
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
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
        return hashlib.sha256(normalize_url(url).encode("utf-8", "surrogatepass")).hexdigest()

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
                "SELECT id, blog, hints, etag, last_modified, fetched_at, last_opened"
                " FROM blogs WHERE key = ?",
                (key,),
            ).fetchone()
            if row is None:
                return None
            blog_id, blog_rec, hints, etag, last_modified, fetched_at, last_opened = row
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
            with _gc_paused():
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
            return CachedBlog(
                key=key,
                blog=blog_from_record(loads(blog_rec)),
                entries=entries,
                fetched_at=_time_value(fetched_at),
                validators_etag=etag,
                validators_last_modified=last_modified,
                hints=dict(loads(hints)),
                unread_ids=unread,
                last_opened=_time_value(last_opened),
                with_bodies=bodies,
            )

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

        return self._run(op, create=False, missing=None)

    def merge(
        self,
        url: str,
        snapshot: Snapshot,
        *,
        fetched_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        mark_unread: bool = True,
    ) -> Changes:
        """Merge one parse of the blog into the cache, in one transaction; report what changed.

        - an id never seen is *new* (and unread when ``mark_unread``);
        - a known id whose content changed is *edited* (replaced; counted as edited even when
          the source gives no ``updated`` time); it keeps its read state and place;
        - a known, undeleted id in ``snapshot.removed_ids``, or arriving with ``deleted`` set,
          is *removed*: kept with ``deleted=True`` (its content too, when the deleted version
          arrives empty);
        - an entry missing from the snapshot is left alone; removed ids never seen, and empty
          deleted entries never seen, are tombstones, not entries: ignored.

        The blog record, ``hints`` (updated key by key; a key set to None is dropped) and the
        validators (``etag``/``last_modified`` replace the stored ones) are kept. When nothing
        at all changed, nothing is written, not even ``fetched_at``. The reported entries are
        newest first in each group.
        """
        key = self.blog_key(url)
        removed_ids = set(snapshot.removed_ids)
        rows: dict[str, _Row] = {}
        with self._lock:
            # a page that lists its whole history is parsed afresh on every poll: entries equal
            # to the ones seen last time keep their hash without being serialised again
            seen = self._seen.get(key, {})
            for entry in snapshot.entries:
                if entry.id in rows:
                    continue  # first occurrence wins
                if entry.id in removed_ids and not entry.deleted:
                    entry = entry.with_changes(deleted=True)
                last = seen.get(entry.id)
                if last is not None and last.entry == entry:
                    rows[entry.id] = _Row(entry, last.digest)
                else:
                    rows[entry.id] = _Row.of(entry)
            self._seen[key] = {i: _Row(r.entry, r.digest) for i, r in rows.items()}
        incoming = _Incoming(
            key=key,
            url=url.strip(),
            blog=_dumps(blog_to_record(snapshot.blog)),
            hints=snapshot.hints,
            etag=etag,
            last_modified=last_modified,
            fetched_at=fetched_at,
            mark_unread=mark_unread,
            rows=rows,
            only_removed=[i for i in dict.fromkeys(snapshot.removed_ids) if i not in rows],
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

    def mark_opened(self, url: str, when: datetime) -> None:
        """Remember when the reader last opened the blog (no-op for a blog not cached)."""
        key = self.blog_key(url)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE blogs SET last_opened = ? WHERE key = ?", (_time_text(when), key))

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
                for table in ("bodies", "entries", "blogs"):
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
                problem = self._prepare(conn)
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

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> tuple[str, str] | None:
        """Check the file and create the schema; return (kind, reason) if it must go aside."""
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return "too-new", f"written by a newer tui-liveblog (schema {version})"
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: consistent after a crash; a cache
        if version == 0:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:  # nobody created it meanwhile
                    if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                        conn.execute("ROLLBACK")
                        return "corrupt", "not a tui-liveblog cache"
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if version > SCHEMA_VERSION:
                return "too-new", f"written by a newer tui-liveblog (schema {version})"
        if version < SCHEMA_VERSION and version != 0:
            return "old", f"written by an older tui-liveblog (schema {version})"
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not names >= _TABLES:
            return "corrupt", "missing its tables"
        return None

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


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc)
    return "malformed" in text or "not a database" in text


def _merge_hints(old: dict[str, Any], patch: Mapping[str, Any]) -> bytes:
    hints = dict(old)
    for name, value in patch.items():
        if value is None:
            hints.pop(name, None)
        else:
            hints[name] = value
    try:
        return _dumps(hints, orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError as exc:
        raise CacheError(f"the source's hints cannot be cached: {exc}") from exc


# -- merging ------------------------------------------------------------------------------------


def _plan(conn: sqlite3.Connection, inc: _Incoming) -> _Plan:
    """Compare a merge's input with the file (reads only)."""
    found = conn.execute(
        "SELECT id, url, blog, hints, etag, last_modified FROM blogs WHERE key = ?", (inc.key,)
    ).fetchone()
    hints = _merge_hints({} if found is None else orjson.loads(found[3]), inc.hints)
    known: dict[str, tuple[int, bytes, int]] = {}
    if found is None:
        plan = _Plan(None, True, hints)
    else:
        stored = tuple(found[1:])
        plan = _Plan(
            found[0], stored != (inc.url, inc.blog, hints, inc.etag, inc.last_modified), hints
        )
        wanted = _dumps([*inc.rows, *inc.only_removed]).decode()
        for entry_id, seq, digest, flags in conn.execute(
            "SELECT id, seq, hash, flags FROM entries"
            " WHERE blog = ? AND id IN (SELECT value FROM json_each(?))",
            (plan.blog_id, wanted),
        ):
            known[entry_id] = (seq, digest, flags)
    keep_content: list[int] = []  # seqs to mark deleted, keeping their stored content
    for entry_id, row in inc.rows.items():
        entry = row.entry
        old = known.get(entry_id)
        if old is None:
            if entry.deleted and not _has_content(entry):
                continue  # a tombstone: not an entry
            plan.inserts.append(row)
            plan.new.append(entry)
            continue
        seq, digest, flags = old
        if digest == row.digest:
            continue
        was_deleted = bool(flags & _DELETED)
        if entry.deleted and not _has_content(entry):
            if not was_deleted:
                keep_content.append(seq)
            continue
        plan.updates.append((seq, row))
        (plan.removed if entry.deleted and not was_deleted else plan.edited).append(entry)
    for entry_id in inc.only_removed:
        old = known.get(entry_id)
        if old is not None and not old[2] & _DELETED:
            keep_content.append(old[0])
    for seq in keep_content:
        record, body = conn.execute(
            "SELECT e.record, b.body FROM entries e JOIN bodies b ON b.seq = e.seq WHERE e.seq = ?",
            (seq,),
        ).fetchone()
        rec = orjson.loads(record)
        rec["body"] = orjson.loads(body)
        gone = _Row.of(entry_from_record(rec).with_changes(deleted=True))
        plan.updates.append((seq, gone))
        plan.removed.append(gone.entry)
    return plan


def _apply(conn: sqlite3.Connection, plan: _Plan, inc: _Incoming) -> None:
    """Write a plan (inside the merge's transaction)."""
    fetched = _time_text(inc.fetched_at)
    blog_row = (inc.url, inc.blog, plan.hints, inc.etag, inc.last_modified, fetched)
    if plan.blog_id is None:
        cur = conn.execute(
            "INSERT INTO blogs (url, blog, hints, etag, last_modified, fetched_at, key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*blog_row, inc.key),
        )
        assert cur.lastrowid is not None
        blog_id = cur.lastrowid
    else:
        blog_id = plan.blog_id
        conn.execute(
            "UPDATE blogs SET url = ?, blog = ?, hints = ?, etag = ?, last_modified = ?,"
            " fetched_at = ? WHERE id = ?",
            (*blog_row, blog_id),
        )
    inserts = [r.full() for r in plan.inserts]
    updates = [(seq, r.full()) for seq, r in plan.updates]
    if inserts:
        # seqs handed out in source order: they break ties in time and order undated entries
        top: int = conn.execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()[0]
        unread = 1 if inc.mark_unread else 0
        conn.executemany(
            "INSERT INTO entries (seq, blog, id, unread, published, flags, hash, record)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (top + n, blog_id, r.entry.id, unread, *r.columns())
                for n, r in enumerate(inserts, 1)
            ],
        )
        conn.executemany(
            "INSERT INTO bodies (seq, body) VALUES (?, ?)",
            [(top + n, r.body) for n, r in enumerate(inserts, 1)],
        )
    if updates:
        conn.executemany(
            "UPDATE entries SET published = ?, flags = ?, hash = ?, record = ? WHERE seq = ?",
            [(*r.columns(), seq) for seq, r in updates],
        )
        conn.executemany(
            "UPDATE bodies SET body = ? WHERE seq = ?", [(r.body, seq) for seq, r in updates]
        )
