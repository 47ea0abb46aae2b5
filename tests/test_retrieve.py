"""The retrieval protocol (full / poll / older, discover, companions, http_error), driven through
BlogFeed with a made-up :class:`Source`, so it is tested apart from any real source format."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import pytest

from tui_liveblog.cli import common, main, reading
from tui_liveblog.cli import follow as follow_cmd
from tui_liveblog.errors import FetchError, ParseError
from tui_liveblog.fetch import Fetcher, Validators
from tui_liveblog.follow import BlogFeed
from tui_liveblog.hints import Hints, PageRef
from tui_liveblog.model import Blog, Changes, Entry, Snapshot
from tui_liveblog.sources import registry as registry_mod
from tui_liveblog.sources.base import Options, Source
from tui_liveblog.sources.registry import Registry
from tui_liveblog.store import Store

# -- a made-up source: {"pager": {"title", "entries": [{"id", "t"}], "newer", "older",
#    "removed"}} served at /blog; polls with ?since=<newer>; older pages with ?before=<older>


def pager_source(full_every: int = 0) -> Source:
    """The made-up source. Its kind is a real one, so the contract's source names stay valid."""

    def url_matches(url: str) -> bool:
        return url.split("?")[0].endswith("/apiblog")  # the API that pages point to

    def api_url(url: str, options: Options) -> str | None:
        if "key=" in url:
            return None
        if options.api_key == "missing":
            raise FetchError("the pager needs a key")
        return f"{url}?key={options.api_key or 'none'}"

    def sniff(head: bytes, content_type: str | None) -> bool:
        return b'"pager"' in head or b"<pager-embed" in head

    def discover(data: bytes, url: str, options: Options) -> str | None:
        if b"<pager-embed" not in data:
            return None
        if options.api_key == "missing":
            raise FetchError("the pager needs a key")
        return url.rsplit("/page", 1)[0] + "/apiblog?key=" + (options.api_key or "none")

    def companions(url: str, options: Options) -> dict[str, str]:
        return {"about": url.split("?")[0] + "/about"}

    def parse(
        data: bytes,
        url: str,
        headers: Mapping[str, str] | None = None,
        extras: Mapping[str, bytes] | None = None,
    ) -> Snapshot:
        if b"<noscript>" in data:  # an embedding page's own copy of the posts
            data = data.split(b"<noscript>")[1].split(b"</noscript>")[0]
        try:
            doc = orjson.loads(data)["pager"]
        except (orjson.JSONDecodeError, KeyError, TypeError) as err:
            raise ParseError("not a pager document") from err
        about = (extras or {}).get("about")
        title = about.decode() if about else "untitled"
        entries = tuple(
            Entry(id=e["id"], text=e["t"], published=_when(e["id"])) for e in doc.get("entries", [])
        )
        older = doc.get("older")
        hints = Hints(newer=doc.get("newer") or None, older=older, older_end=older is None)
        blog = Blog(url=url, title=title, source="jsonld")
        return Snapshot(blog, entries, hints=hints, removed_ids=tuple(doc.get("removed", ())))

    def poll_url(url: str, hints: Hints) -> str | None:
        return f"{url.split('?')[0]}?since={hints.newer}" if hints.newer else None

    def older_url(url: str, hints: Hints) -> str | None:
        return f"{url.split('?')[0]}?before={hints.older}"

    def http_error(status: int, url: str) -> str | None:
        if status == 429:
            return "the pager is busy"
        return "the pager wants a key\nsecond line" if status == 403 else None

    return Source(
        kind="jsonld",
        url_matches=url_matches,
        sniff=sniff,
        parse=parse,
        api_url=api_url,
        discover=discover,
        companions=companions,
        poll_url=poll_url,
        older_url=older_url,
        http_error=http_error,
        full_every=full_every,
    )


