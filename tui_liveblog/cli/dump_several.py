"""``liveblog dump SOURCE SOURCE…``: several blogs as one timeline (issue 16).

Each blog is read as ``dump`` reads one (its cache, then the source, ``--all`` paging back),
all at once; their entries are merged newest first, a post that several carry once
(:mod:`tui_liveblog.several`), each entry naming its blog (and the others that carry it).
A blog that cannot be read is said so on stderr and left out: the others are printed, and the
exit status is 1.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime, tzinfo
from typing import TextIO

from tui_liveblog.cli.common import Notices, make_feed, open_store, report, write
from tui_liveblog.cli.reading import load, page_back
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_FAIL, EXIT_OK, LiveblogError
from tui_liveblog.follow import BlogFeed
from tui_liveblog.several import BlogRef, Combined, combine, labels


def dump_several(
    args: argparse.Namespace,
    config: Config,
    out: TextIO,
    sources: list[tuple[str | None, str]],
    tz: tzinfo | None,
    since: datetime | None,
) -> int:
    from tui_liveblog import output
    from tui_liveblog.query import parse_filter, select

    refs = [
        BlogRef(source, label) for (_, source), label in zip(sources, labels(sources), strict=True)
    ]
    failed = False
    with open_store(args) as store:
        feeds = []
        for ref in refs:
            args.source = ref.url
            feeds.append(make_feed(args, config, store))

        async def read(feed: BlogFeed, ref: BlogRef) -> bool:
            notices = Notices(feed, store)
            try:
                warnings = await load(feed, args.offline)
                if args.all and not args.offline:
                    warnings += await page_back(feed)
            except LiveblogError as err:
                report(f"{ref.label}: {err}")
                return False
            finally:
                await feed.fetcher.aclose()
            notices.flush(tuple(f"{ref.label}: {w}" for w in warnings))
            return True

        async def go() -> list[bool]:
            return list(
                await asyncio.gather(*(read(f, r) for f, r in zip(feeds, refs, strict=True)))
            )

        done = asyncio.run(go())
    failed = not all(done)
    read_ok = [(feed, ref) for feed, ref, ok in zip(feeds, refs, done, strict=True) if ok]
    if not read_ok:
        return EXIT_FAIL
    merged = combine((ref, feed.entries) for feed, ref in read_ok)
    by_entry = {id(c.entry): c for c in merged}
    chosen = select(
        [c.entry for c in merged],
        query=parse_filter(args.filter),
        since=since,
        limit=args.limit,
        oldest_first=args.oldest_first,
    )
    shown: list[Combined] = [by_entry[id(e)] for e in chosen]
    blogs = [(ref, feed.blog, feed.fetched_at) for feed, ref in read_ok if feed.blog is not None]
    if args.format == "json":
        text = output.several_to_json(blogs, shown)
    elif args.format == "jsonl":
        text = output.several_to_jsonl(shown)
    elif args.format == "markdown":
        text = output.several_to_markdown(blogs, shown, tz)
    else:
        text = output.several_to_text(blogs, shown, tz)
    write(out, text)
    return EXIT_FAIL if failed else EXIT_OK
