"""Parse timings: a synthetic 5,000-entry JSON-LD page and RSS feed, and the 428-entry corpus page.

    python benchmarks/parse_bench.py [--entries N] [--repeat R] [--profile jsonld|feed]

The synthetic documents are built once, deterministically, with invented text shaped like the
real pages in ``/work/shared/corpus`` (the Mirror's 428-entry page: bodies of ~700 characters,
three in four with HTML entities, one in five with inline HTML, some with several paragraphs;
2–4 authors as Person objects; an image and a publisher object per update; distinct times, some
edited). The RSS feed's items carry an escaped-HTML ``description`` (two or three paragraphs,
a link, bold text, entities), some in CDATA, some plain text; titles, guids, RFC 822 dates,
``dc:creator``, a category and an enclosure.

Figures: median and worst of ``--repeat`` parses (milliseconds) through the public entry point
``sources.parse`` (detection included), each on the same bytes: nothing is cached between runs
(every parse builds its entries afresh).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from tui_liveblog import sources

CORPUS_PAGE = Path("/work/shared/corpus/jsonld-html/mirror-2024-08-05-uk-riots-live.html")
PAGE_URL = "https://news.example/live/2026/nov/24/storm-live"
FEED_URL = "https://news.example/live/2026/nov/24/storm-live/rss"
START = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
BST = timezone(timedelta(hours=1))

_SENTENCE = (
    "minister said the council would meet again tomorrow after rescue teams reached flooded "
    "valley where residents reported power cuts and closed roads across region police officers "
    "confirmed that several families had been moved to temporary shelters overnight while "
    "engineers worked restore supplies forecasters warned more heavy rain was expected later "
    "this week emergency services asked people avoid travelling unless absolutely necessary"
)
WORDS = _SENTENCE.split()
AUTHORS = ("Ann Writer", "Bo Reporter", "Cy Editor", "Di Correspondent", "Ed Live")


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(12, 22)) for _ in range(sentences))


def jsonld_body(rng: random.Random, i: int) -> str:
    """A realistic ``articleBody``: the Mirror's mix of plain text, entities and inline HTML."""
    kind = i % 20
    if kind < 4:  # inline HTML (1 in 5): paragraphs, a link, bold text, entities
        link = f"https://news.example/story/{i}"
        return (
            f"<p>{_paragraph(rng, 2)} &quot;{_sentence(rng, 8)}&quot; "
            f'<a href="{link}" target="_blank" rel="Follow">read the full story</a>.</p>'
            f"<p>{_paragraph(rng, 1)} <strong>{_sentence(rng, 6)}</strong></p>"
        )
    if kind < 14:  # plain text with entities (half): curly quotes, apostrophes, &amp;
        return (
            f"{_paragraph(rng, 2)} &#x201C;{_sentence(rng, 10)}&#x201D; it&apos;s "
            f"{_paragraph(rng, 1)} &quot;{_sentence(rng, 7)}&quot; Police &amp; fire crews "
            f"{_paragraph(rng, 1)}"
        )
    if kind < 17:  # several paragraphs split by newlines, typographic quotes, no entities
        return "\n".join(
            f"{_paragraph(rng, 1)} It’s {_sentence(rng, 9)}" for _ in range(rng.randint(2, 4))
        )
    return _paragraph(rng, 4)  # one plain paragraph


def _iso_bst(when: datetime) -> str:
    return when.astimezone(BST).isoformat(timespec="milliseconds")


