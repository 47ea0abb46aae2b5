"""The feed parser's fast paths give what the general code gives (issue 12): RSS dates read by
position (:mod:`tui_liveblog.sources.feed.dates`) against :mod:`tui_liveblog.dates`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ACCEPTANCE, CORPUS
from tui_liveblog.dates import parse_any, parse_iso, parse_rfc822
from tui_liveblog.sources.feed.dates import _rfc822_shape, feed_date


def general(value: str) -> datetime | None:
    """What the feed parser read before it had a fast path."""
    return parse_iso(value) or parse_rfc822(value) or parse_any(value)


def same(value: str) -> None:
    value = value.strip()
    if not value:
        return
    expected, got = general(value), feed_date(value)
    assert got == expected, value
    if got is not None and expected is not None:
        assert got.tzinfo == expected.tzinfo and got.utcoffset() == expected.utcoffset()


ODD = [
    "Tue, 24 Nov 2026 06:00:00 +0000",
    "Tue, 24 Nov 2026 06:00:00 -0000",
    "Tue, 24 Nov 2026 06:00:00 GMT",
    "Tue, 24 Nov 2026 06:00:00 +0130",
    "Tue, 24 Nov 2026 06:00:00 -0930",
    "Tue, 24 Nov 2026 06:00:00 +2400",  # offset out of range
    "Tue, 24 Nov 2026 06:00:00 +0060",
    "Tue, 24 Nov 2026 06:00:00 +01:0",
    "Tue, 24 Nov 2026 06:00:00 EST",
    "Tue, 24 Nov 2026 06:00:00 Z  ",
    "Tue, 31 Feb 2026 06:00:00 +0000",  # no such day
    "Tue, 24 Nov 2026 24:00:00 +0000",
    "Tue, 24 Nov 2026 23:59:60 +0000",
    "Tue, 24 NOV 2026 06:00:00 +0000",  # month in capitals
    "Tue, 24 nov 2026 06:00:00 +0000",
    "Tue, 24 Xyz 2026 06:00:00 +0000",
    "Tue, 24 Nov 1969 23:00:00 -0200",  # before 1970 in UTC? (no: 1970-01-01 01:00)
    "Wed, 31 Dec 1969 23:00:00 +0000",  # before 1970
    "Fri, 31 Dec 2200 23:59:59 -0100",  # after 2200 in UTC
    "Mon, 01 Jan 0001 00:00:00 +0100",  # overflows
    "Tue, 24 Nov 2026 06:00:00 +0000 ",
    "Tue, 24 Nov 2026 06:00:00 +٠١٠٠",  # Arabic-Indic digits
    "Tue, ٢٤ Nov 2026 06:00:00 +0000",
    "Tue, 24 Nov ２０２６ 06:00:00 +0000",  # full-width digits
    "Tu1, 24 Nov 2026 06:00:00 +0000",
    "Tue; 24 Nov 2026 06:00:00 +0000",
    "Tue, 24-Nov-2026 06:00:00 +0000",
    "Tue, 24 Nov 2026T06:00:00 +0000",
    "Tue, 24 Nov 2026 06:00:00 +00000",
    "Tue, 4 Nov 2026 06:00:00 +0000",
    "Tue,  4 Nov 2026 06:00:00 +0000",
    "Tue, 24 Nov 26 06:00:00 +0000",
    "2026-11-24T06:00:00Z",
    "2026-11-24T06:00:00+01:00",
    "١٢٣٤-11-24T06:00:00Z",
    "1700000000",
    "Mon May 15 2023 11:50:54 GMT+0100 (British Summer Time)",
    "/Date(1398419894000+0000)/",
    "yesterday",
    "Tue, 24 Nov 2026 06:00:00 +0000 (UTC)",
]


def test_the_rss_shape_read_by_position_is_read_as_the_general_code_reads_it() -> None:
    for value in ODD:
        same(value)
    assert _rfc822_shape("Tue, 24 Nov 2026 06:00:00 +0130") is not None  # (the fast path is taken)
    assert _rfc822_shape("Tue, 24 Nov 2026 06:00:00 GMT") is not None
    start = datetime(1969, 12, 30, tzinfo=UTC)
    for n in range(0, 3000):
        when = start + timedelta(days=n * 29, seconds=n * 7919)
        for zone in (UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))):
            same(format_datetime(when.astimezone(zone)))
            same(format_datetime(when.astimezone(zone), usegmt=zone is UTC))


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from("0123456789 ,:+-ADFGJMNOSTaceglnoprtuvy٢２"), max_size=31), st.data()
)
def test_any_text_near_the_shape_is_read_as_the_general_code_reads_it(
    chars: list[str], data: st.DataObject
) -> None:
    base = "Tue, 24 Nov 2026 06:00:00 +0000"
    at = data.draw(st.integers(0, len(base)))
    same(base[:at] + "".join(chars)[: len(base) - at] + base[at + len(chars) :])
    same("".join(chars))


def test_every_date_in_the_corpus_feeds_is_read_as_the_general_code_reads_it() -> None:
    date = re.compile(
        rb"<(?:\w+:)?(?:pubDate|date|published|updated|issued|modified)>([^<]{1,80})<"
    )
    seen = 0
    for root in (CORPUS, ACCEPTANCE):
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if path.is_file() and path.suffix != ".md":
                for m in date.finditer(path.read_bytes()):
                    same(m.group(1).decode("utf-8", "replace"))
                    seen += 1
    assert seen > 50 or not CORPUS.is_dir()
