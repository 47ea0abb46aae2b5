"""The one merge rule: what a parsed :class:`~tui_liveblog.model.Snapshot` changes in what is
known about a blog.

Both ways of keeping a blog use it: :func:`tui_liveblog.follow.merge_known` (an in-memory
id → entry map: ``--no-cache``, files, stdin, the demo) and
:meth:`tui_liveblog.store.Store.merge` (the SQLite cache). They read and write what they hold;
this module decides. Pure: no I/O; it imports only the model.

The rule:

1. **Incoming** (:func:`incoming`). When the snapshot lists an id twice, the *first*
   occurrence wins (:func:`drop_duplicates` does the same and says so in the snapshot's
   warnings; ``BlogFeed`` applies it before either path merges, so the user sees the warning).
   An entry whose id is also in ``removed_ids`` is taken as deleted.
2. **Unknown ids.** An entry never seen is *new*, deleted or not, as long as it has content. An
   entry first seen deleted and empty (no text, body, title or media: :func:`is_tombstone`) is a
   tombstone, not an entry: nothing is stored or reported. A removed id never seen is ignored.
3. **Known ids.** An entry equal to the known one is not reported. A different one replaces
   it and is *edited*, or *removed* when it newly arrives deleted. A known entry re-sent
   deleted and empty keeps its known content and becomes deleted (*removed*, once: when it was
   already deleted nothing changes). A removed id of a known, undeleted entry does the same.
4. An entry missing from the snapshot is never touched.
5. Each reported group (new, edited, removed) is newest first (:func:`changes`, through
   :func:`~tui_liveblog.model.sort_entries`; ties in the order of the snapshot, removed ids
   listed without an entry last).

"Equal" is decided on *fingerprints*: by default the entries themselves; the store compares
content hashes instead (:class:`Known` holds whatever the caller compares), so it never has to
read a stored entry to find it unchanged, and reads one only to keep its content
(:attr:`Action.MARK_DELETED`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Literal, NamedTuple, Protocol

from tui_liveblog.model import Changes, Entry, Snapshot, sort_entries

Report = Literal["new", "edited", "removed"]


def has_content(entry: Entry) -> bool:
    """Does the entry carry anything to read (text, body, title or media)?"""
    return bool(entry.text or entry.body or entry.title or entry.media)


def is_tombstone(entry: Entry) -> bool:
    """A deleted entry with no content: it can mark a known entry deleted, never be one."""
    return entry.deleted and not has_content(entry)


# -- the snapshot's side --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Incoming:
    """A snapshot as the merge reads it."""

    entries: dict[str, Entry]  # by id, the first occurrence of each, in source order
    removed: tuple[str, ...]  # removed ids with no entry in the snapshot, each once
    duplicates: int = 0  # how many ids the snapshot listed more than once

    @property
    def warnings(self) -> tuple[str, ...]:
        return duplicates_warning(self.duplicates)


def duplicates_warning(count: int) -> tuple[str, ...]:
    """The one warning for a snapshot that lists ``count`` ids more than once (or none)."""
    if not count:
        return ()
    if count == 1:
        return ("the source lists 1 entry twice (same id); the first was kept",)
    return (f"the source lists {count} entries twice (same id); the first of each was kept",)


def _first_of_each(entries: Iterable[Entry]) -> tuple[dict[str, Entry], int]:
    by_id: dict[str, Entry] = {}
    doubled: set[str] = set()
    for entry in entries:
        if entry.id in by_id:
            doubled.add(entry.id)
        else:
            by_id[entry.id] = entry
    return by_id, len(doubled)


def incoming(snapshot: Snapshot) -> Incoming:
    """The snapshot's entries by id (first occurrence wins; an id also in ``removed_ids`` is
    deleted) and its removed ids that name no entry in it."""
    by_id, doubled = _first_of_each(snapshot.entries)
    removed: list[str] = []
    if snapshot.removed_ids:
        for entry_id in dict.fromkeys(snapshot.removed_ids):
            entry = by_id.get(entry_id)
            if entry is None:
                removed.append(entry_id)
            elif not entry.deleted:
                by_id[entry_id] = entry.with_changes(deleted=True)
    return Incoming(by_id, tuple(removed), doubled)


def drop_duplicates(snapshot: Snapshot) -> Snapshot:
    """The snapshot with only the first entry of each id, and a warning when it had more."""
    by_id, doubled = _first_of_each(snapshot.entries)
    if not doubled:
        return snapshot
    return replace(
        snapshot,
        entries=tuple(by_id.values()),
        warnings=(*snapshot.warnings, *duplicates_warning(doubled)),
    )


# -- the known side and the plan ------------------------------------------------------------------


class Known(Protocol):
    """What the planner needs about one known entry (the caller may hold more, e.g. a row id)."""

    @property
    def fingerprint(self) -> object:
        """Compared with ``==`` to the incoming entry's fingerprint: equal means unchanged."""
        ...

    @property
    def deleted(self) -> bool: ...


