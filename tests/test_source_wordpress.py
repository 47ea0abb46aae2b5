"""The WordPress liveblog plugin (Automattic/liveblog): tui_liveblog.sources.wordpress.

No real response is in the corpus: every fixture in tests/fixtures/wordpress/ is invented, in
the shapes the plugin's source gives (``WPCOM_Liveblog_Entry::for_json``, the REST routes of
``WPCOM_Liveblog_Rest_Api``, ``wp_localize_script``'s ``liveblog_settings``), written the way
PHP's ``json_encode`` writes (escaped slashes, ``\\u`` escapes). The last tests follow a loopback
imitation of the plugin through :class:`~tui_liveblog.follow.BlogFeed`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from tests.conftest import FIXTURES
from tests.loopback import Loopback, Reply
from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.hints import Hints
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.sources import wordpress
from tui_liveblog.sources.base import DEFAULT_OPTIONS
from tui_liveblog.sources.common import SNIFF_BYTES
from tui_liveblog.sources.registry import default_registry
from tui_liveblog.sources.wordpress import entries as wp_entries
from tui_liveblog.store import Store

HERE = FIXTURES / "wordpress"
SITE = "https://news.example.org"
API = f"{SITE}/wp-json/liveblog/v1/4127/"
PAGE_URL = f"{SITE}/2031/03/04/harbour-bridge-reopening-live/"
T0 = 1930381200  # 2031-03-04 09:00:00 UTC


def own(name: str) -> bytes:
    return (HERE / name).read_bytes()


def load(name: str, url: str) -> Snapshot:
    return wordpress.parse(own(name), url)


def by_id(snapshot: Snapshot) -> dict[str, Entry]:
    return {e.id: e for e in snapshot.entries}


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(T0 + seconds, UTC)


def doc(*records: dict[str, Any], **top: Any) -> bytes:
    return json.dumps({"entries": list(records), **top}).encode()


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# -- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"{API}entries/1930382450/1930382800/",
        f"{API}get-entries/1/latest",
        "https://fivethirty.example.com/wp-json/liveblog/v1/191397/get-entries/1/2446-1538058250",
        "http://gazette.example.net/?rest_route=/liveblog/v1/88/entries/0/10/",
        "http://gazette.example.net/index.php?rest_route=%2Fliveblog%2Fv1%2F88%2Flazyload%2F5%2F0",
        "https://blog.example.com/api/liveblog/v1/12/",  # a renamed REST prefix
        "https://blog.example.com/wp-json/liveblog/v1/12",
    ],
)
def test_url_matches_rest_urls_on_any_host(url: str) -> None:
    assert wordpress.url_matches(url)
    assert default_registry().for_url(url) is wordpress.SOURCE


@pytest.mark.parametrize(
    "url",
    [
        PAGE_URL,
        f"{SITE}/wp-json/wp/v2/posts/4127",
        f"{SITE}/?rest_route=/wp/v2/posts",
        f"{SITE}/wp-json/liveblog/v1/not-a-post/entries/0/1",
        "ftp://news.example.org/wp-json/liveblog/v1/4127/",
        "/tmp/wp-json/liveblog/v1/4127/entries.json",
        "",
    ],
)
def test_url_does_not_match(url: str) -> None:
    assert not wordpress.url_matches(url)


def test_api_url_sends_non_reading_routes_to_the_first_page() -> None:
    for url in (API, API.rstrip("/"), f"{API}crud/", f"{API}preview", f"{API}authors/mi"):
        assert wordpress.api_url(url, DEFAULT_OPTIONS) == f"{API}get-entries/1/latest"
    rest = "http://gazette.example.net/?rest_route=/liveblog/v1/88/&lang=fr"
    assert wordpress.api_url(rest, DEFAULT_OPTIONS) == (
        "http://gazette.example.net/?rest_route=/liveblog/v1/88/get-entries/1/latest&lang=fr"
    )
    for url in (f"{API}entries/0/5/", f"{API}get-entries/2/3-4", f"{API}lazyload/9/0", PAGE_URL):
        assert wordpress.api_url(url, DEFAULT_OPTIONS) is None


# -- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "entries-window.json",
        "entries-empty.json",
        "get-entries-page1.json",
        "lazyload.json",
        "key-events.json",
        "entries-legacy-1.6.json",
        "post-page.html",
        "post-page-rest-route.html",
    ],
)
def test_sniff_and_detection_by_body(name: str) -> None:
    data = own(name)
    assert wordpress.sniff(data[:SNIFF_BYTES], None)
    # no URL pattern to help: a saved file is still read by this source (before JSON-LD)
    assert default_registry().detect(f"/tmp/{name}", data) is wordpress.SOURCE


@pytest.mark.parametrize(
    "data",
    [
        b'{"_items": [], "_meta": {"total": 0}}',
        b'{"kind": "Listing", "data": {"children": []}}',
        b'{"entries": [{"title": "a feed-like thing"}]}',
        b"[1, 2, 3]",
        b"<!DOCTYPE html><html><head><title>A blog</title></head><body>liveblog</body></html>",
        b'<script type="application/ld+json">{"@type": "LiveBlogPosting"}</script>',
    ],
)
def test_sniff_rejects_other_documents(data: bytes) -> None:
    assert not wordpress.sniff(data, None)


# -- parsing: an entries/<start>/<end>/ window ------------------------------------------------


WINDOW = f"{API}entries/1930382450/1930382800/"


def test_window_new_update_delete_and_key_event() -> None:
    snap = load("entries-window.json", WINDOW)
    entries = by_id(snap)
    assert list(entries) == ["3102", "3101", "3098", "3095"]  # newest first by published
    assert snap.removed_ids == ("3090",)  # a delete is no entry
    assert snap.warnings == ()

    new = entries["3101"]
    assert new.published == at(1500) and new.updated is None
    assert new.key_event is True
    assert new.authors == ("Mira Tallis", "Oskar Brand")
    assert new.url == f"{PAGE_URL}#3101"
    # the hidden /key command span is gone; the hashtag gets back the # the plugin's CSS draws
    assert new.text.startswith("The bridge is open to traffic again")
    assert "key" not in new.text.split()[0]
    assert "#harbour" in new.text
    assert new.links == (f"{SITE}/tag/harbour/",)
    assert new.title is None and not new.pinned and not new.deleted

    # an update keeps the id of the entry it replaces, its first time, and gains `updated`
    fixed = entries["3095"]
    assert fixed.published == at(300) and fixed.updated == at(1260)
    assert fixed.text == "Correction: the first ferry now leaves at 07:40, not 07:30."
    assert fixed.key_event is False

    # two updates of one entry in the same window: the later one wins
    queue = entries["3098"]
    assert queue.text == "Queue update: about 350 cyclists waiting at the south end."
    assert queue.published == at(900) and queue.updated == at(1620)
    assert queue.authors == ("June Okafor & Desk",)  # entities decoded

    media = entries["3102"].media
    assert [m.kind for m in media] == ["image", "tweet"]
    assert media[0].url == f"{SITE}/wp-content/uploads/2031/03/north-tower.jpg"
    assert "\u2014" in entries["3102"].text


def test_window_hints_and_blog() -> None:
    snap = load("entries-window.json", WINDOW)
    assert snap.hints == Hints(newer=T0 + 1620, refresh_interval=10)
    assert snap.blog.source == "wordpress"
    assert snap.blog.title == "WordPress liveblog 4127 on news.example.org"
    assert snap.blog.url == WINDOW
    assert snap.blog.live is None  # the API does not say


def test_empty_poll_gives_no_cursor_but_its_refresh_interval() -> None:
    snap = load("entries-empty.json", f"{API}entries/1930382820/1930383000/")
    assert snap.entries == () and snap.removed_ids == ()
    assert snap.hints == Hints(refresh_interval=15)  # "15", a string, read as seconds


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10, 10), ("30", 30), (2.5, 2.5), (0, None), ("soon", None), (None, None), (True, None)],
)
def test_refresh_interval_values(value: Any, expected: float | None) -> None:
    snap = wordpress.parse(doc(latest_timestamp=None, refresh_interval=value), WINDOW)
    assert snap.hints.refresh_interval == expected


def test_an_update_not_later_than_its_entry_is_not_edited() -> None:
    record = {"id": "9", "type": "update", "render": "<p>x</p>", "timestamp": T0, "entry_time": T0}
    entry = wordpress.parse(doc(record), WINDOW).entries[0]
    assert entry.published == at(0) and entry.updated is None


def test_a_delete_wins_over_an_update_of_the_same_second() -> None:
    upd = {"id": "9", "type": "update", "render": "<p>x</p>", "timestamp": T0, "entry_time": T0}
    gone = {"id": "9", "type": "delete", "render": "", "timestamp": T0, "entry_time": False}
    snap = wordpress.parse(doc(gone, upd), WINDOW)
    assert snap.entries == () and snap.removed_ids == ("9",)
    later = {**upd, "timestamp": T0 + 5}
    snap = wordpress.parse(doc(gone, later), WINDOW)
    assert [e.id for e in snap.entries] == ["9"] and snap.removed_ids == ()


def test_wrong_typed_fields_are_tolerated() -> None:
    records: list[Any] = [
        {  # numbers as strings and numbers, authors as a dict, key_event as "1"
            "id": 41,
            "type": "NEW",
            "render": "<p>One</p>",
            "timestamp": str(T0 + 10),
            "entry_time": float(T0 + 10),
            "authors": {"0": {"name": "Ada"}, "1": []},
            "key_event": "1",
            "share_link": 5,
        },
        {  # no render: the raw content, with its /key command removed
            "id": "42",
            "render": None,
            "content": "/key Two & a half",
            "timestamp": T0 + 20,
            "authors": "not a list",
            "author_link": "<a href='https://news.example.org/author/bo/'>Bo</a>",
            "css_classes": "liveblog type-key",
        },
        {  # no times at all, hidden authors, an unknown type read as new
            "id": "43",
            "type": "sticky",
            "render": "<p>Three</p>",
            "authors": [],
            "entry_time": "never",
            "key_event": None,
        },
        {"type": "new", "render": "<p>no id</p>"},
        {"id": True, "render": "<p>a bool id</p>"},
        "not a record",
        None,
    ]
    snap = wordpress.parse(doc(*records, latest_timestamp="x", pages=False), WINDOW)
    entries = by_id(snap)
    assert list(entries) == ["42", "41", "43"]  # the undated one last
    one, two, three = entries["41"], entries["42"], entries["43"]
    assert one.published == at(10) and one.authors == ("Ada",) and one.key_event
    assert one.url is None
    assert two.text == "Two & a half" and two.key_event and two.authors == ("Bo",)
    assert two.published == at(20)
    assert three.published is None and three.authors == () and not three.key_event
    assert snap.warnings == ("skipped 4 WordPress liveblog record(s) without an id",)
    assert snap.hints == Hints(newer=T0 + 20)


@pytest.mark.parametrize("entries", [None, "nope", 3])
def test_entries_that_are_not_a_list_read_as_none(entries: Any) -> None:
    data = json.dumps({"entries": entries, "latest_timestamp": None}).encode()
    assert wordpress.parse(data, WINDOW).entries == ()


def test_untrusted_text_is_sanitised_and_links_kept_safe() -> None:
    record = {
        "id": "7",
        "type": "new",
        "render": "<p>Hi\x1b[31m there\u202e</p><script>alert(1)</script>"
        '<a href="javascript:alert(1)">x</a><img src="data:image/png;base64,AAA">',
        "timestamp": T0,
        "entry_time": T0,
        "authors": [{"name": "Eve\x07\x1b]0;owned\x07 Ill"}],
        "share_link": "javascript:alert(1)",
    }
    entry = wordpress.parse(doc(record), WINDOW).entries[0]
    for value in (entry.text, *entry.authors):
        assert not CONTROL.search(value), value
    assert "alert" not in entry.text
    assert entry.url is None and entry.links == () and entry.media == ()


_ODD = ["²", "9" * 5000, "-1e999", " ٣ ", 1e308, None, [], {}]


@pytest.mark.parametrize("value", _ODD, ids=lambda v: repr(v)[:12])
def test_unusable_record_times_are_no_times(value: object) -> None:
    """``"²".isdigit()`` is true but int() refuses it: ``latest_timestamp`` raised ValueError."""
    record = {"id": "7", "render": "<p>x</p>", "timestamp": value, "entry_time": value}
    snap = wordpress.parse(doc(record, latest_timestamp=value), WINDOW)
    assert snap.entries[0].published is None
    assert snap.hints.newer is None


def test_record_times_may_be_numeric_strings() -> None:
    record = {"id": "7", "render": "<p>x</p>", "timestamp": f" {T0} ", "entry_time": f"{T0}.0"}
    snap = wordpress.parse(doc(record, latest_timestamp=str(T0 + 5)), WINDOW)
    assert snap.entries[0].published == at(0)
    assert snap.hints.newer == T0 + 5


@pytest.mark.parametrize("value", _ODD, ids=lambda v: repr(v)[:12])
def test_an_unusable_page_number_is_page_one(value: object) -> None:
    """``page="²"`` raised ValueError."""
    page = json.loads(own("get-entries-page1.json"))
    page.update(page=value)
    snap = wordpress.parse(json.dumps(page).encode(), f"{API}get-entries/x/latest")
    assert snap.hints.older == "get-entries/2/3102-1930382760" and not snap.hints.older_end


def test_no_credential_of_the_fetched_url_reaches_the_snapshot() -> None:
    """Relative links resolve against the endpoint without its query: a token there (or a user
    name and password) never reaches a link, a media URL, an entry's URL or the blog's URL."""
    record = {
        "id": "7",
        "render": '<p><a href="#more">more</a> <a href="?p=1">page</a></p><img src="#pic">',
        "timestamp": T0,
        "share_link": "#7",
    }
    for url in (
        "https://me:pw-s3cret@news.example.org/wp-json/liveblog/v1/4127/entries/1/2/?token=s3cret",
        "https://news.example.org/?rest_route=/liveblog/v1/4127/entries/1/2/&api_key=s3cret",
    ):
        snap = wordpress.parse(doc(record), url)
        assert b"s3cret" not in orjson.dumps(snap), url
        (entry,) = snap.entries
        assert entry.url is not None and entry.url.endswith("#7")
    assert snap.blog.url == "https://news.example.org/?rest_route=/liveblog/v1/4127/entries/1/2/"
    assert entry.links == (f"{SITE}/#more", f"{SITE}/?p=1")
    assert [m.url for m in entry.media] == [f"{SITE}/#pic"]


def test_entry_and_media_urls_are_web_links_only() -> None:
    """``share_link`` is the entry's URL: never ``mailto:`` (a fine link in a body)."""
    record = {
        "id": "7",
        "render": '<p><a href="mailto:desk@example.org">Mail</a></p><img src="mailto:d@e.org">',
        "timestamp": T0,
        "share_link": "mailto:desk@example.org",
    }
    (entry,) = wordpress.parse(doc(record), WINDOW).entries
    assert entry.url is None and entry.media == ()
    assert not any(b.media is not None for b in entry.body)
    assert entry.links == ("mailto:desk@example.org",)


