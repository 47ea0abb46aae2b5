"""The newest entries of a cached blog, read with ``sqlite3`` alone.

The reader's first screen (:mod:`tui_liveblog.prepaint`) is drawn before anything heavy is
imported: no model, no records turned into entries, no merge rule (:mod:`.cache` and what
it imports take longer to import than this takes to run). Also home to what both need: the
cache file's name and place, and how a blog's URL becomes its key.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

APP_NAME = "tui-liveblog"
FILE_NAME = "cache-v1.sqlite3"
_VERSIONS = (2, 3, 4, 5)  # the schema versions whose records this reads (schema.SCHEMA_VERSION)


def default_path() -> Path:
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME) / FILE_NAME


def normalize_url(url: str) -> str:
    """The form a blog URL is keyed by: scheme and host lower-cased, default port and
    fragment dropped, an empty path made ``/``. Anything that is not an http(s) URL (the demo's
    fixed name) is only stripped of surrounding whitespace."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return text
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != (80 if scheme == "http" else 443):
        netloc = f"{netloc}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        netloc = f"{userinfo}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def blog_key(url: str) -> str:
    """The key a blog is cached under: SHA-256 (hex) of :func:`normalize_url`."""
    return _sha256_hex(normalize_url(url).encode("utf-8", "surrogatepass"))


def _sha256_hex(data: bytes) -> str:
    # CPython's own SHA-256 when it has one (importing hashlib loads OpenSSL: ~6 ms, before
    # the first screen); the same digest either way
    for name in ("_sha256", "_sha2"):  # (3.11; 3.12 and later)
        try:
            module: Any = import_module(name)
        except ImportError:
            continue
        return str(module.sha256(data).hexdigest())
    import hashlib

    return hashlib.sha256(data).hexdigest()


class Card(NamedTuple):
    """What a timeline card shows of an entry."""

    id: str
    published: datetime | None
    authors: tuple[str, ...]
    title: str | None
    text: str
    unread: bool
    badges: tuple[str, ...] = ()  # of "pinned", "key_event", "edited", "media", "deleted"


class Peek(NamedTuple):
    title: str
    entries: int  # how many the cache holds
    cards: list[Card]  # the newest, newest first
    live: bool | None = None  # the blog's own word on it (None: it does not say)
    fetched_at: datetime | None = None  # the last refresh
    compact: bool = False  # the reader's kept view is the compact one (one line per entry)
    unread: int = 0  # how many of its entries are unread
    place: tuple[str, int] | None = None  # the reader's kept place: entry id, screen row
    pinned: tuple[str, ...] = ()  # the pinned strip's labels (ui.widgets.pinned)
    # the kept place's whereabouts, when the reader reopens there (not on the newest): cards[0]
    # is the entry at index ``first`` (newest first), the kept one is at ``place_index``; the
    # reader's first frame holds ``loaded`` entries; ``unread_above``: the indices of the
    # unread entries above the kept one (the banner counts those out of view)
    first: int = 0
    place_index: int | None = None
    loaded: int = 0
    unread_above: tuple[int, ...] = ()
    # the filter the reader keeps for this blog (it reopens filtered: issue 14), and how many of
    # the entries its first frame holds pass it; the cards, indices and counts above are then
    # those of the entries that pass
    filter: str | None = None
    matching: int | None = None


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _card(rec: dict[str, Any], unread: bool) -> Card:
    when = _when(rec.get("published"))
    authors = rec.get("authors")
    title = rec.get("title")
    return Card(
        str(rec.get("id", "")),
        when,
        tuple(a for a in authors if isinstance(a, str)) if isinstance(authors, list) else (),
        title if isinstance(title, str) else None,
        str(rec.get("text") or ""),
        unread,
        _badges(rec),
    )


# a card's badges, in the order the reader shows them (ui.entry_lines._badges)
def _badges(rec: dict[str, Any]) -> tuple[str, ...]:
    found = (
        ("pinned", bool(rec.get("pinned"))),
        ("key_event", bool(rec.get("key_event"))),
        ("edited", rec.get("updated") is not None),
        ("media", bool(rec.get("media"))),
        ("deleted", bool(rec.get("deleted"))),
    )
    return tuple(name for name, shown in found if shown)


