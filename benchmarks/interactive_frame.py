"""The reader's interactive frame against a bare Textual app's first paint (issue 12, point 3).

Both run in tmux, interleaved, several launches each:

- **bare**: a Textual app with one ``Static``, until its text is on screen;
- **key at launch**: ``liveblog URL --offline`` on a cached blog of N entries, with ``j`` sent
  the moment the process starts (the pre-paint holds the keys: Textual reads them once it
  runs), until the cursor is on the second card: the first key handled;
- **filter at launch**: the same with ``/`` and a word typed at once, until the filter is shown
  applied ("1 of N entries").

It prints the medians and the ratios to the bare app (targets: the key within 1.3x; the
filter within 600 ms of launch, on DESIGN.md's machine).

    python benchmarks/interactive_frame.py [--entries 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_paint import URL, build_cache

BARE = """\
from textual.app import App
from textual.widgets import Static


class Bare(App[None]):
    def compose(self):
        yield Static("BARE-APP-READY")


Bare().run()
"""


_RUNS = itertools.count()


def _session() -> str:
    return f"if{os.getpid()}-{next(_RUNS)}"  # (a name of its own: a killed one may linger)


def until(
    cmd: str, done: Callable[[str], bool], keys: tuple[str, ...] = (), limit: float = 15.0
) -> float:
    """Milliseconds from starting ``cmd`` in tmux (``keys`` sent at once) until ``done``."""
    session = _session()
    t0 = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd], check=True
    )
    try:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", key], check=True)
        while True:
            out = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if done(out):
                return (time.perf_counter() - t0) * 1000
            if time.perf_counter() - t0 > limit:
                raise RuntimeError(f"not done after {limit:.0f} s:\n{out}")
            time.sleep(0.002)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _second_selected(n: int) -> Callable[[str], bool]:
    second = f"Headline number {n - 2}"
    return lambda out: any(line.startswith("▌") and second in line for line in out.splitlines())


def measure(n: int, runs: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build_cache(home, n)
        bare = home / "bare.py"
        bare.write_text(BARE)
        exe = shutil.which("liveblog") or f"{sys.executable} -m tui_liveblog"
        env = f"env XDG_CACHE_HOME={home} XDG_CONFIG_HOME={home}/cfg"
        reader = f"{env} {exe} {URL} --offline"
        word = f"number {n - 7}"
        cases: dict[str, tuple[str, Callable[[str], bool], tuple[str, ...]]] = {
            "bare Textual app painted": (
                f"{shlex.quote(sys.executable)} {bare}",
                lambda out: "BARE-APP-READY" in out,
                (),
            ),
            "j at launch, handled": (reader, _second_selected(n), ("j",)),
            "filter typed at launch, applied": (
                reader,
                lambda out: f"1 of {n} entries" in out,
                ("/", word),
            ),
        }
        for cmd, done, keys in cases.values():  # (warm the OS file cache and .pyc files)
            until(cmd, done, keys)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, (cmd, done, keys) in cases.items():
                times[name].append(until(cmd, done, keys))
        return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed: the interactive frame is not measured")
        return
    times = measure(args.entries, args.runs)
    bare = statistics.median(times["bare Textual app painted"])
    print(f"interactive frame, {args.entries} entries from the cache, {args.runs} runs (tmux)")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:34} median {median:6.0f} ms  worst {max(values):6.0f} ms"
            f"  {median / bare:5.2f}x bare"
        )
    print("  targets: j within 1.30x bare; the filter applied within 600 ms (DESIGN.md's machine)")


if __name__ == "__main__":
    main()
