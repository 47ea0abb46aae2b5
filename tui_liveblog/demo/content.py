"""The bundled demo blog: an invented live blog, written for this project.

Everything here is fiction: the Selene Shuttle, Corrivale Lunar Lines, Skarholm Spaceport, the
Vell Peninsula, Lantern Station, every person quoted and every reporter. Links point only at
example.org / example.com, tweets at x.com/example, videos at made-up YouTube embed ids.

The data is split the way the demo server uses it:

- :data:`INITIAL`: the posts already on the blog when the server starts, each dated by its
  ``minute`` offset from the start of coverage (the server dates them back from its start time,
  so the newest is :data:`LEAD_MINUTES` old);
- :data:`SCRIPT`: what happens while the demo runs, one step per tick: a :class:`Post` is
  published "now", an :class:`Amendment` rewrites an earlier post (found by its ``key``) and gives
  it a new modification time. When the script is exhausted the coverage ends.

The blog is spread over modules by part: the masthead and the :class:`Post` and
:class:`Amendment` shapes (:mod:`~tui_liveblog.demo.blog`), the initial posts up to liftoff
(:mod:`~tui_liveblog.demo.countdown_posts`) and after it (:mod:`~tui_liveblog.demo.flight_posts`),
and the script (:mod:`~tui_liveblog.demo.script`). This module gathers them: the demo server (and
the tests) read the blog from here.
"""

from __future__ import annotations

from tui_liveblog.demo.blog import (
    AUTHORS,
    CALLUM,
    DESCRIPTION,
    INES,
    LEAD_MINUTES,
    MAREN,
    PATH,
    PUBLISHER,
    PUBLISHER_URL,
    SLUG,
    SUNNIVA,
    TITLE,
    TOMAS,
    Amendment,
    Post,
)
from tui_liveblog.demo.countdown_posts import COUNTDOWN
from tui_liveblog.demo.flight_posts import FLIGHT
from tui_liveblog.demo.script import SCRIPT

INITIAL: tuple[Post, ...] = COUNTDOWN + FLIGHT
"""Every post on the blog when the server starts, oldest first."""

__all__ = [
    "AUTHORS",
    "CALLUM",
    "DESCRIPTION",
    "INES",
    "INITIAL",
    "LEAD_MINUTES",
    "MAREN",
    "PATH",
    "PUBLISHER",
    "PUBLISHER_URL",
    "SCRIPT",
    "SLUG",
    "SUNNIVA",
    "TITLE",
    "TOMAS",
    "Amendment",
    "Post",
]
