"""Entries read back from the cache share what repeats (author lists, media kinds) and are
otherwise equal to what was written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui_liveblog.model import Blog, Entry, Media, Snapshot
from tui_liveblog.serialize import entry_from_record, entry_to_record
from tui_liveblog.store import Store

T0 = datetime(2040, 6, 12, 12, tzinfo=UTC)
URL = "https://news.example/live/sharing"


def entries(count: int) -> list[Entry]:
    authors = (("Ada Quill",), ("Ada Quill", "Bo Lin"), ())
    return [
        Entry(
            id=f"e{n}",
            published=T0 - timedelta(minutes=n),
            authors=authors[n % 3],
            text=f"Update {n}.",
            media=(Media("image" if n % 2 else "video", f"https://img.example/{n}.jpg"),),
        )
        for n in range(count)
    ]


def test_a_load_shares_author_lists_and_media_kinds(tmp_path: Path) -> None:
    written = entries(30)
    with Store(tmp_path / "cache.sqlite3") as store:
        store.merge(URL, Snapshot(Blog(URL, "Sharing", "jsonld"), tuple(written)), fetched_at=T0)
        for bodies in (False, True):
            cached = store.load(URL, bodies=bodies)
            assert cached is not None
            loaded = cached.entries
            assert loaded == written  # equal, field by field
            ada = [e.authors for e in loaded if e.authors == ("Ada Quill",)]
            assert len(ada) == 10 and all(a is ada[0] for a in ada)
            kinds = {id(e.media[0].kind) for e in loaded}
            assert len(kinds) == 2


def test_a_record_with_an_unknown_media_kind_reads_as_an_embed() -> None:
    rec = entry_to_record(entries(1)[0])
    rec["media"] = [{"kind": "hologram", "url": "https://img.example/h"}, {"url": "https://x/y"}]
    rec["authors"] = ["Ada Quill"]
    entry = entry_from_record(rec)
    assert [m.kind for m in entry.media] == ["embed", "embed"]
    assert entry.authors == ("Ada Quill",)


def test_a_damaged_author_list_is_read_as_it_is() -> None:
    rec = entry_to_record(entries(1)[0])
    rec["authors"] = [["not", "a", "name"]]
    assert entry_from_record(rec).authors == (["not", "a", "name"],)  # type: ignore[comparison-overlap]
