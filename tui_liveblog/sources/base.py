"""The source contract: what a source is, and the options some sources need.

A source is one :class:`Source` value, defined as ``SOURCE`` at the end of its package's
``__init__`` and listed in :mod:`tui_liveblog.sources.registry`. Its functions are pure: bytes
in, :class:`~tui_liveblog.model.Snapshot` out, no I/O. The fetching around them (which URL to
ask for, what to ask next time) is done by :mod:`tui_liveblog.retrieve`.

Required:

``kind``
    Its name in the JSON contract (``"jsonld"``, ``"feed"``…).
``url_matches(url) -> bool``
    The URL pattern test, before anything is fetched.
``sniff(head, content_type) -> bool``
    The body-signature test, on the first :data:`SNIFF_BYTES` of the document.
``parse(data, url, headers, extras) -> Snapshot``
    Raises :class:`~tui_liveblog.errors.ParseError` with one line when the document holds no
    blog this source can read. ``extras`` are the companion documents (see ``companions``).

Optional (``None``: the source does not do it):

``api_url(url, options) -> str | None``
    For a user-facing URL that ``url_matches``: the document to fetch instead (a theguardian.com
    ``/live/`` page → its Content API item, ``reddit.com/live/ID`` → ``.json?raw_json=1``).
    ``None``: fetch the URL itself. May raise :class:`~tui_liveblog.errors.FetchError` with a
    one-line reason (a ScribbleLive embed with no token).
``discover(data, url, options) -> str | None``
    For a fetched page this source's ``sniff`` recognised as *embedding* the source (a WordPress
    liveblog page, a ScribbleLive embed page): the API URL to fetch and parse instead. ``None``:
    parse ``data`` itself.
``companions(url, options) -> Mapping[str, str]``
    Extra documents fetched with a full refresh of an http(s) URL (Reddit's ``about.json``);
    their bodies reach ``parse`` as ``extras={name: bytes}`` (a companion that failed is left
    out: ``parse`` must cope without it).
``poll_url(url, hints) -> str | None``
    The incremental poll for ``url`` (the document fetched last, as resolved) given the
    :class:`~tui_liveblog.hints.Hints` kept so far: Reddit ``before=``, Guardian
    ``body:published-since``, ScribbleLive ``/all?Since=``… ``None``: fetch ``url`` whole. The
    answer is parsed by ``parse`` like any other and merged: entries it lacks are kept.
``older_url(url, hints) -> str | None``
    The next page back in time, or ``None`` when there is none.
``http_error(status, url) -> str | None``
    A clearer one-line message for an HTTP error status from this source's API (Reddit's 403
    when a thread needs signing in, a Guardian 401 for a bad API key). ``None``: the generic one.

Settings:

``full_every``
    For sources whose incremental poll cannot see edits or deletions of older entries (Reddit's
    ``before=`` does not report a later ``stricken``): after this many incremental polls, one
    full refresh. 0 means the poll sees everything.
``title_from_page``
    A blog read through the API its page embeds takes the page's title (the API has none of its
    own: WordPress).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tui_liveblog.hints import Hints
from tui_liveblog.model import Snapshot

SNIFF_BYTES = 65_536  # what detection reads of a document to recognise its source


@dataclass(frozen=True, slots=True)
class Options:
    """Credentials and settings some sources need (from the command line, env or config)."""

    api_key: str | None = None  # Guardian Content API ("test" when unset)
    token: str | None = None  # ScribbleLive API token


DEFAULT_OPTIONS = Options()

Headers = Mapping[str, str] | None
"""A document's HTTP headers, names lower-cased (None for files and stdin)."""
Extras = Mapping[str, bytes] | None
"""The companion documents fetched with it, by name (see ``companions``)."""
Parse = Callable[[bytes, str, Headers, Extras], Snapshot]
"""``parse(data, url, headers, extras)``."""


@dataclass(frozen=True, slots=True)
class Source:
    """One source format: how to recognise it, read it, and fetch more of it."""

    kind: str
    url_matches: Callable[[str], bool]
    sniff: Callable[[bytes, str | None], bool]
    parse: Parse
    api_url: Callable[[str, Options], str | None] | None = None
    discover: Callable[[bytes, str, Options], str | None] | None = None
    companions: Callable[[str, Options], Mapping[str, str]] | None = None
    poll_url: Callable[[str, Hints], str | None] | None = None
    older_url: Callable[[str, Hints], str | None] | None = None
    http_error: Callable[[int, str], str | None] | None = None
    full_every: int = 0
    title_from_page: bool = False

    def __repr__(self) -> str:
        return f"Source({self.kind!r})"
