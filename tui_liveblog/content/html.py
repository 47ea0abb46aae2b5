"""HTML → structured body, with the safety rules applied once (the lxml tree walk).

Every source turns its entry bodies into :class:`~tui_liveblog.model.Block` tuples through
:func:`parse_body`, so the sanitising (control characters, escape sequences, bidi controls,
unsafe links, scripts, tracking pixels) happens in one place for all of them.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from lxml import etree

from tui_liveblog.content.builder import _BOLD, _CODE, _ITALIC, _STRIKE
from tui_liveblog.content.builder import Builder as _Builder
from tui_liveblog.content.builder import Style as _Style
from tui_liveblog.content.elements import (
    _BLOCKS,
    _DROP,
    _EMBED,
    _HEADINGS,
    _TWEET,
    _attr,
    _caption,
    _data_url,
    _image_src,
    _media_kind_for,
    _shown_text,
    _text_of,
    _tiny,
)
from tui_liveblog.content.markup import close_voids, drop_data_urls, ends_deep, flatten_deep
from tui_liveblog.content.text import (
    CUT_NOTE,
    EMPTY,
    MAX_MARKUP_CHARS,
    ParsedBody,
    body_to_text,
    is_share_link,
    looks_like_html,
    parse_plain,
    spans_tidy,
    style_tuple,
    unescape,
)
from tui_liveblog.model import Block, Media, MediaKind, Span
from tui_liveblog.sanitize import clean_text, drop_c1_references, safe_url

_PARSER = etree.HTMLParser(
    recover=True, no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
)


_CAPTION_ELEMENTS = 64  # elements a caption may hold (a credit, an icon, some emphasis)
_NOT_CAPTIONS = frozenset(
    {"ul", "ol", "table", "blockquote", "figure", "img", "section", "article"}
)
_NOT_IN_CAPTIONS = frozenset(
    {"img", "amp-img", "picture", "video", "iframe", "figure", "p", "ul", "ol", "li", "table",
     "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
)  # fmt: skip


def _captions_last_medium(el: Any, tag: str, b: _Builder, style: _Style, pre: bool) -> bool:
    """A caption placed after its image rather than inside a ``<figure>`` with it (a
    ``<figcaption>`` after the figure, ``<span class="image-caption">`` after the picture):
    it becomes that medium's caption, in place of the image's alt text."""
    if tag != "figcaption" and "caption" not in (el.get("class") or "").lower():
        return False
    last = b.blocks[-1]
    medium = last.media
    if medium is None or medium.kind != "image" or tag in _NOT_CAPTIONS:
        return False
    # a caption is a line of text: a few elements at most, no images, paragraphs or lists
    inside = list(islice(el.iterdescendants(), _CAPTION_ELEMENTS + 1))
    if len(inside) > _CAPTION_ELEMENTS or any(
        isinstance(d.tag, str) and d.tag in _NOT_IN_CAPTIONS for d in inside
    ):
        return False
    caption = _shown_text(el)
    if not caption or len(caption) > 400:
        return False
    caption = " ".join(clean_text(caption).split())
    new = Media(medium.kind, medium.url, caption)
    b.blocks[-1] = Block("media", (Span(caption),), media=new)
    at = next((n for n in range(len(b.media) - 1, -1, -1) if b.media[n] is medium), None)
    if at is not None:  # (the last one: the same image may be shown twice)
        b.media[at] = new
    b.add_text(el.tail, style, pre)
    return True


def _amp(el: Any, tag: str, b: _Builder) -> None:
    """AMP pages' own elements: ``<amp-img>``, ``<amp-twitter data-tweetid>``…"""
    if tag == "amp-img":
        if not _tiny(el):
            b.add_media("image", _image_src(el), _caption(_attr(el, "alt", "title")))
        return
    if tag in ("amp-iframe", "amp-video", "amp-audio"):
        src = _attr(el, "src", "data-src")
        kind: MediaKind = {"amp-video": "video", "amp-audio": "audio"}.get(tag, "embed")  # type: ignore[assignment]
        if src and kind == "embed":
            resolved = safe_url(src, b.base)
            kind = _media_kind_for(resolved) if resolved else kind
        if src:
            b.add_media(kind, src, _attr(el, "title"))
        return
    ident = _attr(el, "data-tweetid", "data-videoid", "data-shortcode", "data-href")
    if not ident or (tag != "amp-facebook" and not _AMP_ID.fullmatch(ident)):
        return
    if tag == "amp-twitter":
        b.add_media("tweet", f"https://twitter.com/i/status/{ident}")
    elif tag == "amp-youtube":
        b.add_media("video", f"https://www.youtube.com/watch?v={ident}")
    elif tag == "amp-instagram":
        b.add_media("embed", f"https://www.instagram.com/p/{ident}/")
    elif tag == "amp-facebook":
        b.add_media("embed", ident)