def jsonld_page(count: int = 5000, seed: int = 5000) -> bytes:
    """An article page holding a LiveBlogPosting with ``count`` updates, newest first."""
    rng = random.Random(seed)
    people = [
        {"@type": "Person", "name": name, "sameAs": f"https://news.example/authors/{n}/"}
        for n, name in enumerate(AUTHORS)
    ]
    publisher = {
        "@type": "Organization",
        "name": "News Example",
        "url": "https://news.example/",
        "logo": {"@type": "ImageObject", "url": "https://news.example/logo.png", "width": 219},
    }
    updates = []
    for i in range(count):
        published = START + timedelta(seconds=20 * (count - i))
        modified = published + timedelta(minutes=5) if i % 5 == 0 else published
        updates.append(
            {
                "@type": "BlogPosting",
                "headline": f"Update {i}: {_sentence(rng, 7)}" if i % 3 else "Storm live",
                "url": f"{PAGE_URL}#{700000 + i}",
                "datePublished": _iso_bst(published),
                "dateModified": modified.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "articleBody": jsonld_body(rng, i),
                "author": people[: 2 + i % 3],
                "publisher": publisher,
                "image": {
                    "@type": "ImageObject",
                    "url": f"https://img.news.example/{i}/s615/photo.jpg",
                    "width": 615,
                    "height": 409,
                },
                "mainEntityOfPage": PAGE_URL,
            }
        )
    blog = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm live",
        "url": PAGE_URL,
        "datePublished": _iso_bst(START),
        "coverageStartTime": _iso_bst(START),
        "author": people[:2],
        "publisher": publisher,
        "liveBlogUpdate": updates,
    }
    script = json.dumps(blog, ensure_ascii=False)
    styles = "".join(f".c{n}{{margin:{n % 9}px}}" for n in range(3000))  # pages carry styles
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Storm live - News Example"
        f"</title><style>{styles}</style>"
        '<script type="application/ld+json">'
        '{"@context":"https://schema.org","@type":"Organization","name":"News Example"}'
        "</script>"
        f'<script type="application/ld+json">{script}</script></head>'
        "<body><h1>Storm live</h1><p>The page body is not read for this blog.</p></body></html>"
    ).encode()


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def feed_description(rng: random.Random, i: int) -> str:
    """An item's description as it sits in the XML (escaped HTML, CDATA or plain text)."""
    link = f"https://news.example/story/{i}"
    markup = (
        f"<p>{_paragraph(rng, 2)} &#8220;{_sentence(rng, 8)}&#8221;</p>"
        f'<p>{_paragraph(rng, 1)} <a href="{link}">Read more</a> &amp; '
        f"<strong>{_sentence(rng, 5)}</strong></p>"
    )
    if i % 10 < 5:
        return _xml(markup)
    if i % 10 < 8:
        return f"<![CDATA[{markup}<p>{_paragraph(rng, 1)}</p>]]>"
    return _xml(f"{_paragraph(rng, 3)} It&#8217;s {_sentence(rng, 9)}")


def rss_feed(count: int = 5000, seed: int = 5001) -> bytes:
    """An RSS 2.0 feed with ``count`` items, newest first."""
    rng = random.Random(seed)
    items = []
    for i in range(count):
        when = START + timedelta(seconds=20 * (count - i))
        items.append(
            f"<item><title>Update {i}: {_xml(_sentence(rng, 7))}</title>"
            f"<link>{PAGE_URL}#post-{i}</link>"
            f'<guid isPermaLink="false">post-{i}</guid>'
            f"<pubDate>{format_datetime(when)}</pubDate>"
            f"<dc:creator>{AUTHORS[i % len(AUTHORS)]}</dc:creator>"
            f"<category>Weather</category>"
            f"<description>{feed_description(rng, i)}</description>"
            + (
                f'<enclosure url="https://img.news.example/{i}.jpg" type="image/jpeg" '
                'length="1000"/>'
                if i % 7 == 0
                else ""
            )
            + "</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Storm live</title><link>{PAGE_URL}</link>"
        "<description>Live coverage of the storm</description><ttl>1</ttl>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def time_parse(
    data: bytes, url: str, repeat: int, warmup: int = 1
) -> tuple[float, float, int, list[float]]:
    """(median ms, worst ms, entries, samples) of ``sources.parse`` on ``data``."""
    entries = 0
    for _ in range(warmup):
        entries = len(sources.parse(data, url).entries)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        snapshot = sources.parse(data, url)
        samples.append((time.perf_counter() - start) * 1000)
        entries = len(snapshot.entries)
        del snapshot
    return statistics.median(samples), max(samples), entries, samples


def cases(count: int) -> list[tuple[str, Callable[[], bytes | None], str]]:
    def corpus() -> bytes | None:
        return CORPUS_PAGE.read_bytes() if CORPUS_PAGE.exists() else None

    return [
        (f"JSON-LD page, {count:,} entries", lambda: jsonld_page(count), PAGE_URL),
        (f"RSS feed, {count:,} items", lambda: rss_feed(count), FEED_URL),
        ("JSON-LD corpus page (Mirror, 428)", corpus, "https://www.mirror.co.uk/news/live"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", choices=["jsonld", "feed"], help="cProfile one parse")
    args = parser.parse_args()
    if args.profile:
        import cProfile
        import pstats

        data = jsonld_page(args.entries) if args.profile == "jsonld" else rss_feed(args.entries)
        url = PAGE_URL if args.profile == "jsonld" else FEED_URL
        sources.parse(data, url)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(5):
            sources.parse(data, url)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0
    print(f"{'figure':<40} {'median ms':>10} {'worst ms':>10} {'entries':>8}")
    for name, build, url in cases(args.entries):
        data = build()
        if data is None:
            print(f"{name:<40} skipped: {CORPUS_PAGE} not present")
            continue
        median, worst, entries, _ = time_parse(data, url, args.repeat)
        print(f"{name:<40} {median:>10.1f} {worst:>10.1f} {entries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
