"""Mixed-script lines are measured as terminals measure them (issue 13, point 7).

Terminals give a spacing mark (Unicode ``Mc``: Devanagari ``ि``/``ा``, Thai, Bengali…) a cell;
Rich gave it none, so a Hindi line came out short: the divider after it moved right and the
character pushed past the edge was lost. The reference here is the terminal's rule (glibc's
``wcwidth``, which tmux uses): marks that combine take no cell, spacing marks one, wide
characters two. It is checked against glibc itself where the C library is glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import locale
import unicodedata

import pytest
from rich.cells import cell_len
from rich.text import Text

from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, screen_text
from tui_liveblog import prepaint
from tui_liveblog.ui.entry_lines import fit, split_cells

HINDI = "नमस्ते दुनिया, मुंबई में बारिश"  # vowel signs ि ा (Mc) and े ु ं (Mn)
THAI = "ภาษาไทย น้ำท่วมที่เชียงใหม่"  # above/below vowels and tone marks (Mn)
HANGUL = "서울 시청 앞 광장"  # wide syllables
MIXED = f"{HINDI} — {THAI} — {HANGUL} — Tomás"


def terminal_width(text: str) -> int:
    """Cells as a wcwidth terminal counts them."""
    total = 0
    for char in text:
        category = unicodedata.category(char)
        if category in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _glibc_wcswidth() -> object | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    libc = ctypes.CDLL(name)
    if not hasattr(libc, "gnu_get_libc_version"):
        return None
    libc.wcswidth.argtypes = [ctypes.c_wchar_p, ctypes.c_size_t]
    return libc.wcswidth


def test_the_reference_is_what_glibc_says() -> None:
    wcswidth = _glibc_wcswidth()
    if wcswidth is None:
        pytest.skip("the C library is not glibc: no wcwidth to compare the reference with")
    previous = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
        for text in (HINDI, THAI, HANGUL, MIXED):
            assert wcswidth(text, len(text)) == terminal_width(text), text  # type: ignore[operator]
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)


@pytest.mark.parametrize("text", [HINDI, THAI, HANGUL, MIXED, "e\u0301 café", "ि"])
def test_the_reader_measures_as_the_terminal_does(text: str) -> None:
    assert cell_len(text) == terminal_width(text)


def test_the_pre_paint_measures_as_the_reader_does() -> None:
    for text in (HINDI, THAI, HANGUL, MIXED):
        assert prepaint._cells(text) == cell_len(text), text


def test_fitting_and_splitting_keep_every_character_and_the_width() -> None:
    for width in (7, 12, 19, 33):
        head, rest = split_cells(MIXED, width)
        assert terminal_width(head) <= width
        assert "".join((head, rest)).replace(" ", "") == MIXED.replace(" ", "")
        line = fit(Text(MIXED), width)
        assert terminal_width(line.plain) == width, (width, line.plain)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_mixed_script_entries_keep_the_divider_in_its_column(size: tuple[int, int]) -> None:
    blog = FakeBlog(
        posts=[
            Post("p1", 3, headline=HINDI, body=f"<p>{MIXED}</p><p>{THAI} {HANGUL}</p>"),
            Post("p2", 9, headline=None, body=f"<p>{MIXED} {MIXED}</p>"),
            Post("p3", 15, headline="Plain title", body="<p>Plain text.</p>"),
        ]
    )
    app = reader(BLOG_URL, fetcher=blog.fetcher())
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, 3)
        await pilot.press("enter")
        await pilot.pause()
        width = size[0]
        rows = screen_text(app).splitlines()
        mixed_rows = [row for row in rows if any(unicodedata.category(c) == "Mc" for c in row)]
        assert mixed_rows, "the Hindi text is on screen"
        for row in rows:
            assert terminal_width(row) <= width, row
        timeline_width = app.timeline.scrollable_content_region.width
        for y in range(app.timeline.scrollable_content_region.height):
            strip = app.timeline.render_line(y)
            assert terminal_width(strip.text) == timeline_width, strip.text
        if app.detail.display and size[0] >= 100:
            # the pane's left edge (where the timeline ends) is the same column on every row
            column = app.detail.region.x
            left = screen_text(app).splitlines()[app.detail.region.y][column]
            for row in mixed_rows:
                widths = [terminal_width(row[:i]) for i in range(len(row) + 1)]
                assert column in widths, row  # no character straddles the pane's edge
                assert row[widths.index(column) :].startswith(left), row
