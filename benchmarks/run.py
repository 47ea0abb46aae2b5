"""Measured figures against DESIGN.md's performance targets, printed as one table.

    python benchmarks/run.py [--quick] [--only SECTION ...] [--repeat N] [--strict]

Every figure is measured on this machine when the script runs; nothing is copied from earlier
runs. Sections (``--only`` takes their names):

- ``parse``: ``sources.parse`` on a synthetic 5,000-entry JSON-LD page and 5,000-item RSS feed
  (benchmarks/parse_bench.py: corpus-shaped bodies with paragraphs, entities and inline HTML),
  and on the 428-entry corpus page, read in place when /work/shared is there;
- ``sources``: each API format's corpus sample, a 10,000-post page read by the plain-HTML
  extractor, and following a 5,000-update Reddit-shaped thread when one update arrives:
  incremental poll against a full read (benchmarks/sources_bench.py);
- ``store``: cache load at 10k entries, merging 1–50 new entries into a 50k blog
  (benchmarks/store_bench.py);
- ``refresh``: "refresh when nothing changed" against a 127.0.0.1 server that answers
  conditional requests: requests counted, 304 seen, SQLite ``total_changes`` and
  ``data_version`` unchanged;
- ``memory``: resident set size of a fresh process running the reader app on a 50k-entry cache
  (benchmarks/reader_bench.py), and of one that only loads the cache (Textual imported);
- ``timeline``: the timeline widget's live prepend and page down at 50k entries
  (benchmarks/timeline_bench.py);
- ``reader``: the reader app's own figures: first screen in tmux (benchmarks/first_paint.py);
  filter keystroke, opening a 3,000-character entry and a refresh that brings nothing, on the
  real app headless at 50k entries (benchmarks/reader_bench.py says what each includes), and
  keys pressed while a refresh merges 5,000 new entries (no stalls).

Adding a figure: write a function ``(Options) -> list[Row]`` and list it, with the figures it
reports and their targets, in :data:`SECTIONS`. When the code it measures is not there yet it
raises :class:`NotMeasured`, and its declared rows print as "not measured yet".

A row is OK when the median (or the single figure) meets the target; ``--strict`` makes the
exit status 1 when any measured row misses its target.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the sibling benchmark modules, when run from elsewhere
    sys.path.insert(0, str(HERE))


# -- rows and sections ------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    figure: str
    measured: str
    target: str
    ok: bool | None  # None: informational, or not measured
    note: str = ""


class NotMeasured(Exception):
    """The code this figure measures is not there yet (or cannot run here)."""


@dataclass(slots=True)
class Options:
    repeat: int
    quick: bool
    tmp: Path
    cache: dict[str, object] = field(default_factory=dict)  # shared fixtures (a 50k store…)


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    figures: tuple[tuple[str, str], ...]  # (figure, target): shown even when it cannot run
    run: Callable[[Options], list[Row]]


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def spread(samples: list[float]) -> str:
    return f"median {ms(statistics.median(samples))}, worst {ms(max(samples))} (n={len(samples)})"


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


# -- parse ------------------------------------------------------------------------------------


def parse_rows(opts: Options) -> list[Row]:
    import parse_bench as pb

    rows = []
    repeat = max(opts.repeat, 5)
    page = pb.jsonld_page(5000)
    median, _worst, n, samples = pb.time_parse(page, pb.PAGE_URL, repeat)
    assert n == 5000, n
    rows.append(
        Row(
            "parse 5,000-entry JSON-LD page",
            spread(samples),
            "< 50 ms",
            median < 50,
            f"{len(page) / 1e6:.1f} MB, corpus-shaped updates",
        )
    )
    feed = pb.rss_feed(5000)
    median, _worst, n, samples = pb.time_parse(feed, pb.FEED_URL, repeat)
    assert n == 5000, n
    rows.append(
        Row(
            "parse 5,000-item RSS feed",
            spread(samples),
            "< 150 ms",
            median < 150,
            f"{len(feed) / 1e6:.1f} MB, HTML descriptions",
        )
    )
    if pb.CORPUS_PAGE.exists():
        data = pb.CORPUS_PAGE.read_bytes()
        _m, _w, n, samples = pb.time_parse(data, "https://www.mirror.co.uk/news/live", repeat)
        rows.append(
            Row(
                f"parse corpus JSON-LD page ({n} entries)",
                spread(samples),
                "(5k page < 50 ms)",
                None,
                f"{pb.CORPUS_PAGE.name}, {len(data) / 1e6:.1f} MB",
            )
        )
    else:
        rows.append(
            Row(
                "parse corpus JSON-LD page (428 entries)",
                "skipped",
                "(5k page < 50 ms)",
                None,
                f"{pb.CORPUS_PAGE} not present",
            )
        )
    return rows


# -- store ------------------------------------------------------------------------------------


def store_rows(opts: Options) -> list[Row]:
    import store_bench

    repeat = max(opts.repeat, 3)
    rows = []
    small = dict(
        (name, (median, worst))
        for name, median, worst in store_bench.bench(10_000, repeat, opts.tmp / "store10k")
    )
    for name, label in (
        ("load light", "store load, 10k entries, no bodies (timeline)"),
        ("load full", "store load, 10k entries with bodies"),
    ):
        median, worst = small[name]
        rows.append(
            Row(
                label,
                f"median {ms(median)}, worst {ms(worst)} (n={repeat})",
                "(in the < 200 ms first screen)",
                None,
            )
        )
    if opts.quick:
        rows.append(Row("merge 1–50 new entries into a 50k blog", "skipped (--quick)", "—", None))
        return rows
    big = {
        name: (median, worst)
        for name, median, worst in store_bench.bench(50_000, repeat, opts.tmp / "store50k")
    }
    merges = [(n, big[f"merge {n} new"]) for n in (1, 10, 50)]
    rows.append(
        Row(
            "merge 1–50 new entries into a 50k blog",
            ", ".join(f"{n}: {ms(m)}" for n, (m, _w) in merges)
            + f" (worst {ms(max(w for _n, (_m, w) in merges))})",
            "(a poll's share; prepend < 16 ms)",
            None,
            "one transaction each",
        )
    )
    median, worst = big["merge no change, 5000-entry page"]
    rows.append(
        Row(
            "merge a 5,000-entry page, nothing changed",
            f"median {ms(median)}, worst {ms(worst)} (n={repeat})",
            "(no DB write)",
            None,
        )
    )
    return rows


# -- refresh when nothing changed -------------------------------------------------------------


def refresh_rows(opts: Options) -> list[Row]:
    import parse_bench as pb

    from tui_liveblog.fetch import Fetcher
    from tui_liveblog.follow import BlogFeed
    from tui_liveblog.store import Store

    path = opts.tmp / "refresh" / "cache.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)

    def wal_state() -> tuple[int, ...]:
        return tuple(
            p.stat().st_size if p.exists() else -1
            for p in (path, path.with_name(path.name + "-wal"))
        )

    async def scenario(server: Any) -> dict[str, object]:
        out: dict[str, object] = {}
        with Store(path) as store:
            async with Fetcher(retries=0) as fetcher:
                feed = BlogFeed(server.url, fetcher=fetcher, store=store)
                first = await feed.refresh()
                out["first_new"] = len(first.changes.new)
                conn = store._conn  # the store's own connection: its writes count here
                assert conn is not None
                observer = sqlite3.connect(path)  # another connection: sees any commit
                try:
                    version = observer.execute("PRAGMA data_version").fetchone()[0]
                    changes, files = conn.total_changes, wal_state()
                    requests = server.requests
                    start = time.perf_counter()
                    second = await feed.refresh()
                    out["elapsed"] = (time.perf_counter() - start) * 1000
                    out["requests"] = server.requests - requests
                    out["not_modified"] = second.not_modified and server.not_modified == 1
                    out["changes"] = bool(second.changes)
                    out["db_changes"] = conn.total_changes - changes
                    out["data_version_same"] = (
                        observer.execute("PRAGMA data_version").fetchone()[0] == version
                    )
                    out["files_same"] = wal_state() == files
                finally:
                    observer.close()
        return out

    # the reader benchmark's 127.0.0.1 server: one page with an ETag, counting 304 answers
    _need_textual()
    import reader_bench

    with reader_bench._Server(pb.jsonld_page(200), '"v1"') as server:
        result = asyncio.run(scenario(server))
    ok = (
        result["requests"] == 1
        and result["not_modified"] is True
        and result["changes"] is False
        and result["db_changes"] == 0
        and result["data_version_same"] is True
        and result["files_same"] is True
    )
    measured = (
        f"{result['requests']} request, "
        f"{'304' if result['not_modified'] else 'no 304'}, "
        f"{result['db_changes']} DB writes, {ms(float(result['elapsed']))}"  # type: ignore[arg-type]
    )
    same = {True: "unchanged", False: "CHANGED"}
    return [
        Row(
            "refresh when nothing changed",
            measured,
            "1 conditional request (304), no DB write",
            ok,
            f"SQLite data_version {same[bool(result['data_version_same'])]}, cache files "
            f"{same[bool(result['files_same'])]}; Fetcher + BlogFeed + Store on 127.0.0.1, "
            f"first fetch {result['first_new']} new",
        )
    ]


# -- memory -----------------------------------------------------------------------------------

_MEMORY_PROBE = """
import json, resource, sys
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
import textual.app  # the reader's framework, so the figure is a reader-sized process
from tui_liveblog.store import Store
base = rss()
with Store(sys.argv[1]) as store:
    cached = store.load(sys.argv[2], bodies=sys.argv[3] == "full")
