"""Property: merging any sequence of snapshots in memory (``merge_known``) and into the cache
(``Store.merge`` then ``Store.load``) reports the same changes at every step and ends with the
same entries. Ids come from a small pool so that adds, edits, re-sends, deletions (with content
and empty), removed ids and ids listed twice in one snapshot all collide."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_liveblog.follow import merge_known
from tui_liveblog.model import Block, Blog, Entry, Media, Snapshot, Span, sort_entries
from tui_liveblog.store import Store

URL = "https://news.example/live/property"
BLOG = Blog(URL, "Property live", "jsonld")
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
IDS = ("a", "b", "c", "d", "e")
# whole seconds (the cache orders by epoch seconds), with ties, and undated entries
TIMES = (None, T0, T0 + timedelta(minutes=1), T0 + timedelta(minutes=2))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    text = draw(st.sampled_from(("", "first words", "second words")))
    return Entry(
        id=draw(st.sampled_from(IDS)),
        published=draw(st.sampled_from(TIMES)),
        title=draw(st.sampled_from((None, None, "A headline"))),
        text=text,
        body=(Block("p", (Span(text),)),) if text and draw(st.booleans()) else (),
        media=draw(st.sampled_from(((), (), (Media("image", "https://img.example/1.jpg"),)))),
        pinned=draw(st.booleans()),
        # often deleted, so that deleted-and-empty entries come up
        deleted=draw(st.sampled_from((False, False, True))),
    )


snapshots = st.builds(
    lambda items, removed: Snapshot(BLOG, tuple(items), removed_ids=tuple(removed)),
    st.lists(entries(), max_size=6),
    st.lists(st.sampled_from((*IDS, "never")), max_size=3),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(snapshots, min_size=1, max_size=6))
def test_memory_and_cache_merge_alike(sequence: list[Snapshot]) -> None:
    known: dict[str, Entry] = {}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "cache.sqlite3") as store:
        ids: set[str] = set()
        for step, snapshot in enumerate(sequence):
            in_memory = merge_known(known, snapshot)
            cached = store.merge(URL, snapshot, fetched_at=T0 + timedelta(minutes=step))
            assert in_memory == cached, f"step {step}"
            loaded = store.load(URL)
            now = [] if loaded is None else loaded.entries
            assert sort_entries(known.values()) == now, f"step {step}"
            # what the rule promises whatever the path
            assert all(e.deleted for e in in_memory.removed)
            assert not {e.id for e in in_memory.new} & ids  # new means never seen
            assert ids <= {e.id for e in now}  # nothing known is ever dropped
            ids = {e.id for e in now}
