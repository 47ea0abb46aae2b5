from __future__ import annotations

import pytest

from tui_liveblog.sanitize import clean_line, clean_text, safe_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "plain"),
        ("red \x1b[31mtext\x1b[0m", "red text"),
        ("link \x1b]8;;http://evil\x07here\x1b]8;;\x07", "link here"),
        ("osc st \x1b]0;title\x1b\\done", "osc st done"),
        ("dcs \x1bPq#0;2;0;0;0\x1b\\x", "dcs x"),
        ("c1 \x9b31mcsi", "c1 csi"),
        ("bell\x07 nul\x00 del\x7f", "bell nul del"),
        ("bidi \u202egnp.exe\u202c", "bidi gnp.exe"),
        ("isolate \u2066x\u2069", "isolate x"),
        ("keep\ttab\nnewline", "keep\ttab\nnewline"),
        ("crlf\r\nline", "crlf\nline"),
        ("lone esc \x1b", "lone esc "),
        # an unterminated string sequence loses its introducer, not the rest of the text
        ("osc \x1b]0;never ended\nnext line", "osc 0;never ended\nnext line"),
        ("osc \x1b]0;t\x1b[31m red", "osc 0;t red"),
        # 8-bit introducers are single controls (mojibake "”" ends in U+009D)
        ("\u00e2\x80\x9dquote\u00e2\x80\x9c kept", "\u00e2quote\u00e2 kept"),
        ("dcs8 \x90q payload\x9c", "dcs8 q payload"),
        ("[bold red]markup stays[/]", "[bold red]markup stays[/]"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_line_collapses_whitespace() -> None:
    assert clean_line("  a \n b\t\x1b[1mc  ") == "a b c"


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("https://example.org/a", None, "https://example.org/a"),
        ("/x?y=1", "https://example.org/blog/", "https://example.org/x?y=1"),
        ("rel", "https://example.org/blog/", "https://example.org/blog/rel"),
        ("mailto:desk@example.org", None, "mailto:desk@example.org"),
        ("javascript:alert(1)", None, None),
        ("JavaScript:alert(1)", "https://example.org/", None),
        (" java\x00script:alert(1)", None, None),
        ("data:text/html,<script>", None, None),
        ("file:///etc/passwd", None, None),
        ("ftp://example.org/f", None, None),
        ("https://", None, None),
        ("", None, None),
        (None, None, None),
        ("https://example.org/it's here", None, "https://example.org/it%27s%20here"),
    ],
)
def test_safe_url(href: str | None, base: str | None, expected: str | None) -> None:
    assert safe_url(href, base) == expected


def test_redact_url_hides_credentials_only() -> None:
    from tui_liveblog.sanitize import redact_url

    url = "https://content.guardianapis.com/x?show-blocks=all&api-key=s3cret&format=json"
    assert redact_url(url) == (
        "https://content.guardianapis.com/x?show-blocks=all&api-key=***&format=json"
    )
    assert redact_url("https://apiv1.example/event/1?Token=abc#x") == (
        "https://apiv1.example/event/1?Token=***#x"
    )
    assert redact_url("https://example.org/live?page=2") == "https://example.org/live?page=2"


async def test_fetch_errors_and_the_debug_log_never_show_an_api_key() -> None:
    import httpx

    from tui_liveblog.errors import FetchError
    from tui_liveblog.fetch import Fetcher

    lines: list[str] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(500, content=b"down"))
    fetcher = Fetcher(transport=transport, retries=0, log=lines.append)
    try:
        await fetcher.fetch("https://api.example/item?api-key=s3cret")
    except FetchError as err:
        message = str(err)
    else:
        raise AssertionError("a 500 must fail")
    finally:
        await fetcher.aclose()
    assert "s3cret" not in message and "api-key=***" in message
    assert lines and not any("s3cret" in line for line in lines)
