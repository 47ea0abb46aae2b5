"""The Guardian Content API (CAPI): one live blog item, its blocks as entries.

- A theguardian.com ``/live/`` page maps to ``content.guardianapis.com/<path>`` with
  ``show-blocks`` (the latest blocks, the first one, key events, summaries and the pinned post),
  ``show-fields=liveBloggingNow`` (is the blog live), ``show-tags=contributor`` (block
  contributors' names) and ``api-key`` (``--api-key``, ``GUARDIAN_API_KEY`` or the config's
  ``guardian_api_key``; the shared ``test`` key otherwise).
- The answer is ``{"response": {"status": "ok", "content": {…, "blocks": {…}}}}``; an error is
  ``{"response": {"status": "error", "message": …}}``. Blocks are read by
  :mod:`.blocks` (``blocks.main`` is not an entry; ``attributes`` booleans may be the
  strings ``"true"``).
- Polls ask for ``body:published-since:<epoch ms>`` (hint ``newer``: the latest first
  publication seen). That cannot see edits, pins or deletions of older blocks, hence a full
  fetch every ``full_every`` polls. Older pages ask for ``body:around:<id>:N`` with
  ``body:oldest:1`` (hint ``older``: the oldest block of the latest run, read by
  :mod:`.paging`; None once the first block is in hand).
- The API key never leaves this module in anything shown: ``Blog.url`` and error messages drop
  the ``api-key`` parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

from tui_liveblog.content import inline_text
from tui_liveblog.errors import ParseError
from tui_liveblog.hints import Hints
from tui_liveblog.model import Blog, Snapshot, sort_entries
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.base import DEFAULT_OPTIONS, Extras, Headers, Options, Source
from tui_liveblog.sources.common import cap_entries, http_url, without_credentials
from tui_liveblog.sources.guardian.blocks import (
    Page,
    contributor_names,
    epoch_ms,
    flag,
    read_blocks,
)
from tui_liveblog.sources.guardian.paging import gather, older_cursor
from tui_liveblog.sources.guardian.urls import (
    API_KEY,
    DEFAULT_KEY,
    FIELDS,
    FIRST_BLOCKS,
    SHOW_BLOCKS,
    TAGS,
    api_item_url,
    around_id,
    host_of,
    item_path,
    live_page_path,
    older_blocks,
    poll_blocks,
    safe_block_id,
    with_params,
    without_key,
)

KIND = "guardian"

_SIGNATURE = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"response"\s*:\s*\{')


# -- detection and URLs -----------------------------------------------------------------------


def url_matches(url: str) -> bool:
    """A Content API item, or a theguardian.com live blog page (its path holds ``/live/``)."""
    return item_path(url) is not None or live_page_path(url) is not None


def sniff(head: bytes, content_type: str | None) -> bool:
    """A Content API answer (``{"response": {… "content" …}}``) from any host or a file."""
    if not _SIGNATURE.match(head):
        return False
    return b'"content"' in head and (b'"blocks"' in head or b'"webTitle"' in head)


def api_url(url: str, options: Options = DEFAULT_OPTIONS) -> str | None:
    """The Content API item for a theguardian.com page; a bare API URL gets what it lacks."""
    key = options.api_key or DEFAULT_KEY
    path = live_page_path(url)
    if path is not None:
        return api_item_url(path, key)
    if item_path(url) is None:
        return None
    wanted = {SHOW_BLOCKS: FIRST_BLOCKS, "show-fields": FIELDS, "show-tags": TAGS, API_KEY: key}
    mapped = with_params(url, wanted, only_missing=True)
    return None if mapped == url else mapped


def poll_url(url: str, hints: Hints) -> str | None:
    """``show-blocks=main,body:published-since:<newer>``, the other parameters kept."""
    newer = hints.newer
    if isinstance(newer, bool) or not isinstance(newer, int) or newer <= 0:
        return None
    if not host_of(url):
        return None  # a file: read whole
    return with_params(url, {SHOW_BLOCKS: poll_blocks(newer)})


def older_url(url: str, hints: Hints) -> str | None:
    """The blocks around the oldest one held (and the blog's first, to tell when it is reached)."""
    block = safe_block_id(hints.older)
    if block is None or not host_of(url):
        return None
    return with_params(url, {SHOW_BLOCKS: older_blocks(block)})


def http_error(status: int, url: str) -> str | None:
    """One line for a Content API error status, never showing the API key."""
    shown = clean_line(without_key(url))[:300]
    if status in (401, 403):
        return (
            f"the Guardian Content API refused the API key (HTTP {status}): give a valid key "
            "with --api-key, the GUARDIAN_API_KEY environment variable or guardian_api_key "
            "in the config file"
        )
    if status == 429:
        return (
            "the Guardian Content API's rate limit was reached (HTTP 429): the shared 'test' "
            "key allows few calls; use your own key (--api-key, GUARDIAN_API_KEY or "
            "guardian_api_key in the config file)"
        )
    if status == 404:
        return f"the Guardian Content API has no item at {shown} (HTTP 404)"
    if status >= 400:
        return f"HTTP {status} from the Guardian Content API ({shown})"
    return None


# -- parsing ----------------------------------------------------------------------------------


def _load(data: bytes) -> dict[str, Any]:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as err:
        raise ParseError(f"not a Guardian Content API answer: invalid JSON ({err})") from None
    response = doc.get("response") if isinstance(doc, dict) else None
    if not isinstance(response, dict):
        raise ParseError("not a Guardian Content API answer: no 'response' object")
    if str(response.get("status") or "").lower() == "error":
        message = response.get("message")
        text = clean_line(message)[:300] if isinstance(message, str) else ""
        raise ParseError(f"the Guardian Content API answered with an error: {text or 'no reason'}")
    content = response.get("content")
    if not isinstance(content, dict):
        if isinstance(response.get("results"), list):
            raise ParseError(
                "a Guardian Content API search answer, not one item: give the live blog's URL"
            )
        raise ParseError("no content item in this Guardian Content API answer")
    return content


def _is_live_blog(content: Mapping[str, Any]) -> bool:
    if str(content.get("type") or "").lower() == "liveblog":
        return True
    for key in ("id", "webUrl", "apiUrl"):
        value = content.get(key)
        if isinstance(value, str) and "/live/" in value:
            return True
    tags = content.get("tags")
    return isinstance(tags, list) and any(
        isinstance(t, dict) and t.get("id") == "tone/minutebyminute" for t in tags
    )


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """A single-item Content API answer → the blog and its body blocks."""
    content = _load(data)
    blocks = content.get("blocks")
    if not isinstance(blocks, dict):
        raise ParseError(
            "this Guardian Content API item has no blocks (ask for them with show-blocks)"
        )
    if not _is_live_blog(content):
        kind = clean_line(str(content.get("type") or "item"))[:40]
        raise ParseError(f"this Guardian Content API {kind} is not a live blog")

    shown_url = without_credentials(without_key(url))
    fields = content.get("fields")
    fields = fields if isinstance(fields, dict) else {}
    raw_title = content.get("webTitle") or fields.get("headline")
    title = inline_text(raw_title) if isinstance(raw_title, str) else None
    web = content.get("webUrl")
    web_url = http_url(web)
    page = Page(web_url, (title or "").casefold(), contributor_names(content.get("tags")))

    lists = gather(blocks)
    read = read_blocks(lists.all, page)
    warnings: list[str] = []
    if read.skipped:
        plural = "s" if read.skipped > 1 else ""
        warnings.append(f"skipped {read.skipped} block{plural} without an id")
    entries = cap_entries(read.entries, warnings)

    cursor, known = older_cursor(lists, blocks.get("totalBodyBlocks"), around_id(url))
    hints = Hints(
        newer=epoch_ms(read.newest) if read.newest is not None else None,
        older=cursor,
        older_end=known and cursor is None,
    )

    blog = Blog(
        url=shown_url,
        title=title or clean_line(shown_url),
        source=KIND,
        live=flag(fields.get("liveBloggingNow")),
        description=_description(fields),
    )
    return Snapshot(
        blog=blog,
        entries=tuple(sort_entries(entries)),
        warnings=tuple(warnings),
        hints=hints,
        removed_ids=tuple(read.removed),
    )


def _description(fields: Mapping[str, Any]) -> str | None:
    for key in ("standfirst", "trailText"):
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return inline_text(value)
    return None


SOURCE = Source(
    kind=KIND,
    url_matches=url_matches,
    sniff=sniff,
    parse=parse,
    api_url=api_url,
    poll_url=poll_url,
    older_url=older_url,
    http_error=http_error,
    full_every=10,  # published-since polls see new blocks only: a full fetch now and then
)
