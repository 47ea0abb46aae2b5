"""Several blogs as one feed for the reader (issue 16, point 1): FeedGroup and GroupFollower."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

from tui_liveblog.feed_group import FeedGroup
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.several import BlogRef
from tui_liveblog.store import Store

AGENCY = (
    "Polls have closed in Pennsylvania, where both campaigns spent more than in any other "
    "state; officials said turnout in Philadelphia was running well ahead of 2022."
)


def _page(title: str, updates: list[tuple[str, str, str]]) -> bytes:
    doc = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": title,
        "coverageEndTime": "2099-01-01T00:00:00Z",
        "liveBlogUpdate": [
            {"@id": i, "articleBody": text, "datePublished": f"2026-11-03T21:{m}:00Z"}
            for i, text, m in updates
        ],
    }
    return b'<script type="application/ld+json">' + orjson.dumps(doc) + b"</script>"


class Pages:
    """Each blog's page, by URL, as the test changes them."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.down: set[str] = set()

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url in self.down:
            return httpx.Response(503)
        return httpx.Response(200, content=self.pages[url], headers={"content-type": "text/html"})


A, B = "https://a.example/live", "https://b.example/live"


def _group(pages: Pages, store: Store | None) -> FeedGroup:
    fetcher = Fetcher(transport=httpx.MockTransport(pages.handler), retries=0)
    refs = [BlogRef(A, "a"), BlogRef(B, "b")]
    feeds = [BlogFeed(r.url, fetcher=fetcher, store=store) for r in refs]
    return FeedGroup(feeds, refs, fetcher)


async def test_two_blogs_as_one_timeline_with_a_shared_post_once(tmp_path: Path) -> None:
    pages = Pages()
    pages.pages[A] = _page("A live", [("p1", AGENCY, "05"), ("p2", "Our own take " * 4, "10")])
    pages.pages[B] = _page("B live", [("p1", AGENCY, "07"), ("x", "Elsewhere today " * 4, "01")])
    store = Store(tmp_path / "c.sqlite3")
    group = _group(pages, store)
    follower = group.make_follower(interval=1)
    updates = follower.updates()
    first = [await anext(updates), await anext(updates)]
    assert all(u.error is None for u in first)
    # the same id "p1" in both blogs: two ids in the group; the agency post once, as A has it
    assert [e.id for e in group.entries] == ["0:p2", "0:p1", "1:x"]
    assert group.origin("0:p1") == ("a", ("b",))
    assert group.origin("1:x") == ("b", ())
    assert group.blog is not None and group.blog.title == "a + b" and group.blog.live is True
    # an arrival in B is new in the group, and unread (as B has it)
    pages.pages[B] = _page(
        "B live",
        [("p1", AGENCY, "07"), ("x", "Elsewhere today " * 4, "01"), ("y", "Later " * 9, "30")],
    )
    follower.wake()
    update = await _next_change(updates)
    assert [e.id for e in update.changes.new] == ["1:y"]
    assert "1:y" in group.unread and group.feeds[1].unread == {"y"}
    # read in the group: read in B's cache
    assert group.mark_read(["1:y"]) == ["1:y"]
    await group.save_read(["1:y"])
    cached = store.load(B)
    assert cached is not None and cached.unread_ids == frozenset()
    # a body is B's own
    assert group.body_of(group.known["1:y"]).id == "1:y"
    await updates.aclose()
    # reopened from the cache: the same timeline
    again = _group(pages, Store(tmp_path / "c.sqlite3"))
    assert again.load_cache(bodies=False)
    assert [e.id for e in again.entries] == ["1:y", "0:p2", "0:p1", "1:x"]
    assert again.origin("0:p1") == ("a", ("b",))
    await group.fetcher.aclose()


async def test_a_blog_that_fails_is_named_and_the_others_go_on() -> None:
    pages = Pages()
    pages.pages[A] = _page("A live", [("p1", "First post " * 4, "05")])
    pages.pages[B] = b"not a blog"
    group = _group(pages, None)
    updates = group.make_follower(interval=1).updates()
    got = [await anext(updates), await anext(updates)]
    errors = [u for u in got if u.error]
    assert len(errors) == 1 and errors[0].error.startswith("b: ")  # type: ignore[union-attr]
    assert not errors[0].fatal  # (A is still followed)
    assert [e.id for e in group.entries] == ["0:p1"]
    await updates.aclose()
    await group.fetcher.aclose()


async def _next_change(updates):  # type: ignore[no-untyped-def]
    while True:
        update = await anext(updates)
        if update.changes:
            return update


