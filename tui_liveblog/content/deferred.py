"""Bodies built when they are read: an entry keeps its sanitised markup, and its blocks are
made the first time something shows, exports or searches the body in full.

A parse needs only an entry's ``text``, ``links`` and ``media`` (what listing, filtering and
``dump --format jsonl`` use). :func:`read_body` gives those, from :mod:`.quick` when the markup
is simple, and a :class:`DeferredBody` that builds the blocks on first use. The cache stores
the markup too (:func:`~tui_liveblog.serialize.body_to_list`), so writing 10k entries
serialises no blocks either.

Sanitising: the markup kept has had its control characters and escape sequences removed
(:func:`~tui_liveblog.sanitize.clean_text`), and its ``data:`` URLs emptied (they are never
shown, and an inline image may weigh megabytes); everything else the safety rules ask (unsafe
links, scripts, tracking pixels) happens when the blocks are built, by the same parser
as before, so nothing reaches the reader unsanitised.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from tui_liveblog.content.markup import drop_data_urls
from tui_liveblog.content.text import (
    EMPTY,
    MAX_BODY_CHARS,
    ParsedBody,
    looks_like_html,
    parse_plain,
)
from tui_liveblog.model import Block, Blocks
from tui_liveblog.sanitize import clean_text


def _is_http(url: str) -> bool:
    return url[:8].lower().startswith(("http://", "https://"))


def http_only(parsed: ParsedBody) -> ParsedBody:
    """``parsed`` without media that are not http(s): from ``media`` and from the body (a
    dropped medium's caption stays, as a paragraph: the plain text is unchanged)."""
    if all(_is_http(m.url) for m in parsed.media):
        return parsed
    blocks: list[Block] = []
    for block in parsed.body:
        if block.media is not None and not _is_http(block.media.url):
            if block.spans:
                blocks.append(Block("p", block.spans))
            continue
        blocks.append(block)
    media = tuple(m for m in parsed.media if _is_http(m.url))
    return ParsedBody(tuple(blocks), parsed.text, parsed.links, media)


def _parse(markup: str, base: str | None) -> ParsedBody:
    from tui_liveblog.content.html import parse_html  # (lxml: loaded when a body needs it)

    return http_only(parse_html(markup, base))


def _blocks_of(markup: str, base: str | None, simple: bool = False) -> Blocks:
    """The blocks of kept markup: read without lxml when it is simple (``simple``: known to
    be, quick_text having read it)."""
    from tui_liveblog.content.quick import quick_blocks

    blocks = quick_blocks(markup, base, simple=simple)
    return blocks if blocks is not None else tuple(_parse(markup, base).body)


@dataclass(init=False, eq=False, repr=False, slots=True)
class DeferredBody(Sequence[Block]):
    """An entry's body as sanitised markup, read as its blocks (built on first use, then kept).

    Equal to any sequence of the same blocks; two deferred bodies of the same markup and base
    are equal without building either. (A dataclass only so that orjson and ``repr`` tools see
    its fields.) Never empty: :func:`read_body` gives ``()`` for a body
    with nothing in it.
    """

    markup: str
    base: str | None
    after: Blocks
    plain: bool
    _blocks: Blocks | None

    def __init__(
        self,
        markup: str,
        base: str | None = None,
        blocks: Blocks | None = None,
        after: Blocks = (),
        plain: bool = False,
    ) -> None:
        self.markup = markup
        # the markup is known to hold no media (quick_text read it): only ``after`` may
        self.plain = plain
        self.base = base
        self.after = after  # blocks that follow the markup's (a feed's enclosures)
        self._blocks = blocks

    @property
    def blocks(self) -> Blocks:
        blocks = self._blocks
        if blocks is None:
            # (two threads may both build it: the same blocks, and either result is kept)
            blocks = self._blocks = _blocks_of(self.markup, self.base, self.plain) + self.after
        return blocks

    def followed_by(self, blocks: Blocks) -> DeferredBody:
        """This body with ``blocks`` after it, still unbuilt if it was."""
        built = None if self._blocks is None else self._blocks + blocks
        return DeferredBody(self.markup, self.base, built, self.after + blocks, self.plain)

    def holds_media(self) -> bool:
        """Is there a media block in it? (Without building a body known to hold none.)"""
        blocks = self.after if self.plain and self._blocks is None else self.blocks
        return any(block.kind == "media" for block in blocks)

    @property
    def built(self) -> bool:
        return self._blocks is not None

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> Blocks: ...
    def __getitem__(self, index: int | slice) -> Block | Blocks:
        return self.blocks[index]

    def __len__(self) -> int:
        return len(self.blocks)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredBody):
            if (other.markup, other.base, other.after) == (self.markup, self.base, self.after):
                return True
            return self.blocks == other.blocks
        if isinstance(other, Sequence):
            return self.blocks == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.blocks)

    def __repr__(self) -> str:
        state = "built" if self.built else "not built"
        return f"DeferredBody({self.markup[:40]!r}…, {state})"


def read_body(value: str | None, base: str | None = None) -> ParsedBody:
    """An entry body that may be HTML or plain text, as ``parse_body`` reads it with only
    http(s) media kept, but with the structured body built when first used."""
    if not value:
        return EMPTY
    if "<" not in value or not looks_like_html(value):
        return parse_plain(value)
    return read_html(value, base)


def read_html(value: str, base: str | None = None) -> ParsedBody:
    """HTML (or text taken as HTML) read as ``parse_html`` does, with only http(s) media
    kept, but with the structured body built when first used."""
    from tui_liveblog.content.quick import quick_text

    markup = drop_data_urls(clean_text(value))  # (kept, and cached: no inline images)
    quick = quick_text(markup, base, clean=True) if len(markup) <= MAX_BODY_CHARS else None
    if quick is not None:
        text, links = quick
        if not text:
            return ParsedBody((), "", links, ())
        return ParsedBody(DeferredBody(markup, base, plain=True), text, links, ())
    parsed = _parse(markup, base)
    if not parsed.body:
        return parsed
    return ParsedBody(
        DeferredBody(markup, base, tuple(parsed.body)), parsed.text, parsed.links, parsed.media
    )


def followed_by(body: Sequence[Block], blocks: Blocks) -> Sequence[Block]:
    """``body`` with ``blocks`` after it (a deferred body stays unbuilt)."""
    if isinstance(body, DeferredBody):
        return body.followed_by(blocks)
    return tuple(body) + blocks


def holds_media(body: Sequence[Block]) -> bool:
    """Does ``body`` hold a media block? (A deferred body read as plain is not built.)"""
    if isinstance(body, DeferredBody):
        return body.holds_media()
    # (a loop, not any(): most bodies are a block or two, and a generator costs more)
    for block in body:  # noqa: SIM110
        if block.kind == "media":
            return True
    return False


def as_blocks(body: Sequence[Block]) -> Blocks:
    """A body as a tuple of blocks (building a deferred one)."""
    return body.blocks if isinstance(body, DeferredBody) else tuple(body)
