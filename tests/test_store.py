"""The SQLite cache: round trips, merge semantics, no-op merges, damage, sharing."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui_liveblog.errors import CacheError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Block, Blog, Entry, Media, Snapshot, Span, Version, sort_entries
from tui_liveblog.store import FILE_NAME, SCHEMA_VERSION, Store, normalize_url
from tui_liveblog.store import cache as store_module

URL = "https://news.example/live/storm"
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BLOG = Blog(URL, "Storm live", "jsonld", live=True)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def entry(n: int, text: str | None = None, **changes: object) -> Entry:
    base = Entry(
        id=f"e{n}",
        published=at(n),
        text=text if text is not None else f"update number {n}",
        body=(Block("p", (Span(text if text is not None else f"update number {n}"),)),),
    )
    return base.with_changes(**changes) if changes else base


def snap(*entries: Entry, removed: tuple[str, ...] = (), hints: Hints | None = None) -> Snapshot:
    return Snapshot(BLOG, tuple(entries), hints=hints or Hints(), removed_ids=removed)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / FILE_NAME


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store(path) as s:
        yield s


class Watcher:
    """Another connection to the file: its ``data_version`` moves whenever anyone commits."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)

    def version(self) -> int:
        value: int = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return value


@pytest.fixture
def watcher(store: Store, path: Path) -> Iterator[Watcher]:
    store.merge("https://elsewhere.example/", snap(entry(0)), fetched_at=T0)  # create the file
    w = Watcher(path)
    yield w
    w.conn.close()


def file_state(path: Path) -> list[tuple[str, int, int]]:
    return sorted(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in path.parent.iterdir()
        if not p.name.endswith("-shm")
    )


# -- round trips ------------------------------------------------------------------------------


def rich_entry() -> Entry:
    image = Media("image", "https://img.example/a.jpg", "A caption")
    return Entry(
        id="post-1",
        published=T0,
        updated=at(5),
        authors=("Ana Writer", "Bo Editor"),
        title="A headline",
        body=(
            Block("h", (Span("Heading"),), level=2),
            Block(
                "p",
                (
                    Span("plain "),
                    Span("link", href="https://example.com/x"),
                    Span("bold", bold=True),
                    Span("italic", italic=True),
                    Span("struck", strike=True),
                    Span("code", code=True),
                    Span("all", href="mailto:a@example.com", bold=True, italic=True, code=True),
                ),
            ),
            Block("ul", items=((Span("one"),), (Span("two "), Span("2", bold=True)))),
            Block("ol", items=((Span("first"),),)),
            Block("quote", (Span("said"), Span("\n"), Span("again"))),
            Block("pre", (Span("x = 1\n  y"),)),
            Block("media", (Span("A caption"),), media=image),
            Block("media", media=Media("tweet", "https://twitter.com/a/status/1")),
            Block("hr"),
        ),
        text="Heading\n\nplain link bold …",
        url="https://news.example/live/storm#post-1",
        links=("https://example.com/x", "mailto:a@example.com"),
        media=(image, Media("video", "https://video.example/v.mp4")),
        pinned=True,
        key_event=True,
        deleted=False,
    )


def test_every_entry_field_round_trips(store: Store) -> None:
    full = rich_entry()
    struck = Entry(id="post-2", published=at(1), text="struck out", deleted=True)
    store.merge(URL, snap(full, struck), fetched_at=T0)

    cached = store.load(URL)
    assert cached is not None
    assert cached.with_bodies
    assert cached.entries == [struck, full]  # newest first

    light = store.load(URL, bodies=False)
    assert light is not None and not light.with_bodies
    assert light.entries == [struck.with_changes(body=()), full.with_changes(body=())]
    assert store.load_body(URL, "post-1") == full.body
    assert store.load_body(URL, "nope") is None
    assert store.load_body("https://other.example/", "post-1") is None


def test_blog_record_round_trips(store: Store) -> None:
    blog = Blog(
        URL,
        "Storm live",
        "guardian",
        live=False,
        coverage_start=T0,
        coverage_end=at(600),
        description="All the news",
    )
    store.merge(URL, Snapshot(blog, (entry(1),)), fetched_at=at(3))
    cached = store.load(URL)
    assert cached is not None
    assert cached.blog == blog
    assert cached.fetched_at == at(3)
    assert cached.key == Store.blog_key(URL)


