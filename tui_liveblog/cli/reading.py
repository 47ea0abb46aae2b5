"""Reading a blog whole for ``dump``: the cache, then the source (within the fetcher's
deadline, whatever it takes to fetch); ``--all`` pages back."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tui_liveblog.cli.common import not_cached, report
from tui_liveblog.errors import FetchError, LiveblogError

if TYPE_CHECKING:
    from tui_liveblog.follow import BlogFeed

PAGE_DELAY = 1.0  # seconds between older pages for dump --all: be polite to the source
MAX_PAGES = 10_000  # dump --all stops here, whatever the source says
STALE_PAGES = 3  # …and after this many older pages in a row with nothing new


async def load(feed: BlogFeed, offline: bool) -> tuple[str, ...]:
    """Fill the feed (cache, then the source unless offline); the parse's warnings.

    Reading the source, however many documents and retries it takes (a page, then the API it
    names…), ends within the fetcher's deadline: else a FetchError naming the host."""
    from tui_liveblog.fetch import is_url

    had_cache = feed.load_cache()
    if offline and is_url(feed.source):
        if not had_cache:
            raise FetchError(not_cached(feed.source))
        return ()
    deadline = feed.fetcher.deadline
    if deadline is None:
        return (await feed.refresh()).warnings
    try:
        async with asyncio.timeout(deadline):
            return (await feed.refresh()).warnings
    except TimeoutError:  # (the fetch layer's errors are FetchErrors: this is the deadline's)
        secs = f"{deadline:g}"
        raise FetchError(
            f"no complete answer from {_host(feed.source)} in {secs} s",
            transient=True,
            unreachable=True,
            short=f"no complete answer in {secs} s",
        ) from None


def _host(source: str) -> str:
    """The host (and port) of a URL, for a message; the source itself when it has none."""
    from urllib.parse import urlsplit

    from tui_liveblog.sanitize import clean_line

    try:
        host = urlsplit(source.strip()).netloc.rpartition("@")[2]
    except ValueError:
        host = ""
    return clean_line(host or source)


async def page_back(feed: BlogFeed) -> tuple[str, ...]:
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
