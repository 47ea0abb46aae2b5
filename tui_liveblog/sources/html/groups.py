"""Finding the page's entry blocks among its repeated elements, from the :class:`Scan` counts.

Two kinds of candidate:

- *items*: sibling elements sharing a tag and class signature (class tokens with digits,
  BEM ``--modifiers`` and state words such as ``pinned`` left out), merged across containers
  of one signature (a page split into day sections); each element is a block;
- *segments*: a container whose children include three or more short "meta" elements (a
  time, a byline line) between runs of content: each meta element with the content before it
  (a byline that ends a post) or after it (a time that heads one) is a block.

A candidate needs three or more blocks holding a time, at least half of its blocks timed,
real text (not only links, times and bylines) and few links; it is refused inside
navigation, sidebars, footers, comment threads, related-links and promo containers, or when
most blocks carry reply/report buttons, or read as teasers (a heading that links to another
page). The best score (timed blocks, more with bylines and headings, less with link-heavy or
multi-time blocks) wins. Part of :mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from statistics import median
from urllib.parse import urljoin, urlsplit

from tui_liveblog.sources.html.scan import Scan

Block = tuple[int, ...]

_ITEM_TAGS = frozenset({"div", "article", "section", "li", "tr", "dd", "p", "table", "details"})
_SPECIFIC_TAGS = frozenset({"article", "section"})
_STATE = frozenset(
    {
        "active", "selected", "current", "first", "last", "odd", "even", "new", "open",
        "closed", "expanded", "collapsed", "visible", "hidden", "show", "read", "unread",
        "loaded", "lazyloaded", "in-view", "clearfix", "group", "visited",
    }
)  # fmt: skip
_STATE_PARTS = ("pinned", "sticky", "highlight", "keyevent", "key-event", "key_event", "featured")
_JUNK_TAGS = frozenset({"nav", "footer", "aside", "menu"})
_JUNK_NEAR_TAGS = frozenset({"header", "form"})
_JUNK_TOKENS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "submenu", "footer", "sidebar", "widget",
        "breadcrumb", "breadcrumbs", "ad", "ads", "advert", "advertisement", "sponsored",
        "promo", "promotion", "teaser", "teasers", "popular", "trending", "mostread",
        "most-read", "reviews", "review", "forum", "discussion", "replies", "reply", "respond",
    }
)  # fmt: skip
_JUNK_PARTS = (
    "comment", "disqus", "outbrain", "taboola", "related", "recommend", "newsletter",
    "most-read", "mostread", "most-popular", "sidebar", "breadcrumb", "more-stories",
    "more-from", "read-more", "readmore", "further-reading", "see-also", "also-read", "onward",
)  # fmt: skip
_TOKEN_SPLIT = re.compile(r"[\s_]+|--")
MIN_BLOCKS = 3
MIN_UNDATED = 5  # posts in a timeline most of whose posts show no time
# what an undated post is (not a bare paragraph, a table row, a definition: an article's
# or a document's parts)
_NOT_POSTS = frozenset({"div.", "section."})  # a bare wrapper is a page's layout
_POSTS = frozenset({"li", "article", "section", "div"})
_LOOK = 400  # nodes of a post read to judge it (its opening, not a whole nested subtree)
_SENTENCE_ENDS = frozenset('.!?…"”’)')
MIN_TEXT = 40  # characters of text (not times, bylines, labels or links) in the median block


@dataclass(frozen=True, slots=True)
class Choice:
    blocks: list[Block]
    segments: bool
    score: float


_SIG_TOKENS: dict[str, str] = {}  # class attribute → its kept tokens (pages repeat a few)


def signature(scan: Scan, i: int) -> str:
    cls = scan.classes[i]
    kept = _SIG_TOKENS.get(cls)
    if kept is None:
        tokens = []
        for token in cls.split():
            if "--" in token or any(c.isdigit() for c in token) or token in _STATE:
                continue
            if token.startswith(("is-", "has-", "js-")) or any(p in token for p in _STATE_PARTS):
                continue
            tokens.append(token)
        kept = ".".join(sorted(set(tokens)))
        if len(_SIG_TOKENS) < 4096:
            _SIG_TOKENS[cls] = kept
    return scan.tags[i] + "." + kept


_JUNK_VALUES: dict[str, bool] = {}  # class or id value → says junk (pages repeat classes)


def _junk_value(value: str) -> bool:
    found = _JUNK_VALUES.get(value)
    if found is None:
        found = any(part in value for part in _JUNK_PARTS) or any(
            token in _JUNK_TOKENS or any(t in _JUNK_TOKENS for t in token.split("-"))
            for token in _TOKEN_SPLIT.split(value)
        )
        if len(_JUNK_VALUES) < 4096:
            _JUNK_VALUES[value] = found
    return found


def _junk_marker(scan: Scan, i: int) -> bool:
    cls = scan.classes[i]
    if cls and _junk_value(cls):
        return True
    ident = scan.ids.get(i)
    return bool(ident) and _junk_value(ident.lower())  # type: ignore[union-attr]


class _Junk:
    """Is a block root inside navigation, a footer, a sidebar, comments, related links…?

    A navigation/footer/aside ancestor at any height counts; a header, a form or a junk
    class or id only within three levels (a page wrapper's layout classes say nothing).
    """

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.below: dict[int, bool] = {}  # some ancestor-or-self is nav, footer, aside, menu
        self.memo: dict[int, bool] = {}

    def _below(self, i: int) -> bool:
        below, scan = self.below, self.scan
        path: list[int] = []
        found = False
        while i >= 0:
            known = below.get(i)
            if known is not None:
                found = known
                break
            if scan.tags[i] in _JUNK_TAGS:
                found = True
                break
            path.append(i)
            i = scan.parent[i]
        for j in path:
            below[j] = found
        return found

    def __call__(self, i: int) -> bool:
        found = self.memo.get(i)
        if found is None:
            found = self.memo[i] = self._check(i)
        return found

    def _check(self, i: int) -> bool:
        scan = self.scan
        if self._below(i) or _junk_marker(scan, i):
            return True
        p = scan.parent[i]
        for _level in range(3):
            if p < 0 or scan.tags[p] in ("body", "html"):
                break
            if scan.tags[p] in _JUNK_NEAR_TAGS or _junk_marker(scan, p):
                return True
            p = scan.parent[p]
        return False


def _sum(values: list[int], block: Block) -> int:
    return sum(values[i] for i in block)


def _link_of(scan: Scan, h: int, root: int) -> str | None:
    """The link a heading is (one around it, or the first in it)."""
    p = h
    while p >= root:
        href = scan.hrefs.get(p)
        if href is not None:
            return href
        if p == root:
            break
        p = scan.parent[p]
    for a in range(h, min(scan.end[h], h + 50) + 1):
        href = scan.hrefs.get(a)
        if href is not None:
            return href
    return None


def _teaser(scan: Scan, block: Block, page: str | None) -> bool:
    """The block's first heading is wholly a link to another page (an index of articles)."""
    for root in block:
        for h in range(root, min(scan.end[root], root + 300) + 1):
            if scan.tags[h] not in ("h2", "h3", "h4", "h5", "h6"):
                continue
            if not scan.textlen[h] or scan.linklen[h] < scan.textlen[h]:
                return False
            href = _link_of(scan, h, root)
            if href is None or href.startswith("#"):
                return False
            if page is None:
                return True
            try:
                target = urlsplit(urljoin(page, href))
                here = urlsplit(page)
            except ValueError:
                return True
            return (target.netloc, target.path) != (here.netloc, here.path)
    return False


def evaluate(scan: Scan, blocks: list[Block], page: str | None) -> float | None:
    """The candidate's score, or None when it does not read as a timeline."""
    timed = [b for b in blocks if _sum(scan.strong, b)]
    if len(timed) < MIN_BLOCKS or 2 * len(timed) < len(blocks):
        return None
    text = sum(_sum(scan.textlen, b) for b in blocks)
    links = sum(_sum(scan.linklen, b) for b in blocks)
    if not text or links > 0.6 * text:
        return None
    contents = [sum(scan.content(i) for i in b) for b in timed]
    middle = median(contents)
    if middle < MIN_TEXT:
        return None  # times and a few words: a fixtures table, a list of links
    if 2 * sum(1 for b in blocks if _sum(scan.marks, b)) >= len(blocks):
        return None  # reply/report buttons: a comment thread
    if 5 * sum(1 for b in timed if _teaser(scan, b, page)) >= 3 * len(timed) and middle < 300:
        return None
    per_block = sum(_sum(scan.strong, b) for b in timed) / len(timed)
    several = 1.0 if per_block <= 3 else 3 / per_block  # a container of entries, not an entry
    bylines = sum(1 for b in timed if _sum(scan.byl, b)) / len(timed)
    headings = sum(1 for b in timed if _sum(scan.heads, b)) / len(timed)
    return (
        len(timed)
        * (1 + 0.5 * bylines + 0.25 * headings)
        * min(1.0, 0.4 + middle / 200)
        * several
        * (1 - links / text / 2)
    )


def _meta(scan: Scan, i: int) -> bool:
    return bool(scan.strong[i]) and scan.textlen[i] <= 200 and scan.content(i) <= 25


def _leads(scan: Scan, i: int) -> bool:
    """Loose text that starts with a time (``15:16 The minister said…<br><br>``)."""
    found = scan.stamps.get(i)
    return bool(found) and scan.tags[i] == "-text" and found[0].start == 0 and found[0].has_time  # type: ignore[index]


def _item_groups(scan: Scan, timed: bool = True) -> list[list[Block]]:
    merged: dict[tuple[object, ...], list[int]] = {}
    sigs: dict[int, str] = {}
    for p, kids in scan.kids.items():
        local: dict[str, list[int]] = {}
        for c in kids:
            if scan.tags[c] in _ITEM_TAGS:
                local.setdefault(signature(scan, c), []).append(c)
        for sig, members in local.items():
            if timed and not any(scan.strong[m] for m in members):
                continue
            if not timed and (
                len(members) < MIN_UNDATED
                or sig in _NOT_POSTS
                or scan.tags[members[0]] not in _POSTS
            ):
                continue
            specific = sig[-1] != "." or sig.split(".", 1)[0] in _SPECIFIC_TAGS
            if specific:
                key: tuple[object, ...] = ("sig", sigs.setdefault(p, signature(scan, p)), sig)
            else:
                key = ("parent", p, sig)
            merged.setdefault(key, []).extend(members)
    groups: list[list[Block]] = []
    for members in merged.values():
        if len(members) < MIN_BLOCKS:
            continue
        members.sort()
        kept: list[int] = []
        for m in members:  # never a block inside another
            if not kept or m > scan.end[kept[-1]]:
                kept.append(m)
        groups.append([(m,) for m in kept])
    return groups


def _segment_groups(scan: Scan) -> list[list[Block]]:
    groups: list[list[Block]] = []
    for kids in scan.kids.values():
        if len(kids) < 2 * MIN_BLOCKS:
            continue
        metas = [k for k, c in enumerate(kids) if _meta(scan, c) or _leads(scan, c)]
        if len(metas) < MIN_BLOCKS:
            continue
        content = [scan.content(c) for c in kids]
        pre = sum(content[: metas[0]])
        post = sum(content[metas[-1] + 1 :])
        bylines = 2 * sum(1 for k in metas if scan.byl[kids[k]]) >= len(metas)
        heads = post > pre if bylines else not (pre > 0 and post == 0)
        blocks: list[Block] = []
        if heads:  # a time that heads its post: the meta element and what follows it
            bounds = [*metas, len(kids)]
            for a, b in itertools.pairwise(bounds):
                blocks.append(tuple(kids[a:b]))
        else:  # a byline that ends its post: what precedes it and the byline
            sizes = [b - a for a, b in itertools.pairwise(metas)]
            start = max(0, metas[0] + 1 - max(sizes))
            for a, b in zip([start - 1, *metas], metas, strict=False):
                blocks.append(tuple(kids[a + 1 : b + 1]))
        if sum(1 for b in blocks if len(b) > 1) >= MIN_BLOCKS:
            groups.append(blocks)
    return groups


def _extend(scan: Scan, blocks: list[Block], junk: _Junk, page: str | None) -> list[Block]:
    """Blocks of the winning signature elsewhere on the page (a pinned post's own box)."""
    roots = sorted(b[0] for b in blocks)
    sig = signature(scan, roots[0])
    tag = scan.tags[roots[0]]
    if sig.endswith(".") and tag not in _SPECIFIC_TAGS:
        return blocks
    taken = set(roots)
    extra: list[Block] = []
    for i, t in enumerate(scan.tags):
        if t != tag or i in taken or not scan.strong[i] or signature(scan, i) != sig:
            continue
        k = bisect_right(roots, i)
        if k and scan.end[roots[k - 1]] >= i:
            continue  # inside a block
        if k < len(roots) and roots[k] <= scan.end[i]:
            continue  # around a block
        if junk(i) or _teaser(scan, (i,), page):
            continue
        extra.append((i,))
    return sorted(blocks + extra) if extra else blocks


def _sentences(scan: Scan, block: Block) -> bool:
    """Does the block read as prose: a sentence that ends, or goes on past its first stop?"""
    root = block[0]
    last = min(scan.end[root], root + _LOOK)  # (a post's opening words say enough)
    text = " ".join(scan.texts[i] for i in range(root, last + 1) if i in scan.texts)
    text = text.rstrip()
    return len(text) >= 40 and (text[-1] in _SENTENCE_ENDS or ". " in text)


def _signed(scan: Scan, block: Block) -> bool:
    """Does the block show a byline on a line of its own ("By Jane Doe", "by Jane Doe edited
    by John Roe 6/15/2014 3:16:44 PM")? (Not "contributed by" in a sentence, and not an
    author class alone: documentation marks up names with ``fn``.)"""
    root = block[0]
    if not scan.byl[root]:
        return False  # (no byline anywhere below: nothing to walk)
    for i in range(root, min(scan.end[root], root + _LOOK) + 1):
        if scan.byl[i] and scan.tags[i] == "-text" and scan.content(i) <= 20:
            up = scan.parent[i]
            if up >= 0 and scan.textlen[up] <= scan.textlen[i] + 10:
                return True
    return False


def evaluate_undated(scan: Scan, blocks: list[Block], page: str | None) -> float | None:
    """The score of a repeated structure of posts most of which show no time, or None.

    Five posts or more, of prose (most of them sentences, forty characters and more in the
    median post, few links), two of them at least showing a time or a byline (what the rest
    leave out); not a comment thread, not an index of teasers."""
    if len(blocks) < MIN_UNDATED:
        return None
    if sum(1 for b in blocks if _sum(scan.strong, b) or _signed(scan, b)) < 2:
        return None
    text = sum(_sum(scan.textlen, b) for b in blocks)
    links = sum(_sum(scan.linklen, b) for b in blocks)
    if not text or links > 0.3 * text:
        return None
    middle = median(sum(scan.content(i) for i in b) for b in blocks)
    if middle < MIN_TEXT:
        return None
    if 3 * sum(1 for b in blocks if _sentences(scan, b)) < 2 * len(blocks):
        return None
    if 2 * sum(1 for b in blocks if _sum(scan.marks, b)) >= len(blocks):
        return None
    if 5 * sum(1 for b in blocks if _teaser(scan, b, page)) >= 3 * len(blocks):
        return None
    if 2 * sum(1 for b in blocks if _led_by_link(scan, b)) >= len(blocks):
        return None  # a list of links, each described: an index
    return len(blocks) * min(1.0, 0.4 + middle / 200) * (1 - links / text / 2)


def _led_by_link(scan: Scan, block: Block) -> bool:
    """Do the block's words begin with a link (``<li><a>example.py</a> what it does``)?"""
    root = block[0]
    first = next((i for i in range(root, scan.end[root] + 1) if i in scan.texts), None)
    return first is not None and scan.linklen[first] > 0


def _undated(scan: Scan, junk: _Junk, page: str | None) -> Choice | None:
    """The best repeated structure of mostly undated posts (an archived live blog that shows
    a time on a few posts only), or None."""
    best: Choice | None = None
    for blocks in _item_groups(scan, timed=False):
        blocks = [b for b in blocks if not junk(b[0])]
        score = evaluate_undated(scan, blocks, page)
        if score is not None and (best is None or score > best.score):
            best = Choice(blocks, False, score)
    return best


def choose(scan: Scan, page: str | None) -> Choice | None:
    """The page's entry blocks, or None when nothing reads as a timeline."""
    junk = _Junk(scan)
    best: Choice | None = None
    for segments, groups in ((False, _item_groups(scan)), (True, _segment_groups(scan))):
        for blocks in groups:
            blocks = [b for b in blocks if not junk(b[0])]
            score = evaluate(scan, blocks, page)
            if score is not None and (best is None or score > best.score):
                best = Choice(blocks, segments, score)
    if best is None:
        return _undated(scan, junk, page)
    blocks = best.blocks if best.segments else _extend(scan, best.blocks, junk, page)
    kept = [
        b
        for b in blocks
        if _sum(scan.strong, b) or (_sum(scan.byl, b) and sum(scan.content(i) for i in b) >= 20)
    ]
    return Choice(kept, best.segments, best.score)
