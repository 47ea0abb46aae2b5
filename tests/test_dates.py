from __future__ import annotations

import pytest

from tui_liveblog.dates import iso, parse_any, parse_epoch, parse_iso, parse_net_date, parse_rfc822


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-15T11:50:54.000Z", "2023-05-15T11:50:54+00:00"),
        ("2023-05-15T11:50:54+0000", "2023-05-15T11:50:54+00:00"),
        ("2024-07-18T10:00:00+01:00", "2024-07-18T09:00:00+00:00"),
        ("2024-07-18T10:00:00-0530", "2024-07-18T15:30:00+00:00"),
        ("2024-07-18 10:00:00", "2024-07-18T10:00:00+00:00"),
        ("2003-12-13", "2003-12-13T00:00:00+00:00"),
        ("20031213T18:30:02Z", "2003-12-13T18:30:02+00:00"),
        ("2023-02-30T00:00:00Z", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_iso(value: str, expected: str | None) -> None:
    assert iso(parse_iso(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01+00:00"),
        ("Sat, 07 Sep 2002 00:00:01 EST", "2002-09-07T05:00:01+00:00"),
        ("Sat, 07 Sep 2002 00:00:01 +0200", "2002-09-06T22:00:01+00:00"),
        ("7 Sep 02 00:00 -0500", "2002-09-07T05:00:00+00:00"),
        ("Sat, 7 September 2002 10:00:00 PDT", "2002-09-07T17:00:00+00:00"),
        ("Sat, 07 Foo 2002 00:00:01 GMT", None),
        # read by email.utils, whose datetime() overflowed (found by the property tests)
        ("Tue, 253402300800 Mar 2024 19:30:00 +0000", None),
        ("Tue, 5 Mar 2024 19:30:00 +99999999999999999999", None),
    ],
)
def test_parse_rfc822(value: str, expected: str | None) -> None:
    assert iso(parse_rfc822(value)) == expected


def test_epochs_and_net_dates() -> None:
    assert iso(parse_epoch(1398419894)) == "2014-04-25T09:58:14+00:00"
    assert iso(parse_epoch(1398419894000)) == "2014-04-25T09:58:14+00:00"
    assert iso(parse_net_date("/Date(1398419894000+0000)/")) == "2014-04-25T09:58:14+00:00"
    assert parse_epoch("nan") is None
    assert parse_epoch(True) is None


def test_parse_any_js_date_string() -> None:
    value = "Mon May 15 2023 11:50:54 GMT+0000 (Coordinated Universal Time)"
    assert iso(parse_any(value)) == "2023-05-15T11:50:54+00:00"
    assert iso(parse_any("1398419894")) == "2014-04-25T09:58:14+00:00"
    assert parse_any(["x"]) is None


def test_net_date_of_absurd_length_is_no_date() -> None:
    from tui_liveblog.dates import parse_any

    assert parse_any("/Date(" + "9" * 400 + ")/") is None  # was an OverflowError
    assert parse_any("/Date(" + "9" * 5000 + "+0000)/") is None  # was a ValueError
    assert parse_any("/Date(1398419894000+0000)/") is not None


def test_an_integer_too_large_for_a_float_is_no_date() -> None:
    """Found by the soak run of the property tests: a JSON-LD ``datePublished`` of 330 digits
    (JSON integers have no limit) raised OverflowError from ``float()``."""
    huge = 10**400 + 7  # (floats end near 1.8e308)
    assert parse_epoch(huge) is None
    assert parse_any(huge) is None
    assert parse_any(-huge) is None


def test_a_jsonld_update_dated_with_a_huge_integer_is_kept_undated() -> None:
    import json

    from tui_liveblog import sources

    page = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Count live",
        "liveBlogUpdate": [
            {"@type": "BlogPosting", "@id": "u1", "headline": "One", "datePublished": 10**400},
            {"@type": "BlogPosting", "@id": "u2", "headline": "Two", "articleBody": "Seat."},
        ],
    }
    data = f'<script type="application/ld+json">{json.dumps(page)}</script>'.encode()
    snapshot = sources.parse(data, "https://count.example/live")
    assert sorted((e.title or "", e.published) for e in snapshot.entries) == [
        ("One", None),
        ("Two", None),
    ]