# -- merge semantics --------------------------------------------------------------------------


def test_new_then_nothing_new(store: Store) -> None:
    changes = store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    assert [e.id for e in changes.new] == ["e2", "e1"]  # newest first
    assert not changes.edited and not changes.removed
    again = store.merge(URL, snap(entry(1), entry(2)), fetched_at=at(1))
    assert not again


def test_edited_entry_replaced_even_without_updated_time(store: Store) -> None:
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    changed = entry(1, "corrected text")
    assert changed.updated is None
    changes = store.merge(URL, snap(changed, entry(2)), fetched_at=at(1))
    assert changes.edited == (changed,)
    assert not changes.new and not changes.removed
    cached = store.load(URL)
    assert cached is not None
    assert cached.entries == [entry(2), changed]
    # with an updated time too
    later = changed.with_changes(text="again", updated=at(9))
    assert store.merge(URL, snap(later), fetched_at=at(2)).edited == (later,)


def test_flag_change_is_an_edit(store: Store) -> None:
    store.merge(URL, snap(entry(1)), fetched_at=T0)
    pinned = entry(1, pinned=True)
    assert store.merge(URL, snap(pinned), fetched_at=at(1)).edited == (pinned,)


def test_missing_from_snapshot_is_not_removal(store: Store) -> None:
    # a page that shows only its latest 3 entries still builds the full history
    for newest in range(3, 10):
        page = [entry(n) for n in range(newest, newest - 3, -1)]
        changes = store.merge(URL, snap(*page), fetched_at=at(newest))
        assert not changes.removed
    cached = store.load(URL)
    assert cached is not None
    assert [e.id for e in cached.entries] == [f"e{n}" for n in range(9, 0, -1)]
    assert not any(e.deleted for e in cached.entries)


def test_removed_ids_mark_known_entries_deleted_keeping_content(store: Store) -> None:
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    changes = store.merge(URL, snap(removed=("e1", "never-seen")), fetched_at=at(1))
    assert changes.removed == (entry(1, deleted=True),)
    assert not changes.new and not changes.edited
    # said again: nothing new to report
    assert not store.merge(URL, snap(removed=("e1",)), fetched_at=at(2))
    cached = store.load(URL)
    assert cached is not None
    assert cached.entries == [entry(2), entry(1, deleted=True)]  # tombstone is not an entry


def test_entry_arriving_deleted_is_removed(store: Store) -> None:
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    struck = entry(1, deleted=True)  # Reddit's "stricken": content still there
    changes = store.merge(URL, snap(struck, entry(2)), fetched_at=at(1))
    assert changes.removed == (struck,)
    assert not changes.edited
    # an empty deleted version keeps the content known before
    empty = Entry(id="e2", deleted=True)
    changes = store.merge(URL, snap(empty), fetched_at=at(2))
    assert changes.removed == (entry(2, deleted=True),)
    cached = store.load(URL)
    assert cached is not None
    assert cached.entries == [entry(2, deleted=True), struck]


def test_tombstones_never_seen_are_not_entries(store: Store) -> None:
    changes = store.merge(
        URL,
        snap(entry(1), Entry(id="ghost", deleted=True), removed=("other-ghost",)),
        fetched_at=T0,
    )
    assert [e.id for e in changes.new] == ["e1"]
    # but a deleted entry whose content is known is an entry (Reddit "stricken")
    struck = entry(2, deleted=True)
    assert store.merge(URL, snap(struck), fetched_at=at(1)).new == (struck,)
    cached = store.load(URL)
    assert cached is not None
    assert [e.id for e in cached.entries] == ["e2", "e1"]


def test_entry_in_snapshot_and_removed_ids_is_deleted(store: Store) -> None:
    store.merge(URL, snap(entry(1)), fetched_at=T0)
    changes = store.merge(URL, snap(entry(1), removed=("e1",)), fetched_at=at(1))
    assert changes.removed == (entry(1, deleted=True),)


def test_duplicate_ids_in_one_snapshot_first_wins(store: Store) -> None:
    changes = store.merge(URL, snap(entry(1), entry(1, "later copy")), fetched_at=T0)
    assert changes.new == (entry(1),)


