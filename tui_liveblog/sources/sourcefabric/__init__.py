"""Sourcefabric (Superdesk) Liveblog: the public ``client_blogs/<id>/posts`` API.

What the API does, and what this module does about it:

- v1 answers are Eve listings ``{"_items": [...], "_meta": {page, max_results, total},
  "_links": {next…}}`` of post packages whose items sit in ``groups[id=main].refs[].item``;
  v2 answers (``/api/v2/client_blogs/<id>/posts``) carry them as ``items[]``. The default
  theme's test data wraps a listing as ``{"posts": {...}}`` (and may add ``"stickyPosts"``);
  a single post document reads as a one-post listing. Items are read by
  :mod:`.items`.
- An unfiltered v1 listing holds everything: tombstones (``deleted: true``), drafts,
  contributions waiting for an editor (``post_status: submitted``), readers' comments waiting
  for moderation (``post_status: comment``, never published) and posts an editor unpublished.
  None is an entry; their ids go to ``Snapshot.removed_ids`` so a cached copy becomes deleted.
- ``sticky`` → pinned; ``lb_highlight`` (Liveblog 3.3+) or ``highlight`` (older) → key event.
- ``published_date`` is the first publication (``_created`` when absent). Edits are
  ``content_updated_date`` (``_updated`` also moves on pinning, highlighting or reordering,
  so it is only the fallback), counted only when later than the publication.
- Authors: a comment's ``commenter``, else the syndicated creator, ``original_creator`` (a user
  object on newer servers, a bare id on older ones) or ``publisher``, by display name; the user
  objects carry e-mail addresses, which are never read.
- The blog's title, description and ``blog_status`` (open/closed) are not in the listing: the
  ``blog`` companion fetches ``/api/client_blogs/<id>``; without it the title is
  ``Liveblog <id>`` and liveness unknown. v2 listings leave pinned posts out unless asked
  (``sticky=1``): the ``sticky`` companion asks.
- Polling (v1): posts whose ``_updated`` is at or after the newest one seen (hint ``newer``),
  oldest first, which also brings deletions and unpublishing. v2 cannot ask for changes: it is
  re-read whole. Paging back: hint ``older`` is the next page number.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from datetime import datetime
from typing import Any

import orjson

from tui_liveblog.content import inline_text
from tui_liveblog.dates import iso, parse_any
from tui_liveblog.errors import ParseError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Entry, Snapshot, sort_entries
from tui_liveblog.sources.base import Extras, Headers, Options, Source
from tui_liveblog.sources.common import cap_entries, link_base, safe_int, without_credentials
from tui_liveblog.sources.sourcefabric.items import (
    BodyParts,
    add_item,
    commenter,
    item_type,
    person_name,
)
from tui_liveblog.sources.sourcefabric.urls import (
    blog_id,
    blog_url,
    is_posts_url,
    sticky_url,
)
from tui_liveblog.sources.sourcefabric.urls import older_url as _older_url
from tui_liveblog.sources.sourcefabric.urls import poll_url as _poll_url

KIND = "sourcefabric"

_NOT_FOUND = "no Sourcefabric Liveblog posts found (expected a client_blogs/<id>/posts listing)"
_POST_KEYS = ("groups", "items", "post_status")
_COMMENT_TYPES = frozenset({"comment", "post_comment"})


# -- detection and URLs -------------------------------------------------------------------------


def url_matches(url: str) -> bool:
    """``/api/client_blogs/<id>/posts`` or ``/api/v2/client_blogs/<id>/posts``, on any host."""
    return is_posts_url(url)


def sniff(head: bytes, content_type: str | None) -> bool:
    """A JSON object listing posts (``_items`` of post packages), bare or as ``{"posts": …}``,
    or a single post package."""
    start = head[:256].lstrip()
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:].lstrip()
    if not start.startswith(b"{"):
        return False
    listing = b'"_items"' in head or b'"particular_type"' in head
    posts = b'"post_status"' in head or b'"lb_highlight"' in head or b'"item_type"' in head
    return listing and posts


def companions(url: str, options: Options) -> dict[str, str]:
    """The blog's own document (title, status) and, for v2, its pinned posts."""
    wanted: dict[str, str] = {}
    blog = blog_url(url)
    if blog:
        wanted["blog"] = blog
    sticky = sticky_url(url)
    if sticky:
        wanted["sticky"] = sticky
    return wanted


