"""Cache timings: load and merge at 10k / 50k entries with realistic bodies, printed as a table.

    python benchmarks/store_bench.py [--entries 10000 50000] [--repeat R]

Each entry has a ~900-character text, a five-block body (paragraphs with a link and bold text,
an image with a caption, a two-item list), one author, one link, one image; a third have a
title. The blog is written as one first snapshot (newest first, as pages list them).

Figures (median / worst over the repeats, milliseconds, warm OS page cache, a fresh ``Store``
each time so the SQLite page cache is cold):
- load light: ``load(url, bodies=False)`` (what the reader's timeline needs);
- load light, newest 200: ``load(url, bodies=False, limit=200)`` (a first screen);
- load full: ``load(url)`` with every structured body;
- load_body: one body, for the detail pane;
- merge N new: a poll's page (the N new entries and the 20 newest known ones) into the blog;
- merge no change: the same page again (reads only, no write);
- merge no change, 5000-entry page: a page that lists 5,000 entries, none changed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui_liveblog.model import Block, Blog, Entry, Media, Snapshot, Span
from tui_liveblog.serialize import entry_from_record, entry_to_record
from tui_liveblog.store import Store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
URL = "https://news.example/live/2026/nov/24/storm-live"
BLOG = Blog(URL, "Storm live", "jsonld", live=True)
WORDS = [
    *("minister", "said", "the", "council", "would", "meet", "again", "tomorrow", "after"),
    *("rescue", "teams", "reached", "the", "flooded", "valley", "where", "residents"),
    *("reported", "power", "cuts", "and", "closed", "roads", "across", "the", "region"),
]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_entry(rng: random.Random, n: int, when: datetime) -> Entry:
    link = f"https://news.example/story/{n}"
    image = Media("image", f"https://img.news.example/{n}.jpg", "A flooded road")
    body = (
        Block("p", (Span(_words(rng, 30)), Span("the report", href=link), Span(_words(rng, 20)))),
        Block("p", (Span(_words(rng, 40), bold=n % 2 == 0),)),
        Block("media", (Span("A flooded road"),), media=image),
        Block("ul", items=((Span(_words(rng, 8)),), (Span(_words(rng, 8)),))),
        Block("p", (Span(_words(rng, 25)),)),
    )
    text = " ".join(s.text for b in body for s in b.spans)
    return Entry(
        id=f"post-{n}",
        published=when,
        authors=("Jane Reporter",),
        title=_words(rng, 6) if n % 3 == 0 else None,
        body=body,
        text=text,
        url=f"{URL}#post-{n}",
        links=(link,),
        media=(image,),
        key_event=n % 50 == 0,
    )


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def bench(count: int, repeat: int, root: Path) -> list[tuple[str, float, float]]:
    rng = random.Random(count)
    path = root / f"bench-{count}.sqlite3"
    entries = [make_entry(rng, n, NOW - timedelta(seconds=30 * n)) for n in range(count)]
    rows: list[tuple[str, float, float]] = []
    with Store(path) as store:
        start = time.perf_counter()
        store.merge(URL, Snapshot(BLOG, tuple(entries)), fetched_at=NOW)
        rows.append((f"first merge of {count}", (time.perf_counter() - start) * 1000, 0.0))

    def fresh(fn: Callable[[Store], object]) -> Callable[[], object]:
        def run() -> object:
            with Store(path) as s:
                return fn(s)

        return run

    rows.append(("load light", *timed(fresh(lambda s: s.load(URL, bodies=False)), repeat)))
    rows.append(
        (
            "load light, newest 200",
            *timed(fresh(lambda s: s.load(URL, bodies=False, limit=200)), repeat),
        )
    )
    rows.append(("load full", *timed(fresh(lambda s: s.load(URL)), repeat)))
    with Store(path) as store:
        ids = [f"post-{rng.randrange(count)}" for _ in range(repeat)]
        it = iter(ids)
        rows.append(("load_body", *timed(lambda: store.load_body(URL, next(it)), repeat)))
        page = entries[:20]
        serial = count
        for n_new in (1, 10, 50):
            times = []
            for _ in range(repeat):
                new = [
                    make_entry(rng, serial + i, NOW + timedelta(seconds=serial + i))
                    for i in range(n_new)
                ]
                serial += n_new
                snap = Snapshot(BLOG, (*reversed(new), *page))
                start = time.perf_counter()
                changes = store.merge(URL, snap, fetched_at=NOW)
                times.append((time.perf_counter() - start) * 1000)
                assert len(changes.new) == n_new
                page = [*reversed(new), *page][:20]
            rows.append((f"merge {n_new} new", statistics.median(times), max(times)))
        snap = Snapshot(BLOG, tuple(page))
        rows.append(
            ("merge no change", *timed(lambda: store.merge(URL, snap, fetched_at=NOW), repeat))
        )
        # a page that carries its whole history (JSON-LD), parsed afresh on every poll: equal
        # entries, but new objects each time
        pages = iter(
            [
                Snapshot(BLOG, tuple(entry_from_record(entry_to_record(e)) for e in entries[:5000]))
                for _ in range(repeat + 1)
            ]
        )
        store.merge(URL, next(pages), fetched_at=NOW)
        rows.append(
            (
                "merge no change, 5000-entry page",
                *timed(lambda: store.merge(URL, next(pages), fetched_at=NOW), repeat),
            )
        )
    size = sum(p.stat().st_size for p in root.glob(f"bench-{count}.sqlite3*"))
    rows.append((f"file size (MB) at {count}", size / 1e6, 0.0))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.entries:
            print(f"\n{count:,} entries{'':26}median      worst")
            for name, median, worst in bench(count, args.repeat, Path(tmp)):
                tail = f"{worst:9.1f}" if worst else ""
                print(f"  {name:34}{median:9.1f}  {tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
