"""Which sources there are, and detecting which one reads a document.

A :class:`Registry` holds sources in detection order, most specific first (publisher APIs, then
pages embedding one, then JSON-LD and feeds, then the plain-HTML extractor, which reads any page
and so comes last). The default registry names its sources by module and imports each one the
first time it is needed, so that start-up (``--help``, the reader painting from the cache) never
pays for lxml or selectolax: asking for ``kinds()`` imports nothing, ``get(kind)`` imports one
source, detection imports them all.

Detection order (DESIGN.md): URL pattern, then content type / body signature; ``--source KIND``
skips detection. When the first candidate finds no live blog in the document the next one is
tried, and if none reads it the first candidate's error is raised (it is the most specific).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from importlib import import_module
from pathlib import PurePath

from tui_liveblog.errors import ParseError
from tui_liveblog.gc_pause import gc_paused
from tui_liveblog.model import Snapshot
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.base import SNIFF_BYTES, Extras, Headers, Source
from tui_liveblog.sources.charset import as_utf8

# kind → the module whose ``SOURCE`` it is, in detection order
DEFAULT_SOURCES: tuple[tuple[str, str], ...] = tuple(
    (kind, f"tui_liveblog.sources.{kind}")
    for kind in (
        "guardian",
        "reddit",
        "scribblelive",
        "sourcefabric",
        "wordpress",
        "jsonld",
        "feed",
        "html",
        "text",
    )
)


def _load(kind: str, module: str) -> Source:
    source = getattr(import_module(module), "SOURCE", None)
    if not isinstance(source, Source) or source.kind != kind:
        raise TypeError(f"{module}.SOURCE is not the Source of {kind!r}")
    return source


class Registry:
    """Sources in detection order: given as :class:`Source` values, or by module (lazily)."""

    def __init__(
        self,
        sources: Sequence[Source] = (),
        *,
        modules: Sequence[tuple[str, str]] = (),
    ) -> None:
        self._loaded: dict[str, Source] = {}
        for source in sources:
            self._loaded.setdefault(source.kind, source)  # a kind given twice: the first wins
        self._modules = {k: m for k, m in modules if k not in self._loaded}
        self._order = [*self._loaded, *self._modules]

    def kinds(self) -> list[str]:
        """Every kind, in detection order (imports nothing)."""
        return list(self._order)

    def get(self, kind: str) -> Source:
        """The source of ``kind``; :class:`ParseError` naming the known kinds if there is none."""
        source = self._loaded.get(kind)
        if source is not None:
            return source
        module = self._modules.get(kind)
        if module is None:
            known = ", ".join(self._order)
            raise ParseError(f"unknown source kind {kind!r} (known: {known})")
        source = self._loaded[kind] = _load(kind, module)
        return source

    def all(self) -> list[Source]:
        return [self.get(kind) for kind in self._order]

    def for_url(self, url: str) -> Source | None:
        """The source whose URL pattern ``url`` matches, before anything is fetched."""
        return next((s for s in self.all() if s.url_matches(url)), None)

    def detect(self, url: str, data: bytes, content_type: str | None = None) -> Source | None:
        """The best candidate to read this document, or None."""
        found = self.candidates(url, data, content_type)
        return found[0] if found else None

    def candidates(self, url: str, data: bytes, content_type: str | None = None) -> list[Source]:
        """Sources that may read this document, best first: URL pattern, then body signature."""
        every = self.all()
        found = [s for s in every if s.url_matches(url)]
        head = as_utf8(data[:SNIFF_BYTES], None)[0]  # (UTF-16 JSON looks like JSON too)
        found += [s for s in every if s not in found and s.sniff(head, content_type)]
        return found

    def parse(
        self,
        data: bytes,
        url: str,
        headers: Headers = None,
        kind: str | None = None,
        extras: Extras = None,
    ) -> Snapshot:
        """Detect the format (unless ``kind`` is given) and parse. Raises :class:`ParseError`."""
        sent = (headers or {}).get("content-type")  # (as the server said it, before as_utf8)
        data, headers = as_utf8(data, headers)  # every source reads UTF-8 or 8-bit bytes
        content_type = (headers or {}).get("content-type")
        found = [self.get(kind)] if kind else self.candidates(url, data, content_type)
        if not found:
            if not data.strip():
                raise ParseError("the document is empty")
            raise ParseError(f"no live blog found: {_not_a_blog(sent)}")
        first: ParseError | None = None
        with gc_paused():
            for source in found:
                try:
                    return _named(source.parse(data, url, headers, extras), url)
                except ParseError as err:
                    first = first or err
        assert first is not None
        raise first


def _not_a_blog(content_type: str | None) -> str:
    """Why no source reads a document, naming what the server said it is when that is no kind
    of text (an image, a PDF: a server answering with something else than the blog)."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime and not mime.startswith("text/") and not any(w in mime for w in _TEXTUAL):
        return (
            f"the server sent {clean_line(mime)[:80]}, not a live blog page, API response or feed"
        )
    return "not a live blog page, API response or feed"


_TEXTUAL = ("html", "xml", "json")


def _named(snapshot: Snapshot, url: str) -> Snapshot:
    """The blog's title and URL as shown: a file whose document names no title is named by its
    file name, not its whole path; and both are cleaned (:func:`clean_line`), whatever their
    origin: a file name or a path with an escape sequence or a bidi control in it is the blog's
    title or URL (a source cleans what it reads, not the address it was given)."""
    blog = snapshot.blog
    title = blog.title
    if "://" not in url and title.strip() == url.strip():
        title = PurePath(url).name or url
    shown = clean_line(blog.url)
    title = clean_line(title) or shown
    if title == blog.title and shown == blog.url:
        return snapshot
    return replace(snapshot, blog=replace(blog, title=title, url=shown))


_default: Registry | None = None


def default_registry() -> Registry:
    """The registry of the eight built-in sources (made once, loading sources as needed)."""
    global _default
    if _default is None:
        _default = Registry(modules=DEFAULT_SOURCES)
    return _default
