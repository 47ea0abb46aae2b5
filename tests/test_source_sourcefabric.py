"""Sourcefabric (Superdesk) Liveblog: the client_blogs posts API, v1 and v2."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.hints import Hints
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.output import to_json, to_markdown, to_text
from tui_liveblog.sources import sourcefabric as sf
from tui_liveblog.sources.base import DEFAULT_OPTIONS
from tui_liveblog.sources.registry import default_registry
from tui_liveblog.store import Store

from .conftest import CORPUS, FIXTURES, fixture_bytes, needs_corpus
from .loopback import Loopback, Reply

SF = CORPUS / "sourcefabric-liveblog"
DEFAULT_THEME = SF / "liveblog-default-theme-test-api_response.json"
LIVEBRIDGE_PAGE = SF / "livebridge-client_blogs-posts-page1.json"
LIVEBRIDGE_POST = SF / "livebridge-single-post-to-convert.json"

BLOG = "6a1b2c3d4e5f60718293a4b5"
V1 = f"https://liveblog.example.net/api/client_blogs/{BLOG}/posts"
V2 = f"https://liveblog.example.net/api/v2/client_blogs/{BLOG}/posts"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def fixture(name: str) -> bytes:
    return fixture_bytes(f"sourcefabric/{name}")


def by_suffix(snapshot: Snapshot, suffix: str) -> Entry:
    (entry,) = [e for e in snapshot.entries if e.id.endswith(suffix)]
    return entry


def no_email_anywhere(snapshot: Snapshot) -> None:
    out = "\n".join(
        (
            to_json(snapshot.blog, snapshot.entries, None),
            to_markdown(snapshot.blog, snapshot.entries),
            to_text(snapshot.blog, snapshot.entries),
            repr(snapshot),
        )
    )
    assert _EMAIL.findall(out) == []


# -- detection and URLs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "matches"),
    [
        (V1, True),
        (V1 + "?max_results=20&page=2", True),
        (V2 + "?limit=10", True),
        ("http://127.0.0.1:8765/lb/api/client_blogs/abc123/posts", True),
        (f"https://lb.example/api/client_blogs/{BLOG}/5b2c3d4e5f60718293a4b5c6/posts", True),
        (f"https://lb.example/api/client_blogs/{BLOG}", False),
        (f"https://lb.example/api/client_posts/{BLOG}", False),
        (f"file:///tmp/api/client_blogs/{BLOG}/posts", False),
        ("https://www.example.com/live/posts", False),
    ],
)
def test_url_matches(url: str, matches: bool) -> None:
    assert sf.url_matches(url) is matches
    assert (default_registry().for_url(url) is sf.SOURCE) is matches


def test_sniff_recognises_listings_and_nothing_else() -> None:
    assert sf.sniff(fixture("v2-listing.json")[:65536], "application/json")
    assert sf.sniff(fixture("freetypes-listing.json")[:65536], None)
    assert not sf.sniff(b'{"_items": [{"title": "a blog", "blog_status": "open"}]}', None)
    assert not sf.sniff(b'{"kind": "Listing", "data": {"children": []}}', None)
    assert not sf.sniff(b"<html><body>post_status _items</body></html>", None)


def test_companions_are_derived_from_the_posts_url() -> None:
    mirror = "http://127.0.0.1:9/sub/api/client_blogs/abc/posts?max_results=5"
    assert sf.companions(mirror, DEFAULT_OPTIONS) == {
        "blog": "http://127.0.0.1:9/sub/api/client_blogs/abc"
    }
    v2 = sf.companions(V2 + "?limit=10&page=3", DEFAULT_OPTIONS)
    assert v2["blog"] == f"https://liveblog.example.net/api/client_blogs/{BLOG}"
    assert v2["sticky"] == V2 + "?limit=10&sticky=1"
    assert "sticky" not in sf.companions(V2 + "?sticky=0", DEFAULT_OPTIONS)
    assert sf.companions("https://example.com/feed.json", DEFAULT_OPTIONS) == {}


def _source_of(url: str) -> dict[str, object]:
    query = parse_qs(urlsplit(url).query)
    source: dict[str, object] = orjson.loads(query["source"][0])
    return source


def test_poll_url_asks_for_posts_updated_since_newer_and_keeps_the_rest() -> None:
    hints = Hints(newer="2031-09-14T18:20:00+00:00", older=2)
    assert sf.poll_url(V1, Hints()) is None
    url = sf.poll_url(V1 + "?max_results=20&page=3", hints)
    assert url is not None and url.startswith(V1 + "?")
    query = parse_qs(urlsplit(url).query)
    assert query["max_results"] == ["20"] and "page" not in query
    assert _source_of(url) == {
        "query": {"filtered": {"filter": {"and": [{"range": {"_updated": {"gte": hints.newer}}}]}}},
        "sort": [{"_updated": {"order": "asc"}}],
    }
    # the embed theme's own query: subset filters stay, those hiding changes go
    theme = {
        "query": {
            "filtered": {
                "filter": {
                    "and": [
                        {"term": {"sticky": False}},
                        {"term": {"post_status": "open"}},
                        {"not": {"term": {"deleted": True}}},
                        {"term": {"lb_highlight": True}},
                    ]
                }
            }
        },
        "post_filter": {"terms": {"tags": ["vote"]}},
    }
    themed = V1 + "?source=" + orjson.dumps(theme).decode()
    polled = sf.poll_url(themed, hints)
    assert polled is not None
    source = _source_of(polled)
    assert source["post_filter"] == {"terms": {"tags": ["vote"]}}
    assert source["query"] == {
        "filtered": {
            "filter": {
                "and": [
                    {"term": {"lb_highlight": True}},
                    {"range": {"_updated": {"gte": hints.newer}}},
                ]
            }
        }
    }
    # v2 cannot ask for changes: it is re-read whole
    assert sf.poll_url(V2, hints) is None


def test_older_url_is_the_next_page_of_the_same_listing() -> None:
    assert sf.older_url(V1 + "?max_results=20&page=1", Hints(older=3)) == (
        V1 + "?max_results=20&page=3"
    )
    assert sf.older_url(V2 + "?limit=10", Hints(older=2)) == V2 + "?limit=10&page=2"
    assert sf.older_url(V1, Hints(older_end=True)) is None
    assert sf.older_url(V1, Hints()) is None
    assert sf.older_url("https://example.com/other", Hints(older=2)) is None


# -- the corpus ------------------------------------------------------------------------------


@needs_corpus
def test_default_theme_test_data() -> None:
    """25 posts: 13 deleted tombstones (not entries), 11 published posts and 1 reader comment
    (``post_status: comment``) that the public listing serves: 12 entries."""
    data = DEFAULT_THEME.read_bytes()
    assert default_registry().detect(str(DEFAULT_THEME), data) is sf.SOURCE
    snap = sources.parse(data, str(DEFAULT_THEME))
    raw = orjson.loads(data)["posts"]["_items"]
    tombstones = {p["_id"] for p in raw if p["deleted"]}
    pending = {p["_id"] for p in raw if p["post_status"] == "comment"}
    assert len(raw) == 25 and len(tombstones) == 13 and len(pending) == 1
    assert len(snap.entries) == 12
    assert set(snap.removed_ids) == tombstones
    assert pending <= {e.id for e in snap.entries}
    assert not {e.id for e in snap.entries} & set(snap.removed_ids)
    # sticky: 2 posts, neither a tombstone; lb_highlight: 4
    assert sum(e.pinned for e in snap.entries) == 2
    assert sum(e.key_event for e in snap.entries) == 4
    assert snap.blog.source == "sourcefabric" and snap.blog.live is None
    assert snap.blog.title == "Liveblog 58bfeb4c15720af1a94c1052"  # no blog document
    assert snap.hints == Hints(older=2, newer="2017-03-23T10:48:10+00:00")  # 34 posts, 25 a page
    first = by_suffix(snap, "f82136eadbd7")
    assert first.published == datetime(2017, 3, 23, 10, 33, 1, tzinfo=UTC)
    assert first.updated == datetime(2017, 3, 23, 10, 48, 10, tzinfo=UTC)
    assert first.authors == ("Gideon Lehmann",)
    # highlighting moved _updated, not the content: not an edit
    assert by_suffix(snap, "8d2ae55c7417").updated is None
    scorecard = by_suffix(snap, "8d2ae55c7417")
    assert scorecard.key_event and scorecard.body[0].kind == "h"
    assert scorecard.text.startswith("Scorecard\n\n") and "Podolski" in scorecard.text
    assert "display: inline-flex" not in scorecard.text  # the free type's <style> is dropped
    election = by_suffix(snap, "05addd0c879b")
    assert election.text.startswith("Election results") and "Emmanuel Macron" in election.text
    ad = by_suffix(snap, "e48f70c0ab55")
    assert ad.text.startswith("Advertisement Local") and ad.links == (
        "https://www.sourcefabric.org/",
    )
    tweet = by_suffix(snap, "63ea87410453")
    assert [m.kind for m in tweet.media] == ["tweet"]
    assert tweet.media[0].url == "https://twitter.com/gidze3000/status/844461698979434496"
    card = by_suffix(snap, "bd1271d9d137")  # a link card: oEmbed in filemeta_json
    assert card.pinned and card.media[0].kind == "embed"
    assert card.media[0].url == "http://liveblog.pro/live-news-new-live-blog-3-1/"
    assert "The latest release of Live Blog" in card.text
    gallery = by_suffix(snap, "cf880026b480")
    assert [m.kind for m in gallery.media] == ["image"] * 4
    assert all(m.url.startswith("https://sourcefabric.liveblog.pro/") for m in gallery.media)
    for entry in snap.entries:
        assert entry.text and entry.published is not None and entry.published.tzinfo is UTC
    no_email_anywhere(snap)


@needs_corpus
def test_livebridge_page_skips_the_submitted_draft() -> None:
    data = LIVEBRIDGE_PAGE.read_bytes()
    snap = sf.parse(data, f"https://lb.example/api/client_blogs/{BLOG}/posts?max_results=20")
    raw = orjson.loads(data)["_items"]
    (draft,) = [p["_id"] for p in raw if p["post_status"] == "submitted"]
    assert len(raw) == 15 and len(snap.entries) == 14
    assert snap.removed_ids == (draft,)
    assert snap.hints.older is None and snap.hints.older_end  # 15 posts, 20 a page: the last page
    assert not any(e.pinned or e.key_event for e in snap.entries)  # "highlight": false
    assert {a for e in snap.entries for a in e.authors} == {"dpa ・live Desk", "dpa・live Desk"}
    kinds = {m.kind for e in snap.entries for m in e.media}
    assert kinds == {"image", "tweet", "embed", "video"}
    twitter_video = by_suffix(snap, "ec462887a76d")  # a twitter-video blockquote in meta.html
    assert [m.kind for m in twitter_video.media] == ["tweet"]
    youtube = by_suffix(snap, "139340c22cfc")  # meta is just an <iframe>
    assert youtube.media[0].kind == "video" and "youtube.com/embed/" in youtube.media[0].url
    quote = by_suffix(snap, "9bfd6383969a")
    assert quote.body[0].kind == "quote" and quote.text.startswith("Hier steht ein Zitat!\n— ")
    image = by_suffix(snap, "78d363cfc158")
    assert image.media[0].caption == "Das dpa-live-Logo — Foto: Max Mustermann, dpa"
    no_email_anywhere(snap)


@needs_corpus
def test_livebridge_single_post_with_every_item_type() -> None:
    data = LIVEBRIDGE_POST.read_bytes()
    assert sf.sniff(data[:65536], None)
    snap = sources.parse(data, str(LIVEBRIDGE_POST))
    (entry,) = snap.entries
    assert entry.authors == ("Admini Strator",)
    assert [b.kind for b in entry.body] == ["p", "media", "p", "ol", "ul", "quote", "p", "media"]
    text_block = entry.body[0]
    assert [s.text for s in text_block.spans if s.bold] == ["Text"]
    assert [s.text for s in text_block.spans if s.strike] == ["Text"]
    assert entry.links == ("http://dpa.de",)
    image, tweet = entry.media
    assert image.kind == "image" and image.caption == "Gähn — Mich"
    # the largest http(s) rendition: baseImage, 1621 px wide
    assert image.url.endswith("7966946203766696aed8d067b04972b3a8f695aac885b51675d4117b388c1454")
    assert tweet == entry.body[-1].media
    assert tweet.kind == "tweet"
    assert tweet.url == "https://twitter.com/dpa_live/status/775991579676909568"
    assert [len(b.items) for b in entry.body if b.kind in ("ol", "ul")] == [3, 3]
    assert "Mit dem Wissen wächst der Zweifel.\n— Johann Wolfgang von Goethe" in entry.text
    assert snap.hints.older is None and snap.hints.older_end
    no_email_anywhere(snap)


# -- own fixtures ----------------------------------------------------------------------------


def test_v2_listing_with_blog_and_pinned_companions() -> None:
    extras = {"blog": fixture("blog.json"), "sticky": fixture("v2-sticky.json")}
    snap = sources.parse(fixture("v2-listing.json"), V2, kind="sourcefabric", extras=extras)
    assert snap.blog.title == "Harbour Regatta 2031 – live"
    assert snap.blog.description == "Every tack and gybe from the harbour course."
    assert snap.blog.live is True
    assert snap.hints == Hints(older=2, newer="2031-05-02T10:40:00+00:00")
    assert [e.id.rsplit(":", 1)[1] for e in snap.entries] == [
        "regatta-v2-0001",
        "regatta-v2-0002",
        "regatta-v2-pinned",
    ]
    lead, second, pinned = snap.entries
    assert lead.key_event and not lead.pinned and lead.authors == ("Tomas Reyes",)
    assert lead.updated == datetime(2031, 5, 2, 10, 40, tzinfo=UTC)
    assert lead.links == ("https://regatta.example/marks",)
    # javascript: in the biggest rendition is refused; the next best http(s) one is taken
    (image,) = lead.media
    assert image.url == "https://cdn.regatta.example/base.jpg"
    assert image.caption == "Spinnakers up off the pier — Photo: Ines Okafor"
    assert second.authors == () and second.updated is None
    assert second.body[0].kind == "quote"
    assert second.text.split("\n\n") == [
        "We sail at dawn, whatever the wind says.\n— Skipper Maro Lind",
        "Start line, seen from the committee boat",
        "Poll",
        "Who takes line honours?",
        "- Blue Heron: 75% (3 votes)\n- Sea Lark: 25% (1 vote)",
    ]
    assert [(m.kind, m.url) for m in second.media] == [
        ("video", "https://www.youtube.com/watch?v=zzStartLine")
    ]
    assert pinned.pinned and pinned.authors == ("Race Office",)


def test_v2_listing_without_companions_still_reads() -> None:
    snap = sf.parse(fixture("v2-listing.json"), V2)
    assert snap.blog.title == f"Liveblog {BLOG}" and snap.blog.live is None
    assert len(snap.entries) == 2 and not any(e.pinned for e in snap.entries)
    broken = sf.parse(fixture("v2-listing.json"), V2, extras={"blog": b"<html>", "sticky": b"{"})
    assert broken.blog.title == f"Liveblog {BLOG}" and len(broken.entries) == 2


def test_theme_wrapper_with_posts_and_sticky_posts() -> None:
    wrapped = b'{"posts": %s, "stickyPosts": %s}' % (
        fixture("v2-listing.json"),
        fixture("v2-sticky.json"),
    )
    assert sf.sniff(wrapped[:65536], None)
    snap = sf.parse(wrapped, "/tmp/api_response.json")
    assert len(snap.entries) == 3 and sum(e.pinned for e in snap.entries) == 1
    assert snap.blog.title == f"Liveblog {BLOG}"  # from the posts' ``blog``
    # the posts listing's paging, not the pinned one's
    assert snap.hints.older == 2 and not snap.hints.older_end


def test_closed_blog_is_not_live() -> None:
    closed = fixture("blog.json").replace(b'"open"', b'"closed"')
    snap = sf.parse(fixture("v2-listing.json"), V2, extras={"blog": closed})
    assert snap.blog.live is False


def test_free_types_comments_drafts_and_odd_values() -> None:
    snap = sf.parse(fixture("freetypes-listing.json"), V1)
    assert [e.id.rsplit(":", 1)[1] for e in snap.entries] == [
        "derby-0003",
        "derby-0002",
        "derby-0001",
        "derby-0005",
    ]
    # a draft and a tombstone: removed (a reader comment the listing serves is an entry)
    assert [i.rsplit(":", 1)[1] for i in snap.removed_ids] == ["derby-0004", "derby-0006"]
    reader_comment, comment, ticker, team = snap.entries
    assert reader_comment.authors == ("Anon",)
    assert comment.authors == ("Rowan",)  # the commenter, not the editor who published it
    assert comment.text == "What a strike from the edge of the box!\n— Rowan"
    # a display name that is an e-mail address is skipped for first + last name
    assert ticker.authors == ("Ana Lopez",) and ticker.key_event
    assert ticker.body[0].kind == "h" and ticker.text.split("\n\n") == [
        "Match ticker",
        "Rovers | 2",
        "Albion | 1",
        "Half time at the Quarry Ground.",
    ]
    assert ticker.updated is None  # content_updated_date is the publication time
    # sticky as a string, older servers' ``highlight``, an oEmbed answer in filemeta_json,
    # a bare user id as original_creator (the publisher named instead), junk refs ignored
    assert team.pinned and team.key_event and team.title == "Team news"
    assert team.authors == ("Lee Park",)
    assert team.updated == datetime(2031, 6, 10, 18, 52, tzinfo=UTC)
    assert [(m.kind, m.url) for m in team.media] == [
        ("embed", "https://club.example/news/line-ups")
    ]
    assert team.text == "Line-ups confirmed\n\nTwo changes for the visitors."
    assert snap.hints == Hints(older=2, newer="2031-06-10T19:31:00+00:00")  # from _links.next
    assert snap.warnings == ()
    no_email_anywhere(snap)


def test_polling_answer_edits_and_deletes() -> None:
    full = sf.parse(fixture("poll-full.json"), V1)
    assert full.hints == Hints(older=2, newer="2031-09-14T18:20:00+00:00")
    assert [e.pinned for e in full.entries] == [False, False, True]
    answer = sf.parse(fixture("poll-answer.json"), sf.poll_url(V1, full.hints) or "")
    assert answer.hints.newer == "2031-09-14T18:28:00+00:00"
    assert [i.rsplit(":", 1)[1] for i in answer.removed_ids] == ["council-0003"]
    edited = by_suffix(answer, "council-0002")
    assert edited.updated == datetime(2031, 9, 14, 18, 27, tzinfo=UTC)
    assert "fourth hour" in edited.text
    assert by_suffix(answer, "council-0004").updated is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "no Sourcefabric Liveblog posts"),
        (b'{"_items": [{"title": "a blog", "blog_status": "open"}]}', "are not posts"),
        (b'{"posts": "nope"}', "no Sourcefabric Liveblog posts"),
    ],
)
def test_bad_documents_are_one_line_parse_errors(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        sf.parse(data, V1)


def test_an_empty_listing_is_a_blog_with_no_entries() -> None:
    snap = sf.parse(b'{"_items": [], "_meta": {"page": 1, "max_results": 25, "total": 0}}', V1)
    assert snap.entries == () and snap.removed_ids == () and snap.hints == Hints(older_end=True)


def _post(**changes: object) -> dict[str, object]:
    post: dict[str, object] = {
        "_id": "p1",
        "post_status": "open",
        "_updated": "2031-01-01T00:00:00+00:00",
        "published_date": "2031-01-01T00:00:00+00:00",
        "groups": [{"id": "main", "refs": [{"item": {"item_type": "text", "text": "hello"}}]}],
    }
    post.update(changes)
    return post


@pytest.mark.parametrize(
    "changes",
    [
        {"groups": "oops"},
        {"groups": [None, 3, {"id": "main", "refs": "x"}]},
        {"items": [{"item_type": "image", "meta": "x", "renditions": [1]}]},
        {"items": [{"item_type": "image", "meta": {"media": {"renditions": {"a": {"href": 5}}}}}]},
        {"items": [{"item_type": "embed", "meta": {"html": 5}, "filemeta_json": "{broken"}]},
        {"items": [{"item_type": "quote", "meta": {"quote": ["x"], "credit": None}}]},
        {
            "items": [
                {"item_type": "poll", "poll_body": {"answers": [{"option": "a", "votes": "x"}]}}
            ]
        },
        {"items": [{"item_type": "comment", "commenter": {"name": "x"}, "text": None}]},
        {"items": [{"item_type": None, "text": ["a"]}]},
        {"published_date": 12, "_updated": None, "sticky": None, "publisher": "x"},
        {"original_creator": {"display_name": 5, "username": "someone@example.org"}},
    ],
)
def test_wrong_typed_fields_never_crash(changes: Mapping[str, object]) -> None:
    snap = sf.parse(orjson.dumps({"_items": [_post(**changes)]}), V1)
    (entry,) = snap.entries
    assert entry.id == "p1" and "@" not in "".join(entry.authors)


def test_hostile_text_is_sanitised() -> None:
    text = '<p>a\x1b]52;c;ZXZpbA==\x07b <a href="javascript:alert(1)">x</a></p><script>x()</script>'
    post = _post(
        groups=[{"id": "main", "refs": [{"item": {"item_type": "text", "text": text}}]}],
        original_creator={"display_name": "Eve\x1b[31m\u202eRed"},
    )
    (entry,) = sf.parse(orjson.dumps({"_items": [post]}), V1).entries
    assert entry.text == "ab x" and entry.links == ()
    assert entry.authors == ("EveRed",)


def test_links_in_comments_and_quotes_are_kept() -> None:
    items = [
        {
            "item_type": "comment",
            "commenter": "Jo",
            "text": 'See <a href="https://a.example/x">this</a>',
        },
        {"item_type": "quote", "meta": {"quote": '<a href="https://b.example/y">Said</a>'}},
    ]
    (entry,) = sf.parse(orjson.dumps({"_items": [_post(items=items)]}), V1).entries
    assert entry.links == ("https://a.example/x", "https://b.example/y")
    assert [b.kind for b in entry.body] == ["quote", "quote"]


_ODD = ["²", "9" * 5000, "-1e999", "1e999", 1e308, None, [], {}]


def _image(width: object) -> dict[str, object]:
    return {
        "item_type": "image",
        "renditions": {
            "original": {"href": "https://cdn.example/original.jpg", "width": width},
            "viewImage": {"href": "https://cdn.example/view.jpg", "width": "640"},
        },
    }


@pytest.mark.parametrize("width", _ODD, ids=lambda v: repr(v)[:12])
def test_an_unusable_rendition_width_is_no_width(width: object) -> None:
    """``"9" * 5000`` or ``"-1e999"`` read as a float is infinite: int() raised OverflowError."""
    (entry,) = sf.parse(orjson.dumps({"_items": [_post(items=[_image(width)])]}), V1).entries
    assert [m.url for m in entry.media] == ["https://cdn.example/view.jpg"]


@pytest.mark.parametrize("votes", _ODD, ids=lambda v: repr(v)[:12])
def test_unusable_poll_numbers_count_as_none(votes: object) -> None:
    poll = {
        "item_type": "poll",
        "poll_body": {
            "question": "Who?",
            "answers": [
                {"option": "Blue", "votes": votes, "percentage": votes},
                {"option": "Red", "votes": "3"},
            ],
        },
    }
    (entry,) = sf.parse(orjson.dumps({"_items": [_post(items=[poll])]}), V1).entries
    assert entry.text.endswith("- Blue: 0% (0 votes)\n- Red: 100% (3 votes)")


@pytest.mark.parametrize("page", _ODD, ids=lambda v: repr(v)[:12])
def test_an_unusable_page_number_is_page_one(page: object) -> None:
    """``"²".isdigit()`` is true, int() refuses it: ``_meta.page`` raised ValueError."""
    doc = {"_items": [_post()], "_meta": {"page": page, "max_results": 1, "total": 3}}
    hints = sf.parse(orjson.dumps(doc), V1).hints
    assert hints.older == 2 and not hints.older_end


@pytest.mark.parametrize(
    ("href", "older"),
    [("posts?page=3&max_results=2", 3), ("posts?page=1", None)]
    + [(f"posts?page={odd}", None) for odd in ("²", "9" * 5000, "-1", "")],
    ids=lambda v: repr(v)[:16],
)
def test_the_next_link_page_number(href: str, older: int | None) -> None:
    doc = {"_items": [_post()], "_links": {"next": {"href": href}}}
    hints = sf.parse(orjson.dumps(doc), V1).hints
    assert hints.older == older
    assert hints.older_end is (older is None)  # a listing always tells its paging


def test_no_credential_of_the_fetched_url_reaches_the_snapshot() -> None:
    """Relative links and files resolve against the listing's URL without its query (a token
    there never reaches a link), and the blog's URL drops credentials."""
    text = '<p><a href="#more">more</a> <a href="?page=2">next</a></p><img src="#pic">'
    items = [{"item_type": "text", "text": text}, _image(800)]
    items[1]["renditions"] = {"original": {"href": "?file=1", "width": 1}}  # type: ignore[index]
    data = orjson.dumps({"_items": [_post(items=items)]})
    url = f"https://me:pw-s3cret@liveblog.example.net/api/client_blogs/{BLOG}/posts?token=s3cret"
    snap = sf.parse(data, url, extras={"blog": b"{}"})
    assert b"s3cret" not in orjson.dumps(snap)
    assert snap.blog.url == V1
    assert snap.blog.title == f"Liveblog {BLOG}"
    (entry,) = snap.entries
    assert entry.links == (f"{V1}#more", f"{V1}?page=2")
    assert [m.url for m in entry.media] == [f"{V1}#pic", f"{V1}?file=1"]


