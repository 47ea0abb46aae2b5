"""A guard against pathologically nested HTML, before it reaches the HTML parser.

The parser handles deeply nested block elements in quadratic time: 10,000 nested ``<div>``
take ~0.2 s, 100,000 ~10 s and 200,000 over a minute. No real page nests more than a few
hundred deep, so a page nesting deeper than :data:`MAX_DEPTH` is not walked as a tree at all.
"""

from __future__ import annotations

import re

MAX_DEPTH = 5000  # the parser takes ~20 ms at this depth, seconds at 10x

_BLOCKS = (
    r"<(/?)(?:div|section|article|aside|main|nav|header|footer|blockquote|ul|ol|dl|figure|"
    r"figcaption|fieldset|details|summary|center|address|dialog|hgroup|menu|dir)[\s>/]"
)
_NESTING = re.compile(_BLOCKS, re.IGNORECASE)
_NESTING_BYTES = re.compile(_BLOCKS.encode(), re.IGNORECASE)


def too_deep(markup: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """Does ``markup`` nest block elements more than ``limit`` deep?"""
    # each match is empty for an opening tag, "/" for a closing one
    tags: list[str] | list[bytes] = (
        _NESTING_BYTES.findall(markup) if isinstance(markup, bytes) else _NESTING.findall(markup)
    )
    if len(tags) <= limit:
        return False  # too few to nest that deep
    opened = deepest = 0
    for closing in tags:
        if closing:
            opened = max(0, opened - 1)
        else:
            opened += 1
            if opened > deepest:
                deepest = opened
    return deepest > limit
