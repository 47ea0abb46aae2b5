"""ScribbleLive API v1 event JSON (and pages embedding ScribbleLive) → Snapshot.

ScribbleLive is defunct; the shapes here come from one real event page (ABC's "Anzac Day
2014", ``/event/560845/page/last``) and from public client code (scribblelive-wp,
scribblelive-node, newsroom widgets). What was *inferred* rather than seen in a real answer:
the ``/all?Since=`` answer (the event object with ``Posts`` new since then, ``Edits`` and
``Deletes``; ``Deletes`` items read as ``{Id}`` objects or bare ids), the ``Since`` format
(:func:`~tui_liveblog.sources.scribblelive.urls.since_cursor`), page numbering (0 = oldest,
``Pages - 1`` = ``last``), POLL posts and ``Rank``.

The event object: ``{Id, Title, Description, IsLive (0/1), IsDeleted, Start, End, Pages,
NumPosts, LastModified, Posts [...]}`` with .NET dates (``"\\/Date(ms+0000)\\/"``). Posts come
newest first; see :mod:`.posts` for a post's fields. Deleted
(``IsDeleted``) and unapproved (``IsApproved`` 0) posts are not entries: their ids go to
``removed_ids``, with every id in ``Deletes``.

Fetching: the API wants a token (``--token`` or ``scribblelive_token`` in the config);
:func:`api_url` turns an embed/event URL into the newest API page and :func:`discover` does
the same for a page embedding ScribbleLive; with no token both raise a one-line
:class:`~tui_liveblog.errors.FetchError`. The blog's URL never carries the token, and relative
links and media resolve against that public URL, never against the API URL (``#more`` would
become ``…?Token=…#more``).

Hints: ``newer`` is the ``Since`` cursor (the event's ``LastModified``, or the newest post
time seen, to the second, UTC); ``older`` the next older page number (None at page 0). Both
polls and older pages are built from the fetched URL's path, so a mirror serving
``…/event/{id}/page/last`` works too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from tui_liveblog.content import inline_text
from tui_liveblog.errors import ParseError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Entry, Snapshot, sort_entries
from tui_liveblog.sources.base import Extras, Headers, Options, Source
from tui_liveblog.sources.common import cap_entries, link_base, safe_int, without_credentials
from tui_liveblog.sources.scribblelive import urls
from tui_liveblog.sources.scribblelive.posts import build_entry, date, flag, post_id

KIND = "scribblelive"

# a JSONP answer (callback=…): ``name({...});``
_JSONP = re.compile(rb"^\s*[A-Za-z_$][\w$.]*\s*\(\s*(?P<body>\{.*\})\s*\)\s*;?\s*$", re.DOTALL)
_JSONP_START = re.compile(rb"^[A-Za-z_$][\w$.]*\s*\(\s*\{")
_BOM = b"\xef\xbb\xbf"


# -- detection and fetching --------------------------------------------------------------------


def url_matches(url: str) -> bool:
    return urls.url_matches(url)


def sniff(head: bytes, content_type: str | None) -> bool:
    """The API's event JSON (``"Posts"`` with .NET dates), or a page embedding ScribbleLive."""
    start = head[:256].lstrip().removeprefix(_BOM).lstrip()
    if (start[:1] == b"{" or _JSONP_START.match(start)) and b'"Posts"' in head:
        return b"/Date(" in head or b'"Deletes"' in head or b'"Edits"' in head
    return urls.sniff_embed(head)


def api_url(url: str, options: Options) -> str | None:
    """The API v1 page for an embed or event URL (raises FetchError without a token)."""
    return urls.api_url_for(url, options)


def discover(data: bytes, url: str, options: Options) -> str | None:
    """The API URL of the event a page embeds (raises FetchError without a token)."""
    if data.lstrip()[:1] in (b"{", b"["):
        return None
    event = urls.discover_event(data)
    return urls.api_url_for_event(event, options) if event else None


def poll_url(url: str, hints: Hints) -> str | None:
    return urls.poll_url_for(url, hints)


def older_url(url: str, hints: Hints) -> str | None:
    return urls.older_url_for(url, hints)


def http_error(status: int, url: str) -> str | None:
    if status in (401, 403):
        if urls.token_of(url):
            return (
                f"ScribbleLive refused the API token (HTTP {status}): check --token or "
                "scribblelive_token in the config"
            )
        return (
            f"ScribbleLive refused the request (HTTP {status}): it needs an API token, "
            f"{urls.HOW_TO_TOKEN}"
        )
    if status == 404 and urls.event_id(url) and not urls.is_poll(url):
        return f"ScribbleLive has no event {urls.event_id(url)} (HTTP 404)"
    return None


# -- parsing --------------------------------------------------------------------------------------


def _load(data: bytes) -> Any:
    body = data.removeprefix(_BOM)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as err:
        m = _JSONP.match(body)
        if m:
            try:
                return orjson.loads(m.group("body"))
            except orjson.JSONDecodeError:
                pass
        raise ParseError(f"not ScribbleLive API JSON: {err}") from None