def poll_url(url: str, hints: Hints) -> str | None:
    """v1: the same listing asking for posts updated since hint ``newer``; v2: None."""
    return _poll_url(url, hints)


def older_url(url: str, hints: Hints) -> str | None:
    """The listing's page number hint ``older``."""
    return _older_url(url, hints)


# -- reading the document -----------------------------------------------------------------------


def _load(data: bytes, what: str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as err:
        reason = str(err).split(":", 1)[0]
        raise ParseError(f"{what} is not valid JSON ({reason})") from None


def _looks_like_post(value: Any) -> bool:
    return isinstance(value, Mapping) and any(key in value for key in _POST_KEYS)


def _listings(doc: Any) -> list[Mapping[str, Any]]:
    """The Eve listings in a document: itself, its ``posts``/``stickyPosts``, or one post."""
    if not isinstance(doc, Mapping):
        return []
    if isinstance(doc.get("_items"), list):
        return [doc]
    found = [
        doc[key]
        for key in ("posts", "stickyPosts")
        if isinstance(doc.get(key), Mapping) and isinstance(doc[key].get("_items"), list)
    ]
    if found:
        return found
    if _looks_like_post(doc) and "_id" in doc:
        return [{"_items": [doc]}]
    return []


def _posts(listings: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [p for listing in listings for p in listing["_items"] if isinstance(p, Mapping)]


def _next_page(listing: Mapping[str, Any]) -> int | None:
    """The page after this one, or None on the last page (from ``_meta``, else ``_links``)."""
    meta = listing.get("_meta")
    if isinstance(meta, Mapping):
        page, size, total = (safe_int(meta.get(k)) for k in ("page", "max_results", "total"))
        if size and size > 0 and total is not None:
            page = page if page and page > 0 else 1
            return page + 1 if page * size < total else None
    links = listing.get("_links")
    nxt = links.get("next") if isinstance(links, Mapping) else None
    href = nxt.get("href") if isinstance(nxt, Mapping) else None
    if isinstance(href, str) and "page=" in href:
        number = safe_int(href.split("page=", 1)[1].split("&", 1)[0], max_digits=9)
        return number if number is not None and number > 1 else None
    return None


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "1"))


def _time(value: Any) -> datetime | None:
    return parse_any(value) if isinstance(value, str | int | float) else None


def _items(post: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], str]]:
    """The post's items with their types: v2 ``items[]``, else ``groups[id=main].refs[].item``."""
    items = post.get("items")
    if isinstance(items, list):
        return [(i, item_type(i)) for i in items if isinstance(i, Mapping)]
    groups = [g for g in post.get("groups") or () if isinstance(g, Mapping)]
    main = [g for g in groups if g.get("id") == "main"] or groups
    out: list[tuple[Mapping[str, Any], str]] = []
    for group in main:
        refs = group.get("refs")
        for ref in refs if isinstance(refs, list) else ():
            item = ref.get("item") if isinstance(ref, Mapping) else None
            if isinstance(item, Mapping):
                out.append((item, item_type(item, ref)))
    return out


def _authors(
    post: Mapping[str, Any], items: list[tuple[Mapping[str, Any], str]]
) -> tuple[str, ...]:
    first = items[0][0] if items else {}
    name = commenter(first) if items and items[0][1] in _COMMENT_TYPES else None
    for value in (
        post.get("syndicated_creator"),
        first.get("syndicated_creator"),
        post.get("original_creator"),
        post.get("publisher"),
    ):
        name = name or person_name(value)
    return (name,) if name else ()


def _is_published(post: Mapping[str, Any]) -> bool:
    if _flag(post.get("deleted")):
        return False
    # "open": published; "comment": a reader's comment the public listing serves (the default
    # theme's own test answer carries one); "draft" and "submitted" never reached readers
    status = post.get("post_status")
    return status is None or (
        isinstance(status, str) and status.strip().lower() in ("open", "comment")
    )


def _entry(post: Mapping[str, Any], post_id: str, base: str | None) -> Entry:
    items = _items(post)
    parts = BodyParts(base)
    for item, kind in items:
        add_item(parts, item, kind)
    body, text = parts.body()
    published = _time(post.get("published_date")) or _time(post.get("_created"))
    edited = _time(post.get("content_updated_date")) or _time(post.get("_updated"))
    headline = post.get("headline")
    return Entry(
        id=post_id,
        published=published,
        updated=edited if published and edited and edited > published else None,
        authors=_authors(post, items),
        title=inline_text(headline) if isinstance(headline, str) else None,
        body=body,
        text=text,
        links=tuple(parts.links),
        media=tuple(parts.media),
        pinned=_flag(post.get("sticky")),
        key_event=_flag(post.get("lb_highlight")) or _flag(post.get("highlight")),
    )