def _when(entry_id: str) -> datetime:
    """e0 at 10:00, e1 a minute later…: ids sort like times."""
    return datetime(2040, 6, 12, 10, 0, tzinfo=UTC) + timedelta(minutes=int(entry_id[1:]))


class PagerServer:
    """The history e9…e0 (newest first); the page shows the newest 3, older pages 3 each."""

    def __init__(self) -> None:
        self.ids = [f"e{i}" for i in range(9, -1, -1)]
        self.requests: list[str] = []
        self.removed: list[str] = []
        self.edits: dict[str, str] = {}  # id → new text, reported by the next poll
        self.page = b"<html><pager-embed></pager-embed></html>"
        self.poll_body: bytes | None = None
        self.circular = False  # older pages point back and forth between two cursors
        self.fail_before: str | None = None  # the older page that answers 500
        self.api_status = 200
        self.about_status = 200
        self.status = 200
        self.poll_status = 200
        self.poll_raise: Exception | None = None  # a poll fails with this (a network error)

    def doc(self, ids: list[str], older: str | None, newer: str | None) -> bytes:
        entries = [{"id": i, "t": self.edits.get(i, f"text {i}")} for i in ids]
        return orjson.dumps(
            {"pager": {"entries": entries, "older": older, "newer": newer, "removed": self.removed}}
        )

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        path, query = request.url.path, parse_qs(urlsplit(str(request.url)).query)
        if path.endswith("/about"):
            return httpx.Response(self.about_status, content=b"The Pager Blog")
        if path.endswith("/page"):
            return httpx.Response(200, content=self.page, headers={"etag": '"p1"'})
        if path.endswith("/apiblog") and self.api_status != 200:
            return httpx.Response(self.api_status, content=b"no")
        if self.status != 200:
            return httpx.Response(self.status, content=b"no")
        if "since" in query:
            if self.poll_raise is not None:
                raise self.poll_raise
            if self.poll_status != 200:
                return httpx.Response(self.poll_status, content=b"no")
            if self.poll_body is not None:
                return httpx.Response(200, content=self.poll_body)
            since = self.ids.index(query["since"][0])
            fresh = self.ids[:since]
            changed = fresh + [i for i in self.edits if i not in fresh]
            return httpx.Response(200, content=self.doc(changed, None, fresh[0] if fresh else None))
        if "before" in query:
            if query["before"][0] == self.fail_before:
                return httpx.Response(500, content=b"down")
            if self.circular:
                back = "e4" if query["before"][0] == "e7" else "e7"
                return httpx.Response(200, content=self.doc(["e6", "e5"], back, None))
            at = self.ids.index(query["before"][0]) + 1
            page = self.ids[at : at + 3]
            older = page[-1] if at + 3 < len(self.ids) else None
            return httpx.Response(200, content=self.doc(page, older, None))
        page = self.ids[:3]
        return httpx.Response(200, content=self.doc(page, page[-1], page[0]))


@pytest.fixture
def pager(monkeypatch: pytest.MonkeyPatch) -> Iterator[PagerServer]:
    # the default registry (what the CLI and every BlogFeed built without one use) knows only it
    monkeypatch.setattr(registry_mod, "_default", Registry([pager_source()]))
    yield PagerServer()


def _feed(server: PagerServer, store: Store | None = None, **kw: Any) -> BlogFeed:
    fetcher = Fetcher(transport=httpx.MockTransport(server.handler), retries=0)
    return BlogFeed("https://pager.example/blog", fetcher=fetcher, store=store, **kw)


# -- Hints.merged -------------------------------------------------------------------------------


