"""Which documents to fetch for a blog, when, and turning them into a :class:`Snapshot`.

A source is read in one of three modes:

- ``full``: the blog as its source shows it now. The user's URL may map to an API (a Guardian
  page → its Content API item), a page may embed one (a WordPress liveblog page → its REST
  endpoint, found by ``discover``), and companions may come along (Reddit's ``about.json``).
  Only a full fetch is conditional (ETag / Last-Modified belong to that one URL).
- ``poll``: only what changed since the last fetch (``poll_url``), where the source allows it.
- ``older``: the next page back in time (``older_url``), for "load older" and ``dump --all``.

:meth:`Retriever.refresh` decides between a poll and a full fetch (the rhythm: polls where the
source has them, a full fetch every ``full_every`` polls for sources whose polls miss edits, and
full fetches for good once a source refuses a poll). The sources stay pure (see
:mod:`tui_liveblog.sources.base`); this module does their I/O, and the caller keeps the cursors
(:meth:`~tui_liveblog.hints.Hints.merged`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from tui_liveblog.errors import FetchError, LiveblogError, ParseError
from tui_liveblog.fetch import Fetcher, FetchResult, Validators, is_url
from tui_liveblog.hints import Hints, Mode, PageRef
from tui_liveblog.model import Snapshot
from tui_liveblog.sanitize import clean_line, redact_url, safe_url, without_credentials
from tui_liveblog.sources.base import DEFAULT_OPTIONS, Options, Source
from tui_liveblog.sources.registry import Registry, default_registry

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


class Retriever:
    """Fetches and parses one blog in the three modes, for :class:`~tui_liveblog.follow.BlogFeed`,
    and keeps the rhythm of polls and full fetches."""

    def __init__(
        self,
        source: str,
        *,
        fetcher: Fetcher,
        registry: Registry | None = None,
        kind: str | None = None,
        options: Options = DEFAULT_OPTIONS,
    ) -> None:
        self.source = source
        self.fetcher = fetcher
        self.registry = registry or default_registry()
        self.kind = kind  # --source KIND: skips detection
        self.options = options
        self.polling_failed = False  # a poll the source refused: full fetches from then on
        self.rediscover = False  # a page's API could not be had: full fetches try it again
        self.polls = 0  # incremental polls since the last full fetch

    # -- which source, which URL ----------------------------------------------------------------
    def reader(self, hints: Hints) -> Source | None:
        """The source reading this blog: ``--source``, else the one that read it last."""
        kind = self.kind or hints.kind
        if kind is None:
            return None
        try:
            return self.registry.get(kind)
        except ParseError:
            return None

    def _mapped(self, source: Source | None) -> str | None:
        """The API URL a user URL maps to (``api_url``), or None."""
        if source is None or source.api_url is None or not is_url(self.source):
            return None
        if not source.url_matches(self.source):
            return None  # (--source on a page or a mirror: the URL is fetched as given)
        return source.api_url(self.source, self.options)

    def _discovered(self, hints: Hints) -> str | None:
        """The API a page pointed to, with the credentials of this run (the cache keeps it
        without them: a new --token is used, and no token is written to disk)."""
        discovered = hints.discovered
        if discovered is None or safe_url(discovered) != discovered:
            return None
        source = self.reader(hints)
        if source is not None and source.api_url is not None and source.url_matches(discovered):
            return source.api_url(discovered, self.options) or discovered
        return discovered

    def endpoint(self, hints: Hints) -> str:
        """The document a full fetch asks for, worked out without fetching anything."""
        source = self.reader(hints) or (
            self.registry.for_url(self.source) if is_url(self.source) else None
        )
        mapped = self._mapped(source)
        if mapped:
            return mapped
        return self._discovered(hints) or self.source

    def _pages(self, hints: Hints) -> bool:
        """Can this blog be polled or paged at all? Files and stdin are read whole."""
        return is_url(self.source) or hints.discovered is not None

    def poll_target(self, hints: Hints) -> str | None:
        """The incremental poll's URL, or None when only a full fetch will do."""
        source = self.reader(hints)
        if source is None or source.poll_url is None or not self._pages(hints):
            return None
        if self.polling_failed or self.rediscover:
            return None
        return self._target(source.poll_url, hints)

    def older_target(self, hints: Hints) -> str | None:
        """The next older page's URL, or None when there is none (or the source cannot page)."""
        source = self.reader(hints)
        if source is None or source.older_url is None or hints.older_end:
            return None
        if hints.older is None or not self._pages(hints):
            return None
        return self._target(source.older_url, hints)

    def _target(self, make: Callable[[str, Hints], str | None], hints: Hints) -> str | None:
        """A poll or older-page URL, or None when it cannot be made (no token for the API now,
        hints of an older version): asking whether there is one must never fail."""
        try:
            return make(self.endpoint(hints), hints)
        except LiveblogError:
            return None

    def full_every(self, hints: Hints) -> int:
        source = self.reader(hints)
        return max(source.full_every, 0) if source is not None else 0

    # -- the rhythm -------------------------------------------------------------------------------
    def resume(self, hints: Hints) -> None:
        """A blog reopened from the cache: its first refresh polls (cheap, and it fills the gap
        since the cache was written); a source whose polls miss edits gets its full fetch right
        after."""
        self.polls = max(self.full_every(hints) - 1, 0)

    async def refresh(self, validators: Validators, hints: Hints, *, known: bool) -> Retrieved:
        """The next refresh of a blog: an incremental poll where the source allows it (and the
        blog is ``known``), else the whole blog, conditionally on ``validators``."""
        poll = self.poll_target(hints) if known else None
        every = self.full_every(hints)
        if poll is not None and every and self.polls >= every:
            poll = None
        if poll is not None:
            try:
                got = await self.poll(poll, hints)
            except (ParseError, FetchError) as err:
                if not _refused(err):
                    raise  # passing trouble, or trouble a full fetch would meet too
                # the source (or a mirror, a proxy) does not answer this form of poll: read it
                # whole now and from now on
                self.polling_failed = True
            else:
                self.polls += 1
                return got
        got = await self.full(validators if known else Validators(), hints)
        self.polls = 0
        return got

    # -- fetching ---------------------------------------------------------------------------------
    async def _fetch(
        self, url: str, source: Source | None, validators: Validators | None = None
    ) -> FetchResult:
        try:
            return await self.fetcher.fetch(url, validators)
        except FetchError as err:
            if err.status is not None and source is not None and source.http_error is not None:
                better = source.http_error(err.status, url)
                if better:
                    raise FetchError(
                        clean_line(better),
                        retry_after=err.retry_after,
                        status=err.status,
                        transient=err.transient,
                        unreachable=err.unreachable,
                        short=err.short,
                    ) from err
            raise

    async def full(self, validators: Validators, hints: Hints) -> Retrieved:
        """The blog as the source shows it now (conditional on ``validators``)."""
        source = self.reader(hints) if self.kind else None
        if source is None and is_url(self.source):
            source = self.registry.for_url(self.source)
        mapped = self._mapped(source)
        discovered = self._discovered(hints)
        if mapped:
            target = mapped
        elif discovered:
            target, source = discovered, self.reader(hints)
        else:
            target = self.source
        result = await self._fetch(target, source or self.reader(hints), validators)
        if result.not_modified:
            return Retrieved(result, None, "full", target)
        kind = source.kind if source is not None and (mapped or self.kind) else None
        if not discovered and not mapped and is_url(result.url):
            # a page that embeds an API (also with --source naming that API's kind); a saved
            # file is read as it is, never used to reach the network
            found = await self._discover(result, source if self.kind else None)
            if found is not None:
                return found
        extras = await self._companions(source, result)
        if kind is None and discovered:
            kind = source.kind if source is not None else None
        snapshot = await self._parse(result, kind, extras)
        snapshot = _with_hints(snapshot, kind=snapshot.blog.source)
        if discovered and hints.page is not None:
            snapshot = _as_page(snapshot, source, hints.page)
        return Retrieved(result, snapshot, "full", target)

    async def _discover(self, page: FetchResult, only: Source | None) -> Retrieved | None:
        """A page that embeds a source's API: fetch and parse the API instead.

        When the API cannot be had (no token, an error) the page is read as it is, and its
        validators are dropped so that the next full fetch tries the API again.
        """
        content_type = page.headers.get("content-type")
        found = [only] if only else self.registry.candidates(page.url, page.content, content_type)
        for source in found:
            if source.discover is None:
                continue
            try:
                api = source.discover(page.content, page.url, self.options)
                api = safe_url(api) if api else None
                if api is None:
                    continue
                result = await self._fetch(api, source)
            except FetchError as err:  # no token for it, or the API did not answer
                # the page itself may still read as a timeline (its rendered entries)
                try:
                    snapshot = await self._parse(page, None, None)
                except ParseError:
                    raise err from None
                snapshot = _with_hints(snapshot, kind=snapshot.blog.source)
                self.rediscover = True
                unvalidated = replace(page, validators=Validators())
                return Retrieved(unvalidated, snapshot, "full", page.url)
            extras = await self._companions(source, result)
            snapshot = await self._parse(result, source.kind, extras)
            ref = PageRef(page.url, page_title(page.content))
            self.rediscover = False
            snapshot = _with_hints(
                snapshot, kind=source.kind, discovered=without_credentials(api), page=ref
            )
            snapshot = _as_page(snapshot, source, ref)
            return Retrieved(result, snapshot, "full", api)
        return None

    async def _companions(
        self, source: Source | None, result: FetchResult
    ) -> dict[str, bytes] | None:
        if source is None:
            source = self.registry.detect(
                result.url, result.content, result.headers.get("content-type")
            )
        if source is None or source.companions is None or not is_url(result.url):
            return None
        extras: dict[str, bytes] = {}
        for name, url in source.companions(result.url, self.options).items():
            if safe_url(url) != url:
                continue
            try:
                extra = await self.fetcher.fetch(url)
            except FetchError:
                continue  # a companion is a nicety: the blog reads without it
            extras[name] = extra.content
        return extras

    async def poll(self, url: str, hints: Hints) -> Retrieved:
        """An incremental poll (unconditional: validators belong to the full URL)."""
        return await self._partial(url, hints, "poll")

    async def older(self, url: str, hints: Hints) -> Retrieved:
        """The next page back in time."""
        return await self._partial(url, hints, "older")

    async def _partial(self, url: str, hints: Hints, mode: Mode) -> Retrieved:
        source = self.reader(hints)
        result = await self._fetch(url, source)
        kind = source.kind if source is not None else None
        snapshot = await self._parse(result, kind, None)
        return Retrieved(result, snapshot, mode, self.endpoint(hints))

    async def _parse(
        self, result: FetchResult, kind: str | None, extras: Mapping[str, bytes] | None
    ) -> Snapshot:
        return await asyncio.to_thread(_parse, self.registry, result, kind, extras)


