"""One pass over the page's tree: what every node holds, summed over its subtree.

The tree (selectolax/lexbor) is walked once in document order; each node gets an index, its
parent's index and the last index of its subtree, and a few counts summed bottom-up: text
length, text inside links, "meta" text (times, bylines, labels such as *Permalink*), time
stamps (time-bearing, or a date alone), byline markers, headings and comment-thread markers.
Everything after this pass (finding the repeated entry blocks, reading them) works from these
arrays, so a page costs one walk however its groups nest. Part of
:mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tui_liveblog.sanitize import clean_line
from tui_liveblog.sources.html.bylines import ends_with_by, find_bylines
from tui_liveblog.sources.html.dates import (
    STAMP_ATTRS,
    AttrStamp,
    Stamp,
    attr_stamp,
    find_stamps,
    maybe_stamp,
)

# times inside these are someone else's (a quoted tweet's date, a caption's)
_QUOTED = frozenset({"blockquote", "q", "figure", "iframe", "video", "audio", "object", "select"})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_LABELS = frozenset(
    {
        "permalink", "share", "share this", "share this post", "reply", "tweet", "link",
        "copy link", "link copied", "comments", "comment", "posted", "updated", "edited",
        "published", "last updated", "by", "at", "on", "and", "|", "·", "•", "-", "–", "—",
        "/", ":", ",", "facebook", "twitter", "email", "whatsapp", "x", "am", "pm", "uhr",
        "local time", "ago", "pinned", "pinned post", "key event", "key events", "breaking",
        "highlight", "update", "new", "live",
    }
)  # fmt: skip
_COMMENT_MARKS = frozenset(
    {"reply", "respond", "report", "report abuse", "flag", "upvote", "downvote", "reply ↓",
     "log in to reply", "reply to this comment", "commented", "replied", "wrote:"}
)  # fmt: skip
_SAYS = re.compile(r"^\S+(?: \S+){0,3} (?:says|wrote|writes)\s*:$", re.IGNORECASE)  # "Jo says:"
_LIVE_WORDS = frozenset({"live", "live now", "● live", "•live", "live updates", "now live"})
_ENDED = re.compile(
    r"^(?:this|the) (?:live ?blog|live coverage|blog|coverage) (?:is|has) (?:now )?"
    r"(?:closed|ended|finished|over)|^live coverage (?:has )?ended|^(?:this )?live ?blog "
    r"(?:is )?(?:now )?closed",
    re.IGNORECASE,
)
_AUTHOR_CLASS = re.compile(r"author|byline|contributor|vcard|\bfn\b|writer")
_WORDS = re.compile(r"[^\s|·•,:;()\-–—/]+")


@dataclass(slots=True)
class Scan:
    """The page as arrays indexed by each node's position in document order."""

    nodes: list[Any] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)  # last index in the node's subtree
    classes: list[str] = field(default_factory=list)  # lowercased class attribute
    kinds: dict[int, str] = field(default_factory=dict)  # lowercased data-type (post kind)
    ids: dict[int, str] = field(default_factory=dict)
    hrefs: dict[int, str] = field(default_factory=dict)
    kids: dict[int, list[int]] = field(default_factory=dict)  # elements and non-empty texts
    texts: dict[int, str] = field(default_factory=dict)  # whitespace-collapsed text nodes
    textlen: list[int] = field(default_factory=list)
    linklen: list[int] = field(default_factory=list)
    metalen: list[int] = field(default_factory=list)
    strong: list[int] = field(default_factory=list)  # stamps with a time
    dated: list[int] = field(default_factory=list)  # stamps with a date alone
    byl: list[int] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    stamps: dict[int, list[Stamp]] = field(default_factory=dict)  # short text nodes
    attrs: dict[int, AttrStamp] = field(default_factory=dict)
    authors: set[int] = field(default_factory=set)  # author-marker elements
    names: set[int] = field(default_factory=set)  # text nodes that follow a bare "by"
    permalinks: set[int] = field(default_factory=set)  # rel=bookmark / class permalink links
    live: bool | None = None

    def is_element(self, i: int) -> bool:
        return not self.tags[i].startswith("-")

    def content(self, i: int) -> int:
        """Text that is neither meta text nor link text."""
        return max(0, self.textlen[i] - self.metalen[i] - self.linklen[i])