async def test_the_reader_shows_several_blogs_as_one_timeline_each_card_naming_its_blog(
    tmp_path: Path,
) -> None:
    """Issue 16 (1): `liveblog A B` in the reader: one timeline, each card's blog first on its
    top line (the shared post: its blog and +1), the title naming both; a group cannot be
    saved with a, and d reads an entry's versions from its own blog."""
    from tests.ui_support import loaded, screen_text, timeline_text
    from tui_liveblog.ui.factory import make_group_app

    pages = Pages()
    pages.pages[A] = _page("A live", [("p1", AGENCY, "05"), ("p2", "Our own take " * 4, "10")])
    pages.pages[B] = _page("B live", [("p1", AGENCY, "07"), ("x", "Elsewhere today " * 4, "01")])
    app = make_group_app(
        [("alpha", A), ("beta", B)],
        fetcher=Fetcher(transport=httpx.MockTransport(pages.handler), retries=0),
        store=Store(tmp_path / "c.sqlite3"),
        interval=3600,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 3)
        lines = timeline_text(app).splitlines()
        tops = [line for line in lines if "alpha" in line or "beta" in line]
        assert [("alpha" if "alpha" in t else "beta") for t in tops] == ["alpha", "alpha", "beta"]
        assert "alpha +1" in tops[1]  # the agency post: alpha's, beta carries it too
        assert "alpha + beta" in screen_text(app).splitlines()[0]
        await pilot.press("j")  # the shared post: the detail pane names both blogs
        await pilot.pause()
        assert "From alpha, also in beta" in app.detail.text
        await pilot.press("a")
        await pilot.pause()
        assert any("[groups]" in str(n.message) for n in app._notifications)


async def test_a_watch_word_in_one_of_several_blogs_names_that_blog(tmp_path: Path) -> None:
    from tests.ui_support import loaded, until
    from tui_liveblog.ui.factory import make_group_app

    pages = Pages()
    pages.pages[A] = _page("A live", [("p1", "Calm morning at the harbour " * 2, "05")])
    pages.pages[B] = _page("B live", [("x", "Elsewhere today " * 4, "01")])
    app = make_group_app(
        [("alpha", A), ("beta", B)],
        fetcher=Fetcher(transport=httpx.MockTransport(pages.handler), retries=0),
        store=None,
        interval=3600,
        watch=("storm",),
        alerts={"bell": False, "notice": True, "desktop": False},
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 2)
        await pilot.pause(0.2)
        pages.pages[B] = _page(
            "B live", [("x", "Elsewhere today " * 4, "01"), ("y", "A storm is coming in", "40")]
        )
        app.follower.wake()
        await until(pilot, lambda: app.timeline.entry_count == 3, "the new entry")
        await until(pilot, lambda: bool(app._notifications), "the notice")
        notices = [str(n.message) for n in app._notifications]
        assert any(n.startswith("Watch word in beta") for n in notices), notices


def test_merged_timeline_snapshot(snap_compare: Callable[..., bool]) -> None:
    """Issue 16 (1, 2): two blogs as one timeline at 120x40, each card naming its blog, the
    post both carry once (``alpha +1``)."""
    from tests.ui_support import frozen, loaded
    from tui_liveblog.ui.factory import make_group_app

    pages = Pages()
    pages.pages[A] = _page(
        "Alpha News live",
        [("p1", AGENCY, "05"), ("p2", "Our reporter at the count in Philadelphia " * 2, "10")],
    )
    pages.pages[B] = _page(
        "Beta Times live",
        [
            ("p1", AGENCY, "07"),
            ("x", "Turnout in the suburbs looks higher than in 2022 " * 2, "01"),
        ],
    )
    app = make_group_app(
        [("alpha", A), ("beta", B)],
        fetcher=Fetcher(transport=httpx.MockTransport(pages.handler), retries=0),
        store=None,
        interval=3600,
        clock=frozen,
    )

    async def run_before(pilot: Any) -> None:
        await loaded(pilot, 3)
        await pilot.press("j")

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_a_post_is_the_blog_that_published_it_first_whichever_arrives_first() -> None:
    """The copy came in first (its blog answered first); the original, published earlier,
    takes the post over: the same entry in the timeline, now naming its first publisher."""
    from datetime import UTC, datetime

    from tui_liveblog.model import Changes, Entry

    fetcher = Fetcher(transport=httpx.MockTransport(Pages().handler))
    refs = [BlogRef(A, "alpha"), BlogRef(B, "beta")]
    group = FeedGroup([BlogFeed(r.url, fetcher=fetcher) for r in refs], refs, fetcher)
    at = datetime(2026, 11, 3, 21, 0, tzinfo=UTC)
    copy = Entry(id="c", published=at.replace(minute=9), text=AGENCY)
    original = Entry(id="o", published=at.replace(minute=2), text=AGENCY)
    first = group.changes(1, Changes(new=(copy,)))
    assert [e.id for e in first.new] == ["1:c"] and group.origin("1:c") == ("beta", ())
    then = group.changes(0, Changes(new=(original,)))
    assert then.new == () and [e.id for e in then.edited] == ["1:c"]  # (in place)
    assert group.origin("1:c") == ("alpha", ("beta",))
    assert group.known["1:c"].published == original.published
    assert group.own("1:c")[1] == "o"  # (read state and versions: alpha's own entry)
    # an edit of alpha's original now edits the post; beta's copy's edits do not
    edit = group.changes(0, Changes(edited=(original.with_changes(text=AGENCY + " Update."),)))
    assert [e.id for e in edit.edited] == ["1:c"]
    assert group.changes(1, Changes(edited=(copy.with_changes(text="x"),))).edited == ()


