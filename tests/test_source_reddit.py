"""The Reddit live thread source: URLs, parsing (corpus and own fixtures), polling and paging."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.hints import Hints
from tui_liveblog.sources import reddit
from tui_liveblog.sources.common import SNIFF_BYTES
from tui_liveblog.sources.registry import Registry, default_registry
from tui_liveblog.store import Store

from .conftest import CORPUS, FIXTURES, needs_corpus
from .loopback import Loopback, Reply

LIVE = CORPUS / "reddit-live"
OWN = FIXTURES / "reddit"
API = "https://www.reddit.com/live/ukaeu1ik4sw5.json?raw_json=1&limit=100"
THREAD = "https://www.reddit.com/live/hb7k2q9zx1"


def corpus_file(name: str) -> bytes:
    return (LIVE / name).read_bytes()


def own(name: str) -> bytes:
    return (OWN / name).read_bytes()


# -- URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.reddit.com/live/ukaeu1ik4sw5",
        "https://reddit.com/live/ukaeu1ik4sw5/",
        "http://old.reddit.com/live/ukaeu1ik4sw5.json?raw_json=1",
        "https://new.reddit.com/live/ukaeu1ik4sw5/updates/7827987a-c998-11e4-a0b9-22000b6a88d2",
        "https://np.reddit.com/live/ukaeu1ik4sw5?utm_source=share",
        "https://WWW.Reddit.com:443/live/ukaeu1ik4sw5/about",
    ],
)
def test_url_matches_thread_urls(url: str) -> None:
    assert reddit.url_matches(url)
    assert reddit.api_url(url, None) == API
    assert default_registry().for_url(url) is reddit.SOURCE


@pytest.mark.parametrize(
    "url",
    [
        "https://www.reddit.com/r/news/comments/abc/title/",
        "https://www.reddit.com/live/",
        "https://www.reddit.com/api/live/happening_now",
        "https://notreddit.com/live/ukaeu1ik4sw5",
        "https://reddit.com.evil.example/live/ukaeu1ik4sw5",
        "ftp://www.reddit.com/live/ukaeu1ik4sw5",
        "/tmp/live/ukaeu1ik4sw5.json",
        "http://127.0.0.1:8000/live/abc123.json",
    ],
)
def test_url_does_not_match(url: str) -> None:
    assert not reddit.url_matches(url)
    assert reddit.api_url(url, None) is None


def test_companions_from_the_path_on_any_host() -> None:
    about = "https://www.reddit.com/live/ukaeu1ik4sw5/about.json?raw_json=1"
    assert reddit.companions(API, None) == {"about": about}
    assert reddit.companions("https://old.reddit.com/live/ukaeu1ik4sw5/updates/x", None) == {
        "about": about
    }
    assert reddit.companions("http://127.0.0.1:8123/live/abc123.json?limit=5", None) == {
        "about": "http://127.0.0.1:8123/live/abc123/about.json?raw_json=1"
    }
    assert reddit.companions("https://news.example/live-blog/today", None) == {}
    assert reddit.companions("/home/me/thread.json", None) == {}


def _query(url: str | None) -> dict[str, list[str]]:
    assert url is not None
    return parse_qs(urlsplit(url).query)


def test_poll_url_sends_before_and_replaces_paging() -> None:
    hints = Hints(newer="LiveUpdate_aaaa-1111", older="LiveUpdate_bbbb-2222")
    polled = reddit.poll_url(API + "&after=LiveUpdate_old&count=25", hints)
    assert polled is not None and polled.startswith(
        "https://www.reddit.com/live/ukaeu1ik4sw5.json?"
    )
    assert _query(polled) == {
        "raw_json": ["1"],
        "limit": ["100"],
        "before": ["LiveUpdate_aaaa-1111"],
    }
    older = reddit.older_url(API + "&before=LiveUpdate_x", hints)
    assert _query(older) == {"raw_json": ["1"], "limit": ["100"], "after": ["LiveUpdate_bbbb-2222"]}
    # a thread page URL (not the API listing) is turned into the listing first
    page = reddit.poll_url("https://old.reddit.com/live/ukaeu1ik4sw5/", hints)
    assert page is not None and page.startswith(API)
    # a mirror keeps its host and path
    mirror = reddit.poll_url("http://127.0.0.1:9/live/abc123.json", hints)
    assert mirror == "http://127.0.0.1:9/live/abc123.json?before=LiveUpdate_aaaa-1111"


def test_poll_and_older_need_a_usable_cursor() -> None:
    assert reddit.poll_url(API, Hints()) is None
    assert reddit.poll_url(API, Hints(newer=None)) is None
    assert reddit.poll_url(API, Hints(newer="x&limit=1000")) is None
    assert reddit.older_url(API, Hints(older_end=True)) is None  # the end of the thread
    assert reddit.older_url(API, Hints(older=12)) is None
    assert reddit.older_url(API, Hints()) is None
    assert reddit.SOURCE.full_every > 0


def test_http_error_messages() -> None:
    for status in (401, 403):
        message = reddit.http_error(status, API)
        assert message is not None and "sign" in message and "\n" not in message
    missing = reddit.http_error(404, API)
    assert missing is not None and "no such Reddit live thread" in missing
    assert "ukaeu1ik4sw5" in missing
    assert reddit.http_error(500, API) is None


# -- the corpus -----------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize(
    ("name", "count", "older"),
    [
        ("live-ukaeu1ik4sw5-listing-page1.json", 100, "LiveUpdate_ee7df212-2fe6-11e5-9dfa-0ef6ca535a4d"),
        ("live-ukaeu1ik4sw5-listing-page2-after.json", 100, "LiveUpdate_7827987a-c998-11e4-a0b9-22000b6a88d2"),
        ("live-ukaeu1ik4sw5-listing-page3-empty.json", 0, None),
    ],
)  # fmt: skip
def test_corpus_listing_pages(name: str, count: int, older: str | None) -> None:
    snap = reddit.parse(corpus_file(name), API)
    assert len(snap.entries) == count
    assert len({e.id for e in snap.entries}) == count
    assert snap.hints.older == older
    assert snap.hints.older_end is (older is None)  # after: null is the end of the thread
    assert snap.blog.source == "reddit"
    assert snap.blog.title == "Reddit live ukaeu1ik4sw5"  # no about document
    assert snap.blog.live is None
    assert not any(e.deleted for e in snap.entries)
    if count:
        newest = snap.entries[0]
        assert snap.hints.newer == f"LiveUpdate_{newest.id}"
        assert all(e.published is not None for e in snap.entries)
        times = [e.published for e in snap.entries]
        assert times == sorted(times, reverse=True)  # type: ignore[type-var]
    else:
        assert snap.hints.newer is None


@needs_corpus
def test_corpus_update_fields() -> None:
    snap = reddit.parse(corpus_file("live-ukaeu1ik4sw5-listing-page1.json"), API)
    first = snap.entries[0]
    assert first.id == "352556c0-97d2-11e6-aa34-0e0d983a7ee7"
    # created_utc (1477083977), not the legacy local `created` (8 hours later)
    assert first.published == datetime(2016, 10, 21, 21, 6, 17, tzinfo=UTC)
    assert first.updated is None and first.title is None
    assert first.authors == ("wting",)
    assert first.text.startswith("OpenSearch-supported browsers")
    assert "<" not in first.text and "&#39;" not in first.text and "browser's" in first.text
    assert first.links == ("http://www.opensearch.org/Community/OpenSearch_search_clients",)
    assert first.url == (
        "https://www.reddit.com/live/ukaeu1ik4sw5/updates/352556c0-97d2-11e6-aa34-0e0d983a7ee7"
    )
    assert sum(1 for e in snap.entries if e.media) == 3  # the three updates with embeds
    gif = next(e for e in snap.entries if e.id == "fefb3dae-7534-11e6-b259-0ef8c7233633")
    assert [(m.kind, m.url) for m in gif.media] == [("image", "https://i.redd.it/ozn35ui3u5kx.gif")]
    assert any(b.kind == "media" for b in gif.body)


@needs_corpus
def test_corpus_stricken_update_is_kept_deleted() -> None:
    url = "https://www.reddit.com/live/ta535s1hq2je.json?raw_json=1&limit=100"
    snap = reddit.parse(corpus_file("live-ta535s1hq2je-listing-with-stricken.json"), url)
    assert len(snap.entries) == 96
    struck = [e for e in snap.entries if e.deleted]
    assert len(struck) == 1
    assert struck[0].id == "1a007a36-9bbc-11ea-8729-0e04d4b4c4e7"
    assert struck[0].text == "17,126,296"  # the content is kept


@needs_corpus
def test_corpus_other_listings() -> None:
    url = "https://www.reddit.com/live/ta535s1hq2je.json"
    assert (
        len(reddit.parse(corpus_file("live-ta535s1hq2je-listing-limit100.json"), url).entries)
        == 100
    )
    empty = reddit.parse(corpus_file("live-ta535s1hq2je-listing-before-empty.json"), url)
    assert empty.entries == () and empty.hints.newer is None
    single = reddit.parse(corpus_file("live-ukaeu1ik4sw5-single-update.json"), API)
    assert [e.id for e in single.entries] == ["7827987a-c998-11e4-a0b9-22000b6a88d2"]
    assert single.entries[0].text == "Small change: Piloting a live thread of reddit updates!"


@needs_corpus
@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("live-ukaeu1ik4sw5-about.json", "reddit updates"),
        ("live-happening_now-featured-about.json", "Former FBI Director James Comey's Testimony"),
    ],
)
def test_corpus_about_documents(name: str, title: str) -> None:
    data = corpus_file(name)
    assert reddit.sniff(data[:SNIFF_BYTES], "application/json")
    alone = reddit.parse(data, "/some/file.json")
    assert alone.entries == ()
    assert alone.blog.title == title and alone.blog.live is True
    assert alone.blog.description and "<" not in alone.blog.description


@needs_corpus
def test_corpus_listing_with_about_companion() -> None:
    snap = reddit.parse(
        corpus_file("live-ukaeu1ik4sw5-listing-page1.json"),
        API,
        extras={"about": corpus_file("live-ukaeu1ik4sw5-about.json")},
    )
    assert snap.blog.title == "reddit updates"
    assert snap.blog.live is True
    assert snap.blog.coverage_start == datetime(2015, 3, 13, 15, 48, 32, tzinfo=UTC)
    assert snap.blog.description is not None and "/r/changelog" in snap.blog.description
    assert len(snap.entries) == 100 and not snap.warnings


@needs_corpus
def test_corpus_detection_by_body() -> None:
    data = corpus_file("live-ukaeu1ik4sw5-listing-page2-after.json")
    assert default_registry().detect("/tmp/x.json", data, "application/json") is reddit.SOURCE
    snap = sources.parse(data, "/tmp/x.json")
    assert snap.blog.source == "reddit" and len(snap.entries) == 100
    # no about, no thread id in the path: named by the file's name (issue 13)
    assert snap.blog.title == "x.json" and snap.blog.url == "/tmp/x.json"
    assert all(e.url is None for e in snap.entries)  # no thread id: no per-update links


# -- own fixtures ---------------------------------------------------------------------------


def test_entity_escaped_body_html_is_unescaped_once() -> None:
    snap = reddit.parse(own("escaped-listing.json"), THREAD + ".json")
    assert [e.id for e in snap.entries] == [
        "0b1c2d3e-0000-4000-8000-00000000aa02",
        "0b1c2d3e-0000-4000-8000-00000000aa01",
    ]
    escaped, plain = snap.entries
    # &amp;amp; → "&" and &amp;lt;3 → "<3": one level of escaping removed, then the HTML's own
    assert escaped.text == "Ferries resume at noon & the pier reopens <3\n\nSee /r/harbourtown"
    assert escaped.links == ("https://www.reddit.com/r/harbourtown",)
    assert any(s.bold and s.text == "resume" for s in escaped.body[0].spans)
    # an unescaped body keeps its entities decoded exactly once
    assert plain.text == "Storm <warning> lifted"
    assert escaped.published == datetime.fromtimestamp(1900000000, UTC)


def test_embeds_stricken_and_wrong_types() -> None:
    snap = reddit.parse(own("embeds-listing.json"), THREAD + ".json?raw_json=1")
    by_id = {e.id[-3:]: e for e in snap.entries}
    assert sorted(by_id) == ["0b1", "0b3", "0b4", "0b5", "0b6"]  # no id: skipped; repeat: once
    clips = by_id["0b6"]
    assert [(m.kind, m.url) for m in clips.media] == [
        ("tweet", "https://twitter.com/harbourtown/status/1234567890"),
        ("tweet", "https://x.com/quayside/status/42"),
        ("video", "https://www.youtube.com/watch?v=abcDEF12345"),
        ("video", "https://youtu.be/abcDEF12345"),
        ("video", "https://vimeo.com/76543210"),
        ("embed", "https://maps.example.org/harbour"),
        ("image", "https://img.example.org/pier.jpg"),
        ("embed", "https://www.example.net/oembed-only"),
    ]
    assert [b.media for b in clips.body if b.kind == "media"] == list(clips.media)
    assert by_id["0b5"].deleted and by_id["0b5"].text == "Wrong count of boats, struck"
    assert [e.id[-3:] for e in snap.entries if e.deleted] == ["0b5"]
    markdown = by_id["0b4"]
    assert markdown.text == "Only *markdown* here\n\nSecond paragraph"
    assert markdown.authors == () and not markdown.deleted and markdown.media == ()
    assert markdown.published == datetime.fromtimestamp(1900002000, UTC)
    assert by_id["0b3"].text == "No id field, only a name"  # the first copy wins
    dirty = by_id["0b1"]
    assert "\x1b" not in dirty.text and "\x07" not in dirty.text
    assert dirty.authors and "\x1b" not in dirty.authors[0]
    assert dirty.links == ()  # javascript: dropped
    assert snap.hints == Hints(
        newer="LiveUpdate_5e6f7a8b-0000-4000-8000-0000000000b6",
        older="LiveUpdate_5e6f7a8b-0000-4000-8000-0000000000b1",
    )
    assert any("without an id" in w for w in snap.warnings)
    assert clips.url == f"{THREAD}/updates/5e6f7a8b-0000-4000-8000-0000000000b6"


def test_about_complete_state() -> None:
    snap = reddit.parse(
        own("escaped-listing.json"), THREAD + ".json", extras={"about": own("about-complete.json")}
    )
    assert snap.blog.title == "Harbour storm & ferries"
    assert snap.blog.live is False
    assert snap.blog.description == "Updates on the storm and the ferry timetable."
    assert len(snap.entries) == 2
    alone = reddit.parse(own("about-complete.json"), "about.json")
    assert alone.entries == () and alone.blog.live is False
    assert alone.hints == Hints()  # an about document says nothing about paging
    # the about document's thread id gives entries their links when the URL has none
    linked = reddit.parse(
        own("escaped-listing.json"), "/tmp/t.json", extras={"about": own("about-complete.json")}
    )
    assert linked.entries[0].url is not None
    assert linked.entries[0].url.startswith("https://www.reddit.com/live/hb7k2q9zx1/updates/")


@pytest.mark.parametrize(
    "url",
    [
        API,
        "https://old.reddit.com/live/ukaeu1ik4sw5.json?raw_json=1&limit=100&before=LiveUpdate_x",
        "https://reddit.com/live/ukaeu1ik4sw5/updates/7827987a-c998-11e4-a0b9-22000b6a88d2",
        "http://m.reddit.com/live/ukaeu1ik4sw5",
    ],
)
def test_the_blog_url_of_a_reddit_thread_is_its_page(url: str) -> None:
    """Not the ``.json?raw_json=1&limit=100`` API listing that was fetched."""
    snap = reddit.parse(own("escaped-listing.json"), url)
    assert snap.blog.url == "https://www.reddit.com/live/ukaeu1ik4sw5"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:9/live/hb7k2q9zx1.json?raw_json=1&limit=100",) * 2,
        ("/tmp/thread.json",) * 2,
        (
            "http://me:pw-s3cret@127.0.0.1:9/live/hb7k2q9zx1.json?raw_json=1&token=s3cret",
            "http://127.0.0.1:9/live/hb7k2q9zx1.json?raw_json=1",
        ),
    ],
)
def test_the_blog_url_of_a_mirror_or_file_is_what_was_read(url: str, shown: str) -> None:
    snap = reddit.parse(own("escaped-listing.json"), url)
    assert snap.blog.url == shown


def test_no_credential_of_the_fetched_url_reaches_the_snapshot() -> None:
    url = "http://me:pw-s3cret@127.0.0.1:9/live/hb7k2q9zx1.json?raw_json=1&access_token=s3cret"
    doc = json.loads(own("embeds-listing.json"))
    doc["data"]["children"][0]["data"]["body_html"] = (
        '<div class="md"><p><a href="#more">more</a></p><img src="?pic"></div>'
    )
    snap = reddit.parse(json.dumps(doc).encode(), url, extras={"about": own("about-complete.json")})
    assert b"s3cret" not in orjson.dumps(snap)
    clips = snap.entries[0]
    assert (
        clips.url
        == "http://127.0.0.1:9/live/hb7k2q9zx1/updates/5e6f7a8b-0000-4000-8000-0000000000b6"
    )
    assert clips.links == ("https://www.reddit.com/#more",)  # Reddit's links are reddit.com's


def test_media_urls_are_web_links_only() -> None:
    doc = json.loads(own("embeds-listing.json"))
    update = doc["data"]["children"][0]["data"]
    update["body_html"] = (
        '<div class="md"><p>Write to <a href="mailto:desk@example.org">the desk</a></p>'
        '<img src="mailto:desk@example.org" alt="Quay"></div>'
    )
    update["embeds"] = [{"url": "mailto:desk@example.org"}, {"url": "https://vimeo.com/76543210"}]
    update["mobile_embeds"] = [{"original_url": "MAILTO:desk@example.org"}]
    snap = reddit.parse(json.dumps(doc).encode(), THREAD + ".json")
    clips = snap.entries[0]
    assert [m.url for m in clips.media] == ["https://vimeo.com/76543210"]
    assert [b.media.url for b in clips.body if b.media is not None] == [
        "https://vimeo.com/76543210"
    ]
    assert clips.links == ("mailto:desk@example.org",)  # a fine link in the text
    assert "Quay" in clips.text  # the dropped picture's caption stays


@pytest.mark.parametrize("about", [b"", b"{not json", b'{"kind": "Listing", "data": {}}', b"[]"])
def test_a_broken_about_companion_is_survived(about: bytes) -> None:
    snap = reddit.parse(own("escaped-listing.json"), THREAD + ".json", extras={"about": about})
    assert len(snap.entries) == 2
    assert snap.blog.title == "Reddit live hb7k2q9zx1" and snap.blog.live is None
    assert any("about.json" in w for w in snap.warnings)
    without = reddit.parse(own("escaped-listing.json"), THREAD + ".json", extras={})
    assert without.blog.title == "Reddit live hb7k2q9zx1" and not without.warnings


def test_sign_in_page_is_a_clear_error() -> None:
    page = own("signin.html")
    with pytest.raises(ParseError) as err:
        reddit.parse(page, API, {"content-type": "text/html; charset=utf-8"})
    assert "Reddit answered with a web page" in str(err.value)
    assert "sign in" in str(err.value) and "\n" not in str(err.value)
    # through the registry too: the URL pattern puts reddit first, its error is the one raised
    with pytest.raises(ParseError, match="web page"):
        sources.parse(page, API, {"content-type": "text/html"}, kind="reddit")
    # elsewhere, the same bytes are just not a thread
    with pytest.raises(ParseError, match="not a Reddit live thread"):
        reddit.parse(page, "/tmp/page.html")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"{oops", "not valid JSON"),
        (b"42", "not a Reddit listing"),
        (b'{"kind": "t3", "data": {}}', "neither a listing nor a thread"),
        (b'{"message": "Forbidden", "error": 403}', "without signing in"),
        (b'{"message": "Too Many Requests", "error": 429}', "Too Many Requests (429)"),
        (
            b'{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "x"}}]}}',
            "'t3' items",
        ),
    ],
)
def test_bad_documents(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        reddit.parse(data, API)


def test_tolerant_listing_shapes() -> None:
    odd = b'{"kind": "Listing", "data": {"children": {"a": 1}, "after": 5}}'
    snap = reddit.parse(odd, API)
    assert snap.entries == () and snap.hints == Hints(older_end=True)
    wrapped = b'[{"kind": "Listing", "data": {"children": [], "after": null}}]'
    assert reddit.parse(wrapped, API).entries == ()
    # invalid UTF-8 inside a string does not lose the thread
    bad_byte = own("escaped-listing.json").replace(b"Storm", b"St\xffrm")
    assert len(reddit.parse(bad_byte, API).entries) == 2


def test_sniff() -> None:
    assert reddit.sniff(own("embeds-listing.json"), "application/json")
    assert reddit.sniff(own("about-complete.json"), None)
    assert reddit.sniff(
        b'\xef\xbb\xbf {"kind":"Listing","data":{"children":[{"kind":"LiveUpdate"', None
    )
    assert not reddit.sniff(own("signin.html"), "text/html")
    assert not reddit.sniff(b'{"kind": "Listing", "data": {"children": []}}', None)
    assert not reddit.sniff(b'<p>"kind": "LiveUpdate"</p>', None)


def test_fixture_files_are_invented() -> None:
    """Own fixtures only: nothing under tests/fixtures/reddit names the corpus threads."""
    for path in Path(OWN).iterdir():
        text = path.read_text(encoding="utf-8")
        assert "ukaeu1ik4sw5" not in text and "ta535s1hq2je" not in text


# -- polling a loopback mirror through BlogFeed ---------------------------------------------

_BASE_TS = 1_900_000_000


class _Thread:
    """An invented live thread served like Reddit's API: newest first, before=/after=/limit."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []  # newest first
        self.requests: list[str] = []  # path?query of every request
        self.state = "live"

    def add(self, text: str, *, stricken: bool = False) -> str:
        uid = f"00000000-0000-4000-8000-{len(self.updates) + 1:012d}"
        self.updates.insert(
            0,
            {
                "id": uid,
                "name": f"LiveUpdate_{uid}",
                "author": "quay_reporter",
                "body": text,
                "body_html": f'<div class="md"><p>{text}</p>\n</div>',
                "created_utc": float(_BASE_TS + 60 * len(self.updates)),
                "stricken": stricken,
                "embeds": [],
                "mobile_embeds": [],
            },
        )
        return uid

    def listing(self, query: dict[str, list[str]]) -> bytes:
        names = [u["name"] for u in self.updates]
        limit = int(query.get("limit", ["100"])[0])
        after = before = None
        if "before" in query:
            cut = names.index(query["before"][0]) if query["before"][0] in names else 0
            page = self.updates[:cut][-limit:]
        else:
            start = names.index(query["after"][0]) + 1 if "after" in query else 0
            page = self.updates[start : start + limit]
            if start + limit < len(self.updates):
                after = page[-1]["name"]
        children = [{"kind": "LiveUpdate", "data": u} for u in page]
        doc = {"kind": "Listing", "data": {"children": children, "after": after, "before": before}}
        return json.dumps(doc).encode()

    def about(self) -> bytes:
        data = {"id": "abc123", "title": "Quayside regatta", "state": self.state}
        return json.dumps({"kind": "LiveUpdateEvent", "data": data}).encode()

    def route(self, path: str, query: dict[str, list[str]], headers: Message) -> Reply | None:
        if path == "/live/abc123.json":
            body = self.listing(query)
        elif path == "/live/abc123/about.json":
            body = self.about()
        else:
            return None
        return Reply(200, body, {"Content-Type": "application/json; charset=UTF-8"})


