"""Links in the detail pane, as a reviewer tried to break them: a shortened address never hides
the site it goes to, a closing bracket that belongs to an address stays in it, and a deleted
entry's linked paragraphs are struck through like the rest (issue 13, point 12)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console

from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader
from tui_liveblog.config_save import NotSaved, save_theme
from tui_liveblog.model import Block, Entry, Span
from tui_liveblog.store import Store
from tui_liveblog.ui.body_render import render_entry, shorten, spans_to_text

SPOOF = "https://www.bbc.co.uk.news-live.attacker.example/2024/12/07/world-news-live-updates"


@pytest.mark.parametrize("width", [12, 20, 30, 40, 60])
def test_a_shortened_address_never_shows_a_site_it_does_not_go_to(width: int) -> None:
    short = shorten(SPOOF, width)
    assert len(short) <= width
    # what is shown of the host is its end (where the domain is), or all of it
    shown_host = short.split("://", 1)[-1].split("/", 1)[0].lstrip("…")
    assert "www.bbc.co.uk.news-live.attacker.example".endswith(shown_host)
    assert "bbc.co.uk" not in short or "attacker.example" in short


def test_a_short_site_is_kept_whole_and_the_path_cut_in_the_middle() -> None:
    url = "https://news.example/2026/dec/07/storm-bert-live-updates-flooding-and-travel"
    short = shorten(url, 40)
    assert short.startswith("https://news.example/") and "…" in short and len(short) == 40
    assert url.endswith(short.split("…")[1])


def test_a_closing_bracket_of_the_address_stays_in_it() -> None:
    text = spans_to_text(
        [
            Span(
                "see https://en.wikipedia.org/wiki/Mercury_(planet) and"
                " (https://b.example/x). Also https://c.example/a)."
            )
        ]
    )
    links = [span.style.link for span in text.spans if not isinstance(span.style, str)]
    assert links == [
        "https://en.wikipedia.org/wiki/Mercury_(planet)",
        "https://b.example/x",
        "https://c.example/a",
    ]


def test_a_deleted_entrys_linked_paragraphs_are_struck_through_too() -> None:
    body = (
        Block("p", (Span("Plain words."),)),
        Block("p", (Span("See "), Span("the map", href="https://x.example/map"), Span("."))),
    )
    entry = Entry("d", text="Plain words.\n\nSee the map.", body=body, deleted=True)
    console = Console(file=io.StringIO(), width=60)
    lines = console.render_lines(render_entry(entry, None), console.options, pad=False)
    segments = [seg for line in lines for seg in line if seg.text.strip()]
    for words in ("Plain words.", "the map", "https://x.example/map"):
        found = [seg for seg in segments if words in seg.text]
        assert found and all(seg.style is not None and seg.style.strike for seg in found), words


def test_a_config_path_in_a_symlink_loop_is_not_saved_and_says_why(tmp_path: Path) -> None:
    loop = tmp_path / "config.toml"
    loop.symlink_to(tmp_path / "other.toml")
    (tmp_path / "other.toml").symlink_to(loop)
    with pytest.raises(NotSaved):
        save_theme("nord", loop)


async def test_v_with_the_cache_locked_keeps_the_reader_running(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    blog = FakeBlog([Post("a", 3, "A", "<p>x</p>"), Post("b", 6, "B", "<p>y</p>")])
    store = Store(path)
    app = reader(BLOG_URL, fetcher=blog.fetcher(), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, 2)
        import tui_liveblog.store.cache as cache_module

        cache_module.BUSY_TIMEOUT = 0.05  # (not five seconds of a frozen test)
        blocker = sqlite3.connect(path, isolation_level=None)
        try:
            blocker.execute("BEGIN EXCLUSIVE")
            await pilot.press("v")
            await pilot.pause()
            assert app.is_running and app.timeline.compact
            notes = [str(n.message) for n in app._notifications]
            assert any(n.startswith("The view is not kept for next time") for n in notes)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()


def test_hyperlink_targets_are_printable_ascii() -> None:
    """An OSC 8 target is printable ASCII: a host in another script becomes its IDNA form, the
    rest is percent-encoded (it went into the escape sequence as it was)."""
    text = spans_to_text(
        [
            Span("Карта", href="https://пример.example/путь?q=ü"),
            Span(" and https://例え.example/ページ here"),
        ]
    )
    targets = [span.style.link for span in text.spans if not isinstance(span.style, str)]
    assert targets == [
        "https://xn--e1afmkfd.example/%D0%BF%D1%83%D1%82%D1%8C?q=%C3%BC",
        "https://xn--r8jz45g.example/%E3%83%9A%E3%83%BC%E3%82%B8",
    ]
    assert all(t and t.isascii() and t.isprintable() and " " not in t for t in targets)
