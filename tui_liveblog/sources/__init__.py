"""Source formats: detection and dispatch.

Each source module is pure (bytes in, :class:`~tui_liveblog.model.Snapshot` out; no I/O, no
Textual) and defines:

- ``KIND``: its name in the JSON contract (``"jsonld"``, ``"feed"``…);
- ``url_matches(url) -> bool``: the URL pattern test;
- ``sniff(head: bytes, content_type: str | None) -> bool``: the body-signature test, on the
  first 64 KiB of the document;
- ``parse(data: bytes, url: str, headers: Mapping[str, str] | None = None) -> Snapshot``.

and optionally what :mod:`tui_liveblog.sources.base` describes (``api_url``, ``discover``,
``companions``, ``poll_url``, ``older_url``, ``FULL_EVERY``) for polling incrementally and paging
back in time.

Detection order (DESIGN.md): URL pattern, then content type / body signature, most specific
source first (publisher APIs, then pages embedding one, then JSON-LD and feeds, then the
plain-HTML extractor, used only when nothing better reads the page); ``--source KIND`` skips
detection. When the first candidate finds no live blog in the document the next one is tried.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType

from tui_liveblog.errors import ParseError
from tui_liveblog.gc_pause import gc_paused
from tui_liveblog.model import Snapshot
from tui_liveblog.sources.base import SNIFF_BYTES


def _modules() -> list[ModuleType]:
    # imported lazily: the CLI's --help and the reader's start-up should not pay for lxml
    from tui_liveblog.sources import (
        feed,
        guardian,
        html,
        jsonld,
        reddit,
        scribblelive,
        sourcefabric,
        wordpress,
    )

    # most specific first: the HTML extractor reads any page, so it comes last
    return [guardian, reddit, scribblelive, sourcefabric, wordpress, jsonld, feed, html]


def kinds() -> list[str]:
    return [m.KIND for m in _modules()]


def module_for(kind: str) -> ModuleType:
    for module in _modules():
        if kind == module.KIND:
            return module
    raise ParseError(f"unknown source kind {kind!r} (known: {', '.join(kinds())})")


def for_url(url: str) -> ModuleType | None:
    """The source whose URL pattern ``url`` matches, before anything is fetched."""
    for module in _modules():
        if module.url_matches(url):
            return module
    return None


def candidates(url: str, data: bytes, content_type: str | None = None) -> list[ModuleType]:
    """Sources that may read this document, best first: URL pattern, then body signature."""
    modules = _modules()
    found = [m for m in modules if m.url_matches(url)]
    head = data[:SNIFF_BYTES]
    found += [m for m in modules if m not in found and m.sniff(head, content_type)]
    return found


def detect(url: str, data: bytes, content_type: str | None = None) -> ModuleType | None:
    found = candidates(url, data, content_type)
    return found[0] if found else None


def parse(
    data: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    kind: str | None = None,
    extras: Mapping[str, bytes] | None = None,
) -> Snapshot:
    """Detect the format (unless ``kind`` is given) and parse. Raises :class:`ParseError`.

    When the best candidate finds no live blog, the next is tried; if none reads it, the first
    candidate's error is raised (it is the most specific).
    """
    content_type = (headers or {}).get("content-type")
    modules = [module_for(kind)] if kind else candidates(url, data, content_type)
    if not modules:
        if not data.strip():
            raise ParseError("the document is empty")
        raise ParseError("no live blog found: not a live blog page, API response or feed")
    first: ParseError | None = None
    with gc_paused():
        for module in modules:
            try:
                return parse_with(module, data, url, headers, extras)
            except ParseError as err:
                first = first or err
    assert first is not None
    raise first


def parse_with(
    module: ModuleType,
    data: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    extras: Mapping[str, bytes] | None = None,
) -> Snapshot:
    """One module's parse, handing it companion documents when it takes them."""
    if extras is not None and hasattr(module, "companions"):
        snapshot: Snapshot = module.parse(data, url, headers, extras=extras)
    else:
        snapshot = module.parse(data, url, headers)
    return snapshot
