"""Feed media: RSS enclosures, Atom ``rel="enclosure"`` links, Media RSS ``media:content``
and ``media:thumbnail``. Part of :mod:`tui_liveblog.sources.feed`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tui_liveblog.model import Media, MediaKind
from tui_liveblog.sanitize import safe_url
from tui_liveblog.sources.common import is_http
from tui_liveblog.sources.feed.tree import Element, Index, _index, _Keys, _rebase

_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp")
_VIDEO_EXT = (".mp4", ".m4v", ".webm", ".mov", ".ogv", ".mkv", ".avi", ".m3u8", ".mpd")
_AUDIO_EXT = (".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac")


def _media_kind(url: str, mime: str | None, medium: str | None, default: MediaKind) -> MediaKind:
    for hint in (medium or "", (mime or "").split("/", 1)[0]):
        hint = hint.strip().lower()
        if hint in ("image", "video", "audio"):
            return hint  # type: ignore[return-value]
    path = urlsplit(url).path.lower()
    if path.endswith(_IMAGE_EXT):
        return "image"
    if path.endswith(_VIDEO_EXT):
        return "video"
    if path.endswith(_AUDIO_EXT):
        return "audio"
    return default


_MEDIA_KEYS = ("enclosure", "media:content", "media:thumbnail", "media:group")


def _media(
    index: Index, keys: _Keys, base: str | None, atom_links: list[tuple[str, Element]]
) -> list[Media]:
    """Enclosures, Atom ``rel="enclosure"`` links, ``media:content`` and ``media:thumbnail``."""
    if not atom_links and index.keys().isdisjoint(_MEDIA_KEYS):
        return []
    found: list[Media] = []
    thumbs: list[Media] = []

    def add(el: Element, url_attr: str, default: MediaKind, into: list[Media]) -> None:
        url = safe_url(el.get(url_attr), _rebase(base, el))
        if url is None or not is_http(url):
            return
        kind = _media_kind(url, el.get("type"), el.get("medium"), default)
        into.append(Media(kind, url))

    for el in index.get("enclosure", ()):
        add(el, "url", "embed", found)
    for rel, el in atom_links:
        if rel == "enclosure":
            add(el, "href", "embed", found)
    groups = [index]
    groups.extend(_index(g, keys) for g in index.get("media:group", ()))
    for group in groups:
        for el in group.get("media:content", ()):
            add(el, "url", "image", found)
            for thumb in el:
                if isinstance(thumb.tag, str) and keys(thumb.tag) == "media:thumbnail":
                    add(thumb, "url", "image", thumbs)
        for el in group.get("media:thumbnail", ()):
            add(el, "url", "image", thumbs)
    return found or thumbs[:1]
