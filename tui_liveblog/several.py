"""Several blogs as one timeline (issue 16): ``dump`` and ``follow`` of several sources.

Each blog gets a short label (:func:`labels`: its saved name, else its host, made unique);
their entries are merged newest first (:func:`combine`), each naming its blog, and a post that
two blogs carry (:mod:`tui_liveblog.same_post`) is one entry, of the blog that published it
first, naming the others in ``also_in``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from tui_liveblog.model import Entry, sort_entries
from tui_liveblog.same_post import SamePosts
from tui_liveblog.sanitize import clean_line


class BlogRef(NamedTuple):
    url: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"url": self.url, "label": self.label}


class Combined(NamedTuple):
    """An entry of the merged timeline: its blog, and the other blogs that carry it."""

    entry: Entry
    blog: BlogRef
    also_in: tuple[BlogRef, ...] = ()

    def to_json(self, record: dict[str, Any]) -> dict[str, Any]:
        """``record`` (the entry's JSON) with its blog and, if any, the others."""
        record["blog"] = self.blog.to_json()
        if self.also_in:
            record["also_in"] = [ref.to_json() for ref in self.also_in]
        return record


def label_of(source: str) -> str:
    """A blog's short label from its address: the host without ``www.`` (a file: its name),
    cleaned (a file name may hold an escape sequence or a bidi control)."""
    return clean_line(_label_of(source)) or "?"


def _label_of(source: str) -> str:
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname
        host = host[4:] if host.startswith("www.") else host
        try:
            port = parts.port
        except ValueError:
            port = None
        return f"{host}:{port}" if port else host
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def labels(sources: Sequence[tuple[str | None, str]]) -> list[str]:
    """Each source's label: its saved name if it has one, else :func:`label_of`; a label that
    two sources would share is told apart by the last part of the path, then by a number."""
    wanted = [name or label_of(url) for name, url in sources]
    out: list[str] = []
    for (name, url), label in zip(sources, wanted, strict=True):
        if name is None and wanted.count(label) > 1:
            tail = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
            if tail:
                label = clean_line(f"{label}/{tail}")
        base, n = label, 2
        while label in out:
            label, n = f"{base} ({n})", n + 1
        out.append(label)
    return out


def combine(blogs: Iterable[tuple[BlogRef, Sequence[Entry]]]) -> list[Combined]:
    """Every blog's entries as one timeline, newest first; a post carried by several blogs
    once, as the blog that published it first has it (the earliest), naming the others."""
    tagged = [(entry, ref) for ref, entries in blogs for entry in entries]
    # the earliest first: a post goes to the blog that had it first (undated ones last)
    order = sort_entries((e for e, _ in tagged), oldest_first=True)
    blog_of: dict[int, BlogRef] = {id(e): ref for e, ref in tagged}
    posts = SamePosts()
    kept: dict[int, Entry] = {}
    others: dict[int, list[BlogRef]] = {}
    for entry in order:
        ref = blog_of[id(entry)]
        if entry.deleted:  # (a withdrawn post stands alone)
            kept[id(entry)] = entry
            continue
        found = posts.add(id(entry), entry, ref.url)
        if found is None:
            kept[id(entry)] = entry
        elif isinstance(found, int):
            named = others.setdefault(found, [])
            if ref not in named and ref != blog_of[found]:
                named.append(ref)
    newest = sort_entries(kept.values())
    return [Combined(e, blog_of[id(e)], tuple(others.get(id(e), ()))) for e in newest]
