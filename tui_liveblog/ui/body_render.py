"""An entry's structured body → Rich renderables for the detail pane.

Network text is never parsed as markup: every string becomes a :class:`rich.text.Text` built
from plain strings and styles.

Links: a link's text is a terminal hyperlink (OSC 8, where the terminal has them: Textual writes
a style's ``link`` as one). Its address is shown once, under the paragraph, list or quote that
holds it, on a line of its own, shortened in the middle when it is wider than the pane, so an
address never wraps. A bare address in the text (its own link text) is shortened where it
stands instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from datetime import datetime, tzinfo
from urllib.parse import quote

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tui_liveblog.fold import fold, fold_pattern, fold_spans
from tui_liveblog.model import Block, Entry, Span

MEDIA_LABELS = {
    "image": "Image",
    "video": "Video",
    "tweet": "Post",
    "embed": "Embed",
    "audio": "Audio",
}
MEDIA_ICONS = {"image": "▣", "video": "▶", "tweet": "✦", "embed": "◇", "audio": "♪"}


class Hanging:
    """Text wrapped to the width with a prefix on the first line and an indent on the rest."""

    def __init__(self, text: Text, first: Text, rest: Text) -> None:
        self.text = text
        self.first = first
        self.rest = rest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = max(self.first.cell_len, self.rest.cell_len)
        width = max(options.max_width - indent, 8)
        lines = self.text.wrap(console, width, overflow="fold")
        for n, line in enumerate(lines):
            prefix = self.first if n == 0 else self.rest
            yield from prefix.render(console)
            pad = indent - prefix.cell_len
            if pad:
                yield Segment(" " * pad)
            yield from line.render(console)
            yield Segment.line()


def shorten(url: str, width: int) -> str:
    """``url`` in at most ``width`` cells, with its site (scheme and host) whole: a long path
    is cut in the middle (``…``), keeping its start and its end. A host too long to show keeps
    its end, where its domain is (``https://…news-live.attacker.example``): a shortened address
    never shows a site the link does not go to."""
    if cell_len(url) <= width:
        return url
    if width <= 1:
        return "…"[:width]
    scheme, sep, after = url.partition("://")
    if not sep:
        return _middle(url, width)
    host, slash, path = after.partition("/")
    site = f"{scheme}://{host}"
    if cell_len(site) < width:  # the whole site, and what fits of the rest
        return site + _middle(slash + path, width - cell_len(site))
    room = width - cell_len(scheme) - 4  # (after "://…")
    if room <= 0:
        return "…" + _cut(host[::-1], width - 1)[::-1]
    return f"{scheme}://…{_cut(host[::-1], room)[::-1]}"


def _middle(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, cut in the middle, the start the larger share."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    room = width - 1
    head, tail = room - room * 2 // 5, room * 2 // 5
    end = _cut(text[::-1], tail)[::-1] if tail else ""
    return f"{_cut(text, head)}…{end}"


def _cut(text: str, width: int) -> str:
    """The longest start of ``text`` within ``width`` cells."""
    total = 0
    for index, char in enumerate(text):
        total += cell_len(char)
        if total > width:
            return text[:index]
    return text


def link_target(url: str) -> str:
    """``url`` as a terminal hyperlink's target (OSC 8): printable ASCII only. A host in
    another script becomes its IDNA form (``xn--…``), anything else is percent-encoded (its
    characters were checked already: no controls; http(s) or mailto)."""
    if url.isascii() and url.isprintable() and " " not in url:
        return url
    scheme, sep, rest = url.partition("://")
    if sep:
        host, slash, path = rest.partition("/")
        if not host.isascii() and "@" not in host:
            with suppress(UnicodeError):  # (else percent-encoded below, as a last resort)
                host = host.encode("idna").decode("ascii")
        url = f"{scheme}{sep}{host}{slash}{path}"
    return quote(url, safe=_URL_SAFE)


_URL_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))  # (printable ASCII, "%" included)


BARE_URL_CELLS = 40  # a bare address in the text is shortened to this, so it wraps whole


class LinkLine:
    """One address on a line of its own, after ``prefix``, shortened to fit the width. The whole
    address stays the hyperlink's target."""

    def __init__(self, url: str, prefix: Text | str = "") -> None:
        self.url = url
        self.prefix = prefix if isinstance(prefix, Text) else Text(prefix, style="dim")
        self.strike = False

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(options.max_width - self.prefix.cell_len, 1)
        line = self.prefix.copy()
        line.append(
            shorten(self.url, room), Style(dim=True, underline=True, link=link_target(self.url))
        )
        line.end = ""
        if self.strike:
            line.stylize("strike")
        yield from line.render(console)
        yield Segment.line()


def spans_to_text(spans: Sequence[Span], base: Style | None = None) -> Text:
    text = Text(style=base if base is not None else Style())
    for span in spans:
        style = Style(
            bold=span.bold or None,
            italic=span.italic or None,
            strike=span.strike or None,
        )
        if span.code:
            style += Style(reverse=True)
        shown = span.text
        if span.href:
            style += Style(underline=True, color="bright_blue", link=link_target(span.href))
            if shown.strip() == span.href:
                shown = shown.replace(span.href, shorten(span.href, BARE_URL_CELLS))
            text.append(shown, style)
        elif "://" in shown:
            _append_linkified(text, shown, style)
        else:
            text.append(shown, style)
    return text


# an address written out in the text (not marked up as a link): trailing punctuation is the
# sentence's, not the address's
_BARE_URL = re.compile(r"https?://[^\s<>\"'⟨⟩\x00-\x1f\x7f-\x9f]+(?<![.,;:!?’”])")


def _balanced(url: str) -> str:
    """A closing bracket at the end is the sentence's unless the address opened it
    (``https://en.wikipedia.org/wiki/Mercury_(planet)``)."""
    for close, opening in ((")", "("), ("]", "[")):
        while url.endswith(close) and url.count(close) > url.count(opening):
            url = url[:-1].rstrip(".,;:!?’”")
    return url


def _append_linkified(text: Text, value: str, style: Style) -> None:
    """``value`` with every address in it shortened and made a hyperlink."""
    at = 0
    for match in _BARE_URL.finditer(value):
        url = _balanced(match.group())
        if match.start() < at or not url.partition("://")[2]:
            continue
        text.append(value[at : match.start()], style)
        link = style + Style(underline=True, color="bright_blue", link=link_target(url))
        text.append(shorten(url, BARE_URL_CELLS), link)
        at = match.start() + len(url)
    text.append(value[at:], style)


def link_lines(spans: Iterable[Span]) -> list[LinkLine]:
    """The addresses of ``spans``' links whose text is not the address itself, once each."""
    urls = dict.fromkeys(
        s.href for s in spans if s.href and s.text.strip() and s.text.strip() != s.href
    )
    return [LinkLine(url, "  ↗ ") for url in urls if url]


def _with_links(rendered: RenderableType, spans: Iterable[Span]) -> RenderableType:
    links = link_lines(spans)
    return Group(rendered, *links) if links else rendered


def _block(block: Block, mark: Callable[[Text], Text]) -> RenderableType | None:
    kind = block.kind
    if kind == "p":
        return _with_links(mark(spans_to_text(block.spans)), block.spans)
    if kind == "h":
        heading = spans_to_text(block.spans, Style(bold=True, underline=block.level <= 2))
        return _with_links(mark(heading), block.spans)
    if kind == "pre":
        return mark(spans_to_text(block.spans, Style(dim=True)))
    if kind == "quote":
        bar = Text("▎ ", style="bold bright_magenta")
        quote = Hanging(mark(spans_to_text(block.spans, Style(italic=True))), bar, bar)
        return _with_links(quote, block.spans)
    if kind in ("ul", "ol"):
        items: list[RenderableType] = []
        width = len(str(len(block.items))) + 2
        for n, item in enumerate(block.items, 1):
            marker = f"{n}.".ljust(width) if kind == "ol" else "• "
            nested = item and item[0].text.startswith("  ")
            first = Text(("  " if nested else "") + marker, style="bold")
            rest = Text(" " * first.cell_len)
            items.append(Hanging(mark(spans_to_text(_lstrip(item))), first, rest))
        return _with_links(Group(*items), (span for item in block.items for span in item))
    if kind == "media" and block.media is not None:
        medium = block.media
        label = Text()
        label.append(
            f"{MEDIA_ICONS.get(medium.kind, '◇')} {MEDIA_LABELS.get(medium.kind, 'Media')}", "bold"
        )
        if medium.caption:
            label.append(": ")
            label.append(medium.caption, Style(italic=True))
        return Group(Hanging(mark(label), Text("  "), Text("  ")), LinkLine(medium.url, "  "))
    if kind == "hr":
        return Text("─" * 20, style="dim")
    return None


def _lstrip(spans: Sequence[Span]) -> list[Span]:
    out = list(spans)
    if out and out[0].text.startswith("  "):
        first = out[0]
        out[0] = Span(
            first.text.lstrip(" "), first.href, first.bold, first.italic, first.strike, first.code
        )
    return out


WATCH_STYLE = Style(color="red", bold=True, reverse=True)
"""The watch words' mark (bold and reversed: legible without colour too)."""


def _hl(text: Text, words: Sequence[str], watch: Sequence[str] = ()) -> Text:
    """Mark where the filter's words match (folded), on the original characters, and the watch
    words in their own style."""
    if words:
        for start, end in fold_spans(text.plain, fold_pattern(map(fold, words))):
            text.stylize("black on yellow", start, end)
    if watch:
        for start, end in fold_spans(text.plain, fold_pattern(map(fold, watch))):
            text.stylize(WATCH_STYLE, start, end)
    return text


def format_time(dt: datetime | None, tz: tzinfo | None) -> str:
    if dt is None:
        return "undated"
    local = dt.astimezone(tz)
    return local.strftime("%a %d %b %Y, %H:%M:%S %Z").strip()


def entry_header(
    entry: Entry,
    tz: tzinfo | None,
    words: Sequence[str] = (),
    authors: Sequence[str] = (),
    watch: Sequence[str] = (),
    origin: str | None = None,
) -> Text:
    """The title, time, authors and badges; ``authors`` (a filter's ``by:`` names) are marked
    in the authors only, ``watch`` (the watch words) everywhere; ``origin``, in a timeline of
    several blogs, says which blog it is from (and which others carry it), last."""
    text = Text()
    if entry.title:
        style = Style(bold=True, strike=entry.deleted or None)
        text.append(entry.title, style)
        text.append("\n")
    text.append(format_time(entry.published, tz), Style(dim=True))
    if entry.authors:
        text.append("  ·  ")
        names = Text(", ".join(entry.authors), Style(italic=True))
        text.append_text(_hl(names, [*words, *authors]) if authors else names)
    badges: list[tuple[str, str]] = []
    if entry.pinned:
        badges.append(("PINNED", "bold black on bright_yellow"))
    if entry.key_event:
        badges.append(("KEY EVENT", "bold black on bright_cyan"))
    if entry.deleted:
        badges.append(("DELETED", "bold white on red"))
    if badges:
        text.append("\n")
        for n, (label, badge_style) in enumerate(badges):
            if n:
                text.append(" ")
            text.append(f" {label} ", badge_style)
    if entry.updated is not None:
        text.append("\n")
        text.append(f"edited {format_time(entry.updated, tz)}", Style(dim=True, italic=True))
    if origin:
        text.append("\n")
        text.append(origin, Style(bold=True))
    return _hl(text, words, watch)


def render_entry(
    entry: Entry,
    tz: tzinfo | None,
    words: Sequence[str] = (),
    authors: Sequence[str] = (),
    watch: Sequence[str] = (),
    origin: str | None = None,
) -> Group:
    """The whole detail view of an entry: the filter's ``words`` (and ``authors``) marked, and
    the ``watch`` words in their own style."""
    parts: list[RenderableType] = [
        entry_header(entry, tz, words, authors, watch, origin),
        Text(""),
    ]
    body: Iterable[Block] = entry.body

    def mark(text: Text) -> Text:
        return _hl(text, words, watch)

    rendered = [r for r in (_block(b, mark) for b in body) if r is not None]
    if not rendered and entry.text:
        rendered = [mark(Text(entry.text))]
    for n, item in enumerate(rendered):
        if n:
            parts.append(Text(""))
        parts.append(item)
    if entry.deleted:
        parts = [_strike(p) for p in parts]
    if entry.url:
        parts.append(Text(""))
        parts.append(LinkLine(entry.url, "Link: "))
    return Group(*parts)


def _strike(part: RenderableType) -> RenderableType:
    """``part`` struck through (a deleted entry), into groups, quotes, lists and link lines."""
    if isinstance(part, Text):
        part.stylize("strike")
    elif isinstance(part, Group):
        for inner in part.renderables:
            _strike(inner)
    elif isinstance(part, Hanging):
        _strike(part.text)
    elif isinstance(part, LinkLine):
        part.strike = True
    return part
