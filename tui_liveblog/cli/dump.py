"""``liveblog dump``: print a blog once (JSON, JSONL, Markdown or text) and exit; ``--all``
pages back through the whole history first; ``--versions`` gives each edited entry its
versions (JSON and JSONL only: Markdown and text print the current version, as without it)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, TextIO

from tui_liveblog.cli.common import (
    Notices,
    expand_sources,
    make_feed,
    open_store,
    report,
    resolve_interval,
    resolve_tz,
    write,
)
from tui_liveblog.cli.reading import load, page_back
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK, CacheError, UsageError

if TYPE_CHECKING:
    from tui_liveblog.follow import BlogFeed
    from tui_liveblog.model import Version


def _versions(feed: BlogFeed) -> dict[str, list[Version]] | None:
    """``--versions``: the versions the cache kept of the blog's edited entries (issue 16 (3)).
    Only a cached (http(s)) blog has any: for a file, stdin or ``--no-cache``, None (the
    entries carry no ``versions``). A cache that cannot be read says so, and there are none."""
    if feed.store is None:
        return None
    try:
        return feed.store.edited_versions(feed.cache_key)
    except CacheError as err:
        report(f"--versions: {err}")
        return None


def cmd_dump(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from tui_liveblog import output
    from tui_liveblog.query import parse_filter, parse_since, select

    tz = resolve_tz(args.tz, config)
    try:
        since = parse_since(args.since, tz=tz) if args.since else None
    except ValueError as err:
        raise UsageError(str(err)) from err
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    # a 429 is waited out (within the deadline) no sooner than the interval (common.make_fetcher)
    args.rate_floor = resolve_interval(args, config, 30.0)
    sources = expand_sources(args.source, config)
    if len(sources) > 1:  # several blogs as one timeline
        from tui_liveblog.cli.dump_several import dump_several

        return dump_several(args, config, out, sources, tz, since)
    args.source = sources[0][1]
    with open_store(args) as store:
        feed = make_feed(args, config, store)
        notices = Notices(feed, store)

        async def go() -> tuple[str, ...]:
            try:
                warnings = await load(feed, args.offline)
                if args.all and not args.offline:
                    warnings += await page_back(feed)
                return warnings
            finally:
                await feed.fetcher.aclose()

        notices.flush(asyncio.run(go()))
        versions = _versions(feed) if args.versions and args.format in ("json", "jsonl") else None
    assert feed.blog is not None
    entries = select(
        feed.entries,
        query=parse_filter(args.filter),
        since=since,
        limit=args.limit,
        oldest_first=args.oldest_first,
    )
    if args.format == "json":
        text = output.to_json(feed.blog, entries, feed.fetched_at, versions)
    elif args.format == "jsonl":
        text = output.to_jsonl(entries, versions)
    elif args.format == "markdown":
        text = output.to_markdown(feed.blog, entries, tz)
    else:
        text = output.to_text(feed.blog, entries, tz)
    write(out, text)
    return EXIT_OK
