"""Which documents to fetch for a blog, and turning them into a :class:`Snapshot`.

A source is read in one of three modes:

- ``full``: the blog as its source shows it now. The user's URL may map to an API (a Guardian
  page → its Content API item), a page may embed one (a WordPress liveblog page → its REST
  endpoint, found by ``discover``), and companions may come along (Reddit's ``about.json``).
  Only a full fetch is conditional (ETag / Last-Modified belong to that one URL).
- ``poll``: only what changed since the last fetch (``poll_url``), where the source allows it.
- ``older``: the next page back in time (``older_url``), for "load older" and ``dump --all``.

The source modules stay pure (see :mod:`tui_liveblog.sources.base`); this module does their I/O
and keeps their cursors (:func:`merge_hints`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any, Literal

from tui_liveblog import sources
from tui_liveblog.errors import FetchError, LiveblogError, ParseError
from tui_liveblog.fetch import Fetcher, FetchResult, Validators, is_url
from tui_liveblog.model import Snapshot
from tui_liveblog.sanitize import clean_line, redact_url, safe_url, without_credentials
from tui_liveblog.sources.base import DEFAULT_OPTIONS, Options

Mode = Literal["full", "poll", "older"]

# hints this module keeps for itself (beside the sources' own cursors)
KIND = "kind"  # the source that read the blog last
DISCOVERED = "discovered"  # the API a page pointed to (WordPress, ScribbleLive embeds)
OLDER_END = "older_end"  # paging back reached the first entry
PAGE = "page"  # {"url", "title"} of the page that pointed to the API

_OG_TITLE = re.compile(
    rb"<meta\b[^>]*?\bproperty\s*=\s*[\"']og:title[\"'][^>]*?\bcontent\s*=\s*([\"'])(.*?)\1",
    re.IGNORECASE | re.DOTALL,
)
_TITLE = re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Retrieved:
    """One retrieval: the main document's fetch result and, unless it was a 304, its parse."""

    result: FetchResult
    snapshot: Snapshot | None
    mode: Mode
    endpoint: str  # the URL the next poll or older page is derived from


def merge_hints(old: Mapping[str, Any], new: Mapping[str, Any], mode: Mode) -> dict[str, Any]:
    """The hints to keep after a retrieval in ``mode`` (see :mod:`tui_liveblog.sources.base`).

    ``newer`` moves only forward with full fetches and polls (an empty poll gives none and keeps
    the old one); ``older`` is set by full fetches until one gives a cursor, then only by older
    pages; when an older page says there is nothing before it, :data:`OLDER_END` records that for
    good (the cache drops keys set to None).
    """
    out = dict(old)
    for key, value in new.items():
        if key == "newer":
            if value is not None and mode != "older":
                out[key] = value
        elif key == "older":
            if mode == "older":
                out[key] = value
                if value is None:
                    out[OLDER_END] = True
            elif mode == "full" and out.get(key) is None and not out.get(OLDER_END):
                # a first page that reaches back to the start (None) ends nothing for good: a
                # short thread that grows later gets its cursor from a later full fetch
                out[key] = value
        else:
            out[key] = value
    return out