def test_media_urls_are_web_links_only() -> None:
    items = [
        {
            "item_type": "text",
            "text": '<p><a href="mailto:a@b.org">mail</a></p><img src="mailto:a@b.org">',
        },
        {
            "item_type": "image",
            "renditions": {"original": {"href": "MAILTO:a@b.org", "width": 4000}},
            "text": '<figure><img src="mailto:a@b.org"><figcaption>Pier</figcaption></figure>',
        },
        {"item_type": "embed", "meta": {"original_url": "mailto:a@b.org", "title": "Card"}},
        {"item_type": "embed", "meta": {"html": '<iframe src="mailto:a@b.org"></iframe>'}},
    ]
    (entry,) = sf.parse(orjson.dumps({"_items": [_post(items=items)]}), V1).entries
    assert entry.media == ()
    assert not any(b.media is not None for b in entry.body)
    assert entry.links == ("mailto:a@b.org",)  # a fine link in the text
    assert "Pier" in entry.text


def test_fixture_files_are_invented() -> None:
    for path in (FIXTURES / "sourcefabric").iterdir():
        text = path.read_text(encoding="utf-8")
        for real in ("58bfeb4c15720af1a94c1052", "56c5b34120dc360081f8e518", "sourcefabric.org"):
            assert real not in text, path.name


