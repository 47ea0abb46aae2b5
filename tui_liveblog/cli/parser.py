"""The ``liveblog`` command line: argument parsing; :func:`main` hands the parsed arguments to
``commands.run``, which dispatches to the command modules (``dump``, ``follow``, ``cache``,
``demo``, ``serve``, ``read``, ``saved``, ``completion``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from tui_liveblog import __version__
from tui_liveblog.errors import EXIT_OK, EXIT_USAGE, UsageError

COMMANDS = (
    "read", "dump", "follow", "cache", "demo", "serve", "add", "remove", "list", "completion"
)  # fmt: skip


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


class _Watch(argparse.Action):
    """``--watch WORDS``, which may be given more than once: the words and "quoted phrases"
    of each, added to one list (``args.watch``)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        from tui_liveblog.filter_query import watch_terms

        words = list(getattr(namespace, self.dest, None) or [])
        for term in watch_terms(values if isinstance(values, str) else ""):
            if term not in words:
                words.append(term)
        setattr(namespace, self.dest, words)


def _watch_option(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--watch", action=_Watch, default=[], metavar="WORDS", help=help)


def _common() -> _Parser:
    common = _Parser(add_help=False)
    g = common.add_argument_group("common options")
    g.add_argument(
        "--interval", type=float, metavar="S", help="refresh interval in seconds (≥ 1; default 30)"
    )
    g.add_argument(
        "--deadline",
        type=float,
        metavar="S",
        help="give up on a fetch after S seconds, its retries included (default 60); dump "
        "reads the whole blog within it, follow and the reader wait and try again",
    )
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the local cache")
    g.add_argument("--offline", action="store_true", help="read only the local cache")
    g.add_argument(
        "--source",
        dest="source_kind",
        metavar="KIND",
        help="skip detection: jsonld, guardian, reddit, scribblelive, sourcefabric, wordpress, "
        "feed, html or text",
    )
    g.add_argument(
        "--api-key", metavar="KEY", help="Guardian Content API key (or GUARDIAN_API_KEY)"
    )
    g.add_argument("--token", metavar="T", help="ScribbleLive API token (or SCRIBBLELIVE_TOKEN)")
    g.add_argument("--tz", metavar="ZONE", help="time zone for displayed times, e.g. Europe/Paris")
    g.add_argument(
        "--debug", action="store_true", help="full error detail and an HTTP log on stderr"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog="liveblog",
        usage="liveblog [SOURCE]\n       liveblog COMMAND [options]",
        description="Read and follow news live blogs in the terminal.\n\n"
        "SOURCE is an http(s) URL, a file or a saved name: 'liveblog SOURCE' opens the reader\n"
        "on it (same as 'liveblog read SOURCE'); bare 'liveblog' opens the home screen\n"
        "of the saved blogs.",
        epilog="Run 'liveblog demo' to try it on a simulated live blog, and\n"
        "'liveblog COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"liveblog {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, prog="liveblog"
    )

    p = sub.add_parser("read", parents=[common], help="open the reader on a blog (the default)")
    p.add_argument(
        "source",
        nargs="*",
        metavar="SOURCE",
        help="http(s) URL, file or saved name (none: the home screen of the saved blogs)",
    )
    _watch_option(
        p,
        'alert on entries holding any of these words or "phrases" (may be repeated; '
        "the config's watch words count too)",
    )

    p = sub.add_parser("dump", parents=[common], help="print a blog once and exit")
    p.add_argument(
        "source",
        nargs="+",
        metavar="SOURCE",
        help="http(s) URL, file, saved name or group, or - for stdin; several: one timeline",
    )
    p.add_argument("--format", choices=("json", "jsonl", "markdown", "text"), default="json")
    p.add_argument(
        "--filter",
        metavar="FILTER",
        help='keep entries matching it: words, "a phrase", by:author, -word to leave out',
    )
    p.add_argument(
        "--since",
        metavar="TIME",
        help="ISO 8601 time (no zone: --tz or local time) or a duration: 90m, 2h, 3d",
    )
    p.add_argument("--limit", type=int, metavar="N", help="keep the newest N entries")
    p.add_argument("--oldest-first", action="store_true", help="print oldest first")
    p.add_argument("--all", action="store_true", help="page back through the whole history")
    p.add_argument(
        "--versions",
        action="store_true",
        help="json, jsonl: every version the cache has seen of each edited entry",
    )

    p = sub.add_parser("follow", parents=[common], help="print new entries as they arrive (no TUI)")
    p.add_argument(
        "source",
        nargs="+",
        metavar="SOURCE",
        help="http(s) URL, file, saved name or group, or - for stdin; several: one timeline",
    )
    p.add_argument("--format", choices=("text", "jsonl"), default="text")
    p.add_argument(
        "--filter",
        metavar="FILTER",
        help='print only entries matching it: words, "a phrase", by:author, -word',
    )
    _watch_option(
        p,
        'print only entries holding ANY of these words or "phrases" (--filter needs them all); '
        "matched as --filter matches; may be repeated",
    )

    p = sub.add_parser("cache", parents=[common], help="show or clear the local cache")
    p.add_argument("action", choices=("path", "list", "clear"))

    p = sub.add_parser("demo", parents=[common], help="the bundled simulated live blog")
    p.add_argument("--serve", action="store_true", help="only run the demo server; print its URL")
    p.add_argument("--port", type=int, default=None, metavar="N", help="port for --serve")

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="the reader on a web page on 127.0.0.1 (needs the extra: tui-liveblog[web])",
    )
    p.add_argument(
        "source",
        nargs="*",
        metavar="SOURCE",
        help="http(s) URL, file, saved name or group; several: one timeline; none: the home screen",
    )
    p.add_argument(
        "--port",
        type=int,
        default=None,
        metavar="N",
        help="port on 127.0.0.1 (default: a free one)",
    )
    _watch_option(p, 'alert on entries holding any of these words or "phrases" (may be repeated)')

    p = sub.add_parser("add", help="save a blog under a name (in config.toml)")
    p.add_argument("name", metavar="NAME", help="a plain word, not a command's name")
    p.add_argument(
        "url",
        metavar="URL",
        help="the blog: an http(s) URL, or a file (saved as its absolute path)",
    )

    p = sub.add_parser("remove", help="forget a saved blog")
    p.add_argument("name", metavar="NAME", help="the saved name")

    p = sub.add_parser("list", help="the saved blogs: unread entries, live or ended, last change")
    p.add_argument("--names", action="store_true", help="only the names, one a line")
    p.add_argument("--tz", metavar="ZONE", help="time zone for the times shown")

    p = sub.add_parser("completion", help="print a shell completion script")
    p.add_argument("shell", choices=("bash", "zsh", "fish"))
    p.set_defaults(parser=build_parser)  # (what the script is made from; .completion)
    return parser


# options that take a value (as a separate word unless written --opt=value)
_VALUE_OPTIONS = frozenset(
    {"--interval", "--deadline", "--source", "--api-key", "--token", "--tz", "--format",
     "--filter", "--since", "--limit", "--port", "--watch"}
)  # fmt: skip


def _normalise(argv: list[str]) -> list[str]:
    """``liveblog SOURCE`` means ``liveblog read SOURCE``; bare ``liveblog`` means ``read``.

    Options written before the command (``liveblog --debug dump URL``) are moved after it.
    """
    if not argv:
        return ["read"]
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return argv
    i = 0
    while i < len(argv) and argv[i].startswith("--") and argv[i] not in ("--help", "--version"):
        i += 2 if argv[i] in _VALUE_OPTIONS else 1
    if 0 < i < len(argv) and argv[i] in COMMANDS:
        return [argv[i], *argv[:i], *argv[i + 1 :]]
    return ["read", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    normalised = _normalise(args_list)
    held = normalised[0] == "read" and argv is None
    if held:
        # the reader: keys typed from now on wait, unechoed, for it (tui_liveblog.prepaint)
        from tui_liveblog import prepaint

        held = prepaint.hold_keys()
    parser = build_parser()
    try:
        args = parser.parse_args(normalised)
        from tui_liveblog.cli import commands

        return commands.run(args)
    except UsageError as err:
        _release(held)
        from tui_liveblog.sanitize import clean_text

        print(f"liveblog: {clean_text(str(err))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        _release(held)


def _release(held: bool) -> None:
    if held:
        from tui_liveblog import prepaint

        prepaint.release()