def _kept_view(conn: sqlite3.Connection) -> object:
    import json

    row = conn.execute("SELECT value FROM settings WHERE name = 'view'").fetchone()
    try:
        return json.loads(row[0]) if row else None
    except ValueError:
        return None


_PINNED, _DELETED = 1, 4  # (store.codec's flags)
MAX_PINNED = 2  # (ui.widgets.pinned.MAX_PINNED)


def _pinned(conn: sqlite3.Connection, blog_id: int, json: Any, within: int) -> tuple[str, ...]:
    """The labels of the pinned strip: the newest pinned entries (not deleted) among the newest
    ``within``, each its title or the first line of its text."""
    rows = conn.execute(
        "SELECT record FROM (SELECT record, flags, published, seq FROM entries WHERE blog = ?"
        " ORDER BY published DESC, seq LIMIT ?) WHERE flags & ? = ?"
        " ORDER BY published DESC, seq LIMIT ?",
        (blog_id, max(within, 0), _PINNED | _DELETED, _PINNED, MAX_PINNED),
    ).fetchall()
    labels = []
    for (record,) in rows:
        rec = json.loads(record)
        title, text = rec.get("title"), rec.get("text")
        label = title or (text.split("\n", 1)[0] if isinstance(text, str) else "")
        labels.append(str(label or ""))
    return tuple(labels)


def _kept_filter(conn: sqlite3.Connection, blog_id: int) -> str | None:
    """The filter the reader keeps for this blog (it opens filtered), or None."""
    import json

    row = conn.execute("SELECT state FROM reader_state WHERE blog = ?", (blog_id,)).fetchone()
    if row is None:
        return None
    try:
        state = json.loads(row[0])
    except ValueError:
        return None
    kept = state.get("filter") if isinstance(state, dict) else None
    return kept if isinstance(kept, str) and kept.strip() else None


def _passing(
    conn: sqlite3.Connection, blog_id: int, text: str, within: int, json: Any
) -> list[tuple[Card, dict[str, Any]]] | None:
    """The cards among the newest ``within`` that the kept filter ``text`` lets through, with
    their records; None when it filters nothing (the reader then applies none)."""
    from tui_liveblog.filter_query import matches, parse_filter

    query = parse_filter(text)
    if not query:
        return None
    passing = []
    for record, unread in conn.execute(
        "SELECT record, unread FROM entries WHERE blog = ? ORDER BY published DESC, seq LIMIT ?",
        (blog_id, max(within, 0)),
    ):
        rec = json.loads(record)
        card = _card(rec, bool(unread))
        if matches(query, card):  # type: ignore[arg-type]  # (its title, text and authors)
            passing.append((card, rec))
    return passing


def _place(conn: sqlite3.Connection, blog_id: int, json: Any) -> tuple[str, int] | None:
    """The place the reader kept in this blog (``reader_state``'s ``place``: the selected
    entry and its card's row on screen), or None."""
    row = conn.execute("SELECT state FROM reader_state WHERE blog = ?", (blog_id,)).fetchone()
    state = json.loads(row[0]) if row else None
    place = state.get("place") if isinstance(state, dict) else None
    if not isinstance(place, dict):
        return None
    entry, top = place.get("id"), place.get("row")
    if not isinstance(entry, str) or not isinstance(top, int) or isinstance(top, bool):
        return None
    return entry, top


class _Around(NamedTuple):
    first: int  # the index of the first card to read
    place_index: int  # the kept entry's
    unread_above: tuple[int, ...]


def _around(
    conn: sqlite3.Connection, blog_id: int, entry_id: str, limit: int, within: int
) -> _Around | None:
    """Where the kept entry is among the newest ``within`` (None: not there), and the index
    of the first of the ``2 * limit + 1`` cards around it (what any screen shows of it)."""
    rows = conn.execute(
        "SELECT id, unread FROM entries WHERE blog = ? ORDER BY published DESC, seq LIMIT ?",
        (blog_id, max(within, 0)),
    ).fetchall()
    for index, (found, _) in enumerate(rows):
        if found == entry_id:
            above = tuple(i for i, (_, unread) in enumerate(rows[:index]) if unread)
            return _Around(max(0, index - limit), index, above)
    return None


