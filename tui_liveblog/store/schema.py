"""The cache file's schema (version kept in ``PRAGMA user_version``): creating it, checking an
existing file, and telling a damaged file from other SQLite errors. Used by :mod:`.cache`.

Layout (schema version 5, kept in ``PRAGMA user_version``):

- ``blogs``: one row per blog, keyed by :meth:`.cache.Store.blog_key` (the SHA-256 of the
  normalized URL; raw URLs never become file names), with the blog record, the poller's hints,
  the HTTP validators, ``fetched_at`` and ``last_opened`` (when the reader last had the blog
  open: :meth:`.cache.Store.mark_opened`; bare ``liveblog`` reopens the saved blog read last);
- ``entries``: one row per entry: ``id``, ``published`` (epoch seconds, for ordering),
  ``flags`` (pinned 1, key event 2, deleted 4), ``unread``, a content ``hash`` (of the
  record: :func:`.codec.record_digest`) and the orjson record of
  :func:`~tui_liveblog.serialize.entry_to_record` *without* the body;
- ``bodies``: the body (orjson: a list of blocks, or ``{"html": …, "base": …}`` for one kept
  as markup), one row per entry, apart so that a light load (``bodies=False``: what the
  reader needs for its timeline) never reads it;
- ``reader_state``: what the reader keeps of each blog between runs (orjson: a dict, e.g. the
  place it was left at or its kept filter), one row per blog that has any
  (:meth:`.cache.Store.reader_state`);
- ``settings``: the reader's own small values that belong to no blog (orjson, by name: the
  filter history, say) (:meth:`.cache.Store.setting`);
- ``versions``: the earlier versions of edited entries (issue 16 (3)), one row per version an
  entry had before a merge changed its title or text: ``entry`` (the ``entries`` row's
  ``seq``), ``replaced`` (the fetch time of the merge that replaced it) and the ``record`` the
  entries table held then (without the body). Written in the merge's transaction; the current
  version is the ``entries`` row itself (:meth:`.cache.Store.versions`).

Version 4 lacked ``entries.requested``, version 3 also ``versions`` and version 2 also
``reader_state`` and ``settings``: opening such a file adds them (no entry had a version kept,
nor a known request time). Version 1 hashed the body's blocks with the record; opening such a file rehashes its records
(:func:`_upgrade`), so an entry kept as markup now is not taken for an edited one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress

SCHEMA_VERSION = 5

# SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged or not a database at all
_CORRUPT_CODES = frozenset({11, 26})

_ADDED_IN_3 = (
    "CREATE TABLE IF NOT EXISTS reader_state (blog INTEGER PRIMARY KEY, state BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
)
_ADDED_IN_4 = (
    """CREATE TABLE IF NOT EXISTS versions (
        seq INTEGER PRIMARY KEY,
        entry INTEGER NOT NULL,
        replaced TEXT,
        record BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS versions_by_entry ON versions (entry, seq)",
)
_ADDED_IN_5 = ("ALTER TABLE entries ADD COLUMN requested REAL",)
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
        record BLOB NOT NULL,
        requested REAL
    )""",
    "CREATE UNIQUE INDEX entries_by_id ON entries (blog, id)",
    # newest first, NULLs last (SQLite sorts NULL lowest), then seq (the rowid): source order
    "CREATE INDEX entries_by_time ON entries (blog, published DESC)",
    # covers "which entries are unread", however many entries are read
    "CREATE INDEX entries_unread ON entries (blog, id) WHERE unread = 1",
    "CREATE TABLE bodies (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)",
    *_ADDED_IN_3,
    *_ADDED_IN_4,
)
_TABLES_2 = frozenset({"blogs", "entries", "bodies"})  # (versions 1 and 2)
_TABLES_3 = _TABLES_2 | {"reader_state", "settings"}
_TABLES = _TABLES_3 | {"versions"}


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
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version in (1, 2) and not names >= _TABLES_2:
        return "corrupt", "missing its tables"
    if version == 3 and not names >= _TABLES_3:
        return "corrupt", "missing its tables"
    if version == 4 and not names >= _TABLES:
        return "corrupt", "missing its tables"
    if version in (1, 2, 3, 4):
        version = _upgrade(conn)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version < SCHEMA_VERSION and version != 0:
        return "old", f"written by an older tui-liveblog (schema {version})"
    if not names >= _TABLES:
        return "corrupt", "missing its tables"
    return None


def _upgrade(conn: sqlite3.Connection) -> int:
    """Schema 1 → 2: every entry's hash becomes its record's; 2 → 3: the reader's state and
    settings tables are added; 3 → 4: the versions table; 4 → 5: ``entries.requested`` (see
    the module's docstring)."""
    from tui_liveblog.store.codec import record_digest

    conn.execute("BEGIN IMMEDIATE")
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 1:  # (nobody upgraded it meanwhile)
            rows = conn.execute("SELECT seq, record FROM entries").fetchall()
            conn.executemany(
                "UPDATE entries SET hash = ? WHERE seq = ?",
                [(record_digest(record), seq) for seq, record in rows],
            )
            version = 2
        if version == 2:
            for statement in _ADDED_IN_3:
                conn.execute(statement)
            version = 3
        if version == 3:
            for statement in _ADDED_IN_4:
                conn.execute(statement)
            version = 4
        if version == 4:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(entries)")}
            if "requested" not in columns:
                for statement in _ADDED_IN_5:
                    conn.execute(statement)
            version = 5
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return version


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _CORRUPT_CODES
    text = str(exc)
    return "malformed" in text or "not a database" in text
