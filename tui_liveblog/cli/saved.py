"""``liveblog add NAME URL``, ``liveblog remove NAME`` and ``liveblog list``: the saved blogs
(``[blogs]`` in config.toml, edited by :mod:`tui_liveblog.config_save` with the user's comments
and order kept), and what the cache knows of each.

Everything printed is plain text: a title from the network is cleaned
(:func:`~tui_liveblog.sanitize.clean_line`) and never read as markup."""

from __future__ import annotations

import argparse
import os
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui_liveblog.cli.common import open_store, report, resolve_tz, write
from tui_liveblog.config import Config, blog_name_problem
from tui_liveblog.errors import EXIT_FAIL, EXIT_OK, UsageError
from tui_liveblog.sanitize import clean_line

if TYPE_CHECKING:
    from tui_liveblog.store import Store


def cmd_saved(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    if args.command == "add":
        return _add(args.name, args.url, out)
    if args.command == "remove":
        return _remove(args.name, out)
    if args.names:
        write(out, "".join(f"{name}\n" for name in config.blogs))
        return EXIT_OK
    return _list(args, config, out)


def blog_address(given: str) -> str:
    """What ``add`` saves for ``given``: an http(s) URL as it is, a web address typed without
    its scheme as https, a file as its absolute path. Raises :class:`UsageError` for anything
    else (another scheme, stdin, a file that is not there)."""
    from tui_liveblog.cli.common import resolve_source
    from tui_liveblog.fetch.local import is_url

    text = given.strip()
    if is_url(text):
        return text
    if text == "-":
        raise UsageError("a saved blog cannot be stdin ('-'); give an http(s) URL or a file")
    scheme = text.split(":", 1)[0]
    if ":" in text and scheme.isalpha() and len(scheme) > 1 and not os.path.lexists(text):
        raise UsageError(f"{clean_line(given)!r} is not an http(s) URL or a file")
    address = resolve_source(text, Config())  # ("www.example.com/live": https)
    if is_url(address):
        return address
    path = Path(text).expanduser()
    if not path.is_file():
        raise UsageError(f"{clean_line(given)!r} is neither an http(s) URL nor a file")
    return str(path.resolve())


def _add(name: str, given: str, out: TextIO) -> int:
    from tui_liveblog.config_save import NotSaved, add_blog

    problem = blog_name_problem(name)
    if problem:
        raise UsageError(f"cannot save a blog as {clean_line(name)!r}: {problem}")
    address = blog_address(given)
    try:
        added = add_blog(name, address, None)
    except NotSaved as err:
        report(f"{name} not saved: {err}")
        return EXIT_FAIL
    if added:
        write(out, f"saved {name}: {address}\n")
    else:
        write(out, f"{name} is saved already: {address}\n")
    return EXIT_OK


def _remove(name: str, out: TextIO) -> int:
    from tui_liveblog.config_save import NotSaved, remove_blog

    try:
        removed = remove_blog(name, None)
    except NotSaved as err:
        report(f"{clean_line(name)} not removed: {err}")
        return EXIT_FAIL
    if not removed:
        report(f"no saved blog is named {clean_line(name)!r} (see 'liveblog list')")
        return EXIT_FAIL
    write(out, f"removed {clean_line(name)}\n")
    return EXIT_OK


def _list(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    if not config.blogs:
        write(
            out,
            "no saved blogs yet: save one with 'liveblog add NAME URL', "
            "e.g. liveblog add storm https://example.org/live/storm\n",
        )
        return EXIT_OK
    tz = resolve_tz(args.tz, config)
    names = {name: clean_line(name) for name in config.blogs}
    width = max(len(shown) for shown in names.values())
    with open_store(args) as store:
        for name, url in config.blogs.items():
            write(out, f"{names[name]:<{width}}  {_state(store, url, tz)}\n")
    return EXIT_OK


def _state(store: Store | None, url: str, tz: tzinfo | None) -> str:
    """What the cache knows of the blog at ``url``: unread entries, live or ended, the last
    change and its title (or that it was never read)."""
    from tui_liveblog.fetch.local import is_url

    shown = clean_line(url)
    if not is_url(url):
        return f"a file (not cached)  {shown}"
    cached = store.load(url, bodies=False, limit=0) if store is not None else None
    if cached is None:
        return f"not read yet  {shown}"
    unread = len(cached.unread_ids)
    state = "ended" if cached.blog.live is False else "live"  # (as the status bar's badge)
    changed = _when(cached.fetched_at, tz)
    title = clean_line(cached.blog.title) or shown
    return f"{unread:>3} unread  {state:<5}  changed {changed}  {title}"


def _when(dt: datetime | None, tz: tzinfo | None) -> str:
    if dt is None:
        return "never           "
    return dt.astimezone(tz).strftime("%Y-%m-%d %H:%M")
