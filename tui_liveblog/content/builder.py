"""The builder both readings of HTML feed: text runs with their style (link, bold, italic,
strike, code) gathered into spans, spans into blocks, links and media collected, with the
whitespace and sanitising rules applied in one place. :mod:`.html` drives it from an lxml
tree; :mod:`.quick` from simple markup read without one. No HTML parser here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui_liveblog.content.text import MAX_BODY_CHARS, MAX_BODY_ELEMENTS, spans_tidy, style_tuple
from tui_liveblog.model import Block, Media, MediaKind, Span
from tui_liveblog.sanitize import clean_text, safe_url

# whitespace runs to collapse to one space: two or more whitespace characters, or one that is not
# a plain space (the same result as re.sub(r"\s+", " ", …), without replacing every lone space
# by itself)
_WS_RUN = re.compile(r"\s\s+|[^\S ]\s*")
_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em", "cite", "dfn", "var"})
_STRIKE = frozenset({"s", "strike", "del"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})


@dataclass(slots=True)
class Style:
    href: str | None = None
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False


@dataclass(slots=True)
class Budget:
    """What a body may still show, shared by the builders of one body: characters of text
    (:data:`MAX_BODY_CHARS` in all, a paragraph break counting two: what is shown is capped,
    not the markup) and elements read (:data:`MAX_BODY_ELEMENTS`: the time a body takes)."""

    left: int = MAX_BODY_CHARS
    elements: int = MAX_BODY_ELEMENTS
    spent: bool = False  # something was left out: the body is cut short

    def step(self) -> bool:
        """One more element read: False once the body is cut short (it is not read)."""
        self.elements -= 1
        if self.elements < 0:
            self.spent = True
        return not self.spent


@dataclass(slots=True)
class Builder:
    base: str | None
    blocks: list[Block] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    budget: Budget = field(default_factory=Budget)
    # False while every span's text is known printable (nothing for clean_text to remove)
    unchecked: bool = False

    # -- inline ---------------------------------------------------------------------------
    def add_text(self, text: str | None, style: Style, pre: bool = False) -> None:
        if not text:
            return
        if pre or not text.isprintable():
            if not pre:
                text = _WS_RUN.sub(" ", text)
            self.unchecked = True
        elif "  " in text:
            text = _WS_RUN.sub(" ", text)  # (only spaces: stays printable)
        budget = self.budget
        if len(text) > budget.left:
            text = text[: max(budget.left, 0)]
            budget.spent = True
            if not text:
                return
        budget.left -= len(text)
        spans = self.spans
        if spans:
            last = spans[-1]
            if (
                last.href == style.href
                and last.bold == style.bold
                and last.italic == style.italic
                and last.strike == style.strike
                and last.code == style.code
                and last.text != "\n"
            ):
                spans[-1] = Span(last.text + text, *style_tuple(last))
                return
        spans.append(Span(text, style.href, style.bold, style.italic, style.strike, style.code))

    def sub(self) -> Builder:
        """A builder for a part of this body (a list item, a quote): its own blocks, the same
        links, media and budget."""
        return Builder(self.base, links=self.links, media=self.media, budget=self.budget)

    def line_break(self) -> None:
        if self.spans and self.spans[-1].text != "\n":
            self.spans.append(Span("\n"))

    def take_spans(self, pre: bool = False) -> tuple[Span, ...]:
        spans = self.spans
        self.spans = []
        checked = not self.unchecked
        self.unchecked = False
        if not pre:
            return spans_tidy(spans, checked=checked)
        out: list[Span] = []
        for span in spans:  # preformatted: kept as is, but sanitised like the rest
            text = clean_text(span.text)
            if text:
                out.append(span if text is span.text else Span(text, *style_tuple(span)))
        return tuple(out)

    # -- blocks ---------------------------------------------------------------------------
    def flush(self, kind: str = "p", level: int = 0) -> None:
        if not self.spans:  # most flushes (one before and after each block element)
            return
        pre = kind == "pre"
        spans = self.take_spans(pre=pre)
        # (tidied spans never end in a blank one: only ``pre`` spans need the check)
        if spans and (not pre or any(s.text.strip() for s in spans)):
            self.blocks.append(Block(kind, spans, level=level))  # type: ignore[arg-type]
            self.budget.left -= 2  # (the blank line before the next block)

    def add_media(self, kind: MediaKind, url: str | None, caption: str | None = None) -> None:
        if self.budget.spent:
            return  # (after the cut)
        safe = safe_url(url, self.base)
        cap = " ".join(clean_text(caption).split()) if caption else None
        if not safe or not safe.lower().startswith(("http://", "https://")):
            # not a web address (javascript:, data:, even mailto:): no medium, but its caption
            # is still part of the entry's text
            if cap:
                self.flush()
                self.blocks.append(Block("p", (Span(cap),)))
            return
        medium = Media(kind, safe, cap or None)
        self.flush()
        self.media.append(medium)
        self.blocks.append(
            Block("media", (Span(cap),) if cap else (), media=medium),
        )