def test_merged_hints_keep_cursors_by_mode() -> None:
    full = Hints().merged(Hints(newer="n1", older="o1", cursors={"x": 1}), "full")
    assert full == Hints(newer="n1", older="o1", cursors={"x": 1})
    # an empty poll keeps the newest cursor; a poll never moves the older one
    assert full.merged(Hints(older="zz"), "poll") == full
    assert full.merged(Hints(newer="n2", older="zz"), "poll").newer == "n2"
    # paging back moves only the older cursor; a full fetch leaves it where paging got to
    back = full.merged(Hints(newer="n0", older="o2"), "older")
    assert back.older == "o2" and back.newer == "n1"
    assert back.merged(Hints(newer="n3", older="o1"), "full").older == "o2"
    end = back.merged(Hints(older_end=True), "older")
    assert end.older_end is True and end.older is None
    assert end.merged(Hints(older="o1"), "full").older is None
    # a short blog's first page reaches back to the start: paging waits for a later cursor
    short = Hints().merged(Hints(newer="n1", older_end=True), "full")
    assert short.older is None and not short.older_end
    assert short.merged(Hints(older="o9"), "full").older == "o9"
    # an older page that gives no cursor and does not say it is the first changes nothing
    assert back.merged(Hints(), "older") == back


def test_hints_survive_the_cache_record_and_bad_records_are_dropped() -> None:
    hints = Hints(
        newer=5,
        older="o1",
        refresh_interval=15.0,
        kind="jsonld",
        discovered="https://x.example/api",
        page=PageRef("https://x.example/", "Title"),
        cursors={"a": "b"},
    )
    assert Hints.from_record(orjson.loads(orjson.dumps(hints.to_record()))) == hints
    assert Hints.from_record(Hints(older_end=True).to_record()) == Hints(older_end=True)
    bad = {"newer": True, "older": ["x"], "older_end": "yes", "refresh_interval": -1,
           "kind": 3, "page": {"url": ""}, "cursors": {"ok": 1, "nested": {"a": 1}}}  # fmt: skip
    assert Hints.from_record(bad) == Hints(cursors={"ok": 1})
    assert Hints.from_record([1, 2]) == Hints()


# -- polling and paging -------------------------------------------------------------------------


async def test_full_then_incremental_polls(pager: PagerServer) -> None:
    feed = _feed(pager)
    first = await feed.refresh()
    assert [e.id for e in first.changes.new] == ["e9", "e8", "e7"]
    assert feed.blog is not None and feed.blog.title == "The Pager Blog"  # the companion
    assert any(r.endswith("/blog/about") for r in pager.requests)
    pager.ids[:0] = ["e11", "e10"]
    pager.requests.clear()
    second = await feed.refresh()
    assert pager.requests == ["https://pager.example/blog?since=e9"]  # no companion on a poll
    assert {e.id for e in second.changes.new} == {"e11", "e10"}
    assert feed.hints.newer == "e11"
    pager.requests.clear()
    third = await feed.refresh()  # nothing new: the cursor stays
    assert not third.changes and feed.hints.newer == "e11"
    assert pager.requests == ["https://pager.example/blog?since=e11"]
    assert feed.blog.title == "The Pager Blog"  # a poll does not blank the blog's record
    await feed.fetcher.aclose()