# -- following a loopback mirror through BlogFeed ----------------------------------------------

COUNCIL = "8c3d4e5f60718293a4b5c6d7"
_PAGE_TWO = {
    "_items": [
        {
            "_id": "urn:newsml:localhost:2031-09-14T17:50:00.000000:council-0000",
            "_updated": "2031-09-14T17:50:00+00:00",
            "blog": COUNCIL,
            "post_status": "open",
            "deleted": False,
            "published_date": "2031-09-14T17:50:00+00:00",
            "groups": [
                {
                    "id": "main",
                    "refs": [
                        {"item": {"item_type": "text", "text": "Doors open at the town hall."}}
                    ],
                }
            ],
        }
    ],
    "_meta": {"page": 2, "max_results": 3, "total": 4},
}


class _Mirror:
    """The council blog served like a Liveblog instance under a path prefix: the listing,
    the poll answer for any ``source=`` query, page 2, and the blog document."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    def answer(self, path: str, query: dict[str, list[str]]) -> bytes | None:
        if path == f"/lb/api/client_blogs/{COUNCIL}":
            return fixture("blog.json")
        if path != f"/lb/api/client_blogs/{COUNCIL}/posts":
            return None
        if "source" in query:
            return fixture("poll-answer.json")
        if query.get("page") == ["2"]:
            return orjson.dumps(_PAGE_TWO)
        return fixture("poll-full.json")

    def route(self, path: str, query: dict[str, list[str]], headers: Message) -> Reply | None:
        body = self.answer(path, query)
        return None if body is None else Reply(200, body, {"Content-Type": "application/json"})


@pytest.fixture
def mirror() -> Iterator[tuple[_Mirror, str]]:
    blog = _Mirror()
    with Loopback(blog.route, requests=blog.requests) as server:
        yield blog, server.url(f"/lb/api/client_blogs/{COUNCIL}/posts")


def _polled_since(request: str) -> object:
    source = orjson.loads(parse_qs(urlsplit(request).query)["source"][0])
    rules = source["query"]["filtered"]["filter"]["and"]
    (since,) = [r["range"]["_updated"]["gte"] for r in rules if "range" in r]
    return since


async def test_following_polls_updated_since_and_sees_edits_and_deletions(
    mirror: tuple[_Mirror, str], tmp_path: Path
) -> None:
    server, url = mirror
    feed = BlogFeed(url + "?max_results=3", fetcher=Fetcher(retries=0), store=Store(tmp_path / "c"))
    try:
        first = await feed.refresh()
        assert sorted(e.id[-4:] for e in first.changes.new) == ["0001", "0002", "0003"]
        assert f"/lb/api/client_blogs/{COUNCIL}" in server.requests  # the blog companion
        assert feed.blog is not None and feed.blog.title == "Harbour Regatta 2031 – live"
        assert feed.blog.source == "sourcefabric" and feed.blog.live is True
        assert feed.hints.newer == "2031-09-14T18:20:00+00:00"

        seen = len(server.requests)
        second = await feed.refresh()
        (poll,) = server.requests[seen:]  # the listing only: no companion on a poll
        assert urlsplit(poll).path == f"/lb/api/client_blogs/{COUNCIL}/posts"
        assert parse_qs(urlsplit(poll).query)["max_results"] == ["3"]
        assert _polled_since(poll) == "2031-09-14T18:20:00+00:00"
        changes = second.changes
        assert [e.id[-4:] for e in changes.new] == ["0004"]
        assert [e.id[-4:] for e in changes.edited] == ["0002"]
        assert "fourth hour" in changes.edited[0].text and changes.edited[0].updated is not None
        (gone,) = changes.removed
        assert gone.id.endswith("0003") and gone.deleted
        assert "postponed to next week" in gone.text  # the content seen before is kept
        assert feed.blog.title == "Harbour Regatta 2031 – live"  # kept from the full fetch
        assert feed.hints.newer == "2031-09-14T18:28:00+00:00"

        seen = len(server.requests)
        third = await feed.refresh()  # the same answer again: nothing changed
        assert not third.changes
        assert _polled_since(server.requests[seen]) == "2031-09-14T18:28:00+00:00"

        seen = len(server.requests)
        older = await feed.load_older()
        assert older is not None
        assert parse_qs(urlsplit(server.requests[seen]).query) == {
            "max_results": ["3"],
            "page": ["2"],
        }
        assert [e.text for e in older.changes.new] == ["Doors open at the town hall."]
        assert not feed.can_load_older  # page 2 of 2
        cached = Store(tmp_path / "c").load(url + "?max_results=3")
        assert cached is not None
        assert {e.id[-4:]: e.deleted for e in cached.entries} == {
            "0000": False,
            "0001": False,
            "0002": False,
            "0003": True,
            "0004": False,
        }
    finally:
        await feed.fetcher.aclose()
