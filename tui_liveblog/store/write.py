"""Merging a snapshot into the cache: what the file knows of the snapshot's ids is read
(:func:`_plan`, reads only), the one merge rule of :mod:`tui_liveblog.merge` decides what
changes, then that is written (:func:`_apply`, inside the merge's transaction).

The rule compares content hashes (:attr:`_Row.digest`), not entries: an unchanged entry is found
unchanged without reading its stored record, and a stored entry is read only when it is marked
deleted keeping its content. Used by :meth:`tui_liveblog.store.Store.merge`.

A replaced entry whose title or text changes keeps its previous version: the record the entries
table held goes into ``versions`` (:func:`_keep_versions`), in the same transaction.

**A late answer does not undo a later one.** Processes sharing the file (two ``follow``, the
reader) fetch and merge each at its own pace: one may merge an answer to a request it sent
*before* another process sent the request whose answer the file holds now (a slow server, a
big page to parse, a merge waiting for the write lock). Each entry keeps when the request that
brought its stored version was sent (``entries.requested``, the local clock, which the
processes share); a merge whose request was sent earlier than that leaves the entry alone (no
write, not reported). New entries are always inserted."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import NamedTuple

import orjson

from tui_liveblog import merge
from tui_liveblog.model import Changes, Entry
from tui_liveblog.serialize import entry_from_record
from tui_liveblog.store.codec import _DELETED, _dumps, _Row, _time_text


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
    snapshot: merge.Incoming  # the snapshot's entries by id (first of each) and removed ids
    rows: dict[str, _Row]  # ``snapshot.entries`` hashed, by id, in source order
    digests: dict[str, bytes]  # their content hashes: the fingerprints the rule compares
    requested: float | None = None  # when the request answered by the snapshot was sent


def _rows(entries: Mapping[str, Entry], seen: Mapping[str, _Row]) -> dict[str, _Row]:
    """Each entry with its content hash. A page that lists its whole history is parsed afresh
    on every poll: entries equal to the ones ``seen`` last time keep their hash without being
    serialised again."""
    rows: dict[str, _Row] = {}
    for entry_id, entry in entries.items():
        last = seen.get(entry_id)
        if last is not None and last.entry == entry:
            rows[entry_id] = _Row(entry, last.digest)
        else:
            rows[entry_id] = _Row.of(entry)
    return rows


class _Plan:
    """What a merge will write, and what it will report."""

    __slots__ = ("blog_changed", "blog_id", "done", "hints", "inserts", "replaced", "updates")

    def __init__(self, blog_id: int | None, blog_changed: bool, hints: bytes) -> None:
        self.blog_id = blog_id
        self.blog_changed = blog_changed
        self.hints = hints
        self.inserts: list[_Row] = []
        self.updates: list[tuple[int, _Row]] = []
        self.replaced: list[int] = []  # the seqs of the updates that are replaces (see _apply)
        self.done: list[tuple[merge.Report, Entry]] = []  # each step's report, the entry written

    @property
    def writes(self) -> bool:
        return self.blog_changed or bool(self.inserts or self.updates)

    def changes(self) -> Changes:
        return merge.changes(self.done)


def _plan(conn: sqlite3.Connection, inc: _Incoming) -> _Plan:
    """Compare a merge's input with the file (reads only)."""
    found = conn.execute(
        "SELECT id, url, blog, hints, etag, last_modified FROM blogs WHERE key = ?", (inc.key,)
    ).fetchone()
    hints = inc.hints
    known: dict[str, merge.Known] = {}  # (content hash, deleted)
    seqs: dict[str, int] = {}
    later: set[str] = set()  # ids whose stored version came with a later request than this one
    if found is None:
        plan = _Plan(None, True, hints)
    else:
        stored = tuple(found[1:])
        plan = _Plan(
            found[0], stored != (inc.url, inc.blog, hints, inc.etag, inc.last_modified), hints
        )
        wanted = _dumps([*inc.rows, *inc.snapshot.removed]).decode()
        for entry_id, seq, digest, flags, requested in conn.execute(
            "SELECT id, seq, hash, flags, requested FROM entries"
            " WHERE blog = ? AND id IN (SELECT value FROM json_each(?))",
            (plan.blog_id, wanted),
        ):
            known[entry_id] = (digest, flags & _DELETED != 0)
            seqs[entry_id] = seq
            if requested is not None and inc.requested is not None and requested > inc.requested:
                later.add(entry_id)
    for entry_id, action, report, _entry in merge.plan(known, inc.snapshot, inc.digests).steps:
        if entry_id in later:
            continue  # a late answer: the file holds a later one's version
        if action == "insert":
            row = inc.rows[entry_id]
            plan.inserts.append(row)
        elif action == "replace":
            row = inc.rows[entry_id]
            plan.updates.append((seqs[entry_id], row))
            plan.replaced.append(seqs[entry_id])
        else:  # "mark-deleted": the only case that reads a stored entry
            seq = seqs[entry_id]
            record, body = conn.execute(
                "SELECT e.record, b.body FROM entries e JOIN bodies b ON b.seq = e.seq"
                " WHERE e.seq = ?",
                (seq,),
            ).fetchone()
            rec = orjson.loads(record)
            rec["body"] = orjson.loads(body)
            row = _Row.of(entry_from_record(rec).with_changes(deleted=True))
            plan.updates.append((seq, row))
        plan.done.append((report, row.entry))
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
            "INSERT INTO entries"
            " (seq, blog, id, unread, published, flags, hash, record, requested)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (top + n, blog_id, r.entry.id, unread, *r.columns(), inc.requested)
                for n, r in enumerate(inserts, 1)
            ],
        )
        conn.executemany(
            "INSERT INTO bodies (seq, body) VALUES (?, ?)",
            [(top + n, r.body) for n, r in enumerate(inserts, 1)],
        )
    if plan.replaced:
        _keep_versions(conn, plan, fetched)
    if updates:
        conn.executemany(
            "UPDATE entries SET published = ?, flags = ?, hash = ?, record = ?, requested = ?"
            " WHERE seq = ?",
            [(*r.columns(), inc.requested, seq) for seq, r in updates],
        )
        conn.executemany(
            "UPDATE bodies SET body = ? WHERE seq = ?", [(r.body, seq) for seq, r in updates]
        )


def _keep_versions(conn: sqlite3.Connection, plan: _Plan, fetched: str | None) -> None:
    """Before replaced entries are overwritten: keep the stored record of each whose title or
    text changes, as an earlier version replaced at ``fetched``. (An edit of another field,
    a link or a time, shows nothing a version would: no version.)"""
    wanted = _dumps(plan.replaced).decode()
    stored = dict(
        conn.execute(
            "SELECT seq, record FROM entries WHERE seq IN (SELECT value FROM json_each(?))",
            (wanted,),
        ).fetchall()
    )
    kept = []
    for seq, row in plan.updates:
        record = stored.get(seq)
        if record is None:
            continue
        old = orjson.loads(record)
        if (old.get("title"), old.get("text") or "") != (row.entry.title, row.entry.text):
            kept.append((seq, fetched, record))
    if kept:
        conn.executemany("INSERT INTO versions (entry, replaced, record) VALUES (?, ?, ?)", kept)