class Retriever:
    """Fetches and parses one blog in the three modes, for :class:`~tui_liveblog.follow.BlogFeed`."""

    def __init__(
        self,
        source: str,
        *,
        fetcher: Fetcher,
        kind: str | None = None,
        options: Options = DEFAULT_OPTIONS,
    ) -> None:
        self.source = source
        self.fetcher = fetcher
        self.kind = kind  # --source KIND: skips detection
        self.options = options
        self.polling_failed = False  # a poll the source refused: full fetches from then on
        self.rediscover = False  # a page's API could not be had: full fetches try it again

    # -- which module, which URL ----------------------------------------------------------------
    def module(self, hints: Mapping[str, Any]) -> ModuleType | None:
        """The source module reading this blog: ``--source``, else the one that read it last."""
        kind = self.kind or hints.get(KIND)
        if isinstance(kind, str):
            try:
                return sources.module_for(kind)
            except ParseError:
                return None
        return None

    def _mapped(self, module: ModuleType | None) -> str | None:
        """The API URL a user URL maps to (``api_url``), or None."""
        if module is None or not is_url(self.source) or not hasattr(module, "api_url"):
            return None
        if not module.url_matches(self.source):
            return None  # (--source on a page or a mirror: the URL is fetched as given)
        mapped: str | None = module.api_url(self.source, self.options)
        return mapped

    def _discovered(self, hints: Mapping[str, Any]) -> str | None:
        """The API a page pointed to, with the credentials of this run (the cache keeps it
        without them: a new --token is used, and no token is written to disk)."""
        discovered = hints.get(DISCOVERED)
        if not isinstance(discovered, str) or safe_url(discovered) != discovered:
            return None
        module = self.module(hints)
        if module is not None and hasattr(module, "api_url") and module.url_matches(discovered):
            mapped: str | None = module.api_url(discovered, self.options)
            return mapped or discovered
        return discovered

    def endpoint(self, hints: Mapping[str, Any]) -> str:
        """The document a full fetch asks for, worked out without fetching anything."""
        module = self.module(hints) or (
            sources.for_url(self.source) if is_url(self.source) else None
        )
        mapped = self._mapped(module)
        if mapped:
            return mapped
        return self._discovered(hints) or self.source

    def poll_target(self, hints: Mapping[str, Any]) -> str | None:
        """The incremental poll's URL, or None when only a full fetch will do."""
        module = self.module(hints)
        if module is None or self.polling_failed or self.rediscover:
            return None
        if not hasattr(module, "poll_url"):
            return None
        if not is_url(self.source) and not hints.get(DISCOVERED):
            return None  # files and stdin are read whole
        return _target(module.poll_url, self, hints)

    def older_target(self, hints: Mapping[str, Any]) -> str | None:
        """The next older page's URL, or None when there is none (or the source cannot page)."""
        module = self.module(hints)
        if module is None or not hasattr(module, "older_url") or hints.get(OLDER_END):
            return None
        if hints.get("older") is None:
            return None
        if not is_url(self.source) and not hints.get(DISCOVERED):
            return None
        return _target(module.older_url, self, hints)

    def full_every(self, hints: Mapping[str, Any]) -> int:
        module = self.module(hints)
        value = getattr(module, "FULL_EVERY", 0) if module is not None else 0
        return value if isinstance(value, int) and value > 0 else 0

    # -- fetching ---------------------------------------------------------------------------------
    async def _fetch(
        self, url: str, module: ModuleType | None, validators: Validators | None = None
    ) -> FetchResult:
        try:
            return await self.fetcher.fetch(url, validators)
        except FetchError as err:
            if err.status is not None and module is not None and hasattr(module, "http_error"):
                better = module.http_error(err.status, url)
                if better:
                    raise FetchError(
                        clean_line(better),
                        retry_after=err.retry_after,
                        status=err.status,
                        transient=err.transient,
                    ) from err
            raise

    async def full(self, validators: Validators, hints: Mapping[str, Any]) -> Retrieved:
        """The blog as the source shows it now (conditional on ``validators``)."""
        module = self.module(hints) if self.kind else None
        if module is None and is_url(self.source):
            module = sources.for_url(self.source)
        mapped = self._mapped(module)
        discovered = self._discovered(hints)
        if mapped:
            target = mapped
        elif discovered:
            target, module = discovered, self.module(hints)
        else:
            target = self.source
        result = await self._fetch(target, module or self.module(hints), validators)
        if result.not_modified:
            return Retrieved(result, None, "full", target)
        kind = module.KIND if module is not None and (mapped or self.kind) else None
        if not discovered and not mapped and is_url(result.url):
            # a page that embeds an API (also with --source naming that API's kind); a saved
            # file is read as it is, never used to reach the network
            found = await self._discover(result, module if self.kind else None)
            if found is not None:
                return found
        extras = await self._companions(module, result)
        if kind is None and discovered:
            kind = module.KIND if module is not None else None
        snapshot = await self._parse(result, kind, extras)
        snapshot = _with_hints(snapshot, {KIND: snapshot.blog.source})
        page = hints.get(PAGE)
        if discovered and isinstance(page, Mapping):
            snapshot = _as_page(snapshot, module, page.get("url"), page.get("title"))
        return Retrieved(result, snapshot, "full", target)

    async def _discover(self, page: FetchResult, only: ModuleType | None) -> Retrieved | None:
        """A page that embeds a source's API: fetch and parse the API instead.

        When the API cannot be had (no token, an error) the page is read as it is, and its
        validators are dropped so that the next full fetch tries the API again.
        """
        content_type = page.headers.get("content-type")
        found = [only] if only else sources.candidates(page.url, page.content, content_type)
        for module in found:
            if not hasattr(module, "discover"):
                continue
            try:
                api = module.discover(page.content, page.url, self.options)
                api = safe_url(api) if api else None
                if api is None:
                    continue
                result = await self._fetch(api, module)
            except FetchError as err:  # no token for it, or the API did not answer
                # the page itself may still read as a timeline (its rendered entries)
                try:
                    snapshot = await self._parse(page, None, None)
                except ParseError:
                    raise err from None
                snapshot = _with_hints(snapshot, {KIND: snapshot.blog.source})
                self.rediscover = True
                unvalidated = replace(page, validators=Validators())
                return Retrieved(unvalidated, snapshot, "full", page.url)
            extras = await self._companions(module, result)
            snapshot = await self._parse(result, module.KIND, extras)
            page_info = {"url": page.url, "title": page_title(page.content)}
            self.rediscover = False
            kept = {KIND: module.KIND, DISCOVERED: without_credentials(api), PAGE: page_info}
            snapshot = _with_hints(snapshot, kept)
            snapshot = _as_page(snapshot, module, page_info["url"], page_info["title"])
            return Retrieved(result, snapshot, "full", api)
        return None

    async def _companions(
        self, module: ModuleType | None, result: FetchResult
    ) -> dict[str, bytes] | None:
        if module is None:
            found = sources.candidates(
                result.url, result.content, result.headers.get("content-type")
            )
            module = found[0] if found else None
        if module is None or not hasattr(module, "companions") or not is_url(result.url):
            return None
        wanted: Mapping[str, str] = module.companions(result.url, self.options)
        extras: dict[str, bytes] = {}
        for name, url in wanted.items():
            if safe_url(url) != url:
                continue
            try:
                extra = await self.fetcher.fetch(url)
            except FetchError:
                continue  # a companion is a nicety: the blog reads without it
            extras[name] = extra.content
        return extras

    async def poll(self, url: str, hints: Mapping[str, Any]) -> Retrieved:
        """An incremental poll (unconditional: validators belong to the full URL)."""
        return await self._partial(url, hints, "poll")

    async def older(self, url: str, hints: Mapping[str, Any]) -> Retrieved:
        """The next page back in time."""
        return await self._partial(url, hints, "older")

    async def _partial(self, url: str, hints: Mapping[str, Any], mode: Mode) -> Retrieved:
        module = self.module(hints)
        result = await self._fetch(url, module)
        kind = module.KIND if module is not None else None
        snapshot = await self._parse(result, kind, None)
        return Retrieved(result, snapshot, mode, self.endpoint(hints))

    async def _parse(
        self, result: FetchResult, kind: str | None, extras: Mapping[str, bytes] | None
    ) -> Snapshot:
        return await asyncio.to_thread(_parse, result, kind, extras)