n = len(cached.entries)
print(json.dumps({"base": base, "rss": rss(), "entries": n}))
"""


def memory_rows(opts: Options) -> list[Row]:
    import store_bench

    if not Path("/proc/self/statm").exists():
        raise NotMeasured("needs Linux /proc to read the resident set size")
    path = opts.tmp / "memory.sqlite3"
    if not path.exists():
        from tui_liveblog.model import Snapshot
        from tui_liveblog.store import Store

        rng = random.Random(50_000)
        entries = tuple(
            store_bench.make_entry(rng, n, store_bench.NOW - timedelta(seconds=30 * n))
            for n in range(50_000)
        )
        with Store(path) as store:
            store.merge(
                store_bench.URL, Snapshot(store_bench.BLOG, entries), fetched_at=store_bench.NOW
            )
        del entries
        gc.collect()
    rows = reader_memory_rows(opts)
    for mode, label, is_target in (
        ("light", "memory, store load only: 50k entries, no bodies", False),
        ("full", "memory, store load only: 50k entries with bodies", False),
    ):
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_PROBE, str(path), store_bench.URL, mode],
            capture_output=True,
            text=True,
            check=True,
        )
        probe = json.loads(out.stdout)
        assert probe["entries"] == 50_000, probe
        rows.append(
            Row(
                label,
                f"{probe['rss']:.0f} MB RSS",
                "< 150 MB RSS",
                probe["rss"] < 150 if is_target else None,
                f"no app; Textual imported: {probe['base']:.0f} MB before loading; "
                "store_bench entries: ~900 characters, all lower case",
            )
        )
    return rows


def reader_store(opts: Options, non_ascii: float = 0.0) -> Path:
    """The reader benchmarks' 50k-entry cache (built once per run)."""
    import reader_bench

    key = f"reader-store-{non_ascii}"
    path = opts.cache.get(key)
    if not isinstance(path, Path):
        path = opts.tmp / f"reader-{non_ascii}" / "cache.sqlite3"
        reader_bench.build_store(path, 50_000, non_ascii)
        opts.cache[key] = path
    return path