def test_order_newest_first_ties_in_source_order_undated_last(store: Store) -> None:
    same = at(5)
    entries = [
        Entry(id="undated-a", text="a"),
        entry(1),
        Entry(id="tie-x", published=same, text="x"),
        Entry(id="undated-b", text="b"),
        Entry(id="tie-y", published=same, text="y"),
        entry(9),
    ]
    store.merge(URL, snap(*entries), fetched_at=T0)
    later = [Entry(id="undated-c", text="c"), Entry(id="tie-z", published=same, text="z")]
    store.merge(URL, snap(*later), fetched_at=at(1))
    expected = sort_entries(entries + later)
    assert [e.id for e in expected] == [
        "e9", "tie-x", "tie-y", "tie-z", "e1", "undated-a", "undated-b", "undated-c",
    ]  # fmt: skip
    for bodies in (True, False):
        cached = store.load(URL, bodies=bodies)
        assert cached is not None
        assert [e.id for e in cached.entries] == [e.id for e in expected]


def test_load_limit_keeps_the_newest(store: Store) -> None:
    store.merge(URL, snap(*(entry(n) for n in range(20))), fetched_at=T0)
    store.mark_read(URL, ["e19", "e0"])
    cached = store.load(URL, limit=3, bodies=False)
    assert cached is not None
    assert [e.id for e in cached.entries] == ["e19", "e18", "e17"]
    assert cached.unread_ids == {f"e{n}" for n in range(1, 19)}  # all of them, not just 3


# -- no write when nothing changed ---------------------------------------------------------


def test_no_change_merge_writes_nothing(store: Store, path: Path, watcher: Watcher) -> None:
    store.merge(URL, snap(entry(1), entry(2), hints=Hints(newer="c1")), fetched_at=T0, etag='"v1"')
    before_version, before_files = watcher.version(), file_state(path)
    before_changes = store._conn.total_changes if store._conn else -1

    changes = store.merge(
        URL, snap(entry(2), entry(1), hints=Hints(newer="c1")), fetched_at=at(30), etag='"v1"'
    )
    assert not changes
    assert store._conn is not None and store._conn.total_changes == before_changes
    assert watcher.version() == before_version
    assert file_state(path) == before_files
    cached = store.load(URL)
    assert cached is not None
    assert cached.fetched_at == T0  # documented: the last fetch that changed something
    # and the watcher does see a real change
    store.merge(URL, snap(entry(3)), fetched_at=at(31), etag='"v2"')
    assert watcher.version() != before_version


def test_touch_fetched_writes_only_when_validators_change(store: Store, watcher: Watcher) -> None:
    store.merge(URL, snap(entry(1)), fetched_at=T0, etag='"v1"', last_modified="Mon")
    version = watcher.version()
    store.touch_fetched(URL, at(1), etag='"v1"', last_modified="Mon")
    store.touch_fetched(URL, at(2))  # a 304 that repeats no validator
    assert watcher.version() == version
    cached = store.load(URL)
    assert cached is not None
    assert (cached.validators_etag, cached.fetched_at) == ('"v1"', T0)

    store.touch_fetched(URL, at(3), etag='"v2"')
    assert watcher.version() != version
    cached = store.load(URL)
    assert cached is not None
    assert cached.validators_etag == '"v2"'
    assert cached.validators_last_modified == "Mon"
    assert cached.fetched_at == at(3)
    store.touch_fetched("https://unknown.example/", at(4), etag="x")  # no-op, no error


def test_validators_and_hints_persist(store: Store, path: Path) -> None:
    hints = Hints(newer="abc", older=7, refresh_interval=15, cursors={"extra": "x"})
    store.merge(
        URL,
        snap(entry(1), hints=hints),
        fetched_at=T0,
        etag='W/"e1"',
        last_modified="Tue, 24 Nov 2026 12:00:00 GMT",
    )
    with Store(path) as other:
        cached = other.load(URL)
    assert cached is not None
    assert cached.validators_etag == 'W/"e1"'
    assert cached.validators_last_modified == "Tue, 24 Nov 2026 12:00:00 GMT"
    assert cached.hints == hints

    # new validators alone are a change worth writing, though no entry changed
    changes = store.merge(URL, snap(entry(1), hints=hints), fetched_at=at(1), etag='"e2"')
    assert not changes
    # the snapshot's hints (already merged by the caller) replace the stored ones
    store.merge(URL, snap(entry(1), hints=Hints(newer="def")), fetched_at=at(2), etag='"e2"')
    cached = store.load(URL)
    assert cached is not None
    assert cached.validators_etag == '"e2"' and cached.validators_last_modified is None
    assert cached.hints == Hints(newer="def")
    assert cached.fetched_at == at(2)


