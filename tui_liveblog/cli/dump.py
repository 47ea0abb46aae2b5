"""``liveblog dump``: print a blog once (JSON, JSONL, Markdown or text) and exit; ``--all``
pages back through the whole history first; ``--versions`` gives each edited entry its
versions (JSON and JSONL only: Markdown and text print the current version, as without it)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, TextIO

from tui_liveblog.cli.common import (
    Notices,
    make_feed,
    not_cached,
    open_store,
    report,
    resolve_tz,
    write,
)
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK, CacheError, FetchError, LiveblogError, UsageError

if TYPE_CHECKING:
    from tui_liveblog.follow import BlogFeed
    from tui_liveblog.model import Version

PAGE_DELAY = 1.0  # seconds between older pages for dump --all: be polite to the source
MAX_PAGES = 10_000  # dump --all stops here, whatever the source says
STALE_PAGES = 3  # …and after this many older pages in a row with nothing new


async def _load(feed: BlogFeed, offline: bool) -> tuple[str, ...]:
    """Fill the feed (cache, then the source unless offline); the parse's warnings."""
    from tui_liveblog.fetch import is_url

    had_cache = feed.load_cache()
    if offline and is_url(feed.source):
        if not had_cache:
            raise FetchError(not_cached(feed.source))
        return ()
    return (await feed.refresh()).warnings


async def _page_back(feed: BlogFeed) -> tuple[str, ...]:
    """dump --all: fetch older pages one at a time, a pause between them, to the first entry.

    Stops when the source says there is nothing older, when a cursor comes round again, after
    :data:`STALE_PAGES` pages in a row that bring nothing new, or at :data:`MAX_PAGES`. A page
    that fails ends the paging with a warning: what was read is still printed.
    """
    if not feed.can_load_older:
        assert feed.blog is not None
        if feed.hints.older_end:
            report("--all: the whole history is already in the cache")
        else:
            report(
                f"--all: this {feed.blog.source} source has no older pages to fetch; "
                "printing every entry the page and the cache hold"
            )
        return ()
    warnings: dict[str, None] = {}  # each once, in order
    seen: set[str] = set()
    pages = stale = 0
    while feed.can_load_older:
        cursor = repr(feed.hints.older)
        if cursor in seen:
            warnings["--all: the source's paging went round in a circle; stopped there"] = None
            break
        if pages >= MAX_PAGES:
            warnings[f"--all: stopped after {MAX_PAGES} older pages"] = None
            break
        seen.add(cursor)
        await asyncio.sleep(PAGE_DELAY)
        try:
            refresh = await feed.load_older()
        except LiveblogError as err:
            warnings[f"--all: stopped after {pages} older pages: {err}"] = None
            break
        if refresh is None:
            break
        pages += 1
        warnings.update(dict.fromkeys(refresh.warnings))
        stale = 0 if refresh.changes.new else stale + 1
        if stale >= STALE_PAGES:
            warnings[f"--all: {STALE_PAGES} older pages in a row brought nothing new; stopped"] = (
                None
            )
            break
    return tuple(warnings)


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
    with open_store(args) as store:
        feed = make_feed(args, config, store)
        notices = Notices(feed, store)

        async def go() -> tuple[str, ...]:
            try:
                warnings = await _load(feed, args.offline)
                if args.all and not args.offline:
                    warnings += await _page_back(feed)
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
