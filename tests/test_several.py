"""Several blogs as one timeline (issue 16, points 1 and 2): the same post once, naming every
blog that carries it; dump of several sources, with each entry's blog."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui_liveblog.model import Entry, Media
from tui_liveblog.same_post import MIN_WORDS, THRESHOLD, SamePosts, same, shape, similarity
from tui_liveblog.several import BlogRef, combine, label_of, labels

from .blogserver import BASE_TIME, BlogServer
from .test_cli import Run

T0 = datetime(2026, 11, 3, 21, 0, tzinfo=UTC)

AGENCY = (
    "Polls have closed in Pennsylvania, where both campaigns spent more than any other state. "
    "Officials said turnout in Philadelphia was running well ahead of 2022, with long queues "
    "reported at several precincts in the north of the city. Results are expected after "
    "midnight."
)


def entry(eid: str, text: str, minutes: int = 0, **kw: object) -> Entry:
    return Entry(id=eid, published=T0 + timedelta(minutes=minutes), text=text, **kw)  # type: ignore[arg-type]


def test_agency_copy_with_a_sentence_changed_is_the_same_post() -> None:
    edited = AGENCY.replace(
        "Results are expected after midnight.", "The first results are due after midnight."
    )
    a, b = entry("a", AGENCY), entry("b", "“" + edited.upper() + "”", 7)  # (case, quotes)
    assert similarity(shape(a), shape(b)) >= THRESHOLD
    assert same(a, b)


def test_two_reports_of_one_event_in_their_own_words_stay_apart() -> None:
    """Near misses: the same names, places and figures, not the same text."""
    ours = entry("a", AGENCY)
    theirs = entry(
        "b",
        "In Philadelphia, long queues at precincts in the north of the city: turnout is well "
        "ahead of 2022, officials said, as polls closed in Pennsylvania. Both campaigns spent "
        "more here than in any other state; results are not expected until after midnight.",
    )
    also = entry("c", AGENCY.split(". ")[0] + ". Our reporter is at a precinct in Pittsburgh.")
    assert similarity(shape(ours), shape(theirs)) < 0.25
    assert not same(ours, theirs)
    assert not same(ours, also)  # (one shared sentence out of four)


def test_short_posts_are_the_same_only_word_for_word_and_close_in_time() -> None:
    assert len(["BREAKING:", "Polls", "have", "closed"]) < MIN_WORDS
    a = entry("a", "BREAKING: Polls have closed")
    assert same(a, entry("b", "Breaking — polls have closed!", 10))
    assert not same(a, entry("c", "BREAKING: Polls have closed", 90))  # (an hour later)
    assert not same(a, entry("d", "BREAKING: Polls have opened", 1))
    photo = Media("image", "https://img.example/a.jpg")
    p1, p2 = entry("p", "", 0, media=(photo,)), entry("q", "", 5, media=(photo,))
    assert same(p1, p2)
    assert not same(entry("e", ""), entry("f", ""))  # (nothing to tell them apart by)


def test_posts_are_matched_across_blogs_only() -> None:
    posts = SamePosts()
    assert posts.add("a1", entry("a1", AGENCY), "blog-a") is None
    assert posts.add("a2", entry("a2", AGENCY, 3), "blog-a") is None  # (one blog: two posts)
    assert posts.add("b1", entry("b1", AGENCY, 5), "blog-b") in ("a1", "a2")


def test_the_merged_timeline_names_every_blog_that_carries_a_post() -> None:
    bbc, guardian, reuters = (
        BlogRef("https://bbc.example/live", "bbc"),
        BlogRef("https://guardian.example/live", "guardian"),
        BlogRef("https://reuters.example/live", "reuters"),
    )
    merged = combine(
        [
            (bbc, [entry("b1", AGENCY, 12), entry("b2", "Our own analysis of the night " * 3, 20)]),
            (guardian, [entry("g1", AGENCY, 5)]),
            (reuters, [entry("r1", AGENCY, 1), entry("r2", "Turnout figures by county " * 3, 2)]),
        ]
    )
    assert [(c.entry.id, c.blog.label) for c in merged] == [
        ("b2", "bbc"),
        ("r2", "reuters"),
        ("r1", "reuters"),  # (published first: the post is Reuters', carried by the others)
    ]
    assert merged[2].also_in == (guardian, bbc)
    record = merged[2].to_json({"id": "r1"})
    assert record["blog"] == {"url": reuters.url, "label": "reuters"}
    assert record["also_in"] == [guardian.to_json(), bbc.to_json()]
    assert "also_in" not in merged[0].to_json({})


def test_labels_are_short_and_unique() -> None:
    assert label_of("https://www.bbc.co.uk/news/live/x") == "bbc.co.uk"
    assert label_of("/tmp/pages/storm.html") == "storm.html"
    assert label_of("http://127.0.0.1:8871/live/x") == "127.0.0.1:8871"
    assert labels(
        [
            ("bbc", "https://www.bbc.co.uk/news/live/a"),
            (None, "https://www.theguardian.com/live/a"),
            (None, "https://www.theguardian.com/live/b"),
            (None, "https://www.theguardian.com/live/b?x=1"),
        ]
    ) == ["bbc", "theguardian.com/a", "theguardian.com/b", "theguardian.com/b (2)"]


# -- dump of several sources --------------------------------------------------------------


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(capsys, monkeypatch)


@pytest.fixture
def two_blogs() -> Iterator[tuple[BlogServer, BlogServer]]:
    one, two = BlogServer(title="Harbour live"), BlogServer(title="Harbour live, elsewhere")
    story = "The harbour festival opens tonight with fireworks over the water at ten " * 2
    one.add(headline="Fireworks at ten", body=story, published=BASE_TIME)
    one.add(headline="Road closures", body="The quay road is closed to traffic " * 3)
    two.add(headline="Fireworks at ten", body=story, published=BASE_TIME + timedelta(minutes=4))
    two.add(headline="Ferry times", body="Extra ferries run from the north pier " * 3)
    one.start()
    two.start()
    try:
        yield one, two
    finally:
        one.stop()
        two.stop()


def test_dump_of_two_blogs_prints_each_post_once_naming_both(
    run: Run, two_blogs: tuple[BlogServer, BlogServer]
) -> None:
    one, two = two_blogs
    code, out, err = run("dump", one.url, two.url, "--no-cache")
    assert code == 0, err
    doc = json.loads(out)
    labels_ = [b["label"] for b in doc["blogs"]]
    assert len(set(labels_)) == 2
    titles = [e["title"] for e in doc["entries"]]
    assert sorted(titles) == ["Ferry times", "Fireworks at ten", "Road closures"]
    fireworks = next(e for e in doc["entries"] if e["title"] == "Fireworks at ten")
    assert fireworks["blog"] == {"url": one.url, "label": labels_[0]}  # (published first)
    assert fireworks["also_in"] == [{"url": two.url, "label": labels_[1]}]
    assert all(e["blog"]["url"] in (one.url, two.url) for e in doc["entries"])
    code, out, _ = run("dump", one.url, two.url, "--no-cache", "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3 and all("blog" in line for line in lines)
    code, out, _ = run("dump", one.url, two.url, "--no-cache", "--format", "text")
    assert f"(also in {labels_[1]})" in out


def test_dump_of_two_copies_of_one_blog_gives_each_post_once(
    run: Run, tmp_path: Path, two_blogs: tuple[BlogServer, BlogServer]
) -> None:
    one, _ = two_blogs
    code, page, _ = run("dump", one.url, "--no-cache", "--format", "json")
    import httpx

    raw = httpx.get(one.url).content
    (tmp_path / "a.html").write_bytes(raw)
    (tmp_path / "b.html").write_bytes(raw)
    code, out, err = run("dump", tmp_path / "a.html", tmp_path / "b.html")
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["entries"]) == len(json.loads(page)["entries"]) == 2
    assert all(
        e["also_in"] == [{"url": str(tmp_path / "b.html"), "label": "b.html"}]
        for e in doc["entries"]
    )
    # the same address twice is one source
    code, out, _ = run("dump", one.url, one.url, "--no-cache")
    assert "blogs" not in json.loads(out) and len(json.loads(out)["entries"]) == 2


def test_a_saved_group_is_its_blogs_and_a_blog_that_fails_is_left_out(
    run: Run, two_blogs: tuple[BlogServer, BlogServer], tmp_path: Path
) -> None:
    from tui_liveblog.config import config_path

    one, two = two_blogs
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[blogs]\nfest = "{one.url}"\nother = "{two.url}"\n[groups]\nharbour = ["fest", "other"]\n'
    )
    code, out, err = run("dump", "harbour", "--no-cache")
    assert code == 0, err
    doc = json.loads(out)
    assert [b["label"] for b in doc["blogs"]] == ["fest", "other"]
    two.stop()
    # (a deadline shorter than the retries of a refused connection: the same failure, sooner)
    code, out, err = run("dump", "harbour", "--no-cache", "--deadline", "2")
    assert code == 1
    assert "other:" in err and "Traceback" not in err
    assert {e["blog"]["label"] for e in json.loads(out)["entries"]} == {"fest"}


# -- follow of several sources --------------------------------------------------------------


def test_follow_of_two_blogs_prints_each_post_once_then_what_arrives(
    two_blogs: tuple[BlogServer, BlogServer],
) -> None:
    from .test_cli import Follow, wait_until

    one, two = two_blogs
    f = Follow(one.url, two.url, "--interval", "1", "--format", "jsonl", "--no-cache")
    try:
        first = f.wait_records(3)
        assert sorted(r["title"] for r in first) == [
            "Ferry times",
            "Fireworks at ten",
            "Road closures",
        ]
        fireworks = next(r for r in first if r["title"] == "Fireworks at ten")
        assert fireworks["blog"]["url"] == one.url
        assert [b["url"] for b in fireworks["also_in"]] == [two.url]
        # a new post in one blog, then the same post in the other: once, then "also in"
        story = "Lifeboat crews were called to the outer harbour after a yacht ran aground "
        one.add(headline="Yacht aground", body=story * 2)
        records = f.wait_records(4)
        assert records[3]["title"] == "Yacht aground" and "also_in" not in records[3]
        two.add(headline="Yacht aground off the pier", body=story * 2)
        records = f.wait_records(5)
        assert records[4]["id"] == records[3]["id"]
        assert records[4]["blog"]["url"] == one.url
        assert [b["url"] for b in records[4]["also_in"]] == [two.url]
        wait_until(lambda: one.seen.not_modified >= 1 and two.seen.not_modified >= 1, "304s")
        code, err = f.interrupt()
        assert code == 0 and err == ""
        assert len(f.records()) == 5  # (nothing printed twice beyond that)
    finally:
        f.kill()


def test_follow_of_several_goes_on_when_one_blog_is_down(
    two_blogs: tuple[BlogServer, BlogServer],
) -> None:
    from .test_cli import Follow, wait_until

    one, two = two_blogs
    two.status = 503
    f = Follow(one.url, two.url, "--interval", "1", "--format", "jsonl", "--no-cache")
    try:
        assert {r["title"] for r in f.wait_records(2)} == {"Fireworks at ten", "Road closures"}
        wait_until(lambda: any("retrying" in line for line in f.err), "the error, on stderr")
        assert all(line.startswith("liveblog: 127.0.0.1") for line in f.err)  # (its label)
        one.add(headline="Rain stops play", body="Showers have paused the regatta " * 3)
        assert f.wait_records(3)[2]["title"] == "Rain stops play"
        code, _ = f.interrupt()
        assert code == 0
    finally:
        f.kill()


def test_the_reader_of_several_sources_refuses_stdin_and_a_pipe(run: Run) -> None:
    """The reader opens several sources as one timeline (tests/test_feed_group.py); stdin is
    not one of them, and without a terminal it says to use dump or follow."""
    code, _, err = run("https://a.example/live", "-")
    assert code == 2 and "stdin" in err
    code, _, err = run("https://a.example/live", "https://b.example/live")
    assert code == 2 and "needs a terminal" in err and "dump SOURCE SOURCE" in err


def test_follow_reprints_a_post_under_the_blog_that_published_it_first() -> None:
    """A copy printed first (its blog answered first); the original, published earlier, comes
    next: the post is printed again, as its first publisher's, the other in also_in; then its
    edits are the first publisher's, and the copy's are not printed."""
    import io

    from tui_liveblog.cli.follow_several import SeveralPrinter
    from tui_liveblog.model import Changes

    class Printer:
        fmt, tz = "jsonl", None

        def __init__(self) -> None:
            self.out = io.StringIO()

        def match(self, entry: Entry) -> bool:
            return True

    printer = Printer()
    several = SeveralPrinter(printer)
    a, b = BlogRef("https://a.example/", "a"), BlogRef("https://b.example/", "b")
    several.changes(b, Changes(new=(entry("c", AGENCY, 9),)))
    several.changes(a, Changes(new=(entry("o", AGENCY, 2),)))
    several.changes(a, Changes(edited=(entry("o", AGENCY + " Updated.", 2),)))
    several.changes(b, Changes(edited=(entry("c", "Changed copy text here", 9),)))
    lines = [json.loads(line) for line in printer.out.getvalue().splitlines()]
    assert [
        (r["id"], r["blog"]["label"], [x["label"] for x in r.get("also_in", [])]) for r in lines
    ] == [
        ("c", "b", []),
        ("o", "a", ["b"]),
        ("o", "a", ["b"]),
    ]
    assert lines[2]["text"].endswith("Updated.")
