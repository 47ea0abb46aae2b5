"""Issue 17 (1): an entry with no id of its own keeps its id when its text is edited.

Every source that names such entries itself (JSON-LD updates without ``@id``/``url``, feed
items without ``guid`` or a link of their own, plain-HTML blocks without an anchor, posts saved
as text) is read twice, before and after an edit of one entry's text: the same id, one entry,
and an edit in the merge, the cache and ``follow``. Pages invented here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui_liveblog import sources
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.sources.derived_ids import Unnamed, derived_ids, first_words, newest_first
from tui_liveblog.store import Store

from .loopback import Loopback, Reply
from .test_cli import Follow
from .ui_support import FakeBlog, loaded, reader, refreshed

URL = "https://news.example/live/storm"
START = datetime(2031, 6, 5, 9, 0, tzinfo=UTC)
FORMATS = ("jsonld", "feed", "html", "text")
CONTENT_TYPES = {
    "jsonld": "text/html; charset=utf-8",
    "feed": "application/rss+xml",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class Post:
    text: str
    title: str | None = None
    at: datetime | None = None
    modified: datetime | None = None  # (JSON-LD only: its dateModified)


SENTENCES = (
    "The coastguard says two boats are still out past the harbour wall and are being watched",
    "Police have closed the coast road between the pier and the lighthouse until further notice",
    "The council has opened the school hall as a shelter for anyone who cannot get home tonight",
    "Power is off in three streets near the station, the electricity company says",
    "Trains to the city are running again, although with delays of up to an hour",
    "The lifeboat crew has brought a fisherman back to shore, cold but unhurt",
    "Waves have reached the promenade cafes, whose owners are moving their tables inside",
    "The ferry company has cancelled every crossing for the rest of the day",
    "A tree has come down across the main road to the hospital, which remains open",
    "Forecasters now expect the wind to ease a little after midnight",
    "Schools will open late tomorrow morning so that roads can be cleared first",
    "The mayor thanked the volunteers who filled sandbags along the river all afternoon",
)


def posts(*, dated: bool = True, titled: bool = True, n: int = 12) -> list[Post]:
    """``n`` posts, newest first (as a live blog lists them); past the twelfth, the sentences
    come again with a number at their end."""
    return [
        Post(
            f"{SENTENCES[k % 12]}{f' (update {k + 1})' if k >= 12 else ''}.",
            f"Storm update {k + 1}" if titled else None,
            START + timedelta(minutes=5 * k) if dated else None,
        )
        for k in reversed(range(n))
    ]


def edited(page: list[Post], index: int, text: str) -> list[Post]:
    return [replace(p, text=text) if i == index else p for i, p in enumerate(page)]


def corrected(page: list[Post]) -> tuple[list[Post], str, str]:
    """The page with one post's text corrected after its first words: (page, was, now)."""
    index = next(i for i, p in enumerate(page) if "near the station" in p.text)
    was = page[index].text
    now = was.replace("near the station", "near the old station")
    return edited(page, index, now), was, now


# -- the four pages -------------------------------------------------------------------------------


def jsonld_page(page: list[Post]) -> bytes:
    updates: list[dict[str, Any]] = []
    for p in page:
        update: dict[str, Any] = {"@type": "BlogPosting", "articleBody": f"<p>{p.text}</p>"}
        if p.title is not None:
            update["headline"] = p.title
        if p.at is not None:
            update["datePublished"] = p.at.isoformat()
        if p.modified is not None:
            update["dateModified"] = p.modified.isoformat()
        updates.append(update)
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm live",
        "url": URL,
        "liveBlogUpdate": updates,
    }
    script = json.dumps(data).replace("</", "<\\/")
    return (
        "<!doctype html><html><head><title>Storm live</title>"
        f'<script type="application/ld+json">{script}</script></head>'
        "<body><h1>Storm live</h1></body></html>"
    ).encode()


def feed_page(page: list[Post]) -> bytes:
    """RSS 2.0 whose items have no guid, and a link each: the live page, which they share."""
    items = []
    for p in page:
        parts = [f"<link>{URL}</link>", f"<description>{escape(f'<p>{p.text}</p>')}</description>"]
        if p.title is not None:
            parts.insert(0, f"<title>{escape(p.title)}</title>")
        if p.at is not None:
            parts.append(f"<pubDate>{format_datetime(p.at, usegmt=True)}</pubDate>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Storm live</title><link>{URL}</link>{''.join(items)}</channel></rss>"
    ).encode()


