"""One ScribbleLive API v1 post → :class:`~tui_liveblog.model.Entry`.

A post (``Posts[]``, ``Edits[]`` of an event answer) looks like this in the one real sample
(an ABC event page from 2014) and in public client code:
``{Id, Content, Creator {Id, Name, Avatar}, Editor?, Type, Created, LastModified, IsComment,
IsStuck, IsDeleted, IsApproved, Media? [{Type, Url, Duration?}], Location?, Source, EventId}``.

- ``Created``/``LastModified`` are .NET JSON dates, ``"\\/Date(1398419894000+0000)\\/"`` (epoch
  milliseconds; the offset names the zone the server displays, the number is UTC).
- ``Type`` TEXT (plain text, may hold a few tags and entities), HTML, IMAGE/VIDEO/AUDIO (the
  file in ``Media``, ``Content`` its caption; a VIDEO also lists its poster IMAGE, left out
  here), EMBED (an iframe or a Flash ``<embed flashvars="file=…mp4">``), POLL (inferred: a
  ``Entities {Question, Answers [{Text}]}`` object as a newer embed's poll code reads it).
- ``Content`` is editor HTML full of ``SL_C_*`` classes; a ``<h3 class="SL_SubHeader">`` is the
  post's headline (taken out of the body, its links kept); a hidden
  ``<img class="ScribbleLiveCountImage" width="1" height="1" onload="…">`` counts views and is
  removed with every other tracking image (1×1 or 0×0, an ``onload`` handler, a
  ``transparent.png``/spacer source).
- ``IsComment`` posts were pulled in from a social network (a tweet, an Instagram photo…);
  ``Source`` is an ``<a>`` to the original naming the network (``twitter``, ``YouTube``,
  ``Instagram``, ``Facebook``). Any post's source is shown as a last "via …" paragraph linked
  to the original; a comment's ``url`` is that original.
- ``IsStuck`` (or, in the newer API's docs, ``Rank`` 0) is a pinned post.
- ``Editor`` names who edited the post: it is not an author. ``updated`` comes from
  ``LastModified`` when it is later than ``Created`` (to the second).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tui_liveblog import dates
from tui_liveblog.content import (
    ParsedBody,
    body_to_text,
    inline_text,
    parse_html,
    read_body,
)
from tui_liveblog.content.text import unescape
from tui_liveblog.model import Block, Entry, Media, MediaKind, Span
from tui_liveblog.sanitize import clean_line, safe_url
from tui_liveblog.sources.common import http_url, is_http

_MEDIA_KINDS: dict[str, MediaKind] = {
    "IMAGE": "image",
    "PHOTO": "image",
    "VIDEO": "video",
    "AUDIO": "audio",
    "EMBED": "embed",
}
_IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_TRACKING = re.compile(
    r"""\bonload\s*=|countimage|\b(?:width|height)\s*=\s*["']?\s*[012](?:px)?\s*["'\s/>]|"""
    r"""transparent\.(?:png|gif)|spacer\.gif|pixel\.gif|display\s*:\s*none""",
    re.IGNORECASE,
)
_H3 = re.compile(r"""<h3\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</h3\s*>""", re.IGNORECASE | re.DOTALL)
_FLASH_FILE = re.compile(r"""flashvars\s*=\s*["'][^"']*?\bfile=([^&"'\s]+)""", re.IGNORECASE)


