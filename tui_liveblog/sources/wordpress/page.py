"""A WordPress post page running the liveblog plugin → the plugin's REST endpoint for it.

The plugin hands its settings to its script with ``wp_localize_script``, which prints (in the
page footer, usually far past the first 64 KiB) ::

    <script id="liveblog-js-extra">
    var liveblog_settings = {"permalink":"https:\\/\\/site\\/2031\\/03\\/04\\/slug\\/",
        "post_id":"123", ..., "refresh_interval":"10", "use_rest_api":"1",
        "endpoint_url":"https:\\/\\/site\\/wp-json\\/liveblog\\/v1\\/123\\/", ...};
    </script>

JSON with escaped slashes, where ``wp_localize_script`` has turned every scalar into a string.
``endpoint_url`` is the post's REST endpoint (``/wp-json/liveblog/v1/<post>/`` or
``/?rest_route=/liveblog/v1/<post>/``); with ``use_rest_api`` off (WordPress before 4.4) it is
the legacy ``<permalink>/liveblog/`` endpoint, which this reader does not poll. When the
settings are missing or unreadable, the post id of ``<div id="wpcom-liveblog-container"
class="<post>">`` under the site's REST root (``<link rel="https://api.w.org/">``) is used.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import orjson

from tui_liveblog.sanitize import safe_url
from tui_liveblog.sources.wordpress.urls import Endpoint, api_root_endpoint, endpoint_of

_SETTINGS = re.compile(rb"\bliveblog_settings\s*=\s*\{")
_ENDPOINT_KEY = re.compile(rb'"endpoint_url"\s*:\s*("(?:[^"\\]|\\.){0,2000}")')
_POST_KEY = re.compile(rb'"post_id"\s*:\s*"?(\d{1,20})')
_REST_KEY = re.compile(rb'"use_rest_api"\s*:\s*"?(\w*)')
_CONTAINER = re.compile(
    rb"""<div\b[^>]*\bid\s*=\s*["']wpcom-liveblog-container["'][^>]*>""", re.IGNORECASE
)
_CLASS_POST = re.compile(rb"""\bclass\s*=\s*["']\s*(\d{1,20})\b""", re.IGNORECASE)
_API_LINK = re.compile(rb"""<link\b[^>]*\brel\s*=\s*["']https://api\.w\.org/["'][^>]*>""", re.I)
_HREF = re.compile(rb"""\bhref\s*=\s*["']([^"']{1,2000})["']""", re.IGNORECASE)
_MAX_SETTINGS = 1_000_000


def _object_end(data: bytes, start: int) -> int | None:
    """Index just past the JSON object opening at ``start`` (strings and escapes respected)."""
    depth = 0
    in_string = False
    escaped = False
    stop = min(len(data), start + _MAX_SETTINGS)
    for i in range(start, stop):
        c = data[i]
        if in_string:
            if escaped:
                escaped = False
            elif c == 0x5C:  # backslash
                escaped = True
            elif c == 0x22:
                in_string = False
        elif c == 0x22:
            in_string = True
        elif c == 0x7B:
            depth += 1
        elif c == 0x7D:
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def settings(data: bytes) -> dict[str, Any] | None:
    """The page's ``liveblog_settings`` object, or None. Values read leniently when it is not
    strict JSON (a theme's filter may add JavaScript to it)."""
    m = _SETTINGS.search(data)
    if m is None:
        return None
    start = m.end() - 1
    end = _object_end(data, start)
    raw = data[start:end] if end is not None else data[start : start + _MAX_SETTINGS]
    if end is not None:
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            return value
    found: dict[str, Any] = {}
    if em := _ENDPOINT_KEY.search(raw):
        with contextlib.suppress(orjson.JSONDecodeError):
            found["endpoint_url"] = orjson.loads(em.group(1))
    if pm := _POST_KEY.search(raw):
        found["post_id"] = pm.group(1).decode()
    if rm := _REST_KEY.search(raw):
        found["use_rest_api"] = rm.group(1).decode()
    return found


def _post_id(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return value.strip()
    return None


def _container_post(data: bytes) -> str | None:
    m = _CONTAINER.search(data)
    if m is None:
        return None
    cm = _CLASS_POST.search(m.group(0))
    return cm.group(1).decode() if cm else None


def _api_root(data: bytes, url: str) -> str | None:
    m = _API_LINK.search(data)
    if m is None:
        return None
    hm = _HREF.search(m.group(0))
    if hm is None:
        return None
    href = (
        hm.group(1).decode("utf-8", errors="replace").replace("&#038;", "&").replace("&amp;", "&")
    )
    base = url if url.lower().startswith(("http://", "https://")) else None
    return safe_url(href, base)


def find_endpoint(data: bytes, url: str) -> Endpoint | None:
    """The liveblog REST endpoint a post page names, or None."""
    found = settings(data)
    base = url if url.lower().startswith(("http://", "https://")) else None
    post = None
    if found is not None:
        raw = found.get("endpoint_url")
        if isinstance(raw, str) and raw.strip():
            absolute = safe_url(raw.strip(), base)
            endpoint = endpoint_of(absolute) if absolute else None
            if endpoint is not None:
                return endpoint
            if str(found.get("use_rest_api", "1")).strip() in ("0", "", "false"):
                return None  # the legacy admin-ajax style endpoint: not polled
        post = _post_id(found.get("post_id"))
    post = post or _container_post(data)
    root = _api_root(data, url) if post else None
    return api_root_endpoint(root, post) if root and post else None
