"""An entry's structured body → Rich renderables for the detail pane.

Network text is never parsed as markup: every string becomes a :class:`rich.text.Text` built
from plain strings and styles. Links keep their URL visible after the link text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

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


def spans_to_text(spans: Sequence[Span], base: Style | None = None, show_urls: bool = True) -> Text:
    text = Text(style=base if base is not None else Style())
    for span in spans:
        style = Style(
            bold=span.bold or None,
            italic=span.italic or None,
            strike=span.strike or None,
        )
        if span.code:
            style += Style(reverse=True)
        if span.href:
            style += Style(underline=True, color="bright_blue", link=span.href)
        text.append(span.text, style)
        if span.href and show_urls and span.text.strip() and span.text.strip() != span.href:
            text.append(f" ⟨{span.href}⟩", Style(dim=True))
    return text


def _block(block: Block, words: Sequence[str]) -> RenderableType | None:
    kind = block.kind
    if kind == "p":
        return _hl(spans_to_text(block.spans), words)
    if kind == "h":
        return _hl(spans_to_text(block.spans, Style(bold=True, underline=block.level <= 2)), words)
    if kind == "pre":
        return _hl(spans_to_text(block.spans, Style(dim=True), show_urls=False), words)
    if kind == "quote":
        bar = Text("▎ ", style="bold bright_magenta")
        return Hanging(_hl(spans_to_text(block.spans, Style(italic=True)), words), bar, bar)
    if kind in ("ul", "ol"):
        items: list[RenderableType] = []
        width = len(str(len(block.items))) + 2
        for n, item in enumerate(block.items, 1):
            marker = f"{n}.".ljust(width) if kind == "ol" else "• "
            nested = item and item[0].text.startswith("  ")
            first = Text(("  " if nested else "") + marker, style="bold")
            rest = Text(" " * first.cell_len)
            items.append(Hanging(_hl(spans_to_text(_lstrip(item)), words), first, rest))
        return Group(*items)
    if kind == "media" and block.media is not None:
        medium = block.media
        label = Text()
        label.append(
            f"{MEDIA_ICONS.get(medium.kind, '◇')} {MEDIA_LABELS.get(medium.kind, 'Media')}", "bold"
        )
        if medium.caption:
            label.append(": ")
            label.append(medium.caption, Style(italic=True))
        label.append("\n")
        label.append(medium.url, Style(dim=True, underline=True, link=medium.url))
        return Hanging(_hl(label, words), Text("  "), Text("  "))
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


def _hl(text: Text, words: Sequence[str]) -> Text:
    """Mark where the filter's words match (folded), on the original characters."""
    if words:
        for start, end in fold_spans(text.plain, fold_pattern(map(fold, words))):
            text.stylize("black on yellow", start, end)
    return text


def format_time(dt: datetime | None, tz: tzinfo | None) -> str:
    if dt is None:
        return "undated"
    local = dt.astimezone(tz)
    return local.strftime("%a %d %b %Y, %H:%M:%S %Z").strip()


def entry_header(entry: Entry, tz: tzinfo | None, words: Sequence[str] = ()) -> Text:
    text = Text()
    if entry.title:
        style = Style(bold=True, strike=entry.deleted or None)
        text.append(entry.title, style)
        text.append("\n")
    text.append(format_time(entry.published, tz), Style(dim=True))
    if entry.authors:
        text.append("  ·  ")
        text.append(", ".join(entry.authors), Style(italic=True))
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
    return _hl(text, words)


def render_entry(entry: Entry, tz: tzinfo | None, words: Sequence[str] = ()) -> Group:
    """The whole detail view of an entry."""
    parts: list[RenderableType] = [entry_header(entry, tz, words), Text("")]
    body: Iterable[Block] = entry.body
    rendered = [r for r in (_block(b, words) for b in body) if r is not None]
    if not rendered and entry.text:
        rendered = [_hl(Text(entry.text), words)]
    for n, item in enumerate(rendered):
        if n:
            parts.append(Text(""))
        parts.append(item)
    if entry.deleted:
        parts = [_strike(p) for p in parts]
    if entry.url:
        parts.append(Text(""))
        link = Text("Link: ", style="dim")
        link.append(entry.url, Style(dim=True, underline=True, link=entry.url))
        parts.append(link)
    return Group(*parts)


def _strike(part: RenderableType) -> RenderableType:
    if isinstance(part, Text):
        part.stylize("strike")
    return part
