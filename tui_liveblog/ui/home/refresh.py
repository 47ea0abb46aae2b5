"""The home screen's background refreshes: each saved blog (an http(s) URL) followed by its own
:class:`~tui_liveblog.follow.Follower`, so each keeps its own conditional requests (the
validators the cache holds) and its own interval and backoff. What lands is posted as
:class:`~.messages.BlogRefreshed` or :class:`~.messages.BlogFailed`; nothing is ever raised
at the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import App

from tui_liveblog.errors import LiveblogError, short_message
from tui_liveblog.fetch import is_url
from tui_liveblog.follow import BlogFeed, Follower
from tui_liveblog.store.overview import BlogLine, headline
from tui_liveblog.ui.home.messages import BlogFailed, BlogRefreshed

STAGGER = 0.25  # seconds between the first refreshes of neighbouring blogs

FeedMaker = Callable[[str], BlogFeed]
"""Builds the feed of a blog's URL (the CLI's: its fetcher, the cache, the source options)."""


def line_of(feed: BlogFeed) -> BlogLine | None:
    """The blog's line as the feed now knows it (None before it has a record)."""
    blog = feed.blog
    if blog is None:
        return None
    entries = feed.entries
    latest = headline(entries[0].title, entries[0].text) if entries else ""
    return BlogLine(blog.title or feed.source, len(feed.unread), blog.live, latest, feed.fetched_at)


class HomeRefresh(App[str | None]):
    """The home screen's part that follows the saved blogs."""

    make_feed: FeedMaker | None
    interval: float
    followers: dict[str, Follower]

    def start_refreshes(self, blogs: list[tuple[str, str]]) -> None:
        if self.make_feed is None:
            return
        for index, (name, url) in enumerate(b for b in blogs if is_url(b[1])):
            self.run_worker(
                self._follow(name, url, index * STAGGER),
                group="refresh",
                exit_on_error=False,
            )

    async def _follow(self, name: str, url: str, delay: float) -> None:
        assert self.make_feed is not None
        try:
            feed = self.make_feed(url)
            # the cache's record, validators and unread ids (and its newest entry): the first
            # request is a conditional one, and what arrives is counted as unread
            await asyncio.to_thread(feed.load_cache, bodies=False, limit=1)
        except LiveblogError as err:
            self.post_message(BlogFailed(name, short_message(err)))
            return
        follower = Follower(feed, interval=self.interval)
        self.followers[name] = follower
        if delay:
            await asyncio.sleep(delay)
        try:
            async for update in follower.updates():
                if update.error:
                    self.post_message(BlogFailed(name, update.error_short or update.error))
                    if update.fatal:
                        return
                else:
                    self.post_message(BlogRefreshed(name, line_of(feed)))
        except Exception as err:  # (a bug: that blog's line says so; the screen goes on)
            self.post_message(BlogFailed(name, f"internal error: {type(err).__name__}"))