def _parse(
    registry: Registry,
    result: FetchResult,
    kind: str | None,
    extras: Mapping[str, bytes] | None,
) -> Snapshot:
    try:
        return registry.parse(result.content, result.url, result.headers, kind, extras)
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


def _as_page(snapshot: Snapshot, source: Source | None, page: PageRef) -> Snapshot:
    """A blog read through the API its page embeds is the page's blog: the page's URL, and its
    title when the API has none of its own (``title_from_page``)."""
    blog = snapshot.blog
    if safe_url(page.url) == page.url:
        blog = replace(blog, url=page.url)
    if page.title and source is not None and source.title_from_page:
        blog = replace(blog, title=page.title)
    return replace(snapshot, blog=blog)


def _refused(err: LiveblogError) -> bool:
    """Did the source refuse a poll (as opposed to a network that failed)? A document that is
    not the source's, or an HTTP answer that will not change (a 4xx but 408 and 429)."""
    if isinstance(err, ParseError):
        return True
    if isinstance(err, FetchError) and err.status is not None:
        return 400 <= err.status < 500 and not err.transient
    return False


def _with_hints(
    snapshot: Snapshot, *, kind: str, discovered: str | None = None, page: PageRef | None = None
) -> Snapshot:
    """The snapshot with the retriever's own hints set (the source's cursors kept)."""
    hints = replace(snapshot.hints, kind=kind)
    if discovered is not None:
        hints = replace(hints, discovered=discovered, page=page)
    return replace(snapshot, hints=hints)
