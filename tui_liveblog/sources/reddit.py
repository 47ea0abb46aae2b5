"""Placeholder: the reddit source is being written (issue 5)."""

from __future__ import annotations

from collections.abc import Mapping

from tui_liveblog.errors import ParseError
from tui_liveblog.model import Snapshot

KIND = "reddit"


def url_matches(url: str) -> bool:
    return False


def sniff(head: bytes, content_type: str | None) -> bool:
    return False


def parse(data: bytes, url: str, headers: Mapping[str, str] | None = None) -> Snapshot:
    raise ParseError("the reddit source is not written yet")
