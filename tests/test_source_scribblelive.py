"""ScribbleLive API v1: the real ABC event page (corpus), invented fixtures, URLs and tokens, and
following a loopback mirror (``/page/last`` then ``/all?Since=``) through BlogFeed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import pytest

from tests.conftest import CORPUS, FIXTURES, assert_web_only, needs_corpus
from tests.loopback import Loopback, Reply
from tui_liveblog import sources
from tui_liveblog.errors import FetchError, ParseError
from tui_liveblog.fetch import Fetcher
from tui_liveblog.follow import BlogFeed
from tui_liveblog.hints import Hints
from tui_liveblog.model import Entry, Snapshot
from tui_liveblog.sources import scribblelive
from tui_liveblog.sources.base import Options
from tui_liveblog.sources.registry import default_registry
from tui_liveblog.store import Store

OWN = FIXTURES / "scribblelive"
ABC = CORPUS / "scribblelive" / "abc-anzac-day-2014-event-560845-page.json"
ABC_URL = "https://apiv1.scribblelive.com/event/560845/page/last?Token=s3cret&format=json"
NO_TOKEN = "ScribbleLive needs an API token, pass --token or set scribblelive_token in the config"
TOKEN = Options(token="s3cret")


def own(name: str) -> bytes:
    return (OWN / name).read_bytes()


def everything(entry: Entry) -> list[str]:
    """Every string of an entry the reader or the JSON shows: text, links, media, span links."""
    out = [entry.text, *(entry.links), *(m.url for m in entry.media), entry.url or ""]
    for block in entry.body:
        out.extend(s.text for s in block.spans)
        out.extend(s.href or "" for s in block.spans)
        out.extend(s.text for item in block.items for s in item)
        if block.media is not None:
            out.append(block.media.url)
    return out


def _query(url: str | None) -> dict[str, list[str]]:
    assert url is not None
    return parse_qs(urlsplit(url).query)


# -- URLs, tokens, detection -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://apiv1.scribblelive.com/event/560845/page/last?Token=x&format=json",
        "http://apiv1.scribblelive.com/event/12",
        "https://apiv1secure.scribblelive.com/api/rest/event/12/all",
        "https://embed.scribblelive.com/Embed/v5.aspx?Id=225424&ThemeId=4497",
        "https://www.scribblelive.com/Event/Harbour_Regatta",
        "https://live.example.scribblelive.com/Event/Thread.aspx?Id=99",
    ],
)
def test_url_matches(url: str) -> None:
    assert scribblelive.url_matches(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://embed.scribblelive.com/widgets/embed.js",
        "https://embed.scribblelive.com/Embed/v5.aspx",  # no event id
        "https://www.scribblelive.com/pricing",
        "https://example.com/event/4242/page/last",
        "https://scribblelive.com.evil.example/event/1",
        "not a url",
    ],
)
def test_url_does_not_match(url: str) -> None:
    assert not scribblelive.url_matches(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://embed.scribblelive.com/Embed/v5.aspx?Id=225424&ThemeId=4497",
            "https://apiv1.scribblelive.com/event/225424/page/last?Token=s3cret&format=json",
        ),
        (
            "https://apiv1.scribblelive.com/event/12",
            "https://apiv1.scribblelive.com/event/12/page/last?Token=s3cret&format=json",
        ),
        (
            "http://apiv1secure.scribblelive.com/api/rest/event/12/page/2?Format=xml",
            "http://apiv1secure.scribblelive.com/api/rest/event/12/page/2?Token=s3cret&format=json",
        ),
        (
            "https://live.example.scribblelive.com/Event/Thread.aspx?Id=99",
            "https://apiv1.scribblelive.com/event/99/page/last?Token=s3cret&format=json",
        ),
    ],
)
def test_api_url(url: str, expected: str) -> None:
    assert scribblelive.api_url(url, TOKEN) == expected


def test_api_url_keeps_a_token_in_the_url_and_needs_one_otherwise() -> None:
    url = "https://apiv1.scribblelive.com/event/12/page/last?Token=mine&format=json"
    assert _query(scribblelive.api_url(url, Options()))["Token"] == ["mine"]
    # a scribblelive.com page naming no numeric id is fetched as it is
    assert scribblelive.api_url("https://www.scribblelive.com/Event/Regatta", TOKEN) is None
    for bare in ("https://embed.scribblelive.com/Embed/v5.aspx?Id=1", url.split("?")[0]):
        with pytest.raises(FetchError) as err:
            scribblelive.api_url(bare, Options())
        assert str(err.value) == NO_TOKEN


def test_discover_scrbbl_embed_and_iframe() -> None:
    page = own("embed-page.html")
    api = scribblelive.discover(page, "https://gazette.example/regatta", TOKEN)
    assert api == "https://apiv1.scribblelive.com/event/4242/page/last?Token=s3cret&format=json"
    iframe = (
        b"<p>Live:</p><iframe width=600 src='//embed.scribblelive.com/Embed/v5.aspx"
        b"?ThemeId=7&amp;Id=31337' frameborder=0></iframe>"
    )
    assert _query(scribblelive.discover(iframe, "https://x.example/", TOKEN)) == {
        "Token": ["s3cret"],
        "format": ["json"],
    }
    assert "/event/31337/page/last" in (scribblelive.discover(iframe, "u", TOKEN) or "")
    with pytest.raises(FetchError) as err:
        scribblelive.discover(page, "https://gazette.example/regatta", Options())
    assert str(err.value) == NO_TOKEN
    assert scribblelive.discover(b"<html><p>no embed</p></html>", "u", TOKEN) is None
    assert scribblelive.discover(own("event-page-last.json"), "u", TOKEN) is None


def test_sniff() -> None:
    assert scribblelive.sniff(own("event-page-last.json")[:65536], "application/json")
    assert scribblelive.sniff(own("all-since.json"), None)
    assert scribblelive.sniff(own("embed-page.html"), "text/html")
    assert scribblelive.sniff(b'cb({"Posts": [], "LastModified": "/Date(1)/"});', None)
    assert not scribblelive.sniff(b'{"posts": {"_items": []}}', None)
    assert not scribblelive.sniff(b'{"Posts": "a word in a document"}', None)
    assert not scribblelive.sniff(b"<html><body><p>Posts</p></body></html>", "text/html")


def test_detection_by_body_on_any_url() -> None:
    data = own("event-page-last.json")
    found = default_registry().detect("http://127.0.0.1:9/event/4242/page/last", data)
    assert found is scribblelive.SOURCE
    snap = sources.parse(data, "http://127.0.0.1:9/event/4242/page/last?Token=t")
    assert snap.blog.source == "scribblelive"


def test_poll_and_older_urls_come_from_the_fetched_path() -> None:
    url = "http://127.0.0.1:8000/mirror/event/42/page/last?Token=t%20k&format=json&PageSize=20"
    poll = scribblelive.poll_url(url, Hints(newer="2031/03/04 09:31:05"))
    assert poll is not None
    assert urlsplit(poll).path == "/mirror/event/42/all"
    assert "Since=2031/03/04%2009:31:05" in poll
    assert _query(poll) == {
        "Since": ["2031/03/04 09:31:05"],
        "Token": ["t k"],
        "PageSize": ["20"],
        "format": ["json"],
    }
    # a poll URL polled again replaces its Since
    again = scribblelive.poll_url(poll, Hints(newer="2031/03/04 10:00:00"))
    assert _query(again)["Since"] == ["2031/03/04 10:00:00"]
    older = scribblelive.older_url(url, Hints(older=1))
    assert older is not None and urlsplit(older).path == "/mirror/event/42/page/1"
    assert _query(older)["Token"] == ["t k"] and "Since" not in _query(older)
    assert scribblelive.older_url(poll, Hints(older=0)) == (
        "http://127.0.0.1:8000/mirror/event/42/page/0?Token=t%20k&PageSize=20&format=json"
    )
    # no cursor, a bad one, or no /event/N in the path: nothing to derive
    assert scribblelive.poll_url(url, Hints()) is None
    assert scribblelive.poll_url(url, Hints(newer=5)) is None
    assert scribblelive.older_url(url, Hints(older_end=True)) is None
    assert scribblelive.older_url(url, Hints(older=True)) is None
    assert scribblelive.older_url(url, Hints(older=-1)) is None
    assert scribblelive.poll_url("http://127.0.0.1:8000/live.json", Hints(newer="x")) is None
    assert scribblelive.older_url("/tmp/page.json", Hints(older=1)) is None


def test_http_error_messages() -> None:
    with_token = scribblelive.http_error(401, ABC_URL)
    assert with_token is not None and "refused the API token" in with_token
    without = scribblelive.http_error(403, ABC_URL.split("?")[0])
    assert without is not None and "needs an API token" in without and "--token" in without
    assert scribblelive.http_error(404, ABC_URL) == "ScribbleLive has no event 560845 (HTTP 404)"
    assert scribblelive.http_error(500, ABC_URL) is None
    # a mirror that does not answer polls: the generic message (and polling stops)
    poll = "http://127.0.0.1:9/event/4242/all?Since=2031/03/04%2009:31:05&Token=t"
    assert scribblelive.http_error(404, poll) is None


# -- the real event page (corpus) ------------------------------------------------------------


@pytest.fixture(scope="module")
def abc() -> Snapshot:
    if not ABC.is_file():
        pytest.skip("../shared/corpus is absent (a lone clone)")
    return scribblelive.parse(ABC.read_bytes(), ABC_URL)


@needs_corpus
def test_corpus_event_page(abc: Snapshot) -> None:
    assert len(abc.entries) == 63
    assert len({e.id for e in abc.entries}) == 63
    assert abc.blog.title == "Anzac Day 2014"
    assert abc.blog.source == "scribblelive"
    assert abc.blog.live is False  # IsLive 0
    assert abc.blog.url == "https://apiv1.scribblelive.com/event/560845"
    assert "s3cret" not in abc.blog.url
    assert abc.blog.coverage_start == datetime(2014, 4, 24, 3, 0, tzinfo=UTC)
    assert abc.removed_ids == () and abc.warnings == ()
    # newest first; "\/Date(1398419894000+0000)\/" in the raw file
    first = abc.entries[0]
    assert first.id == "114257903"
    assert first.published == datetime(2014, 4, 25, 9, 58, 14, tzinfo=UTC)
    assert first.authors == ("Daniel Franklin",)
    times = [e.published for e in abc.entries]
    assert all(t is not None and t.tzinfo is UTC for t in times)
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]
    # Pages 3 on /page/last: the next older page is 1; Since from the event's LastModified
    assert abc.hints == Hints(older=1, newer="2014/04/25 09:59:26")


@needs_corpus
def test_corpus_media_kinds(abc: Snapshot) -> None:
    kinds = {m.kind for e in abc.entries for m in e.media}
    assert kinds == {"image", "video"}
    by_id = {e.id: e for e in abc.entries}
    video = by_id["114256660"]  # VIDEO: the mp4, not its poster frame
    assert [(m.kind, m.url) for m in video.media] == [
        (
            "video",
            "http://media.scribblelive.com/2014/4/25/62ac155d-21ec-40b2-b079-65b4144946ce.mp4",
        )
    ]
    assert video.body[0].kind == "media"
    image = by_id["114253729"]  # IMAGE with no caption
    assert [m.kind for m in image.media] == ["image"] and image.text == ""
    flash = by_id["114249897"]  # EMBED: an Instagram video in a Flash player
    assert [m.kind for m in flash.media] == ["video"]
    assert flash.media[0].url.endswith(".mp4")
    embed = by_id["114251133"]  # EMBED: a YouTube iframe
    assert [m.kind for m in embed.media] == ["video"]
    assert "youtube.com/embed/PmdJeJFMTE4" in embed.media[0].url
    assert sum(1 for e in abc.entries if any(m.kind == "image" for m in e.media)) >= 25


@needs_corpus
def test_corpus_no_tracking_pixel_anywhere(abc: Snapshot) -> None:
    raw = ABC.read_text(encoding="utf-8")
    assert "ScribbleLiveCountImage" in raw and "transparent.png" in raw  # it is there to remove
    for entry in abc.entries:
        for value in everything(entry):
            assert "transparent.png" not in value
            assert "addons.js" not in value
            assert "SLCount" not in value
            assert "CountImage" not in value
    closing = next(e for e in abc.entries if e.id == "114257903")
    assert closing.media == ()
    assert closing.links == (
        "http://www.abc.net.au/news/2014-04-25/anzac-day-across-australia/5411304",
        "http://www.abc.net.au/news/first-world-war-centenary/",
    )


@needs_corpus
def test_corpus_the_editor_post(abc: Snapshot) -> None:
    data = json.loads(ABC.read_bytes())
    edited = [p for p in data["Posts"] if "Editor" in p]
    assert len(edited) == 1
    post = edited[0]
    entry = next(e for e in abc.entries if e.id == str(post["Id"]))
    # the editor is not an author; LastModified equals Created, so no edit time
    assert entry.authors == ("Katherine Brownlie-Smith",)
    assert post["Editor"]["Name"] not in entry.authors
    assert entry.updated is None
    assert entry.text.startswith("Serving members of Australia's Defence Forces")
    # posts whose LastModified is later than Created are edited, to the second
    later = next(e for e in abc.entries if e.id == "114255829")
    assert later.published == datetime(2014, 4, 25, 8, 55, 58, tzinfo=UTC)
    assert later.updated == datetime(2014, 4, 25, 8, 56, 14, tzinfo=UTC)


@needs_corpus
def test_corpus_comments_show_their_source(abc: Snapshot) -> None:
    data = json.loads(ABC.read_bytes())
    comments = {str(p["Id"]): p for p in data["Posts"] if p["IsComment"]}
    assert len(comments) == 15
    by_id = {e.id: e for e in abc.entries}
    for ident, post in comments.items():
        entry = by_id[ident]
        href = post["Source"].split("'")[1]
        assert entry.url == href
        assert href in entry.links
        assert entry.text.endswith("via Twitter")
        last = entry.body[-1]
        assert last.spans[0].text == "via Twitter" and last.spans[0].href == href
        assert entry.authors == (post["Creator"]["Name"],)
    # a post that is not a comment keeps its source visible but has no url of its own
    insta = by_id["114250366"]
    assert insta.url is None and insta.text.endswith("via Instagram")
    assert "http://instagram.com/p/nMwpivLvIj/" in insta.links


@needs_corpus
def test_corpus_subheaders_become_titles(abc: Snapshot) -> None:
    titled = {e.id: e for e in abc.entries if e.title}
    assert set(titled) == {"114255434", "114253962", "114251826", "114249013"}
    women = titled["114255434"]
    assert women.title == "Women in uniform: remembering those who paved the way"
    assert not women.text.startswith("Women in uniform")  # taken out of the body
    assert all(b.kind != "h" for b in women.body)
    assert women.links[0].endswith("/women-in-uniform-remembering-those-who-paved-the-way/5412352")
    assert [m.kind for m in women.media] == ["image"]
    assert all(e.title is None for e in abc.entries if e.id not in titled)


@needs_corpus
def test_corpus_text_is_clean(abc: Snapshot) -> None:
    for entry in abc.entries:
        assert "<" not in entry.text.replace("<3", "")
        assert "&nbsp;" not in entry.text and "&#35;" not in entry.text
        assert "SL_C_" not in entry.text
    tweet = next(e for e in abc.entries if e.id == "114253056")
    assert "#AFLPiesBombers" in tweet.text


# -- own fixtures ----------------------------------------------------------------------------

PAGE_URL = "http://127.0.0.1:9/event/4242/page/last?Token=s3cret&format=json"
SINCE_URL = "http://127.0.0.1:9/event/4242/all?Since=2031/03/04%2009:31:05&Token=s3cret&format=json"


def test_own_page_stuck_deleted_unapproved_and_odd_fields() -> None:
    snap = scribblelive.parse(own("event-page-last.json"), PAGE_URL)
    ids = [e.id for e in snap.entries]
    assert ids == ["9001", "9002", "9003", "9004", "9007", "9008"]
    assert snap.removed_ids == ("9005", "9006")  # IsDeleted, IsApproved 0
    assert snap.warnings == ("skipped 1 ScribbleLive post(s) with no id",)
    assert snap.blog.live is True and snap.blog.title == "Harbour regatta live"
    assert snap.blog.url == "http://127.0.0.1:9/event/4242"
    assert snap.blog.description == "Boats, weather and results from the harbour regatta."
    assert snap.hints == Hints(older=0, newer="2031/03/04 09:31:05")
    by_id = {e.id: e for e in snap.entries}
    assert [e.id for e in snap.entries if e.pinned] == ["9004"]
    odd = by_id["9008"]
    assert odd.text == "Odd fields & all: still a post"
    assert odd.authors == () and odd.media == () and not odd.pinned
    assert odd.published == datetime(2031, 3, 4, 9, 0, tzinfo=UTC) and odd.updated is None
    poll = by_id["9007"]
    assert poll.body[-1].kind == "ul"
    assert poll.text.endswith("- Blue Heron\n- Stormy Petrel")
    video = by_id["9003"]
    assert [(m.kind, m.url.rsplit("/", 1)[1]) for m in video.media] == [("video", "drone.mp4")]


def test_own_page_headline_tracking_and_edit() -> None:
    snap = scribblelive.parse(own("event-page-last.json"), PAGE_URL)
    start = snap.entries[0]
    assert start.title == "Fleet crosses the line"
    assert start.text == "The first gun went at half past nine and forty boats crossed the line."
    assert start.links == ("https://regatta.example/report/start",)
    assert start.media == ()
    for value in everything(start):
        assert "track.example" not in value and "transparent.png" not in value
    assert start.authors == ("Mara Keel",)  # the Editor is not an author
    assert start.published == datetime(2031, 3, 4, 9, 30, tzinfo=UTC)
    assert start.updated == datetime(2031, 3, 4, 9, 31, 5, tzinfo=UTC)
    tweet = snap.entries[1]
    assert tweet.url == "https://twitter.com/gullwatcher/status/1234567890"
    assert tweet.text == "Sails everywhere on the bay this morning\n\nvia Twitter"
    assert [m.kind for m in tweet.media] == ["image"]


def test_own_since_answer_edits_and_deletes() -> None:
    snap = scribblelive.parse(own("all-since.json"), SINCE_URL)
    assert [e.id for e in snap.entries] == ["9010", "9002"]
    edited = snap.entries[1]
    assert edited.updated == datetime(2031, 3, 4, 9, 45, tzinfo=UTC)
    assert edited.text.startswith("Sails everywhere on the bay this morning (photo: gullwatcher)")
    assert snap.removed_ids == ("9003", "9999")
    assert snap.hints == Hints(newer="2031/03/04 09:55:00")  # a poll says nothing of older pages
    assert snap.blog.url == "http://127.0.0.1:9/event/4242"


def test_deleted_wins_and_later_edit_wins() -> None:
    post = {"Id": 1, "Type": "TEXT", "Content": "first", "Created": "/Date(1930381200000)/"}
    edit = {**post, "Content": "second", "LastModified": "/Date(1930381260000)/"}
    doc = {"Posts": [post, {**post, "Id": 2}], "Edits": [edit], "Deletes": [{"Id": "2"}]}
    snap = scribblelive.parse(json.dumps(doc).encode(), "file.json")
    assert [(e.id, e.text) for e in snap.entries] == [("1", "second")]
    assert snap.removed_ids == ("2",)
    assert snap.blog.title == "ScribbleLive event"


def test_a_file_or_other_url_keeps_no_token() -> None:
    snap = scribblelive.parse(own("all-since.json"), "https://mirror.example/feed?Token=abc&x=1")
    assert snap.blog.url == "https://mirror.example/feed?x=1"
    assert snap.blog.title == "Harbour regatta live"


@pytest.mark.parametrize(
    "question", ["²", "9" * 5000, 7, 1.5, None, [], {}, ["Who?"]], ids=lambda v: repr(v)[:12]
)
def test_a_poll_question_that_is_not_text_is_left_out(question: object) -> None:
    """A number or a list where the question's text belongs raised TypeError/AttributeError."""

    def poll_text(value: object) -> str:
        doc = json.loads(own("event-page-last.json"))
        doc["Posts"][6]["Entities"]["Question"] = value  # 9007, the POLL
        snap = scribblelive.parse(json.dumps(doc).encode(), PAGE_URL)
        (poll,) = [e for e in snap.entries if e.id == "9007"]
        return poll.text

    text = poll_text(question)
    assert text.endswith("- Blue Heron\n- Stormy Petrel")
    if isinstance(question, str):
        assert question in text
    else:
        assert text == poll_text(None)