def _post_id(post: Mapping[str, Any]) -> str | None:
    value = post.get("_id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    ident = inline_text(value) if isinstance(value, str) else None
    return ident[:500] if ident else None


def _read(
    posts: list[Mapping[str, Any]], base: str | None, warnings: list[str]
) -> tuple[list[Entry], list[str], datetime | None]:
    """Entries, removed ids, and the newest ``_updated`` seen. A post listed twice (a page and
    the pinned posts) is read once, in its latest version."""
    latest: dict[str, Mapping[str, Any]] = {}
    newest: datetime | None = None
    for post in posts:
        post_id = _post_id(post)
        updated = _time(post.get("_updated"))
        if updated and (newest is None or updated > newest):
            newest = updated
        if post_id is None:
            continue
        seen = latest.get(post_id)
        if seen is None or (updated and updated > (_time(seen.get("_updated")) or updated)):
            latest[post_id] = post
    entries: list[Entry] = []
    removed: list[str] = []
    unreadable = 0
    for post_id, post in latest.items():
        if not _is_published(post):
            removed.append(post_id)
            continue
        try:
            entries.append(_entry(post, post_id, base))
        except (AttributeError, TypeError, ValueError, KeyError, RecursionError):
            unreadable += 1  # a shape never seen: the rest of the blog still reads
    if unreadable:
        warnings.append(f"skipped {unreadable} post(s) whose content could not be read")
    return entries, removed, newest


def _blog(url: str, extra: bytes | None, posts: list[Mapping[str, Any]]) -> Blog:
    shown = without_credentials(url)
    doc: Any = None
    if extra:
        try:
            doc = orjson.loads(extra)
        except orjson.JSONDecodeError:
            doc = None
    info: Mapping[str, Any] = doc if isinstance(doc, Mapping) else {}
    title = info.get("title")
    name = inline_text(title) if isinstance(title, str) else None
    if not name:
        ident = blog_id(url) or next(
            (p["blog"] for p in posts if isinstance(p.get("blog"), str) and p["blog"]), None
        )
        name = f"Liveblog {inline_text(ident)}" if ident and inline_text(ident) else shown
    status = info.get("blog_status")
    status = status.strip().lower() if isinstance(status, str) else None
    live = True if status == "open" else False if status in ("closed", "deleted") else None
    description = info.get("description")
    return Blog(
        url=shown,
        title=name,
        source=KIND,
        live=live,
        coverage_start=_time(info.get("start_date")),
        description=inline_text(description) if isinstance(description, str) else None,
    )


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Parse a ``client_blogs/<id>/posts`` answer (v1 or v2), with its companions if given."""
    if not data.strip():
        raise ParseError("the document is empty")
    listings = _listings(_load(data, "the Liveblog posts listing"))
    if not listings:
        raise ParseError(_NOT_FOUND)
    posts = _posts(listings)
    if posts and not any(_looks_like_post(p) for p in posts):
        raise ParseError(f"{_NOT_FOUND}: its _items are not posts")
    sticky = (extras or {}).get("sticky")
    if sticky:
        with suppress(orjson.JSONDecodeError):  # a companion is a nicety
            posts += _posts(_listings(orjson.loads(sticky)))
    warnings: list[str] = []
    base = link_base(url)  # (never the query: it may carry a token)
    entries, removed, newest = _read(posts, base, warnings)
    entries = cap_entries(entries, warnings)
    older = _next_page(listings[0])
    hints = Hints(
        newer=iso(newest) if newest is not None else None,
        older=older,
        older_end=older is None,
    )
    return Snapshot(
        blog=_blog(url, (extras or {}).get("blog"), posts),
        entries=tuple(sort_entries(entries)),
        warnings=tuple(warnings),
        hints=hints,
        removed_ids=tuple(removed),
    )


SOURCE = Source(
    kind=KIND,
    url_matches=url_matches,
    sniff=sniff,
    parse=parse,
    companions=companions,
    poll_url=poll_url,
    older_url=older_url,
)
