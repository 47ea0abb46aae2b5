"""The demo blog's page: the posts as an HTML article with a JSON-LD ``LiveBlogPosting`` block.

The page is an ordinary article page with a schema.org ``LiveBlogPosting`` JSON-LD block (what
:mod:`tui_liveblog.sources.jsonld` reads) and the same posts rendered as visible HTML. Each
update also carries two non-standard flags schema.org has no field for: ``"x-pinned"`` and
``"x-keyEvent"`` (booleans, always present).

:func:`render_page` draws it from the :class:`BlogUpdate` s published so far; a :class:`Page` is
what the server sends for one revision of the blog. Every time here is aware UTC, to the second
(:func:`utc_second`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tui_liveblog.demo import content
from tui_liveblog.demo.content import Post

PIN_FLAG = "x-pinned"
KEY_EVENT_FLAG = "x-keyEvent"


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def utc_second(moment: datetime) -> datetime:
    """Aware UTC, to the second (a naive time is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


@dataclass(slots=True)
class BlogUpdate:
    """A post as published on the blog: its number, and its text and times as they are now."""

    number: int
    post: Post
    headline: str | None
    body: str
    published: datetime
    modified: datetime

    @property
    def anchor(self) -> str:
        return f"post-{self.number}"


@dataclass(frozen=True, slots=True)
class Page:
    """One revision of the page, as sent: the encoded HTML, its strong ETag and Last-Modified."""

    body: bytes
    etag: str
    last_modified: datetime


def render_page(
    updates: Iterable[BlogUpdate],
    url: str,
    *,
    coverage_start: datetime,
    coverage_end: datetime | None,
    last_change: datetime,
) -> str:
    """The page's HTML, at ``url``, with ``updates`` (the posts as published so far).

    ``coverage_end`` is None while the blog is live; ``last_change`` is its latest change.
    """
    ordered = sorted(updates, key=lambda u: (u.published, u.number), reverse=True)
    data = _jsonld(
        ordered,
        url,
        coverage_start=coverage_start,
        coverage_end=coverage_end,
        last_change=last_change,
    )
    ld = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # inside <script>: no "</script>", no "<!--"; the JSON value is unchanged
    ld = ld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    pinned = [u for u in ordered if u.post.pinned]
    status = (
        "Coverage has ended"
        if coverage_end is not None
        else f"Live · updated {_clock_time(last_change)}"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(content.TITLE)} | {html.escape(content.PUBLISHER)}</title>",
        f'<link rel="canonical" href="{html.escape(url)}">',
        f'<meta name="description" content="{html.escape(content.DESCRIPTION)}">',
        f'<script type="application/ld+json">\n{ld}\n</script>',
        f"<style>{_CSS}</style>",
        "</head><body>",
        f'<header class="masthead"><p class="publisher">{html.escape(content.PUBLISHER)}</p>',
        f"<h1>{html.escape(content.TITLE)}</h1>",
        f'<p class="standfirst">{html.escape(content.DESCRIPTION)}</p>',
        f'<p class="status">{html.escape(status)}</p></header>',
        "<main>",
    ]
    if pinned:
        parts.append('<section class="pinned" aria-label="Pinned">')
        parts.extend(_article(u, prefix="pinned-") for u in pinned)
        parts.append("</section>")
    parts.append('<section class="timeline">')
    parts.extend(_article(u) for u in ordered)
    parts.append("</section></main>")
    parts.append(
        "<footer><p>An invented live blog bundled with tui-liveblog for demonstration. "
        "Every person, place and organisation in it is fictional.</p></footer>"
    )
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _jsonld(
    ordered: list[BlogUpdate],
    url: str,
    *,
    coverage_start: datetime,
    coverage_end: datetime | None,
    last_change: datetime,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": content.TITLE,
        "description": content.DESCRIPTION,
        "inLanguage": "en",
        "datePublished": _iso(coverage_start),
        "dateModified": _iso(last_change),
        "coverageStartTime": _iso(coverage_start),
    }
    # while live: say so outright (a planned end in the future would read as "ended" to a
    # reader whose clock is past it, e.g. a frozen-clock screenshot); once the script is
    # over: the actual end, in the past
    if coverage_end is not None:
        data["coverageEndTime"] = _iso(coverage_end)
    else:
        data["isLive"] = True
    data["publisher"] = {
        "@type": "Organization",
        "name": content.PUBLISHER,
        "url": content.PUBLISHER_URL,
    }
    updates: list[dict[str, Any]] = []
    for u in ordered:
        item: dict[str, Any] = {
            "@type": "BlogPosting",
            "@id": u.anchor,
            "url": f"{url}#{u.anchor}",
        }
        if u.headline:
            item["headline"] = u.headline
        item.update(
            {
                "datePublished": _iso(u.published),
                "dateModified": _iso(u.modified),
                "author": {"@type": "Person", "name": u.post.author},
                "articleBody": u.body,
                PIN_FLAG: u.post.pinned,
                KEY_EVENT_FLAG: u.post.key_event,
            }
        )
        updates.append(item)
    data["liveBlogUpdate"] = updates
    return data


def _clock_time(moment: datetime) -> str:
    return moment.strftime("%H:%M UTC")


def _article(u: BlogUpdate, prefix: str = "") -> str:
    classes = ["post"]
    labels = []
    if u.post.pinned:
        classes.append("pinned-post")
        labels.append('<span class="badge">Pinned</span>')
    if u.post.key_event:
        classes.append("key-event")
        labels.append('<span class="badge">Key event</span>')
    head = [
        f'<time datetime="{_iso(u.published)}">{_clock_time(u.published)}</time>',
        *labels,
    ]
    if u.headline:
        head.append(f"<h2>{html.escape(u.headline)}</h2>")
    head.append(f'<p class="byline">By {html.escape(u.post.author)}</p>')
    foot = ""
    if u.modified > u.published:
        foot = (
            f'<footer class="edited">Updated <time datetime="{_iso(u.modified)}">'
            f"{_clock_time(u.modified)}</time></footer>"
        )
    return (
        f'<article id="{prefix}{u.anchor}" class="{" ".join(classes)}">'
        f"<header>{' '.join(head)}</header>"
        f'<div class="post-body">{u.body}</div>{foot}</article>'
    )


_CSS = (
    "body{font-family:Georgia,serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b}"
    ".publisher{font-variant:small-caps;letter-spacing:.05em;color:#7a2e0e}"
    ".status{color:#b00020;font-weight:bold}"
    ".post{border-top:1px solid #ccc;padding:.75rem 0}"
    ".pinned .post{background:#fff7e0;padding:.75rem}"
    ".key-event{border-left:4px solid #b00020;padding-left:.75rem}"
    ".badge{font:bold .75rem sans-serif;text-transform:uppercase;color:#b00020;margin-left:.5rem}"
    ".byline,.edited,time{font:.85rem sans-serif;color:#555}"
    "blockquote{border-left:3px solid #999;margin-left:0;padding-left:1rem;font-style:italic}"
    "figure{margin:0}img,iframe{max-width:100%}"
)
