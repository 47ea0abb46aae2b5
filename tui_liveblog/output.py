"""What ``dump`` and ``follow`` print: JSON, JSONL, Markdown and plain text.

Plain strings only (no Rich): output is for scripts, pipes and screen readers. Every string
here already went through the sanitiser when the source built the model, and passes it once more
on its way out (:func:`_shown`, :func:`_dumps`), whatever its origin: a file name, a saved
name, a label, a string the model got from somewhere that forgot to clean it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

import orjson

from tui_liveblog.content import spans_text
from tui_liveblog.model import Block, Blog, Entry, Span, Version
from tui_liveblog.sanitize import clean_text
from tui_liveblog.serialize import blog_to_json, entry_to_json, version_to_json

if TYPE_CHECKING:
    from tui_liveblog.several import BlogRef, Combined

    Several = Sequence[tuple[BlogRef, Blog, datetime | None]]

FORMATS = ("json", "jsonl", "markdown", "text")


# ``dump --versions``: each edited entry's versions by id (oldest first, the current last)
Versions = Mapping[str, Sequence[Version]]


# orjson's escapes for the control characters clean_text removes (C0 but \n and \t): a JSON
# reader would turn them back into controls ("\u001b" into ESC). (A "\\r", a backslash and
# an "r", matches too: it only costs the slower path.)
_ESCAPED_CONTROL = re.compile(r"\\(?:u00[01][0-9a-f]|[bfr])", re.IGNORECASE)


def _shown(text: str) -> str:
    """The last gate before stdout or a file: no escape sequence, control character (but
    newline and tab) or bidi control, whatever a string's origin. (The model's strings are
    clean already: then this is one scan, and ``text`` comes back as it was.)"""
    return clean_text(text)


def _cleaned(value: Any) -> Any:
    """``value`` (a JSON document) with every string in it passed through clean_text."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


def _dumps(doc: Any, option: int = 0) -> str:
    """``doc`` as JSON, each of its strings through the sanitiser: the document as it is when
    none needs it (the usual case: one scan of the output), else made again from cleaned
    strings, so that a JSON reader gets no control characters back either."""
    text = orjson.dumps(doc, option=option).decode()
    if _ESCAPED_CONTROL.search(text) is None and clean_text(text) == text:
        return text
    return orjson.dumps(_cleaned(doc), option=option).decode()


def _entry_json(entry: Entry, versions: Versions | None) -> dict[str, Any]:
    doc = entry_to_json(entry)
    kept = versions.get(entry.id) if versions else None
    if kept:
        doc["versions"] = [version_to_json(v) for v in kept]
    return doc


def to_json(
    blog: Blog,
    entries: Sequence[Entry],
    fetched_at: datetime | None,
    versions: Versions | None = None,
) -> str:
    doc = {
        "blog": blog_to_json(blog, fetched_at),
        "entries": [_entry_json(e, versions) for e in entries],
    }
    return _dumps(doc, orjson.OPT_INDENT_2) + "\n"


def jsonl_line(entry: Entry, versions: Versions | None = None) -> str:
    return _dumps(_entry_json(entry, versions)) + "\n"


def to_jsonl(entries: Sequence[Entry], versions: Versions | None = None) -> str:
    return "".join(jsonl_line(e, versions) for e in entries)


def _local(dt: datetime | None, tz: tzinfo | None) -> str:
    if dt is None:
        return "undated"
    return dt.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z").strip()


def _flags(entry: Entry) -> list[str]:
    flags = []
    if entry.pinned:
        flags.append("pinned")
    if entry.key_event:
        flags.append("key event")
    if entry.deleted:
        flags.append("deleted")
    return flags


def entry_text(entry: Entry, tz: tzinfo | None = None, *, change: str | None = None) -> str:
    """One entry as plain text: a header line, the headline, the body, links and media."""
    return _shown(_entry_text(entry, tz, change))


def _entry_text(entry: Entry, tz: tzinfo | None, change: str | None = None) -> str:
    head = [_local(entry.published, tz)]
    if entry.authors:
        head.append(", ".join(entry.authors))
    flags = _flags(entry)
    if entry.updated is not None:
        flags.append(f"edited {_local(entry.updated, tz)}")
    if change and not any(flag.startswith(change) for flag in flags):
        flags.insert(0, change)  # an edit with no time of its own, say, still says "edited"
    if flags:
        head.append("[" + "; ".join(flags) + "]")
    lines = [" · ".join(head)]
    if entry.title:
        lines.append(entry.title)
    if entry.text:
        lines.append(entry.text)
    for medium in entry.media:
        label = f"{medium.kind}: {medium.url}"
        lines.append(f"({label}{' — ' + medium.caption if medium.caption else ''})")
    if entry.url:
        lines.append(f"<{entry.url}>")
    return "\n".join(lines) + "\n\n"


def to_text(blog: Blog, entries: Sequence[Entry], tz: tzinfo | None = None) -> str:
    state = {True: "live", False: "ended", None: ""}[blog.live]
    header = f"{blog.title}\n{blog.url}" + (f" ({state})" if state else "") + "\n\n"
    return _shown(header + "".join(_entry_text(e, tz) for e in entries))


# -- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def _md_escape(text: str) -> str:
    # cleaned first: a backslash put into an escape sequence ("\x1b\\]0;…") would leave all of
    # it but the ESC as text
    return clean_text(text).translate(_MD_SPECIAL)


