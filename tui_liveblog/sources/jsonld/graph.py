"""Finding ``LiveBlogPosting`` nodes anywhere in the JSON-LD values (lists, ``@graph``,
nesting) and their ``liveBlogUpdate`` items, resolving bare ``{"@id": …}`` references.
Part of :mod:`tui_liveblog.sources.jsonld`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _types(node: Mapping[str, Any]) -> set[str]:
    raw = node.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    out = set()
    for item in items:
        if isinstance(item, str):
            out.add(item.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip())
    return out


def _is_live_blog(node: Mapping[str, Any]) -> bool:
    return "LiveBlogPosting" in _types(node)


def _find_live_blogs(values: list[Any]) -> list[dict[str, Any]]:
    """Every LiveBlogPosting object anywhere in the blocks (not searched inside one another)."""
    found: list[dict[str, Any]] = []
    stack: list[Any] = list(reversed(values))
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _is_live_blog(node):
                found.append(node)
                continue
            children = [v for v in node.values() if isinstance(v, dict | list)]
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([v for v in node if isinstance(v, dict | list)]))
    return found


def _id_index(values: list[Any]) -> dict[str, dict[str, Any]]:
    """Nodes with an ``@id`` and content, for resolving ``{"@id": …}`` references."""
    index: dict[str, dict[str, Any]] = {}
    stack: list[Any] = list(values)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ident = node.get("@id")
            if isinstance(ident, str) and len(node) > 1 and ident not in index:
                index[ident] = node
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    return index


def _updates(blogs: list[dict[str, Any]], values: list[Any]) -> list[dict[str, Any]]:
    updates: list[dict[str, Any]] = []
    refs = False
    for blog in blogs:
        raw = blog.get("liveBlogUpdate")
        items = raw if isinstance(raw, list) else [raw] if raw is not None else []
        for item in items:
            if isinstance(item, dict):
                if len(item) == 1 and "@id" in item:
                    refs = True
                updates.append(item)
    if refs:
        index = _id_index(values)
        resolved = []
        for item in updates:
            if len(item) == 1 and isinstance(item.get("@id"), str):
                target = index.get(item["@id"])
                if target is None:
                    continue  # a dangling reference holds no content
                item = target
            resolved.append(item)
        updates = resolved
    return updates