def html_page(page: list[Post]) -> bytes:
    """Blocks with no id: a ``<time datetime>`` when dated, else a bare clock time (no date
    anywhere on the page: undated entries)."""
    blocks = []
    for k, p in enumerate(page):
        if p.at is not None:
            when = f'<time datetime="{p.at.isoformat()}">{p.at:%H:%M}</time>'
        else:
            when = f'<span class="time">{20 - k // 4:02d}:{50 - 10 * (k % 4):02d}</span>'
        title = f"<h2>{escape(p.title)}</h2>" if p.title is not None else ""
        blocks.append(f'<div class="entry">{when}{title}<p>{escape(p.text)}</p></div>')
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Storm live</title></head>"
        f"<body><h1>Storm live</h1><div class='entries'>{''.join(blocks)}</div></body></html>"
    ).encode()


def text_page(page: list[Post]) -> bytes:
    """A live blog saved as text: a title, a standfirst, a bullet a post (a dated post begins
    with its date and time)."""
    lines = ["Storm live", "", "The storm reaches the coast this afternoon.", ""]
    for p in page:
        when = f"{p.at:%d %B %Y %H:%M} " if p.at is not None else ""
        title = f"{p.title}: " if p.title is not None else ""
        lines.append(f"  • {when}{title}{p.text}")
    return ("\n".join(lines) + "\n").encode()


PAGES: dict[str, Callable[[list[Post]], bytes]] = {
    "jsonld": jsonld_page,
    "feed": feed_page,
    "html": html_page,
    "text": text_page,
}


def parse(fmt: str, page: list[Post]) -> Snapshot:
    snap = sources.parse(PAGES[fmt](page), URL, {"content-type": CONTENT_TYPES[fmt]})
    assert snap.blog.source == fmt
    return snap


def ids(snap: Snapshot) -> list[str]:
    return [e.id for e in snap.entries]


def by_text(snap: Snapshot) -> dict[str, Entry]:
    return {e.text: e for e in snap.entries}


# the shapes of id-less entries each source meets: with or without a time, with or without a
# title (a text post has no title: its first line is its text)
SHAPES = [
    ("jsonld", True, True),  # la Repubblica's
    ("jsonld", True, False),
    ("jsonld", False, False),
    ("feed", True, True),
    ("feed", False, False),
    ("html", False, True),
    ("html", False, False),
    ("text", False, False),
    ("text", True, False),
]


# -- parsing: an edit keeps the id ----------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "dated", "titled"), SHAPES)
def test_an_edit_of_the_text_keeps_the_id(fmt: str, dated: bool, titled: bool) -> None:
    page = posts(dated=dated, titled=titled)
    before = parse(fmt, page)
    assert len(before.entries) == 12 and len(set(ids(before))) == 12
    page_after, was, now = corrected(page)
    after = parse(fmt, page_after)
    assert ids(after) == ids(before)
    assert by_text(after)[now].id == by_text(before)[was].id
    assert ids(parse(fmt, page)) == ids(before)  # and the same again: no chance in it


@pytest.mark.parametrize("fmt", ["jsonld", "feed"])
@pytest.mark.parametrize("title", ["Storm update", None])
def test_two_entries_at_the_same_time_with_the_same_or_no_title_stay_two(
    fmt: str, title: str | None
) -> None:
    at = START + timedelta(hours=1)
    page = [
        Post("The harbour master has closed the outer basin to every boat.", title, at),
        Post("The lifeboat has been called out to a yacht off the point.", title, at),
        *posts(n=3),
    ]
    snap = parse(fmt, page)
    assert len(snap.entries) == 5 and len(set(ids(snap))) == 5
    first, second = (by_text(snap)[p.text] for p in page[:2])
    # and each keeps its own id when the other is edited
    changed = parse(
        fmt, edited(page, 0, "The harbour master has closed both basins to every boat.")
    )
    assert by_text(changed)[page[1].text].id == second.id
    assert (
        by_text(changed)["The harbour master has closed both basins to every boat."].id == first.id
    )