@pytest.mark.parametrize(
    ("pages", "older"),
    # (the older cursor, whether there is no older page); (None, False): nothing said of them
    [(7, (5, False)), (1.5, (None, True)), (" 12 ", (10, False))]
    + [(odd, (None, False)) for odd in ("²", "9" * 5000, "-1e999", None, [], {}, "last")],
    ids=lambda v: repr(v)[:12],
)
def test_an_unusable_page_count_says_nothing_of_older_pages(
    pages: object, older: tuple[int | None, bool]
) -> None:
    doc = json.loads(own("event-page-last.json"))
    doc["Pages"] = pages
    snap = scribblelive.parse(json.dumps(doc).encode(), PAGE_URL)
    assert (snap.hints.older, snap.hints.older_end) == older


def test_relative_links_and_media_never_carry_the_token() -> None:
    """A ``#more`` link or a ``#pic`` file resolves against the event's public URL: the API
    URL's query (``Token=…``) stays out of every link, media URL and the blog's URL."""
    post = {
        "Id": 5,
        "Type": "COMMENT",
        "IsComment": 1,
        "Content": '<p>see <a href="#more">more</a>, <a href="">this</a> <img src="?x"></p>',
        "Created": "/Date(1930381200000+0000)/",
        "Media": [{"Type": "IMAGE", "Url": "#pic"}],
        "Source": '<a href="#src">src</a>',
    }
    data = json.dumps({"Id": 4242, "Title": "t", "Posts": [post]}).encode()
    for url in (
        PAGE_URL,
        "http://me:pw-s3cret@127.0.0.1:9/event/4242/page/3?Token=s3cret&format=json",
        "https://mirror.example/feed?Token=s3cret&x=1",
    ):
        snap = scribblelive.parse(data, url)
        assert b"s3cret" not in orjson.dumps(snap), url
        assert_web_only(snap)
    snap = scribblelive.parse(data, PAGE_URL)
    (entry,) = snap.entries
    assert entry.links == (
        "http://127.0.0.1:9/event/4242#more",
        "http://127.0.0.1:9/event/4242#src",
    )
    assert [m.url for m in entry.media] == [
        "http://127.0.0.1:9/event/4242#pic",
        "http://127.0.0.1:9/event/4242?x",
    ]
    assert entry.url == "http://127.0.0.1:9/event/4242#src"  # a comment's original


