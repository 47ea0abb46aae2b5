"""The one merge rule (tui_liveblog/merge.py), example by example, on both ways of keeping a
blog: in memory (``merge_known``: ``--no-cache``, files, stdin, the demo) and in the cache
(``Store.merge``). Each answer here was decided in DESIGN.md; the two paths used to disagree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest

from tui_liveblog import merge
from tui_liveblog.fetch import Fetcher, Validators
from tui_liveblog.fetch.client import FetchResult
from tui_liveblog.follow import BlogFeed, merge_known
from tui_liveblog.model import Block, Blog, Changes, Entry, Media, Snapshot, Span, sort_entries
from tui_liveblog.retrieve import Retrieved
from tui_liveblog.store import Store

URL = "https://news.example/live/merge"
BLOG = Blog(URL, "Merge live", "jsonld")
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def entry(n: int, text: str | None = None, **changes: Any) -> Entry:
    words = text if text is not None else f"update {n}"
    base = Entry(
        id=f"e{n}",
        published=T0 + timedelta(minutes=n),
        text=words,
        body=(Block("p", (Span(words),)),),
    )
    return base.with_changes(**changes) if changes else base


def snap(*entries: Entry, removed: tuple[str, ...] = ()) -> Snapshot:
    return Snapshot(BLOG, tuple(entries), removed_ids=removed)


class Keeper(Protocol):
    def merge(self, snapshot: Snapshot) -> Changes: ...
    def entries(self) -> list[Entry]: ...


class Memory:
    def __init__(self) -> None:
        self.known: dict[str, Entry] = {}

    def merge(self, snapshot: Snapshot) -> Changes:
        return merge_known(self.known, snapshot)

    def entries(self) -> list[Entry]:
        return sort_entries(self.known.values())


class Cached:
    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.minutes = 0

    def merge(self, snapshot: Snapshot) -> Changes:
        self.minutes += 1
        return self.store.merge(URL, snapshot, fetched_at=T0 + timedelta(minutes=self.minutes))

    def entries(self) -> list[Entry]:
        cached = self.store.load(URL)
        return [] if cached is None else cached.entries


@pytest.fixture(params=["memory", "store"])
def keeper(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Keeper]:
    if request.param == "memory":
        yield Memory()
    else:
        cached = Cached(tmp_path / "cache.sqlite3")
        yield cached
        cached.store.close()


# -- the decided answers, on both paths -----------------------------------------------------


def test_an_entry_first_seen_deleted_and_empty_is_a_tombstone(keeper: Keeper) -> None:
    # a time, a byline and a link are not content: only text, body, title or media are
    ghost = Entry(id="ghost", published=T0, authors=("A",), url="https://x.example/", deleted=True)
    changes = keeper.merge(snap(entry(1), ghost))
    assert changes == Changes(new=(entry(1),))
    assert keeper.entries() == [entry(1)]
    # still a tombstone when it comes again
    assert not keeper.merge(snap(ghost))
    assert [e.id for e in keeper.entries()] == ["e1"]


def test_an_entry_first_seen_deleted_with_content_is_new(keeper: Keeper) -> None:
    struck = entry(1, deleted=True)  # Reddit's "stricken": the content is still there
    assert keeper.merge(snap(struck)) == Changes(new=(struck,))
    assert keeper.entries() == [struck]


def test_a_known_entry_resent_deleted_and_empty_keeps_its_content(keeper: Keeper) -> None:
    keeper.merge(snap(entry(1), entry(2)))
    changes = keeper.merge(snap(Entry(id="e1", deleted=True), entry(2)))
    assert changes == Changes(removed=(entry(1, deleted=True),))
    assert keeper.entries() == [entry(2), entry(1, deleted=True)]
    # reported once: said again, nothing changes
    assert not keeper.merge(snap(Entry(id="e1", deleted=True)))
    assert keeper.entries() == [entry(2), entry(1, deleted=True)]


def test_a_removed_id_marks_a_known_entry_deleted_and_an_unknown_one_is_ignored(
    keeper: Keeper,
) -> None:
    keeper.merge(snap(entry(1), entry(2)))
    changes = keeper.merge(snap(removed=("e1", "never-seen", "e1")))
    assert changes == Changes(removed=(entry(1, deleted=True),))
    assert not keeper.merge(snap(removed=("e1",)))  # already deleted
    assert keeper.entries() == [entry(2), entry(1, deleted=True)]


def test_an_id_listed_and_removed_is_deleted(keeper: Keeper) -> None:
    # unknown, with content: a new entry, deleted (not new and then removed)
    changes = keeper.merge(snap(entry(1), removed=("e1",)))
    assert changes == Changes(new=(entry(1, deleted=True),))
    # unknown and empty: a tombstone
    assert not keeper.merge(snap(Entry(id="blank"), removed=("blank",)))
    # known: removed, once
    keeper.merge(snap(entry(2)))
    assert keeper.merge(snap(entry(2), removed=("e2",))) == Changes(
        removed=(entry(2, deleted=True),)
    )
    assert not keeper.merge(snap(entry(2), removed=("e2",)))
    assert keeper.entries() == [entry(2, deleted=True), entry(1, deleted=True)]


def test_an_id_listed_twice_keeps_the_first(keeper: Keeper) -> None:
    changes = keeper.merge(snap(entry(1, "first"), entry(2), entry(1, "second")))
    assert changes == Changes(new=(entry(2), entry(1, "first")))
    assert keeper.entries() == [entry(2), entry(1, "first")]
    # a known entry listed twice: the first copy is compared, the second is ignored
    assert not keeper.merge(snap(entry(1, "first"), entry(1, "third")))
    changes = keeper.merge(snap(entry(1, "fourth"), entry(1, "first")))
    assert changes == Changes(edited=(entry(1, "fourth"),))


def test_edits_are_edited_unchanged_is_silent_and_missing_is_never_removed(
    keeper: Keeper,
) -> None:
    keeper.merge(snap(entry(1), entry(2), entry(3)))
    assert not keeper.merge(snap(entry(1), entry(2), entry(3)))
    changes = keeper.merge(snap(entry(3, "changed"), entry(4)))  # e1 and e2 fell off the page
    assert changes == Changes(new=(entry(4),), edited=(entry(3, "changed"),))
    assert keeper.entries() == [entry(4), entry(3, "changed"), entry(2), entry(1)]
    # a deleted entry edited again (still deleted) is edited, not removed again
    keeper.merge(snap(entry(2, deleted=True)))
    changes = keeper.merge(snap(entry(2, "corrected", deleted=True)))
    assert changes == Changes(edited=(entry(2, "corrected", deleted=True),))


def test_each_group_is_reported_newest_first(keeper: Keeper) -> None:
    undated = Entry(id="undated", text="no time")
    changes = keeper.merge(snap(entry(1), undated, entry(3), entry(2)))
    assert [e.id for e in changes.new] == ["e3", "e2", "e1", "undated"]
    changes = keeper.merge(snap(entry(1, "x"), entry(3, "x"), entry(2, "x"), removed=("undated",)))
    assert [e.id for e in changes.edited] == ["e3", "e2", "e1"]
    changes = keeper.merge(snap(Entry(id="e1", deleted=True), removed=("e3", "e2")))
    assert [e.id for e in changes.removed] == ["e3", "e2", "e1"]


def test_media_or_a_title_alone_is_content(keeper: Keeper) -> None:
    photo = Entry(id="photo", media=(Media("image", "https://img.example/1.jpg"),), deleted=True)
    titled = Entry(id="titled", title="Headline", deleted=True)
    changes = keeper.merge(snap(photo, titled))
    assert {e.id for e in changes.new} == {"photo", "titled"}


# -- the planner itself ----------------------------------------------------------------------


def test_incoming_keeps_the_first_of_each_id_and_applies_removed_ids() -> None:
    inc = merge.incoming(snap(entry(1), entry(2), entry(1, "again"), removed=("e2", "x", "x")))
    assert inc.entries == {"e1": entry(1), "e2": entry(2, deleted=True)}
    assert inc.removed == ("x",)
    assert inc.duplicates == 1
    assert inc.warnings == ("the source lists 1 entry twice (same id); the first was kept",)


def test_drop_duplicates_warns_once_per_snapshot() -> None:
    original = Snapshot(
        BLOG,
        (entry(1), entry(2), entry(1, "b"), entry(3), entry(2, "b"), entry(1, "c")),
        warnings=("from the parser",),
    )
    dropped = merge.drop_duplicates(original)
    assert dropped.entries == (entry(1), entry(2), entry(3))
    assert dropped.warnings == (
        "from the parser",
        "the source lists 2 entries twice (same id); the first of each was kept",
    )
    assert merge.drop_duplicates(dropped) is dropped  # nothing to drop: the same snapshot


def test_plan_compares_fingerprints_and_says_what_to_do() -> None:
    inc = merge.incoming(
        snap(
            entry(1),  # unknown: insert
            entry(2),  # same fingerprint: nothing
            entry(3, "new words"),  # other fingerprint: replace, edited
            entry(4, deleted=True),  # newly deleted with content: replace, removed
            Entry(id="e5", deleted=True),  # empty and deleted: keep the content, removed
            Entry(id="e8", deleted=True),  # the same, already deleted: nothing
            Entry(id="ghost", deleted=True),  # unknown tombstone: nothing
            removed=("e6", "e7", "unknown"),
        )
    )
    known: dict[str, merge.Known] = {
        "e2": ("h2", False),
        "e3": ("h3", False),
        "e4": ("h4", False),
        "e5": ("h5", False),
        "e6": ("h6", False),
        "e7": ("h7", True),  # already deleted: nothing
        "e8": ("h8", True),
    }
    prints = {"e1": "h1", "e2": "h2", "e3": "h3'", "e4": "h4'", "e5": "h5'", "e8": "h8'"}
    prints["ghost"] = "g"
    planned = merge.plan(known, inc, prints)
    assert planned.steps == (
        ("e1", "insert", "new", entry(1)),
        ("e3", "replace", "edited", entry(3, "new words")),
        ("e4", "replace", "removed", entry(4, deleted=True)),
        ("e5", "mark-deleted", "removed", None),
        ("e6", "mark-deleted", "removed", None),
    )
    assert planned
    assert not merge.plan({}, merge.incoming(snap(removed=("x",))))
    # by default the fingerprint is every field but the body's form
    assert not merge.plan(
        {"e1": (merge.fingerprint(entry(1)), False)}, merge.incoming(snap(entry(1)))
    )
    reformatted = entry(1).with_changes(body=(Block("quote", entry(1).body[0].spans),))
    assert not merge.plan(
        {"e1": (merge.fingerprint(entry(1)), False)}, merge.incoming(snap(reformatted))
    )
    retold = entry(1, "other words")
    assert merge.plan({"e1": (merge.fingerprint(entry(1)), False)}, merge.incoming(snap(retold)))


# -- the warning reaches the user ----------------------------------------------------------


def _feed(snapshot: Snapshot, store: Store | None) -> BlogFeed:
    feed = BlogFeed(URL, fetcher=Fetcher(), store=store)  # nothing is fetched: see full()

    async def full(validators: Validators, hints: object) -> Retrieved:
        result = FetchResult(URL, 200, b"", {}, Validators(), False, 0.0)
        return Retrieved(result, snapshot, "full", URL)

    feed.retriever.full = full  # type: ignore[method-assign]
    return feed


@pytest.mark.parametrize("cached", [False, True], ids=["memory", "store"])
async def test_a_refresh_warns_about_ids_listed_twice_and_stores_no_tombstone(
    cached: bool, tmp_path: Path
) -> None:
    store = Store(tmp_path / "cache.sqlite3") if cached else None
    snapshot = Snapshot(
        BLOG,
        (
            entry(1, "first"),
            entry(2),
            entry(1, "second"),
            Entry(id="ghost", deleted=True),
            entry(3),
            entry(3, "again"),
        ),
        warnings=("parser said so",),
    )
    feed = _feed(snapshot, store)
    refresh = await feed.refresh()
    assert refresh.warnings == (
        "parser said so",
        "the source lists 2 entries twice (same id); the first of each was kept",
    )
    assert refresh.changes == Changes(new=(entry(3), entry(2), entry(1, "first")))
    assert feed.entries == [entry(3), entry(2), entry(1, "first")]
    if store is not None:
        cached_blog = store.load(URL)
        assert cached_blog is not None and cached_blog.entries == feed.entries
        store.close()
    await feed.fetcher.aclose()
