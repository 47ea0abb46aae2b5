"""Markup made ready for lxml's HTML parser (libxml2), so that it reads a body as a browser
does, and nothing in it is lost:

- :func:`close_voids`: a void element libxml2 does not know to be void (``<embed>``,
  ``<source>``, ``<track>``, ``<wbr>``…), written without ``/>``, would hold everything after
  it, and ``<embed>``'s content is dropped with it: it is closed where it opens;
- :func:`drop_data_urls`: ``data:`` URLs in attributes are emptied, whatever their size: they
  are never shown or followed, and a 600 KB inline image must not count towards a body's
  length;
- :func:`flatten_deep`: libxml2 stops reading at 256 nested elements and drops the rest;
  where it did, the elements nested deeper than :data:`FLAT_DEPTH` lose their tags, not
  their text.

Regular expressions, no parser: these run on markup before lxml sees it (part of
:mod:`tui_liveblog.content`).
"""

from __future__ import annotations

import re
from typing import Any

# The void elements of WHATWG's HTML parser (area, base, br, col, embed, hr, img, input, link,
# meta, source, track, wbr, and the parser's older ones: basefont, bgsound, frame, image,
# keygen, param; and libxml2's isindex). libxml2 (2.14) treats as void all but these, which it
# would nest content in:
_UNKNOWN_VOIDS = ("embed", "source", "track", "wbr", "keygen", "bgsound", "image")
_VOIDS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "basefont", "bgsound", "frame", "image", "keygen", "param", "isindex",
    }
)  # fmt: skip

# a start tag's attributes: quotes count only around a value (after "="), as in HTML; no "<"
# in them (legal, but rare), so that a tag with no end is read no further than the next "<"
_ATTRS = r"""(?:[^<>"'=]|=\s*"[^"<]*"|=\s*'[^'<]*'|=)*?"""
_VOID_TAG = re.compile(rf"<({'|'.join(_UNKNOWN_VOIDS)})(?=[\s/>])({_ATTRS})/?>", re.IGNORECASE)
_OPENINGS = tuple(f"<{name}" for name in _UNKNOWN_VOIDS)


def close_voids(markup: str) -> str:
    """``markup`` with every void element libxml2 would nest content in written ``<x … />``."""
    low = markup.lower()
    if not any(opening in low for opening in _OPENINGS):
        return markup  # (the usual case: a few plain scans are faster than the search)
    return _VOID_TAG.sub(_closed, markup)


def _closed(m: re.Match[str]) -> str:
    return f"<{m.group(1)}{m.group(2).rstrip()} />"


# a start tag (one scan to its end, or to the next "<" when it has none), and in it an
# attribute value that starts with a data: URL (quoted or not), up to its end or the first
# space, with a srcset's descriptor after it ("1x,"): a candidate after it stays
_START_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_DATA_URL = re.compile(
    r"""(=\s*["']?\s*)data:[^"'\s>]*(?:\s+[0-9.]+[wx](?=[\s,"'>]))?\s*,?""", re.IGNORECASE
)
_EMPTY_DATA_URL = r"\1data:,"


def drop_data_urls(markup: str) -> str:
    """``markup`` with every ``data:`` URL in an attribute value replaced by an empty one
    (``data:,``: still not a web address wherever one is looked for). Text is not changed."""
    if "ata:" not in markup and "ATA:" not in markup and "Ata:" not in markup:
        return markup  # (the usual case: no need for the case-insensitive search)
    return _START_TAG.sub(_tag_without_data_urls, markup)


def _tag_without_data_urls(m: re.Match[str]) -> str:
    tag = m.group(0)
    if "ata:" not in tag and "ATA:" not in tag and "Ata:" not in tag:
        return tag
    return _DATA_URL.sub(_EMPTY_DATA_URL, tag)


# -- nesting ---------------------------------------------------------------------------------

FLAT_DEPTH = 100  # elements deeper than this lose their tags when the parser gave up
_DEEP = 200  # the parser's tree is this deep along its last branch: it stopped there (256)

# what the flattening reads: a comment or raw text opening (read to its end with str.find, so
# that an unclosed one costs one scan), or a start or end tag
_TOKEN = re.compile(
    rf"<(!--|script\b|style\b)|<(/?)([A-Za-z][^\s/<>]*+)({_ATTRS})(/?)>", re.IGNORECASE
)
_RAW_END = {"!--": "-->", "script": "</script", "style": "</style"}


def ends_deep(root: Any, deep: int = _DEEP) -> bool:
    """Does an lxml tree end ``deep`` elements down? A parser that stopped at its depth limit
    left its deepest element last; otherwise the last branch is a few elements long."""
    el = root
    for _ in range(deep):
        try:
            el = el[-1]  # (len() would count the children: a feed's channel holds thousands)
        except IndexError:
            return False
    return True


def flatten_deep(markup: str, limit: int = FLAT_DEPTH) -> str:
    """``markup`` with the tags of elements nested more than ``limit`` deep removed (their
    text stays). Depth is counted as HTML nests: void elements and ``/>`` hold nothing, an end
    tag closes up to the element it names (and nothing when none is open)."""
    stack: list[tuple[str, bool]] = []  # (name, its tags removed)
    open_count: dict[str, int] = {}  # (how many of each name the stack holds)
    out: list[str] = []
    at = 0
    lowered: str | None = None
    while (m := _TOKEN.search(markup, at)) is not None:
        raw = m.group(1)
        if raw is not None:  # kept whole, up to its end (the rest, when it has none)
            if lowered is None:
                lowered = markup.lower()
            end = lowered.find(_RAW_END[raw.lower()], m.end())
            end = len(markup) if end < 0 else end
            out.append(markup[at:end])
            at = end
            continue
        out.append(markup[at : m.start()])
        at = m.end()
        name = m.group(3).lower()
        keep = True
        if m.group(2):  # an end tag: closes up to the element it names
            if open_count.get(name):
                while True:
                    open_name, removed = stack.pop()
                    open_count[open_name] -= 1
                    if open_name == name:
                        keep = not removed
                        break
        elif name in _VOIDS or m.group(5):
            keep = len(stack) < limit
        else:
            keep = len(stack) < limit
            stack.append((name, not keep))
            open_count[name] = open_count.get(name, 0) + 1
        if keep:
            out.append(m.group(0))
    out.append(markup[at:])
    return "".join(out)
