"""The detail pane's fast paths draw exactly what a fresh render draws: an entry prepared ahead
(or kept from before) shows the lines that rendering it anew gives, at several widths, with the
filter's words marked; a changed entry (same id) or other words are drawn anew; and the
timeline's entries, replaced in one pass, are what the one-at-a-time path keeps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.strip import Strip

from tui_liveblog.model import Block, Entry, Media, Span
from tui_liveblog.ui.body_render import render_entry
from tui_liveblog.ui.timeline_entries import TimelineEntries
from tui_liveblog.ui.widgets.detail import DetailPane

T0 = datetime(2040, 6, 12, 12, tzinfo=UTC)
WORDS = [
    "harbour",
    "quay",
    "regatta",
    "crews",
    "said",
    "the",
    "wind",
    "rose",
    "overnight",
    "and",
    "ferries",
    "were",
    "held",
    "at",
    "Penzance",
    "while",
    "volunteers",
    "in",
    "Falmouth",
    "moved",
    "boats",
]


def entry(n: int, edit: str = "") -> Entry:
    """A rich invented entry: paragraphs, a list, a quote, links, a medium."""

    def sentence(k: int) -> str:
        words = [WORDS[(n * 7 + k * 3 + i) % len(WORDS)] for i in range(9 + (k + n) % 8)]
        return " ".join(words).capitalize() + "."

    paragraphs = [" ".join(sentence(k + 3 * p) for k in range(3)) + edit for p in range(4)]
    body = (
        Block("p", (Span(paragraphs[0]),)),
        Block("h", (Span(f"Update {n}"),), level=2),
        Block("ul", items=tuple((Span(sentence(10 + i)),) for i in range(3))),
        Block("quote", (Span(paragraphs[1], italic=True),)),
        Block(
            "p",
            (
                Span("Read more: "),
                Span("the full story", href=f"https://news.example/{n}/a-long-path/for-the-story"),
                Span(" and https://news.example/weather/" + "x" * 40),
            ),
        ),
        Block("p", (Span(paragraphs[2]), Span(" bold", bold=True))),
        Block("media", media=Media("image", f"https://img.example/{n}.jpg", "Boats at the quay")),
        Block("p", (Span(paragraphs[3]),)),
    )
    return Entry(
        id=f"e{n}",
        published=T0 - timedelta(minutes=n),
        title=f"Harbour update {n}" if n % 2 else None,
        authors=("Ruth Okafor",),
        body=body,
        text="\n\n".join(paragraphs),
        url=f"https://news.example/live#e{n}",
        key_event=n == 3,
    )


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DetailPane(UTC, id="detail")


def reference(pane: DetailPane, shown: Entry, words: Sequence[str] = ()) -> list[Strip]:
    """The lines as the pane drew them before it kept anything: the whole renderable, then a
    strip a line, simplified, then styled."""
    width = pane._width()
    console = pane.app.console
    options = console.options.update(width=width, height=None, highlight=False)
    renderable = render_entry(shown, UTC, tuple(words), (), pane.watched, None)
    rendered = console.render_lines(renderable, options, pad=True, new_lines=False)
    while rendered and not "".join(seg.text for seg in rendered[-1]).strip():
        rendered.pop()
    style = pane.rich_style
    return [Strip(Segment.simplify(line), width).apply_style(style) for line in rendered]


def segments(strips: list[Strip]) -> list[list[Segment]]:
    return [list(strip) for strip in strips]


@pytest.mark.parametrize("width", [24, 60, 100])
async def test_an_entry_prepared_ahead_shows_what_a_fresh_render_shows(width: int) -> None:
    app = PaneApp()
    async with app.run_test(size=(width, 20)) as pilot:
        pane = app.query_one(DetailPane)
        for words in ((), ("harbour", "quay")):
            pane.show(entry(1), words)
            pane.prepare(entry(2), words)
            pane.show(entry(2), words)  # (a copy equal to the one prepared: handed over)
            await pilot.pause()
            assert pane.entry == entry(2)
            assert segments(pane._strips(pane._width())) == segments(
                reference(pane, entry(2), words)
            )
            assert pane.virtual_size.height == len(reference(pane, entry(2), words))
            pane.show(entry(1), words)  # kept from before
            await pilot.pause()
            assert segments(pane._strips(pane._width())) == segments(
                reference(pane, entry(1), words)
            )


async def test_a_changed_entry_and_other_words_are_drawn_anew() -> None:
    app = PaneApp()
    async with app.run_test(size=(70, 20)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(entry(4))
        pane.prepare(entry(5))
        edited = entry(4, edit=" Edited: the quay reopened.")
        pane.show(edited)  # same id, another text
        await pilot.pause()
        assert segments(pane._strips(pane._width())) == segments(reference(pane, edited))
        pane.words = ("quay",)
        pane.rerender()  # (as the filter does once its frame is drawn)
        await pilot.pause()
        assert segments(pane._strips(pane._width())) == segments(reference(pane, edited, ("quay",)))
        pane.watched = ("regatta",)
        pane.rerender()
        await pilot.pause()
        assert segments(pane._strips(pane._width())) == segments(reference(pane, edited, ("quay",)))


async def test_a_resize_draws_a_kept_entry_at_the_new_width() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 20)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(entry(6))
        pane.prepare(entry(7))
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        pane.show(entry(7))
        await pilot.pause()
        assert segments(pane._strips(pane._width())) == segments(reference(pane, entry(7)))


# -- the timeline's entries, replaced -----------------------------------------------------------
def replaced_one_at_a_time(entries: Sequence[Entry]) -> tuple[list[Entry], dict[str, int]]:
    """What :meth:`TimelineEntries.replace_all` kept before its one-pass path."""
    seen: set[str] = set()
    unique: list[Entry] = []
    for item in entries:
        if item.id not in seen:
            seen.add(item.id)
            unique.append(item)
    unique.reverse()
    return unique, {item.id: position for position, item in enumerate(unique)}


@pytest.mark.parametrize(
    "ids",
    [
        [],
        ["a"],
        ["a", "b", "c", "d"],
        ["a", "b", "a", "c"],  # a repeated id keeps its newest copy (the first)
        ["x", "x", "x"],
        [f"e{n % 37}" for n in range(100)],
    ],
)
def test_replace_all_keeps_what_the_one_at_a_time_path_kept(ids: list[str]) -> None:
    entries = [Entry(id=i, text=f"copy {n}") for n, i in enumerate(ids)]
    held = TimelineEntries()
    held.replace_all(entries)
    unique, positions = replaced_one_at_a_time(entries)
    assert held._entries == unique
    assert [e.text for e in held._entries] == [e.text for e in unique]
    assert held._positions == positions
    assert [held.entry_at(i) for i in range(len(held))] == unique[::-1]


async def test_the_reader_renders_the_next_entry_ahead_once_it_rests_on_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In the reader: resting on an entry renders the one below it ahead (its ``j``), with the
    filter's words, so that the next ``j`` only hands its lines over."""
    from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, until

    prepared: list[tuple[str, tuple[str, ...]]] = []
    prepare = DetailPane.prepare

    def recorded(
        self: DetailPane, entry: Entry, words: Sequence[str] = (), authors: Sequence[str] = ()
    ) -> None:
        prepared.append((entry.id, tuple(words)))
        prepare(self, entry, words, authors)

    monkeypatch.setattr(DetailPane, "prepare", recorded)
    posts = [
        Post(f"p{i}", 60 - i, f"Harbour update {i}", "<p>Boats out.</p>" * 20) for i in range(6)
    ]
    app = reader(BLOG_URL, fetcher=FakeBlog(posts).fetcher())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 6)
        timeline = app.timeline
        await pilot.press("j", "j")
        assert timeline.selected_index == 2
        below = timeline.entry_at(3).id
        await until(pilot, lambda: prepared and prepared[-1] == (below, ()), "the one below")
        await pilot.press("slash", *"harbour", "enter")
        await pilot.press("j")
        await until(pilot, lambda: prepared[-1][1] == ("harbour",), "prepared with the words")
