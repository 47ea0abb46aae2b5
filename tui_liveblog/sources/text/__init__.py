"""A live blog saved as plain text: a browser's "save as text", ``lynx -dump``, a copied page.

Such a file is the page's words without its markup: a title and a standfirst, then the posts
as a bulleted list (``•``, ``*``, ``-``, ``–``), each post a bullet and the lines indented under
it (its wrapped lines, its own numbered or bulleted list, its further paragraphs). The
posts are the bullets of the list's most common kind (marker and indentation); a line that
starts at or left of their bullets ends a post (a day heading, a section title, the page's
footer). What comes before the first post is not a post: its first line titles the blog.

Whether the text is a live blog is judged from the list as a whole: a dozen posts or more,
most of them sentences (a post may be one sentence). A README or an article with a short list
is refused, and this source is tried last, when nothing else reads the input. ``lynx -dump``'s
``[12]`` link markers are taken out of the text and its *References* list gives the posts
their links. A post that begins with a full date and time (``5 June 2031 14:05``) is dated
(UTC unless it says otherwise); the rest are undated, in the order of the text. A post is
known by its time, else by its first words (:mod:`tui_liveblog.sources.derived_ids`): an edit
further on is an edit of the post.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tui_liveblog.content.text import body_to_text
from tui_liveblog.errors import ParseError
from tui_liveblog.model import Block, Blog, Entry, Snapshot, Span, sort_entries
from tui_liveblog.sanitize import clean_line, safe_url
from tui_liveblog.sources import charset
from tui_liveblog.sources.base import Extras, Headers, Source
from tui_liveblog.sources.common import cap_entries, without_credentials
from tui_liveblog.sources.derived_ids import Unnamed, derived_ids, newest_first
from tui_liveblog.sources.html.dates import combine, find_stamps, maybe_stamp, stamp_date

KIND = "text"
MIN_POSTS = 12
_NOT_FOUND = "no live blog found in this text"
_BULLET = re.compile(r"^( *)([•*\-–·▪◦]) +(\S.*)$")
_NUMBERED = re.compile(r"^ *(\d{1,3})[.)] +(\S.*)$")
_LYNX_REF = re.compile(r"\[(\d{1,5})\]")
_REFERENCE = re.compile(r"^ *(\d{1,5})\. +(\S+)\s*$")
_STOP = re.compile(r"[.!?…][\"”’)]?(?:\s|$)")
_MAX_BYTES = 8_000_000
# a document's inline markup: **bold**, `code`, [a link][] or [a link](…), *tag* and |link|
_INLINE_MARKUP = re.compile(
    r"\*\*\S|`[^`\s]|\]\[|\]\(|(?:^|\s)\*\S+\*(?:\s|$)|(?:^|\s)\|\S+\|(?:\s|$)"
)
# a document's own markup, which a page saved as text never has: "## Heading", an underline
_DOCUMENT_MARKUP = re.compile(r"^(?:#{1,6} \S|[=\-~^*+#]{3,}\s*$|\.\. \w+::)")


def url_matches(url: str) -> bool:
    return False


def sniff(head: bytes, content_type: str | None) -> bool:
    """Text that is not markup or JSON (the page, the feed and the APIs are read first)."""
    start = head.lstrip()[:1]
    if start in (b"<", b"{", b"[") or not start:
        return False
    if content_type and content_type.split(";", 1)[0].strip().lower() not in (
        "text/plain",
        "",
        "application/octet-stream",
        "charset=utf-8",
    ):
        return False
    return b"\x00" not in head


@dataclass(slots=True)
class _Post:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (indent, text)


def _references(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """The lines without lynx's *References* trailer, and its numbered links."""
    for n in range(len(lines) - 1, -1, -1):
        if lines[n].strip() in ("References", "Visible links", "Visible links:"):
            refs: dict[str, str] = {}
            for line in lines[n + 1 :]:
                m = _REFERENCE.match(line)
                if m:
                    refs[m.group(1)] = m.group(2)
            if refs:
                return lines[:n], refs
            break
    return lines, {}


def _posts(lines: list[str]) -> tuple[list[_Post], list[str]]:
    """The posts (bullets of the most common kind and what is indented under them), and the
    lines before the first of them."""
    kinds = Counter((len(m.group(1)), m.group(2)) for line in lines if (m := _BULLET.match(line)))
    if not kinds:
        return [], lines
    (indent, marker), _count = kinds.most_common(1)[0]
    posts: list[_Post] = []
    before: list[str] = []
    current: _Post | None = None
    for line in lines:
        m = _BULLET.match(line)
        if m and len(m.group(1)) == indent and m.group(2) == marker:
            current = _Post([(0, m.group(3))])
            posts.append(current)
            continue
        if not line.strip():
            if current is not None:
                current.lines.append((0, ""))
            continue
        depth = len(line) - len(line.lstrip(" "))
        if current is not None and depth > indent:
            current.lines.append((depth, line.strip()))
        else:
            current = None  # a heading, a footer: the post has ended
            if not posts:
                before.append(line.strip())
    return posts, before


