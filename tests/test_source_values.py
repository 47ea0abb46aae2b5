"""tui_liveblog.sources.common: numbers, web links and link bases from untrusted documents."""

from __future__ import annotations

import pytest

from tui_liveblog.content import parse_html
from tui_liveblog.sources.common import (
    http_body,
    http_url,
    link_base,
    safe_int,
    without_credentials,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, 7),
        (-7, -7),
        (7.9, 7),
        ("12", 12),
        (" 12 ", 12),
        ("-3", -3),
        ("+3", 3),
        ("640.0", 640),
        ("0007", 7),
        (10**17, 10**17),
        (10**18, None),
        ("9" * 19, None),
        ("9" * 5000, None),  # int() refuses more than 4300 digits
        ("²", None),  # str.isdigit() is true, int() refuses it
        ("1²", None),
        (" ٣ ", None),  # a decimal digit, but not an ASCII one
        ("-1e999", None),  # float() of it is -inf, which int() refuses
        ("1e5", None),
        ("0x10", None),
        ("", None),
        (float("nan"), None),
        (float("inf"), None),
        (1e308, None),
        (True, None),
        (False, None),
        (None, None),
        ([], None),
        ({}, None),
    ],
    ids=lambda v: repr(v)[:16],
)
def test_safe_int(value: object, expected: int | None) -> None:
    assert safe_int(value) == expected


def test_safe_int_max_digits() -> None:
    assert safe_int("123456789", max_digits=9) == 123456789
    assert safe_int("1234567890", max_digits=9) is None
    assert safe_int(-(10**9), max_digits=9) is None


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("https://a.example/x", None, "https://a.example/x"),
        ("HTTP://A.example/x", None, "HTTP://A.example/x"),
        ("#m", "https://a.example/p", "https://a.example/p#m"),
        ("mailto:who@a.example", None, None),
        ("MAILTO:who@a.example", None, None),
        ("javascript:alert(1)", None, None),
        ("/x", None, None),
        (5, None, None),
        (None, None, None),
    ],
)
def test_http_url(href: object, base: str | None, expected: str | None) -> None:
    assert http_url(href, base) == expected


def test_http_body_drops_non_web_media_and_keeps_their_captions() -> None:
    parsed = parse_html(
        '<p><a href="mailto:a@b.example">mail</a></p>'
        '<figure><img src="mailto:a@b.example"><figcaption>Pier</figcaption></figure>'
        '<img src="https://img.example/a.jpg"><iframe src="MAILTO:a@b.example"></iframe>'
    )
    # the body parser itself keeps no medium that is not on the web (its caption stays)
    assert [m.url for m in parsed.media] == ["https://img.example/a.jpg"]
    assert parsed.links == ("mailto:a@b.example",)
    assert "Pier" in parsed.text
    assert [b.kind for b in parsed.body] == ["p", "p", "media"]
    assert http_body(parsed) is parsed
    from dataclasses import replace

    from tui_liveblog.model import Block, Media

    odd = Media("image", "mailto:a@b.example", "Quay")  # as a source might build one itself
    mixed = replace(parsed, body=(*parsed.body, Block("media", media=odd)), media=(odd,))
    kept = http_body(mixed)
    assert kept.media == () and all(b.media is None or b.media != odd for b in kept.body)
    clean = parse_html('<p>x</p><img src="https://img.example/a.jpg">')
    assert http_body(clean) is clean


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/p/q?Token=s3cret&x=1#f", "https://a.example/p/q"),
        ("http://me:pw@a.example:8080/p?x", "http://a.example:8080/p"),
        ("HTTPS://a.example", "https://a.example/"),
        ("http://[::1]:9/e?k=v", "http://[::1]:9/e"),
        ("/tmp/file.json", None),
        ("mailto:a@b.example", None),
        ("http://", None),
    ],
)
def test_link_base(url: str, expected: str | None) -> None:
    assert link_base(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://me:pw@a.example/p?x=1&Token=s&api-key=k&apikey=k&key&y=2&sig=z#frag",
            "https://a.example/p?x=1&y=2#frag",
        ),
        ("http://a.example/p?access_token=t", "http://a.example/p"),
        ("http://a.example/p?api_key=t;page=2", "http://a.example/p?page=2"),
        ("http://a.example/p?keyword=x&tokens=2", "http://a.example/p?keyword=x&tokens=2"),
        ("http://a.example/live.json?raw_json=1", "http://a.example/live.json?raw_json=1"),
        ("/tmp/odd?token=name.json", "/tmp/odd?token=name.json"),  # a file path: as it is
    ],
)
def test_without_credentials(url: str, expected: str) -> None:
    assert without_credentials(url) == expected
