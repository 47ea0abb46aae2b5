"""Property: every parser, given arbitrary bytes, mutated fixtures, mutated corpus documents or
fields of the wrong JSON type, gives entries or a LiveblogError, never another exception; and
whatever it gives holds no control character, escape sequence or bidi control, and no link
but http, https or mailto, in every field and in every output format (issue 18).

The normal run is derandomized (the same examples every time); ``pytest -m soak`` runs the
long variants with random examples. See tests/property_support.py for the mutations and checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPUS, FIXTURES, needs_corpus
from tests.property_support import (
    HEADERS,
    HOSTILE_DATES,
    HOSTILE_MARKUP,
    HOSTILE_NESTING,
    HOSTILE_TEXT,
    KINDS,
    REGISTRY,
    check_clean,
    check_detection,
    check_outputs,
    examples,
    mutated,
    parse_checked,
    urls_for,
)
from tui_liveblog.dates import parse_any, parse_epoch, parse_iso, parse_net_date, parse_rfc822
from tui_liveblog.model import Snapshot

soak = pytest.mark.soak

# -- seeds: the repository's own fixtures, by the source that reads them -----------------------

_FIXTURE_DIRS = {
    "guardian": ("guardian",),
    "reddit": ("reddit",),
    "scribblelive": ("scribblelive",),
    "sourcefabric": ("sourcefabric",),
    "wordpress": ("wordpress",),
    "jsonld": ("jsonld",),
    "feed": ("feed",),
    "html": ("html", "cli"),
    "text": ("text",),
}


def _read(paths: list[Path]) -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in sorted(paths) if p.is_file())


SEEDS: dict[str, tuple[bytes, ...]] = {
    kind: _read([p for d in dirs for p in (FIXTURES / d).iterdir()])
    for kind, dirs in _FIXTURE_DIRS.items()
}
ALL_SEEDS = tuple(s for seeds in SEEDS.values() for s in seeds)
# the companion documents some sources read with a full refresh
EXTRAS: dict[str, dict[str, bytes]] = {
    "reddit": {"about": (FIXTURES / "reddit/about-complete.json").read_bytes()},
    "sourcefabric": {
        "blog": (FIXTURES / "sourcefabric/blog.json").read_bytes(),
        "sticky": (FIXTURES / "sourcefabric/v2-sticky.json").read_bytes(),
    },
}


def test_every_registered_source_has_seeds() -> None:
    assert set(SEEDS) == set(KINDS)
    assert all(SEEDS.values())


def _kinds(kind: str) -> st.SearchStrategy[str | None]:
    """The source asked for (``--source KIND``), or none: detected."""
    return st.sampled_from((kind, None))


# -- arbitrary bytes ---------------------------------------------------------------------------

_PREFIXES = (b"", b"{", b'{"', b"[", b"<", b"<?xml", b"<rss><channel><item>", b"<html><body>")


def _arbitrary(kind: str | None) -> st.SearchStrategy[bytes]:
    seeds = SEEDS[kind] if kind else ALL_SEEDS
    heads = st.builds(
        lambda seed, n: seed[:n], st.sampled_from(seeds), st.integers(0, 2_000)
    ) | st.sampled_from(_PREFIXES)
    return st.binary(max_size=2_000) | st.builds(
        lambda head, tail: head + tail, heads, st.binary(max_size=500)
    )


def _bytes_case(kind: str | None, data: st.DataObject) -> None:
    raw = data.draw(_arbitrary(kind), label="data")
    url = data.draw(st.sampled_from(urls_for(kind)), label="url")
    headers = data.draw(st.sampled_from(HEADERS), label="headers")
    parse_checked(raw, url, kind, headers)
    check_detection(raw, url, headers)


_BYTES, _BYTES_SOAK = examples(100)


@pytest.mark.parametrize("kind", [*KINDS, None])
@_BYTES
@given(data=st.data())
def test_arbitrary_bytes(kind: str | None, data: st.DataObject) -> None:
    _bytes_case(kind, data)


@soak
@pytest.mark.parametrize("kind", [*KINDS, None])
@_BYTES_SOAK
@given(data=st.data())
def test_arbitrary_bytes_soak(kind: str | None, data: st.DataObject) -> None:
    _bytes_case(kind, data)


# -- mutated fixtures (in every clone) ---------------------------------------------------------


def _fixture_case(kind: str, data: st.DataObject) -> None:
    raw = data.draw(mutated(SEEDS[kind]), label="data")
    asked = data.draw(_kinds(kind), label="kind")
    url = data.draw(st.sampled_from(urls_for(kind)), label="url")
    headers = data.draw(st.sampled_from(HEADERS[:3]), label="headers")
    extras = None
    if kind in EXTRAS and data.draw(st.booleans(), label="with extras"):
        extras = {
            name: data.draw(st.just(seed) | mutated((seed,), max_ops=2), label=name)
            for name, seed in EXTRAS[kind].items()
        }
    parse_checked(raw, url, asked, headers, extras)
    check_detection(raw, url, headers)


_FIXTURES, _FIXTURES_SOAK = examples(100)


@pytest.mark.parametrize("kind", KINDS)
@_FIXTURES
@given(data=st.data())
def test_mutated_fixtures(kind: str, data: st.DataObject) -> None:
    _fixture_case(kind, data)


@soak
@pytest.mark.parametrize("kind", KINDS)
@_FIXTURES_SOAK
@given(data=st.data())
def test_mutated_fixtures_soak(kind: str, data: st.DataObject) -> None:
    _fixture_case(kind, data)


# -- wrong JSON types (and hostile values) in every field -------------------------------------

_JSON_KINDS = ("guardian", "reddit", "scribblelive", "sourcefabric", "wordpress", "jsonld")
_LD_SCRIPT = re.compile(
    rb"(<script[^>]*application/ld\+json[^>]*>)(.*?)(</script>)", re.DOTALL | re.IGNORECASE
)
_STRINGS = st.sampled_from(
    (*HOSTILE_TEXT, *HOSTILE_MARKUP, *(n[:200] for n in HOSTILE_NESTING), "", " ", "x")
) | st.text(max_size=40)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from((10**30, -(10**30), 2**63, 2**64, -(2**63) - 1, 10**400))
    | st.floats(allow_nan=False, allow_infinity=False)
    | _STRINGS
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(("@type", "id", "url", "text", "body", "html", "x")),
            children,
            max_size=3,
        )
    ),
    max_leaves=8,
)


Path_ = tuple[str | int, ...]


def _paths(value: object, at: Path_ = ()) -> list[Path_]:
    """Every node's path in a JSON value (the top one's is ``()``)."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found += _paths(item, (*at, n))
    return found


