"""``liveblog serve`` in a real browser (issue 16, point 4): headless Chromium opens the page,
the reader runs behind it, and its terminal shows an entry's headline from a blog on
127.0.0.1. Ctrl-C then ends the server, and the readers it ran, with status 0.

Skipped, saying why, without Chromium (Debian: apt-get install chromium) or without the extra
(pip install 'tui-liveblog[web]')."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.blogserver import BlogServer
from tests.chromium import CHROMIUM, chromium, lines_of, open_page, screen_text, stop_group

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("textual_serve") is None,
        reason="textual-serve is not installed (pip install 'tui-liveblog[web]')",
    ),
]

HEADLINE = "Lighthouse keeper rows the last ferry ashore"


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_served_reader_shows_a_headline_in_chromium(tmp_path: Path) -> None:
    with BlogServer() as blog:
        blog.add_many(2)
        blog.add(headline=HEADLINE)
        serve = subprocess.Popen(
            [sys.executable, "-m", "tui_liveblog", "serve", blog.url, "--no-cache"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # (its group: the server and the readers it runs)
        )
        try:
            assert serve.stdout is not None and serve.stderr is not None
            url = lines_of(serve.stdout).get(timeout=60).strip()
            assert url.startswith("http://127.0.0.1:"), url
            with chromium(tmp_path / "profile") as devtools:
                text = asyncio.run(screen_text(devtools, url, HEADLINE, timeout=60))
                assert HEADLINE in text, f"the page's terminal showed:\n{text}"
                assert "Update 2" in text  # (the timeline, not only the selected entry)
                # Ctrl-C with the page still open
                serve.send_signal(signal.SIGINT)
                assert serve.wait(60) == 0
            assert "Traceback" not in serve.stderr.read()
            assert not _group_alive(serve.pid)  # no reader left running
        finally:
            stop_group(serve)


def test_two_blogs_served_as_one_timeline_in_chromium(tmp_path: Path) -> None:
    """Issue 16, done when 4: the same blogs merged, opened in Chromium through serve."""
    other = "Harbour master closes the north pier"
    with BlogServer() as blog, BlogServer(title="Harbour, elsewhere") as second:
        blog.add(headline=HEADLINE)
        second.add(headline=other)
        serve = subprocess.Popen(
            [sys.executable, "-m", "tui_liveblog", "serve", blog.url, second.url, "--no-cache"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            assert serve.stdout is not None
            url = lines_of(serve.stdout).get(timeout=60).strip()
            with chromium(tmp_path / "profile") as devtools:
                text = asyncio.run(screen_text(devtools, url, (HEADLINE, other), timeout=60))
                assert HEADLINE in text and other in text, text
                assert f"127.0.0.1:{second.url.split(':')[2].split('/')[0]}" in text  # a label
                serve.send_signal(signal.SIGINT)
                assert serve.wait(60) == 0
        finally:
            stop_group(serve)


def test_with_no_source_the_home_screen_opens_a_saved_blog_on_the_same_page(
    tmp_path: Path,
) -> None:
    """``liveblog serve`` with no SOURCE serves the home screen: enter opens the saved blog's
    reader on the same page (the session goes on: ui.web_handover), esc comes back to the
    home screen, enter opens the reader again, and q ends the page's session."""
    with BlogServer() as blog:
        blog.add_many(2)
        blog.add(headline=HEADLINE)
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "tui-liveblog" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(f'[blogs]\nharbour = "{blog.url}"\n')
        serve = subprocess.Popen(
            [sys.executable, "-m", "tui_liveblog", "serve"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            assert serve.stdout is not None and serve.stderr is not None
            url = lines_of(serve.stdout).get(timeout=60).strip()
            assert url.startswith("http://127.0.0.1:"), url

            async def visit(devtools: str) -> None:
                async with open_page(devtools, url) as page:
                    text = await page.wait_for("harbour", timeout=60)
                    # the home screen (which may show the blog's latest headline once its
                    # background refresh is done, but never the reader's older entries)
                    assert "Saved blogs" in text and "Update 2" not in text, text
                    await page.press("Enter")
                    text = await page.wait_for((HEADLINE, "Update 2"), timeout=60)
                    assert HEADLINE in text and "Update 2" in text, text  # the reader
                    await page.press("Escape")
                    await page.wait_for("Saved blogs", timeout=60)
                    text = await page.wait_for("harbour", timeout=10)
                    assert "Update 2" not in text, text  # the home screen again
                    await page.press("Enter")
                    text = await page.wait_for("Update 2", timeout=60)
                    assert "Update 2" in text, text  # and the reader again
                    assert not await page.ended(timeout=0.5)
                    await page.press("q")
                    assert await page.ended(timeout=30)  # q quits: the session ends

            with chromium(tmp_path / "profile") as devtools:
                asyncio.run(visit(devtools))
                serve.send_signal(signal.SIGINT)
                assert serve.wait(60) == 0
            assert "Traceback" not in serve.stderr.read()
        finally:
            stop_group(serve)
