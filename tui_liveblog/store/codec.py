"""How the cache encodes what it stores: blog URLs normalised for keys, times as text, orjson
records, and each entry's content hash (:class:`_Row`). Used by :mod:`.cache` and :mod:`.write`."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from tui_liveblog.model import Entry
from tui_liveblog.serialize import entry_to_record
from tui_liveblog.store.peek import normalize_url as normalize_url

_PINNED, _KEY_EVENT, _DELETED = 1, 2, 4


def _time_text(dt: datetime | None) -> str | None:
    return None if dt is None else dt.astimezone(UTC).isoformat()


def _time_value(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _scrub(value: Any) -> Any:
    """Replace lone surrogates (which orjson refuses) in a record's strings."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value


def _dumps(value: Any, option: int = 0) -> bytes:
    try:
        return orjson.dumps(value, option=option)
    except TypeError:
        return orjson.dumps(_scrub(value), option=option)


def _flags(entry: Entry) -> int:
    return (
        (_PINNED if entry.pinned else 0)
        | (_KEY_EVENT if entry.key_event else 0)
        | (_DELETED if entry.deleted else 0)
    )


def record_digest(record: bytes) -> bytes:
    """An entry's content hash: of its record (times, authors, title, text, links, media,
    flags), not of its body's form. A body kept as markup or as blocks reads the same, and a
    change that shows in no field (bold made plain) is no edit."""
    return hashlib.blake2b(record, digest_size=16).digest()


class _Row(NamedTuple):
    """An entry, its content hash and (once needed) its serialised forms."""

    entry: Entry
    digest: bytes
    record: bytes = b""  # empty until serialised: see full()
    body: bytes = b""

    @staticmethod
    def of(entry: Entry) -> _Row:
        rec = entry_to_record(entry)
        body = _dumps(rec.pop("body"))
        record = _dumps(rec)
        return _Row(entry, record_digest(record), record, body)

    def full(self) -> _Row:
        return self if self.record else _Row.of(self.entry)

    def columns(self) -> tuple[int | None, int, bytes, bytes]:
        """``published``, ``flags``, ``hash``, ``record``: the entries table's own columns."""
        published = self.entry.published
        return (
            None if published is None else int(published.timestamp()),
            _flags(self.entry),
            self.digest,
            self.record,
        )