@pytest.mark.parametrize("title", ["<h2>Storm update</h2>", ""])
def test_html_blocks_at_the_same_time_stay_two_and_keep_their_ids_under_an_edit(title: str) -> None:
    at = START + timedelta(hours=1)
    block = '<div class="entry"><time datetime="{at}">{hm}</time>{title}<p>{text}</p></div>'
    texts = [
        "The harbour master has closed the outer basin to every boat tonight.",
        "The lifeboat has been called out to a yacht in trouble off the point.",
        "Police have closed the coast road between the pier and the lighthouse.",
    ]
    times = [at, at, at - timedelta(minutes=20)]

    def page(words: list[str]) -> bytes:
        blocks = "".join(
            block.format(at=t.isoformat(), hm=f"{t:%H:%M}", title=title, text=w)
            for t, w in zip(times, words, strict=True)
        )
        return f"<html><body><div class='entries'>{blocks}</div></body></html>".encode()

    snap = sources.parse(page(texts), URL)
    assert snap.blog.source == "html"
    assert len(snap.entries) == 3 and len(set(ids(snap))) == 3
    # the older of the two (the later block) is edited: it was the one whose id held its text
    fixed = "The lifeboat has been called out to a yacht in trouble off the headland."
    again = sources.parse(page([texts[0], fixed, texts[2]]), URL)
    assert ids(again) == ids(snap)
    assert by_text(again)[fixed].id == by_text(snap)[texts[1]].id


# -- stability: the page grows at the top and loses entries at the bottom --------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_stay_when_entries_come_at_the_top_and_fall_off_the_bottom(fmt: str) -> None:
    dated = fmt != "html"  # (HTML: undated, the case its ids could not follow before)
    history = posts(dated=dated, titled=False, n=16)  # newest first
    window = parse(fmt, history[4:])  # the page as it was: 12 posts
    later = parse(fmt, history[:12])  # four more at the top, four fell off the bottom
    kept = {e.text: e.id for e in window.entries}
    assert len(kept) == 12
    for e in later.entries:
        if e.text in kept:
            assert e.id == kept[e.text], e.text


def test_entries_sharing_a_time_keep_their_ids_when_another_comes_at_that_time() -> None:
    at = START + timedelta(hours=2)
    texts = [f"{SENTENCES[k]}." for k in range(4)]
    page = [Post(t, None, at) for t in reversed(texts[:3])] + posts(n=3)  # newest first
    before = parse("jsonld", page)
    grown = parse("jsonld", [Post(texts[3], None, at), *page])  # a fourth, at the top
    assert len(grown.entries) == 7
    for text in texts[:3]:
        assert by_text(grown)[text].id == by_text(before)[text].id


def test_an_oldest_first_page_counts_from_its_top() -> None:
    at = START + timedelta(hours=2)
    texts = [f"{SENTENCES[k]}." for k in range(4)]
    page = posts(n=3)[::-1] + [Post(t, None, at) for t in texts[:3]]  # oldest first
    before = parse("jsonld", page)
    grown = parse("jsonld", [*page, Post(texts[3], None, at)])  # a fourth, at the bottom
    for text in texts[:3]:
        assert by_text(grown)[text].id == by_text(before)[text].id


def test_a_time_every_update_copies_from_the_page_is_no_identity() -> None:
    """Updates all carrying the page's time (which moves when the page is modified) are known
    by their first words: the time moving, a post coming at the top, a text edited further on
    change no id."""
    page = [Post(p.text, None, START) for p in posts(dated=False, titled=False, n=6)]
    before = parse("jsonld", page)
    moved = START + timedelta(minutes=40)
    grown = [Post(f"{SENTENCES[9]}.", None, moved)] + [replace(p, at=moved) for p in page]
    grown, was, now = corrected(grown)
    after = parse("jsonld", grown)
    assert len(after.entries) == 7 and by_text(after)[now].id == by_text(before)[was].id
    old = {first_words(e.text): e.id for e in before.entries}
    assert {first_words(e.text): e.id for e in after.entries if first_words(e.text) in old} == old


def test_derived_ids_helpers() -> None:
    assert newest_first([START, None, START - timedelta(hours=1)])
    assert not newest_first([START, START + timedelta(hours=1), START + timedelta(hours=2)])
    assert newest_first([None, None])  # cannot tell: as live blogs do
    assert first_words("Breaking: the harbour wall — has been breached, police say.") == (
        "breaking the harbour wall has been"
    )
    # entries with nothing at all to know them by are still told apart, by their rank
    nothing = [Unnamed(None, None, ""), Unnamed(None, None, "")]
    assert len(set(derived_ids("x:", nothing))) == 2
    assert derived_ids("x:", nothing[:1]) == derived_ids("x:", nothing)[1:]  # oldest: rank 0


# -- merged: an edit, in memory and in the cache ---------------------------------------------------


