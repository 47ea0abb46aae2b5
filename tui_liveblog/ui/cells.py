"""Cell widths as terminals count them: spacing marks take a cell.

Rich (and so Textual, which measures with Rich) gives every combining mark zero cells, the
*spacing* ones too (Unicode category ``Mc``: the Devanagari vowel signs ``ि`` and ``ा``, the
Bengali, Tamil, Thai, Khmer, Myanmar… marks written beside their letter). Terminals give a
spacing mark a cell of its own: glibc's ``wcwidth``, which tmux, xterm and the Linux console
use, and VTE (GNOME Terminal) all do. So a line of Hindi measured by Rich came out one cell
short per mark: the divider after it moved right on screen, and the character that was pushed
past the edge was lost.

:func:`use_terminal_widths` makes Rich count spacing marks as one cell, by filtering them out of
the zero-width ranges of Rich's width table (a character in no range is one cell wide). Every
other width stays Rich's own (wide East Asian characters and emoji: two; other marks, zero).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import rich.cells
import rich.segment
from rich.cells import CellTable

Range = tuple[int, int, int]
# no spacing mark lies past the Supplementary Multilingual Plane (the zero-width ranges above
# it, tags and variation selectors, hold thousands of code points not worth looking at)
_MARKS_END = 0x20000


def _without_spacing_marks(widths: Sequence[Range]) -> list[Range]:
    """Rich's width ranges with every ``Mc`` code point taken out of the zero-width ones."""
    out: list[Range] = []
    for start, end, width in widths:
        if width != 0 or start >= _MARKS_END:
            out.append((start, end, width))
            continue
        run = start
        for code in range(start, end + 1):
            if unicodedata.category(chr(code)) == "Mc":
                if run < code:
                    out.append((run, code - 1, 0))
                run = code + 1
        if run <= end:
            out.append((run, end, 0))
    return out


def _terminal_tables(load: Callable[[str], CellTable]) -> Callable[[str], CellTable]:
    @cache
    def load_terminal_table(unicode_version: str = "auto") -> CellTable:
        table = load(unicode_version)
        widths = _without_spacing_marks(table.widths)
        return CellTable(table.unicode_version, widths, table.narrow_to_wide)

    load_terminal_table.original = load  # type: ignore[attr-defined]
    return load_terminal_table


def use_terminal_widths() -> None:
    """Make Rich (and Textual) measure spacing marks as terminals do (idempotent)."""
    cells: Any = rich.cells  # (its table loader is Rich's own, not exported)
    if hasattr(cells.load_cell_table, "original"):
        return
    cells.load_cell_table = _terminal_tables(cells.load_cell_table)
    # anything measured before now was measured with the old table
    rich.cells.get_character_cell_size.cache_clear()
    rich.cells.cached_cell_len.cache_clear()
    rich.segment.Segment._split_cells.cache_clear()