def flag(value: Any) -> bool:
    """ScribbleLive's 0/1 flags, tolerating booleans and numbers as strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return False


def date(value: Any) -> datetime | None:
    """``/Date(ms+0000)/`` (the API's form), else whatever :func:`dates.parse_any` reads."""
    if isinstance(value, str) and "Date(" in value:
        return dates.parse_net_date(value.replace("\\/", "/"))
    return dates.parse_any(value)


def post_id(post: Mapping[str, Any]) -> str | None:
    value = post.get("Id")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_line(str(value)) if isinstance(value, int | str) else ""
    return text or None


def _strip_tracking(markup: str) -> str:
    if "<img" not in markup and "<IMG" not in markup:
        return markup
    return _IMG_TAG.sub(lambda m: "" if _TRACKING.search(m.group(0)) else m.group(0), markup)


def _subheader(markup: str, base: str) -> tuple[str, str | None, list[str]]:
    """Take the first ``SL_SubHeader`` heading out: (rest, its text, its links)."""
    if "SL_SubHeader" not in markup:
        return markup, None, []
    m = next((h for h in _H3.finditer(markup) if "SL_SubHeader" in h.group(1)), None)
    if m is None:
        return markup, None, []
    inner = parse_html(m.group(2), base)
    title = " ".join(inner.text.split()) or None
    return markup[: m.start()] + markup[m.end() :], title, list(inner.links)


def _name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("Name")
    return inline_text(value) if isinstance(value, str) else None


def _source(value: Any, base: str) -> tuple[str | None, str | None]:
    """``Source`` → (network name, link to the original)."""
    if not isinstance(value, str) or not value.strip():
        return None, None
    if "<" in value:
        parsed = parse_html(value, base)
        name = " ".join(parsed.text.split()) or None
        link = parsed.links[0] if parsed.links else None
    else:
        text = clean_line(unescape(value))
        link = safe_url(text) if text.startswith(("http://", "https://")) else None
        name = None if link else text or None
    if name and name.islower():
        name = name.capitalize()  # "twitter" → "Twitter"
    return name, link


def _media_list(post: Mapping[str, Any], base: str, caption: str | None) -> list[Media]:
    raw = post.get("Media")
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    items: list[tuple[MediaKind, str]] = []
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        kind = _MEDIA_KINDS.get(str(item.get("Type") or "").strip().upper())
        safe = http_url(item.get("Url"), base) if kind else None
        if kind and safe and all(safe != u for _, u in items):
            items.append((kind, safe))
    if any(kind in ("video", "audio") for kind, _ in items):
        items = [(k, u) for k, u in items if k != "image"]  # a video's poster frame
    return [Media(kind, url, caption) for kind, url in items]


def _poll(post: Mapping[str, Any]) -> list[Block]:
    """A POLL's question and answers (shape inferred from a newer embed's code)."""
    entities = post.get("Entities")
    if not isinstance(entities, Mapping):
        return []
    blocks: list[Block] = []
    raw = entities.get("Question")
    question = inline_text(raw) if isinstance(raw, str) else None
    if question:
        blocks.append(Block("p", (Span(question, bold=True),)))
    answers = entities.get("Answers")
    items: list[tuple[Span, ...]] = []
    if isinstance(answers, list):
        for answer in answers:
            text = answer.get("Text") if isinstance(answer, Mapping) else answer
            line = inline_text(text) if isinstance(text, str) else None
            if line:
                items.append((Span(line),))
    if items:
        blocks.append(Block("ul", items=tuple(items)))
    return blocks


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def build_entry(post: Mapping[str, Any], base: str) -> Entry | None:
    """The entry for one post, or None when it has no id."""
    ident = post_id(post)
    if ident is None:
        return None
    kind = str(post.get("Type") or "").strip().upper()
    raw = post.get("Content")
    content = raw if isinstance(raw, str) else ""
    content = _strip_tracking(content)
    content, title, title_links = _subheader(content, base)
    parsed: ParsedBody = read_body(content, base)
    caption_raw = post.get("Caption")
    caption = inline_text(caption_raw) if isinstance(caption_raw, str) else None

    media = _media_list(post, base, caption)
    for m in _FLASH_FILE.finditer(content):  # Flash players (Instagram, Twitter videos)
        url = http_url(html.unescape(m.group(1)), base)
        if url and all(url != x.url for x in media):
            media.append(Media("video", url))
    leading = [Block("media", (Span(x.caption),) if x.caption else (), media=x) for x in media]
    blocks = [*leading, *parsed.body]
    if kind == "POLL":
        blocks.extend(_poll(post))

    name, source_link = _source(post.get("Source"), base)
    links = [*title_links, *parsed.links]
    if name or source_link:
        label = f"via {name}" if name else "via the original"
        blocks.append(Block("p", (Span(label, href=source_link, italic=True),)))
        if source_link:
            links.append(source_link)
    body = tuple(blocks)
    published = date(post.get("Created"))
    modified = date(post.get("LastModified"))
    updated = modified if modified and published and modified > published else None
    if published is None:
        published, updated = modified, None
    author = _name(post.get("Creator"))
    rank = post.get("Rank")
    pinned = flag(post.get("IsStuck")) or (rank is not None and str(rank).strip() == "0")
    is_comment = flag(post.get("IsComment"))
    return Entry(
        id=ident,
        published=published,
        updated=updated,
        authors=(author,) if author else (),
        title=title,
        body=body,
        text=body_to_text(body) if (leading or len(blocks) != len(parsed.body)) else parsed.text,
        url=source_link if is_comment and source_link and is_http(source_link) else None,
        links=_unique(links),
        media=(*media, *(x for x in parsed.media if all(x.url != y.url for y in media))),
        pinned=pinned,
    )
