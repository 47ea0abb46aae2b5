"""tui-liveblog against newsboat on the same 10,000-item RSS feed, side by side.

The script writes one RSS 2.0 feed of N items (default 10,000: titles ``ITEM-00000`` …, a
paragraph or two of text each), serves it on 127.0.0.1 with an ETag and Last-Modified (a 304
to a conditional request), and times both programs, interleaved, several runs each:

- *first items from the cache*: each program started in a detached tmux window on a cache
  that holds the feed, until the newest item's title is on screen (newsboat opens on its feed
  list: the Enter that opens the feed is typed at once, before it has drawn anything);
- *cold first load*: the whole feed fetched, parsed and stored into an empty cache, the
  process timed to its exit (``newsboat -x reload``; ``liveblog dump URL --limit 1``);
- *a refresh when nothing changed*: the same again with the cache in place (liveblog sends a
  conditional request and gets a 304; the statuses each program got are printed);
- *one new item*: the feed gains an item, and the same again;
- *peak RSS*: VmHWM of each program showing the feed (read from /proc while it runs).

It prints each figure's median and the ratio liveblog / newsboat (below 1.0: liveblog is
faster or smaller). Without ``newsboat`` or ``tmux`` it says so and exits 0
(``apt-get install newsboat tmux``).

    python benchmarks/vs_newsboat.py [--items 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = [
    "harbour",
    "storm",
    "crews",
    "ferry",
    "council",
    "road",
    "tide",
    "wind",
    "flood",
    "shelter",
    "police",
    "power",
    "school",
    "volunteers",
    "lifeboat",
    "pier",
    "quay",
    "warning",
    "crowd",
    "residents",
    "night",
    "morning",
    "engineers",
]


def make_feed(items: int, extra: int = 0) -> bytes:
    """An RSS 2.0 feed of ``items`` (+ ``extra`` newer) items, newest first."""
    t0 = datetime(2026, 11, 24, 6, tzinfo=UTC)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Benchmark feed</title><link>http://127.0.0.1/</link>"
        "<description>10k items</description>"
    ]
    for n in range(items + extra - 1, -1, -1):
        words = " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(60))
        out.append(
            f"<item><title>ITEM-{n:05d} {escape(WORDS[n % len(WORDS)])} update</title>"
            f"<link>http://127.0.0.1/item/{n}</link><guid>item-{n}</guid>"
            f"<pubDate>{format_datetime(t0 + timedelta(minutes=n))}</pubDate>"
            f"<description>&lt;p&gt;{escape(words.capitalize())}.&lt;/p&gt;</description></item>"
        )
    out.append("</channel></rss>\n")
    return "".join(out).encode()


class Server:
    """The feed on 127.0.0.1, with validators; ``feed`` may be swapped between runs."""

    def __init__(self, feed: bytes) -> None:
        self.feed = feed
        self.requests: list[tuple[str, int]] = []  # (program, status) answered
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = outer.feed
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                agent = (self.headers.get("User-Agent") or "?").split("/", 1)[0]
                if self.headers.get("If-None-Match") == etag:
                    outer.requests.append((agent, 304))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                outer.requests.append((agent, 200))
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                with contextlib.suppress(OSError):  # (a client that hung up: its figure says so)
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


class Newsboat:
    def __init__(self, home: Path, url: str) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        (home / "urls").write_text(url + "\n")
        (home / "config").write_text(
            "auto-reload no\nshow-read-feeds yes\nconfirm-exit no\ncleanup-on-quit no\n"
            "reload-threads 1\nsuppress-first-reload yes\n"
        )
        self.cache = home / "cache.db"

    def argv(self, *extra: str) -> list[str]:
        home = self.home
        return ["newsboat", "-u", str(home / "urls"), "-C", str(home / "config"),
                "-c", str(self.cache), *extra]  # fmt: skip

    def reset(self) -> None:
        for path in self.home.glob("cache.db*"):
            path.unlink()


class Liveblog:
    def __init__(self, home: Path, url: str) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.url = url
        self.env = {**os.environ, "XDG_CACHE_HOME": str(home / "cache"),
                    "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}  # fmt: skip
        exe = shutil.which("liveblog")
        self.exe = [exe] if exe else [sys.executable, "-m", "tui_liveblog"]

    def argv(self, *extra: str) -> list[str]:
        return [*self.exe, *extra]

    def reset(self) -> None:
        shutil.rmtree(self.home / "cache", ignore_errors=True)


def timed(argv: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t0) * 1000


def on_screen(
    argv: list[str], marker: str, env: dict[str, str], keys: str = ""
) -> tuple[float, float]:
    """ms from launch in tmux until ``marker`` shows; and the program's peak RSS (MB) then."""
    session = f"vs{os.getpid()}"
    cmd = " ".join(f"'{a}'" for a in argv)
    envs = " ".join(f"{k}='{v}'" for k, v in env.items() if k.startswith("XDG_"))
    t0 = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                    f"exec env {envs} {cmd}"], check=True)  # fmt: skip
    if keys:
        subprocess.run(["tmux", "send-keys", "-t", session, keys], check=True)
    try:
        while True:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                                    capture_output=True, text=True).stdout  # fmt: skip
            if marker in screen:
                elapsed = (time.perf_counter() - t0) * 1000
                time.sleep(0.3)  # (what it does right after: part of its peak)
                return elapsed, _peak_rss(session)
            if time.perf_counter() - t0 > 30:
                raise RuntimeError(f"{marker} not on screen after 30 s:\n{screen}")
            time.sleep(0.002)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _peak_rss(session: str) -> float:
    pid = subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                         capture_output=True, text=True).stdout.split()[0]  # fmt: skip
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(items: int, runs: int) -> dict[str, tuple[list[float], list[float]]]:
    results: dict[str, tuple[list[float], list[float]]] = {}

    answered: set[tuple[str, int]] = set()  # what each program got when nothing changed

    def add(name: str, nb: float, lb: float) -> None:
        results.setdefault(name, ([], []))[0].append(nb)
        results[name][1].append(lb)

    server = Server(make_feed(items))
    newest = f"ITEM-{items - 1:05d}"
    # a session kept open throughout: tmux's server would otherwise exit with each program's
    # session and race the next one's start
    keep = f"vs-keep{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keep, "sleep 3600"], check=True)
    try:
        with tempfile.TemporaryDirectory(prefix="vs-newsboat-") as tmp:
            nb, lb = Newsboat(Path(tmp) / "nb", server.url), Liveblog(Path(tmp) / "lb", server.url)
            reload_nb = nb.argv("-x", "reload")
            dump_lb = lb.argv("dump", server.url, "--format", "jsonl", "--limit", "1")
            for n in range(runs + 1):  # the first round warms the OS caches, not counted
                server.feed = make_feed(items)
                nb.reset()
                lb.reset()
                cold = timed(reload_nb), timed(dump_lb, lb.env)
                before = len(server.requests)
                again = timed(reload_nb), timed(dump_lb, lb.env)
                answered.update(server.requests[before:])
                shown_nb = on_screen(nb.argv(), newest, lb.env, keys="Enter")
                shown_lb = on_screen(lb.argv(server.url, "--offline"), newest, lb.env)
                server.feed = make_feed(items, extra=1)
                one_more = timed(reload_nb), timed(dump_lb, lb.env)
                if n:
                    add("first items from the cache (ms)", shown_nb[0], shown_lb[0])
                    add("cold first load (ms)", *cold)
                    add("refresh, nothing changed (ms)", *again)
                    add("one new item in the feed (ms)", *one_more)
                    add("peak RSS showing the feed (MB)", shown_nb[1], shown_lb[1])
    finally:
        server.close()
        subprocess.run(["tmux", "kill-session", "-t", keep], capture_output=True)
    for agent in sorted({a for a, _ in answered}):
        codes = sorted({c for a, c in answered if a == agent})
        results.setdefault(f"  ({agent}: answered {'/'.join(map(str, codes))})", ([], []))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    missing = [p for p in ("newsboat", "tmux") if shutil.which(p) is None]
    if missing:
        print(
            f"not measured: {' and '.join(missing)} not installed (apt-get install {' '.join(missing)})"
        )
        return
    version = subprocess.run(["newsboat", "--version"], capture_output=True, text=True).stdout
    results = run(args.items, args.runs)
    print(f"\ntui-liveblog vs {version.splitlines()[0].split(' - ')[0]}, {args.items:,} items, "
          f"{args.runs} runs each, interleaved, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")  # fmt: skip
    print(f"{'figure':34}  {'newsboat':>10}  {'liveblog':>10}  {'ratio':>6}")
    median: Callable[[list[float]], float] = statistics.median
    for name, (nb, lb) in results.items():
        if not nb:
            print(name)  # a note on the row above
            continue
        a, b = median(nb), median(lb)
        print(f"{name:34}  {a:10.0f}  {b:10.0f}  {b / a:6.2f}")


if __name__ == "__main__":
    main()
