"""Sourcefabric Liveblog API URLs: which URLs are posts listings, the blog document beside
them, the incremental poll and the next page. Part of :mod:`tui_liveblog.sources.sourcefabric`.

Everything is derived from the URL fetched (scheme, host, any path prefix before ``/api``), so
self-hosted instances and a loopback mirror work alike.

- v1, ``/api/client_blogs/<id>/posts`` (also ``/api/client_blogs/<id>/<output id>/posts``): an
  Eve listing backed by Elasticsearch. The embed themes poll it with a ``source=`` query (an
  Elasticsearch body) whose filter is a ``range`` on ``_updated``; the livebridge client asks
  for ``_updated`` ascending so a long backlog comes in order across polls. Paging is
  ``page=`` / ``max_results=`` (server default 25).
- v2, ``/api/v2/client_blogs/<id>/posts``: a slimmer listing of published posts only, with
  ``page``, ``limit``, ``ordering``, ``sticky`` and ``highlight`` and no way to ask for what
  changed since a time; pinned posts come only with ``sticky=1``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from tui_liveblog.hints import Hints

_POSTS = re.compile(
    r"^(?P<prefix>.*?)/api/(?P<v2>v2/)?client_blogs/(?P<blog>[A-Za-z0-9_-]+)"
    r"(?:/[A-Za-z0-9_-]+)?/posts/?$"
)
# filter rules a poll must not keep: they would hide the edits, deletions and unpublishing it
# is for (the embed theme's own poll drops the same ones)
_HIDING_FIELDS = frozenset(
    {"sticky", "post_status", "deleted", "_updated", "content_updated_date", "published_date"}
)


def _match(url: str) -> tuple[SplitResult, re.Match[str]] | None:
    if not url.lower().startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    found = _POSTS.match(parts.path)
    return (parts, found) if found and parts.netloc else None


def is_posts_url(url: str) -> bool:
    return _match(url) is not None


def blog_id(url: str) -> str | None:
    found = _match(url)
    return found[1].group("blog") if found else None


def blog_url(url: str) -> str | None:
    """The blog's own document (title, description, ``blog_status``) for a posts URL."""
    found = _match(url)
    if found is None:
        return None
    parts, m = found
    path = f"{m.group('prefix')}/api/client_blogs/{m.group('blog')}"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _with_query(url: str, params: list[tuple[str, str]]) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


def sticky_url(url: str) -> str | None:
    """v2 lists pinned posts apart (``sticky=1``); None when the URL already says which."""
    found = _match(url)
    if found is None or not found[1].group("v2"):
        return None
    params = parse_qsl(found[0].query, keep_blank_values=True)
    if any(name == "sticky" for name, _ in params):
        return None
    kept = [(n, v) for n, v in params if n != "page"]
    return _with_query(url, [*kept, ("sticky", "1")])


def _field_of(rule: Any) -> str | None:
    """The field a ``term``/``terms``/``range``/``not`` filter rule tests, if it is one."""
    if not isinstance(rule, Mapping) or len(rule) != 1:
        return None
    kind, body = next(iter(rule.items()))
    if kind == "not":
        inner = body.get("filter", body) if isinstance(body, Mapping) else None
        return _field_of(inner)
    if kind in ("term", "terms", "range") and isinstance(body, Mapping) and len(body) == 1:
        name = next(iter(body))
        return name if isinstance(name, str) else None
    return None


def _and_rules(source: Mapping[str, Any]) -> list[Any]:
    query = source.get("query")
    filtered = query.get("filtered") if isinstance(query, Mapping) else None
    flt = filtered.get("filter") if isinstance(filtered, Mapping) else None
    rules = flt.get("and") if isinstance(flt, Mapping) else None
    return list(rules) if isinstance(rules, list) else []


def poll_source(old: str | None, newer: str) -> str:
    """The ``source=`` query for posts updated since ``newer``.

    Filters of the URL's own query that pick a subset (tags, highlights) are kept; those that
    would hide changes (status, deletion, sticky, other time ranges) are dropped.
    """
    base: Any = None
    if old:
        try:
            base = orjson.loads(old)
        except orjson.JSONDecodeError:
            base = None
    rules: list[Any] = []
    out: dict[str, Any] = {}
    if isinstance(base, Mapping):
        rules = [r for r in _and_rules(base) if _field_of(r) not in _HIDING_FIELDS]
        if isinstance(base.get("post_filter"), Mapping) and base["post_filter"]:
            out["post_filter"] = base["post_filter"]
    # gte, not gt: times are to the second, and a post updated later in the same second as the
    # newest one seen must not be missed (the one seen comes again and merges as unchanged)
    rules.append({"range": {"_updated": {"gte": newer}}})
    out["query"] = {"filtered": {"filter": {"and": rules}}}
    out["sort"] = [{"_updated": {"order": "asc"}}]
    return orjson.dumps(out).decode()


def poll_url(url: str, hints: Hints) -> str | None:
    found = _match(url)
    newer = hints.newer
    if found is None or found[1].group("v2") or not isinstance(newer, str) or not newer:
        return None
    params = parse_qsl(found[0].query, keep_blank_values=True)
    old = next((v for n, v in params if n == "source"), None)
    kept = [(n, v) for n, v in params if n not in ("source", "page")]
    return _with_query(url, [*kept, ("source", poll_source(old, newer))])


def older_url(url: str, hints: Hints) -> str | None:
    found = _match(url)
    page = hints.older
    if isinstance(page, str) and page.isdigit():
        page = int(page)
    if found is None or not isinstance(page, int) or isinstance(page, bool) or page < 2:
        return None
    params = parse_qsl(found[0].query, keep_blank_values=True)
    kept = [(n, v) for n, v in params if n != "page"]
    return _with_query(url, [*kept, ("page", str(page))])
