"""Sourcefabric Liveblog post items → one structured body. Part of
:mod:`tui_liveblog.sources.sourcefabric`.

A post is a package of items (v1: ``groups[id=main].refs[].item``; v2: ``items[]``), each with an
``item_type``:

- ``text``: HTML (sometimes plain text with entities);
- ``image``: ``meta.media.renditions`` (v2: ``renditions`` on the item) with ``href``/``width``
  per rendition, ``meta.caption`` and ``meta.credit``; without a usable rendition the item's
  ``text`` (a rendered ``<figure>``) is read instead;
- ``embed`` (and the mobile app's ``video``): an oEmbed answer in ``meta`` (``original_url``,
  ``url``, ``html``, ``provider_name``, ``title``, ``description``), or, in older blogs, the same
  as a JSON string in ``filemeta_json``; last resort the rendered card HTML in ``text``;
- ``quote``: ``meta.quote`` and ``meta.credit`` (``text`` holds a rendered ``<blockquote>``);
- ``comment``: a reader's comment, ``commenter`` and ``text``;
- ``poll``: ``poll_body`` with ``question`` and ``answers[{option, votes, percentage}]``;
- anything else is a custom "free type" (``Scorecard``, ``Election results``,
  ``Advertisement Local``…) whose ``text`` is HTML rendered from its template: a labelled block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from tui_liveblog.content import ParsedBody, body_to_text, inline_text, parse_body, spans_tidy
from tui_liveblog.model import Block, Body, Media, MediaKind, Span
from tui_liveblog.sources.common import http_body, http_url, safe_int

_TWEET_HOSTS = ("twitter.com", "x.com")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com", "dailymotion.com")
_VIDEO_PROVIDERS = frozenset(
    {"youtube", "youtubeupload", "vimeo", "dailymotion", "brightcove", "jwplayer"}
)
# rendition names by preference when widths do not tell them apart
_RENDITION_RANK = {"original": 4, "baseImage": 3, "viewImage": 2, "thumbnail": 1}
_OEMBED_KEYS = ("original_url", "html", "url", "title", "provider_name", "description")
_CAPTION_MAX = 280


@dataclass(slots=True)
class BodyParts:
    """A post's body as it is built from its items."""

    base: str | None
    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)

    def add(self, parsed: ParsedBody) -> None:
        parsed = http_body(parsed)  # media are http(s) only
        self.blocks.extend(parsed.body)
        for link in parsed.links:
            if link not in self.links:
                self.links.append(link)
        self.media.extend(parsed.media)

    def add_media(self, kind: MediaKind, url: str | None, caption: str | None = None) -> bool:
        safe = http_url(url, self.base)
        if not safe:
            return False
        medium = Media(kind, safe, caption or None)
        self.media.append(medium)
        self.blocks.append(Block("media", (Span(caption),) if caption else (), media=medium))
        return True

    def paragraph(self, text: str | None, *, italic: bool = False) -> None:
        line = inline_text(text) if text else None
        if line:
            self.blocks.append(Block("p", (Span(line, italic=italic),)))

    def body(self) -> tuple[Body, str]:
        body = tuple(self.blocks)
        return body, body_to_text(body)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _int(value: Any) -> int:
    """A width, a vote count, a percentage: a number or a numeric string, else 0."""
    return safe_int(value, max_digits=12) or 0


def _caption(*parts: str | None) -> str | None:
    lines = [line for line in (inline_text(p) if p else None for p in parts) if line]
    text = " — ".join(dict.fromkeys(lines))  # a credit equal to the caption is said once
    return text[:_CAPTION_MAX] if text else None


def _host(url: str) -> str:
    return url.split("/")[2].lower().split(":")[0] if url.count("/") >= 2 else ""


def _on(host: str, names: tuple[str, ...]) -> bool:
    return any(host == n or host.endswith("." + n) for n in names)


def _embed_kind(url: str, provider: str, oembed_type: str) -> MediaKind:
    host = _host(url)
    if provider == "twitter" or _on(host, _TWEET_HOSTS):
        return "tweet"
    if provider in _VIDEO_PROVIDERS or oembed_type == "video" or _on(host, _VIDEO_HOSTS):
        return "video"
    return "embed"


