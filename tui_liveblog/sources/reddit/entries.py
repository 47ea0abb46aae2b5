"""Reddit ``LiveUpdate`` objects → entries, and the thread's ``LiveUpdateEvent`` (about).

A ``LiveUpdate``'s fields: ``id`` (a uuid), ``name`` (``LiveUpdate_<uuid>``), ``author``,
``body`` (Markdown), ``body_html`` (HTML wrapped in ``<div class="md">``), ``created_utc`` (epoch
seconds; ``created`` is a legacy local-time value, 8 hours off: not used), ``stricken`` (struck
out by the thread's contributors: kept as a deleted entry), ``embeds`` (``{url, width,
height}``) and ``mobile_embeds`` (oEmbed-like, with ``original_url``).

Fetched without ``raw_json=1``, Reddit escapes ``<``, ``>`` and ``&`` once more in text fields,
so ``body_html`` arrives as ``&lt;div class="md"&gt;…``: such a value is unescaped once. Every
field may be missing, null or of the wrong type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from tui_liveblog.content import ParsedBody, followed_by, inline_text, parse_plain, read_html
from tui_liveblog.content.text import unescape
from tui_liveblog.dates import parse_epoch
from tui_liveblog.model import Block, Entry, Media, MediaKind
from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.common import http_url
from tui_liveblog.sources.reddit.urls import CURSOR

# relative links in Reddit's HTML (/r/…, /u/…) point into reddit.com
LINK_BASE = "https://www.reddit.com/"
_PREFIX = "LiveUpdate_"
_MAX_ID = 200
_TWEET_HOSTS = ("twitter.com", "x.com")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "youtube-nocookie.com")
_IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass(frozen=True, slots=True)
class Update:
    """One update read: the entry, its listing cursor (fullname) and its time."""

    entry: Entry
    name: str
    published: datetime | None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return False


def unescape_once(value: str) -> str:
    """``&lt;div class="md"&gt;…`` (Reddit's legacy escaping, no ``raw_json=1``) → HTML."""
    if "<" not in value and value.lstrip().startswith("&lt;"):
        return unescape(value)
    return value


def _ident(data: Mapping[str, Any]) -> str | None:
    """The update's uuid: ``id``, else ``name`` without its ``LiveUpdate_`` prefix."""
    raw = _str(data.get("id"))
    if raw is None:
        name = _str(data.get("name"))
        if name is not None and name.startswith(_PREFIX):
            raw = name[len(_PREFIX) :]
    if raw is None:
        return None
    ident = clean_line(raw)
    return ident if 0 < len(ident) <= _MAX_ID else None


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def media_kind(url: str) -> MediaKind:
    host = _host(url)
    if _on(host, _TWEET_HOSTS):
        return "tweet"
    if _on(host, _VIDEO_HOSTS):
        return "video"
    path = urlsplit(url).path.lower()
    if path.endswith(_IMAGE_EXTS):
        return "image"
    return "embed"


def _embeds(data: Mapping[str, Any]) -> list[Media]:
    """``embeds`` (``url``), then ``mobile_embeds`` (``original_url``): http(s) only, once each."""
    out: list[Media] = []
    seen: set[str] = set()
    for key in ("embeds", "mobile_embeds"):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            raw = _str(item.get("url")) or _str(item.get("original_url"))
            url = http_url(raw)
            if not url or url in seen:
                continue
            seen.add(url)
            out.append(Media(media_kind(url), url))
    return out


def _body(data: Mapping[str, Any]) -> ParsedBody:
    markup = _str(data.get("body_html"))
    if markup is not None:
        parsed = read_html(unescape_once(markup), LINK_BASE)
        if parsed.text or parsed.media:
            return parsed
    text = _str(data.get("body"))
    return parse_plain(text) if text is not None else ParsedBody((), "", (), ())


def update(data: Mapping[str, Any], thread: str | None) -> Update | None:
    """One ``LiveUpdate``'s ``data`` → :class:`Update`; None without a usable id."""
    ident = _ident(data)
    if ident is None:
        return None
    published = parse_epoch(data.get("created_utc"))
    author = data.get("author")
    name = inline_text(author) if isinstance(author, str) else None
    parsed = _body(data)
    body, media = parsed.body, list(parsed.media)
    known = {m.url for m in media}
    extra = [m for m in _embeds(data) if m.url not in known]
    if extra:
        body = followed_by(body, tuple(Block("media", media=m) for m in extra))
        media.extend(extra)
    entry = Entry(
        id=ident,
        published=published,
        authors=(name,) if name else (),
        body=body,
        text=parsed.text,
        url=http_url(f"{thread}/updates/{ident}") if thread else None,
        links=parsed.links,
        media=tuple(media),
        deleted=_truthy(data.get("stricken")),
    )
    fullname = _str(data.get("name"))
    if fullname is None or not CURSOR.match(fullname):
        fullname = _PREFIX + ident
    return Update(entry, fullname, published)


@dataclass(frozen=True, slots=True)
class About:
    """What the thread's ``LiveUpdateEvent`` says about it."""

    thread: str | None = None
    title: str | None = None
    description: str | None = None
    live: bool | None = None
    created: datetime | None = None


def about(data: Mapping[str, Any]) -> About:
    """A ``LiveUpdateEvent``'s ``data`` → :class:`About` (``state``: live / complete)."""
    title = data.get("title")
    desc_html = _str(data.get("description_html"))
    description = inline_text(unescape_once(desc_html)) if desc_html else None
    if description is None:
        plain = _str(data.get("description"))
        description = inline_text(plain) if plain else None
    state = data.get("state")
    state = state.strip().lower() if isinstance(state, str) else None
    live = True if state == "live" else False if state == "complete" else None
    thread = _str(data.get("id"))
    return About(
        thread=clean_line(thread) if thread else None,
        title=inline_text(title) if isinstance(title, str) else None,
        description=description,
        live=live,
        created=parse_epoch(data.get("created_utc")),
    )