async def test_full_every_n_polls(pager: PagerServer, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = _feed(pager, registry=Registry([pager_source(full_every=2)]))
    for _ in range(5):
        await feed.refresh()
    kinds = ["poll" if "since=" in r else "full" for r in pager.requests if "/about" not in r]
    assert kinds == ["full", "poll", "poll", "full", "poll"]
    await feed.fetcher.aclose()


async def test_removed_ids_in_a_poll_mark_cached_entries_deleted(
    pager: PagerServer, tmp_path: Path
) -> None:
    store = Store(tmp_path / "c.db")
    feed = _feed(pager, store)
    await feed.refresh()
    pager.removed = ["e8", "never-seen"]
    refresh = await feed.refresh()
    assert [e.id for e in refresh.changes.removed] == ["e8"]
    assert feed.known["e8"].deleted and feed.known["e8"].text == "text e8"
    assert "never-seen" not in feed.known
    store.close()
    await feed.fetcher.aclose()


async def test_load_older_pages_back_to_the_first_entry(pager: PagerServer, tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    feed = _feed(pager, store)
    await feed.refresh()
    assert feed.can_load_older
    page = await feed.load_older()
    assert page is not None and [e.id for e in page.changes.new] == ["e6", "e5", "e4"]
    assert not feed.unread  # history is not news
    await feed.fetcher.aclose()
    # the cursor is kept in the cache: a new process goes on from where this one stopped
    again = _feed(pager, store)
    assert again.load_cache()
    assert again.can_load_older
    pager.requests.clear()
    page = await again.load_older()
    assert page is not None and [e.id for e in page.changes.new] == ["e3", "e2", "e1"]
    assert pager.requests == ["https://pager.example/blog?before=e4"]
    page = await again.load_older()
    assert page is not None and [e.id for e in page.changes.new] == ["e0"]
    assert not again.can_load_older and await again.load_older() is None
    assert len(again.known) == 10
    await again.refresh()  # a later full fetch does not restart paging
    assert not again.can_load_older
    store.close()
    await again.fetcher.aclose()


async def test_files_never_poll_or_page(pager: PagerServer, tmp_path: Path) -> None:
    path = tmp_path / "blog.json"
    path.write_bytes(PagerServer().doc(["e2", "e1"], "e1", "e2"))
    feed = BlogFeed(str(path), fetcher=Fetcher())
    await feed.refresh()
    assert feed.retriever.poll_target(feed.hints) is None
    assert not feed.can_load_older
    path.write_bytes(PagerServer().doc(["e3", "e2", "e1"], "e1", "e3"))
    again = await feed.refresh()  # read whole again
    assert [e.id for e in again.changes.new] == ["e3"]


async def test_discover_follows_a_page_to_its_api(pager: PagerServer, tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    url = "https://pager.example/page"
    feed = BlogFeed(url, fetcher=fetcher, store=store, options=Options(api_key="k1"))
    refresh = await feed.refresh()
    assert [e.id for e in refresh.changes.new] == ["e9", "e8", "e7"]
    assert pager.requests[1] == "https://pager.example/apiblog?key=k1"
    # kept without its credential
    assert feed.hints.discovered == "https://pager.example/apiblog"
    # the blog is the page's: its URL (a source with title_from_page takes its title too)
    assert feed.blog is not None and feed.blog.url == "https://pager.example/page"
    assert feed.blog.title == "The Pager Blog"
    pager.requests.clear()
    pager.ids.insert(0, "e10")
    await feed.refresh()
    assert pager.requests == ["https://pager.example/apiblog?since=e9"]
    # a later full fetch goes straight to the API and still names the page
    pager.requests.clear()
    got = await feed.retriever.full(Validators(), feed.hints)
    assert pager.requests[0] == "https://pager.example/apiblog?key=k1"
    assert got.snapshot is not None and got.snapshot.blog.url == "https://pager.example/page"
    await fetcher.aclose()
    # the next run with another key uses it; the key was never written to the cache
    store.close()
    assert b"k1" not in (tmp_path / "c.db").read_bytes()
    store = Store(tmp_path / "c.db")
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    again = BlogFeed(url, fetcher=fetcher, store=store, options=Options(api_key="k2"))
    assert again.load_cache()
    pager.requests.clear()
    await again.retriever.full(Validators(), again.hints)
    assert pager.requests[0] == "https://pager.example/apiblog?key=k2"
    store.close()
    await fetcher.aclose()


async def test_an_embedding_page_reads_itself_when_its_api_cannot_be_had(
    pager: PagerServer,
) -> None:
    copy = PagerServer().doc(["e2", "e1"], None, "e2")
    pager.page = b"<html><pager-embed></pager-embed><noscript>" + copy + b"</noscript>"
    pager.api_status = 503
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    feed = BlogFeed("https://pager.example/page", fetcher=fetcher)
    refresh = await feed.refresh()
    assert [e.id for e in refresh.changes.new] == ["e2", "e1"]
    assert feed.hints.discovered is None
    # the page's validators were dropped: the next fetch is not a 304 and tries the API again
    assert feed.validators.etag is None
    pager.api_status = 200
    pager.requests.clear()
    await feed.refresh()
    assert pager.requests[:2] == [
        "https://pager.example/page",
        "https://pager.example/apiblog?key=none",
    ]
    assert feed.hints.discovered == "https://pager.example/apiblog"
    # without a copy of its own the page gives the discovery's reason, in one line
    pager.page = b"<html><pager-embed></pager-embed></html>"
    bare = BlogFeed("https://pager.example/page", fetcher=fetcher, options=Options("missing"))
    with pytest.raises(FetchError, match=r"^the pager needs a key$"):
        await bare.refresh()
    await fetcher.aclose()


async def test_a_saved_page_is_read_as_it_is(pager: PagerServer, tmp_path: Path) -> None:
    """A saved page that embeds an API never reaches the network: its own copy is read."""
    page = tmp_path / "page.html"
    copy = PagerServer().doc(["e2", "e1"], None, "e2")
    page.write_bytes(b"<html><pager-embed></pager-embed><noscript>" + copy + b"</noscript>")
    feed = BlogFeed(str(page), fetcher=Fetcher(transport=httpx.MockTransport(pager.handler)))
    refresh = await feed.refresh()
    assert [e.id for e in refresh.changes.new] == ["e2", "e1"]
    assert pager.requests == []
    await feed.fetcher.aclose()


async def test_a_source_can_word_its_http_errors(pager: PagerServer) -> None:
    feed = _feed(pager)
    await feed.refresh()  # the blog is known to be this source's now
    pager.status = 403
    with pytest.raises(FetchError) as info:
        await feed.refresh()
    assert str(info.value) == "the pager wants a key second line"
    assert info.value.status == 403
    assert info.value.transient is False
    await feed.fetcher.aclose()


async def test_a_worded_http_error_stays_transient(pager: PagerServer) -> None:
    """A source's own wording of a 429 keeps what the fetch layer decided: it may pass."""
    feed = _feed(pager)
    await feed.refresh()
    pager.status = 429
    with pytest.raises(FetchError) as info:
        await feed.refresh()
    assert str(info.value) == "the pager is busy"
    assert info.value.status == 429
    assert info.value.transient is True
    await feed.fetcher.aclose()


async def test_a_failed_companion_is_left_out(pager: PagerServer) -> None:
    pager.about_status = 500
    feed = _feed(pager)
    await feed.refresh()
    assert feed.blog is not None and feed.blog.title == "untitled"
    assert len(feed.known) == 3
    await feed.fetcher.aclose()


@pytest.mark.parametrize("answer", [400, 403, "html"])
async def test_a_refused_poll_falls_back_to_full_fetches(
    pager: PagerServer, answer: int | str
) -> None:
    """A poll answered with a 4xx, or with something that is not the source (a proxy's HTML
    page), is read whole at once and from then on: it never errs forever."""
    feed = _feed(pager)
    await feed.refresh()
    pager.poll_status = 200 if answer == "html" else int(answer)
    pager.poll_body = b"<html>please log in</html>" if answer == "html" else None
    pager.ids.insert(0, "e10")
    pager.requests.clear()
    refresh = await feed.refresh()  # no error: the full read came right after
    assert [e.id for e in refresh.changes.new] == ["e10"]
    assert pager.requests[0] == "https://pager.example/blog?since=e9"
    assert pager.requests[1] == "https://pager.example/blog"
    pager.requests.clear()
    await feed.refresh()
    assert pager.requests[0] == "https://pager.example/blog"
    await feed.fetcher.aclose()


async def test_a_poll_failing_on_the_network_keeps_polling(pager: PagerServer) -> None:
    """A TLS error (a captive portal, a VPN changing) says nothing about the source's polls:
    the refresh fails as a full fetch would, and the next refresh polls again."""
    feed = _feed(pager)
    await feed.refresh()
    pager.poll_raise = httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number")
    pager.ids.insert(0, "e10")
    pager.requests.clear()
    with pytest.raises(FetchError):
        await feed.refresh()
    assert pager.requests == ["https://pager.example/blog?since=e9"]
    assert not feed.retriever.polling_failed
    pager.poll_raise = None
    refresh = await feed.refresh()
    assert [e.id for e in refresh.changes.new] == ["e10"]
    assert pager.requests[-1] == "https://pager.example/blog?since=e9"
    await feed.fetcher.aclose()


async def test_a_poll_that_fails_in_passing_is_tried_again(pager: PagerServer) -> None:
    feed = _feed(pager)
    await feed.refresh()
    pager.poll_status = 503
    with pytest.raises(FetchError):
        await feed.refresh()
    pager.poll_status = 200
    pager.requests.clear()
    await feed.refresh()
    assert pager.requests == ["https://pager.example/blog?since=e9"]
    await feed.fetcher.aclose()


def test_dump_all_pages_through_the_history(
    pager: PagerServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(reading, "PAGE_DELAY", 0.0)
    transport = httpx.MockTransport(pager.handler)
    monkeypatch.setattr(
        common, "make_fetcher", lambda args: Fetcher(transport=transport, retries=0)
    )
    code = main(["dump", "https://pager.example/blog", "--all", "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 0, err
    ids = [orjson.loads(line)["id"] for line in out.splitlines()]
    assert sorted(ids) == sorted(f"e{i}" for i in range(10))
    befores = [r for r in pager.requests if "before=" in r]
    assert befores == [f"https://pager.example/blog?before=e{i}" for i in (7, 4, 1)]
    # without --all only the page
    pager.requests.clear()
    code = main(["dump", "https://pager.example/blog", "--format", "jsonl", "--no-cache"])
    out, _ = capsys.readouterr()
    assert len(out.splitlines()) == 3
    assert not [r for r in pager.requests if "before=" in r]


def test_source_options_come_from_flags_env_then_config(monkeypatch: pytest.MonkeyPatch) -> None:
    from argparse import Namespace

    from tui_liveblog.config import Config

    config = Config(guardian_api_key="from-config", scribblelive_token="tok-config")
    assert common.source_options(Namespace(), config) == Options("from-config", "tok-config")
    monkeypatch.setenv("GUARDIAN_API_KEY", "from-env")
    assert common.source_options(Namespace(), config).api_key == "from-env"
    flags = Namespace(api_key="from-flag", token="tok-flag")
    assert common.source_options(flags, config) == Options("from-flag", "tok-flag")


async def test_follow_prints_polled_arrivals_edits_and_deletions(pager: PagerServer) -> None:
    import asyncio
    import io
    from datetime import UTC

    out = io.StringIO()
    feed = _feed(pager)
    printer = follow_cmd._Printer("jsonl", (), UTC, out)
    task = asyncio.ensure_future(follow_cmd.follow_feed(feed, printer, 1.0, False, False))

    def lines() -> list[dict[str, Any]]:
        return [orjson.loads(line) for line in out.getvalue().splitlines()]

    async def until(count: int) -> None:
        for _ in range(1000):
            if len(lines()) >= count or task.done():
                return
            await asyncio.sleep(0.01)

    try:
        await until(3)
        assert [d["id"] for d in lines()] == ["e7", "e8", "e9"]
        pager.ids.insert(0, "e10")
        pager.edits["e9"] = "text e9, corrected"
        pager.removed = ["e8"]
        await until(6)  # the next poll, an interval (1 s) later
    finally:
        task.cancel()
        await feed.fetcher.aclose()
    changes = {d["id"]: d for d in lines()[3:]}
    assert set(changes) == {"e10", "e9", "e8"}
    assert changes["e9"]["text"] == "text e9, corrected"
    assert changes["e8"]["deleted"] is True and changes["e8"]["text"] == "text e8"
    assert any("since=e9" in r for r in pager.requests)


@pytest.mark.parametrize("trouble", ["circular", "failing page"])
def test_dump_all_stops_on_a_circular_cursor_or_a_failing_page(
    trouble: str,
    pager: PagerServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(reading, "PAGE_DELAY", 0.0)
    transport = httpx.MockTransport(pager.handler)
    monkeypatch.setattr(
        common, "make_fetcher", lambda args: Fetcher(transport=transport, retries=0)
    )
    if trouble == "circular":
        pager.circular = True
    else:
        pager.fail_before = "e4"
    code = main(["dump", "https://pager.example/blog", "--all", "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 0, err  # what was read is printed
    ids = {orjson.loads(line)["id"] for line in out.splitlines()}
    assert {"e9", "e8", "e7", "e6", "e5"} <= ids
    befores = [r for r in pager.requests if "before=" in r]
    assert len(befores) <= 3
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("liveblog: --all: "), err
    assert ("circle" in lines[0]) if trouble == "circular" else ("HTTP 500" in lines[0])


async def test_source_kind_given_still_discovers_the_api_a_page_embeds(pager: PagerServer) -> None:
    """--source naming the API's kind, on the page that embeds it, reads it through the API."""
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    feed = BlogFeed("https://pager.example/page", fetcher=fetcher, kind="jsonld")
    refresh = await feed.refresh()
    assert [e.id for e in refresh.changes.new] == ["e9", "e8", "e7"]
    assert pager.requests[:2] == [
        "https://pager.example/page",
        "https://pager.example/apiblog?key=none",
    ]
    await fetcher.aclose()


async def test_asking_for_polls_or_older_pages_never_fails(
    pager: PagerServer, tmp_path: Path
) -> None:
    """A blog cached through an API that now has no key: the reader may still ask whether it
    can page back (it cannot), and a refresh fails with the one-line reason."""
    store = Store(tmp_path / "c.db")
    fetcher = Fetcher(transport=httpx.MockTransport(pager.handler), retries=0)
    url = "https://pager.example/page"
    feed = BlogFeed(url, fetcher=fetcher, store=store, options=Options(api_key="k1"))
    await feed.refresh()
    assert feed.can_load_older
    keyless = BlogFeed(url, fetcher=fetcher, store=store, options=Options(api_key="missing"))
    assert keyless.load_cache()
    assert not keyless.can_load_older
    assert keyless.retriever.poll_target(keyless.hints) is None
    with pytest.raises(FetchError, match=r"^the pager needs a key$"):
        await keyless.refresh()
    store.close()
    await fetcher.aclose()


async def test_a_refresh_and_an_older_page_merge_one_at_a_time(
    pager: PagerServer, tmp_path: Path
) -> None:
    """The follow loop and "load older" run at once; their merges (each in a thread) do not
    overlap, so the cache ends with the newest cursors, the ones the feed holds."""
    store = Store(tmp_path / "cache.sqlite3")
    feed = _feed(pager, store=store)
    await feed.refresh()
    guard = threading.Lock()
    inside, most = 0, 0
    real = store.merge

    def slow_merge(*args: Any, **kw: Any) -> Changes:
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.05)
        try:
            return real(*args, **kw)
        finally:
            with guard:
                inside -= 1

    store.merge = slow_merge  # type: ignore[method-assign]
    pager.ids.insert(0, "e10")
    await asyncio.gather(feed.refresh(), feed.load_older())
    assert most == 1
    assert {"e10", "e6"} <= set(feed.known)
    cached = store.load("https://pager.example/blog")
    assert cached is not None and cached.hints == feed.hints
    await feed.fetcher.aclose()
    store.close()