# -- parsing: other routes --------------------------------------------------------------------


def test_get_entries_first_page() -> None:
    snap = load("get-entries-page1.json", f"{API}get-entries/1/latest")
    entries = by_id(snap)
    assert list(entries) == ["3102", "3101", "3098", "3096", "3095"]
    assert entries["3098"].updated == at(1620) and entries["3096"].authors == ()
    assert (
        entries["3101"].key_event and entries["3101"].text == "The bridge is open to traffic again."
    )
    # the newest record time is the poll cursor; page 2 is anchored on the newest entry
    assert snap.hints == Hints(newer=T0 + 1620, older="get-entries/2/3102-1930382760")


def test_get_entries_last_page_ends_paging() -> None:
    snap = load("get-entries-page3.json", f"{API}get-entries/3/3102-1930382760")
    assert [e.id for e in snap.entries] == ["3081"]
    assert snap.hints == Hints(older_end=True)  # no "newer": an old page says nothing of the newest


def test_get_entries_middle_page_keeps_its_anchor() -> None:
    page2 = json.loads(own("get-entries-page3.json"))
    page2.update(page=2, pages=3)
    snap = wordpress.parse(json.dumps(page2).encode(), f"{API}get-entries/2/3102-1930382760")
    assert snap.hints == Hints(older="get-entries/3/3102-1930382760")