def _meta_chars(text: str, spans: list[tuple[int, int]]) -> int:
    """How much of a short text is times, bylines and labels."""
    if spans:
        spans.sort()
        rest: list[str] = []
        pos = 0
        for start, end in spans:
            if start > pos:
                rest.append(text[pos:start])
            pos = max(pos, end)
        rest.append(text[pos:])
        remainder = " ".join(rest)
    else:  # no time or byline: labels count only in a line of labels ("4m ago", "Share | Reply")
        left = sum(len(w) for w in _WORDS.findall(text) if w.lower() not in _LABELS)
        return len(text) - left if left <= 3 else 0
    left = sum(len(w) for w in _WORDS.findall(remainder) if w.lower() not in _LABELS)
    return max(0, len(text) - left)


def _is_author(tag: str, attrs: dict[str, Any], cls: str) -> bool:
    if "rel" in attrs and "author" in (attrs.get("rel") or "").lower():
        return True
    if "itemprop" in attrs and (attrs.get("itemprop") or "").lower() in ("author", "creator"):
        return True
    return bool(cls) and tag not in _NOT_AUTHOR_TAGS and bool(_AUTHOR_CLASS.search(cls))


_LINK, _QUOTE, _AUTHOR = 1, 2, 4
STAMP_LINE = 20  # characters besides times, bylines and labels a time's own line may hold
_NOT_AUTHOR_TAGS = frozenset({"article", "section", "body", "main"})
_BY_HINT = re.compile(r"\bby\b", re.IGNORECASE)


_INLINE = frozenset({"a", "b", "strong", "em", "i", "u", "span", "mark", "small", "abbr"})


def _in_prose(p: int, tags: list[str], parent: list[int], nodes: list[Any], n: int) -> bool:
    """Is a text inside an inline element of a paragraph (or list item) that says more
    than it (not ``<p><strong>Monday 6 June</strong></p>``, a day heading)?"""
    if p < 0 or tags[p] not in _INLINE:
        return False
    for _ in range(3):
        p = parent[p]
        if p < 0:
            return False
        if tags[p] in ("p", "li"):
            return len(" ".join(nodes[p].text(deep=True).split())) > n + 3
        if tags[p] not in _INLINE:
            return False
    return False


