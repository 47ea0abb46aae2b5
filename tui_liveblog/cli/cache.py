"""``liveblog cache path|list|clear``: where the cache is, what it holds, and emptying it."""

from __future__ import annotations

import argparse
from typing import TextIO

from tui_liveblog.cli.common import report, write
from tui_liveblog.errors import EXIT_OK


def cmd_cache(args: argparse.Namespace, out: TextIO) -> int:
    from tui_liveblog.store import Store

    store = Store()
    try:
        if args.action == "path":
            write(out, f"{store.path}\n")
        elif args.action == "list":
            blogs = store.list_blogs()
            if not blogs:
                write(out, "the cache is empty\n")
            for info in blogs:
                when = info.fetched_at.isoformat() if info.fetched_at else "never"
                write(
                    out,
                    f"{info.entries:6d}  {when}  {info.source:8s}  {info.title}\n  {info.url}\n",
                )
        else:
            count = store.clear()
            write(out, f"removed {count} blog{'s' if count != 1 else ''} from the cache\n")
    finally:
        store.close()
        for warning in store.warnings:  # e.g. a damaged file set aside
            report(warning)
    return EXIT_OK
