"""Guardian Content API blocks → entries (the paging cursors are in :mod:`.paging`).

Part of :mod:`tui_liveblog.sources.guardian`. What the blocks look like:

- ``blocks.body`` (all blocks, with ``show-blocks=body``) and ``blocks.requestedBodyBlocks``
  (``{"body:latest:50": [...], "body:key-events": [...]}``) may hold the same block several
  times: one entry per block id. ``blocks.main`` (the page's furniture) is never an entry.
- dates are ISO 8601 strings (``2015-04-09T14:27:28.486+01:00``, ``…Z``); the Thrift form
  ``{"dateTime": <epoch ms>, "iso8601": …}`` and bare epoch numbers are read too.
- ``attributes.keyEvent``/``summary``/``pinned`` are booleans live, but the strings ``"true"``
  in the Guardian's own test fixtures: both are accepted.
- ``createdBy`` is a user (``email``, ``firstName``, ``lastName``): only the name is kept, never
  the e-mail address; ``contributors`` are contributor tag ids (``profile/…``), named by the
  item's ``tags`` when present.
- ``elements[]`` carry typed media (image assets, video/tweet URLs, embed HTML).
- ``published: false`` blocks are drafts: not entries, their ids go to ``removed_ids``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tui_liveblog.content import inline_text, parse_html, read_body
from tui_liveblog.dates import parse_any
from tui_liveblog.model import Entry, Media, MediaKind
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.common import http_url, safe_int


def truthy(value: object) -> bool:
    """A CAPI boolean: ``true``, or the string ``"true"`` (and ``1``)."""
    if value is True:
        return True
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return isinstance(value, int) and not isinstance(value, bool) and value == 1


def flag(value: object) -> bool | None:
    """A stated boolean (``true``/``"false"``…), None when the value says nothing."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
    return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def instant(value: object) -> datetime | None:
    """A CAPI date at full precision (the poll cursor needs the milliseconds), UTC."""
    if isinstance(value, dict):
        ms = value.get("dateTime")
        if isinstance(ms, int | float) and not isinstance(ms, bool):
            value = ms
        else:
            value = value.get("iso8601")
    if isinstance(value, str):
        text = value.strip()
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            return parse_any(text)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        try:
            dt = dt.astimezone(UTC)
        except (OverflowError, ValueError):
            return None
        return dt if 1970 <= dt.year <= 2200 else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if abs(value) > 1e11:  # epoch milliseconds (the Thrift form)
            try:
                return datetime.fromtimestamp(value / 1000.0, UTC)
            except (OverflowError, OSError, ValueError):
                return None
        return parse_any(value)
    return None


def epoch_ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def _second(dt: datetime | None) -> datetime | None:
    return dt.replace(microsecond=0) if dt is not None and dt.microsecond else dt


# -- authors ----------------------------------------------------------------------------------


def contributor_names(tags: object) -> dict[str, str]:
    """Contributor tag id → name, from the item's ``tags`` (``show-tags=contributor``)."""
    names: dict[str, str] = {}
    if not isinstance(tags, list):
        return names
    for tag in tags:
        if not isinstance(tag, dict):
            continue
        ident, title = _str(tag.get("id")), _str(tag.get("webTitle"))
        if ident and title:
            name = clean_line(title)
            if name and "@" not in name:
                names[ident] = name
    return names


def _contributor(value: object, names: Mapping[str, str]) -> str | None:
    if isinstance(value, dict):
        value = value.get("webTitle") or value.get("name") or value.get("id")
    text = _str(value)
    if text is None:
        return None
    text = clean_line(text)
    if text in names:
        return names[text]
    if "@" in text:
        return None  # an e-mail address: never shown
    if "/" in text:  # a tag id whose tag was not sent: its slug, readably
        slug = text.rstrip("/").rsplit("/", 1)[-1]
        words = [w for w in slug.replace("_", "-").split("-") if w]
        return " ".join(w[:1].upper() + w[1:] for w in words) or None
    return text or None


def _authors(block: Mapping[str, Any], names: Mapping[str, str]) -> tuple[str, ...]:
    found: list[str] = []
    user = _dict(block.get("createdBy"))
    first, last = _str(user.get("firstName")), _str(user.get("lastName"))
    full = clean_line(" ".join(p for p in (first, last) if p))
    if full and "@" not in full:
        found.append(full)
    contributors = block.get("contributors")
    if not isinstance(contributors, list):
        contributors = [contributors]
    for item in contributors:
        name = _contributor(item, names)
        if name:
            found.append(name)
    seen: set[str] = set()
    out: list[str] = []
    for name in found:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


# -- media from elements ----------------------------------------------------------------------

_KINDS: dict[str, MediaKind] = {
    "image": "image",
    "video": "video",
    "tweet": "tweet",
    "audio": "audio",
    "embed": "embed",
    "instagram": "embed",
    "vine": "video",
    "interactive": "embed",
    "map": "embed",
    "document": "embed",
    "witness": "embed",
}
_ASSET_KINDS = {"image": "image", "video": "video", "audio": "audio"}


def _http(url: object) -> str | None:
    return http_url(url)


def _width(asset: Mapping[str, Any]) -> int:
    """An asset's ``typeData.width`` (a number or a numeric string), 0 when unusable."""
    return safe_int(_dict(asset.get("typeData")).get("width"), max_digits=9) or 0


