"""What one HTML element says, read the same wherever it sits: an image's real address (lazy
loading, ``srcset``, ``<picture>`` sources), alt text worth showing, a medium's kind from its
host, an element's text on one line, the web address in an empty placeholder's ``data-``
attribute. Part of :mod:`tui_liveblog.content`; :mod:`.html` walks the tree with these.
"""

from __future__ import annotations

import re
from itertools import takewhile
from typing import Any

from lxml import etree

from tui_liveblog.content.text import _SHARE as _SHARE
from tui_liveblog.content.text import _SHARE_HINT as _SHARE_HINT
from tui_liveblog.model import MediaKind

_DROP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "button",
        "form", "input", "select", "textarea", "svg", "math", "canvas", "object", "embed",
        "map", "nav", "dialog", "param", "track",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "address",
        "center", "dl", "dt", "dd", "details", "summary", "fieldset", "caption", "body", "html",
        "figcaption", "tbody", "thead", "tfoot",
    }
)  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "player.", "video")
_TWEET_HOSTS = ("twitter.com", "x.com")


_LAZY = ("data-src", "data-original", "data-lazy-src", "data-url")
_EMBED = re.compile(
    r"^https?://(?:[\w-]+\.)?(?:(?:twitter|x)\.com/\w+/status|youtube\.com/(?:watch|embed)|youtu\.be/"
    r"|instagram\.com/(?:p|reel)/|facebook\.com/[\w.]+/(?:posts|videos)/|tiktok\.com/@)",
    re.IGNORECASE,
)
_TWEET = re.compile(r"^https?://(?:[\w-]+\.)?(?:twitter|x)\.com/\w{1,15}/status(?:es)?/\d+", re.I)
_PLACEHOLDER_WORDS = frozenset({"undefined", "null", "none", "nan", "image", "img", "photo"})


def _image_src(el: Any) -> str | None:
    """An image's real address: a lazy-loading page puts it in ``data-src`` (or a ``srcset``)
    and a placeholder (``data:``, a 1-pixel gif) in ``src``."""
    for name in _LAZY:
        value = el.get(name)
        if value and value.lstrip()[:5].lower() != "data:":
            return str(value)
    for name in ("srcset", "data-srcset"):
        value = el.get(name)
        if value:
            best = _widest(str(value))
            if best:
                return best
    value = el.get("src")
    if value:
        return str(value)
    # <picture><source srcset="…"><img alt="…"></picture>, no src at all (the sources are
    # closed before libxml2 reads them (content.markup), which would nest the img inside: it
    # still may, in a tag close_voids does not read)
    # (the <source> elements around the img, and the picture's own: never the whole picture)
    for source in (*el.iterancestors("source"), *_picture_sources(el)):
        best = _widest(str(source.get("srcset") or ""))
        if best:
            return best
    return None


def _picture_sources(el: Any) -> list[Any]:
    """The ``<source>`` elements that open the picture holding ``el`` (they come first)."""
    parent = el.getparent()
    for _ in range(8):  # (the img may be nested in the sources: the picture a few levels up)
        if parent is None:
            return []
        if parent.tag == "picture":
            return list(takewhile(lambda c: c.tag == "source", parent.iterchildren()))
        parent = parent.getparent()
    return []


def _widest(srcset: str) -> str | None:
    """The widest candidate of a ``srcset`` (the last one when none says its width)."""
    best: tuple[float, str] | None = None
    for n, part in enumerate(srcset.split(",")):
        bits = part.split()
        if not bits or bits[0].lower().startswith("data:"):
            continue
        width = float(n)
        if len(bits) > 1 and bits[1][:-1].isdigit():
            width = float(bits[1][:-1])
        if best is None or width >= best[0]:
            best = (width, bits[0])
    return best[1] if best else None


def _caption(value: str | None) -> str | None:
    """Alt text as a caption, unless it is a template's placeholder (``alt="undefined"``)."""
    if value and value.strip().lower() not in _PLACEHOLDER_WORDS:
        return value
    return None


def _attr(el: Any, *names: str) -> str | None:
    for name in names:
        value = el.get(name)
        if value:
            return str(value)
    return None


def _media_kind_for(url: str) -> MediaKind:
    host = url.split("/")[2].lower() if "//" in url else ""
    if any(host == h or host.endswith("." + h) for h in _TWEET_HOSTS):
        return "tweet"
    if any(h in host for h in _VIDEO_HOSTS):
        return "video"
    return "embed"


def _tiny(el: Any) -> bool:
    """Tracking pixels: 1×1 images, or ones whose class or id names a counter."""
    w, h = el.get("width"), el.get("height")
    if w in ("0", "1", "2") or h in ("0", "1", "2"):
        return True
    marker = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return "countimage" in marker or "tracking" in marker or "pixel" in marker


def _text_of(el: Any) -> str:
    return " ".join(" ".join(el.itertext()).split())


_LINE_TAGS = frozenset({*_BLOCKS, "br", "li", *_HEADINGS})
_OPEN_GAP = re.compile(r"([(\[“‘]) ")
_CLOSE_GAP = re.compile(r" ([)\]”’])")


def _shown_text(el: Any) -> str:
    """An element's text on one line, as a caption reads: inline pieces joined as they are,
    block pieces with a space ("Image:" in a ``<div>`` of its own), no space inside brackets."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag.lower() in _LINE_TAGS or (
                tag == "a" and (node.text or "").startswith(("http", "pic.twitter"))
            ):  # (a bare address glued to the word before it: "passengershttps://t.co/…")
                parts.append(" ")
            if tag.lower() not in _DROP and node.text:
                parts.append(node.text)
        else:
            if tag.lower() in _LINE_TAGS:
                parts.append(" ")
            if node is not el and node.tail:
                parts.append(node.tail)
    text = " ".join("".join(parts).split())
    return _CLOSE_GAP.sub(r"\1", _OPEN_GAP.sub(r"\1", text))


_DATA_URL_WORDS = ("url", "href", "embed", "src", "path", "link")


def _data_url(el: Any) -> tuple[str, str] | None:
    """The first ``data-…url``/``-href``/``-src``/``-path`` attribute holding a web address."""
    for name, value in el.items():
        low = name.lower()
        if (
            low.startswith("data-")
            and any(w in low for w in _DATA_URL_WORDS)
            and value[:8].lower().startswith(("https://", "http://"))
        ):
            return low, str(value).strip()
    return None
