"""Source formats: detection and dispatch.

Each source module is pure (bytes in, :class:`~tui_liveblog.model.Snapshot` out; no I/O, no
Textual) and defines:

- ``KIND``: its name in the JSON contract (``"jsonld"``, ``"feed"``…);
- ``url_matches(url) -> bool``: the URL pattern test;
- ``sniff(head: bytes, content_type: str | None) -> bool``: the body-signature test, on the
  first 64 KiB of the document;
- ``parse(data: bytes, url: str, headers: Mapping[str, str] | None = None) -> Snapshot``.

Detection order (DESIGN.md): URL pattern, then content type / body signature, most specific
source first; ``--source KIND`` skips detection.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType

from tui_liveblog.errors import ParseError
from tui_liveblog.model import Entry, Snapshot

MAX_ENTRIES = 100_000
SNIFF_BYTES = 65_536


def _modules() -> list[ModuleType]:
    # imported lazily: the CLI's --help and the reader's start-up should not pay for lxml
    from tui_liveblog.sources import feed, jsonld

    return [jsonld, feed]


def kinds() -> list[str]:
    return [m.KIND for m in _modules()]


def module_for(kind: str) -> ModuleType:
    for module in _modules():
        if kind == module.KIND:
            return module
    raise ParseError(f"unknown source kind {kind!r} (known: {', '.join(kinds())})")


def detect(url: str, data: bytes, content_type: str | None = None) -> ModuleType | None:
    modules = _modules()
    for module in modules:
        if module.url_matches(url):
            return module
    head = data[:SNIFF_BYTES]
    for module in modules:
        if module.sniff(head, content_type):
            return module
    return None


_gc_lock = threading.Lock()
_gc_pauses = 0  # parses under way (parses may run in worker threads)
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off while a document is turned into entries.

    A parse allocates hundreds of thousands of containers (JSON values, elements, spans,
    entries) that hold no reference cycles to reclaim, so every collection it triggers is
    wasted, and the gen-2 ones walk every object the process holds (a reader with 50k
    entries: tens of milliseconds, at a random moment in the parse). With the collector
    paused the new objects are looked at once, by the first young-generation collection after
    the parse. Nesting and concurrent parses are counted; the collector is switched back on
    by the last one out, and only if it was on before the first one came in.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def parse(
    data: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    kind: str | None = None,
) -> Snapshot:
    """Detect the format (unless ``kind`` is given) and parse. Raises :class:`ParseError`."""
    content_type = (headers or {}).get("content-type")
    module = module_for(kind) if kind else detect(url, data, content_type)
    if module is None:
        if not data.strip():
            raise ParseError("the document is empty")
        raise ParseError(
            "no live blog found: not a schema.org LiveBlogPosting page, an RSS or an Atom feed"
        )
    with gc_paused():
        snapshot: Snapshot = module.parse(data, url, headers)
    return snapshot


def cap_entries(entries: list[Entry], warnings: list[str]) -> list[Entry]:
    """Keep at most :data:`MAX_ENTRIES` entries, with a warning when some were dropped."""
    if len(entries) > MAX_ENTRIES:
        warnings.append(
            f"the document holds {len(entries)} entries; only the first {MAX_ENTRIES} were read"
        )
        return entries[:MAX_ENTRIES]
    return entries