def item_type(item: Mapping[str, Any], ref: Mapping[str, Any] | None = None) -> str:
    value = _str(item.get("item_type")) or _str((ref or {}).get("type")) or _str(item.get("type"))
    return value.strip() if value else "text"


# -- one item each --------------------------------------------------------------------------


def _text(parts: BodyParts, item: Mapping[str, Any]) -> None:
    text = _str(item.get("text"))
    if text:
        parts.add(parse_body(text, parts.base))


def _best_rendition(renditions: Mapping[str, Any], base: str | None) -> str | None:
    best: tuple[int, int, str] | None = None
    for name, rendition in renditions.items():
        if not isinstance(rendition, Mapping):
            continue
        href = http_url(rendition.get("href"), base)
        if not href:
            continue
        key = (_int(rendition.get("width")), _RENDITION_RANK.get(str(name), 0), href)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _image(parts: BodyParts, item: Mapping[str, Any]) -> None:
    meta = _dict(item.get("meta"))
    renditions = _dict(item.get("renditions")) or _dict(_dict(meta.get("media")).get("renditions"))
    url = _best_rendition(renditions, parts.base)
    if url is None:  # no usable rendition: the rendered <figure> in the item's text
        _text(parts, item)
        return
    parts.add_media("image", url, _caption(_str(meta.get("caption")), _str(meta.get("credit"))))