def test_lazyload_pages_back_from_its_oldest_entry() -> None:
    snap = load("lazyload.json", f"{API}lazyload/1930380900/0")
    assert [e.id for e in snap.entries] == ["3093", "3091"]
    assert snap.hints == Hints(older="lazyload/1930380000/0")
    empty = wordpress.parse(b'{"entries":[],"index":0}', f"{API}lazyload/1930380000/0")
    assert empty.hints == Hints(older_end=True)


def test_key_events_are_a_bare_list() -> None:
    snap = load("key-events.json", f"{API}get-key-events/3102-1930382760")
    assert [(e.id, e.key_event) for e in snap.entries] == [("3101", True)]
    assert snap.hints == Hints()


def test_plugin_1_6_records_carry_a_rendered_template() -> None:
    snap = load("entries-legacy-1.6.json", "/tmp/saved-poll.json")
    entries = by_id(snap)
    assert snap.removed_ids == ("199",)
    assert entries["211"].published == at(1500) and entries["211"].key_event
    assert (
        entries["211"].authors == ("Mira Tallis",) and entries["211"].text == "The bridge is open."
    )
    assert entries["205"].text == "Ferries delayed by ten minutes."
    assert entries["205"].authors == ("Oskar Brand",)
    assert snap.blog.title == "saved-poll.json"
    # no route in a file name: the keys tell an entries window
    assert snap.hints == Hints(newer=T0 + 1530, refresh_interval=10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (
            b'{"code":"rest_liveblog_not_found","message":"Liveblog not found.","data":{"status":404}}',
            "WordPress API error: Liveblog not found.",
        ),
        (b'{"posts": []}', "no entries"),
        (b'"entries"', "not a WordPress liveblog API response"),
        (b"<html><body>Just a page</body></html>", "not a WordPress liveblog API response"),
    ],
)
def test_bad_documents(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        wordpress.parse(data, WINDOW)


def test_a_legacy_page_is_a_clear_error_and_falls_through() -> None:
    page = own("post-page-legacy.html")
    with pytest.raises(ParseError, match="names no REST endpoint"):
        wordpress.parse(page, "https://old.example.com/2016/05/01/old-liveblog/")
    # through the registry the next candidates get their turn; none reads it: the first error
    with pytest.raises(ParseError, match="names no REST endpoint"):
        sources.parse(page, "https://old.example.com/2016/05/01/old-liveblog/")


def test_a_page_parsed_as_is_names_its_api() -> None:
    with pytest.raises(ParseError, match=re.escape(f"REST API, {API}get-entries/1/latest")):
        wordpress.parse(own("post-page.html"), "/tmp/saved-page.html")


def test_http_error_404() -> None:
    message = wordpress.http_error(404, f"{API}get-entries/1/latest")
    assert message is not None and "not found" in message
    assert wordpress.http_error(500, f"{API}get-entries/1/latest") is None
    assert wordpress.http_error(404, PAGE_URL) is None


# -- discovering the endpoint from a post page ------------------------------------------------


def test_discover_from_liveblog_settings() -> None:
    found = wordpress.discover(own("post-page.html"), PAGE_URL, DEFAULT_OPTIONS)
    assert found == f"{API}get-entries/1/latest"


def test_discover_the_rest_route_form() -> None:
    found = wordpress.discover(
        own("post-page-rest-route.html"), "http://gazette.example.net/?p=88", DEFAULT_OPTIONS
    )
    assert found == (
        "http://gazette.example.net/index.php?rest_route=/liveblog/v1/88/get-entries/1/latest"
    )


def test_discover_nothing_for_the_legacy_endpoint_or_an_api_document() -> None:
    legacy = own("post-page-legacy.html")
    assert wordpress.discover(legacy, "https://old.example.com/x/", DEFAULT_OPTIONS) is None
    window = own("entries-window.json")
    assert wordpress.discover(window, WINDOW, DEFAULT_OPTIONS) is None


def _page(settings: str, extra: str = "") -> bytes:
    return (
        "<html><head><title>T</title>"
        f'<link rel="https://api.w.org/" href="https://news.example.org/wp-json/" />{extra}'
        '</head><body><div id="wpcom-liveblog-container" class="4127"></div>'
        f"<script>{settings}</script></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        # a relative endpoint is resolved against the page
        (
            'var liveblog_settings = {"endpoint_url":"\\/wp-json\\/liveblog\\/v1\\/4127\\/"};',
            f"{API}get-entries/1/latest",
        ),
        # as given, on another host (the plugin's cross_domain setting)
        (
            'var liveblog_settings = {"endpoint_url":"https:\\/\\/cdn.example.org\\/wp-json\\/'
            'liveblog\\/v1\\/4127\\/","cross_domain":"1"};',
            "https://cdn.example.org/wp-json/liveblog/v1/4127/get-entries/1/latest",
        ),
        # not strict JSON (a theme's filter added JavaScript): read leniently
        (
            'window.liveblog_settings = {"post_id":"4127","onload":function(){return 1},'
            '"endpoint_url":"https:\\/\\/news.example.org\\/wp-json\\/liveblog\\/v1\\/4127\\/"};',
            f"{API}get-entries/1/latest",
        ),
        # no settings: the container's post id under the site's REST root
        ("var other = {};", f"{API}get-entries/1/latest"),
        # an endpoint that is no http(s) URL: the post id and the REST root instead
        (
            'var liveblog_settings = {"post_id":"4127","endpoint_url":"javascript:alert(1)"};',
            f"{API}get-entries/1/latest",
        ),
    ],
)
def test_discover_variants(settings: str, expected: str) -> None:
    assert wordpress.discover(_page(settings), PAGE_URL, DEFAULT_OPTIONS) == expected