_EMBED_TEXT = 5000  # characters of an embedded post's text kept (a long post's 4,000 and more)
_AMP_ID = re.compile(r"[\w-]{1,64}")
_AMP_TAGS = (
    "amp-img", "amp-iframe", "amp-video", "amp-audio", "amp-twitter", "amp-youtube",
    "amp-instagram", "amp-facebook",
)  # fmt: skip


# what _walk does with a tag (one dict lookup instead of a chain of tests; the kinds are disjoint)
_INLINE, _DROPPED, _BLOCK = 0, 1, 2
_TAG_KINDS: dict[str, int] = {tag: _DROPPED for tag in _DROP}
_TAG_KINDS.update({tag: _BLOCK for tag in _BLOCKS})
_OTHER = 3  # every tag with a branch of its own below
for _tag in (*_HEADINGS, "br", "ul", "ol", "li", "blockquote", "pre", "hr", "img", "figure"):
    _TAG_KINDS[_tag] = _OTHER
for _tag in ("iframe", "video", "audio", "tr", "table", *_AMP_TAGS):
    _TAG_KINDS[_tag] = _OTHER


def _walk(el: Any, b: _Builder, style: _Style, pre: bool = False) -> None:
    if not b.budget.step():
        return  # (the body is cut short)
    tag = el.tag
    if not isinstance(tag, str):  # comments, PIs, entities
        b.add_text(el.tail, style, pre)
        return
    tag = tag.lower()
    what = _TAG_KINDS.get(tag, _INLINE)
    if (
        not b.spans
        and b.blocks
        and b.blocks[-1].kind == "media"
        and what != _DROPPED
        and _captions_last_medium(el, tag, b, style, pre)
    ):
        return
    if what == _BLOCK:  # the usual case first: p, div… (calls skipped when they would do nothing)
        if b.spans:
            b.flush()
        if len(el) == 0 and el.attrib:
            _placeholder(el, b)
        text = el.text
        if text:
            b.add_text(text, style, pre)
        for child in el:
            _walk(child, b, style, pre)
            if b.budget.spent:
                break  # (cut short)
        if b.spans:
            b.flush()
        tail = el.tail
        if tail:
            b.add_text(tail, style, pre)
        return
    if what == _DROPPED:
        b.add_text(el.tail, style, pre)
        return
    if what == _INLINE:
        _inline(el, tag, b, style, pre)
        return
    if tag == "br":
        if pre:
            b.add_text("\n", style, True)
        else:
            b.line_break()
    elif tag in _HEADINGS:
        b.flush()
        _children(el, b, style, pre)
        b.flush("h", _HEADINGS[tag])
    elif tag in ("ul", "ol"):
        b.flush()
        _list(el, b, style, ordered=tag == "ol")
    elif tag == "li":  # a stray <li> outside a list
        b.flush()
        _children(el, b, style, pre)
        b.flush()
    elif tag == "blockquote":
        _blockquote(el, b, style)
    elif tag == "pre":
        b.flush()
        _children(el, b, _Style(style.href, style.bold, style.italic, style.strike, True), True)
        b.flush("pre")
    elif tag == "hr":
        b.flush()
        b.blocks.append(Block("hr"))
    elif tag == "img":
        if not _tiny(el):
            b.add_media("image", _image_src(el), _caption(_attr(el, "alt", "title")))
    elif tag == "figure":
        _figure(el, b, style)
    elif tag == "iframe":
        src = _attr(el, "src", "data-src")
        if src:
            resolved = safe_url(src, b.base)
            if resolved:
                b.add_media(_media_kind_for(resolved), resolved, _attr(el, "title"))
    elif tag.startswith("amp-"):
        _amp(el, tag, b)
    elif tag in ("video", "audio"):
        src = _attr(el, "src") or next(
            (s.get("src") for s in el.iter("source") if s.get("src")), None
        )
        kind: MediaKind = "video" if tag == "video" else "audio"
        b.add_media(kind, src, _attr(el, "title", "aria-label"))
    elif tag == "tr":
        b.flush()
        cells = [_text_of(c) for c in el if isinstance(c.tag, str) and c.tag in ("td", "th")]
        text = " | ".join(c for c in cells if c)
        if text:
            b.add_text(text, style)
        b.flush()
    elif tag == "table":
        b.flush()
        _children(el, b, style, pre)
        b.flush()
    b.add_text(el.tail, style, pre)


