"""Items nested deeper than the XML parser reads. libxml2 stops at 256 nested elements and
drops the rest of the document, so one such item would take every later one with it: the
items that nest too deep are left out of the document, and the parser reads the others.
Part of :mod:`tui_liveblog.sources.feed`.

Regular expressions, no parser (the parser is what gave up).
"""

from __future__ import annotations

import re

from tui_liveblog.sanitize import clean_line

MAX_NESTING = 250  # an element deeper than this leaves its item out (the parser stops at 256)

# a comment, CDATA section or processing instruction opening (read to its end with str.find,
# so that an unclosed one costs one scan), or a start or end tag (no "<" in attributes in XML)
_TOKEN = re.compile(
    r"""<(!--|!\[CDATA\[|\?)|<(/?)([^\s/<>!?][^\s/<>]*+)(?:[^<>"']|"[^"<]*"|'[^'<]*')*?(/?)>"""
)
_RAW_END = {"!--": "-->", "![CDATA[": "]]>", "?": "?>"}
_CONTAINERS = frozenset({"rss", "RDF", "channel", "feed"})  # (local names)
_ITEMS = frozenset({"item", "entry"})


def without_deep_items(text: str, limit: int = MAX_NESTING) -> tuple[str, list[str]]:
    """``text`` with every item (or other element of the feed's own) holding elements nested
    more than ``limit`` deep blanked out (its lines kept, for the parser's line numbers), and
    what was left out (``"item 3"``, ``"entry 2"``, ``"<subtitle>"``)."""
    stack: list[tuple[str, int, int]] = []  # (name, start offset, item number or 0)
    open_count: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []
    left_out: list[str] = []
    skipping = -1  # the stack index of the element being left out
    start = 0  # (its offset)
    items = 0
    at = 0
    while (m := _TOKEN.search(text, at)) is not None:
        at = m.end()
        raw = m.group(1)
        if raw is not None:
            end = text.find(_RAW_END[raw], at)
            at = len(text) if end < 0 else end + len(_RAW_END[raw])
            continue
        name = m.group(3)
        if m.group(2):  # an end tag: closes up to the element it names
            if open_count.get(name):
                while True:
                    open_name = stack.pop()[0]
                    open_count[open_name] -= 1
                    if open_name == name:
                        break
                if skipping >= 0 and len(stack) <= skipping:
                    cuts.append((start, at))
                    skipping = -1
            continue
        if m.group(4):  # <empty/>
            continue
        local = name.rpartition(":")[2]
        number = 0
        if (
            local in _ITEMS
            and len(stack) < 3  # (rss/channel/item, RDF/item, feed/entry)
            and all(s[0].rpartition(":")[2] in _CONTAINERS for s in stack)
        ):
            items += 1
            number = items
        stack.append((name, m.start(), number))
        open_count[name] = open_count.get(name, 0) + 1
        if skipping < 0 and len(stack) > limit:
            # the outermost element that is not the feed's or the channel's (not the root)
            skipping = next(
                (n for n, s in enumerate(stack) if s[0].rpartition(":")[2] not in _CONTAINERS),
                1,
            )
            skipping = max(skipping, 1)
            name_left, start, number_left = stack[skipping]
            local_left = name_left.rpartition(":")[2]
            shown = (
                f"{local_left} {number_left}" if number_left else f"<{clean_line(name_left)[:40]}>"
            )
            left_out.append(shown)
    if skipping >= 0:  # never closed: to the end
        cuts.append((start, len(text)))
    if not cuts:
        return text, left_out
    parts: list[str] = []
    done = 0
    for begin, end in cuts:
        parts.append(text[done:begin])
        parts.append("\n" * text.count("\n", begin, end))
        done = end
    parts.append(text[done:])
    return "".join(parts), left_out