def test_discover_needs_an_endpoint_or_a_rest_root() -> None:
    page = b'<html><body><div id="wpcom-liveblog-container" class="4127"></div></body></html>'
    assert wordpress.discover(page, PAGE_URL, DEFAULT_OPTIONS) is None
    broken = b'<script>var liveblog_settings = {"endpoint_url": "ftp:\\/\\/x\\/"</script>'
    assert wordpress.discover(broken, PAGE_URL, DEFAULT_OPTIONS) is None


# -- polling and paging URLs ------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordpress, "now", lambda: float(T0 + 1987))


@pytest.mark.usefixtures("clock")
def test_poll_url_rounds_like_the_plugins_script() -> None:
    hints = Hints(newer=T0 + 1620, refresh_interval=10)
    # start = newer + 1 and end = now, both rounded down to the refresh interval
    assert wordpress.poll_url(f"{API}get-entries/1/latest", hints) == (
        f"{API}entries/{T0 + 1620}/{T0 + 1980}/"
    )
    assert wordpress.poll_url(WINDOW, Hints(newer=str(T0 + 1629), refresh_interval=30)) == (
        f"{API}entries/{T0 + 1620}/{T0 + 1980}/"
    )
    # no refresh interval known yet: the plugin's default, 10 s
    assert wordpress.poll_url(API, Hints(newer=T0 + 5)) == f"{API}entries/{T0}/{T0 + 1980}/"
    # a cursor ahead of our clock: the window never ends before it starts
    assert wordpress.poll_url(API, Hints(newer=T0 + 5000)) == (
        f"{API}entries/{T0 + 5000}/{T0 + 5000}/"
    )
    rest = "http://gazette.example.net/index.php?rest_route=/liveblog/v1/88/get-entries/1/latest"
    assert wordpress.poll_url(rest, Hints(newer=T0)) == (
        f"http://gazette.example.net/index.php?rest_route=/liveblog/v1/88/entries/{T0}/{T0 + 1980}/"
    )