def _around_in(cards: list[Card], entry_id: str, limit: int) -> _Around | None:
    """As :func:`_around`, among the cards the kept filter lets through."""
    for index, card in enumerate(cards):
        if card.id == entry_id:
            above = tuple(i for i, c in enumerate(cards[:index]) if c.unread)
            return _Around(max(0, index - limit), index, above)
    return None


def newest(
    path: Path,
    url: str,
    limit: int,
    compact_limit: int | None = None,
    pinned_within: int = 300,
) -> Peek | None:
    """The blog's title, entry count and newest ``limit`` cards (``compact_limit`` when the
    reader's kept view is the compact one), and the pinned entries among the newest
    ``pinned_within`` (what the reader's first frame has: ui.reader_contents.FIRST_SCREEN);
    None when the file or the blog is not there (or the file cannot be read: the reader will
    say why).

    A place kept below the newest card (issue 14): the cards are those around the kept entry
    (``limit`` each side), when it is among the newest ``pinned_within``, which the reader's
    first frame holds. Past those, the reader finds it only in the whole history, and its first
    frame is not yet the kept place: None."""
    if not path.is_file():
        return None
    import json  # (a screenful of small records: orjson's import costs more than it saves)

    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version not in _VERSIONS:  # (a file the store will upgrade or set aside: not read)
            return None
        row = conn.execute(
            "SELECT id, blog, fetched_at FROM blogs WHERE key = ?", (blog_key(url),)
        ).fetchone()
        if row is None:
            return None
        blog_id, blog, fetched = row
        compact = version >= 3 and _kept_view(conn) == "compact"  # (ui.app.VIEW_SETTING)
        if compact and compact_limit is not None:
            limit = compact_limit
        (count,) = conn.execute(
            "SELECT count(*) FROM entries WHERE blog = ?", (blog_id,)
        ).fetchone()
        kept = _kept_filter(conn, blog_id) if version >= 3 else None
        passing = None if kept is None else _passing(conn, blog_id, kept, pinned_within, json)
        place = _place(conn, blog_id, json) if version >= 3 else None
        around = None
        if place is not None:
            if passing is None:
                around = _around(conn, blog_id, place[0], limit, pinned_within)
            else:
                around = _around_in([c for c, _ in passing], place[0], limit)
            if around is None and count > pinned_within:
                return None  # (looked for in the whole history: not the first frame)
        first = around.first if around is not None else 0
        size = max(limit, 0) if around is None else 2 * max(limit, 0) + 1
        if passing is not None:
            cards = [card for card, _ in passing[first : first + size]]
        else:
            records = conn.execute(
                "SELECT record, unread FROM entries WHERE blog = ?"
                " ORDER BY published DESC, seq LIMIT ? OFFSET ?",
                (blog_id, size, first),
            ).fetchall()
            cards = [_card(json.loads(r), bool(flag)) for r, flag in records]
        (unread,) = conn.execute(
            "SELECT count(*) FROM entries INDEXED BY entries_unread WHERE blog = ? AND unread = 1",
            (blog_id,),
        ).fetchone()
        pinned = _pinned(conn, blog_id, json, pinned_within)
        record = json.loads(blog)
        title = record.get("title") or url
        live = record.get("live")
        return Peek(
            str(title),
            int(count),
            cards,
            live if isinstance(live, bool) else None,
            _when(fetched),
            compact,
            int(unread),
            place,
            pinned,
            first,
            None if around is None else around.place_index,
            min(int(count), pinned_within) if passing is None else len(passing),
            () if around is None else around.unread_above,
            None if passing is None else kept,
            None if passing is None else len(passing),
        )
    except (sqlite3.Error, ValueError, AttributeError, TypeError):
        return None
    finally:
        conn.close()
