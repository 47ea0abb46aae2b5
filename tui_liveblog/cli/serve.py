"""``liveblog serve [SOURCE…] [--port N]``: the reader on a web page on 127.0.0.1, for a second
screen on the same machine (the optional extra ``[web]``: textual-serve, :mod:`..ui.web`).

Each browser session runs the reader itself, ``python -m tui_liveblog read SOURCE`` with the options
given here (no SOURCE: the home screen), under Textual's web driver (:func:`.read.served`): no
pre-paint, no terminal needed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from typing import TextIO

from tui_liveblog.cli.common import resolve_interval, resolve_tz
from tui_liveblog.config import Config
from tui_liveblog.errors import EXIT_OK, LiveblogError, UsageError
from tui_liveblog.sanitize import clean_line

INSTALL_HINT = "liveblog serve needs the web extra: pip install 'tui-liveblog[web]'"

# passed on as they were given (a value, or a flag)
_VALUE_OPTIONS = (
    ("interval", "--interval"),
    ("deadline", "--deadline"),
    ("tz", "--tz"),
    ("source_kind", "--source"),
)
_FLAGS = (("offline", "--offline"), ("no_cache", "--no-cache"), ("debug", "--debug"))


def reader_argv(args: argparse.Namespace, source: str | Sequence[str]) -> list[str]:
    """The reader's command line for one browser session: this Python running the package on
    ``source`` (or several, as one timeline) with the options given to ``serve``.

    API credentials are not on it (a command line is visible to every user of the machine):
    they reach the reader through the environment (:func:`reader_environment`)."""
    argv = [sys.executable, "-m", "tui_liveblog"]
    for dest, option in _VALUE_OPTIONS:
        value = getattr(args, dest, None)
        if value is not None:
            argv.append(f"{option}={value:g}" if isinstance(value, float) else f"{option}={value}")
    argv.extend(option for dest, option in _FLAGS if getattr(args, dest, False))
    for term in getattr(args, "watch", None) or ():
        argv.append(f'--watch="{term}"' if " " in term else f"--watch={term}")
    # (after "read" and "--": a source that looks like a command's name or an option stays one)
    sources = [source] if isinstance(source, str) else list(source)
    if not sources:  # the home screen
        return [*argv[:3], "read", *argv[3:]]
    return [*argv[:3], "read", *argv[3:], "--", *sources]


def reader_environment(args: argparse.Namespace) -> dict[str, str]:
    """What the served reader's environment gets on top of this one: no pre-paint (there is no
    terminal to paint on), and the credentials given on the command line."""
    env = {"LIVEBLOG_NO_PREPAINT": "1"}
    if getattr(args, "api_key", None):
        env["GUARDIAN_API_KEY"] = args.api_key
    if getattr(args, "token", None):
        env["SCRIBBLELIVE_TOKEN"] = args.token
    return env


NOTHING_SAVED = (
    "serve needs a SOURCE (a URL, a file or a saved name), or saved blogs for its home screen "
    "(liveblog add NAME URL)"
)


def _sources(args: argparse.Namespace, config: Config) -> list[str]:
    """The sources to serve (several: one timeline): a saved name becomes its URL, a group its
    blogs, a file its absolute path. None: the home screen (the saved blogs), whose reader
    shares the page (:mod:`..ui.web_handover`); with nothing saved, there is nothing to serve."""
    from tui_liveblog.cli.common import expand_sources
    from tui_liveblog.fetch import is_url

    if not args.source:
        if not config.blogs:
            raise UsageError(NOTHING_SAVED)
        return []
    out = []
    for _, source in expand_sources(args.source, config):
        if source == "-":
            raise UsageError("serve takes URLs, files and saved names, not stdin")
        if is_url(source):
            out.append(source)
        elif os.path.lexists(source):
            out.append(os.path.abspath(source))
        else:
            saved = f" (saved: {', '.join(sorted(config.blogs))})" if config.blogs else ""
            raise LiveblogError(
                f"{clean_line(source)!r} is not a URL, a file or a saved blog name{saved}"
            )
    return out


def cmd_serve(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    if args.port is not None and not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535 (got {args.port})")
    sources = _sources(args, config)
    # (checked here, once, rather than by every session's reader on the page)
    resolve_tz(args.tz, config)
    if args.interval is not None:
        resolve_interval(args, config, 30.0)
    try:
        from tui_liveblog.ui import web
    except ImportError as err:
        if (err.name or "").split(".")[0] in ("textual_serve", "aiohttp", "aiohttp_jinja2"):
            raise LiveblogError(INSTALL_HINT) from err
        raise
    try:
        sock = web.listen(args.port or 0)
    except OSError as err:
        raise LiveblogError(
            f"cannot listen on {web.HOST}:{args.port or 0}: {err.strerror or err}"
        ) from err
    os.environ.update(reader_environment(args))
    command = shlex.join(reader_argv(args, sources))
    title = f"liveblog {' '.join(clean_line(source) for source in sources)}".rstrip()
    with sock:
        web.serve(command, sock, title, out)
    return EXIT_OK