def _inline(el: Any, tag: str, b: _Builder, style: _Style, pre: bool) -> None:
    """An inline element (a link, bold, italic…, or one not known: its text is kept)."""
    if "-" in tag and not (el.text or "").strip() and _custom_media(el, tag, b):
        b.add_text(el.tail, style, pre)
        return
    new = style
    if tag == "a":
        href = safe_url(el.get("href"), b.base)
        if href and is_share_link(href):
            b.add_text(el.tail, style, pre)  # a share button: not part of what the entry says
            return
        if href:
            if href not in b.links:
                b.links.append(href)
            new = _Style(href, style.bold, style.italic, style.strike, style.code)
    elif tag in _BOLD:
        new = _Style(style.href, True, style.italic, style.strike, style.code)
    elif tag in _ITALIC:
        new = _Style(style.href, style.bold, True, style.strike, style.code)
    elif tag in _STRIKE:
        new = _Style(style.href, style.bold, style.italic, True, style.code)
    elif tag in _CODE:
        new = _Style(style.href, style.bold, style.italic, style.strike, True)
    elif tag == "q":
        b.add_text("“", style, pre)
        _children(el, b, new, pre)
        b.add_text("”", style, pre)
        b.add_text(el.tail, style, pre)
        return
    text = el.text
    if text:
        b.add_text(text, new, pre)
    for child in el:
        _walk(child, b, new, pre)
        if b.budget.spent:
            break  # (cut short)
    tail = el.tail
    if tail:
        b.add_text(tail, style, pre)


def _children(el: Any, b: _Builder, style: _Style, pre: bool = False) -> None:
    b.add_text(el.text, style, pre)
    for child in el:
        _walk(child, b, style, pre)
        if b.budget.spent:
            break  # (cut short)


def _list(el: Any, b: _Builder, style: _Style, ordered: bool, depth: int = 0) -> None:
    items: list[tuple[Span, ...]] = []
    nested: list[tuple[Span, ...]] = []
    for li in el:
        if not b.budget.step():
            break
        if not isinstance(li.tag, str):
            continue
        sub = b.sub()
        nested = []
        sub.add_text(li.text, style)
        for child in li:
            ctag = child.tag.lower() if isinstance(child.tag, str) else ""
            if ctag in ("ul", "ol"):
                inner = b.sub()
                _list(child, inner, style, ordered=ctag == "ol", depth=depth + 1)
                for blk in inner.blocks:
                    nested.extend(blk.items)
                sub.add_text(child.tail, style)
            else:
                _walk(child, sub, style)
        sub.flush()
        spans: list[Span] = []
        for blk in sub.blocks:
            if blk.kind == "media":
                b.blocks.append(blk)
                continue
            if spans:
                spans.append(Span("\n"))
            spans.extend(blk.spans)
        if spans:
            items.append(tuple(spans))
        items.extend((Span("  " + s[0].text, *style_tuple(s[0])), *s[1:]) for s in nested if s)
    if items:
        b.blocks.append(Block("ol" if ordered else "ul", items=tuple(items)))


def _placeholder(el: Any, b: _Builder) -> None:
    """An empty element a page's script fills with an embedded post, player or story card
    (``<div class="tweet" data-url="https://twitter.com/…/status/…">``,
    ``<div data-embedded-content-path="https://…/story">``): that post or story, as media."""
    if (el.text or "").strip():
        return
    found = _data_url(el)
    if found is None:
        return
    name, url = found
    if _EMBED.search(url):
        b.add_media(_media_kind_for(url), url, None)
    elif "embed" in name or "embed" in (el.get("class") or "").lower():
        resolved = safe_url(url, b.base)
        if resolved and resolved != b.base:
            b.add_media("embed", resolved, None)
            if resolved not in b.links:
                b.links.append(resolved)


def _custom_media(el: Any, tag: str, b: _Builder, caption: str | None = None) -> bool:
    """A page's own player element (``<gdwc-video-component data-src="…/embed/…">``, any
    custom element with a player's address): a video or embed, not its poster image."""
    found = _data_url(el) or (("src", el.get("src")) if el.get("src") else None)
    if found is None:
        return False
    url = safe_url(found[1], b.base)
    if not url or not url.lower().startswith(("http://", "https://")):
        return False
    low = f"{tag} {url}".lower()
    kind: MediaKind
    if _EMBED.search(url):
        kind = _media_kind_for(url)
    elif "video" in low or "player" in low:
        kind = "video"
    elif "embed" in low or "audio" in low or "podcast" in low:
        kind = "audio" if "audio" in low or "podcast" in low else "embed"
    else:
        return False
    b.add_media(kind, url, caption or _attr(el, "title", "aria-label"))
    return True


def _signed_tweet(el: Any) -> bool:
    """A quote that ends with a link to a tweet (the "— Name (@handle) date" line of an
    embedded tweet, whatever class the page gives it)."""
    last = None
    for a in el.iter("a"):
        last = a
    return last is not None and _TWEET.search(last.get("href") or "") is not None