def _oembed(item: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = _dict(item.get("meta"))
    if any(_str(meta.get(key)) for key in _OEMBED_KEYS):
        return meta
    raw = item.get("filemeta_json")  # older blogs: the oEmbed answer as a JSON string
    if isinstance(raw, str) and raw.lstrip().startswith("{"):
        try:
            decoded = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return meta
        if isinstance(decoded, Mapping):
            return decoded
    return meta


def _embed(parts: BodyParts, item: Mapping[str, Any]) -> None:
    meta = _oembed(item)
    provider = (_str(meta.get("provider_name")) or "").strip().lower()
    oembed_type = (_str(meta.get("type")) or "").strip().lower()
    url = http_url(meta.get("original_url"), parts.base)
    if url is None and oembed_type != "photo":  # a photo's ``url`` is the picture, not the post
        url = http_url(meta.get("url"), parts.base)
    html = _str(meta.get("html"))
    rendered = parse_body(html, parts.base) if html else None
    title, description = _str(meta.get("title")), _str(meta.get("description"))
    if url is None and rendered is not None and not rendered.media:
        # a tweet kind the HTML reader does not know (``twitter-video``): its status link
        url = next(
            (u for u in rendered.links if _on(_host(u), _TWEET_HOSTS) and "/status/" in u), None
        )
        if url is not None:
            parts.add_media("tweet", url, _caption(rendered.text))
            return
    if url is None:
        if rendered is not None and (rendered.media or rendered.text):
            parts.add(rendered)  # e.g. a bare YouTube <iframe> or a tweet <blockquote>
        else:
            _text(parts, item)  # the rendered card (its title and description included)
        return
    kind = _embed_kind(url, provider, oembed_type)
    if kind == "tweet":  # oEmbed puts the tweet's text in ``description`` or in its HTML
        said = description or (rendered.media[0].caption if rendered and rendered.media else None)
        caption = _caption(said or (rendered.text if rendered else None), title)
        description = None
    else:
        caption = _caption(title or description, _str(meta.get("credit")))
        if not title:
            description = None
    if not caption:
        caption = _caption(_str(meta.get("author_name")) or _str(meta.get("provider_name")))
    parts.add_media(kind, url, caption)
    parts.paragraph(description)


def _quote_spans(parts: BodyParts, text: str | None) -> list[Span]:
    """A quote's (or comment's) text as the lines of one quote block; its links are kept."""
    if not text:
        return []
    parsed = parse_body(text, parts.base)
    parts.links.extend(link for link in parsed.links if link not in parts.links)
    spans: list[Span] = []
    for block in parsed.body:
        lines = [block.spans] if block.spans else list(block.items)
        for line in lines:
            if not line:
                continue
            if spans:
                spans.append(Span("\n"))
            spans.extend(line)
    return spans


def _quote(parts: BodyParts, item: Mapping[str, Any]) -> None:
    meta = _dict(item.get("meta"))
    spans = _quote_spans(parts, _str(meta.get("quote")))
    if not spans:  # no meta: the rendered <blockquote> in the item's text
        _text(parts, item)
        return
    credit = inline_text(_str(meta.get("credit")))
    if credit:
        spans += [Span("\n"), Span(f"— {credit}", italic=True)]
    tidy = spans_tidy(spans)
    if tidy:
        parts.blocks.append(Block("quote", tidy))


def _comment(parts: BodyParts, item: Mapping[str, Any]) -> None:
    spans = _quote_spans(parts, _str(item.get("text")))
    name = commenter(item)
    if not spans:
        if name:
            parts.paragraph(f"Comment by {name}", italic=True)
        return
    if name:
        spans += [Span("\n"), Span(f"— {name}", italic=True)]
    tidy = spans_tidy(spans)
    if tidy:
        parts.blocks.append(Block("quote", tidy))


def _poll(parts: BodyParts, item: Mapping[str, Any]) -> None:
    body = _dict(item.get("poll_body"))
    parts.blocks.append(Block("h", (Span("Poll"),), level=4))
    parts.paragraph(_str(body.get("question")))
    answers = [a for a in body.get("answers") or () if isinstance(a, Mapping)]
    total = sum(max(_int(a.get("votes")), 0) for a in answers)
    lines: list[tuple[Span, ...]] = []
    for answer in answers:
        option = inline_text(_str(answer.get("option")))
        if not option:
            continue
        votes = max(_int(answer.get("votes")), 0)
        share = answer.get("percentage")
        percent = _int(share) if share is not None else round(votes * 100 / total) if total else 0
        noun = "vote" if votes == 1 else "votes"
        lines.append((Span(f"{option}: {percent}% ({votes} {noun})"),))
    if lines:
        parts.blocks.append(Block("ul", items=tuple(lines)))


def _free_type(parts: BodyParts, item: Mapping[str, Any], label: str) -> None:
    """A custom post type: its name as a small heading, then what its template rendered."""
    heading = inline_text(label)
    if heading:
        parts.blocks.append(Block("h", (Span(heading),), level=4))
    _text(parts, item)


_READERS = {"text": _text, "image": _image, "embed": _embed, "quote": _quote, "comment": _comment}
_READERS["post_comment"] = _comment
_READERS["poll"] = _poll
_READERS["video"] = _embed  # the mobile app's YouTube uploads: an oEmbed answer in ``meta``


def add_item(parts: BodyParts, item: Mapping[str, Any], kind: str) -> None:
    reader = _READERS.get(kind)
    if reader is not None:
        reader(parts, item)
    else:
        _free_type(parts, item, kind)


_EMAIL = re.compile(r"[^@\s<>()]+@[^@\s<>()]+\.[A-Za-z]{2,}")


def _name(value: Any) -> str | None:
    name = inline_text(value) if isinstance(value, str) else None
    return name[:200] if name and not _EMAIL.search(name) else None


def person_name(value: Any) -> str | None:
    """A user object's name for display: ``display_name``, else first + last, else username.

    Never an e-mail address (user records carry one, and a display name may be one). A bare
    user id (what older servers send in ``original_creator``) names no one.
    """
    if not isinstance(value, Mapping):
        return None
    first, last = _str(value.get("first_name")), _str(value.get("last_name"))
    full = " ".join(p for p in (first, last) if p) or None
    for candidate in (value.get("display_name"), full, value.get("username")):
        name = _name(candidate)
        if name:
            return name
    return None


def commenter(item: Mapping[str, Any]) -> str | None:
    """The name a reader's comment was left under."""
    return _name(_str(item.get("commenter")) or _str(item.get("author_name")))
