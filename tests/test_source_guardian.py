"""The Guardian Content API source: detection, URLs, blocks → entries, cursors, polling."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from tests.conftest import CORPUS, FIXTURES, assert_web_only, needs_corpus
from tests.loopback import Loopback, Reply
from tui_liveblog import sources
from tui_liveblog.errors import FetchError, ParseError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.hints import Hints
from tui_liveblog.model import Snapshot
from tui_liveblog.sources import guardian
from tui_liveblog.sources.base import Options
from tui_liveblog.sources.registry import Registry, default_registry
from tui_liveblog.store import Store

OWN = FIXTURES / "guardian"
CAPI_FIXTURE = (
    CORPUS / "guardian-capi" / "capi-scala-client-item-content-with-blocks-example-liveblog.json"
)
API = "https://content.guardianapis.com/science/live/2031/mar/04/comet-flyby-live"
KEYED = f"{API}?show-blocks=all&api-key=s3cret-key"
WEB = "https://www.theguardian.com/science/live/2031/mar/04/comet-flyby-live"
FIRST = "main,body:latest:50,body:oldest:1,body:key-events,body:summary,body:pinned"


def _own(name: str, url: str = KEYED) -> Snapshot:
    return guardian.parse((OWN / name).read_bytes(), url)


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


# -- the corpus sample (the Guardian's own client test fixture) --------------------------------


@needs_corpus
def test_corpus_item_reads_six_body_blocks_with_string_attributes() -> None:
    snap = guardian.parse(CAPI_FIXTURE.read_bytes(), KEYED)
    assert len(snap.entries) == 6
    ids = [e.id for e in snap.entries]
    assert "55267e40e4b06299e97da385" not in ids  # blocks.main is not an entry
    assert ids[0] == "5530debce4b078ada18a4602"  # newest first
    by_id = {e.id: e for e in snap.entries}
    key = by_id["55267da9e4b091b2a1c75fe0"]  # "keyEvent": "true", "pinned": "true"
    assert key.key_event and key.pinned and key.title == "key event title"
    summary = by_id["55267dc0e4b091b2a1c75fe1"]  # "summary": "true"
    assert summary.key_event and not summary.pinned and summary.title is None
    assert sum(e.pinned for e in snap.entries) == 1
    assert sum(e.key_event for e in snap.entries) == 2
    first = by_id["5530debce4b078ada18a4602"]
    assert first.published == datetime(2015, 4, 17, 10, 21, 49, tzinfo=UTC)  # +01:00 read
    assert first.updated is None and first.text == "hi"
    kinds = [m.kind for m in by_id["5530d2ede4b078ada18a45ff"].media]
    assert kinds == ["video", "tweet"]  # the embed and audio elements carry no URL
    assert all(m.url.startswith(("http://", "https://")) for e in snap.entries for m in e.media)
    assert snap.blog.title == "example-liveblog" and snap.blog.source == "guardian"
    assert "s3cret" not in snap.blog.url and snap.blog.url.startswith(API)
    assert snap.hints.older is None and snap.hints.older_end  # blocks.body: every block is here
    assert not any("@" in a for e in snap.entries for a in e.authors)


@needs_corpus
def test_corpus_item_is_detected_from_a_saved_file() -> None:
    data = CAPI_FIXTURE.read_bytes()
    assert guardian.sniff(data[:65536], "application/json")
    found = default_registry().detect("/tmp/saved-capi.json", data, None)
    assert found is guardian.SOURCE


# -- own fixtures -------------------------------------------------------------------------------


def test_boolean_attributes_drafts_duplicates_and_times() -> None:
    snap = _own("liveblog.json")
    ids = [e.id for e in snap.entries]
    assert ids == ["blk0004", "blk0003", "blk0002", "blk0001"]  # blk0004 listed twice: once
    assert "main0001" not in ids
    assert snap.removed_ids == ("blk0005",)  # published: false is a draft
    e4, e3, e2, e1 = snap.entries
    assert e4.key_event and not e4.pinned and e4.title == "Tail brightens"
    assert "observatory" in e4.text  # the copy from body:latest, not body:key-events
    assert e3.pinned and not e3.key_event
    assert e2.key_event and not e2.pinned  # summary: true
    assert not (e1.key_event or e1.pinned)
    assert e4.published == datetime(2031, 3, 4, 9, 30, tzinfo=UTC)  # firstPublishedDate
    assert e4.updated == datetime(2031, 3, 4, 9, 35, 10, tzinfo=UTC)  # lastModifiedDate
    assert e2.updated is None  # modified within the same second as published
    assert e4.url == (
        "https://www.theguardian.com/science/live/2031/mar/04/comet-flyby-live"
        "?page=with:block-blk0004#block-blk0004"
    )
    assert e4.links == ("https://observatory.example.org/notes",)


def test_authors_come_from_names_never_from_email_addresses() -> None:
    snap = _own("liveblog.json")
    by_id = {e.id: e for e in snap.entries}
    # createdBy's name, then contributors: a tag's webTitle, or the id's slug when untagged
    assert by_id["blk0004"].authors == ("Ada Quill", "Cy Marlin")
    assert by_id["blk0003"].authors == ("Bo Lantern",)  # createdBy e-mail only; e-mail dropped
    dumped = json.dumps([e.authors for e in snap.entries])
    assert "@" not in dumped and "example.org" not in dumped


def test_elements_become_typed_media_with_only_web_urls() -> None:
    by_id = {e.id: e for e in _own("liveblog.json").entries}
    m4 = [(m.kind, m.url) for m in by_id["blk0004"].media]
    assert m4 == [
        ("image", "https://media.example.org/m4m4/0_0_100_100/1000.jpg"),  # the body's img
        ("tweet", "https://twitter.com/harbourwatch/status/42"),  # originalUrl
    ]  # the image element repeats the body's picture (same media id): not listed twice
    m3 = by_id["blk0003"].media
    assert [(m.kind, m.url) for m in m3] == [
        ("image", "https://media.example.org/crowd/2000.jpg"),  # largest up to 2000 px
        ("video", "https://video.example.org/watch/7"),  # javascript: url skipped
        ("embed", "https://embed.example.org/map/9"),  # from the embed's iframe
        ("audio", "https://audio.example.org/clip.mp3"),  # from the audio asset
    ]  # the rich link is a link, not media
    assert m3[0].caption == "The quay at nine"
    assert m3[1].caption == "Quay timelapse"


def test_blog_record_and_cursors_of_a_full_answer() -> None:
    snap = _own("liveblog.json")
    blog = snap.blog
    assert blog.title == "Comet flyby live: the tail brightens over the harbour"
    assert blog.live is True and blog.source == "guardian"
    assert blog.description == "Sky-watchers gather along the quay"
    assert blog.url == f"{API}?show-blocks=all"  # the API key is never kept or shown
    # the newest first publication, to the millisecond (blk0004's, not its later re-publication)
    assert snap.hints.newer == _ms("2031-03-04T09:30:00.250+00:00")
    # the oldest of the latest run, not the blog's first block (body:oldest:1)
    assert snap.hints.older == "blk0002" and not snap.hints.older_end


def test_a_published_since_answer_brings_the_new_block() -> None:
    snap = _own("published-since.json")
    assert [e.id for e in snap.entries] == ["blk0006"]
    entry = snap.entries[0]
    assert entry.key_event and not entry.pinned  # "true" / "false" strings
    assert entry.authors == ("Ada Quill",)  # no tags sent: the slug, readably
    assert snap.blog.live is True  # "true"
    assert snap.hints.newer == _ms("2031-03-04T09:50:00.750+00:00")


def test_an_empty_published_since_answer_gives_no_cursor() -> None:
    snap = _own("published-since-empty.json")
    assert snap.entries == ()
    assert snap.hints.newer is None
    assert snap.hints.older is None and not snap.hints.older_end  # says nothing of paging
    assert snap.blog.live is False  # "false"


def test_older_pages_continue_from_their_oldest_block_until_the_first() -> None:
    asked = f"{API}?show-blocks=body:around:blk0040:2,body:oldest:1&api-key=k"
    page = _own("older-page.json", asked)
    assert page.hints.older == "blk0038" and not page.hints.older_end
    assert {"blk0042", "blk0038", "blk0001"} <= {e.id for e in page.entries}
    last = _own("older-page-first.json", f"{API}?show-blocks=body:around:blk0002:2")
    assert last.hints.older is None and last.hints.older_end  # the blog's first block is in the run


def _doc(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((OWN / name).read_bytes())
    return loaded


def test_an_older_page_with_nothing_before_the_asked_block_ends_paging() -> None:
    doc = _doc("older-page.json")
    blocks = doc["response"]["content"]["blocks"]["requestedBodyBlocks"]
    del blocks["body:oldest:1"]  # a mirror that ignores it
    blocks["body:around:blk0038:2"] = blocks.pop("body:around:blk0040:2")
    url = f"{API}?show-blocks=body:around:blk0038:2"
    hints = guardian.parse(json.dumps(doc).encode(), url).hints
    assert hints.older is None and hints.older_end
    blocks["body:around:blk0038:2"] = []  # nothing at all around it
    hints = guardian.parse(json.dumps(doc).encode(), url).hints
    assert hints.older is None and hints.older_end


def test_a_full_answer_holding_every_block_has_nothing_older() -> None:
    doc = _doc("liveblog.json")
    doc["response"]["content"]["blocks"]["totalBodyBlocks"] = 5  # 5 ids, the draft included
    hints = guardian.parse(json.dumps(doc).encode(), API).hints
    assert hints.older is None and hints.older_end
    doc["response"]["content"]["blocks"]["totalBodyBlocks"] = 6
    hints = guardian.parse(json.dumps(doc).encode(), API).hints
    assert hints.older == "blk0002" and not hints.older_end


def test_wrong_typed_fields_are_tolerated() -> None:
    snap = _own("wrong-types.json")
    by_id = {e.id: e for e in snap.entries}
    assert set(by_id) == {"12345", "w2"}
    odd = by_id["12345"]  # a lone block where a list was expected, a numeric id
    assert odd.title is None and odd.text == "Plain summary text"
    assert odd.published == datetime(2031, 3, 5, 8, 10, tzinfo=UTC)  # epoch ms
    assert odd.updated == datetime(2031, 3, 5, 8, 11, tzinfo=UTC)  # {"dateTime": …}
    assert odd.authors == ("Dee Harbour Master",)  # a string where a list was expected
    assert odd.url is None  # the page's webUrl is javascript:
    w2 = by_id["w2"]
    assert w2.published == datetime(2031, 3, 5, 7, 20, tzinfo=UTC)  # publishedDate, +01:00
    assert w2.authors == ("Eve Tide",) and w2.media == ()
    assert snap.warnings == ("skipped 1 block without an id",)
    assert snap.blog.title == "Odd shapes live"  # escape sequences and bidi controls gone
    assert snap.blog.live is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("error.json", "the Guardian Content API answered with an error: The requested"),
        ("search.json", "search answer, not one item"),
        ("article.json", "this Guardian Content API article is not a live blog"),
    ],
)
def test_answers_that_are_no_live_blog_are_one_line_errors(name: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        _own(name)
    text = str(caught.value)
    assert message in text and "\n" not in text and "\x1b" not in text


def test_an_api_error_is_reported_through_detection_by_url() -> None:
    data = (OWN / "error.json").read_bytes()
    with pytest.raises(ParseError, match="could not be found"):
        sources.parse(data, f"{API}?api-key=k")


@pytest.mark.parametrize(
    "data", [b"", b"{not json", b"[]", b'{"response": []}', b'{"response": {"status": "ok"}}']
)
def test_broken_documents_are_parse_errors(data: bytes) -> None:
    with pytest.raises(ParseError):
        guardian.parse(data, API)


def test_an_item_without_blocks_says_what_to_ask_for() -> None:
    doc = _doc("liveblog.json")
    del doc["response"]["content"]["blocks"]
    with pytest.raises(ParseError, match="show-blocks"):
        guardian.parse(json.dumps(doc).encode(), API)


# -- detection and URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "matches"),
    [
        ("https://www.theguardian.com/world/live/2023/may/15/russia-ukraine-war-live", True),
        ("https://theguardian.com/sport/live/2031/mar/04/match-live?page=with:block-1", True),
        ("http://www.theguardian.com/politics/live/2031/mar/04/politics-live#block-9", True),
        ("https://www.theguardian.com/world/2031/mar/04/an-article", False),
        ("https://www.theguardian.com/", False),
        ("https://notguardian.com/world/live/2031/x", False),
        (API, True),
        (f"{API}?show-blocks=all", True),
        ("https://content.guardianapis.com/search?q=live", False),
        ("https://content.guardianapis.com/tags?q=x", False),
        ("https://content.guardianapis.com/", False),
        ("ftp://content.guardianapis.com/world/live/x", False),
        ("/tmp/content.guardianapis.com/world/live/x", False),
    ],
)
def test_url_matches(url: str, matches: bool) -> None:
    assert guardian.url_matches(url) is matches


def test_sniff_finds_capi_answers_and_nothing_else() -> None:
    for name in ("liveblog.json", "published-since.json", "older-page.json", "wrong-types.json"):
        assert guardian.sniff((OWN / name).read_bytes(), None), name
    assert guardian.sniff(b'\xef\xbb\xbf  {"response": {"content": {"webTitle": "x"}}}', None)
    assert not guardian.sniff((OWN / "error.json").read_bytes(), None)  # no content: by URL
    assert not guardian.sniff(b'{"kind": "Listing", "data": {"children": []}}', None)
    assert not guardian.sniff(b'{"@type": "LiveBlogPosting", "response": {"content": 1}}', None)
    assert not guardian.sniff(b'<html><script>{"response": {"content": {}}}</script>', None)


def test_api_url_maps_a_live_page_to_its_content_api_item() -> None:
    page = "https://www.theguardian.com/world/live/2023/may/15/russia-ukraine-war-live"
    mapped = guardian.api_url(f"{page}?page=with:block-646215#block-646215", Options())
    assert mapped == (
        "https://content.guardianapis.com/world/live/2023/may/15/russia-ukraine-war-live"
        f"?show-blocks={FIRST}&show-fields=liveBloggingNow&show-tags=contributor&api-key=test"
    )
    keyed = guardian.api_url(page, Options(api_key="my key&x=1"))
    assert keyed is not None
    assert _query(keyed)["api-key"] == ["my key&x=1"]  # quoted, not split


def test_api_url_completes_a_bare_content_api_url_and_keeps_what_it_has() -> None:
    completed = guardian.api_url(API, Options(api_key="abc"))
    assert completed is not None
    query = _query(completed)
    assert query["show-blocks"] == [FIRST] and query["api-key"] == ["abc"]
    assert query["show-fields"] == ["liveBloggingNow"]
    partial = guardian.api_url(f"{API}?show-blocks=all", Options())
    assert partial is not None
    assert _query(partial)["show-blocks"] == ["all"] and _query(partial)["api-key"] == ["test"]
    full = f"{API}?show-blocks=all&show-fields=all&show-tags=all&api-key=mine"
    assert guardian.api_url(full, Options(api_key="other")) is None  # nothing to add
    assert guardian.api_url("https://example.org/live/x", Options()) is None


def test_poll_url_asks_for_blocks_published_since_and_keeps_the_rest() -> None:
    base = guardian.api_url(API, Options(api_key="k1"))
    assert base is not None
    polled = guardian.poll_url(base, Hints(newer=1930383310500, older="blk0002"))
    assert polled is not None
    query = _query(polled)
    assert query["show-blocks"] == ["main,body:published-since:1930383310500"]
    assert query["api-key"] == ["k1"] and query["show-fields"] == ["liveBloggingNow"]
    assert polled.startswith(API + "?")
    mirror = guardian.poll_url("http://127.0.0.1:9/capi.json", Hints(newer=5))
    assert mirror == "http://127.0.0.1:9/capi.json?show-blocks=main,body:published-since:5"
    for hints in (
        Hints(),
        Hints(newer=None),
        Hints(newer=True),
        Hints(newer="12"),
        Hints(newer=-1),
    ):
        assert guardian.poll_url(base, hints) is None
    assert guardian.poll_url("/tmp/saved.json", Hints(newer=5)) is None


def test_older_url_pages_around_the_cursor() -> None:
    base = f"{API}?show-blocks=all&api-key=k2"
    older = guardian.older_url(base, Hints(older="blk0002", newer=1))
    assert older is not None
    query = _query(older)
    assert query["show-blocks"] == ["body:around:blk0002:50,body:oldest:1"]
    assert query["api-key"] == ["k2"]
    for bad in (None, "", "a,b", "a:b", "x" * 101, 7):
        assert guardian.older_url(base, Hints(older=bad)) is None
    assert guardian.older_url("/tmp/saved.json", Hints(older="blk0002")) is None


def test_http_errors_name_the_key_settings_and_never_the_key() -> None:
    url = f"{API}?show-blocks=all&api-key=very-secret"
    for status in (401, 403):
        message = guardian.http_error(status, url)
        assert message is not None
        assert "--api-key" in message and "GUARDIAN_API_KEY" in message
        assert "guardian_api_key" in message and "\n" not in message
    for status in (401, 403, 404, 429, 500, 503):
        message = guardian.http_error(status, url)
        assert message is not None and "very-secret" not in message
    assert "rate limit" in (guardian.http_error(429, url) or "")
    assert "science/live/2031" in (guardian.http_error(404, url) or "")
    assert guardian.http_error(200, url) is None


def test_polls_cannot_see_edits_so_a_full_fetch_comes_now_and_then() -> None:
    full_every = guardian.SOURCE.full_every
    assert isinstance(full_every, int) and full_every > 1


def test_own_fixtures_are_invented() -> None:
    for path in OWN.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "example-liveblog" not in text and "dev-guim" not in text


# -- following a loopback Content API mirror through BlogFeed ----------------------------------

_T0 = datetime(2031, 3, 4, 9, 0, 0, 250_000, tzinfo=UTC)
_PATH = "/science/live/2031/mar/04/comet-flyby-live"
_JSON = {"Content-Type": "application/json; charset=utf-8"}


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Capi:
    """An invented live blog answering Content API ``show-blocks`` selections."""

    def __init__(self) -> None:
        self.blocks: list[dict[str, Any]] = []  # newest first
        self.requests: list[str] = []
        self.fail: int | None = None

    def add(self, text: str, **attributes: Any) -> str:
        n = len(self.blocks) + 1
        when = _iso(_T0 + timedelta(minutes=n))
        block = {
            "id": f"blk{n:04d}",
            "bodyHtml": f"<p>{text}</p>",
            "bodyTextSummary": text,
            "attributes": attributes,
            "published": True,
            "firstPublishedDate": when,
            "publishedDate": when,
            "lastModifiedDate": when,
            "contributors": ["profile/ada-quill"],
        }
        self.blocks.insert(0, block)
        return str(block["id"])

    def edit(self, ident: str, title: str) -> None:
        block = next(b for b in self.blocks if b["id"] == ident)
        block["title"] = title
        block["lastModifiedDate"] = _iso(_T0 + timedelta(hours=2))

    @staticmethod
    def _since(block: dict[str, Any]) -> int:
        return _ms(block["firstPublishedDate"].replace("Z", "+00:00"))

    def select(self, part: str) -> list[dict[str, Any]]:
        bits = part.split(":")
        if bits[:2] == ["body", "latest"]:
            return self.blocks[: int(bits[2])]
        if bits[:2] == ["body", "oldest"]:
            return self.blocks[len(self.blocks) - int(bits[2]) :]
        if bits[:2] == ["body", "published-since"]:
            return [b for b in self.blocks if self._since(b) > int(bits[2])]
        if bits[:2] == ["body", "around"]:
            at = [b["id"] for b in self.blocks].index(bits[2])
            n = int(bits[3])
            return self.blocks[max(at - n, 0) : at + n + 1]
        return []

    def answer(self, query: dict[str, list[str]]) -> bytes:
        wanted = query.get("show-blocks", ["body"])[0].split(",")
        blocks: dict[str, Any] = {"totalBodyBlocks": len(self.blocks)}
        requested = {p: copy.deepcopy(self.select(p)) for p in wanted if p.startswith("body:")}
        if requested:
            blocks["requestedBodyBlocks"] = requested
        if "body" in wanted:
            blocks["body"] = copy.deepcopy(self.blocks)
        if "main" in wanted:
            blocks["main"] = {"id": "main0001", "bodyHtml": "", "attributes": {}}
        content = {
            "id": _PATH.strip("/"),
            "type": "liveblog",
            "webTitle": "Comet flyby live",
            "webUrl": f"https://www.theguardian.com{_PATH}",
            "fields": {"liveBloggingNow": "true"},
            "tags": [{"id": "profile/ada-quill", "type": "contributor", "webTitle": "Ada Quill"}],
            "blocks": blocks,
        }
        return json.dumps({"response": {"status": "ok", "content": content}}).encode()

    def route(self, path: str, query: dict[str, list[str]], headers: Message) -> Reply:
        if self.fail is not None or query.get("api-key") != ["loopback-key"]:
            return Reply(self.fail or 401, b'{"message": "Unauthorized"}', _JSON)
        if path != _PATH:
            body = b'{"response": {"status": "error", "message": "not found"}}'
            return Reply(404, body, _JSON)
        return Reply(200, self.answer(query), _JSON)


@pytest.fixture
def capi() -> Iterator[tuple[_Capi, str]]:
    blog = _Capi()
    with Loopback(blog.route, requests=blog.requests) as server:
        yield blog, server.url(_PATH)


async def test_following_a_mirror_polls_published_since_and_pages_back(
    capi: tuple[_Capi, str], tmp_path: Path
) -> None:
    blog, base = capi
    for n in range(1, 6):
        blog.add(f"Update {n}", keyEvent=n == 3)
    every = [s for s in default_registry().all() if s is not guardian.SOURCE]
    registry = Registry([replace(guardian.SOURCE, full_every=2), *every])
    source = f"{base}?show-blocks=main,body:latest:2,body:oldest:1&api-key=loopback-key"
    feed = BlogFeed(
        source, fetcher=Fetcher(retries=0), store=Store(tmp_path / "c.db"), registry=registry
    )
    try:
        first = await feed.refresh()  # detected by its body: any host serves the API's JSON
        assert sorted(e.text for e in first.changes.new) == ["Update 1", "Update 4", "Update 5"]
        assert feed.blog is not None and feed.blog.source == "guardian"
        assert feed.blog.title == "Comet flyby live" and feed.blog.live is True
        assert "loopback-key" not in feed.blog.url
        newest = _ms("2031-03-04T09:05:00.250+00:00")
        assert feed.hints.newer == newest and feed.hints.older == "blk0004"

        b6 = blog.add("Update 6")
        seen = len(blog.requests)
        second = await feed.refresh()  # a poll: only the new block
        polled = blog.requests[seen:]
        assert len(polled) == 1
        query = parse_qs(urlsplit(polled[0]).query)
        assert query["show-blocks"] == [f"main,body:published-since:{newest}"]
        assert query["api-key"] == ["loopback-key"]
        assert [e.id for e in second.changes.new] == [b6]
        assert second.changes.new[0].authors == ("Ada Quill",)
        assert feed.hints.newer == _ms("2031-03-04T09:06:00.250+00:00")
        assert feed.hints.older == "blk0004"  # a poll never moves the paging cursor

        # an edit of an older block is invisible to published-since; the full fetch sees it
        blog.edit("blk0005", "Tail brightens")
        third = await feed.refresh()  # poll 2: nothing new
        assert not third.changes
        seen = len(blog.requests)
        fourth = await feed.refresh()  # full_every polls done: the whole selection again
        assert "published-since" not in blog.requests[seen]
        assert [(e.id, e.title) for e in fourth.changes.edited] == [("blk0005", "Tail brightens")]

        # paging back from the oldest block of the latest run, until the first block
        can_page = feed.can_load_older  # (a name: mypy would hold the property to True)
        assert can_page
        seen = len(blog.requests)
        older = await feed.load_older()
        assert older is not None
        query = parse_qs(urlsplit(blog.requests[seen]).query)
        assert query["show-blocks"] == ["body:around:blk0004:50,body:oldest:1"]
        assert query["api-key"] == ["loopback-key"]
        assert sorted(e.text for e in older.changes.new) == ["Update 2", "Update 3"]
        assert not feed.can_load_older  # the first block was in that page
        assert sorted(e.id for e in feed.entries) == [f"blk{n:04d}" for n in range(1, 7)]
        assert [e.id for e in feed.entries if e.key_event] == ["blk0003"]
    finally:
        await feed.fetcher.aclose()


async def test_a_refused_key_is_one_line_naming_the_settings(capi: tuple[_Capi, str]) -> None:
    blog, base = capi
    blog.add("Update 1")
    feed = BlogFeed(f"{base}?api-key=wrong-secret", fetcher=Fetcher(retries=0), kind="guardian")
    try:
        with pytest.raises(FetchError) as caught:
            await feed.refresh()
    finally:
        await feed.fetcher.aclose()
    message = str(caught.value)
    assert "--api-key" in message and "GUARDIAN_API_KEY" in message
    assert "wrong-secret" not in message


# -- odd values, credentials, web-only URLs ------------------------------------------------------


def _latest(doc: dict[str, Any]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = doc["response"]["content"]["blocks"]["requestedBodyBlocks"][
        "body:latest:50"
    ]
    return blocks


@pytest.mark.parametrize(
    "width", ["²", "9" * 5000, "-1e999", 1e308, -1, None, [], {}], ids=lambda v: repr(v)[:12]
)
def test_an_unusable_asset_width_is_no_width(width: object) -> None:
    """``"²".isdigit()`` is true but int() refuses it (and 5000 digits): no ValueError escapes."""
    doc = _doc("liveblog.json")
    block = _latest(doc)[1]  # blk0004: an image element with two assets
    block["bodyHtml"] = "<p>The tail brightens.</p>"  # no <img>: the element's picture is used
    assets = block["elements"][1]["assets"]
    assets[0]["typeData"]["width"] = width
    assets[1]["typeData"]["width"] = "1000"  # a numeric string is a width
    snap = guardian.parse(json.dumps(doc).encode(), KEYED)
    (tail,) = [e for e in snap.entries if e.id == "blk0004"]
    assert [m.url for m in tail.media if m.kind == "image"] == [
        "https://media.example.org/m4m4/0_0_100_100/1000.jpg"
    ]


@pytest.mark.parametrize(
    "total", ["²", "9" * 5000, "-1e999", None, [], {}], ids=lambda v: repr(v)[:12]
)
def test_an_unusable_block_total_says_nothing(total: object) -> None:
    doc = _doc("liveblog.json")
    doc["response"]["content"]["blocks"]["totalBodyBlocks"] = total
    hints = guardian.parse(json.dumps(doc).encode(), KEYED).hints
    assert hints.older == "blk0002" and not hints.older_end


def test_a_block_total_may_be_a_numeric_string() -> None:
    doc = _doc("liveblog.json")
    doc["response"]["content"]["blocks"]["totalBodyBlocks"] = "4"  # as many as the answer holds
    hints = guardian.parse(json.dumps(doc).encode(), KEYED).hints
    assert hints.older is None and hints.older_end


def test_no_credential_of_the_fetched_url_reaches_the_snapshot() -> None:
    """Relative links resolve against the item's webUrl, the blog's URL drops the key and any
    user name and password: nothing of the API URL's credentials is kept."""
    doc = _doc("liveblog.json")
    _latest(doc)[2]["bodyHtml"] = (
        '<p><a href="#more">more</a> <a href="">here</a></p><img src="#p">'
    )
    url = "https://reader:pw-s3cret@content.guardianapis.com/science/live/x?api-key=s3cret-key"
    snap = guardian.parse(json.dumps(doc).encode(), url)
    assert b"s3cret" not in orjson.dumps(snap)
    assert snap.blog.url == "https://content.guardianapis.com/science/live/x"
    (block,) = [e for e in snap.entries if e.id == "blk0003"]
    assert block.links[0] == f"{WEB}#more"
    assert block.media[0].url == f"{WEB}#p"


def test_entry_and_media_urls_are_web_links_only() -> None:
    """``mailto:`` is a fine link in a body, but never an entry's URL or a media URL."""
    doc = _doc("liveblog.json")
    block = _latest(doc)[1]
    block["bodyHtml"] = (
        '<p>Write to <a href="mailto:desk@example.org">the desk</a>.</p>'
        '<figure><img src="mailto:desk@example.org"><figcaption>Tail</figcaption></figure>'
    )
    block["elements"][2]["tweetTypeData"] = {"url": "mailto:desk@example.org"}
    snap = guardian.parse(json.dumps(doc).encode(), KEYED)
    assert_web_only(snap)
    (tail,) = [e for e in snap.entries if e.id == "blk0004"]
    assert "mailto:desk@example.org" in tail.links  # kept as a link
    assert "Tail" in tail.text  # the caption of the dropped picture stays
    assert not any(m.kind == "tweet" for m in tail.media)

    doc["response"]["content"]["webUrl"] = "mailto:desk@example.org"
    assert all(e.url is None for e in guardian.parse(json.dumps(doc).encode(), KEYED).entries)
