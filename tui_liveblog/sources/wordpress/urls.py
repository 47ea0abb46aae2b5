"""The WordPress liveblog plugin's REST URLs, in both of the forms WordPress serves them.

``WPCOM_Liveblog_Rest_Api::build_endpoint_base()`` makes the endpoint base
``home_url('/wp-json/liveblog/v1/')`` on a site with pretty permalinks (the ``wp-json``
prefix is ``rest_get_url_prefix()``, which a site may rename) and
``home_url('/?rest_route=/liveblog/v1/')`` without them; the post's endpoint is that base plus
``<post_id>/``, and the plugin's JavaScript appends the route to it as a string
(``entries/<start>/<end>/``, ``get-entries/<page>/<last_known_entry>``,
``lazyload/<max_time>/<min_time>``…). :class:`Endpoint` reads either form and builds the
other routes the same way, keeping the rest of the URL (host, prefix, other query
parameters) as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

_PATH = re.compile(r"^(?P<prefix>.*?/)liveblog/v1/(?P<post>\d{1,20})(?:/(?P<route>.*))?$")
_ROUTE = re.compile(r"^/?liveblog/v1/(?P<post>\d{1,20})(?:/(?P<route>.*))?$")

# the routes that read entries (GET); everything else (crud, preview, authors, hashtags,
# post_state, the bare endpoint) is not a document to read
READ_ROUTES = frozenset(
    {"entries", "get-entries", "lazyload", "entry", "get-key-events", "jump-to-key-event"}
)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A post's liveblog REST endpoint and the route a URL asked it for."""

    scheme: str
    netloc: str
    path_prefix: str  # pretty form: the path up to "liveblog/v1/" ("/wp-json/"); else the path
    query: str  # the query string without the rest_route parameter (pretty form: as given)
    rest_route: bool  # the ?rest_route= form
    post_id: str
    route: tuple[str, ...]  # the path segments after "<post_id>/", without empty ones

    @property
    def kind(self) -> str:
        """The route's name (``entries``, ``get-entries``…), ``""`` for the bare endpoint."""
        return self.route[0] if self.route else ""

    def url(self, *segments: str, trailing_slash: bool = False) -> str:
        """The URL of ``<endpoint>/<segments…>`` in this endpoint's own form."""
        route = "/".join((f"liveblog/v1/{self.post_id}", *segments))
        if trailing_slash:
            route += "/"
        if self.rest_route:
            param = f"rest_route=/{route}"
            query = f"{param}&{self.query}" if self.query else param
            return urlunsplit((self.scheme, self.netloc, self.path_prefix or "/", query, ""))
        return urlunsplit((self.scheme, self.netloc, self.path_prefix + route, self.query, ""))


def _segments(route: str | None) -> tuple[str, ...]:
    return tuple(s for s in (route or "").split("/") if s)


def endpoint_of(url: str) -> Endpoint | None:
    """The liveblog endpoint ``url`` addresses (either form), or None. http(s) only."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        return None
    if parts.query and "rest_route=" in parts.query:
        kept: list[str] = []
        found: re.Match[str] | None = None
        for pair in parts.query.split("&"):
            key, _, value = pair.partition("=")
            if key == "rest_route" and found is None:
                found = _ROUTE.match(unquote(value))
                if found is None:
                    return None  # another REST namespace
            elif pair:
                kept.append(pair)
        if found is not None:
            return Endpoint(
                scheme,
                parts.netloc,
                parts.path or "/",
                "&".join(kept),
                True,
                found.group("post"),
                _segments(found.group("route")),
            )
    m = _PATH.match(parts.path)
    if m is None:
        return None
    return Endpoint(
        scheme,
        parts.netloc,
        m.group("prefix"),
        parts.query,
        False,
        m.group("post"),
        _segments(m.group("route")),
    )


def api_root_endpoint(root: str, post_id: str) -> Endpoint | None:
    """The post's endpoint under a site's REST root (``<link rel="https://api.w.org/">``).

    The root is ``https://site/wp-json/`` or ``https://site/?rest_route=/``.
    """
    if not post_id.isdigit():
        return None
    try:
        parts = urlsplit(root.strip())
    except ValueError:
        return None
    if "rest_route=" in parts.query:
        query = "&".join(p for p in parts.query.split("&") if not p.startswith("rest_route="))
        built = urlunsplit(
            (
                parts.scheme,
                parts.netloc,
                parts.path or "/",
                f"rest_route=/liveblog/v1/{post_id}/",
                "",
            )
        )
        if query:
            built += "&" + query
        return endpoint_of(built)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return endpoint_of(
        urlunsplit((parts.scheme, parts.netloc, f"{path}liveblog/v1/{post_id}/", "", ""))
    )