def test_damaged_hints_in_the_file_read_as_none(store: Store, path: Path) -> None:
    store.merge(URL, snap(entry(1), hints=Hints(newer="abc")), fetched_at=T0)
    with sqlite3.connect(path) as conn:
        conn.execute("""UPDATE blogs SET hints = '{"newer": [1], "older": "o"}'""")
    conn.close()
    cached = store.load(URL)
    assert cached is not None and cached.hints == Hints(older="o")


# -- read state -------------------------------------------------------------------------------


def test_new_entries_unread_until_marked_read(store: Store) -> None:
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    cached = store.load(URL)
    assert cached is not None and cached.unread_ids == {"e1", "e2"}
    store.mark_read(URL, ["e1", "not-an-entry"])
    store.mark_read(URL, [])
    store.merge(URL, snap(entry(1, "edited"), entry(3)), fetched_at=at(1))
    cached = store.load(URL)
    assert cached is not None
    assert cached.unread_ids == {"e2", "e3"}  # an edit keeps the read state

    store.merge(URL, snap(entry(4)), fetched_at=at(2), mark_unread=False)
    cached = store.load(URL)
    assert cached is not None and "e4" not in cached.unread_ids


def test_mark_read_writes_only_when_something_was_unread(store: Store, watcher: Watcher) -> None:
    store.merge(URL, snap(entry(1)), fetched_at=T0)
    store.mark_read(URL, ["e1"])
    version = watcher.version()
    store.mark_read(URL, ["e1"])
    assert watcher.version() == version
    store.merge(URL, snap(entry(2)), fetched_at=T0)
    store.mark_read(URL, ["e1", "e2"])
    assert watcher.version() != version


# -- list, clear, keys, files -----------------------------------------------------------------


def test_list_and_clear(store: Store) -> None:
    assert store.list_blogs() == []
    other = "https://other.example/live"
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    store.merge(other, Snapshot(Blog(other, "Other", "feed"), (entry(1),)), fetched_at=at(5))
    infos = store.list_blogs()
    assert [(i.url, i.title, i.source, i.entries, i.fetched_at) for i in infos] == [
        (other, "Other", "feed", 1, at(5)),
        (URL, "Storm live", "jsonld", 2, T0),
    ]
    assert infos[1].key == Store.blog_key(URL)
    assert store.clear() == 2
    assert store.list_blogs() == []
    assert store.load(URL) is None
    assert store.merge(URL, snap(entry(1)), fetched_at=at(9)).new == (entry(1),)


def test_when_each_blog_was_last_opened(store: Store, path: Path) -> None:
    other = "https://other.example/live"
    never = "https://never.example/live"
    assert store.last_opened([URL]) == {}  # (no file yet)
    store.mark_opened(URL, T0)  # not cached: nothing is added
    assert not path.exists()
    store.merge(URL, snap(entry(1)), fetched_at=T0)
    store.merge(other, Snapshot(Blog(other, "Other", "feed"), (entry(1),)), fetched_at=T0)
    assert store.last_opened([URL, other, never]) == {}
    store.mark_opened(URL, at(5))
    store.mark_opened(other, at(3))
    store.mark_opened("HTTPS://News.Example/live/storm#now", at(7))  # the same blog
    store.mark_opened(never, at(9))
    assert store.last_opened([URL, other, never]) == {URL: at(7), other: at(3)}
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=at(8))  # a refresh keeps it
    with Store(path) as again:
        assert again.last_opened([other, URL]) == {URL: at(7), other: at(3)}


def test_same_page_again_after_clear_is_stored_whole(store: Store) -> None:
    page = snap(rich_entry(), entry(1))
    store.merge(URL, page, fetched_at=T0)
    store.clear()
    # equal entries, new objects: as a fresh parse of the same page would give
    again = snap(rich_entry(), entry(1))
    assert len(store.merge(URL, again, fetched_at=at(1)).new) == 2
    cached = store.load(URL)
    assert cached is not None and cached.entries == [entry(1), rich_entry()]
    # and an edit is still seen after equal pages
    edited = entry(1, "edited")
    assert store.merge(URL, snap(rich_entry(), edited), fetched_at=at(2)).edited == (edited,)