@pytest.fixture
def mirror() -> Iterator[tuple[_Thread, str]]:
    thread = _Thread()
    with Loopback(thread.route, requests=thread.requests) as server:
        yield thread, server.url("/live/abc123.json")


async def test_following_polls_with_before_and_fetches_about(
    mirror: tuple[_Thread, str], tmp_path: Path
) -> None:
    thread, url = mirror
    for n in range(1, 4):
        thread.add(f"Update {n}")
    every = [s for s in default_registry().all() if s is not reddit.SOURCE]
    registry = Registry([replace(reddit.SOURCE, full_every=2), *every])
    feed = BlogFeed(
        url + "?raw_json=1&limit=2",
        fetcher=Fetcher(retries=0),
        store=Store(tmp_path / "c.db"),
        registry=registry,
    )
    try:
        first = await feed.refresh()
        assert [e.text for e in first.changes.new] == ["Update 3", "Update 2"]  # limit=2
        assert "/live/abc123/about.json?raw_json=1" in thread.requests
        assert feed.blog is not None and feed.blog.title == "Quayside regatta"
        assert feed.blog.live is True and feed.blog.source == "reddit"
        newest = thread.updates[0]["name"]
        assert feed.hints.newer == newest

        u4 = thread.add("Update 4")
        seen = len(thread.requests)
        second = await feed.refresh()
        polled = thread.requests[seen:]
        assert len(polled) == 1  # a poll: the listing only, no about
        query = parse_qs(urlsplit(polled[0]).query)
        assert query["before"] == [newest] and "after" not in query
        assert [e.id for e in second.changes.new] == [u4]
        assert feed.blog.title == "Quayside regatta"  # kept from the full fetch
        assert feed.hints.newer == f"LiveUpdate_{u4}"

        # a later strike is invisible to before=; the full refresh every full_every polls sees it
        thread.updates[1]["stricken"] = True  # "Update 3"
        thread.state = "complete"
        third = await feed.refresh()  # poll 2: nothing new
        assert not third.changes
        seen = len(thread.requests)
        fourth = await feed.refresh()  # the full one
        full = thread.requests[seen:]
        assert any(r.startswith("/live/abc123/about.json") for r in full)
        assert all("before=" not in r for r in full)
        assert [e.text for e in fourth.changes.removed] == ["Update 3"]
        ended = feed.blog  # (a fresh name: mypy still holds feed.blog.live to be True)
        assert ended is not None and ended.live is False

        # paging back with after=, from the first full fetch's cursor
        seen = len(thread.requests)
        older = await feed.load_older()
        assert older is not None
        assert "after=" in thread.requests[seen]
        assert [e.text for e in older.changes.new] == ["Update 1"]
        assert sorted(e.text for e in feed.entries) == [f"Update {n}" for n in range(1, 5)]
    finally:
        await feed.fetcher.aclose()