def _blockquote(el: Any, b: _Builder, style: _Style) -> None:
    b.flush()
    cls = (el.get("class") or "").lower()
    if "tweet" in cls or "instagram-media" in cls or "tiktok-embed" in cls or _signed_tweet(el):
        url = None
        for a in el.iter("a"):
            href = safe_url(a.get("href"), b.base)
            if href and ("/status/" in href or "instagram.com/p/" in href or "tiktok.com" in href):
                url = href
        if url is None:
            url = _attr(el, "cite", "data-instgrm-permalink")
        kind: MediaKind = "embed" if "instagram" in cls or "tiktok" in cls else "tweet"
        said = _shown_text(el)  # the post's text and its signature line, whole
        if len(said) > _EMBED_TEXT:
            said = said[: _EMBED_TEXT - 1].rstrip() + "…"
        b.add_media(kind, url, said or None)
        b.add_text(el.tail, style)
        return
    sub = b.sub()
    _children(el, sub, style)
    sub.flush()
    spans: list[Span] = []
    for blk in sub.blocks:
        if blk.kind == "media":
            b.blocks.append(blk)
            continue
        parts = blk.spans or tuple(s for item in blk.items for s in (*item, Span("\n")))
        if spans:
            spans.append(Span("\n"))
        spans.extend(parts)
    tidy = spans_tidy(spans)
    if tidy:
        b.blocks.append(Block("quote", tidy))
    b.add_text(el.tail, style)


_FIGURE_MEDIA = frozenset({"img", "amp-img", "iframe", "video", "audio", "blockquote"})


def _figure(el: Any, b: _Builder, style: _Style) -> None:
    b.flush()
    caption_el = next((c for c in el.iter("figcaption")), None)
    caption = _shown_text(caption_el) if caption_el is not None else None
    found = False
    for child in el.iter():
        tag = child.tag
        if not isinstance(tag, str) or (tag not in _FIGURE_MEDIA and "-" not in tag):
            continue
        if "-" in tag and tag != "amp-img":
            if not _custom_media(child, tag, b, caption):
                continue
            found = True
        elif tag in ("img", "amp-img"):
            if _tiny(child):
                continue
            b.add_media("image", _image_src(child), caption or _caption(_attr(child, "alt")))
            found = True
        elif tag == "blockquote":
            _blockquote(child, b, style)
            found = True
        else:
            _walk(child, b, style)
            found = True
        break
    if not found and caption:
        b.add_text(caption, style)
        b.flush()
    b.add_text(el.tail, style)


def parse_html(markup: str, base: str | None = None) -> ParsedBody:
    """Parse an HTML fragment (or document) into a sanitised structured body: at most
    :data:`MAX_BODY_CHARS` characters of text shown, with a note when there were more."""
    markup = drop_c1_references(markup)  # (the parser would read &#150; as "–", HTML5's way)
    b = _Builder(base)
    markup = drop_data_urls(markup)
    cut = len(markup) > MAX_MARKUP_CHARS
    if cut:
        markup = markup[:MAX_MARKUP_CHARS]  # (the parser closes what the cut leaves open)
    if markup.strip():
        root = _tree(markup)
        if root is not None:
            # <html><body><div>…: the body is the only child (find() only when it is not)
            body = root[0] if len(root) == 1 and root[0].tag == "body" else root.find("body")
            _walk(body if body is not None else root, b, _Style())
            b.flush()
    if cut or b.budget.spent:
        b.blocks.append(Block("p", (Span(CUT_NOTE),)))
    blocks = tuple(b.blocks)
    return ParsedBody(blocks, body_to_text(blocks), tuple(b.links), tuple(b.media))


def _tree(markup: str) -> Any:
    """The lxml tree of ``markup`` read as a browser reads it: void elements hold nothing, and
    where the parser stopped at its depth limit (dropping the rest), the deepest elements are
    read as their text."""
    markup = close_voids(markup)
    try:
        root = etree.fromstring(f"<div>{markup}</div>", _PARSER)
    except (etree.ParserError, ValueError):
        return None
    if root is not None and ends_deep(root):
        try:
            root = etree.fromstring(f"<div>{flatten_deep(markup)}</div>", _PARSER)
        except (etree.ParserError, ValueError):
            return None
    return root


def parse_body(value: str | None, base: str | None = None) -> ParsedBody:
    """Parse an entry body that may be HTML or plain text (with entities)."""
    if not value:
        return EMPTY
    if "<" in value and looks_like_html(value):
        return parse_html(value, base)
    return parse_plain(value)


def inline_text(value: str | None) -> str | None:
    """A one-line field (title, author) from HTML or text: tags dropped, entities decoded."""
    if not value:
        return None
    if "<" in value and looks_like_html(value):
        value = parse_html(value).text
    elif "&" in value:
        value = unescape(value)
    line = " ".join(clean_text(value).split())
    return line or None
