"""An entry block's title: its first heading (``h2``–``h6``, or an ``entry-title``/``headline``
element) when nothing but meta text comes before it, else a first line that is all bold
(``<p><strong>Headline</strong></p>``, or a loose ``<b>Headline</b><br>``). A heading that
repeats the page's own headline is not the entry's (it is cut from the body all the same).
Part of :mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.html.groups import Block
from tui_liveblog.sources.html.scan import Scan

_TITLE_CLASSES = ("entry-title", "post-title", "headline", "__title", "-title")
_BLOCK_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "li", "header"})
_BOLD = frozenset({"b", "strong"})
_BODY_START = frozenset({"img", "figure", "iframe", "video", "blockquote", "ul", "ol"})
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
META_SLACK = 12  # characters of a meta line that are none of time, byline or label


def is_meta(scan: Scan, i: int) -> bool:
    """Only times, bylines and labels (give or take a word)."""
    return scan.textlen[i] <= 200 and scan.textlen[i] - scan.metalen[i] <= META_SLACK


def text_of(scan: Scan, i: int) -> str:
    """A node's text, its text nodes joined by spaces."""
    if i in scan.texts:
        return scan.texts[i]
    return " ".join(t for j in range(i + 1, scan.end[i] + 1) if (t := scan.texts.get(j)))


def is_headline(scan: Scan, i: int, headline: str | None) -> bool:
    return bool(headline) and clean_line(text_of(scan, i)).casefold() == headline.casefold()  # type: ignore[union-attr]


def title_of(
    scan: Scan, block: Block, metas: list[int], cut: list[int], headline: str | None
) -> int | None:
    """The block's title element; headings that repeat the page's headline go to ``cut``."""
    meta_spans = [(m, scan.end[m]) for m in metas]
    total = sum(scan.textlen[i] for i in block)
    for root in block:
        skip_to = -1
        for i in range(root, scan.end[root] + 1):
            if i <= skip_to or any(a <= i <= b for a, b in meta_spans):
                continue
            tag = scan.tags[i]
            if tag == "-text":
                if i not in scan.texts or (i in block and is_meta(scan, i)):
                    continue
                # the first text: a bold line of its own is the title, anything else is body
                return _bold_line(scan, i, root, total)
            cls = scan.classes[i]
            heading = tag in HEADINGS or (
                i != root and any(c in cls for c in _TITLE_CLASSES) and "sub" not in cls
            )
            if heading and scan.textlen[i] <= 300 and scan.textlen[i] > scan.metalen[i]:
                if not is_headline(scan, i, headline):
                    return i
                skip_to = scan.end[i]  # the page's headline repeated: not this post's
                cut.append(i)
            if tag in _BODY_START:
                return None
    return None


def _bold_line(scan: Scan, i: int, root: int, total: int) -> int | None:
    """The line of text node ``i`` if it is all bold and something follows it."""
    j = scan.parent[i]
    bold = -1
    if j == root:  # text right in a block node: a segment's own <b>
        if scan.tags[root] not in _BOLD:
            return None
        bold = line = root
    else:
        while j >= 0 and j != root and scan.tags[j] not in _BLOCK_TAGS:
            if scan.tags[j] in _BOLD:
                bold = j
            j = scan.parent[j]
        if bold < 0 or j < 0:
            return None
        line = bold if j == root else j
    if scan.textlen[line] > 160:
        return None
    if line != bold and not all(
        _is_bold(scan, t, line) for t in range(line, scan.end[line] + 1) if t in scan.texts
    ):
        return None
    if total - scan.textlen[line] < 20:
        return None  # the bold line is all there is: it is the body
    return line


def _is_bold(scan: Scan, j: int, top: int) -> bool:
    q = scan.parent[j]
    while q >= 0 and q != top:
        if scan.tags[q] in _BOLD:
            return True
        q = scan.parent[q]
    return False
