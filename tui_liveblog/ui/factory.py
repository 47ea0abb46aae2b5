"""The one place that builds the reader: used by the CLI, the tests and the screenshot script."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo

from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed, utcnow
from tui_liveblog.sources.base import DEFAULT_OPTIONS, Options
from tui_liveblog.sources.registry import Registry
from tui_liveblog.store import Store
from tui_liveblog.ui.app import LiveblogApp


def make_app(
    source: str,
    *,
    fetcher: Fetcher | None = None,
    store: Store | None = None,
    kind: str | None = None,
    cache_key: str | None = None,
    interval: float = 30.0,
    tz: tzinfo | None = None,
    clock: Callable[[], datetime] | None = None,
    follow: bool = True,
    offline: bool = False,
    ascii_only: bool = False,
    theme: str | None = None,
    options: Options = DEFAULT_OPTIONS,
    registry: Registry | None = None,
    notices: tuple[str, ...] = (),
    watch: Sequence[str] = (),
    alerts: Mapping[str, bool] | None = None,
) -> LiveblogApp:
    """Build the reader on SOURCE (URL or file). Pass ``store=None`` for no cache; ``notices``
    are warnings given before it started (the config's, the cache's), shown once it runs;
    ``watch``: the watch words, ``alerts``: which kinds of alert are on (the config's)."""
    feed = BlogFeed(
        source,
        fetcher=fetcher or Fetcher(wait_busy=False),  # (the follower waits out a 429)
        store=store,
        kind=kind,
        cache_key=cache_key,
        clock=clock or utcnow,
        options=options,
        registry=registry,
    )
    return LiveblogApp(
        feed,
        interval=interval,
        tz=tz,
        clock=clock,
        follow=follow,
        offline=offline,
        ascii_only=ascii_only,
        theme=theme,
        notices=notices,
        watch=watch,
        alerts=alerts,
    )


def make_group_app(
    sources: Sequence[tuple[str, str]],
    *,
    fetcher: Fetcher | None = None,
    store: Store | None = None,
    kind: str | None = None,
    interval: float = 30.0,
    tz: tzinfo | None = None,
    clock: Callable[[], datetime] | None = None,
    offline: bool = False,
    ascii_only: bool = False,
    theme: str | None = None,
    options: Options = DEFAULT_OPTIONS,
    notices: tuple[str, ...] = (),
    watch: Sequence[str] = (),
    alerts: Mapping[str, bool] | None = None,
) -> LiveblogApp:
    """Build the reader on several blogs as one timeline: ``sources`` are (label, URL or
    file); each blog is its own feed (:class:`~tui_liveblog.feed_group.FeedGroup`)."""
    from tui_liveblog.feed_group import FeedGroup
    from tui_liveblog.several import BlogRef

    shared = fetcher or Fetcher(wait_busy=False)
    refs = [BlogRef(url, label) for label, url in sources]
    feeds = [
        BlogFeed(
            ref.url,
            fetcher=shared,
            store=store,
            kind=kind,
            clock=clock or utcnow,
            options=options,
        )
        for ref in refs
    ]
    return LiveblogApp(
        FeedGroup(feeds, refs, shared),
        interval=interval,
        tz=tz,
        clock=clock,
        offline=offline,
        ascii_only=ascii_only,
        theme=theme,
        notices=notices,
        watch=watch,
        alerts=alerts,
    )
