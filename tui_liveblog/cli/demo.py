"""``liveblog demo``: the reader on the bundled simulated live blog (``--serve``: only its
server, for trying the other commands against it)."""

from __future__ import annotations

import argparse
from typing import TextIO

from tui_liveblog.cli import read
from tui_liveblog.cli.common import resolve_interval
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK, UsageError

DEMO_CACHE_KEY = "demo:selene"


def cmd_demo(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from tui_liveblog.demo.server import DemoServer, serve_forever

    if args.port is not None and not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535 (got {args.port})")
    if args.serve:
        serve_forever(args.port, 5.0, out)
        return EXIT_OK
    # (read.…: looked up there, one place for tests to patch)
    read.need_terminal("liveblog demo --serve")
    # the demo posts every few seconds: the config's interval (for real blogs) does not apply
    interval = resolve_interval(args, Config(), 3.0)
    # every run re-dates the scripted blog from "now", so a cached copy of an earlier run would
    # only confuse its history: the demo starts fresh each time and leaves the cache alone
    args.no_cache = True
    args.offline = False
    with DemoServer(interval=5.0) as server:
        url = server.url
        return read.run_reader(
            args, config, url, cache_key=DEMO_CACHE_KEY, interval=interval, out=out
        )
