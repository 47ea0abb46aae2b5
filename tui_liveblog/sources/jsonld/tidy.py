"""What a reader sees of an entry, not what the CMS left in it: titles that are only a display
time and the body's first words, shortcodes and template placeholders, a title repeated as the
body's first line, bare embed links (a post the page's script turns into a tweet or a video) and
placeholder image captions. Part of :mod:`tui_liveblog.sources.jsonld`; applied to every entry,
read from JSON-LD, from the rendered page, or both.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tui_liveblog.content import body_to_text, holds_media
from tui_liveblog.model import Block, Body, Entry, Media, MediaKind, Span

# a display time leading a title: "19:02", "7.15pm", "19:02(IST)", "09:15 BST -"
_TIME_LEAD = re.compile(
    r"^\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*(?:\(?[A-Z]{2,5}\)?)?\s*[-–—:|]?\s*", re.IGNORECASE
)
# shortcodes and placeholders a template left unrendered: [[ge:…]], {{name}}, %%TOKEN%%
_ARTEFACT = re.compile(r"\[\[[^\[\]]{0,500}\]\]|\{\{[^{}]{0,500}\}\}|%%[A-Za-z0-9_:.\-]{1,100}%%")
_WORDS = re.compile(r"\w+")
_PLACEHOLDERS = frozenset({"undefined", "null", "none", "nan", "image", "img", "photo"})
# hosts whose links a live-blog page turns into an embedded post or player
_EMBED_HOSTS: dict[str, MediaKind] = {
    "twitter.com": "tweet",
    "x.com": "tweet",
    "youtube.com": "video",
    "youtu.be": "video",
    "vimeo.com": "video",
    "facebook.com": "embed",
    "fb.watch": "video",
    "instagram.com": "embed",
    "tiktok.com": "video",
    "threads.net": "embed",
    "bsky.app": "embed",
}


def words(text: str | None) -> str:
    """Lower-cased words, one space apart: what two renderings of a text share."""
    return " ".join(_WORDS.findall(text.lower())) if text else ""


def embed_kind(url: str) -> MediaKind | None:
    """The media kind of a link to an embeddable post or video, else None."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    return _EMBED_HOSTS.get(host)


def title_of(title: str | None, text: str) -> str | None:
    """No title when it is only a display time and the body's first words."""
    if not title:
        return title
    lead = _TIME_LEAD.match(title)
    if lead is None or lead.end() == 0:
        return title
    rest = words(title[lead.end() :])
    if rest and words(text).startswith(rest):
        return None
    return title


def _clean_spans(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    if not any("[[" in s.text or "{{" in s.text or "%%" in s.text for s in spans):
        return spans
    out = [
        Span(_ARTEFACT.sub("", s.text), s.href, s.bold, s.italic, s.strike, s.code) for s in spans
    ]
    kept = tuple(s for s in out if s.text.strip() or s.text == "\n")
    return kept


def _embed_block(block: Block) -> Media | None:
    """A paragraph that is nothing but a link to an embeddable post: that post, as media."""
    if block.kind != "p" or not block.spans:
        return None
    text = "".join(s.text for s in block.spans).strip()
    if not text.startswith(("http://", "https://")) or any(c.isspace() for c in text):
        return None
    kind = embed_kind(text)
    href = next((s.href for s in block.spans if s.href), None) or text
    return Media(kind, href) if kind is not None else None


def tidy_body(body: Body, title: str | None) -> tuple[Body, tuple[Media, ...]] | None:
    """The body without artefacts, without a first line repeating the title, with bare embed
    links as media (returned apart) and placeholder captions dropped; None when all is well."""
    blocks: list[Block] = []
    media: list[Media] = []
    changed = False
    for n, block in enumerate(body):
        embed = _embed_block(block)
        if embed is not None:
            media.append(embed)
            changed = True
            continue
        spans = _clean_spans(block.spans)
        items = tuple(_clean_spans(item) for item in block.items) if block.items else ()
        if block.kind == "media" and spans and words(_text(spans)) in _PLACEHOLDERS:
            spans = ()
        if block.kind in ("p", "h", "quote", "pre") and not spans:
            changed = True
            continue
        if n == 0 and title and block.kind in ("p", "h") and _repeats(_text(spans), title):
            changed = True
            continue
        if spans is not block.spans or items != block.items:
            block = Block(block.kind, spans, tuple(i for i in items if i), block.level, block.media)
            changed = True
        blocks.append(block)
    return (tuple(blocks), tuple(media)) if changed else None


_CUT_ENTITY = re.compile(r"&(?:#x?[0-9a-f]{0,6}|[a-z]{1,8})(?:…|\.\.\.)$")


def _suspect(entry: Entry, title: str | None, hint: bool | None = None) -> bool:
    """Could :func:`tidy_body` change anything? (Most bodies are clean: skip the walk.)
    ``hint``: :func:`_artefact_hint` of the entry's text, when the caller has it."""
    text = entry.text
    if (_artefact_hint(text) if hint is None else hint) or ("/" in text and "://" in text):
        return True
    # a first line repeating the title is the body's first block, whose text opens the entry's
    # text (``text`` is ``body_to_text(body)``) and is at most 8 characters longer than the
    # title: its words start those of the text's first ``len(title) + 9``
    if (
        title
        and text[:12].casefold() == title[:12].casefold()
        and words(text[: len(title) + 9]).startswith(words(title))
    ):
        return True
    return holds_media(entry.body)


def _artefact_hint(text: str) -> bool:
    """Might ``text`` hold a shortcode or placeholder (``[[``, ``{{``, ``%%``)? (A one-character
    search runs as memchr, several times faster than a two-character one: most texts hold
    none of these characters.)"""
    return (
        ("[" in text and "[[" in text)
        or ("{" in text and "{{" in text)
        or ("%" in text and "%%" in text)
    )


def _repeats(line: str, title: str) -> bool:
    return len(line) <= len(title) + 8 and words(line) == words(title)


def _text(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans)


def tidy_entry(entry: Entry) -> Entry:
    """The entry as a reader sees it (see the module docstring); unchanged when nothing applies."""
    title = title_of(entry.title, entry.text)
    if title and _artefact_hint(title):
        title = _ARTEFACT.sub("", title).strip() or None
    if title and "&" in title and title[-1] in ".…":
        title = _CUT_ENTITY.sub("…", title)  # "…dissanguata&rdq…": cut inside an entity
    text = entry.text
    hint = _artefact_hint(text)
    tidied = tidy_body(entry.body, title) if entry.body and _suspect(entry, title, hint) else None
    media = entry.media
    if tidied is not None:
        body, embeds = tidied
        text = body_to_text(body)
        known = {m.url for m in media}
        media = media + tuple(m for m in embeds if m.url not in known)
    else:
        body = entry.body
        if hint:
            text = _ARTEFACT.sub("", text).strip()
    if title == entry.title and tidied is None and text == entry.text:
        return entry
    return entry.with_changes(title=title, body=body, text=text, media=media)
