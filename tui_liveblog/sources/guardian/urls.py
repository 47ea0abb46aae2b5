"""Guardian Content API URLs: which item a theguardian.com page is, the ``show-blocks`` selections
for the first fetch, polls and older pages, and the API key kept out of anything shown.

Part of :mod:`tui_liveblog.sources.guardian`. Block selections (CAPI's ``show-blocks``, a comma
list) come back in ``blocks.requestedBodyBlocks`` keyed by the selection itself; only ``body`` and
``all`` fill ``blocks.body``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

API_HOST = "content.guardianapis.com"
SITE_HOSTS = frozenset({"theguardian.com", "www.theguardian.com", "amp.theguardian.com"})
# CAPI endpoints that list things: not one item
_LIST_ENDPOINTS = frozenset({"search", "tags", "sections", "editions"})

DEFAULT_KEY = "test"  # the Guardian's shared developer key (rate-limited)
LATEST = 50  # body blocks asked for on a full fetch
AROUND = 50  # blocks either side of the cursor on an older page

# what the Guardian's own site asks for (newest page, the first block, key events, summaries,
# pinned posts): the key events and the pinned post are worth having before any paging back
FIRST_BLOCKS = f"main,body:latest:{LATEST},body:oldest:1,body:key-events,body:summary,body:pinned"
FIELDS = "liveBloggingNow"
TAGS = "contributor"  # block ``contributors`` are contributor tag ids: the tags give their names

SHOW_BLOCKS = "show-blocks"
API_KEY = "api-key"

_BLOCK_ID = re.compile(r"[A-Za-z0-9_-]{1,100}\Z")
_AROUND = re.compile(r"(?:^|,)body:around:([A-Za-z0-9_-]+)")


def host_of(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    return (parts.hostname or "").lower()


def item_path(url: str) -> str | None:
    """The Content API item a ``content.guardianapis.com`` URL names, or None (a list, no path)."""
    if host_of(url) != API_HOST:
        return None
    path = urlsplit(url).path.strip("/")
    if not path or path.split("/", 1)[0] in _LIST_ENDPOINTS:
        return None
    return path


def live_page_path(url: str) -> str | None:
    """The item path of a theguardian.com live blog page (``/…/live/…``), or None."""
    if host_of(url) not in SITE_HOSTS:
        return None
    path = urlsplit(url).path
    if "/live/" not in path:
        return None
    path = path.strip("/")
    if path.endswith(".json"):
        path = path[: -len(".json")]
    return path or None


def params(url: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(urlsplit(url).query, keep_blank_values=True)
    except ValueError:
        return []


def param(url: str, name: str) -> str | None:
    for key, value in params(url):
        if key == name:
            return value
    return None


def with_params(url: str, updates: dict[str, str], *, only_missing: bool = False) -> str:
    """``url`` with its query parameters set (in place, else appended), others kept as they are."""
    parts = urlsplit(url)
    pairs = params(url)
    present = {key for key, _ in pairs}
    out: list[tuple[str, str]] = []
    done: set[str] = set()
    for key, value in pairs:
        if key in updates and not only_missing:
            if key in done:
                continue  # a repeated parameter: set once
            value = updates[key]
            done.add(key)
        out.append((key, value))
    for key, value in updates.items():
        if key not in present:
            out.append((key, value))
    query = urlencode(out, safe=":,/", quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def without_key(url: str) -> str:
    """``url`` without its ``api-key`` parameter: what may be shown, cached or printed."""
    if API_KEY not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    pairs = [(k, v) for k, v in params(url) if k != API_KEY]
    query = urlencode(pairs, safe=":,/", quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def api_item_url(path: str, api_key: str) -> str:
    query = urlencode(
        [
            (SHOW_BLOCKS, FIRST_BLOCKS),
            ("show-fields", FIELDS),
            ("show-tags", TAGS),
            (API_KEY, api_key),
        ],
        safe=":,/",
        quote_via=quote,
    )
    return f"https://{API_HOST}/{quote(path, safe='/-_.~')}?{query}"


def safe_block_id(value: object) -> str | None:
    """A block id fit to put in a ``show-blocks`` selection (no commas, colons or spaces)."""
    if isinstance(value, str) and _BLOCK_ID.match(value):
        return value
    return None


def around_id(url: str) -> str | None:
    """The block an older page was asked around (``body:around:<id>``), if it was one."""
    blocks = param(url, SHOW_BLOCKS)
    if not blocks:
        return None
    m = _AROUND.search(blocks)
    return m.group(1) if m else None


def poll_blocks(newer: int) -> str:
    return f"main,body:published-since:{newer}"


def older_blocks(block_id: str) -> str:
    # the first block comes too: when it is among the page, there is nothing older
    return f"body:around:{block_id}:{AROUND},body:oldest:1"
