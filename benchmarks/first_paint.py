"""Process start → first screen with entries, from the cache, in a real terminal (tmux).

Builds a cache of N synthetic entries in a temporary XDG cache dir, then starts
``liveblog URL --offline`` in a detached tmux session and polls ``tmux capture-pane`` until the
newest entry's headline is on screen. The figure includes tmux's own start (a few ms), so it is
a slight over-estimate.

    python benchmarks/first_paint.py [--entries 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

URL = "https://bench.example.org/live/first-paint"


def build_cache(cache_home: Path, n: int) -> str:
    os.environ["XDG_CACHE_HOME"] = str(cache_home)
    from tui_liveblog.content import parse_html
    from tui_liveblog.model import Blog, Entry, Snapshot
    from tui_liveblog.store import Store

    t0 = datetime(2026, 11, 24, 12, tzinfo=UTC)
    body = parse_html(
        "<p>Crews worked through the night to clear the coast road after the storm. "
        "Residents were told to stay indoors until the wind drops below gale force.</p>"
        "<ul><li>Ferries cancelled</li><li>Schools closed</li></ul>"
        '<p>More from <a href="https://example.org/storm">our storm page</a>.</p>'
    )
    entries = tuple(
        Entry(
            id=f"e{i}",
            published=t0 + timedelta(minutes=i),
            authors=("Ana Ruiz",),
            title=f"Headline number {i}",
            body=body.body,
            text=body.text,
            links=body.links,
            key_event=i % 50 == 0,
        )
        for i in range(n)
    )
    blog = Blog(url=URL, title="First paint benchmark", source="jsonld", live=True)
    with Store() as store:
        store.merge(URL, Snapshot(blog, entries), fetched_at=t0, mark_unread=False)
    return f"Headline number {n - 1}"


def first_paint(cache_home: Path, marker: str) -> float:
    session = f"fp{os.getpid()}"
    exe = shutil.which("liveblog") or f"{sys.executable} -m tui_liveblog"
    env = f"XDG_CACHE_HOME={cache_home} XDG_CONFIG_HOME={cache_home}/cfg"
    cmd = f"env {env} {exe} {URL} --offline"
    t0 = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd], check=True
    )
    try:
        while True:
            out = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in out:
                return (time.perf_counter() - t0) * 1000
            if time.perf_counter() - t0 > 10:
                raise RuntimeError("no entries on screen after 10 s:\n" + out)
            time.sleep(0.002)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def measure(n: int, runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        marker = build_cache(home, n)
        first_paint(home, marker)  # warm the OS file cache and .pyc files
        return [first_paint(home, marker) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed: first paint not measured")
        return
    times = measure(args.entries, args.runs)
    print(
        f"first paint, {args.entries} entries from cache (tmux): "
        f"median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms"
    )


if __name__ == "__main__":
    main()