def _body(post: _Post, refs: dict[str, str]) -> tuple[tuple[Block, ...], str, tuple[str, ...]]:
    """A post's paragraphs and lists, its text and its links."""
    links: list[str] = []

    def unmark(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            url = safe_url(refs.get(m.group(1)))
            if url and url not in links and url.startswith(("http://", "https://")):
                links.append(url)
            return ""

        return clean_line(_LYNX_REF.sub(one, text)) if refs or "[" in text else clean_line(text)

    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []  # each item's lines (joined once, when the list ends)
    ordered = False

    def flush() -> None:
        nonlocal items
        if paragraph:
            text = " ".join(paragraph)
            if text:
                blocks.append(Block("p", (Span(text),)))
            paragraph.clear()
        if items:
            spans = tuple((Span(" ".join(lines)),) for lines in items)
            blocks.append(Block("ol" if ordered else "ul", (), spans))
            items = []

    for _depth, raw in post.lines:
        if not raw:
            flush()
            continue
        numbered = _NUMBERED.match(raw)
        bullet = _BULLET.match(raw)
        if numbered or bullet:
            if paragraph:
                flush()
            ordered = numbered is not None
            item = unmark((numbered or bullet).group(2 if numbered else 3))  # type: ignore[union-attr]
            items.append([item])
            continue
        if items and _depth > 0 and not paragraph:
            items[-1].append(unmark(raw))  # an item's wrapped line
            continue
        if items:
            flush()
        paragraph.append(unmark(raw))
    flush()
    body = tuple(b for b in blocks if b.spans or b.items)
    return body, body_to_text(body), tuple(links)


def _sentence(text: str) -> bool:
    """Does the text hold a sentence: two words or more, then a full stop (or ! ? …)?
    (A walk from stop to stop: linear, whatever the text.)"""
    start = 0
    for stop in _STOP.finditer(text):
        if len(text[start : stop.start()].split()) >= 2:
            return True
        start = stop.end()
    return False


def _reads_as_posts(texts: list[str]) -> bool:
    """Most posts are sentences (a dozen posts or more)."""
    if len(texts) < MIN_POSTS:
        return False
    sentences = sum(1 for t in texts if len(t.split(None, 4)) >= 4 and _sentence(t))
    return 3 * sentences >= 2 * len(texts)


def _when(post: _Post) -> datetime | None:
    """A full date and time that begins the post (then taken out of its words), in UTC
    unless it says its zone; a numeric date is read day first unless that cannot be."""
    first = post.lines[0][1]
    head = first[:80]
    if not head[:1].isalnum() or not maybe_stamp(head, head.lower()):
        return None  # (the usual post: no date to look for, skip the expensive search)
    found = find_stamps(head)
    if not found or found[0].start > 0 or not found[0].has_time:
        return None
    stamp = found[0]
    day = stamp_date(stamp, True, None)
    when = combine(day, stamp, UTC) if day is not None else None
    rest = first[stamp.end :].lstrip(" -–—:|·")
    if when is not None and rest:
        post.lines[0] = (0, rest)
    return when


def parse(data: bytes, url: str, headers: Headers = None, extras: Extras = None) -> Snapshot:
    """Read the bulleted posts of a live blog saved as text."""
    text = charset.decode(data[:_MAX_BYTES], headers).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.expandtabs(4).rstrip() for line in text.split("\n")]
    lines, refs = _references(lines)
    if sum(1 for line in lines if _DOCUMENT_MARKUP.match(line)) >= 2:
        raise ParseError(
            f"{_NOT_FOUND}: it is a document with headings of its own (Markdown, reST)"
        )
    posts, before = _posts(lines)
    times = [_when(p) for p in posts]
    built = [_body(p, refs) for p in posts]
    texts = [t for _b, t, _l in built if t]
    if 4 * sum(1 for t in texts if _INLINE_MARKUP.search(t)) >= len(texts) > 0:
        raise ParseError(f"{_NOT_FOUND}: it is a document in Markdown or a help format")
    if not _reads_as_posts(texts):
        found = f"{len(texts)} bulleted post{'s' if len(texts) != 1 else ''}"
        raise ParseError(
            f"{_NOT_FOUND}: {found}, where a live blog saved as text shows a dozen or more, "
            "most of them sentences"
        )
    entries: list[Entry] = []
    seen: set[str] = set()
    for (body, post_text, links), published in zip(built, times, strict=True):
        if not post_text or post_text in seen:  # (a post twice: once)
            continue
        seen.add(post_text)
        entries.append(Entry(id="", published=published, body=body, text=post_text, links=links))
    # no post has an id of its own: each is known by its time, else its first words
    ids = derived_ids(
        "text:",
        [Unnamed(e.published, None, e.text) for e in entries],
        newest_first=newest_first(e.published for e in entries),
    )
    entries = [e.with_changes(id=ident) for e, ident in zip(entries, ids, strict=True)]
    warnings: list[str] = []
    entries = cap_entries(entries, warnings)
    shown = without_credentials(url)
    title = next((clean_line(line) for line in before if clean_line(line)), None)
    blog = Blog(url=shown, title=title or shown, source=KIND, live=None)
    return Snapshot(blog=blog, entries=tuple(sort_entries(entries)), warnings=tuple(warnings))


SOURCE = Source(kind=KIND, url_matches=url_matches, sniff=sniff, parse=parse)
