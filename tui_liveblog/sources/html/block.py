"""One entry block: its meta parts, times, authors, title, identity, flags and body.

The "meta" parts of a block are the widest elements around its times and bylines that hold
nothing else but labels (give or take a word, or one name: ``21:01 Jane Roe``); they give the
times and authors and are left out of the body, with the title (:mod:`.titles`). A time
labelled *updated*/*edited* (or after ``edited by``) is the edit when another time gives the
publication; an editor is not an author. The id is the block's ``id`` (or ``data-id``…, or a
leading ``<a name>``); its link a permalink in it, else the page URL and ``#id``. Part of
:mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from tui_liveblog.content import read_html
from tui_liveblog.model import Body, Media
from tui_liveblog.sanitize import clean_line, safe_url
from tui_liveblog.sources.common import is_http
from tui_liveblog.sources.html.bylines import author_names, find_bylines, read_names
from tui_liveblog.sources.html.dates import AttrStamp, Stamp, attr_day, find_stamps, stamp_date
from tui_liveblog.sources.html.groups import Block
from tui_liveblog.sources.html.scan import Scan
from tui_liveblog.sources.html.titles import HEADINGS, is_meta, text_of, title_of

_EDIT_WORDS = ("updat", "edit", "modif", "aktualisiert", "mis à jour", "aggiornat", "actualiz")
_ID_ATTRS = (
    "data-id", "data-post-id", "data-entry-id", "data-block-id", "data-update-id",
    "data-postid", "data-uuid", "data-guid",
)  # fmt: skip
_EDGES = frozenset({"hr", "br"})  # separators at a segment's ends
MAX_AUTHORS = 10


_CARDS = frozenset({"article", "aside"})


@dataclass(frozen=True, slots=True)
class Page:
    anchor_base: str | None  # the page's http(s) URL, for an entry's #anchor
    base: str | None  # for relative links (``<base href>`` resolved)
    title: str | None
    day: date | None  # the page's own date
    day_first: bool
    year: int | None
    zone_name: str | None = None  # the zone most of the page's times state, for the others


@dataclass(slots=True)
class BlockInfo:
    start: int
    attrs: list[AttrStamp] = field(default_factory=list)
    stamps: list[tuple[Stamp, bool]] = field(default_factory=list)  # (stamp, labelled edit)
    own_day: date | None = None
    authors: list[str] = field(default_factory=list)
    title: str | None = None
    ident: str | None = None
    url: str | None = None
    pinned: bool = False
    key_event: bool = False
    body: Body = ()
    text: str = ""
    links: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()


class BlockReader:
    """Reads the chosen blocks of one page."""

    def __init__(self, scan: Scan, page: Page) -> None:
        self.scan = scan
        self.page = page
        markers = sorted(
            {*scan.stamps, *scan.attrs, *scan.authors, *scan.names}
            | {i for i in scan.texts if scan.byl[i]}
        )
        self.markers = markers
        self.links = sorted(scan.hrefs)
        self.beside: dict[int, list[str]] = {}  # lines of a time and a name (no "by")
        self._cards: dict[int, list[tuple[int, int]]] = {}  # post → its related-story cards
        self.trims: dict[int, str] = {}  # text nodes that lose their leading time

    # -- one block ----------------------------------------------------------------------------
    def _meta_roots(self, block: Block) -> list[int]:
        scan = self.scan
        roots = set(block)
        found: list[int] = []
        for root in block:
            lo = bisect_left(self.markers, root)
            hi = bisect_right(self.markers, scan.end[root])
            for x in self.markers[lo:hi]:
                if x in roots:
                    if len(block) > 1 and is_meta(self.scan, x):
                        found.append(x)  # a segment's own meta element
                    continue
                j = x
                in_heading = scan.tags[x] in HEADINGS
                while True:
                    p = scan.parent[j]
                    if p < 0 or p in roots:
                        break
                    if scan.heads[p] and not in_heading:
                        break  # a header holding the title as well as the time
                    if not is_meta(self.scan, p):
                        names = self.beside.get(p)
                        if names is None:
                            names = self.beside[p] = self._beside_names(p)
                        if not names:
                            break
                    in_heading = in_heading or scan.tags[p] in HEADINGS
                    j = p
                if is_meta(self.scan, j) or self.beside.get(j):
                    found.append(j)
        found.sort()
        out: list[int] = []
        for j in found:
            if not out or j > self.scan.end[out[-1]]:
                out.append(j)
        return out

    def _lead_time(self, info: BlockInfo, block: Block, metas: list[int]) -> None:
        """A time that starts the block's first text (``15:16 The minister said…``)."""
        scan = self.scan
        spans = [(m, scan.end[m]) for m in metas]
        for root in block:
            for i in range(root, scan.end[root] + 1):
                if i not in scan.texts or any(a <= i <= b for a, b in spans):
                    continue
                found = scan.stamps.get(i)
                if not found or found[0].start != 0 or not found[0].has_time:
                    return
                st = found[0]
                if st.zone is None and self.page.zone_name:
                    st = replace(st, zone=self.page.zone_name)
                if st.has_date and info.own_day is None:
                    info.own_day = stamp_date(st, self.page.day_first, self.page.year)
                info.stamps.append((st, False))
                self.trims[i] = scan.texts[i][st.end :].lstrip(" -–—:|·•,.")
                return

    def _in_pinned_box(self, i: int) -> bool:
        """A block in a container whose class or id says pinned (``<div id="pinned-post">``)."""
        scan = self.scan
        p = scan.parent[i]
        for _level in range(4):
            if p < 0:
                return False
            if "pinned" in scan.classes[p] or "pinned" in scan.ids.get(p, "").lower():
                return True
            p = scan.parent[p]
        return False

    def _in_card(self, x: int, root: int) -> bool:
        """Is the element inside another article the post shows (a related story's card, with
        its own byline and date), a small part of the post?"""
        cards = self._cards.get(root)
        if cards is None:  # the post's cards, found once: their (start, end) ranges
            scan = self.scan
            half = scan.textlen[root]
            cards = self._cards[root] = [
                (i, scan.end[i])
                for i in range(root + 1, scan.end[root] + 1)
                if scan.tags[i] in _CARDS and 2 * scan.textlen[i] < half
            ]
        return any(start < x <= end for start, end in cards)

    def _names_beside(self, m: int) -> list[str]:
        """The names on a meta element's line (``<time>17:10</time><mark>Jo Roe</mark>``),
        whether the line was short enough to count as meta by itself or not."""
        names = self.beside.get(m)
        if names is None:
            names = self.beside[m] = self._beside_names(m) if self.scan.is_element(m) else []
        return names

    def _beside_names(self, p: int) -> list[str]:
        """A time's line that holds one more thing, a name (``21:01 Jane Roe``): its names."""
        scan = self.scan
        if scan.textlen[p] > 120 or scan.heads[p]:
            return []
        rest = [
            t
            for t in range(p + 1, scan.end[p] + 1)
            if t in scan.texts and scan.textlen[t] - scan.metalen[t] > 2
        ]
        if len(rest) != 1:
            return []
        text = scan.texts[rest[0]]
        names, end = read_names(text)
        if end < len(text.rstrip(" ,|·•")) or any(" " not in n for n in names):
            return []
        return names

    def _identity(self, info: BlockInfo, block: Block) -> None:
        scan = self.scan
        page = self.page
        ident: str | None = None
        anchored = False
        for i in block:
            if not scan.is_element(i):
                continue
            ident = scan.ids.get(i)
            if ident:
                anchored = True
                break
            attrs = scan.nodes[i].attributes
            ident = next((str(attrs[a]) for a in _ID_ATTRS if attrs.get(a)), None)
            if ident:
                break
        if not ident:
            root = block[0]
            for i in range(root + 1, min(scan.end[root], root + 12) + 1):
                if scan.tags[i] == "a" and i not in scan.hrefs:
                    attrs = scan.nodes[i].attributes
                    ident = attrs.get("name") or attrs.get("id")
                    if ident:
                        anchored = True
                        break
        ident = clean_line(ident)[:200] if ident else None
        info.ident = ident or None
        url: str | None = None
        anchor = "#" + ident if ident else None
        for root in block:
            lo = bisect_left(self.links, root)
            for a in self.links[lo : bisect_right(self.links, scan.end[root])]:
                href = scan.hrefs[a]
                if a in scan.permalinks or (anchor and href.endswith(anchor)):
                    url = safe_url(href, page.base)
                    break
            if url:
                break
        if url is None and anchored and anchor and page.anchor_base:
            url = safe_url(page.anchor_base + anchor)
        info.url = url if url and is_http(url) else None

    def read(self, block: Block) -> BlockInfo:
        scan = self.scan
        info = BlockInfo(block[0])
        metas = self._meta_roots(block)
        info.pinned = self._in_pinned_box(block[0])
        for root in block:
            if not scan.is_element(root):
                continue
            cls = scan.classes[root]
            kind = scan.kinds.get(root)
            if kind:
                cls = f"{cls} {kind}"
            info.pinned = info.pinned or "pinned" in cls or "sticky" in cls
            info.key_event = info.key_event or any(
                k in cls for k in ("key-event", "keyevent", "key_event", "highlight")
            )
            lo, hi = bisect_left(self.markers, root), bisect_right(self.markers, scan.end[root])
            for x in self.markers[lo:hi]:
                if self._in_card(x, root):
                    continue
                attr = scan.attrs.get(x)
                if attr is not None and attr.has_time:
                    info.attrs.append(attr)
                if attr is not None and info.own_day is None:
                    info.own_day = attr_day(attr)
                if x in scan.authors:
                    info.authors.extend(author_names(text_of(self.scan, x)))
        editors: set[str] = set()
        bylined: list[str] = []
        seen_time = bool([a for a in info.attrs if not a.updated])
        for m in metas:
            text = text_of(self.scan, m)
            lines = find_bylines(text)
            for line in lines:
                if line.editor:
                    editors.update(line.names)
                else:
                    bylined.extend(line.names)
            for st in find_stamps(text):
                if st.zone is None and st.hms is not None and self.page.zone_name:
                    st = replace(st, zone=self.page.zone_name)
                if st.has_date and info.own_day is None:
                    info.own_day = stamp_date(st, self.page.day_first, self.page.year)
                if not st.has_time:
                    continue
                before = text[max(0, st.start - 30) : st.start].lower()
                edit = any(w in before for w in _EDIT_WORDS) or any(
                    line.editor and line.end <= st.start for line in lines
                )
                info.stamps.append((st, edit and seen_time))
                seen_time = True
            if m in scan.names and not lines:
                bylined.append(text)
        if not info.stamps and not any(not a.updated for a in info.attrs):
            self._lead_time(info, block, metas)
        if not info.authors:  # a name on the time's own line, before a "By …" line in the text
            info.authors = [n for m in metas for n in self._names_beside(m)]
        if not info.authors:
            info.authors = bylined
        info.authors = _unique([a for a in info.authors if a not in editors])[:MAX_AUTHORS]
        cut = list(metas)
        title = title_of(self.scan, block, metas, cut, self.page.title)
        if title is not None:
            cut.append(title)
            value = clean_line(text_of(self.scan, title))[:300] or None
            if value and not (self.page.title and value.casefold() == self.page.title.casefold()):
                info.title = value
        self._identity(info, block)
        self._body(info, block, cut)
        return info

    def _body(self, info: BlockInfo, block: Block, cut: list[int]) -> None:
        """The block's HTML without its meta parts and title, through the content parser.

        The cut parts inside the block's nodes are taken out of the tree (nothing reads them
        afterwards: every other use of the tree is over by now for this block, and blocks
        never overlap); a block node that is itself cut (a segment's byline) is left out.
        """
        scan = self.scan
        nodes = scan.nodes
        own = set(block)
        for j in sorted(set(cut) - own, reverse=True):
            nodes[j].decompose()
        trims = {i: rest for i, rest in self.trims.items() if i not in own}
        for i, rest in trims.items():
            if any(r <= i <= scan.end[r] for r in block):
                nodes[i].replace_with(rest)
        kept = [i for i in block if i not in cut]
        while kept and (
            scan.tags[kept[0]] in _EDGES
            or (not scan.textlen[kept[0]] and scan.tags[kept[0]] == "-text")
        ):
            kept.pop(0)
        while kept and (
            scan.tags[kept[-1]] in _EDGES
            or (not scan.textlen[kept[-1]] and scan.tags[kept[-1]] == "-text")
        ):
            kept.pop()
        parts: list[str] = []
        for i in kept:
            node = nodes[i]
            if i in self.trims:  # a segment's own text node, less its leading time
                parts.append(html.escape(self.trims[i], quote=False))
            elif len(block) > 1 or not scan.is_element(i):
                parts.append(node.html or "")
            elif scan.tags[i] == "tr":
                parts.extend(f"<div>{c.inner_html or ''}</div>" for c in node.iter())
            else:
                parts.append(node.inner_html or "")
        parsed = read_html("".join(parts), self.page.base)
        info.body, info.text, info.links, info.media = (
            parsed.body,
            parsed.text,
            parsed.links,
            parsed.media,
        )


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = clean_line(v).strip(" ,;:|")[:80]
        if v and v not in out:
            out.append(v)
    return out
