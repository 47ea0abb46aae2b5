"""Registry.parse pauses the cyclic GC during a parse and always puts it back as it was."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping
from dataclasses import replace

import pytest

from tui_liveblog import sources
from tui_liveblog.errors import ParseError
from tui_liveblog.gc_pause import gc_paused
from tui_liveblog.model import Snapshot
from tui_liveblog.sources.registry import Registry

PAGE = (
    b'<html><script type="application/ld+json">{"@type": "LiveBlogPosting", "headline": "T",'
    b' "liveBlogUpdate": [{"@type": "BlogPosting", "@id": "u1", "articleBody": "Hi",'
    b' "datePublished": "2030-01-01T10:00:00Z"}]}</script></html>'
)


@pytest.fixture(autouse=True)
def gc_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_collector_off_during_parse_and_back_on_after() -> None:
    from tui_liveblog.sources import jsonld

    seen: list[bool] = []

    def spy(
        data: bytes,
        url: str,
        headers: Mapping[str, str] | None = None,
        extras: Mapping[str, bytes] | None = None,
    ) -> Snapshot:
        seen.append(gc.isenabled())
        return jsonld.parse(data, url, headers, extras)

    registry = Registry([replace(jsonld.SOURCE, parse=spy)])
    gc.enable()
    snapshot = registry.parse(PAGE, "https://example.test/live")
    assert [e.id for e in snapshot.entries] == ["u1"]
    assert seen == [False]
    assert gc.isenabled()


def test_collector_back_on_after_a_parse_error() -> None:
    gc.enable()
    with pytest.raises(ParseError):
        sources.parse(b"<html>nothing here</html>", "https://example.test/live", kind="jsonld")
    assert gc.isenabled()


def test_collector_left_off_when_it_was_off() -> None:
    gc.disable()
    sources.parse(PAGE, "https://example.test/live")
    assert not gc.isenabled()


def test_nested_and_concurrent_pauses_end_with_the_last_one() -> None:
    gc.enable()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still under way
    assert gc.isenabled()

    inside = threading.Event()
    release = threading.Event()

    def worker() -> None:
        with gc_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    with gc_paused():
        thread.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the worker's parse is still running
    release.set()
    thread.join(5)
    assert gc.isenabled()
