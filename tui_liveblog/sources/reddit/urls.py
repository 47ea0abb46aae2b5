"""Reddit live thread URLs: recognising them, and the API, companion, poll and paging URLs.

A thread lives at ``reddit.com/live/<id>`` (``www.``, ``old.``, ``new.``, ``np.``, ``m.`` or no
subdomain), possibly followed by ``/updates/<uuid>``, ``/about``, ``.json`` or a query. Its
updates are read from ``https://www.reddit.com/live/<id>.json?raw_json=1&limit=100`` (100 is the
server's maximum; ``raw_json=1`` turns off Reddit's legacy ``&lt;``/``&amp;`` escaping), the
thread itself from ``/live/<id>/about.json``. The listing pages with ``before=<name>`` (updates
newer than that one) and ``after=<name>`` (older ones), where ``<name>`` is an update's fullname,
``LiveUpdate_<uuid>``.

A URL on another host whose path has the same ``/live/<id>`` shape (a mirror on 127.0.0.1 in
tests) keeps its host: its companion and poll URLs are built from its own path.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from tui_liveblog.sources.common import without_credentials

API_ORIGIN = "https://www.reddit.com"
LISTING_QUERY = "raw_json=1&limit=100"

_HOST = re.compile(r"^(?:(?:www|old|new|np|m)\.)?reddit\.com$")
# /live/<id>, /live/<id>.json, /live/<id>/…; thread ids are short base-36 strings
_THREAD_PATH = re.compile(r"^/live/([A-Za-z0-9]{1,40})(?:\.json)?(?:/.*)?$", re.DOTALL)
# an update's fullname, the listing's paging cursor
CURSOR = re.compile(r"^LiveUpdate_[A-Za-z0-9-]{1,80}$")
_PAGING_KEYS = frozenset({"before", "after", "count"})


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts


def _reddit(parts: SplitResult) -> bool:
    return bool(_HOST.match((parts.hostname or "").lower()))


def is_reddit_host(url: str) -> bool:
    parts = _split(url)
    return parts is not None and _reddit(parts)


def thread_id(url: str) -> str | None:
    """The live thread id in an http(s) URL's path (any host), or None."""
    parts = _split(url)
    if parts is None:
        return None
    m = _THREAD_PATH.match(parts.path)
    return m.group(1) if m else None


def url_matches(url: str) -> bool:
    return is_reddit_host(url) and thread_id(url) is not None


def api_url(url: str) -> str | None:
    if not url_matches(url):
        return None
    return f"{API_ORIGIN}/live/{thread_id(url)}.json?{LISTING_QUERY}"


def _origin(url: str) -> str | None:
    parts = _split(url)
    if parts is None:
        return None
    if _reddit(parts):
        return API_ORIGIN
    return f"{parts.scheme.lower()}://{parts.netloc}"


def about_url(url: str) -> str | None:
    """``…/live/<id>/about.json?raw_json=1`` on the URL's own host (reddit.com: www)."""
    tid = thread_id(url)
    origin = _origin(url)
    if tid is None or origin is None:
        return None
    return f"{origin}/live/{tid}/about.json?raw_json=1"


def thread_url(url: str) -> str | None:
    """The thread's page on the URL's own host (reddit.com: www), for update links; never
    with a user name or password the URL carried."""
    tid = thread_id(url)
    origin = _origin(url)
    if tid is None or origin is None:
        return None
    return without_credentials(f"{origin}/live/{tid}")


def blog_url(url: str) -> str:
    """The blog's URL: a reddit.com thread's page (``https://www.reddit.com/live/<id>``) for
    any reddit.com URL of it (the API listing, a poll, an update), else the URL fetched (a
    mirror, a file) without credentials."""
    parts = _split(url)
    if parts is not None and _reddit(parts):
        page = thread_url(url)
        if page is not None:
            return page
    return without_credentials(url)


def cursor(value: object) -> str | None:
    """A listing cursor (an update's fullname) fit to put in a URL, else None."""
    if isinstance(value, str) and CURSOR.match(value):
        return value
    return None


def with_cursor(url: str, key: str, value: str) -> str | None:
    """The listing URL with ``key=value`` in place of any paging parameters.

    A reddit.com thread URL that is not the API listing is turned into it first.
    """
    parts = _split(url)
    if parts is not None and _reddit(parts) and not parts.path.endswith(".json"):
        url = api_url(url) or url
        parts = _split(url)
    if parts is None or thread_id(url) is None:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k.lower() not in _PAGING_KEYS]
    query.append((key, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
