"""Issue 17 (5): the reader's header shows a blog's title clean, whatever its origin: a file's
name (a Reddit listing names no title: its file's name is the title) or, until the blog says
its title, the address it was opened with."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from tests.conftest import FIXTURES
from tests.ui_support import loaded, reader, screen_text, until
from tui_liveblog.fetch import Fetcher, FetchResult, Validators

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
EVIL = "\x1b]0;pwned\x07\x1b[31mred\u202eevil\u0085"


def assert_clean(text: str) -> None:
    assert not CONTROL.search(text), repr(text)


async def test_a_file_named_with_escapes_is_titled_clean(tmp_path: Path) -> None:
    path = tmp_path / f"blog{EVIL}.json"
    path.write_bytes((FIXTURES / "reddit" / "embeds-listing.json").read_bytes())
    app = reader(str(path), follow=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.status.title == "blogredevil.json"
        header = screen_text(app).splitlines()[0]
        assert "blogredevil.json" in header
        assert_clean(header)
        assert "\x1b" not in app.export_screenshot()


class Waiting(Fetcher):
    """A fetch that does not end while the test looks (a slow source)."""

    async def fetch(self, source: str, validators: Validators | None = None) -> FetchResult:
        await asyncio.Event().wait()
        raise AssertionError("never")


async def test_the_address_shown_until_the_title_comes_is_clean(tmp_path: Path) -> None:
    path = tmp_path / f"blog{EVIL}.json"
    path.write_bytes(b"{}")
    app = reader(str(path), fetcher=Waiting(retries=0), follow=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "blogredevil.json" in app.status.title, "the address")
        assert app.status.title == str(tmp_path / "blogredevil.json")
        header = screen_text(app).splitlines()[0]
        assert "blogredevil" in header
        assert_clean(header)