def test_nothing_created_until_written(path: Path) -> None:
    with Store(path) as store:
        assert not path.parent.exists()
        assert store.load(URL) is None
        assert store.list_blogs() == []
        assert store.clear() == 0
        store.mark_read(URL, ["e1"])
        store.touch_fetched(URL, T0, etag="x")
        assert not path.parent.exists()
        store.merge(URL, snap(entry(1)), fetched_at=T0)
        assert path.exists()


def test_default_path_is_the_user_cache_dir(_sandbox_dirs: Path) -> None:
    with Store() as store:
        assert store.path == _sandbox_dirs / "cache" / "tui-liveblog" / FILE_NAME


def test_keys_are_hashes_of_the_normalized_url(store: Store, path: Path) -> None:
    key = Store.blog_key(URL)
    assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)
    for same in (
        "HTTPS://News.Example/live/storm",
        "https://news.example:443/live/storm#post-3",
        f"  {URL}  ",
    ):
        assert Store.blog_key(same) == key
    assert Store.blog_key("https://news.example/live/Storm") != key
    assert Store.blog_key("https://news.example/live/storm?page=2") != key
    assert normalize_url("http://Example.com") == "http://example.com/"
    assert normalize_url("http://example.com:8080/a") == "http://example.com:8080/a"
    assert normalize_url("demo:selene") == "demo:selene"

    store.merge("HTTPS://News.Example/live/storm#x", snap(entry(1)), fetched_at=T0)
    assert store.load(URL) is not None
    names = " ".join(p.name for p in path.parent.iterdir())
    assert "news" not in names and "storm" not in names
    assert {p.name for p in path.parent.iterdir()} <= {
        FILE_NAME,
        f"{FILE_NAME}-wal",
        f"{FILE_NAME}-shm",
    }


# -- damaged, foreign, too new, unusable --------------------------------------------------


def set_aside_files(path: Path, kind: str) -> list[Path]:
    return sorted(p for p in path.parent.glob(f"{path.name}.{kind}-*") if "-wal" not in p.name)


def test_garbage_file_is_set_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage\xff" * 500)
    with Store(path) as store:
        assert len(store.warnings) == 1 and "set aside" in store.warnings[0]
        assert store.load(URL) is None
        assert store.merge(URL, snap(entry(1)), fetched_at=T0).new == (entry(1),)
    [aside] = set_aside_files(path, "corrupt")
    assert aside.read_bytes() == b"\x00garbage\xff" * 500


def make_big_cache(path: Path) -> None:
    with Store(path) as store:
        entries = [entry(n, f"entry {n} " * 80) for n in range(400)]
        store.merge(URL, snap(*entries), fetched_at=T0)


def test_truncated_file_is_set_aside(path: Path) -> None:
    make_big_cache(path)
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)
    with Store(path) as store:
        assert store.load(URL) is None
        assert any("set aside" in w for w in store.warnings)
        assert store.merge(URL, snap(entry(1)), fetched_at=T0).new == (entry(1),)
    assert set_aside_files(path, "corrupt")


