"""ScribbleLive URLs: recognising them, the API v1 URLs to fetch, and the token rule.

The API v1 forms used here come from public client code, the service being gone (inferred,
not verified against a live server):

- ``https://apiv1.scribblelive.com/event/{id}/page/last?Token={token}&format=json``: the
  newest page of an event (scribblelive-wp, several newsroom widgets); ``/page/{k}`` an older
  one, pages counted from 0 (the oldest) to ``Pages - 1`` (scribblelive-node maps "first" to
  ``/page/0``). ``apiv1secure.scribblelive.com`` and an ``/api/rest`` prefix are the same API.
- ``/event/{id}/all?Token=…&format=json&Since=2015/07/24 09:39:18``: what changed since a UTC
  time (``Posts`` new, ``Edits`` edited, ``Deletes`` deleted); one public client builds
  ``Since`` as ``Y/M/D H:M:S`` in UTC from the previous answer's ``LastModified``.
- embeds: ``<div class="scrbbl-embed" data-src="/event/{id}">`` (also ``/board/``,
  ``/timeline/``; an optional theme id follows) with ``embed.scribblelive.com/widgets/embed.js``,
  or an iframe/script to ``embed.scribblelive.com/Embed/v5.aspx?Id={id}``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from tui_liveblog.errors import FetchError
from tui_liveblog.hints import Hints
from tui_liveblog.sources.base import Options
from tui_liveblog.sources.common import safe_int

API_ROOT = "https://apiv1.scribblelive.com"
HOW_TO_TOKEN = "pass --token or set scribblelive_token in the config"
NEEDS_TOKEN = f"ScribbleLive needs an API token, {HOW_TO_TOKEN}"

# /event/{id} anywhere in a path (after an optional /api/rest or a mirror's own prefix)
_EVENT_PATH = re.compile(r"^(?P<prefix>.*?)/event/(?P<id>\d{1,18})(?P<rest>/.*)?$", re.IGNORECASE)
_PAGE_REST = re.compile(r"^/page/(?P<page>last|first|\d{1,9})/?$", re.IGNORECASE)
_ALL_REST = re.compile(r"^/all/?$", re.IGNORECASE)
_EMBED_PAGE = re.compile(r"/embed/v\d+\.aspx$", re.IGNORECASE)
_ID_PARAMS = ("id", "threadid", "eventid")

# an embed in a page: the scrbbl-embed element's data-src, or the v5.aspx embed URL
_SCRBBL_TAG = re.compile(rb"<[a-z][a-z0-9]*\b[^>]*\bscrbbl-embed\b[^>]*>", re.IGNORECASE)
_DATA_SRC = re.compile(
    rb"""\bdata-src\s*=\s*["']?\s*/?(?:event|board|timeline)/(\d{1,18})\b""", re.IGNORECASE
)
_EMBED_URL = re.compile(
    rb"""embed\.scribblelive\.com/embed/v\d+\.aspx\?(?:[^"'\s<>]*?(?:&amp;|&|;))?(?:thread)?id=(\d{1,18})""",
    re.IGNORECASE,
)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_scribblelive_host(url: str) -> bool:
    host = _host(url)
    return host == "scribblelive.com" or host.endswith(".scribblelive.com")