class Seen(NamedTuple):
    """A :class:`Known` for an entry held in memory: the entry is its own fingerprint."""

    fingerprint: object
    deleted: bool

    @staticmethod
    def of(entry: Entry) -> Seen:
        return Seen(entry, entry.deleted)


class Action(Enum):
    INSERT = "insert"  # store ``Step.entry`` under a new id
    REPLACE = "replace"  # store ``Step.entry`` in place of the known entry
    MARK_DELETED = "mark-deleted"  # keep the known entry's content, with ``deleted`` set


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to write, and how to report it."""

    id: str
    action: Action
    report: Report
    entry: Entry | None = None  # what to write for INSERT and REPLACE; None for MARK_DELETED


@dataclass(frozen=True, slots=True)
class Plan:
    """What a merge writes, in order: the snapshot's entries in source order, then removed ids."""

    steps: tuple[Step, ...] = ()
    warnings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.steps)


def plan(
    known: Mapping[str, Known],
    inc: Incoming,
    fingerprints: Mapping[str, object] | None = None,
) -> Plan:
    """Decide what merging ``inc`` into ``known`` does (see the module's rule).

    ``known`` needs to hold only the ids ``inc`` names. ``fingerprints`` gives each incoming
    entry's fingerprint by id, compared with :attr:`Known.fingerprint`; by default the
    entries themselves (what :class:`Seen` holds).
    """
    prints: Mapping[str, object] = inc.entries if fingerprints is None else fingerprints
    steps: list[Step] = []
    for entry_id, entry in inc.entries.items():
        old = known.get(entry_id)
        if old is None:
            if not is_tombstone(entry):
                steps.append(Step(entry_id, Action.INSERT, "new", entry))
        elif prints[entry_id] == old.fingerprint:
            continue
        elif is_tombstone(entry):
            if not old.deleted:
                steps.append(Step(entry_id, Action.MARK_DELETED, "removed"))
        else:
            report: Report = "removed" if entry.deleted and not old.deleted else "edited"
            steps.append(Step(entry_id, Action.REPLACE, report, entry))
    for entry_id in inc.removed:
        old = known.get(entry_id)
        if old is not None and not old.deleted:
            steps.append(Step(entry_id, Action.MARK_DELETED, "removed"))
    return Plan(tuple(steps), inc.warnings)


def changes(done: Iterable[tuple[Step, Entry]]) -> Changes:
    """The :class:`Changes` of a carried-out plan: each step with the entry as written (for
    MARK_DELETED, the known entry marked deleted), grouped, each group newest first."""
    groups: dict[Report, list[Entry]] = {"new": [], "edited": [], "removed": []}
    for step, entry in done:
        groups[step.report].append(entry)
    return Changes(
        tuple(sort_entries(groups["new"])),
        tuple(sort_entries(groups["edited"])),
        tuple(sort_entries(groups["removed"])),
    )
