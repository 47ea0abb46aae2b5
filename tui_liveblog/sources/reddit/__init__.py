"""Reddit live threads (``reddit.com/live/<id>``) → :class:`~tui_liveblog.model.Snapshot`.

Reddit's quirks, and what this module does about them:

- the thread page is not read: :func:`api_url` asks for ``/live/<id>.json?raw_json=1&limit=100``
  (a ``Listing`` of ``LiveUpdate`` objects, newest first, at most 100 a page), and
  :func:`companions` for ``/live/<id>/about.json`` (a ``LiveUpdateEvent``: title,
  description, ``state`` live/complete). Without the about document (it failed, or a poll) the
  blog is titled from the URL and its live state is unknown;
- ``created_utc`` is the update's time (``created`` is a legacy local time, 8 hours off);
- ``body_html`` may arrive entity-escaped (no ``raw_json=1``): unescaped once; without it the
  Markdown ``body`` is read as plain text;
- ``stricken`` updates (struck out by the thread's contributors) are kept, marked deleted;
  ``embeds`` become media;
- polling: ``before=<fullname of the newest update>`` returns only newer updates, paging back:
  ``after=<data.after>`` (null at the end). ``before=`` never shows an update stricken later, so
  every ``full_every`` polls a full refresh is made;
- Reddit blocks anonymous reading of some threads (401/403, or a sign-in web page instead of
  the JSON): said in one clear line.

Entry ids are the updates' uuids (``id``; ``name`` without its ``LiveUpdate_`` prefix). The
blog's URL is the thread's page (``https://www.reddit.com/live/<id>``), not the API listing
fetched; a mirror or a file keeps the URL read (without credentials). The URL helpers are in
:mod:`.urls`, the update and about readers in :mod:`.entries`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

from tui_liveblog.errors import ParseError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Entry, Snapshot, sort_entries
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.base import DEFAULT_OPTIONS, Extras, Headers, Options, Source
from tui_liveblog.sources.common import cap_entries
from tui_liveblog.sources.reddit import urls
from tui_liveblog.sources.reddit.entries import About, Update, about, update

KIND = "reddit"

_KIND_MARK = re.compile(rb'"kind"\s*:\s*"LiveUpdate(?:Event)?"')
_NOT_A_THREAD = "not a Reddit live thread"
_WEB_PAGE = (
    "Reddit answered with a web page (probably asking to sign in) rather than the thread's JSON"
)


# -- detection and URLs ---------------------------------------------------------------------


def url_matches(url: str) -> bool:
    """``reddit.com/live/<id>`` (www., old., new., np., m. or no subdomain), any suffix."""
    return urls.url_matches(url)


def sniff(head: bytes, content_type: str | None) -> bool:
    """A JSON document holding ``LiveUpdate`` objects, or a thread's ``LiveUpdateEvent``."""
    start = head[:64].lstrip(b" \t\r\n\xef\xbb\xbf")
    return start[:1] in (b"{", b"[") and _KIND_MARK.search(head) is not None


def api_url(url: str, options: Options = DEFAULT_OPTIONS) -> str | None:
    """The thread's JSON listing: ``https://www.reddit.com/live/<id>.json?raw_json=1&limit=100``."""
    return urls.api_url(url)


def companions(url: str, options: Options = DEFAULT_OPTIONS) -> dict[str, str]:
    """``{"about": …/live/<id>/about.json?raw_json=1}`` on the URL's host; ``{}`` without an id."""
    about_url = urls.about_url(url)
    return {"about": about_url} if about_url else {}


def poll_url(url: str, hints: Hints) -> str | None:
    """The listing with ``before=<newest update's fullname>``; None before any update was seen."""
    newer = urls.cursor(hints.newer)
    return urls.with_cursor(url, "before", newer) if newer else None


def older_url(url: str, hints: Hints) -> str | None:
    """The listing with ``after=<cursor>``; None at the end of the thread (``after`` null)."""
    older = urls.cursor(hints.older)
    return urls.with_cursor(url, "after", older) if older else None


def http_error(status: int, url: str) -> str | None:
    if status in (401, 403):
        return (
            f"Reddit requires signing in to read this live thread: it blocks anonymous access "
            f"(HTTP {status})"
        )
    if status == 404:
        tid = urls.thread_id(url)
        return f"no such Reddit live thread{f' ({tid})' if tid else ''} (HTTP 404)"
    return None


# -- parsing --------------------------------------------------------------------------------


def _load(data: bytes, url: str, headers: Mapping[str, str] | None) -> Any:
    text = data.lstrip(b" \t\r\n\x00\xef\xbb\xbf")
    if not text:
        raise ParseError(f"{_NOT_A_THREAD}: the document is empty")
    content_type = ((headers or {}).get("content-type") or "").lower()
    if text[:1] == b"<" or ("html" in content_type and text[:1] not in (b"{", b"[")):
        if urls.is_reddit_host(url):
            raise ParseError(_WEB_PAGE)
        raise ParseError(f"{_NOT_A_THREAD}: the document is an HTML page, not Reddit's JSON")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:  # orjson wants UTF-8: one stray byte should not lose the thread
        return orjson.loads(text.decode("utf-8", "replace"))
    except orjson.JSONDecodeError as err:
        raise ParseError(f"{_NOT_A_THREAD}: the document is not valid JSON ({err})") from None