def _query(url: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(urlsplit(url).query, keep_blank_values=True)
    except ValueError:
        return []


def _param(pairs: list[tuple[str, str]], name: str) -> str | None:
    for key, value in pairs:
        if key.lower() == name:
            return value
    return None


def event_path(url: str) -> tuple[str, str, str] | None:
    """``(prefix, event id, rest)`` of a URL whose path holds ``/event/{id}``, else None."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _EVENT_PATH.match(path)
    if not m:
        return None
    return m.group("prefix"), m.group("id"), m.group("rest") or ""


def event_id(url: str) -> str | None:
    """The numeric event id an URL names: ``/event/{id}`` in its path, else ``Id=`` etc."""
    found = event_path(url)
    if found is not None:
        return found[1]
    if not is_scribblelive_host(url):
        return None
    pairs = _query(url)
    for name in _ID_PARAMS:
        value = _param(pairs, name)
        if value and value.strip().isascii() and value.strip().isdigit():
            return value.strip()
    return None


def url_matches(url: str) -> bool:
    """An API v1 event URL, an ``Embed/v5.aspx?Id=`` embed, or another scribblelive.com event URL."""
    if not is_scribblelive_host(url):
        return False
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    if _EMBED_PAGE.search(path):
        return event_id(url) is not None
    return "/event/" in path.lower() or path.lower().endswith("/event")


def page_of(url: str) -> str | None:
    """``"last"``, a page number, ``"all"`` (with or without ``Since``) or None (no /event/ path)."""
    found = event_path(url)
    if found is None:
        return None
    rest = found[2]
    m = _PAGE_REST.match(rest)
    if m:
        page = m.group("page").lower()
        return "0" if page == "first" else page
    if _ALL_REST.match(rest):
        return "all"
    return "event" if rest.strip("/") == "" else None


def is_poll(url: str) -> bool:
    return page_of(url) == "all" and _param(_query(url), "since") is not None


def token_of(url: str) -> str | None:
    value = _param(_query(url), "token")
    return value or None


def _api(prefix_url: str, event: str, rest: str, pairs: list[tuple[str, str]]) -> str:
    """``prefix_url`` (scheme://host/prefix) + ``/event/{id}{rest}`` + the query, format=json kept."""
    kept = [(k, v) for k, v in pairs if k.lower() != "format"]
    kept.append(("format", "json"))
    return f"{prefix_url}/event/{event}{rest}?{urlencode(kept, quote_via=quote, safe='/:')}"


def _require(token: str | None) -> str:
    if not token:
        raise FetchError(NEEDS_TOKEN)
    return token


def api_url_for(url: str, options: Options) -> str | None:
    """The API v1 page to fetch for a user-facing ScribbleLive URL (see the module docstring)."""
    if not is_scribblelive_host(url):
        return None
    event = event_id(url)
    if event is None:
        return None  # a scribblelive.com page naming no numeric id: fetched as it is
    pairs = [(k, v) for k, v in _query(url) if k.lower() not in ("token", *_ID_PARAMS)]
    token = token_of(url) or options.token
    found = event_path(url)
    host = _host(url)
    if found is not None and host.startswith("apiv1"):
        parts = urlsplit(url)
        prefix_url = f"{parts.scheme or 'https'}://{parts.netloc}{found[0]}"
        page = page_of(url)
        rest = found[2].rstrip("/") if page not in (None, "event") else "/page/last"
    else:  # an embed or a www/white-label event URL: the API's newest page
        prefix_url, rest, pairs = API_ROOT, "/page/last", []
    pairs = [("Token", _require(token)), *pairs]
    return _api(prefix_url, event, rest, pairs)


def discover_event(data: bytes) -> str | None:
    """The event id a page embedding ScribbleLive names, or None."""
    head = data[:4_000_000]
    for tag in _SCRBBL_TAG.finditer(head):
        m = _DATA_SRC.search(tag.group(0))
        if m:
            return m.group(1).decode("ascii")
    m = _EMBED_URL.search(head)
    return m.group(1).decode("ascii") if m else None


def sniff_embed(head: bytes) -> bool:
    lowered = head.lower()
    if b"scrbbl-embed" in lowered and b"data-src" in lowered:
        return True
    return b"embed.scribblelive.com/embed/v" in lowered


def api_url_for_event(event: str, options: Options) -> str:
    return _api(API_ROOT, event, "/page/last", [("Token", _require(options.token))])


def _rebuilt(url: str, rest: str, extra: list[tuple[str, str]]) -> str | None:
    found = event_path(url)
    if found is None:
        return None
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in _query(url) if k.lower() not in ("since", "format")]
    return _api(f"{parts.scheme}://{parts.netloc}{found[0]}", found[1], rest, extra + pairs)


def poll_url_for(url: str, hints: Hints) -> str | None:
    """``/event/{id}/all?Since=…`` from the fetched URL's path, Token and other params kept."""
    since = hints.newer
    if not isinstance(since, str) or not since.strip():
        return None
    return _rebuilt(url, "/all", [("Since", since)])


def older_url_for(url: str, hints: Hints) -> str | None:
    """``/event/{id}/page/{k}`` for the ``older`` hint, from the fetched URL's path."""
    older = safe_int(hints.older, max_digits=9)
    if older is None or older < 0:
        return None
    return _rebuilt(url, f"/page/{older}", [])


def public_url(url: str) -> str:
    """The blog's URL: the event's API resource (``…/event/{id}``), never with the Token.

    Polls and older pages fetch other paths of the same event; the blog keeps one URL. A URL
    without ``/event/{id}`` (a file, a page) is kept with any ``Token`` parameter removed.
    """
    found = event_path(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if found is not None and parts.scheme in ("http", "https"):
        return f"{parts.scheme}://{parts.netloc}{found[0]}/event/{found[1]}"
    if not parts.query or "token" not in parts.query.lower():
        return url
    pairs = [(k, v) for k, v in _query(url) if k.lower() != "token"]
    return urlunsplit(parts._replace(query=urlencode(pairs)))


def since_cursor(moment: datetime) -> str:
    """The ``Since=`` form (UTC, to the second): ``2014/04/25 09:59:26``."""
    return moment.astimezone(UTC).strftime("%Y/%m/%d %H:%M:%S")