@dataclass(frozen=True)
class JsonSeed:
    """A JSON document (or a page's JSON-LD script: ``before`` and ``after`` are the page
    around it) and the paths of its nodes."""

    before: bytes
    value: object
    after: bytes
    paths: tuple[Path_, ...]

    def __repr__(self) -> str:
        return f"JsonSeed({self.before[:40]!r}…, {len(self.paths)} nodes)"


def _json_seeds(raw: bytes) -> list[JsonSeed]:
    try:
        value = json.loads(raw)
    except ValueError:
        pass
    else:
        return [JsonSeed(b"", value, b"", tuple(_paths(value)))]
    seeds = []
    for m in _LD_SCRIPT.finditer(raw):
        try:
            value = json.loads(m.group(2))
        except ValueError:
            continue
        seeds.append(JsonSeed(raw[: m.end(1)], value, raw[m.start(3) :], tuple(_paths(value))))
    return seeds


JSON_SEEDS: dict[str, tuple[JsonSeed, ...]] = {
    kind: tuple(s for raw in SEEDS[kind] for s in _json_seeds(raw)) for kind in _JSON_KINDS
}


def _replaced(value: object, path: Path_, new: object) -> object:
    """``value`` with the node at ``path`` replaced by ``new`` (``value`` is left as it was)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and head in value:
        return {**value, head: _replaced(value[head], rest, new)}
    if isinstance(value, list) and isinstance(head, int) and head < len(value):
        return [*value[:head], _replaced(value[head], rest, new), *value[head + 1 :]]
    return value  # (an earlier change removed that node)


def _json_case(kind: str, data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(JSON_SEEDS[kind]), label="seed")
    value = seed.value
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        path = data.draw(st.sampled_from(seed.paths), label="path")
        value = _replaced(value, path, data.draw(_VALUES, label="value"))
    text = json.dumps(value, ensure_ascii=data.draw(st.booleans(), label="ascii"))
    raw = seed.before + text.encode("utf-8", "surrogatepass") + seed.after
    url = data.draw(st.sampled_from(urls_for(kind)), label="url")
    parse_checked(raw, url, data.draw(_kinds(kind), label="kind"))


_JSON, _JSON_SOAK = examples(100)


def test_every_json_source_has_json_seeds() -> None:
    assert all(JSON_SEEDS[kind] for kind in _JSON_KINDS)


@pytest.mark.parametrize("kind", _JSON_KINDS)
@_JSON
@given(data=st.data())
def test_wrong_json_types(kind: str, data: st.DataObject) -> None:
    _json_case(kind, data)


@soak
@pytest.mark.parametrize("kind", _JSON_KINDS)
@_JSON_SOAK
@given(data=st.data())
def test_wrong_json_types_soak(kind: str, data: st.DataObject) -> None:
    _json_case(kind, data)


# -- mutated corpus documents (read in place; skipped in a lone clone) -------------------------

# corpus folder → the source that reads it (None: detected; tickaroo has no source)
_CORPUS_DIRS = {
    "guardian-capi": "guardian",
    "jsonld-html": "jsonld",
    "reddit-live": "reddit",
    "scribblelive": "scribblelive",
    "sourcefabric-liveblog": "sourcefabric",
    "tickaroo": None,
}
_CORPUS_MAX = 400_000  # bytes: the bigger pages (up to 1.3 MB) only in the soak run


def _corpus(folder: str, limit: int | None) -> tuple[bytes, ...]:
    files = [p for p in sorted((CORPUS / folder).iterdir()) if p.is_file()]
    seeds = tuple(p.read_bytes() for p in files if limit is None or p.stat().st_size <= limit)
    assert seeds, folder
    return seeds


def _corpus_case(folder: str, seeds: tuple[bytes, ...], data: st.DataObject) -> None:
    kind = _CORPUS_DIRS[folder]
    raw = data.draw(mutated(seeds), label="data")
    asked = data.draw(_kinds(kind), label="kind") if kind else None
    url = data.draw(st.sampled_from(urls_for(kind)), label="url")
    parse_checked(raw, url, asked)


_CORPUS, _CORPUS_SOAK = examples(25, soak=2_000)


@needs_corpus
@pytest.mark.parametrize("folder", sorted(_CORPUS_DIRS))
def test_mutated_corpus(folder: str) -> None:
    seeds = _corpus(folder, _CORPUS_MAX)

    @_CORPUS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _corpus_case(folder, seeds, data)

    run()


@soak
@needs_corpus
@pytest.mark.parametrize("folder", sorted(_CORPUS_DIRS))
def test_mutated_corpus_soak(folder: str) -> None:
    seeds = _corpus(folder, None)

    @_CORPUS_SOAK
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _corpus_case(folder, seeds, data)

    run()


# -- dates: every source reads them with tui_liveblog.dates ------------------------------------

_NUMBER = st.integers(-(10**25), 10**25) | st.integers(0, 99)
_ZONE = st.sampled_from(["", "Z", "+00:00", "-23:59", "+2359", "+99:99", " GMT", " EST", " +9999"])
_MONTH = st.sampled_from(["Jan", "feb", "March", "Sept", "Foo", "12"])
DATE_TEXT = st.one_of(
    st.builds(
        "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}".format,
        _NUMBER, _NUMBER, _NUMBER, _NUMBER, _NUMBER, _NUMBER, _ZONE,
    ),
    st.builds(
        "Tue, {} {} {} {}:{}:{}{}".format,
        _NUMBER, _MONTH, _NUMBER, _NUMBER, _NUMBER, _NUMBER, _ZONE,
    ),
    st.builds("Mon {} {} {} 10:00:00 GMT{:+05d}".format, _MONTH, _NUMBER, _NUMBER, _NUMBER),
    st.builds("/Date({}{:+05d})/".format, _NUMBER, _NUMBER),
    st.sampled_from([d.decode() for d in HOSTILE_DATES]),
    st.text(max_size=40),
)  # fmt: skip
DATE_VALUES = DATE_TEXT | _NUMBER | st.floats() | st.none() | st.booleans()


def _date_case(value: Any) -> None:
    readers: list[Callable[[Any], datetime | None]] = [parse_any, parse_epoch]
    if isinstance(value, str) or value is None:
        readers += [parse_iso, parse_rfc822, parse_net_date]
    for read in readers:
        dt = read(value)
        if dt is not None:
            assert dt.utcoffset() == timedelta(0) and 1970 <= dt.year <= 2200, (read, value, dt)


_DATES, _DATES_SOAK = examples(200, soak=50_000)


@_DATES
@given(DATE_VALUES)
def test_dates(value: object) -> None:
    _date_case(value)


@soak
@_DATES_SOAK
@given(DATE_VALUES)
def test_dates_soak(value: object) -> None:
    _date_case(value)


# -- a document read from a file: named by its file name ---------------------------------------

# documents that name no title: the blog is named by its file
_UNTITLED = (
    b'<rss version="2.0"><channel><item><title>a</title><guid>1</guid>'
    b"<pubDate>Tue, 05 Mar 2030 19:30:00 +0000</pubDate></item></channel></rss>",
    b'<script type="application/ld+json">{"@type":"LiveBlogPosting","liveBlogUpdate":'
    b'[{"@type":"BlogPosting","headline":"x","datePublished":"2031-03-04T10:00:00Z"}]}</script>',
)
_NAME_PARTS = st.sampled_from([t for t in HOSTILE_TEXT if "/" not in t and "\\" not in t])
FILE_PATHS = st.builds(
    "/tmp/{}{}/{}{}.html".format,
    _NAME_PARTS | st.just("dir"),
    st.text(max_size=4).filter(lambda t: "/" not in t and "\x00" not in t),
    st.text(max_size=4).filter(lambda t: "/" not in t and "\x00" not in t),
    _NAME_PARTS,
)

# (they fail until issue 17 lands: no shrinking, which would take seconds)
_FILES = settings(
    examples(50)[0], phases=(Phase.explicit, Phase.generate), report_multiple_bugs=False
)


def _file_snapshot(raw: bytes, path: str) -> Snapshot:
    snapshot = REGISTRY.parse(raw, path)
    assert snapshot.entries
    return snapshot


@_FILES
@given(st.sampled_from(_UNTITLED), FILE_PATHS)
def test_a_blog_named_by_its_file_has_a_clean_title(raw: bytes, path: str) -> None:
    check_clean("blog title", _file_snapshot(raw, path).blog.title)


@_FILES
@given(st.sampled_from(_UNTITLED), FILE_PATHS)
def test_a_blog_read_from_a_file_prints_cleanly(raw: bytes, path: str) -> None:
    # (what reaches the terminal: the JSON may keep the path as it is, escaped)
    check_outputs(_file_snapshot(raw, path), decoded=False)