async def test_load_older_pages_back_each_blog_that_can() -> None:
    """Issue 16 (1): load older, per blog: each blog that has older pages fetches one; what
    they bring joins the group (ids per blog, the same post once)."""
    from datetime import UTC, datetime

    from tui_liveblog.follow import Refresh
    from tui_liveblog.model import Changes, Entry

    at = datetime(2026, 11, 3, 20, 0, tzinfo=UTC)

    class Paging:  # (the part of a BlogFeed the group uses)
        def __init__(self, older: list[Entry] | None) -> None:
            self.older = older
            self.store = None
            self.known: dict[str, Entry] = {}
            self.unread: set[str] = set()
            self.blog = None
            self.fetched_at = None
            self.calls = 0

        @property
        def can_load_older(self) -> bool:
            return self.older is not None

        async def load_older(self) -> Refresh:
            self.calls += 1
            assert self.older is not None
            return Refresh(Changes(new=tuple(self.older)), False, at)

    a = Paging([Entry(id="o1", published=at, text=AGENCY), Entry(id="o2", published=at)])
    b = Paging(None)  # (no older pages)
    c = Paging([Entry(id="o1", published=at.replace(minute=3), text=AGENCY)])
    refs = [BlogRef(A, "a"), BlogRef(B, "b"), BlogRef("https://c.example/", "c")]
    group = FeedGroup([a, b, c], refs, Fetcher())  # type: ignore[list-item]
    assert group.can_load_older
    refresh = await group.load_older()
    assert refresh is not None and (a.calls, b.calls, c.calls) == (1, 0, 1)
    assert sorted(e.id for e in refresh.changes.new) == ["0:o1", "0:o2"]
    assert group.origin("0:o1") == ("a", ("c",))  # (c's older copy of a's post: once)


async def test_several_blogs_keep_their_place_and_filter_across_runs(tmp_path: Path) -> None:
    """A merged timeline has no row of its own in the cache: its place and kept filter are
    kept among the settings, under the group's key, and come back when it is reopened."""
    from tests.ui_support import loaded, until
    from tui_liveblog.ui.factory import make_group_app
    from tui_liveblog.ui.widgets.filter_bar import FilterBar

    pages = Pages()
    own = [(f"a{n}", f"Alpha harbour report number {n} " * 3, f"{10 + n:02d}") for n in range(6)]
    pages.pages[A] = _page("A live", own)
    pages.pages[B] = _page("B live", [("b1", "Beta harbour notes " * 4, "30")])
    path = tmp_path / "c.sqlite3"

    def app() -> Any:
        return make_group_app(
            [("alpha", A), ("beta", B)],
            fetcher=Fetcher(transport=httpx.MockTransport(pages.handler), retries=0),
            store=Store(path),
            interval=3600,
        )

    first = app()
    async with first.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 7)
        await pilot.press("slash", *"harbour", "enter")
        await pilot.press("j", "j", "j")
        await pilot.pause()
        kept, newest = first.timeline.selected.id, first.timeline.entry_at(0).id
        await pilot.press("q")
        await until(pilot, lambda: not first.is_running, "the app to exit")
    assert kept != newest
    with Store(path) as store:
        state = store.reader_state(first.feed.cache_key)
    assert state["filter"] == "harbour" and state["place"]["id"] == kept
    assert first.feed.cache_key.startswith("group ")

    again = app()
    async with again.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, 7)
        await until(pilot, lambda: again.timeline.selected is not None, "a selection")
        assert again.query_one(FilterBar).value == "harbour"
        assert again.timeline.selected.id == kept