def _items(root: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = root.get(key)
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _deleted_ids(root: Mapping[str, Any]) -> list[str]:
    value = root.get("Deletes")
    if not isinstance(value, list):
        value = [value] if value is not None else []
    ids: list[str] = []
    for item in value:
        ident = post_id(item) if isinstance(item, Mapping) else post_id({"Id": item})
        if ident:
            ids.append(ident)
    return ids


def _live(root: Mapping[str, Any], end: datetime | None) -> bool | None:
    if "IsLive" in root and root["IsLive"] is not None:
        return flag(root["IsLive"])
    if end is not None and end <= datetime.now(UTC):
        return False
    return None


def _older(url: str, root: Mapping[str, Any]) -> tuple[bool, int | None]:
    """(known, the next older page number) from the fetched URL and the event's ``Pages``."""
    page = urls.page_of(url)
    number = safe_int(page, max_digits=9)
    if number is not None:
        return True, number - 1 if number > 0 else None
    if page in ("last", "event"):
        count = safe_int(root.get("Pages"), max_digits=9)
        if count is not None:
            return True, count - 2 if count >= 2 else None
    return False, None


def _cursor(root: Mapping[str, Any], entries: list[Entry]) -> str | None:
    times = [date(root.get("LastModified"))]
    for entry in entries:
        times.extend((entry.published, entry.updated))
    found = [t for t in times if t is not None]
    return urls.since_cursor(max(found)) if found else None


def _entries(
    root: Mapping[str, Any], base: str, warnings: list[str]
) -> tuple[list[Entry], list[str]]:
    removed = _deleted_ids(root)
    gone = set(removed)
    by_id: dict[str, tuple[datetime | None, Entry]] = {}
    order: list[str] = []
    no_id = 0
    for key in ("Posts", "Edits"):
        for post in _items(root, key):
            ident = post_id(post)
            if ident is None:
                no_id += 1
                continue
            unpublished = "IsApproved" in post and not flag(post.get("IsApproved"))
            if flag(post.get("IsDeleted")) or unpublished:
                if ident not in gone:
                    gone.add(ident)
                    removed.append(ident)
                continue
            modified = date(post.get("LastModified"))
            seen = by_id.get(ident)
            if seen is not None and (modified is None or (seen[0] and seen[0] >= modified)):
                continue  # the same post twice: the later version wins
            entry = build_entry(post, base)
            if entry is None:
                continue
            if seen is None:
                order.append(ident)
            by_id[ident] = (modified, entry)
    if no_id:
        warnings.append(f"skipped {no_id} ScribbleLive post(s) with no id")
    entries = [by_id[i][1] for i in order if i not in gone]
    return cap_entries(entries, warnings), removed


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Parse an API v1 event answer (a page, ``/all``, or an ``/all?Since=`` poll)."""
    if data.lstrip().removeprefix(_BOM).lstrip()[:1] == b"<":
        event = urls.discover_event(data)
        if event:
            raise ParseError(
                f"this page embeds ScribbleLive event {event}, read through the ScribbleLive "
                f"API, which needs a token: {urls.HOW_TO_TOKEN}"
            )
        raise ParseError("not ScribbleLive API JSON")
    root = _load(data)
    if not isinstance(root, Mapping):
        raise ParseError("not a ScribbleLive event: the JSON is not an object")
    if not any(key in root for key in ("Posts", "Edits", "Deletes")):
        if "Content" in root and "Id" in root:  # a single post (/post/{id})
            root = {"Posts": [root]}
        else:
            message = root.get("Message") or root.get("error") or root.get("Error")
            if isinstance(message, str) and message.strip():
                raise ParseError(f"ScribbleLive answered: {inline_text(message) or 'an error'}")
            raise ParseError("not a ScribbleLive event: no Posts in this JSON")
    # relative links resolve against the event's public URL: never against the API URL, whose
    # query holds the token (``#more`` would become ``…?Token=…#more``)
    public = without_credentials(urls.public_url(url))
    base = link_base(public) or urls.API_ROOT + "/"
    warnings: list[str] = []
    entries, removed = _entries(root, base, warnings)
    start, end = date(root.get("Start")), date(root.get("End"))
    if start and end and end <= start:
        end = None
    event = urls.event_id(url) or post_id(root)
    title = root.get("Title")
    blog = Blog(
        url=public,
        title=(inline_text(title) if isinstance(title, str) else None)
        or (f"ScribbleLive event {event}" if event else "ScribbleLive event"),
        source=KIND,
        live=_live(root, end),
        coverage_start=start,
        coverage_end=end,
        description=inline_text(root["Description"])
        if isinstance(root.get("Description"), str)
        else None,
    )
    known, older = _older(url, root)
    page = urls.page_of(url)
    # an older page says nothing about "newer"
    newer = _cursor(root, entries) if safe_int(page) is None else None
    hints = Hints(newer=newer or None, older=older, older_end=known and older is None)
    return Snapshot(
        blog=blog,
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
    api_url=api_url,
    discover=discover,
    poll_url=poll_url,
    older_url=older_url,
    http_error=http_error,
)
