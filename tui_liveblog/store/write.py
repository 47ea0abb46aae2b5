"""Merging a snapshot into the cache: compare it with the file (:func:`_plan`, reads only),
then write what changed (:func:`_apply`, inside the merge's transaction).

Used by :meth:`tui_liveblog.store.Store.merge`."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import NamedTuple

import orjson

from tui_liveblog.model import Changes, Entry, sort_entries
from tui_liveblog.serialize import entry_from_record
from tui_liveblog.store.codec import _DELETED, _dumps, _has_content, _Row, _time_text


class _Incoming(NamedTuple):
    """One merge's input, prepared once (serialised and hashed) outside the transaction."""

    key: str
    url: str
    blog: bytes
    hints: bytes  # the blog's hints, as the record to store
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


def _plan(conn: sqlite3.Connection, inc: _Incoming) -> _Plan:
    """Compare a merge's input with the file (reads only)."""
    found = conn.execute(
        "SELECT id, url, blog, hints, etag, last_modified FROM blogs WHERE key = ?", (inc.key,)
    ).fetchone()
    hints = inc.hints
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
