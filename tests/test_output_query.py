from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tui_liveblog import output
from tui_liveblog.content import parse_html
from tui_liveblog.model import Blog, Entry, Media
from tui_liveblog.query import filter_words, parse_since, select

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BLOG = Blog(url="https://example.org/live", title="Storm [live]", source="jsonld", live=True)


def _entry(
    n: int, minutes: int | None, title: str | None = None, text: str = "", **kw: object
) -> Entry:
    published = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Entry(id=f"e{n}", published=published, title=title, text=text, **kw)  # type: ignore[arg-type]


ENTRIES = [
    _entry(1, 0, "Harbour closed", "Ferries stop at noon", authors=("Ana Ruiz",)),
    _entry(2, 10, None, "Power cut in the north"),
    _entry(3, None, "Undated note", "Background"),
    _entry(4, 5, "Schools shut", "The harbour school too", key_event=True),
]


def test_select_orders_newest_first_with_undated_last() -> None:
    assert [e.id for e in select(ENTRIES)] == ["e2", "e4", "e1", "e3"]


def test_select_filter_words_all_must_match_case_insensitive() -> None:
    assert [e.id for e in select(ENTRIES, words=filter_words("HARBOUR"))] == ["e4", "e1"]
    assert [e.id for e in select(ENTRIES, words=filter_words("harbour ferries"))] == ["e1"]
    assert [e.id for e in select(ENTRIES, words=filter_words("ruiz"))] == ["e1"]


def test_select_filter_words_ignore_accents_and_compatibility_forms() -> None:
    entries = [
        _entry(1, 0, "Café reopens", "ﬁnal call at the Straße", authors=("Tomás Ruiz",)),
        _entry(2, 10, None, "Cafe closed, don’t go"),
    ]
    assert [e.id for e in select(entries, words=filter_words("tomas"))] == ["e1"]
    assert [e.id for e in select(entries, words=filter_words("cafe"))] == ["e2", "e1"]
    assert [e.id for e in select(entries, words=filter_words("CAFÉ"))] == ["e2", "e1"]
    assert [e.id for e in select(entries, words=filter_words("final strasse"))] == ["e1"]
    assert [e.id for e in select(entries, words=filter_words("don't"))] == ["e2"]


def test_select_limit_then_oldest_first() -> None:
    assert [e.id for e in select(ENTRIES, limit=2)] == ["e2", "e4"]
    assert [e.id for e in select(ENTRIES, limit=2, oldest_first=True)] == ["e4", "e2"]
    assert [e.id for e in select(ENTRIES, oldest_first=True)] == ["e1", "e4", "e2", "e3"]


def test_since_duration_and_iso() -> None:
    now = T0 + timedelta(minutes=12)
    assert parse_since("7m", now) == T0 + timedelta(minutes=5)
    assert parse_since("2h", now) == now - timedelta(hours=2)
    assert parse_since("2026-11-24T12:05:00Z") == T0 + timedelta(minutes=5)
    since = parse_since("7m", now)
    assert [e.id for e in select(ENTRIES, since=since)] == ["e2", "e4"]
    with pytest.raises(ValueError, match="duration"):
        parse_since("yesterday-ish")


def test_json_contract_shape() -> None:
    doc = json.loads(output.to_json(BLOG, select(ENTRIES), T0))
    assert doc["blog"] == {
        "url": "https://example.org/live",
        "title": "Storm [live]",
        "source": "jsonld",
        "live": True,
        "fetched_at": "2026-11-24T12:00:00+00:00",
    }
    first = doc["entries"][0]
    assert set(first) == {
        "id", "published", "updated", "authors", "title", "text", "url", "links", "media",
        "pinned", "key_event", "deleted",
    }  # fmt: skip
    assert first["published"] == "2026-11-24T12:10:00+00:00"
    lines = output.to_jsonl(select(ENTRIES)).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["e2", "e4", "e1", "e3"]


def test_markdown_and_text_render_body_and_flags() -> None:
    parsed = parse_html(
        '<h2>Update</h2><p>See <a href="https://example.org/m">the *map*</a></p>'
        '<ul><li>one</li></ul><blockquote>calm</blockquote><img src="https://example.org/i.jpg" alt="pic">'
    )
    entry = Entry(
        id="x", published=T0, title="Big [news]", body=parsed.body, text=parsed.text,
        media=(Media("image", "https://example.org/i.jpg"),), pinned=True, authors=("Bo",),
    )  # fmt: skip
    md = output.to_markdown(BLOG, [entry], UTC)
    assert "## 2026-11-24 12:00 UTC — Big \\[news\\]" in md
    assert "[the \\*map\\*](<https://example.org/m>)" in md
    assert "- one" in md and "> calm" in md and "![pic](<https://example.org/i.jpg>)" in md
    assert "*by Bo · pinned*" in md
    text = output.to_text(BLOG, [entry], UTC)
    assert "2026-11-24 12:00 UTC · Bo · [pinned]" in text
    assert "(image: https://example.org/i.jpg)" in text
