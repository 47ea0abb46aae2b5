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

"Equal" is decided on *fingerprints*: by default :func:`fingerprint` (every field but the body,
whose form may change while what it says does not: its text, links and media are fields); the
store compares content hashes of the same fields instead (:data:`Known` holds whatever the caller compares), so it never has to
read a stored entry to find it unchanged, and reads one only to keep its content (a
"mark-deleted" :data:`Step`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

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


# What the planner needs about one known entry: ``(fingerprint, deleted)``. The fingerprint is
# compared with ``==`` to the incoming entry's: equal means unchanged. In memory it is
# :func:`fingerprint`; the cache uses its content hash.
Known = tuple[object, bool]

Action = Literal["insert", "replace", "mark-deleted"]
# - "insert": store the step's entry under a new id;
# - "replace": store the step's entry in place of the known one;
# - "mark-deleted": keep the known entry's content, with ``deleted`` set (the step has no entry).

# One thing to write, and how to report it: ``(id, action, report, entry)``, ``entry`` None for
# "mark-deleted". Plain tuples: a 10,000-entry first merge plans 10,000 of them, twice.
Step = tuple[str, Action, Report, Entry | None]


@dataclass(frozen=True, slots=True)
class Plan:
    """What a merge writes, in order: the snapshot's entries in source order, then removed ids."""

    steps: tuple[Step, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.steps)


def fingerprint(entry: Entry) -> object:
    """What an entry says, for telling an edit: every field but the body (a body kept as
    markup and the same body built are alike; its text, links and media are compared)."""
    return (
        entry.id,
        entry.published,
        entry.updated,
        entry.authors,
        entry.title,
        entry.text,
        entry.url,
        entry.links,
        entry.media,
        entry.pinned,
        entry.key_event,
        entry.deleted,
    )


def plan(
    known: Mapping[str, Known],
    inc: Incoming,
    fingerprints: Mapping[str, object] | None = None,
) -> Plan:
    """Decide what merging ``inc`` into ``known`` does (see the module's rule).

    ``known`` needs to hold only the ids ``inc`` names. ``fingerprints`` gives each incoming
    entry's fingerprint by id, compared with the known one; by default :func:`fingerprint`.
    """
    prints: Mapping[str, object]
    if fingerprints is None:
        prints = {entry_id: fingerprint(e) for entry_id, e in inc.entries.items()}
    else:
        prints = fingerprints
    steps: list[Step] = []
    for entry_id, entry in inc.entries.items():
        old = known.get(entry_id)
        if old is None:
            if not (entry.deleted and not has_content(entry)):  # a tombstone is not an entry
                steps.append((entry_id, "insert", "new", entry))
            continue
        known_print, was_deleted = old
        if prints[entry_id] == known_print:
            continue
        if entry.deleted and not has_content(entry):
            if not was_deleted:
                steps.append((entry_id, "mark-deleted", "removed", None))
        elif entry.deleted and not was_deleted:
            steps.append((entry_id, "replace", "removed", entry))
        else:
            steps.append((entry_id, "replace", "edited", entry))
    for entry_id in inc.removed:
        old = known.get(entry_id)
        if old is not None and not old[1]:
            steps.append((entry_id, "mark-deleted", "removed", None))
    return Plan(tuple(steps))


def as_stored(snapshot: Snapshot, written: Changes) -> Snapshot:
    """The snapshot's entries as a store holds them once the snapshot is merged into it, given
    what that merge wrote (``written``): the entries it wrote, the others as the snapshot has
    them (the store had them alike, or a later version that a later request brought: then the
    snapshot's is what this process saw), and the ids the snapshot deletes without content (the
    store keeps those deleted, with the content it had) as removed ids.

    Merged into what one process was told (:func:`tui_liveblog.follow.merge_known`), this
    reports what is new *to that process*, whoever wrote it into a shared store first.
    """
    inc = incoming(snapshot)
    wrote = {e.id: e for e in written.all}
    entries: list[Entry] = []
    removed = list(inc.removed)
    for entry_id, entry in inc.entries.items():
        stored = wrote.get(entry_id)
        if stored is not None:
            entries.append(stored)
        elif is_tombstone(entry):
            removed.append(entry_id)
        else:
            entries.append(entry)
    return replace(snapshot, entries=tuple(entries), removed_ids=tuple(removed))


def changes(done: Iterable[tuple[Report, Entry]]) -> Changes:
    """The :class:`Changes` of a carried-out plan: each step's report with the entry as written
    (for "mark-deleted", the known entry marked deleted), grouped, each group newest first."""
    groups: dict[Report, list[Entry]] = {"new": [], "edited": [], "removed": []}
    for report, entry in done:
        groups[report].append(entry)
    return Changes(
        tuple(sort_entries(groups["new"])),
        tuple(sort_entries(groups["edited"])),
        tuple(sort_entries(groups["removed"])),
    )