def reader_memory_rows(opts: Options) -> list[Row]:
    try:
        import reader_bench
    except ImportError as err:  # Textual missing
        raise NotMeasured(str(err)) from None
    rows = []
    variants = [(0.0, "memory, reader app showing 50k entries", True)]
    if not opts.quick:
        variants.append((0.46, "memory, reader app, 50k, curly quotes in 46%", False))
    for non_ascii, label, is_target in variants:
        probe = reader_bench.measure_memory(reader_store(opts, non_ascii))
        assert probe["entries"] == 50_000, probe
        note = (
            "~900-character news-like texts (capitalised), headless 120x40, after gc.collect(); "
            f"{probe['before']:.0f} MB before the app"
            if is_target
            else "as above, 46% of entries with typographic quotes (as the corpus's JSON-LD "
            "pages): CPython keeps those texts at 2 bytes a character"
        )
        rows.append(
            Row(
                label,
                f"{probe['rss']:.0f} MB RSS",
                "< 150 MB RSS",
                probe["rss"] < 150 if is_target else None,
                note,
            )
        )
    return rows


# -- timeline widget --------------------------------------------------------------------------


def timeline_rows(opts: Options) -> list[Row]:
    try:
        import timeline_bench
    except ImportError as err:  # Textual missing
        raise NotMeasured(str(err)) from None
    results = dict(asyncio.run(timeline_bench.run(50_000, max(opts.repeat, 10))))

    def find(prefix: str) -> list[float]:
        return next(v for k, v in results.items() if k.startswith(prefix))

    prepend = [s * 1000 for s in find("prepend 1 at") + find("prepend 50 at")]
    page_down = [s * 1000 for s in find("page down")]
    note = "widget render_line work only, headless; compositor not included"
    return [
        Row(
            "live prepend of 1–50 entries at 50k, place kept",
            spread(prepend),
            "< 16 ms",
            statistics.median(prepend) < 16,
            note,
        ),
        Row(
            "page down at 50k",
            spread(page_down),
            "median < 16 ms",
            statistics.median(page_down) < 16,
            note + "; worst cases are gen-2 GC passes",
        ),
    ]