def scan(root: Any) -> Scan:
    s = Scan()
    nodes = s.nodes = list(root.traverse(include_text=True))
    n_nodes = len(nodes)
    index = {node.mem_id: i for i, node in enumerate(nodes)}
    parent = s.parent = [
        index.get(up.mem_id, -1) if (up := node.parent) is not None else -1 for node in nodes
    ]
    tags = s.tags = [node.tag or "-" for node in nodes]
    classes = s.classes = [""] * n_nodes
    textlen, linklen, metalen = s.textlen, s.linklen, s.metalen = (
        [0] * n_nodes,
        [0] * n_nodes,
        [0] * n_nodes,
    )
    strong, dated, byl = s.strong, s.dated, s.byl = [0] * n_nodes, [0] * n_nodes, [0] * n_nodes
    heads, marks = s.heads, s.marks = [0] * n_nodes, [0] * n_nodes
    flags = [0] * n_nodes
    kids, texts = s.kids, s.texts
    pending_name = False
    for i in range(n_nodes):
        tag = tags[i]
        p = parent[i]
        up_flags = flags[p] if p >= 0 else 0
        if tag == "-text":
            flags[i] = up_flags
            raw = nodes[i].text_content
            if not raw or raw.isspace():
                continue
            text = " ".join(raw.split()) if raw.isprintable() else clean_line(raw)
            if not text:
                continue
            n = len(text)
            texts[i] = text
            textlen[i] = n
            if p >= 0:
                kids.setdefault(p, []).append(i)
            if up_flags & _LINK:
                linklen[i] = n
            low = text.lower()
            is_name = pending_name and n <= 60
            pending_name = False
            if is_name:
                s.names.add(i)
            if n <= 40 and (
                low in _COMMENT_MARKS or (low[-1] == ":" and _SAYS.search(text) is not None)
            ):
                marks[i] = 1
            if n > 160:
                continue
            if n <= 14 and low in _LIVE_WORDS and p >= 0 and "live" in classes[p]:
                s.live = True if s.live is None else s.live
            elif n > 20 and ("live" in low or "blog" in low) and _ENDED.search(text):
                s.live = False
            spans: list[tuple[int, int]] = []
            if "by" in low and _BY_HINT.search(text):
                lines = find_bylines(text)
                if lines:
                    byl[i] = 1
                    spans.extend((b.start, b.end) for b in lines)
                elif text.count(" ") <= 3 and ends_with_by(text):  # "Posted by", not prose
                    byl[i] = 1
                    pending_name = True
                    spans.append((max(0, n - 24), n))
            found = find_stamps(text) if not up_flags & _QUOTE and maybe_stamp(text, low) else []
            if found:
                with_stamps = [*spans, *((st.start, st.end) for st in found)]
                meta = _meta_chars(text, with_stamps)
                # a time in a short line, or one that leads its text, not one in the prose; a
                # date alone in a heading-like line (a day heading: a date for times below it)
                timed = any(st.has_time for st in found)
                if not timed and _in_prose(p, tags, parent, nodes, n):
                    pass  # "the attack of <a>7 October</a>": a date the text speaks of
                elif n - meta <= STAMP_LINE or found[0].start == 0 or (not timed and n <= 80):
                    s.stamps[i] = found
                    if timed:
                        strong[i] = 1
                    else:
                        dated[i] = 1
                    spans = with_stamps
            if up_flags & _AUTHOR or is_name or (n <= 20 and low in _LABELS):
                metalen[i] = n
            elif spans or n <= 30:  # ("4m ago", "Updated | Share")
                metalen[i] = _meta_chars(text, spans)
            continue
        if tag[0] == "-":  # comments, doctype
            flags[i] = up_flags
            continue
        if p >= 0:
            kids.setdefault(p, []).append(i)
        attrs = nodes[i].attributes
        cls = attrs.get("class") or ""
        if cls:
            cls = classes[i] = cls.lower()
        kind = attrs.get("data-type") or attrs.get("data-post-type") or attrs.get("data-entry-type")
        if kind:  # <div data-type="key-event">: the kind of post the CMS marks it as
            s.kinds[i] = kind.lower()
        ident = attrs.get("id")
        if ident:
            s.ids[i] = ident
        own = up_flags
        if tag == "a":
            own |= _LINK
            href = attrs.get("href")
            if href:
                s.hrefs[i] = href
                rel = attrs.get("rel")
                if "permalink" in cls or (rel and "bookmark" in rel.lower()):
                    s.permalinks.add(i)
        elif tag in _HEADINGS:
            heads[i] = 1
        if tag in _QUOTED:
            own |= _QUOTE
        if (cls or len(attrs) > 1) and _is_author(tag, attrs, cls):
            own |= _AUTHOR
            s.authors.add(i)
            byl[i] = 1
        flags[i] = own
        if not own & _QUOTE and (
            "time" in tag
            or tag == "abbr"
            or "itemprop" in attrs
            or not STAMP_ATTRS.isdisjoint(attrs)
        ):
            found_attr = attr_stamp(tag, attrs)
            if found_attr is not None:
                s.attrs[i] = found_attr
                if found_attr.has_time:
                    strong[i] = 1
                else:
                    dated[i] = 1
    end = s.end = list(range(n_nodes))
    for i in range(n_nodes - 1, 0, -1):
        p = parent[i]
        if p < 0:
            continue
        if end[i] > end[p]:
            end[p] = end[i]
        if textlen[i]:
            textlen[p] += textlen[i]
            if linklen[i]:
                linklen[p] += linklen[i]
            if metalen[i]:
                metalen[p] += metalen[i]
        if strong[i]:
            strong[p] += strong[i]
        if dated[i]:
            dated[p] += dated[i]
        if byl[i]:
            byl[p] += byl[i]
        if heads[i]:
            heads[p] += heads[i]
        if marks[i]:
            marks[p] += marks[i]
    return s
