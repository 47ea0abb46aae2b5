"""Timeline widget timings at 50k entries, headless (120x40), printed as a table.

    python benchmarks/timeline_bench.py [--entries N] [--repeat R]

Figures (median / worst over the repeats, milliseconds):
- set_entries: replacing every entry;
- first paint: rendering every visible line of a 120x40 screen with a cold card cache;
- prepend 1 / prepend 50: splicing new entries at the top (reader scrolled down, so the view
  must stay put) plus rendering the visible lines;
- page down: one page_down action plus rendering the newly visible lines.

The worst cases without ``--gc-freeze`` are gen-2 garbage collections walking the 50k entry
objects, not the widget's work; ``--gc-freeze`` shows the figures with them frozen.

The rendering measured is the widget's own ``render_line`` work (what Textual calls for each
dirty line); the compositor's share is not included.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult

from tui_liveblog.model import Entry, Media
from tui_liveblog.ui.widgets.timeline import Timeline

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
WORDS = [
    "minister",
    "said",
    "the",
    "council",
    "would",
    "meet",
    "again",
    "tomorrow",
    "after",
    "rescue",
    "teams",
    "reached",
    "the",
    "flooded",
    "valley",
    "where",
    "residents",
    "reported",
    "power",
    "cuts",
    "and",
    "closed",
    "roads",
    "across",
    "the",
    "region",
]


def make_entries(count: int, prefix: str = "e") -> list[Entry]:
    entries = []
    for i in range(count):
        words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(60))
        entries.append(
            Entry(
                id=f"{prefix}{i}",
                published=NOW - timedelta(seconds=30 * i),
                authors=("Ann Writer", "Bo Reporter") if i % 3 else ("Ann Writer",),
                title=f"Update {i}: {words[:60]}" if i % 2 == 0 else None,
                text=(words + ". ") * 2,
                pinned=i % 97 == 0,
                key_event=i % 13 == 0,
                media=(Media("image", f"https://example.com/{i}.jpg"),) if i % 5 == 0 else (),
            )
        )
    return entries


def paint(timeline: Timeline) -> None:
    for y in range(timeline.scrollable_content_region.height):
        timeline.render_line(y)


def ms(seconds: float) -> float:
    return seconds * 1000.0


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


class BenchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Timeline(now=lambda: NOW)


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return rss / (2**20 if sys.platform == "darwin" else 2**10)


MEMORY: dict[str, float] = {}
FREEZE = [False]


async def run(count: int, repeat: int) -> list[tuple[str, list[float]]]:
    MEMORY["before entries"] = rss_mb()  # the app's own start-up comes after the entries
    entries = make_entries(count)
    MEMORY["entries built"] = rss_mb()
    if FREEZE[0]:
        gc.collect()
        gc.freeze()
    results: list[tuple[str, list[float]]] = []
    app = BenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.focus()
        await pilot.pause()

        samples = []
        for _ in range(repeat):
            samples.append(timed(lambda: timeline.set_entries(entries)))
            await pilot.pause()
        results.append((f"set_entries({count})", samples))
        paint(timeline)
        MEMORY["timeline holding them, painted"] = rss_mb()

        samples = []
        for _ in range(repeat):
            timeline.refresh_times()  # cold card cache
            samples.append(timed(lambda: paint(timeline)))
        results.append(("first paint 120x40 (cold)", samples))
        results.append(("repaint 120x40 (warm)", [timed(lambda: paint(timeline))] * 1))

        timeline.action_page_down()
        timeline.action_page_down()
        await pilot.pause()
        for size in (1, 50):
            samples = []
            for r in range(repeat):
                fresh = make_entries(size, prefix=f"p{size}-{r}-")

                def prepend(fresh: list[Entry] = fresh) -> None:
                    timeline.prepend(fresh)
                    paint(timeline)

                before = timeline.scroll_offset.y
                samples.append(timed(prepend))
                assert timeline.scroll_offset.y == before + size * 4, "reader's place moved"
                await pilot.pause()
            results.append((f"prepend {size} at {timeline.entry_count - size} + paint", samples))

        timeline.action_first()
        await pilot.pause()
        samples = []
        for _ in range(max(repeat, 50)):

            def page_down() -> None:
                timeline.action_page_down()
                paint(timeline)

            samples.append(timed(page_down))
            await pilot.pause()
        results.append(("page down + paint", samples))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after building the entries (keeps gen-2 collections off them)",
    )
    args = parser.parse_args()
    FREEZE[0] = args.gc_freeze
    results = asyncio.run(run(args.entries, args.repeat))
    print(f"{'figure':<40} {'median ms':>10} {'worst ms':>10} {'n':>4}")
    for name, samples in results:
        print(
            f"{name:<40} {ms(statistics.median(samples)):>10.2f} "
            f"{ms(max(samples)):>10.2f} {len(samples):>4}"
        )
    for label, value in MEMORY.items():
        print(f"{'RSS MB, ' + label:<40} {value:>10.1f}")


if __name__ == "__main__":
    main()