def _asset_url(element: Mapping[str, Any], kind: str) -> str | None:
    """The best asset file of ``kind``: the largest image up to 2000 px wide, else the largest."""
    assets = element.get("assets")
    if not isinstance(assets, list):
        return None
    usable = [
        (a, url)
        for a in assets
        if isinstance(a, dict)
        and str(a.get("type", kind)).lower() == kind
        and (url := _http(a.get("file")))
    ]
    if not usable:
        return None
    fitting = [item for item in usable if 0 < _width(item[0]) <= 2000] or usable
    return max(fitting, key=lambda item: _width(item[0]))[1]


def _element_media(element: Mapping[str, Any]) -> Media | None:
    etype = str(element.get("type") or "").lower()
    kind = _KINDS.get(etype)
    if kind is None:
        return None  # text, pullquote, rich links, comments, atoms…: not media
    data = _dict(element.get(f"{etype}TypeData"))
    url: str | None = None
    if etype == "tweet":
        url = _http(data.get("originalUrl")) or _http(data.get("url"))
    elif etype != "image":
        for key in ("url", "originalUrl", "iframeUrl", "youtubeUrl"):
            url = _http(data.get(key))
            if url:
                break
    if url is None and etype in _ASSET_KINDS:
        url = _asset_url(element, _ASSET_KINDS[etype])
    html = _str(data.get("html"))
    if url is None and html and etype != "image":
        url = next((_http(m.url) for m in parse_html(html).media if _http(m.url)), None)
    if url is None:
        return None
    caption_raw = _str(data.get("caption")) or _str(data.get("title")) or _str(data.get("alt"))
    caption = inline_text(caption_raw)
    return Media(kind, url, caption[:300] if caption else None)


def _media(block: Mapping[str, Any], body_media: tuple[Media, ...]) -> tuple[Media, ...]:
    out = list(body_media)  # (http(s) only: see http_body)
    urls = {m.url for m in out}
    elements = block.get("elements")
    if not isinstance(elements, list):
        return tuple(out)
    for element in elements:
        if not isinstance(element, dict):
            continue
        medium = _element_media(element)
        if medium is None or medium.url in urls:
            continue
        if medium.kind == "image":
            # the body's <img> is usually the same picture at another size: same media id
            media_id = _str(_dict(element.get("imageTypeData")).get("mediaId"))
            if media_id is None:
                media_id = medium.url.split("/")[3] if medium.url.count("/") > 3 else None
            if media_id and any(media_id in u for u in urls):
                continue
        urls.add(medium.url)
        out.append(medium)
    return tuple(out)


# -- blocks → entries -------------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    """What every block is read against."""

    web_url: str | None  # the item's theguardian.com page, for permalinks and relative links
    title_key: str  # the page's title, casefolded: a block title that repeats it is no title
    names: Mapping[str, str]  # contributor tag id → name


@dataclass(slots=True)
class Read:
    entries: list[Entry] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    newest: datetime | None = None  # the latest first publication of any block (poll cursor)
    skipped: int = 0  # blocks without an id


def block_id(block: Mapping[str, Any]) -> str | None:
    raw = block.get("id")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        return None
    ident = clean_line(raw)[:200]
    return ident or None


def read_blocks(blocks: list[dict[str, Any]], page: Page) -> Read:
    """One entry per block id (the first copy), drafts left out and listed as removed."""
    read = Read()
    seen: set[str] = set()
    for block in blocks:
        ident = block_id(block)
        if ident is None:
            read.skipped += 1
            continue
        if ident in seen:
            continue
        seen.add(ident)
        if "published" in block and not truthy(block.get("published")):
            read.removed.append(ident)
            continue
        first = instant(block.get("firstPublishedDate"))
        last = instant(block.get("publishedDate"))
        created = instant(block.get("createdDate"))
        modified = instant(block.get("lastModifiedDate"))
        published = first or last or created
        # the poll cursor: first publication (a later re-publication of an edit must not move
        # it past a block first published earlier but indexed later)
        if published is not None and (read.newest is None or published > read.newest):
            read.newest = published
        read.entries.append(_entry(ident, block, page, published, modified or last))
    return read


def _entry(
    ident: str,
    block: Mapping[str, Any],
    page: Page,
    published_at: datetime | None,
    changed_at: datetime | None,
) -> Entry:
    attributes = _dict(block.get("attributes"))
    raw_title = _str(block.get("title")) or _str(attributes.get("title"))
    title = inline_text(raw_title) if raw_title else None
    if title and title.casefold() == page.title_key:
        title = None
    html = _str(block.get("bodyHtml")) or _str(block.get("bodyTextSummary"))
    parsed = read_body(html, page.web_url)
    published = _second(published_at)
    updated = _second(changed_at)
    if published is None or updated is None or updated <= published:
        updated = None
    url = None
    if page.web_url and "?" not in page.web_url and "#" not in page.web_url:
        url = http_url(f"{page.web_url}?page=with:block-{ident}#block-{ident}")
    return Entry(
        id=ident,
        published=published,
        updated=updated,
        authors=_authors(block, page.names),
        title=title,
        body=parsed.body,
        text=parsed.text,
        url=url,
        links=parsed.links,
        media=_media(block, parsed.media),
        pinned=truthy(attributes.get("pinned")),
        key_event=truthy(attributes.get("keyEvent")) or truthy(attributes.get("summary")),
    )
