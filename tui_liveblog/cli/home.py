"""Bare ``liveblog``: the home screen of the saved blogs, and the reader opened from it
(``esc`` in the reader comes back); with none saved, how to start and the demo a key away.

The home screen is an App of its own (:class:`tui_liveblog.ui.home.app.HomeApp`): it exits
with the chosen blog's name, the reader runs on it as it does from ``liveblog NAME`` (its first
screen pre-painted from the cache), and a reader left with ``esc`` brings the home screen
back, on the same blog, its counts read again from the cache.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from typing import TextIO

from tui_liveblog import prepaint
from tui_liveblog.cli import read
from tui_liveblog.cli.common import (
    expand_sources,
    make_fetcher,
    open_store,
    resolve_interval,
    resolve_source,
    source_options,
    write,
)
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK
from tui_liveblog.sanitize import clean_line
from tui_liveblog.several import label_of
from tui_liveblog.store.overview import BlogLine

START_TEXT = (
    "liveblog: read and follow news live blogs in the terminal.\n\n"
    "  liveblog URL            open a live blog (a page, feed or API URL)\n"
    "  liveblog add NAME URL   save a blog: bare 'liveblog' then lists it\n"
    "  liveblog FILE           open a saved page or feed\n"
    "  liveblog demo           try it on a simulated live blog\n"
    "  liveblog dump URL       print a blog as JSON, JSONL, Markdown or text\n"
    "  liveblog --help         everything else\n"
)


def cmd_home(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Bare ``liveblog``: the home screen, or how to start when no blog is saved."""
    return home(args, config, out) if config.blogs else start(args, config, out)


def start(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """No saved blogs: how to start; on a terminal, the demo is a key away."""
    if not read.interactive():
        write(out, START_TEXT)
        return EXIT_OK
    prepaint.release()  # (Textual's own screen from the start)
    from tui_liveblog.ui.home.start import DEMO, StartApp

    if StartApp(START_TEXT, theme=config.theme).run() != DEMO:
        return EXIT_OK
    from tui_liveblog.cli.demo import cmd_demo

    args.serve, args.port = False, None
    return cmd_demo(args, config, out)


def home(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """The home screen, and the reader opened from it, until the user quits."""
    names = list(config.blogs)  # (the config's order)
    if not read.interactive():
        shown = [clean_line(n) for n in names]
        write(
            out,
            f"saved blogs: {', '.join(shown)}\n"
            f"open one with: liveblog NAME (e.g. liveblog {shown[0]})\n",
        )
        return EXIT_OK
    blogs = [(name, resolve_source(config.blogs[name], config)) for name in names]
    # the saved groups after the blogs: several blogs as one timeline (issue 16)
    groups = {name: expand_sources([name], config) for name in config.groups}
    blogs += [(name, GROUP + name) for name, members in groups.items() if len(members) > 1]
    selected = read.read_last(args, config)
    while True:
        choice = run_home(args, config, blogs, selected, groups)
        if choice is None:
            return EXIT_OK
        # (the home screen's frame is up until the reader's first screen replaces it)
        if not prepaint.take_kept_screen():
            prepaint.hold_keys()
        if choice in groups and dict(blogs)[choice].startswith(GROUP):
            result = read.run_group_reader(args, config, groups[choice], home=True)
        else:
            result = read.run_reader(args, config, dict(blogs)[choice], out=out, home=True)
        if result != read.HOME:
            return result
        selected = choice


GROUP = "group:"  # (the home screen's address of a saved group: never a blog's)


def _group_line(
    members: list[tuple[str | None, str]], cached: dict[str, BlogLine]
) -> BlogLine | None:
    """A saved group's line: its blogs' names, their unread entries together, live if one is,
    and the newest headline among them."""
    lines = [cached[url] for _, url in members if url in cached]
    if not lines:
        return None
    newest = max(lines, key=lambda line: line.fetched_at or datetime.min.replace(tzinfo=UTC))
    names = " + ".join(name or label_of(url) for name, url in members)
    live = True if any(line.live for line in lines) else newest.live
    return BlogLine(
        names, sum(line.unread for line in lines), live, newest.latest, newest.fetched_at
    )


def run_home(
    args: argparse.Namespace,
    config: Config,
    blogs: list[tuple[str, str]],
    selected: str | None,
    groups: dict[str, list[tuple[str | None, str]]] | None = None,
) -> str | None:
    """Run the home screen once: the name of the blog (or group) chosen, or None."""
    from tui_liveblog.follow import BlogFeed
    from tui_liveblog.store.overview import overview
    from tui_liveblog.ui.home.app import HomeApp

    prepaint.release(keep=True)
    prepaint.take_kept_screen()  # (the reader's frame is up until the home screen's replaces it)
    with open_store(args) as store:
        members = [url for found in (groups or {}).values() for _, url in found]
        urls = [url for _, url in blogs if not url.startswith(GROUP)] + members
        cached = {} if store is None else overview(store.path, urls)
        lines = {name: cached[url] for name, url in blogs if url in cached}
        for name, found in (groups or {}).items():
            line = _group_line(found, cached)
            if line is not None:
                lines[name] = line
        fetcher = make_fetcher(args)
        options = source_options(args, config)

        def make_feed(url: str) -> BlogFeed:
            return BlogFeed(
                url, fetcher=fetcher, store=store, kind=args.source_kind, options=options
            )

        app = HomeApp(
            blogs,
            lines,
            make_feed=None if args.offline else make_feed,
            interval=resolve_interval(args, config, 30.0),
            selected=selected,
            ascii_only=bool(os.environ.get("LIVEBLOG_ASCII")),
            theme=config.theme,
            fetcher=fetcher,
        )
        result = app.run()
    return result if isinstance(result, str) else None
