"""The bundled demo: its invented blog text and the HTTP server that serves it on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from lxml import html as lxml_html

from tui_liveblog.content import parse_body
from tui_liveblog.demo import KEY_EVENT_FLAG, PIN_FLAG, DemoServer, serve_forever
from tui_liveblog.demo import content as demo_content
from tui_liveblog.demo.content import Amendment, Post
from tui_liveblog.errors import LiveblogError

START = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
HAS_JSONLD = importlib.util.find_spec("tui_liveblog.sources.jsonld") is not None
SCRIPTED_POSTS = [s for s in demo_content.SCRIPT if isinstance(s, Post)]
ALLOWED_HOSTS = ("example.org", "example.com", "x.com", "www.youtube.com")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")
LD_JSON = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


class ManualClock:
    """A clock the test moves by hand (thread-safe enough: one writer, atomic reads)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def demo(clock: ManualClock) -> Iterator[DemoServer]:
    with DemoServer(port=0, interval=0, clock=clock, start_at=START) as server:
        yield server


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0, trust_env=False) as c:
        yield c


def ld_of(body: bytes) -> dict[str, Any]:
    blocks = LD_JSON.findall(body)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert isinstance(data, dict)
    return data


def get_ld(client: httpx.Client, url: str) -> tuple[httpx.Response, dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200
    return response, ld_of(response.content)


def ts(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None
    return moment


# -- the server ------------------------------------------------------------------------------


def test_serves_the_blog_page(demo: DemoServer, client: httpx.Client) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/live/selene-shuttle", demo.url)
    response = client.get(demo.url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong, not W/
    assert parsedate_to_datetime(response.headers["last-modified"]) == START - timedelta(
        minutes=demo_content.LEAD_MINUTES
    )
    doc = lxml_html.fromstring(response.content)
    assert demo_content.TITLE in doc.findtext(".//title")
    assert doc.findtext(".//h1") == demo_content.TITLE
    articles = doc.xpath('//section[@class="timeline"]/article')
    assert len(articles) == len(demo_content.INITIAL)
    assert len(doc.xpath('//section[@class="pinned"]/article')) == 1


def test_jsonld_is_a_live_blog_with_30_plus_updates(demo: DemoServer, client: httpx.Client) -> None:
    _, ld = get_ld(client, demo.url)
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "LiveBlogPosting"
    assert ld["headline"] == demo_content.TITLE
    assert ld["url"] == demo.url
    start = ts(ld["coverageStartTime"])
    assert "coverageEndTime" not in ld and ld["isLive"] is True  # live until the script ends
    updates = ld["liveBlogUpdate"]
    assert len(updates) >= 30
    assert len(updates) == len(demo_content.INITIAL)
    ids = [u["@id"] for u in updates]
    assert len(set(ids)) == len(ids)
    for u in updates:
        assert u["@type"] == "BlogPosting"
        assert u["url"] == f"{demo.url}#{u['@id']}"
        assert u["author"]["@type"] == "Person"
        assert u["author"]["name"] in demo_content.AUTHORS
        assert u["articleBody"].startswith("<")
        assert isinstance(u[PIN_FLAG], bool) and isinstance(u[KEY_EVENT_FLAG], bool)
        published, modified = ts(u["datePublished"]), ts(u["dateModified"])
        assert start <= published <= modified < START
    assert sum(1 for u in updates if "headline" in u) > len(updates) // 2
    # newest first; the newest is LEAD_MINUTES old, the oldest is the start of coverage
    times = [ts(u["datePublished"]) for u in updates]
    assert times == sorted(times, reverse=True)
    assert times[0] == START - timedelta(minutes=demo_content.LEAD_MINUTES)
    assert times[-1] == start
    pinned = [u for u in updates if u[PIN_FLAG]]
    assert len(pinned) == 1
    assert pinned[0]["headline"] == "What we know so far"
    assert ts(pinned[0]["dateModified"]) > ts(pinned[0]["datePublished"])
    assert sum(1 for u in updates if u[KEY_EVENT_FLAG]) >= 5


def test_jsonld_block_cannot_break_out_of_its_script_tag(
    demo: DemoServer, client: httpx.Client
) -> None:
    raw = LD_JSON.search(client.get(demo.url).content)
    assert raw is not None
    assert b"<" not in raw.group(1) and b">" not in raw.group(1)


@pytest.mark.skipif(not HAS_JSONLD, reason="tui_liveblog.sources.jsonld is not written yet")
def test_the_projects_jsonld_parser_reads_the_demo(demo: DemoServer, client: httpx.Client) -> None:
    from tui_liveblog.sources import jsonld

    for _ in range(5):  # the fifth step is the amendment: 4 new posts + 1 edit
        assert demo.advance()
    response = client.get(demo.url)
    snapshot = jsonld.parse(response.content, demo.url, dict(response.headers))
    _, ld = get_ld(client, demo.url)
    entries = snapshot.entries
    assert snapshot.blog.title == demo_content.TITLE
    assert len(entries) == len(demo_content.INITIAL) + 4
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.published is not None and e.authors and e.text for e in entries)
    assert all(e.url and e.url.startswith(demo.url + "#post-") for e in entries)
    edited = {e.id for e in entries if e.updated is not None}
    assert edited == {
        u["@id"] for u in ld["liveBlogUpdate"] if u["dateModified"] != u["datePublished"]
    }
    kinds = {m.kind for e in entries for m in e.media}
    assert {"image", "video", "tweet"} <= kinds
    # the flags are non-standard: once the parser reads them they must match the JSON-LD
    if any(e.pinned for e in entries):
        assert [e.id for e in entries if e.pinned] == [
            u["@id"] for u in ld["liveBlogUpdate"] if u[PIN_FLAG]
        ]
    if any(e.key_event for e in entries):
        assert {e.id for e in entries if e.key_event} == {
            u["@id"] for u in ld["liveBlogUpdate"] if u[KEY_EVENT_FLAG]
        }


def test_publish_next_adds_one_newer_entry_and_changes_the_etag(
    demo: DemoServer, client: httpx.Client, clock: ManualClock
) -> None:
    before, ld_before = get_ld(client, demo.url)
    clock.now = START + timedelta(seconds=30)
    assert demo.publish_next()
    after, ld_after = get_ld(client, demo.url)
    old_ids = {u["@id"] for u in ld_before["liveBlogUpdate"]}
    new = [u for u in ld_after["liveBlogUpdate"] if u["@id"] not in old_ids]
    assert len(new) == 1
    assert len(ld_after["liveBlogUpdate"]) == len(ld_before["liveBlogUpdate"]) + 1
    assert ld_after["liveBlogUpdate"][0] is new[0] or ld_after["liveBlogUpdate"][0] == new[0]
    assert ts(new[0]["datePublished"]) == START + timedelta(seconds=30)
    assert new[0]["headline"] == SCRIPTED_POSTS[0].headline
    assert after.headers["etag"] != before.headers["etag"]
    assert parsedate_to_datetime(after.headers["last-modified"]) == START + timedelta(seconds=30)
    assert ts(ld_after["dateModified"]) == START + timedelta(seconds=30)


def test_entries_stay_in_order_with_a_frozen_clock(demo: DemoServer, client: httpx.Client) -> None:
    for _ in range(3):
        assert demo.publish_next()
    _, ld = get_ld(client, demo.url)
    times = [ts(u["datePublished"]) for u in ld["liveBlogUpdate"][:4]]
    assert times == [START + timedelta(seconds=s) for s in (2, 1, 0)] + [
        START - timedelta(minutes=demo_content.LEAD_MINUTES)
    ]


def test_conditional_requests(demo: DemoServer, client: httpx.Client) -> None:
    first = client.get(demo.url)
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]

    not_modified = client.get(demo.url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert client.get(demo.url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(demo.url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(demo.url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(demo.url, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(last_modified) - timedelta(seconds=1), True)
    assert client.get(demo.url, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(demo.url, headers={"If-Modified-Since": "yesterday"}).status_code == 200
    # If-None-Match wins over If-Modified-Since
    both = {"If-None-Match": '"other"', "If-Modified-Since": last_modified}
    assert client.get(demo.url, headers=both).status_code == 200

    assert demo.publish_next()
    changed = client.get(demo.url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert client.get(demo.url, headers={"If-Modified-Since": last_modified}).status_code == 200
    again = client.get(demo.url, headers={"If-None-Match": changed.headers["etag"]})
    assert again.status_code == 304


def test_head_root_and_unknown_paths(demo: DemoServer, client: httpx.Client) -> None:
    head = client.head(demo.url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == client.get(demo.url).headers["etag"]
    root = client.get(demo.url.replace(demo_content.PATH, "/"))
    assert root.status_code == 302
    assert root.headers["location"] == demo_content.PATH
    assert client.get(demo.url + "?utm=x").status_code == 200
    assert client.get(demo.url.replace(demo_content.PATH, "/favicon.ico")).status_code == 404


def test_the_scripted_edit_marks_an_entry_edited(
    demo: DemoServer, client: httpx.Client, clock: ManualClock
) -> None:
    amendment = next(s for s in demo_content.SCRIPT if isinstance(s, Amendment))
    target = next(p for p in demo_content.INITIAL if p.key == amendment.key)
    _, ld = get_ld(client, demo.url)
    original = next(u for u in ld["liveBlogUpdate"] if u["articleBody"] == target.body)
    assert original["dateModified"] == original["datePublished"]

    clock.now = START + timedelta(minutes=1)
    position = demo_content.SCRIPT.index(amendment)
    for _ in range(position + 1):
        assert demo.advance()
    _, ld = get_ld(client, demo.url)
    edited = next(u for u in ld["liveBlogUpdate"] if u["@id"] == original["@id"])
    assert edited["articleBody"] == amendment.body != target.body
    assert edited["datePublished"] == original["datePublished"]
    assert ts(edited["dateModified"]) > ts(edited["datePublished"])
    assert ts(edited["dateModified"]) == ts(ld["dateModified"])  # the latest change
    assert "amended" in edited["articleBody"]


def test_the_script_runs_out_and_the_coverage_ends(demo: DemoServer, client: httpx.Client) -> None:
    published = 0
    while demo.publish_next():
        published += 1
    assert published == len(SCRIPTED_POSTS) >= 15
    assert demo.finished
    assert not demo.publish_next()
    assert not demo.advance()
    _, ld = get_ld(client, demo.url)
    updates = ld["liveBlogUpdate"]
    assert len(updates) == len(demo_content.INITIAL) + len(SCRIPTED_POSTS)
    assert len({u["@id"] for u in updates}) == len(updates)
    assert ts(ld["coverageEndTime"]) == ts(updates[0]["datePublished"])
    assert updates[0]["headline"] == SCRIPTED_POSTS[-1].headline
    assert "Coverage has ended" in client.get(demo.url).text


def test_the_timer_publishes_by_itself_and_stop_joins_it() -> None:
    # (slow enough that a busy machine reads the first state before the script has run out)
    server = DemoServer(interval=0.3)
    url = server.start()
    try:
        with httpx.Client(timeout=10.0, trust_env=False) as c:
            first = len(get_ld(c, url)[1]["liveBlogUpdate"])
            done = threading.Event()
            # wait for the timer (no timing is asserted: only that it does publish)
            for _ in range(1000):
                if len(get_ld(c, url)[1]["liveBlogUpdate"]) > first:
                    done.set()
                    break
                done.wait(0.01)
            assert done.is_set()
    finally:
        server.stop()
    threads = {t.name for t in threading.enumerate()}
    assert "liveblog-demo-timer" not in threads
    assert "liveblog-demo-http" not in threads
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2.0, trust_env=False)
    server.stop()  # idempotent


def test_no_timer_without_interval(demo: DemoServer) -> None:
    assert "liveblog-demo-timer" not in {t.name for t in threading.enumerate()}


def test_initial_times_default_to_the_clock_at_start(clock: ManualClock) -> None:
    clock.now = START + timedelta(days=3)
    with (
        DemoServer(interval=None, clock=clock) as server,
        httpx.Client(trust_env=False) as c,
    ):
        _, ld = get_ld(c, server.url)
    newest = ts(ld["liveBlogUpdate"][0]["datePublished"])
    assert newest == clock.now - timedelta(minutes=demo_content.LEAD_MINUTES)


def test_quiet_no_request_log(
    demo: DemoServer, client: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    client.get(demo.url)
    client.get(demo.url + "/missing")
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_url_before_start_and_double_start() -> None:
    server = DemoServer(interval=0)
    with pytest.raises(RuntimeError):
        _ = server.url
    with server, pytest.raises(RuntimeError):
        server.start()


def test_busy_port_is_one_clear_error(demo: DemoServer) -> None:
    port = urlsplit(demo.url).port
    assert port is not None
    with pytest.raises(LiveblogError, match=f"cannot start the demo server on 127.0.0.1:{port}"):
        DemoServer(port=port, interval=0).start()


# -- serve_forever (liveblog demo --serve) -----------------------------------------------------


def test_serve_forever_prints_the_url_first_and_stops_on_request() -> None:
    out = io.StringIO()
    stop = threading.Event()
    thread = threading.Thread(target=serve_forever, args=(0, 0), kwargs={"out": out, "stop": stop})
    thread.start()
    try:
        printed = threading.Event()
        for _ in range(1000):
            if out.getvalue().endswith("\n"):
                printed.set()
                break
            printed.wait(0.01)
        assert printed.is_set()
        first = out.getvalue().splitlines()[0]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/live/selene-shuttle", first)
        with httpx.Client(trust_env=False, timeout=10.0) as c:
            assert c.get(first).status_code == 200
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    with pytest.raises(httpx.TransportError):
        httpx.get(first, timeout=2.0, trust_env=False)


class _InterruptOnWait(threading.Event):
    """Stands in for Ctrl-C: the first wait raises KeyboardInterrupt."""

    def wait(self, timeout: float | None = None) -> bool:
        raise KeyboardInterrupt


def test_serve_forever_returns_cleanly_on_keyboard_interrupt() -> None:
    out = io.StringIO()
    serve_forever(None, 5.0, out, stop=_InterruptOnWait())
    url = out.getvalue().splitlines()[0]
    assert url.startswith("http://127.0.0.1:")
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2.0, trust_env=False)


# -- the invented text -----------------------------------------------------------------------


def _all_posts() -> list[Post]:
    return [*demo_content.INITIAL, *SCRIPTED_POSTS]


def _all_text() -> list[str]:
    texts = [
        demo_content.TITLE,
        demo_content.DESCRIPTION,
        demo_content.PUBLISHER,
        *demo_content.AUTHORS,
    ]
    for post in _all_posts():
        texts += [post.author, post.body, post.headline or ""]
    for step in demo_content.SCRIPT:
        if isinstance(step, Amendment):
            texts += [step.body, step.headline or ""]
    return texts


def test_demo_text_has_no_control_characters() -> None:
    for text in _all_text():
        assert not CONTROL.search(text), text[:80]


def test_every_link_points_at_a_placeholder_host() -> None:
    bodies = [p.body for p in _all_posts()] + [
        s.body for s in demo_content.SCRIPT if isinstance(s, Amendment)
    ]
    seen = 0
    for body in bodies:
        doc = lxml_html.fragment_fromstring(body, create_parent="div")
        for attr in ("href", "src"):
            for value in doc.xpath(f"//@{attr}"):
                parts = urlsplit(str(value))
                assert parts.scheme == "https", value
                assert parts.hostname in ALLOWED_HOSTS, value
                if parts.hostname == "x.com":
                    assert parts.path.startswith("/example/status/")
                if parts.hostname == "www.youtube.com":
                    assert parts.path.startswith("/embed/")
                seen += 1
    assert seen >= 10
    assert demo_content.PUBLISHER_URL.startswith("https://example.org/")


def test_the_blog_has_the_shape_of_a_real_live_blog() -> None:
    initial, script = demo_content.INITIAL, demo_content.SCRIPT
    assert len(initial) >= 30
    assert len(SCRIPTED_POSTS) >= 15
    assert sum(1 for s in script if isinstance(s, Amendment)) == 1
    minutes = [p.minute for p in initial]
    assert minutes == sorted(minutes) and len(set(minutes)) == len(minutes)
    assert [p.headline for p in initial if p.pinned] == ["What we know so far"]
    assert not any(p.pinned for p in SCRIPTED_POSTS)
    assert sum(1 for p in _all_posts() if p.key_event) >= 5
    assert len({p.author for p in _all_posts()}) >= 4
    with_headline = sum(1 for p in _all_posts() if p.headline)
    assert len(_all_posts()) > with_headline > len(_all_posts()) * 3 // 4
    keys = [p.key for p in initial if p.key]
    assert len(keys) == len(set(keys))
    assert all(s.key in keys for s in script if isinstance(s, Amendment))


def test_bodies_use_the_full_range_of_blocks() -> None:
    """Paragraphs, quotes, both list kinds, links, an image, a video and a tweet."""
    blocks: set[str] = set()
    media: set[str] = set()
    links = 0
    for post in _all_posts():
        parsed = parse_body(post.body, "https://example.org/")
        assert parsed.text.strip()
        blocks |= {b.kind for b in parsed.body}
        media |= {m.kind for m in parsed.media}
        links += len(parsed.links)
        assert 100 <= len(parsed.text) <= 1200, parsed.text[:80]  # a few sentences
    assert {"p", "quote", "ul", "ol", "media"} <= blocks
    assert {"image", "video", "tweet"} <= media
    assert links >= 5