def _md_spans(spans: Sequence[Span]) -> str:
    out = []
    for span in spans:
        if span.text == "\n":
            out.append("  \n")
            continue
        text = _md_escape(span.text)
        core = text.strip()
        if core:
            if span.code:
                core = f"`{span.text.strip().replace('`', '')}`"
            if span.bold:
                core = f"**{core}**"
            if span.italic:
                core = f"*{core}*"
            if span.strike:
                core = f"~~{core}~~"
            if span.href:
                core = f"[{core}](<{span.href}>)"
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            text = lead + core + trail
        out.append(text)
    return "".join(out)


def _md_block(block: Block) -> str:
    if block.kind == "h":
        return "#" * min(max(block.level, 1) + 2, 6) + " " + _md_spans(block.spans)
    if block.kind == "p":
        return _md_spans(block.spans)
    if block.kind == "quote":
        return "\n".join("> " + line for line in _md_spans(block.spans).split("\n"))
    if block.kind == "pre":
        return "```\n" + spans_text(block.spans).replace("```", "` ` `") + "\n```"
    if block.kind in ("ul", "ol"):
        lines = []
        for n, item in enumerate(block.items, 1):
            marker = f"{n}." if block.kind == "ol" else "-"
            lines.append(f"{marker} {_md_spans(item)}")
        return "\n".join(lines)
    if block.kind == "media" and block.media is not None:
        caption = _md_escape(block.media.caption or block.media.kind)
        if block.media.kind == "image":
            return f"![{caption}](<{block.media.url}>)"
        return f"[{block.media.kind}: {caption}](<{block.media.url}>)"
    if block.kind == "hr":
        return "---"
    return ""


def entry_markdown(entry: Entry, tz: tzinfo | None = None) -> str:
    """One entry as Markdown: a heading (time and headline), a line of authors and flags, the
    body, the link."""
    return _shown(_entry_markdown(entry, tz))


def _entry_markdown(entry: Entry, tz: tzinfo | None) -> str:
    heading = _local(entry.published, tz)
    if entry.title:
        heading += " — " + _md_escape(entry.title)
    parts = [f"## {heading}"]
    meta = []
    if entry.authors:
        meta.append("by " + _md_escape(", ".join(entry.authors)))
    meta.extend(_flags(entry))
    if entry.updated is not None:
        meta.append(f"edited {_local(entry.updated, tz)}")
    if meta:
        parts.append("*" + " · ".join(meta) + "*")
    if entry.body:
        parts.extend(text for b in entry.body if (text := _md_block(b)))
    elif entry.text:
        parts.append(_md_escape(entry.text))
    if entry.url:
        parts.append(f"[Link](<{entry.url}>)")
    return "\n\n".join(parts) + "\n\n"


def to_markdown(blog: Blog, entries: Sequence[Entry], tz: tzinfo | None = None) -> str:
    head = f"# {_md_escape(blog.title)}\n\n<{blog.url}>\n\n"
    return _shown(head + "".join(_entry_markdown(e, tz) for e in entries))


# -- several blogs as one timeline (tui_liveblog.several) ---------------------------------------


def several_to_json(blogs: Several, entries: Sequence[Combined]) -> str:
    """``{"blogs": [...], "entries": [...]}``: each blog with its label, each entry naming its
    blog (and ``also_in``, the others that carry it)."""
    doc = {
        "blogs": [
            {**blog_to_json(blog, fetched), "label": ref.label} for ref, blog, fetched in blogs
        ],
        "entries": [c.to_json(entry_to_json(c.entry)) for c in entries],
    }
    return _dumps(doc, orjson.OPT_INDENT_2) + "\n"


def several_jsonl_line(entry: Combined) -> str:
    return _dumps(entry.to_json(entry_to_json(entry.entry))) + "\n"


def several_to_jsonl(entries: Sequence[Combined]) -> str:
    return "".join(several_jsonl_line(c) for c in entries)


def _where(entry: Combined) -> str:
    also = f" (also in {', '.join(r.label for r in entry.also_in)})" if entry.also_in else ""
    return f"[{entry.blog.label}]{also}"


def several_entry_text(entry: Combined, tz: tzinfo | None = None, change: str | None = None) -> str:
    return _shown(f"{_where(entry)} {_entry_text(entry.entry, tz, change)}")


def several_to_text(blogs: Several, entries: Sequence[Combined], tz: tzinfo | None = None) -> str:
    head = "".join(f"[{ref.label}] {blog.title}\n{blog.url}\n" for ref, blog, _ in blogs)
    lines = "".join(f"{_where(c)} {_entry_text(c.entry, tz)}" for c in entries)
    return _shown(head + "\n" + lines)


def several_to_markdown(
    blogs: Several, entries: Sequence[Combined], tz: tzinfo | None = None
) -> str:
    head = "".join(
        f"- **{_md_escape(ref.label)}**: {_md_escape(blog.title)} <{blog.url}>\n"
        for ref, blog, _ in blogs
    )
    parts = []
    for c in entries:
        text = _entry_markdown(c.entry, tz)
        parts.append(text.replace("\n\n", f"\n\n*{_md_escape(_where(c))}*\n\n", 1))
    return _shown("# Several blogs\n\n" + head + "\n" + "".join(parts))
