"""Entry bodies: HTML (or plain text) → structured body → plain text, with the safety rules
applied once.

Every source turns its entry bodies into :class:`~tui_liveblog.model.Block` tuples through
:func:`parse_body`, so the sanitising (control characters, escape sequences, bidi controls,
unsafe links, scripts, tracking pixels) happens in one place for all of them.
:mod:`.html` walks HTML with lxml; :mod:`.text` holds what needs no HTML parser;
:mod:`.deferred` keeps a body as markup until it is read, and :mod:`.quick` reads simple
markup's text and links without a tree. The public
names are importable from here; the modules behind them (and lxml) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_liveblog.lazy import lazy_exports

if TYPE_CHECKING:
    from tui_liveblog.content.deferred import DeferredBody as DeferredBody
    from tui_liveblog.content.deferred import as_blocks as as_blocks
    from tui_liveblog.content.deferred import followed_by as followed_by
    from tui_liveblog.content.deferred import holds_media as holds_media
    from tui_liveblog.content.deferred import http_only as http_only
    from tui_liveblog.content.deferred import read_body as read_body
    from tui_liveblog.content.deferred import read_html as read_html
    from tui_liveblog.content.html import inline_text as inline_text
    from tui_liveblog.content.html import parse_body as parse_body
    from tui_liveblog.content.html import parse_html as parse_html
    from tui_liveblog.content.text import MAX_BODY_CHARS as MAX_BODY_CHARS
    from tui_liveblog.content.text import ParsedBody as ParsedBody
    from tui_liveblog.content.text import body_to_text as body_to_text
    from tui_liveblog.content.text import looks_like_html as looks_like_html
    from tui_liveblog.content.text import parse_plain as parse_plain
    from tui_liveblog.content.text import spans_text as spans_text
    from tui_liveblog.content.text import spans_tidy as spans_tidy

_PUBLIC = {
    "DeferredBody": "deferred",
    "as_blocks": "deferred",
    "followed_by": "deferred",
    "holds_media": "deferred",
    "http_only": "deferred",
    "read_body": "deferred",
    "read_html": "deferred",
    "inline_text": "html",
    "looks_like_html": "text",
    "parse_body": "html",
    "parse_html": "html",
    "MAX_BODY_CHARS": "text",
    "ParsedBody": "text",
    "body_to_text": "text",
    "parse_plain": "text",
    "spans_text": "text",
    "spans_tidy": "text",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_exports(__name__, _PUBLIC)