def test_entry_and_media_urls_are_web_links_only() -> None:
    post = {
        "Id": 6,
        "Type": "IMAGE",
        "IsComment": 1,
        "Content": '<p>Mail <a href="mailto:desk@example.org">us</a></p><img src="mailto:a@b.org">',
        "Created": "/Date(1930381200000+0000)/",
        "Media": [{"Type": "IMAGE", "Url": "mailto:desk@example.org"}],
        "Source": '<a href="mailto:desk@example.org">the desk</a>',
    }
    embed = {
        "Id": 7,
        "Type": "EMBED",
        "Content": '<embed flashvars="file=mailto:desk@example.org">',
        "Created": "/Date(1930381200000+0000)/",
    }
    data = json.dumps({"Id": 4242, "Posts": [post, embed]}).encode()
    snap = scribblelive.parse(data, PAGE_URL)
    assert_web_only(snap)
    by_id = {e.id: e for e in snap.entries}
    assert by_id["6"].url is None  # a comment whose source is an e-mail address
    assert "mailto:desk@example.org" in by_id["6"].links  # still a link in its body
    assert by_id["6"].media == by_id["7"].media == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not ScribbleLive API JSON"),
        (b"{nope", "not ScribbleLive API JSON"),
        (b"[1, 2]", "the JSON is not an object"),
        (b'{"Title": "x"}', "no Posts"),
        (b'{"Code": 401, "Message": "Invalid token"}', "ScribbleLive answered: Invalid token"),
        (b"<html><p>hello</p></html>", "not ScribbleLive API JSON"),
    ],
)
def test_bad_documents(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        scribblelive.parse(data, "https://apiv1.scribblelive.com/event/1/page/last")


def test_an_embed_page_read_directly_says_it_needs_the_api() -> None:
    with pytest.raises(ParseError) as err:
        scribblelive.parse(own("embed-page.html"), "https://gazette.example/regatta")
    assert "embeds ScribbleLive event 4242" in str(err.value) and "--token" in str(err.value)


def test_jsonp_and_a_single_post() -> None:
    body = own("all-since.json")
    snap = scribblelive.parse(b"callback(" + body + b");", SINCE_URL)
    assert [e.id for e in snap.entries] == ["9010", "9002"]
    single = b'{"Id": 5, "Type": "TEXT", "Content": "alone", "Created": "/Date(1930381200000)/"}'
    assert [e.text for e in scribblelive.parse(single, "u").entries] == ["alone"]


def test_fixture_files_are_invented() -> None:
    for path in OWN.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "560845" not in text and "Anzac" not in text


# -- following through BlogFeed -------------------------------------------------------------


def _mirror(path: str, query: dict[str, list[str]], headers: Message) -> Reply | None:
    if query.get("Token") != ["s3cret"] or query.get("format") != ["json"]:
        return Reply(401, b"Unauthorized\n", {"Content-Type": "text/plain"})
    if path == "/sl/event/4242/page/last":
        body = own("event-page-last.json")
    elif path == "/sl/event/4242/all" and query.get("Since"):
        body = own("all-since.json")
    elif path == "/sl/event/4242/page/0":
        older = {
            "Id": 4242,
            "Title": "Harbour regatta live",
            "Pages": 2,
            "Posts": [
                {
                    "Id": 8001,
                    "Type": "TEXT",
                    "Content": "Boats are rigging in the marina.",
                    "Creator": {"Name": "Mara Keel"},
                    "Created": "/Date(1930377600000+0000)/",
                }
            ],
        }
        body = json.dumps(older).encode()
    else:
        return None
    return Reply(200, body, {"Content-Type": "application/json; charset=utf-8"})


@pytest.fixture
def mirror() -> Iterator[tuple[list[str], str]]:
    with Loopback(_mirror) as server:
        yield server.requests, server.url("/sl/event/4242/page/last")


async def test_following_polls_since_with_edits_and_deletes(
    mirror: tuple[list[str], str], tmp_path: Path
) -> None:
    requests, url = mirror
    feed = BlogFeed(
        url + "?Token=s3cret&format=json",
        fetcher=Fetcher(retries=0),
        store=Store(tmp_path / "c.db"),
    )
    try:
        first = await feed.refresh()
        assert [e.id for e in first.changes.new] == ["9001", "9002", "9003", "9004", "9007", "9008"]
        assert feed.blog is not None and feed.blog.source == "scribblelive"
        assert "s3cret" not in feed.blog.url
        assert feed.hints.newer == "2031/03/04 09:31:05"

        seen = len(requests)
        second = await feed.refresh()
        polled = requests[seen:]
        assert len(polled) == 1
        parts = urlsplit(polled[0])
        assert parts.path == "/sl/event/4242/all"
        assert parse_qs(parts.query)["Since"] == ["2031/03/04 09:31:05"]
        assert [e.id for e in second.changes.new] == ["9010"]
        assert [e.id for e in second.changes.edited] == ["9002"]
        assert second.changes.edited[0].text.startswith(
            "Sails everywhere on the bay this morning ("
        )
        assert [e.id for e in second.changes.removed] == ["9003"]
        assert second.changes.removed[0].deleted and second.changes.removed[0].text
        assert feed.hints.newer == "2031/03/04 09:55:00"
        assert feed.blog.title == "Harbour regatta live"
        by_id = {e.id: e for e in feed.entries}
        assert by_id["9003"].deleted and not by_id["9002"].deleted
        assert by_id["9002"].updated == datetime(2031, 3, 4, 9, 45, tzinfo=UTC)

        # the next poll asks from the new cursor; nothing changes this time round
        seen = len(requests)
        third = await feed.refresh()
        assert parse_qs(urlsplit(requests[seen]).query)["Since"] == ["2031/03/04 09:55:00"]
        assert not third.changes.new and not third.changes.removed

        # paging back: page 0 (Pages 2), then nothing older
        can_before = feed.can_load_older
        seen = len(requests)
        older = await feed.load_older()
        assert older is not None
        assert urlsplit(requests[seen]).path == "/sl/event/4242/page/0"
        assert [e.id for e in older.changes.new] == ["8001"]
        can_after = feed.can_load_older
        assert (can_before, can_after) == (True, False)
        assert await feed.load_older() is None
    finally:
        await feed.fetcher.aclose()

    # a fresh reader of the same cache polls straight away, from the cached cursor
    again = BlogFeed(
        url + "?Token=s3cret&format=json",
        fetcher=Fetcher(retries=0),
        store=Store(tmp_path / "c.db"),
    )
    try:
        assert again.load_cache()
        assert {"9001", "9010", "8001"} <= {e.id for e in again.entries}
        seen = len(requests)
        await again.refresh()
        assert urlsplit(requests[seen]).path == "/sl/event/4242/all"
    finally:
        await again.fetcher.aclose()


def _news_and_api(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "gazette.example":
            return httpx.Response(
                200, headers={"Content-Type": "text/html"}, content=own("embed-page.html")
            )
        if request.url.host == "apiv1.scribblelive.com":
            if request.url.params.get("Token") != "s3cret":
                return httpx.Response(401, content=b"{}")
            return httpx.Response(
                200,
                headers={"Content-Type": "application/json"},
                content=own("event-page-last.json"),
            )
        return httpx.Response(404)

    return httpx.MockTransport(handler)


async def _no_sleep(seconds: float) -> None:
    return None


async def test_an_embedding_page_is_read_through_the_api_with_the_token() -> None:
    seen: list[httpx.Request] = []
    fetcher = Fetcher(transport=_news_and_api(seen), sleep=_no_sleep, retries=0)
    feed = BlogFeed("https://gazette.example/regatta", fetcher=fetcher, options=TOKEN)
    try:
        got = await feed.refresh()
        assert len(got.changes.new) == 6
        assert [r.url.host for r in seen] == ["gazette.example", "apiv1.scribblelive.com"]
        assert seen[1].url.path == "/event/4242/page/last"
        assert feed.blog is not None and "s3cret" not in feed.blog.url
    finally:
        await fetcher.aclose()


async def test_an_embedding_page_without_a_token_is_one_clear_line() -> None:
    seen: list[httpx.Request] = []
    fetcher = Fetcher(transport=_news_and_api(seen), sleep=_no_sleep, retries=0)
    feed = BlogFeed("https://gazette.example/regatta", fetcher=fetcher)
    try:
        with pytest.raises(FetchError) as err:
            await feed.refresh()
        assert str(err.value) == NO_TOKEN
        assert [r.url.host for r in seen] == ["gazette.example"]
    finally:
        await fetcher.aclose()


async def test_an_embed_url_with_a_refused_token() -> None:
    seen: list[httpx.Request] = []
    fetcher = Fetcher(transport=_news_and_api(seen), sleep=_no_sleep, retries=0)
    url = "https://embed.scribblelive.com/Embed/v5.aspx?Id=4242"
    feed = BlogFeed(url, fetcher=fetcher, options=Options(token="wrong"))
    try:
        with pytest.raises(FetchError) as err:
            await feed.refresh()
        assert "refused the API token (HTTP 401)" in str(err.value)
        assert seen[0].url.host == "apiv1.scribblelive.com"
    finally:
        await fetcher.aclose()