class Served:
    """One page behind an ``httpx.MockTransport``; what it serves can be changed."""

    def __init__(self, fmt: str, page: list[Post]) -> None:
        self.fmt = fmt
        self.page = page

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = PAGES[self.fmt](self.page)
        return httpx.Response(200, headers={"Content-Type": CONTENT_TYPES[self.fmt]}, content=body)

    def feed(self, store: Store | None) -> BlogFeed:
        return BlogFeed(
            URL, fetcher=Fetcher(transport=httpx.MockTransport(self.handler)), store=store
        )


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "memory"])
@pytest.mark.parametrize(("fmt", "dated", "titled"), SHAPES)
async def test_an_edit_is_merged_as_an_edit(
    fmt: str, dated: bool, titled: bool, cached: bool, tmp_path: Path
) -> None:
    page = posts(dated=dated, titled=titled)
    served = Served(fmt, page)
    store = Store(tmp_path / "cache.sqlite3") if cached else None
    feed = served.feed(store)
    first = await feed.refresh()
    assert len(first.changes.new) == 12
    served.page, was, now = corrected(page)
    changes = (await feed.refresh()).changes
    assert (changes.new, changes.removed) == ((), ())
    assert [e.text for e in changes.edited] == [now]
    entry_id = changes.edited[0].id
    assert entry_id in {e.id for e in first.changes.new}
    assert len(feed.known) == 12 and feed.known[entry_id].text == now
    if store is not None:
        cached_blog = store.load(URL)
        assert cached_blog is not None and len(cached_blog.entries) == 12
        assert [v.text for v in store.versions(URL, entry_id)] == [was, now]
    await feed.fetcher.aclose()


# -- the reader ----------------------------------------------------------------------------------


async def test_the_reader_shows_an_edit_in_place_of_the_entry() -> None:
    page = posts()
    blog = FakeBlog(page=jsonld_page(page))
    app = reader(URL, fetcher=blog.fetcher())
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 12)
        timeline = app.timeline
        before = [timeline.entry_at(i).id for i in range(12)]
        changed, was, now = corrected(page)
        changed = [
            replace(p, modified=START + timedelta(hours=5)) if p.text == now else p for p in changed
        ]
        blog.page = jsonld_page(changed)
        await refreshed(pilot, blog, lambda: now in {e.text for e in app.entries})
        assert timeline.entry_count == 12
        assert [timeline.entry_at(i).id for i in range(12)] == before
        entry = next(timeline.entry_at(i) for i in range(12) if timeline.entry_at(i).text == now)
        assert entry.edited and was not in {e.text for e in app.entries}


# -- follow --format jsonl -------------------------------------------------------------------------


@pytest.fixture
def following() -> Iterator[Callable[..., Follow]]:
    started: list[Follow] = []

    def start(*args: str) -> Follow:
        f = Follow(*args)
        started.append(f)
        return f

    yield start
    for f in started:
        f.kill()


@pytest.mark.parametrize("fmt", FORMATS)
def test_follow_prints_an_edit_once_and_no_new_entry(
    fmt: str, following: Callable[..., Follow]
) -> None:
    dated = fmt in ("jsonld", "feed")
    served = Served(fmt, posts(dated=dated, titled=fmt == "jsonld"))
    page = served.page

    def route(path: str, query: dict[str, list[str]], headers: Message) -> Reply | None:
        body = PAGES[fmt](served.page)
        return Reply(200, body, {"Content-Type": CONTENT_TYPES[fmt]})

    with Loopback(route) as server:
        f = following(server.url("/live/storm"), "--interval", "1", "--format", "jsonl")
        initial = f.wait_records(12)
        served.page, was, now = corrected(page)
        records = f.wait_records(13)
        # then a post of its own: printed after the edit, and nothing in between
        fresh = Post("The wind has dropped and the first ferry is expected at noon.")
        if dated:
            fresh = replace(fresh, title="Storm update 13" if fmt == "jsonld" else None)
            fresh = replace(fresh, at=START + timedelta(hours=3))
        served.page = [fresh, *served.page]
        records = f.wait_records(14)
        code, err = f.interrupt()
    assert code == 0 and err == ""
    assert len(initial) == 12 and len({r["id"] for r in initial}) == 12
    before = {r["text"]: r["id"] for r in initial}
    assert records[12]["text"] == now  # the edit: the entry again, under its id
    assert records[12]["id"] == before[was]
    assert records[13]["text"] == fresh.text and records[13]["id"] not in before.values()
    assert len(f.records()) == 14  # nothing else, up to Ctrl-C