def _target(
    make: Callable[[str, Mapping[str, Any]], str | None],
    retriever: Retriever,
    hints: Mapping[str, Any],
) -> str | None:
    """A poll or older-page URL, or None when it cannot be made (no token for the API now,
    hints of an older version): asking whether there is one must never fail."""
    try:
        return make(retriever.endpoint(hints), hints)
    except LiveblogError:
        return None


def _parse(result: FetchResult, kind: str | None, extras: Mapping[str, bytes] | None) -> Snapshot:
    try:
        return sources.parse(result.content, result.url, result.headers, kind, extras)
    except LiveblogError:
        raise
    except Exception as err:  # a reader bug must not end following: one line, cause kept
        raise ParseError(
            f"could not read {redact_url(result.url)[:200]}: "
            f"{type(err).__name__}: {clean_line(str(err))[:200]} (a bug; --debug shows it)"
        ) from err


def page_title(data: bytes) -> str | None:
    """A page's own title: ``og:title``, else ``<title>`` (cleaned; None when it has none)."""
    head = data[:262_144]
    from tui_liveblog.content import inline_text  # (lxml: not at the reader's start-up)

    og = _OG_TITLE.search(head)
    m = _TITLE.search(head)
    raw = og.group(2) if og else m.group(1) if m else None
    if raw is None:
        return None
    return inline_text(raw.decode("utf-8", "replace")) or None


def _as_page(snapshot: Snapshot, module: ModuleType | None, url: object, title: object) -> Snapshot:
    """A blog read through the API its page embeds is the page's blog: the page's URL, and its
    title when the API has none of its own (``TITLE_FROM_PAGE``)."""

    blog = snapshot.blog
    if isinstance(url, str) and safe_url(url) == url:
        blog = replace(blog, url=url)
    if isinstance(title, str) and title and getattr(module, "TITLE_FROM_PAGE", False):
        blog = replace(blog, title=title)
    return replace(snapshot, blog=blog)


def _with_hints(snapshot: Snapshot, extra: Mapping[str, Any]) -> Snapshot:
    return replace(snapshot, hints={**snapshot.hints, **extra})
