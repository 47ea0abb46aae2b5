"""The ``liveblog`` subcommands' dispatcher: :func:`run` checks the options every command
shares, runs the command (:mod:`.dump`, :mod:`.follow`, :mod:`.cache`, :mod:`.demo`,
:mod:`.serve`, :mod:`.saved`, :mod:`.completion` or :mod:`.read`, imported only when chosen) and turns what it raises into an exit status.

Every failure the user can cause or meet (a dead server, a broken page, a bad option) ends as
one line on stderr and an exit status; ``--debug`` adds the traceback and an HTTP log.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from typing import TextIO

from tui_liveblog.cli.common import keep_warnings, report, warn
from tui_liveblog.config import Config, load_config
from tui_liveblog.errors import EXIT_FAIL, EXIT_INTERRUPTED, EXIT_OK, LiveblogError, UsageError


def _prepare_stdout(fmt: str | None) -> None:
    """JSON and JSONL are UTF-8 whatever the locale says (RFC 8259); text and Markdown follow the
    terminal's encoding, with ``?`` for what it cannot show, instead of failing half-way."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper):
        return
    with contextlib.suppress(ValueError, OSError, LookupError):
        if fmt in ("json", "jsonl"):
            stream.reconfigure(encoding="utf-8")
        else:
            stream.reconfigure(errors="replace")


def _command(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Run the chosen command (its module is imported now: the reader's start-up stays lean)."""
    if args.command == "dump":
        from tui_liveblog.cli.dump import cmd_dump

        return cmd_dump(args, config, out)
    if args.command == "follow":
        from tui_liveblog.cli.follow import cmd_follow

        return cmd_follow(args, config, out)
    if args.command == "cache":
        from tui_liveblog.cli.cache import cmd_cache

        return cmd_cache(args, out)
    if args.command == "demo":
        from tui_liveblog.cli.demo import cmd_demo

        return cmd_demo(args, config, out)
    if args.command == "serve":
        from tui_liveblog.cli.serve import cmd_serve

        return cmd_serve(args, config, out)
    if args.command in ("add", "remove", "list"):
        from tui_liveblog.cli.saved import cmd_saved

        return cmd_saved(args, config, out)
    if args.command == "completion":
        from tui_liveblog.cli.completion import cmd_completion

        return cmd_completion(args, out)
    if not args.source:  # bare `liveblog`: the home screen
        from tui_liveblog.cli.home import cmd_home

        return cmd_home(args, config, out)
    if len(args.source) > 1 or args.source[0] in config.groups:  # several blogs as one
        from tui_liveblog.cli.common import expand_sources
        from tui_liveblog.cli.read import run_group_reader

        sources = expand_sources(args.source, config)
        if len(sources) > 1:
            return run_group_reader(args, config, sources)
        args.source = [sources[0][1]]
    args.source = args.source[0]
    from tui_liveblog.cli.read import cmd_read

    return cmd_read(args, config, out)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    if out is None:
        _prepare_stdout(getattr(args, "format", None))
        out = sys.stdout
    config = load_config()
    # the reader shows the warnings given before it starts as notices (its screen would cover
    # them); the other commands print them
    reader = args.command == "read" or (args.command == "demo" and not args.serve)
    try:
        with keep_warnings(reader):
            for warning in config.warnings:
                warn(warning)
            # (add, remove, list and completion take none of the common options)
            if getattr(args, "source_kind", None) is not None:
                from tui_liveblog.sources import kinds

                if args.source_kind not in kinds():
                    raise UsageError(f"--source must be one of: {', '.join(kinds())}")
            if getattr(args, "offline", False) and getattr(args, "no_cache", False):
                raise UsageError("--offline and --no-cache cannot be used together")
            if hasattr(args, "deadline"):  # (the commands that fetch)
                from tui_liveblog.cli.common import resolve_deadline

                args.fetch_deadline = resolve_deadline(args, config)
            return _command(args, config, out)
    except UsageError:
        raise
    except LiveblogError as err:
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc()
        report(str(err))
        return EXIT_FAIL
    except BrokenPipeError:
        # the reader of our stdout went away (e.g. `| head`): not an error
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except KeyboardInterrupt:
        # following and reading end with Ctrl-C; a one-shot command cut short did not succeed
        ongoing = ("follow", "read", "demo", "serve", None)
        return EXIT_OK if args.command in ongoing else EXIT_INTERRUPTED
    except Exception as err:  # a bug: still one line, unless --debug
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc()
        report(f"internal error: {type(err).__name__}: {err} (run with --debug for details)")
        return EXIT_FAIL