@pytest.mark.usefixtures("clock")
def test_poll_url_needs_a_cursor_and_an_endpoint() -> None:
    assert wordpress.poll_url(API, Hints()) is None
    assert wordpress.poll_url(API, Hints(newer="yesterday")) is None
    assert wordpress.poll_url(PAGE_URL, Hints(newer=T0)) is None


def test_older_url_in_both_forms_and_only_for_its_own_routes() -> None:
    hints = Hints(older="get-entries/2/3102-1930382760")
    assert wordpress.older_url(API, hints) == f"{API}get-entries/2/3102-1930382760"
    rest = "http://gazette.example.net/?rest_route=/liveblog/v1/88/get-entries/1/latest"
    assert wordpress.older_url(rest, Hints(older="lazyload/1930380000/0")) == (
        "http://gazette.example.net/?rest_route=/liveblog/v1/88/lazyload/1930380000/0"
    )
    for bad in (None, 3, "crud", "../../wp/v2/users", "get-entries/2/latest", "lazyload/5/9"):
        assert wordpress.older_url(API, Hints(older=bad)) is None
    assert wordpress.older_url(PAGE_URL, hints) is None


# -- following a loopback imitation of the plugin ---------------------------------------------


class _Liveblog:
    """The plugin's bookkeeping, imitated: every change is a comment; an update or delete is a
    new comment that replaces an entry (whose own content the update also rewrites)."""

    PER_PAGE = 2
    POST = "4127"

    def __init__(self, form: str) -> None:
        self.form = form
        self.comments: list[dict[str, Any]] = []  # oldest first
        self.requests: list[str] = []
        self.base = ""

    def _add(self, content: str, ts: int, replaces: str | None = None) -> str:
        cid = str(3000 + len(self.comments) + 1)
        self.comments.append({"cid": cid, "content": content, "ts": ts, "replaces": replaces})
        return cid

    def insert(self, text: str, ts: int) -> str:
        return self._add(f"<p>{text}</p>", ts)

    def update(self, entry_id: str, text: str, ts: int) -> None:
        self._add(f"<p>{text}</p>", ts, entry_id)
        self._original(entry_id)["content"] = f"<p>{text}</p>"

    def delete(self, entry_id: str, ts: int) -> None:
        self._add("", ts, entry_id)
        self.comments = [
            c
            for c in self.comments
            if c["cid"] != entry_id and not (c["replaces"] == entry_id and c["content"])
        ]

    def _original(self, entry_id: str) -> dict[str, Any]:
        return next(c for c in self.comments if c["cid"] == entry_id)

    def _json(self, c: dict[str, Any]) -> dict[str, Any]:
        entry_id = c["replaces"] or c["cid"]
        kind = "new" if not c["replaces"] else ("update" if c["content"] else "delete")
        original = next((o for o in self.comments if o["cid"] == entry_id), None)
        return {
            "id": entry_id,
            "type": kind,
            "render": c["content"] + ("\n" if c["content"] else ""),
            "content": c["content"],
            "css_classes": f"liveblog liveblog-entry liveblog-entry-class-{entry_id}",
            "timestamp": c["ts"],
            "authors": [{"id": 7, "key": "mira", "name": "Mira Tallis", "avatar": ""}]
            if kind != "delete"
            else [[]],
            "entry_time": original["ts"] if original else False,
            "share_link": f"{self.base}/2031/03/04/bridge-live/#{entry_id}",
            "key_event": False,
        }

    def entries(self, start: int, end: int) -> dict[str, Any]:
        window = [c for c in self.comments if start <= c["ts"] <= end]
        ids = {c["cid"] for c in window}
        window = [c for c in window if not (c["replaces"] and c["replaces"] in ids)]
        latest = max((c["ts"] for c in window), default=None)
        return {
            "entries": [self._json(c) for c in window],
            "latest_timestamp": latest,
            "refresh_interval": 15,
            "pages": False if not window else 1,
        }

    def get_entries(self, page: int, last: str) -> dict[str, Any]:
        flat: dict[str, dict[str, Any]] = {}
        for c in self.comments:  # PHP keeps a key's first position when it is reassigned
            key = c["replaces"] or c["cid"]
            if c["replaces"] and not c["content"]:
                flat.pop(key, None)
            else:
                flat[key] = c
        items = list(reversed(flat.items()))
        if "-" in last:
            keys = [k for k, _ in items]
            anchor = last.split("-")[0]
            items = items[keys.index(anchor) :] if anchor in keys else items
        pages = -(-len(items) // self.PER_PAGE)
        chunk = items[(page - 1) * self.PER_PAGE : page * self.PER_PAGE]
        return {
            "entries": [self._json(c) for _, c in chunk],
            "page": page,
            "pages": pages,
            "total": len(items),
        }

    def page(self) -> bytes:
        endpoint = (
            f"{self.base}/wp-json/liveblog/v1/{self.POST}/"
            if self.form == "pretty"
            else f"{self.base}/?rest_route=/liveblog/v1/{self.POST}/"
        )
        settings = {
            "post_id": self.POST,
            "refresh_interval": "15",
            "use_rest_api": "1",
            "endpoint_url": endpoint,
        }
        script = json.dumps(settings).replace("/", "\\/")
        return (
            "<!DOCTYPE html><html><head><title>Bridge live</title></head><body>"
            f'<div id="wpcom-liveblog-container" class="{self.POST}"></div>'
            f'<script id="liveblog-js-extra">var liveblog_settings = {script};</script>'
            "</body></html>"
        ).encode()

    def rest_route(self, path: str, query: dict[str, list[str]]) -> str | None:
        if self.form == "pretty":
            m = re.match(rf"^/wp-json/liveblog/v1/{self.POST}/(.*)$", path)
            return m.group(1) if m else None
        rest = query.get("rest_route", [""])[0]
        m = re.match(rf"^/liveblog/v1/{self.POST}/(.*)$", rest)
        return m.group(1) if m and path == "/" else None

    def route(self, path: str, query: dict[str, list[str]], headers: Message) -> Reply | None:
        if path == "/2031/03/04/bridge-live/":
            return Reply(200, self.page(), {"Content-Type": "text/html; charset=UTF-8"})
        route = self.rest_route(path, query)
        if route is None:
            return None
        if m := re.match(r"^entries/(\d+)/(\d+)/?$", route):
            doc = self.entries(int(m.group(1)), int(m.group(2)))
        elif m := re.match(r"^get-entries/(\d+)/([^/]+)$", route):
            doc = self.get_entries(int(m.group(1)), m.group(2))
        else:
            return None
        return Reply(
            200, json.dumps(doc).encode(), {"Content-Type": "application/json; charset=UTF-8"}
        )


@pytest.fixture(params=["pretty", "rest_route"])
def site(request: pytest.FixtureRequest) -> Iterator[_Liveblog]:
    blog = _Liveblog(request.param)
    with Loopback(blog.route, requests=blog.requests) as server:
        blog.base = server.url()
        yield blog


def _route(blog: _Liveblog, request: str) -> str:
    parts = urlsplit(request)
    route = blog.rest_route(parts.path, parse_qs(parts.query))
    assert route is not None, request
    return route


async def test_following_a_post_page_polls_the_entries_window(
    site: _Liveblog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blog = site
    first, second, third = (blog.insert(f"Entry {n}", T0 + 60 * n) for n in (1, 2, 3))
    monkeypatch.setattr(wordpress, "now", lambda: float(T0 + 400))
    feed = BlogFeed(
        f"{blog.base}/2031/03/04/bridge-live/",
        fetcher=Fetcher(retries=0),
        store=Store(tmp_path / "c.db"),
    )
    try:
        # the page, then the first page of entries its settings point to
        got = await feed.refresh()
        assert urlsplit(blog.requests[0]).path == "/2031/03/04/bridge-live/"
        assert _route(blog, blog.requests[1]) == "get-entries/1/latest"
        assert [e.text for e in got.changes.new] == ["Entry 3", "Entry 2"]  # 2 a page
        assert feed.blog is not None and feed.blog.source == "wordpress"
        assert feed.hints.newer == T0 + 180

        # an edit, a new entry and a deletion arrive; the next refresh is a poll of the window
        blog.update(second, "Entry 2, corrected", T0 + 300)
        fourth = blog.insert("Entry 4", T0 + 320)
        blog.delete(third, T0 + 360)
        seen = len(blog.requests)
        got = await feed.refresh()
        polled = blog.requests[seen:]
        assert len(polled) == 1
        assert _route(blog, polled[0]) == f"entries/{T0 + 180}/{T0 + 400}/"
        assert [e.id for e in got.changes.new] == [fourth]
        assert [(e.id, e.text) for e in got.changes.edited] == [(second, "Entry 2, corrected")]
        edited = got.changes.edited[0]
        assert edited.published == at(120) and edited.updated == at(300)
        assert [(e.id, e.deleted, e.text) for e in got.changes.removed] == [
            (third, True, "Entry 3")
        ]
        assert got.hint_interval == 15  # the plugin's refresh_interval slows polling
        assert feed.hints.newer == T0 + 360

        # nothing new: an empty window keeps the cursor
        monkeypatch.setattr(wordpress, "now", lambda: float(T0 + 500))
        seen = len(blog.requests)
        got = await feed.refresh()
        assert not got.changes
        assert _route(blog, blog.requests[seen]) == f"entries/{T0 + 360}/{T0 + 495}/"
        assert feed.hints.newer == T0 + 360

        # paging back: page 2, anchored on the newest entry page 1 showed
        seen = len(blog.requests)
        older = await feed.load_older()
        assert older is not None
        assert _route(blog, blog.requests[seen]) == f"get-entries/2/{third}-{T0 + 180}"
        assert [e.id for e in older.changes.new] == [first]
        assert not feed.can_load_older  # that was the last page
        texts = sorted((e.text, e.deleted) for e in feed.entries)
        assert texts == [
            ("Entry 1", False),
            ("Entry 2, corrected", False),
            ("Entry 3", True),
            ("Entry 4", False),
        ]
    finally:
        await feed.fetcher.aclose()


# -- malformed 1.6 templates ----------------------------------------------------------------------

_MALFORMED_TEMPLATES = [
    "<",
    "<<<>>>",
    "\x00\x00",
    "\ud800<p>a lone surrogate</p>",
    "<div data-timestamp>",
    "<div data-timestamp='1e999' class>",
    "<div data-timestamp='-5'><span class='liveblog-author-name'>\ud800&#0;</span></div>",
    "<div data-timestamp='99999999999999999999999999999'>",
    "<div class='liveblog-entry-text'>" + "<b>" * 5000,
    "<span class='liveblog-author-name'>" + "<i>" * 5000 + "</span>",
    "</div></div><table><tr><td><svg><math><foreignObject><p>",
    "<![CDATA[ <!-- <script>",
    "<!DOCTYPE x [<!ENTITY a 'b'>]><div class='liveblog-entry-text'>&a;</div>",
    "\x1b[31m<div class='liveblog-entry-text'>red</div>",
]


def test_malformed_templates_never_crash() -> None:
    """Plugin 1.6 ``html`` templates that are broken in every way read as entries (or as the
    template itself), never as an exception."""
    records = [
        {"id": str(i), "type": "new", "timestamp": T0 + i, "html": html}
        for i, html in enumerate(_MALFORMED_TEMPLATES)
    ]
    # (built from the records directly: a lone surrogate never gets through the JSON decoder)
    built = wp_entries.build(records, API)
    assert sorted(int(e.id) for e in built.entries) == list(range(len(_MALFORMED_TEMPLATES)))
    assert all("\x00" not in e.text and "\x1b" not in e.text for e in built.entries)
    assert built.skipped == 0


def test_a_template_the_parser_refuses_is_read_as_the_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from selectolax import lexbor

    def refuse(html: str) -> None:
        raise lexbor.SelectolaxError("Can't parse HTML.")

    monkeypatch.setattr(lexbor, "LexborHTMLParser", refuse)
    record = {"id": "7", "type": "new", "timestamp": T0, "html": "<p>Ferries <b>delayed</b>.</p>"}
    snap = wordpress.parse(doc(record), WINDOW)
    assert [(e.id, e.text) for e in snap.entries] == [("7", "Ferries delayed.")]