def _thing(doc: Any) -> dict[str, Any] | None:
    """The document's ``Listing`` or ``LiveUpdateEvent`` (a list of them: the first)."""
    if isinstance(doc, list):
        doc = next(
            (d for d in doc if isinstance(d, dict) and d.get("kind") in _KINDS),
            doc[0] if doc else None,
        )
    return doc if isinstance(doc, dict) else None


_KINDS = ("Listing", "LiveUpdateEvent")


def _error_document(doc: dict[str, Any]) -> str:
    """Reddit's JSON error answer (``{"message": "Forbidden", "error": 403}``) as one line."""
    message = doc.get("message") or doc.get("reason") or doc.get("error")
    code = doc.get("error")
    text = clean_line(str(message))[:120] if message is not None else ""
    if isinstance(code, int) and not isinstance(code, bool) and str(code) not in text:
        text = f"{text} ({code})" if text else str(code)
    if isinstance(code, int) and code in (401, 403):
        return f"Reddit refused to show this live thread without signing in: {text}"
    return f"Reddit answered with an error instead of the live thread: {text}"


def _about_extra(extras: Mapping[str, bytes] | None, warnings: list[str]) -> dict[str, Any] | None:
    raw = (extras or {}).get("about")
    if raw is None:
        return None
    try:
        doc = orjson.loads(raw)
    except (orjson.JSONDecodeError, TypeError):
        doc = None
    found = _about_data(_thing(doc))
    if found is None:
        warnings.append(
            "the thread's about.json could not be read: its title and state are unknown"
        )
    return found


def _about_data(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    data = doc.get("data")
    if doc.get("kind") == "LiveUpdateEvent" and isinstance(data, dict):
        return data
    if "kind" not in doc and ("state" in doc or "websocket_url" in doc):  # a bare data object
        return doc
    return None


def _updates(listing: dict[str, Any], thread: str | None, warnings: list[str]) -> list[Update]:
    children = listing.get("children")
    if not isinstance(children, list):
        return []
    out: list[Update] = []
    seen: set[str] = set()
    other: str | None = None
    skipped = 0
    for child in children:
        if not isinstance(child, dict):
            continue
        kind = child.get("kind")
        data = child.get("data")
        if kind not in ("LiveUpdate", None) or not isinstance(data, dict):
            other = other or (clean_line(str(kind))[:40] if kind is not None else None)
            continue
        read = update(data, thread)
        if read is None:
            skipped += 1
        elif read.entry.id not in seen:
            seen.add(read.entry.id)
            out.append(read)
    if not out and other is not None and not skipped:
        raise ParseError(f"{_NOT_A_THREAD}: a Reddit listing of {other!r} items, not of updates")
    if skipped:
        warnings.append(f"{skipped} updates without an id were skipped")
    return out


def _newest(updates: list[Update]) -> str | None:
    """The fullname of the newest update (the listing is newest first: the first, if undated)."""
    if not updates:
        return None
    best = updates[0]
    for candidate in updates:
        when = candidate.published
        if when is not None and (best.published is None or when > best.published):
            best = candidate
    return best.name


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Parse a live thread's listing (or its about document), with ``extras["about"]``."""
    doc = _thing(_load(data, url, headers))
    if doc is None:
        raise ParseError(f"{_NOT_A_THREAD}: the JSON is not a Reddit listing")
    warnings: list[str] = []
    info = _about_data(doc)
    listing: dict[str, Any] | None = None
    if info is None:
        body = doc.get("data")
        if doc.get("kind") != "Listing" or not isinstance(body, dict):
            if "error" in doc or "message" in doc:
                raise ParseError(_error_document(doc))
            raise ParseError(f"{_NOT_A_THREAD}: the JSON is neither a listing nor a thread")
        listing = body
        info = _about_extra(extras, warnings)
    thread = about(info) if info is not None else About()
    tid = urls.thread_id(url) or thread.thread
    base = urls.thread_url(url) or (f"{urls.API_ORIGIN}/live/{tid}" if tid else None)

    read = _updates(listing, base, warnings) if listing is not None else []
    entries: list[Entry] = cap_entries([u.entry for u in read], warnings)
    older = urls.cursor(listing.get("after")) if listing is not None else None
    hints = Hints(
        newer=_newest(read) or None,
        older=older,
        older_end=listing is not None and older is None,
    )

    shown = urls.blog_url(url)
    blog = Blog(
        url=shown,
        title=thread.title or (f"Reddit live {tid}" if tid else shown),
        source=KIND,
        live=thread.live,
        coverage_start=thread.created,
        description=thread.description,
    )
    return Snapshot(blog, tuple(sort_entries(entries)), tuple(warnings), hints)


SOURCE = Source(
    kind=KIND,
    url_matches=url_matches,
    sniff=sniff,
    parse=parse,
    api_url=api_url,
    companions=companions,
    poll_url=poll_url,
    older_url=older_url,
    http_error=http_error,
    full_every=10,  # before= polls do not see an update struck later: a full read now and then
)
