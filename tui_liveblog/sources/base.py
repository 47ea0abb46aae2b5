"""What a source module may define beyond ``parse``, and the options some sources need.

Every source module is pure: bytes in, :class:`~tui_liveblog.model.Snapshot` out, no I/O. The
fetching around it (which URL to ask for, what to ask next time) is driven by
:mod:`tui_liveblog.retrieve` from these optional module-level functions:

``api_url(url, options) -> str | None``
    For a user-facing URL that ``url_matches``: the document to fetch instead (a theguardian.com
    ``/live/`` page → its Content API item, ``reddit.com/live/ID`` → ``.json?raw_json=1``).
    ``None``: fetch the URL itself. May raise :class:`~tui_liveblog.errors.FetchError` with a
    one-line reason (a ScribbleLive embed with no token).

``discover(data, url, options) -> str | None``
    For a fetched page this module's ``sniff`` recognised as *embedding* the source (a WordPress
    liveblog page, a ScribbleLive embed page): the API URL to fetch and parse instead. ``None``:
    parse ``data`` itself.

``companions(url, options) -> dict[str, str]``
    Extra documents fetched with a full refresh of an http(s) URL (Reddit's ``about.json``);
    their bodies reach ``parse`` as ``extras={name: bytes}`` (a companion that failed is left
    out: ``parse`` must cope without it). Modules with companions accept ``extras=``.

``poll_url(url, hints) -> str | None``
    The incremental poll for ``url`` (the document fetched last, as resolved) given the hints
    kept so far: Reddit ``before=``, Guardian ``body:published-since``, ScribbleLive
    ``/all?Since=``… ``None``: fetch ``url`` whole. The answer is parsed by ``parse`` like any
    other and merged: entries it lacks are kept, never removed.

``older_url(url, hints) -> str | None``
    The next page back in time, or ``None`` when there is none (or the source cannot page).

``http_error(status, url) -> str | None``
    A clearer one-line message for an HTTP error status from this source's API (Reddit's 403
    when a thread needs signing in, a Guardian 401 for a bad API key). ``None``: the generic one.

``FULL_EVERY: int``
    For sources whose incremental poll cannot see edits or deletions of older entries (Reddit's
    ``before=`` does not report a later ``stricken``): after this many incremental polls, one
    full refresh. 0 (the default) means the poll sees everything.

Hints (``Snapshot.hints``, kept in the cache between runs) follow three conventions:

- ``"newer"``: the cursor ``poll_url`` needs (newest id or time seen). The merger keeps the old
  value when a snapshot gives none (an empty poll).
- ``"older"``: the cursor ``older_url`` needs, ``None`` when the history is exhausted. A full
  refresh sets it only if none is known yet; a poll never changes it; an older page always
  does (so paging back continues from where it stopped, across runs).
- ``"refresh_interval"``: seconds the source asks polls to be apart (never faster than the
  user's interval).
"""

from __future__ import annotations

from dataclasses import dataclass

SNIFF_BYTES = 65_536  # what detection reads of a document to recognise its source


@dataclass(frozen=True, slots=True)
class Options:
    """Credentials and settings some sources need (from the command line, env or config)."""

    api_key: str | None = None  # Guardian Content API ("test" when unset)
    token: str | None = None  # ScribbleLive API token


DEFAULT_OPTIONS = Options()