def test_damage_found_after_opening_is_set_aside(path: Path) -> None:
    make_big_cache(path)
    with Store(path) as store:  # opened fine: page 1 and the schema are intact
        assert not store.warnings
        size = path.stat().st_size
        with path.open("r+b") as f:  # then the entries' pages are damaged
            f.seek(size // 4)
            f.write(os.urandom(size // 2))
        assert store.load(URL) is None
        assert store.warnings and "damaged" in store.warnings[0]
        assert store.merge(URL, snap(entry(1)), fetched_at=T0).new == (entry(1),)
        cached = store.load(URL)
        assert cached is not None and [e.id for e in cached.entries] == ["e1"]
    assert set_aside_files(path, "corrupt")


def test_too_new_schema_is_set_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with Store(path) as store:
        assert store.warnings and "newer" in store.warnings[0]
        assert store.merge(URL, snap(entry(1)), fetched_at=T0).new == (entry(1),)
    [aside] = set_aside_files(path, "too-new")
    with sqlite3.connect(aside) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_foreign_sqlite_file_is_set_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE somebody_elses (x)")
    conn.close()
    with Store(path) as store:
        assert store.warnings
        assert store.load(URL) is None
    assert set_aside_files(path, "corrupt")


def test_a_schema_1_file_missing_its_tables_is_set_aside_not_upgraded(path: Path) -> None:
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE blogs (id INTEGER PRIMARY KEY)")
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store(path) as store:
        assert store.warnings
        store.merge(URL, snap(entry(1)), fetched_at=T0)
        cached = store.load(URL)
        assert cached is not None and [e.id for e in cached.entries] == ["e1"]
    assert set_aside_files(path, "corrupt")


def test_unwritable_cache_dir_is_one_line_cache_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    with pytest.raises(CacheError) as err:
        Store(blocker / "tui-liveblog" / FILE_NAME)
    assert "\n" not in str(err.value) and "cannot be created" in str(err.value)


def test_locked_for_too_long_is_a_cache_error(
    store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.merge(URL, snap(entry(1)), fetched_at=T0)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.05)
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        with Store(path) as other:
            # readers are not blocked by a writer (WAL)
            cached = other.load(URL)
            assert cached is not None and len(cached.entries) == 1
            with pytest.raises(CacheError) as err:
                other.merge(URL, snap(entry(2)), fetched_at=T0)
            assert "locked" in str(err.value) and "\n" not in str(err.value)
        blocker.execute("ROLLBACK")
    finally:
        blocker.close()
    assert store.merge(URL, snap(entry(2)), fetched_at=T0).new == (entry(2),)


# -- two processes' worth of stores on one file -----------------------------------------------


def test_two_stores_share_one_file(path: Path) -> None:
    with Store(path) as reader, Store(path) as follower:
        follower.merge(URL, snap(entry(1), entry(2)), fetched_at=T0, etag='"a"')
        cached = reader.load(URL)
        assert cached is not None and [e.id for e in cached.entries] == ["e2", "e1"]

        reader.mark_read(URL, ["e2"])
        cached = follower.load(URL)
        assert cached is not None
        assert cached.unread_ids == {"e1"}

        # both fetch the same new page: only the first to merge reports it
        page = snap(entry(3), entry(2))
        assert follower.merge(URL, page, fetched_at=at(2), etag='"b"').new == (entry(3),)
        assert not reader.merge(URL, page, fetched_at=at(2), etag='"b"')
        assert reader.list_blogs()[0].entries == 3


def test_record_times_fast_path_matches_parse_iso() -> None:
    from tui_liveblog.serialize import entry_from_record

    canonical = entry_from_record({"id": "a", "published": "2026-11-24T12:00:00+00:00"})
    assert canonical.published == T0
    other = entry_from_record({"id": "b", "published": "2026-11-24T17:00:00+05:00"})
    assert other.published == T0 and other.published.tzinfo == UTC
    assert (
        entry_from_record({"id": "c", "published": "1900-01-01T00:00:00+00:00"}).published is None
    )


def test_a_body_is_read_while_a_merge_holds_the_cache(store: Store) -> None:
    """The reader asks for a body when an entry is shown: it reads the last committed state on
    a connection of its own, and does not wait for a merge running in another thread."""
    import threading

    full = rich_entry()
    store.merge(URL, snap(full), fetched_at=T0)
    merging, release = threading.Event(), threading.Event()

    def long_merge() -> None:
        with store._lock:  # what a merge holds from its start to its commit
            merging.set()
            release.wait(30)

    merger = threading.Thread(target=long_merge)
    merger.start()
    assert merging.wait(5)
    got: list[object] = []
    reader = threading.Thread(target=lambda: got.append(store.load_body(URL, "post-1")))
    reader.start()
    reader.join(10)  # (a bound on a hang, not a timing: the merge holds on until released)
    finished = not reader.is_alive()
    release.set()
    merger.join()
    reader.join()
    assert finished, "load_body waited for the merge"
    assert got == [full.body]
    store.close()  # the read-only connection goes too, and the store reopens as before
    assert store.load_body(URL, "post-1") == full.body


# -- schema 3: the reader's state per blog, and its settings ------------------------------------


def test_reader_state_is_kept_per_blog_and_merged(store: Store) -> None:
    other = "https://news.example/live/other"
    assert store.reader_state(URL) == {}
    store.save_reader_state(URL, place="e1")  # not cached yet: nothing kept
    assert store.reader_state(URL) == {}
    store.merge(URL, snap(entry(1)), fetched_at=T0)
    store.merge(other, snap(entry(2)), fetched_at=T0)
    store.save_reader_state(URL, place={"id": "e1", "row": 4}, filter="regatta")
    store.save_reader_state(URL, filter=None, view="compact")  # None forgets a name
    assert store.reader_state(URL) == {"place": {"id": "e1", "row": 4}, "view": "compact"}
    assert store.reader_state(other) == {}
    assert store.clear() == 2
    assert store.reader_state(URL) == {}


def test_settings_round_trip_and_a_damaged_value_reads_as_none(store: Store, path: Path) -> None:
    assert store.setting("filter_history") is None
    store.save_setting("filter_history", ["regatta", "by:ann"])
    assert store.setting("filter_history") == ["regatta", "by:ann"]
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE settings SET value = x'7b7b' WHERE name = 'filter_history'")
        conn.execute("INSERT INTO reader_state (blog, state) VALUES (99, x'5b')")
    conn.close()
    assert store.setting("filter_history") is None
    store.save_setting("filter_history", None)
    assert store.setting("filter_history") is None


def test_a_schema_2_file_gains_the_new_tables_and_keeps_its_entries(path: Path) -> None:
    with Store(path) as store:
        store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    with sqlite3.connect(path) as conn:  # as version 2 left it
        conn.execute("DROP TABLE reader_state")
        conn.execute("DROP TABLE settings")
        conn.execute("DROP TABLE versions")
        conn.execute("ALTER TABLE entries DROP COLUMN requested")
        conn.execute("PRAGMA user_version = 2")
    conn.close()
    with Store(path) as store:
        assert not store.warnings
        cached = store.load(URL)
        assert cached is not None and [e.id for e in cached.entries] == ["e2", "e1"]
        store.save_reader_state(URL, place="e2")
        assert store.reader_state(URL) == {"place": "e2"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    conn.close()
    assert not set_aside_files(path, "old") and not set_aside_files(path, "corrupt")


# -- schema 4: the versions of edited entries (issue 16 (3)) ------------------------------------


def test_an_edit_keeps_the_previous_version(store: Store, path: Path) -> None:
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    assert store.versions(URL, "e1") == [
        Version(None, None, "update number 1", published=at(1))
    ]  # never edited: the current version alone
    edited = entry(1, "update number one, corrected", updated=at(5), title="Fixed")
    assert store.merge(URL, snap(edited, entry(2)), fetched_at=at(6)).edited == (edited,)
    assert store.versions(URL, "e1") == [
        Version(None, None, "update number 1", published=at(1), replaced=at(6)),
        Version(at(5), "Fixed", "update number one, corrected", published=at(1)),
    ]
    assert store.versions(URL, "e2") == [Version(None, None, "update number 2", published=at(2))]
    assert store.versions(URL, "nope") == [] and store.versions("https://x.example/", "e1") == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 1
    conn.close()


def test_twice_edited_has_three_versions_oldest_first(store: Store) -> None:
    store.merge(URL, snap(entry(1, "first")), fetched_at=T0)
    store.merge(URL, snap(entry(1, "second", updated=at(3))), fetched_at=at(4))
    store.merge(URL, snap(entry(1, "third", updated=at(7))), fetched_at=at(8))
    versions = store.versions(URL, "e1")
    assert [(v.text, v.updated, v.replaced) for v in versions] == [
        ("first", None, at(4)),
        ("second", at(3), at(8)),
        ("third", at(7), None),
    ]
    assert store.edited_versions(URL) == {"e1": versions}


def test_an_unchanged_merge_or_an_edit_of_no_title_or_text_keeps_no_version(
    store: Store, path: Path
) -> None:
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
    assert not store.merge(URL, snap(entry(1), entry(2)), fetched_at=at(1))
    linked = entry(2, links=("https://news.example/more",))
    assert store.merge(URL, snap(entry(1), linked), fetched_at=at(2)).edited == (linked,)
    assert len(store.versions(URL, "e2")) == 1  # a link added: nothing a version shows
    store.merge(URL, snap(entry(2, links=linked.links), removed=("e1",)), fetched_at=at(3))
    assert len(store.versions(URL, "e1")) == 1
    assert store.edited_versions(URL) == {}
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 0
    conn.close()


def test_clear_forgets_the_versions(store: Store, path: Path) -> None:
    store.merge(URL, snap(entry(1, "first")), fetched_at=T0)
    store.merge(URL, snap(entry(1, "second")), fetched_at=at(1))
    assert store.clear() == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 0
    conn.close()


def test_a_schema_3_file_gains_the_versions_table_and_keeps_its_entries(path: Path) -> None:
    with Store(path) as store:
        store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0)
        store.save_reader_state(URL, place="e2")
    with sqlite3.connect(path) as conn:  # as version 3 left it
        conn.execute("DROP TABLE versions")
        conn.execute("ALTER TABLE entries DROP COLUMN requested")
        conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Store(path) as store:
        assert not store.warnings
        cached = store.load(URL)
        assert cached is not None and [e.id for e in cached.entries] == ["e2", "e1"]
        assert store.reader_state(URL) == {"place": "e2"}
        assert len(store.versions(URL, "e1")) == 1
        store.merge(URL, snap(entry(1, "corrected"), entry(2)), fetched_at=at(5))
        assert [v.text for v in store.versions(URL, "e1")] == ["update number 1", "corrected"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    conn.close()
    assert not set_aside_files(path, "old") and not set_aside_files(path, "corrupt")


# -- schema 5: when the request that brought each entry's version was sent (issue 18) ------------


def test_a_late_answer_does_not_undo_a_later_one(store: Store) -> None:
    """Two processes share the file: the answer to the earlier request, merged last, leaves the
    entries a later request brought as they are (not written, not reported); its new entries
    are new all the same."""
    store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0, requested=100.0)
    later = store.merge(
        URL, snap(entry(1, "corrected"), entry(2)), fetched_at=at(1), requested=102.0
    )
    assert [e.text for e in later.edited] == ["corrected"]
    late = store.merge(
        URL, snap(entry(1), entry(2, "also corrected"), entry(3)), fetched_at=at(2), requested=101.0
    )
    # e1: a later request brought its version; e2: its version came with an earlier one
    assert [e.id for e in late.new] == ["e3"] and [e.id for e in late.edited] == ["e2"]
    cached = store.load(URL)
    assert cached is not None
    assert {e.id: e.text for e in cached.entries} == {
        "e1": "corrected",
        "e2": "also corrected",
        "e3": "update number 3",
    }
    assert [v.text for v in store.versions(URL, "e1")] == ["update number 1", "corrected"]
    # an answer to a later request still replaces it; one with no known time always does
    assert store.merge(URL, snap(entry(1, "third")), fetched_at=at(3), requested=103.0).edited
    assert store.merge(URL, snap(entry(1, "fourth")), fetched_at=at(4)).edited


def test_a_schema_4_file_gains_the_request_times_and_keeps_its_entries(path: Path) -> None:
    with Store(path) as store:
        store.merge(URL, snap(entry(1), entry(2)), fetched_at=T0, requested=100.0)
        store.merge(URL, snap(entry(1, "corrected")), fetched_at=at(1), requested=101.0)
    with sqlite3.connect(path) as conn:  # as version 4 left it
        conn.execute("ALTER TABLE entries DROP COLUMN requested")
        conn.execute("PRAGMA user_version = 4")
    conn.close()
    with Store(path) as store:
        assert not store.warnings
        cached = store.load(URL)
        assert cached is not None and [e.text for e in cached.entries] == [
            "update number 2",
            "corrected",
        ]
        assert [v.text for v in store.versions(URL, "e1")] == ["update number 1", "corrected"]
        # no request time known: any answer replaces the entry, and then has its time
        assert store.merge(URL, snap(entry(1, "again")), fetched_at=at(2), requested=50.0)
        assert not store.merge(URL, snap(entry(1, "stale")), fetched_at=at(3), requested=40.0)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    conn.close()
    assert not set_aside_files(path, "old") and not set_aside_files(path, "corrupt")


def test_a_schema_3_file_missing_its_tables_is_set_aside(path: Path) -> None:
    with Store(path) as store:
        store.merge(URL, snap(entry(1)), fetched_at=T0)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE versions")
        conn.execute("DROP TABLE settings")
        conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Store(path) as store:
        assert store.warnings
    assert set_aside_files(path, "corrupt")
