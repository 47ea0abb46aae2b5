"""Feed dates: the RSS ``pubDate`` shape read without a regular expression.

Nearly every RSS date is written ``Tue, 24 Nov 2026 06:00:00 +0000`` (or ``… GMT``).
:func:`feed_date` reads that exact shape by position, and hands anything else to
:mod:`tui_liveblog.dates` (ISO 8601, then RFC 822, then every format it knows), so the result
is always the one :func:`~tui_liveblog.dates.parse_iso` / ``parse_rfc822`` / ``parse_any``
give: a test holds the two equal. Part of :mod:`tui_liveblog.sources.feed`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

from tui_liveblog.dates import _finish, parse_any, parse_iso, parse_rfc822

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}
_ZONES: dict[str, tzinfo] = {"GMT": UTC}  # "+0100" → its offset (a feed repeats a few)


def feed_date(value: str) -> datetime | None:
    """A date element's text (stripped, not empty) → UTC datetime, or None."""
    if not value[0].isdecimal():  # (ISO 8601 starts with its year)
        fast = _rfc822_shape(value)
        if fast is not None:
            return fast
        return parse_rfc822(value) or parse_any(value)
    return parse_iso(value) or parse_rfc822(value) or parse_any(value)


def _rfc822_shape(v: str) -> datetime | None:
    """``Www, DD Mmm YYYY HH:MM:SS +HHMM`` or ``… GMT``, read by position; None for any other
    text, and for a date that is not plain (the general reader decides those)."""
    n = len(v)
    if n == 31:
        zone_text = v[26:]
        if v[25] != " " or zone_text[0] not in "+-":
            return None
    elif n == 29:
        zone_text = v[26:]
        if v[25] != " " or zone_text != "GMT":
            return None
    else:
        return None
    if v[3:5] != ", " or v[7] != " " or v[11] != " " or v[16] != " ":
        return None
    if v[19] != ":" or v[22] != ":" or not v.isascii() or not v[:3].isalpha():
        return None
    month = _MONTHS.get(v[8:11])
    digits = v[5:7] + v[12:16] + v[17:19] + v[20:22] + v[23:25]
    if month is None or not digits.isdigit():
        return None
    zone = _ZONES.get(zone_text)
    if zone is None:
        zone = _offset(zone_text)
        if zone is None:
            return None
    try:
        dt = datetime(
            int(v[12:16]), month, int(v[5:7]), int(v[17:19]), int(v[20:22]), int(v[23:25]),
            tzinfo=zone,
        )  # fmt: skip
    except ValueError:
        return None
    return _finish(dt)


def _offset(text: str) -> tzinfo | None:
    """``+HHMM`` → its zone (kept for the next date), or None when it is not a plain one."""
    digits = text[1:]
    if not digits.isdigit():
        return None
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    sign = -1 if text[0] == "-" else 1
    zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    if len(_ZONES) < 256:
        _ZONES[text] = zone
    return zone
