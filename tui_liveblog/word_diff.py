"""What a correction changed, word by word (issue 16 (3)): the reader's ``d`` shows it.

:func:`word_diff` compares two texts as runs of words and of the spaces between them
(:class:`difflib.SequenceMatcher`, no junk heuristics), so a changed word is one deletion and one
insertion while the rest is kept; paragraph breaks are kept as they were. :func:`plain` writes a
diff with ``[-deleted-]`` and ``{+inserted+}`` markers (git's ``--word-diff=plain``), legible with
no colour and no styles at all. :func:`version_times` says when each version was current, as the
cache saw it. Plain data only: the UI styles the pieces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from difflib import SequenceMatcher
from typing import Literal

from tui_liveblog.model import Version

Op = Literal["same", "deleted", "inserted"]
Piece = tuple[Op, str]

_TOKENS = re.compile(r"\s+|\S+")


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` as pieces kept, deleted and inserted, in reading order (a replacement
    is its deletion, then its insertion). Neighbouring pieces of one kind are joined."""
    a, b = _tokens(old), _tokens(new)
    pieces: list[Piece] = []

    def put(op: Op, tokens: Sequence[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("same", a[i1:i2])
        else:
            put("deleted", a[i1:i2])
            put("inserted", b[j1:j2])
    return pieces


def changed(pieces: Sequence[Piece]) -> bool:
    """Does the diff change anything?"""
    return any(op != "same" for op, _text in pieces)


def plain(pieces: Sequence[Piece]) -> str:
    """The diff as text, changes marked ``[-so-]`` and ``{+so+}``."""
    marks = {"same": ("", ""), "deleted": ("[-", "-]"), "inserted": ("{+", "+}")}
    return "".join(marks[op][0] + text + marks[op][1] for op, text in pieces)


def version_times(versions: Sequence[Version]) -> list[tuple[str, datetime | None]]:
    """When each version was current, and what that time is: its own ``updated`` time
    (``"updated"``), else, after the first, when the cache saw the one before replaced
    (``"seen"``), else its ``published`` time (``"published"``); (``""``, None) when none."""
    out: list[tuple[str, datetime | None]] = []
    for n, version in enumerate(versions):
        if version.updated is not None:
            out.append(("updated", version.updated))
        elif n and versions[n - 1].replaced is not None:
            out.append(("seen", versions[n - 1].replaced))
        elif version.published is not None:
            out.append(("published", version.published))
        else:
            out.append(("", None))
    return out