# -- reader app (figures added by the reader's own benchmarks) --------------------------------


def first_screen_rows(opts: Options) -> list[Row]:
    try:
        import first_paint

        measure = first_paint.measure
    except (ImportError, AttributeError):
        raise NotMeasured("no benchmarks/first_paint.py with measure(n, runs)") from None
    import shutil

    if shutil.which("tmux") is None:
        raise NotMeasured("tmux is not installed")
    rows = []
    for n, target, limit in ((10_000, "< 200 ms", 200.0), (50_000, "< 350 ms", 350.0)):
        if opts.quick and n == 50_000:
            rows.append(
                Row("first screen, 50k from cache (tmux)", "skipped (--quick)", target, None)
            )
            continue
        samples = measure(n, max(3, opts.repeat // 3))
        rows.append(
            Row(
                f"first screen, {n // 1000}k from cache (tmux)",
                spread(samples),
                target,
                statistics.median(samples) < limit,
                "process start to newest headline on screen",
            )
        )
    return rows


def _need_textual() -> None:
    """The reader's figures need Textual: without it they are not measured."""
    try:
        import textual  # noqa: F401
    except ImportError as err:
        raise NotMeasured(str(err)) from None


def filter_and_detail_rows(opts: Options) -> list[Row]:
    _need_textual()
    import reader_bench

    path = reader_store(opts)
    rounds = 1 if opts.quick else max(2, opts.repeat // 5)
    timings = asyncio.run(reader_bench.measure_filter_and_detail(path, rounds))
    visible = [k.visible_ms for k in timings.keystrokes]
    settled = [k.settled_ms for k in timings.keystrokes]
    opened = [p.visible_ms for p in timings.detail]
    opened_settled = [p.settled_ms for p in timings.detail]
    chars = statistics.median(timings.detail_chars)
    rows = [
        Row(
            "filter keystroke → filtered timeline on screen, 50k",
            spread(visible),
            "median < 50 ms, worst < 100 ms",
            statistics.median(visible) < 50 and max(visible) < 100,
            f"key posted → first frame showing the new timeline (filter, set_entries, compositor, "
            f"escape sequences; no terminal write); typed ×{rounds}: / flood␣harbourm, ⌫ ×14",
        ),
        Row(
            "filter keystroke → screen settled, 50k",
            spread(settled),
            "(median < 50 ms, worst < 100 ms)",
            None,
            "to the key's last frame: the detail pane re-highlighted, scrollbars",
        ),
        Row(
            f"open a {chars:,.0f}-character entry → on screen",
            spread(opened),
            "< 20 ms",
            statistics.median(opened) < 20,
            "j onto a rich entry (paragraphs, list, quote, links) → first frame showing it "
            "in the detail pane: body read from the cache, rendered, laid out",
        ),
        Row(
            f"open a {chars:,.0f}-character entry → settled",
            spread(opened_settled),
            "(< 20 ms)",
            None,
            "to the last frame (the pane's scrollbar and layout settle a frame or two later)",
        ),
    ]
    return rows


def no_rerender_rows(opts: Options) -> list[Row]:
    _need_textual()
    import reader_bench

    results = asyncio.run(reader_bench.measure_refresh(reader_store(opts)))
    parts = []
    ok = True
    for r in results:
        calls = sum(r.timeline_calls.values())
        ok = ok and r.requests == 1 and not r.changes and calls == 0 and r.render_lines == 0
        ok = ok and r.db_changes == 0 and r.data_version_same
        parts.append(
            f"{'304' if r.answered_304 else 'same 200'}: {calls} timeline updates, "
            f"{r.render_lines} timeline lines rendered, {r.db_changes} DB writes"
        )
    ok = ok and results[0].answered_304
    return [
        Row(
            "no re-render when a refresh brings nothing",
            "; ".join(parts),
            "no re-render, no DB write",
            ok,
            "reader app on the 50k cache, follower woken against 127.0.0.1: a 304 to the cached "
            "ETag, then the same page again as a 200; SQLite data_version unchanged: "
            + ", ".join(str(r.data_version_same) for r in results),
        )
    ]


def stall_rows(opts: Options) -> list[Row]:
    _need_textual()
    import shutil

    import reader_bench

    keys: list[float] = []
    merges: list[float] = []
    for n in range(1 if opts.quick else 3):  # each round on a fresh copy of the 50k cache
        copy = opts.tmp / f"stall-{n}" / "cache.sqlite3"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(reader_store(opts), copy)
        result = asyncio.run(reader_bench.measure_stall(copy))
        keys += [p.visible_ms for p in result.keys]
        merges.append(result.merge_ms)
    if not keys:
        raise NotMeasured("the merge was over before a key could be pressed")
    return [
        Row(
            "keystroke during a 5,000-entry merge → on screen, 50k",
            spread(keys),
            "< 50 ms",
            max(keys) < 50,
            f"j/k while a refresh merges 5,000 new entries into the 50k cache (the merge ran "
            f"{', '.join(f'{m:.0f}' for m in merges)} ms, off the event loop)",
        )
    ]


def not_yet(reason: str) -> Callable[[Options], list[Row]]:
    def run(opts: Options) -> list[Row]:
        raise NotMeasured(reason)

    return run


def sources_rows(opts: Options) -> list[Row]:
    import sources_bench as sb

    rows = []
    repeat = max(opts.repeat, 5)
    for label, entries, samples in sb.corpus_parses(repeat):
        rows.append(Row(f"parse {label}", spread(samples), "-", None, f"{entries} entries"))
    entries, samples = sb.html_parse(3 if opts.quick else 5)
    rows.append(
        Row(
            "parse a 10,000-post page (plain-HTML extractor)",
            spread(samples),
            "-",
            None,
            f"{entries} entries; no target: the fallback for pages without structured data",
        )
    )
    polls, fulls = sb.reddit_refreshes(5000, repeat, opts.tmp)
    rows.append(
        Row(
            "one new update, 5k-update thread cached: incremental poll",
            spread(polls),
            "-",
            None,
            "BlogFeed.refresh: fetch (in memory) + parse + merge into SQLite; Reddit before=",
        )
    )
    rows.append(
        Row(
            "one new update, 5k-update thread cached: full read of the newest page",
            spread(fulls),
            "-",
            None,
            "the same with the 100-update page and about.json (newsboat: whole feed, ~1.3 s)",
        )
    )
    return rows


SECTIONS: list[Section] = [
    Section(
        "parse",
        (
            ("parse 5,000-entry JSON-LD page", "< 50 ms"),
            ("parse 5,000-item RSS feed", "< 150 ms"),
            ("parse corpus JSON-LD page (428 entries)", "(5k page < 50 ms)"),
        ),
        parse_rows,
    ),
    Section(
        "sources",
        (
            ("parse each API format's corpus sample", "-"),
            ("parse a 10,000-post page (plain-HTML extractor)", "-"),
            ("one new update, 5k-update thread cached: incremental poll", "-"),
        ),
        sources_rows,
    ),
    Section(
        "store",
        (
            ("store load, 10k entries, no bodies (timeline)", "(in the < 200 ms first screen)"),
            ("store load, 10k entries with bodies", "(in the < 200 ms first screen)"),
            ("merge 1–50 new entries into a 50k blog", "(a poll's share; prepend < 16 ms)"),
            ("merge a 5,000-entry page, nothing changed", "(no DB write)"),
        ),
        store_rows,
    ),
    Section(
        "refresh",
        (("refresh when nothing changed", "1 conditional request (304), no DB write"),),
        refresh_rows,
    ),
    Section(
        "memory",
        (
            ("memory, reader app showing 50k entries", "< 150 MB RSS"),
            ("memory, store load only: 50k entries, no bodies", "< 150 MB RSS"),
            ("memory, store load only: 50k entries with bodies", "< 150 MB RSS"),
        ),
        memory_rows,
    ),
    Section(
        "timeline",
        (
            ("live prepend of 1–50 entries at 50k, place kept", "< 16 ms"),
            ("page down at 50k", "median < 16 ms"),
        ),
        timeline_rows,
    ),
    Section(
        "reader",
        (
            ("first screen, 10k from cache (tmux)", "< 200 ms"),
            ("first screen, 50k from cache (tmux)", "< 350 ms"),
        ),
        first_screen_rows,
    ),
    Section(
        "reader",
        (
            (
                "filter keystroke → filtered timeline on screen, 50k",
                "median < 50 ms, worst < 100 ms",
            ),
            ("open a 3,000-character entry → on screen", "< 20 ms"),
        ),
        filter_and_detail_rows,
    ),
    Section(
        "reader",
        (("no re-render when a refresh brings nothing", "no re-render, no DB write"),),
        no_rerender_rows,
    ),
    Section(
        "reader",
        (("keystroke during a 5,000-entry merge → on screen, 50k", "< 50 ms"),),
        stall_rows,
    ),
]


# -- running and printing ---------------------------------------------------------------------


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Start each section from a collected heap, so one section's garbage is not another's."""
    gc.collect()
    yield
    gc.collect()


def run_section(section: Section, opts: Options) -> list[Row]:
    try:
        with quiet_gc():
            return section.run(opts)
    except NotMeasured as why:
        return [
            Row(fig, "not measured yet", target, None, str(why)) for fig, target in section.figures
        ]
    except Exception as err:  # a benchmark that breaks is a finding, not a crash of the table
        message = f"error: {type(err).__name__}: {err}".splitlines()[0][:160]
        return [Row(fig, message, target, False) for fig, target in section.figures]


def status(row: Row) -> str:
    if row.ok is None:
        return "-" if row.measured.startswith(("not measured", "skipped")) else "info"
    return "OK" if row.ok else "MISS"


def print_table(rows: list[Row]) -> None:
    headers = ("figure", "measured", "target", "")
    table = [(r.figure, r.measured, r.target, status(r)) for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for cells, row in zip(table, rows, strict=True):
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        if row.note:
            print(" " * (widths[0] + 2) + f"({row.note})")


DESIGN_TEXTUAL_IMPORT_MS = 120.0  # DESIGN.md: "Textual's own import is ~120 ms" on this kind


def calibration() -> str:
    """How fast this machine runs today, against the one DESIGN.md's targets were set on: the
    import of Textual in a fresh process (best of three), a fixed amount of Python work."""
    code = (
        "import time; t = time.perf_counter(); import textual.app; print(time.perf_counter() - t)"
    )
    best = min(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(3)
    ) * 1000  # fmt: skip
    ratio = best / DESIGN_TEXTUAL_IMPORT_MS
    return (
        f"machine today: Textual imports in {best:.0f} ms (DESIGN.md: ~"
        f"{DESIGN_TEXTUAL_IMPORT_MS:.0f} ms), so these figures run {ratio:.1f}x that machine's"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = sorted({s.name for s in SECTIONS})
    parser.add_argument("--only", nargs="+", choices=names, help="run only these sections")
    parser.add_argument("--repeat", type=int, default=11, help="timed runs per figure")
    parser.add_argument("--quick", action="store_true", help="fewer runs, skip the 50k store")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    repeat = 5 if args.quick else args.repeat
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="liveblog-bench-") as tmp:
        opts = Options(repeat=repeat, quick=args.quick, tmp=Path(tmp))
        rows: list[Row] = []
        for section in SECTIONS:
            if args.only and section.name not in args.only:
                continue
            print(f"[{section.name}] {section.figures[0][0]}…", file=sys.stderr, flush=True)
            rows.extend(run_section(section, opts))
    print(
        f"\ntui-liveblog performance, {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}"
    )
    print(calibration() + "\n")
    print_table(rows)
    missed = [r for r in rows if r.ok is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
