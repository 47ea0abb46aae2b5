"""Lenient date parsing for every source: ISO 8601, RFC 822/1123, epoch numbers, .NET ``/Date()/``.

All functions return timezone-aware UTC datetimes truncated to the second, or None when the
input cannot be read. A time without a zone is read in ``default_tz`` (UTC unless given).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

_ISO = re.compile(
    r"""^\s*(\d{4})-?(\d{2})-?(\d{2})
    (?:[T\s](\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?
    \s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE,
)
_NET_DATE = re.compile(r"/Date\((-?\d{1,20})([+-]\d{4})?\)/")  # (longer: no real time)
_TZ_NAMES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "IST": 5.5, "JST": 9, "AEST": 10,
    "AEDT": 11, "NZST": 12, "NZDT": 13, "HKT": 8, "SGT": 8, "MSK": 3, "WET": 0, "WEST": 1,
    "A": -1, "M": -12, "N": 1, "Y": 12,
}  # fmt: skip
_RFC822 = re.compile(
    r"""^\s*(?:[A-Za-z]{2,9},?\s*)?       # optional weekday
    (\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2,4})  # day month year
    (?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?  # time
    \s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?\s*$""",
    re.VERBOSE,
)
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}  # fmt: skip
_MIN_YEAR, _MAX_YEAR = 1970, 2200


_ZONES: dict[str, tzinfo] = {}  # zone text → tzinfo, for zones read from the text itself


def _offset(text: str | None, default_tz: tzinfo) -> tzinfo:
    if not text:
        return default_tz
    zone = _ZONES.get(text)
    if zone is not None:
        return zone
    zone = _read_offset(text, default_tz)
    if zone is not default_tz and len(_ZONES) < 1024:  # feeds repeat a handful of zones
        _ZONES[text] = zone
    return zone


def _read_offset(text: str, default_tz: tzinfo) -> tzinfo:
    name = text.upper()
    if name in _TZ_NAMES:
        return timezone(timedelta(hours=_TZ_NAMES[name]))
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if not digits.isdigit():
        return default_tz
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _finish(dt: datetime) -> datetime | None:
    try:
        dt = dt.astimezone(UTC)
    except OverflowError:  # year 1 with a positive offset, year 9999 with a negative one
        return None
    if dt.microsecond:
        dt = dt.replace(microsecond=0)
    if not _MIN_YEAR <= dt.year <= _MAX_YEAR:
        return None
    return dt


def parse_iso(value: str | None, default_tz: tzinfo = UTC) -> datetime | None:
    """ISO 8601 with or without a colon in the offset, ``Z`` with milliseconds, date only."""
    if not value or not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if not m:
        return None
    year, month, day, hour, minute, second, _frac, zone = m.groups()
    try:
        dt = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=_offset(zone, default_tz),
        )
    except ValueError:
        return None
    return _finish(dt)


def parse_rfc822(value: str | None, default_tz: tzinfo = UTC) -> datetime | None:
    """RFC 822/1123 dates, numeric or named zones (GMT, EST…), 2- or 4-digit years."""
    if not value or not isinstance(value, str):
        return None
    m = _RFC822.match(value)
    if m:
        day, mon, year, hour, minute, second, zone = m.groups()
        month = _MONTHS.get(mon.lower())
        if month is None:
            return None
        y = int(year)
        if y < 100:
            y += 2000 if y < 50 else 1900
        try:
            dt = datetime(
                y,
                month,
                int(day),
                int(hour),
                int(minute),
                int(second or 0),
                tzinfo=_offset(zone, default_tz),
            )
        except ValueError:
            return None
        return _finish(dt)
    # (the rare date the pattern above does not read: email.utils costs 20 ms to import, so
    # only a feed that needs it pays for it)
    from email.utils import parsedate_to_datetime

    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # (a day of 12 digits…)
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=default_tz)
    return _finish(dt)


def parse_epoch(value: float | int | str | None) -> datetime | None:
    """Seconds or milliseconds since the epoch (milliseconds guessed from magnitude)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # (an int of hundreds of digits)
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    if abs(number) > 1e11:  # milliseconds
        number /= 1000.0
    try:
        return _finish(datetime.fromtimestamp(number, UTC))
    except (OverflowError, OSError, ValueError):
        return None


def parse_net_date(value: str | None) -> datetime | None:
    """.NET JSON dates: ``/Date(1398419894000+0000)/``."""
    if not value or not isinstance(value, str):
        return None
    m = _NET_DATE.search(value)
    return parse_epoch(int(m.group(1)) / 1000.0) if m else None


def parse_any(value: object, default_tz: tzinfo = UTC) -> datetime | None:
    """Try every format this module knows."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_epoch(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return parse_epoch(value)
    # JS Date.toString() before RFC 822: email.utils reads its "GMT+0100" as plain GMT
    return (
        parse_iso(value, default_tz)
        or parse_net_date(value)
        or _parse_js_date(value)
        or parse_rfc822(value, default_tz)
    )


_JS_DATE = re.compile(
    r"^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+GMT([+-]\d{4})"
)


def _parse_js_date(value: str) -> datetime | None:
    """JavaScript ``Date.toString()``: ``Mon May 15 2023 11:50:54 GMT+0000 (…)``."""
    m = _JS_DATE.match(value)
    if not m:
        return None
    mon, day, year, hh, mm, ss, zone = m.groups()
    month = _MONTHS.get(mon.lower())
    if month is None:
        return None
    try:
        dt = datetime(
            int(year), month, int(day), int(hh), int(mm), int(ss), tzinfo=_offset(zone, UTC)
        )
    except ValueError:
        return None
    return _finish(dt)


def iso(dt: datetime | None) -> str | None:
    """The JSON contract's form: ISO 8601 to the second, UTC, ``+00:00``."""
    if dt is None:
        return None
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()
