"""The WordPress liveblog plugin (Automattic/liveblog): its REST API, and the posts running it.

Routes (``WPCOM_Liveblog_Rest_Api``), under ``/wp-json/liveblog/v1/<post>/`` or
``/?rest_route=/liveblog/v1/<post>/`` (see :mod:`.urls`):

- ``get-entries/<page>/<last_known_entry>``: one page of the current entries, newest first
  (``{entries, page, pages, total}``; 5 a page unless the site says otherwise).
  ``last_known_entry`` is ``latest`` or ``<id>-<timestamp>`` of the newest entry when page 1
  was read, so later pages stay put while entries arrive. This is what the plugin's script
  loads first, and what :func:`discover` and :func:`api_url` point at;
- ``entries/<start>/<end>/``: every change (new, update and delete records) whose time is in
  ``[start, end]``, oldest first, with ``latest_timestamp`` (the newest record's time, null
  when none), ``refresh_interval`` (seconds between polls, 10 by default) and ``pages``.
  The plugin's poll, which :func:`poll_url` reproduces: start = newest timestamp + 1 and end =
  now, both rounded down to a multiple of ``refresh_interval`` so that readers share CDN
  cache entries (a record may come twice: merging is idempotent). The plugin sends
  ``Cache-Control: max-age`` only while ``end`` is in the future, never for these URLs;
- ``lazyload/<max_time>/<min_time>``: entries older than ``max_time``;
  ``entry/<id>``, ``get-key-events/<last>`` (a bare list), ``jump-to-key-event/<id>/<last>``.

Entries: see :mod:`.entries` (an update carries the id of the entry it replaces; a
delete's id goes to ``Snapshot.removed_ids``). The JSON has no title and does not say whether
the coverage is live: the blog is titled ``WordPress liveblog <post> on <host>`` (the same on
every poll; the post's page title is not known here) and ``live`` is None.

Hints: ``newer`` = ``latest_timestamp`` (else the newest record time of page 1), ``older`` =
the route of the next page back (``get-entries/<page+1>/<anchor>``, or
``lazyload/<oldest>/0`` after a lazyload page; None on the last page), ``refresh_interval`` =
the plugin's, in seconds.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

import orjson

from tui_liveblog.errors import ParseError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Snapshot, sort_entries
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.base import Extras, Headers, Options, Source
from tui_liveblog.sources.common import cap_entries, link_base, safe_int, without_credentials
from tui_liveblog.sources.wordpress.entries import Built, build, epoch
from tui_liveblog.sources.wordpress.page import find_endpoint
from tui_liveblog.sources.wordpress.urls import READ_ROUTES, Endpoint, endpoint_of

KIND = "wordpress"
# the REST API names no title: a blog found through its post page takes the page's title

DEFAULT_REFRESH = 10  # WPCOM_Liveblog::REFRESH_INTERVAL
_MAX_REFRESH = 3600
_ANCHOR = re.compile(r"^\d{1,20}(?:-\d{1,20})?$")
_OLDER = re.compile(r"^(?:get-entries/\d{1,9}/\d{1,20}-\d{1,20}|lazyload/\d{1,15}/0)$")
_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*[\[{]")
_PAGE_MARKERS = (
    b"liveblog_settings",
    b"wpcom-liveblog-container",
    b"id='liveblog-css'",
    b'id="liveblog-css"',
    b"id='liveblog-js-extra'",
    b'id="liveblog-js-extra"',
)
_ENTRY_MARKERS = (b'"entry_time"', b'"share_link"', b'"css_classes"', b"liveblog-entry-")


def now() -> float:
    """The clock :func:`poll_url` reads (a test replaces it)."""
    return time.time()


# -- detection ------------------------------------------------------------------------------


def url_matches(url: str) -> bool:
    """``…/liveblog/v1/<post>/…`` (any REST prefix) or ``?rest_route=/liveblog/v1/<post>/…``."""
    return endpoint_of(url) is not None


def sniff(head: bytes, content_type: str | None) -> bool:
    """The plugin's JSON (``entries`` with its record keys, or ``latest_timestamp``), or a post
    page running the plugin (its settings, container, stylesheet or script)."""
    if _JSON_START.match(head[:64]):
        if b'"entries"' in head:
            return b'"latest_timestamp"' in head or any(m in head for m in _ENTRY_MARKERS)
        return head.lstrip()[:1] == b"[" and b'"entry_time"' in head and b'"share_link"' in head
    lowered = head.lower()
    return any(marker in lowered for marker in _PAGE_MARKERS)


# -- what to fetch --------------------------------------------------------------------------


def _first_page(endpoint: Endpoint) -> str:
    return endpoint.url("get-entries", "1", "latest")


def api_url(url: str, options: Options) -> str | None:
    """A liveblog REST URL that reads no entries (the bare endpoint, ``crud``, ``preview``…)
    → the first page of entries; a reading route is fetched as given."""
    endpoint = endpoint_of(url)
    if endpoint is None or endpoint.kind in READ_ROUTES:
        return None
    return _first_page(endpoint)


def discover(data: bytes, url: str, options: Options) -> str | None:
    """A post page's liveblog endpoint (from ``liveblog_settings``) → its first page of entries.

    The endpoint is taken as the page gives it (absolute, or resolved against the page's URL),
    http(s) only; None when the page names none this reader can poll (the legacy non-REST
    endpoint): the page itself is then parsed, and other sources get their turn.
    """
    if _JSON_START.match(data[:64]):
        return None  # already the API (or not a page)
    endpoint = find_endpoint(data, url)
    return _first_page(endpoint) if endpoint is not None else None


def _refresh(hints: Hints) -> int:
    value = hints.refresh_interval
    if value is not None and value >= 1:
        return int(min(value, _MAX_REFRESH))
    return DEFAULT_REFRESH


def poll_url(url: str, hints: Hints) -> str | None:
    """``entries/<start>/<end>/`` as the plugin's script asks it: start = ``newer`` + 1 and end
    = now, both rounded down to a multiple of the refresh interval (end never before start)."""
    endpoint = endpoint_of(url)
    newer = epoch(hints.newer)
    if endpoint is None or newer is None:
        return None
    step = _refresh(hints)
    start = (newer + 1) // step * step
    end = max(int(now()) // step * step, start)
    return endpoint.url("entries", str(start), str(end), trailing_slash=True)


def older_url(url: str, hints: Hints) -> str | None:
    """The next page back: the ``older`` hint's route under the same endpoint."""
    endpoint = endpoint_of(url)
    older = hints.older
    if endpoint is None or not isinstance(older, str) or not _OLDER.match(older):
        return None
    return endpoint.url(*older.split("/"))


def http_error(status: int, url: str) -> str | None:
    if status == 404 and endpoint_of(url) is not None:
        return (
            "WordPress liveblog not found (HTTP 404): the post does not exist, is not public, "
            "or has no live blog"
        )
    return None


# -- parsing --------------------------------------------------------------------------------


def _load(data: bytes, url: str) -> Any:
    if not _JSON_START.match(data[:64]):
        if not data.strip():
            raise ParseError("the WordPress liveblog response is empty")
        if any(marker in data.lower() for marker in _PAGE_MARKERS):
            endpoint = find_endpoint(data, url)
            if endpoint is not None:
                raise ParseError(
                    "a WordPress liveblog page: its entries are read from the plugin's REST API, "
                    f"{clean_line(_first_page(endpoint))[:300]}"
                )
            raise ParseError(
                "this WordPress liveblog page names no REST endpoint to read its entries from "
                "(the plugin's legacy endpoint is not supported)"
            )
        raise ParseError("not a WordPress liveblog API response")
    try:
        return orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as err:
        raise ParseError(f"the WordPress liveblog response is not valid JSON ({err})") from None


def _records(value: Any) -> list[Any]:
    if isinstance(value, list):  # get-key-events
        return value
    if not isinstance(value, dict):
        raise ParseError("not a WordPress liveblog API response (no entries)")
    if "entries" not in value:
        message = value.get("message")
        if isinstance(message, str) and isinstance(value.get("code"), str):
            raise ParseError(f"WordPress API error: {clean_line(message)[:200]}")
        raise ParseError("not a WordPress liveblog API response (no entries)")
    entries = value["entries"]
    if isinstance(entries, dict):  # a PHP array with gaps in its keys
        return list(entries.values())
    return entries if isinstance(entries, list) else []


def _seconds(value: object) -> float | None:
    """A positive number of seconds (a number or a numeric string), at most an hour."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    if not 1 <= value <= _MAX_REFRESH:  # (NaN fails too)
        return None
    return int(value) if float(value).is_integer() else float(value)


def _anchor(records: list[Any]) -> str | None:
    """``<id>-<timestamp>`` of a page's first (newest) entry: the plugin's ``last_known_entry``,
    which keeps later pages where they were while entries arrive."""
    for rec in records:
        if isinstance(rec, dict):
            rec_id = rec.get("id")
            if isinstance(rec_id, int) and not isinstance(rec_id, bool):
                rec_id = str(rec_id)
            if isinstance(rec_id, str) and rec_id.strip().isascii() and rec_id.strip().isdigit():
                return f"{rec_id.strip()}-{epoch(rec.get('timestamp')) or 0}"
    return None


def _hints(value: Any, endpoint: Endpoint | None, records: list[Any], built: Built) -> Hints:
    newer: int | None = None
    older: str | None = None
    end = False
    doc: Mapping[str, Any] = value if isinstance(value, dict) else {}
    kind = endpoint.kind if endpoint is not None else ""
    if not kind:  # a file, or a URL rewritten by the site: tell the routes by their keys
        if "latest_timestamp" in doc:
            kind = "entries"
        elif "pages" in doc and "page" in doc:
            kind = "get-entries"
    route = endpoint.route if endpoint is not None else ()
    if kind == "entries":
        latest = epoch(doc.get("latest_timestamp"))
        if latest is not None or built.newest is not None:
            newer = max(latest or 0, built.newest or 0)
    elif kind in ("get-entries", "jump-to-key-event"):
        page = safe_int(doc.get("page"), max_digits=9)
        if page is None and kind == "get-entries" and len(route) > 1:
            page = safe_int(route[1], max_digits=9)
        page = page if page is not None and page > 0 else 1
        pages = safe_int(doc.get("pages"), max_digits=9) or 0
        if page == 1 and kind == "get-entries" and built.newest is not None:
            newer = built.newest
        anchor: str | None = route[2] if len(route) > 2 else "latest"
        if anchor is None or not _ANCHOR.match(anchor) or "-" not in anchor:
            anchor = _anchor(records)
        older = f"get-entries/{page + 1}/{anchor}" if page < pages and anchor else None
        end = older is None
    elif kind == "lazyload":
        oldest = built.oldest
        older = f"lazyload/{oldest}/0" if records and oldest is not None else None
        end = older is None
    refresh = _seconds(doc.get("refresh_interval"))
    return Hints(newer=newer, older=older, older_end=end, refresh_interval=refresh)


def _title(url: str, endpoint: Endpoint | None) -> str:
    if endpoint is not None:
        host = urlsplit(url).hostname or endpoint.netloc
        return clean_line(f"WordPress liveblog {endpoint.post_id} on {host}")
    if url.lower().startswith(("http://", "https://")):
        return clean_line(url)
    return clean_line(PurePath(url).name) or "WordPress liveblog"


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Parse a liveblog REST response (any of its reading routes)."""
    value = _load(data, url)
    records = _records(value)
    base = link_base(url)  # (never the query: it may carry a token)
    built = build(records, base)
    warnings: list[str] = []
    if built.skipped:
        warnings.append(f"skipped {built.skipped} WordPress liveblog record(s) without an id")
    entries = cap_entries(built.entries, warnings)
    endpoint = endpoint_of(url)
    shown = without_credentials(url)
    blog = Blog(url=shown, title=_title(shown, endpoint), source=KIND, live=None)
    return Snapshot(
        blog=blog,
        entries=tuple(sort_entries(entries)),
        warnings=tuple(warnings),
        hints=_hints(value, endpoint, records, built),
        removed_ids=tuple(built.removed_ids),
    )


SOURCE = Source(
    kind=KIND,
    url_matches=url_matches,
    sniff=sniff,
    parse=parse,
    api_url=api_url,
    discover=discover,
    poll_url=poll_url,
    older_url=older_url,
    http_error=http_error,
    title_from_page=True,  # the REST API names no title: the page's own is the blog's
)
