"""The ``liveblog`` command line: :mod:`.parser` reads the arguments, :mod:`.commands`
dispatches them to the command modules (:mod:`.dump`, :mod:`.follow`, :mod:`.cache`,
:mod:`.demo`, :mod:`.read`), which share :mod:`.common`. ``main`` is the console script's
entry point."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``liveblog`` with ``argv`` (default: ``sys.argv[1:]``); the exit status."""
    from tui_liveblog.cli.parser import main as run

    return run(argv)
