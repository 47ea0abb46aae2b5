"""The demo blog's masthead and the shape of its posts: what every part of the demo refers to.

Everything here is fiction (see :mod:`tui_liveblog.demo.content`, which gathers the whole blog).
"""

from __future__ import annotations

from dataclasses import dataclass

SLUG = "selene-shuttle"
PATH = f"/live/{SLUG}"
TITLE = "Selene Shuttle launch live: first crewed lunar ferry lifts off from Skarholm"
DESCRIPTION = (
    "Live updates as Corrivale Lunar Lines' Selene Shuttle carries three crew and six "
    "passengers from Skarholm Spaceport towards Lantern Station in lunar orbit."
)
PUBLISHER = "The Lantern Quay Courier"
PUBLISHER_URL = "https://example.org/"
LEAD_MINUTES = 3
"""How long before the server's start the newest initial post is dated."""


@dataclass(frozen=True, slots=True)
class Post:
    """One live-blog post: ``body`` is HTML, ``headline`` plain text.

    ``minute`` (and ``updated_minute``, an edit made before the server started) only matter
    for :data:`~tui_liveblog.demo.content.INITIAL`; scripted posts are dated when they are
    published. ``key`` names a post an :class:`Amendment` refers to.
    """

    author: str
    body: str
    headline: str | None = None
    minute: int = 0
    updated_minute: int | None = None
    pinned: bool = False
    key_event: bool = False
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Amendment:
    """A later edit of the post whose ``key`` matches: new body (and headline, if given)."""

    key: str
    body: str
    headline: str | None = None


INES = "Ines Valcourt"
TOMAS = "Tomás Achterberg"
MAREN = "Maren Oduya"
CALLUM = "Callum Brightwater"
SUNNIVA = "Sunniva Dahl"

AUTHORS = (INES, TOMAS, MAREN, CALLUM, SUNNIVA)
