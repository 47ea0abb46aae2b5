"""Times as pages show them: visible date/time text and machine-readable attributes.

Visible forms read (English month names, and the full month names of de/fr/it/es/pt/nl):
``6/15/2014 3:16:44 PM``, ``15.06.2014 15:16``, ``15 June 2014 15:16``, ``Sun 15 Jun 2014
15.16 BST``, ``June 15, 2014 at 3:16 pm``, ``2014-06-15 15:16``, a time alone (``15:16``,
``15:16 BST``, ``3.16pm``, ``3pm``; dotted times need am/pm or a zone) and a date alone (a day
heading; a date without its year takes the page's year). Numeric dates are month-first or
day-first as the page's own dates show (a field above 12 decides; else am/pm means US order).
Zones: abbreviations (GMT, BST, CET, EST/EDT, PST…; ET/PT/CT/MT by the date's daylight saving),
``GMT+1``/``UTC-05:00`` and ``+01:00``. Part of :mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from tui_liveblog.dates import parse_any

_MONTH_NAMES: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "jan january januar jänner januari janvier gennaio enero janeiro",
        "feb february februar februari février fevrier febbraio febrero fevereiro",
        "mar march märz maerz maart mars marzo março",
        "apr april avril aprile abril",
        "may mai mei maggio mayo maio",
        "jun june juni juin giugno junio junho",
        "jul july juli juillet luglio julio julho",
        "aug august augustus août aout agosto",
        "sep sept september septembre settembre septiembre setiembre setembro",
        "oct october oktober octobre ottobre octubre outubro",
        "nov november novembre noviembre novembro",
        "dec december dezember décembre decembre dicembre diciembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTH_NAMES[_name] = _n
_MONTH = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))

_FIXED: dict[str, float] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "BST": 1, "IST": 5.5, "WEST": 1, "CET": 1,
    "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4,
    "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
    "HST": -10, "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5, "AWST": 8, "NZST": 12,
    "NZDT": 13, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "PHT": 8,
}  # fmt: skip
# US zones named without S/D: standard or daylight time by the date (US rules since 2007)
_US_GENERIC = {"ET": -5, "CT": -6, "MT": -7, "PT": -8}
_ZONE = (  # case-sensitive: "et" is French for "and"
    r"(?-i:(?P<zone>(?:GMT|UTC)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?|[+\-−]\d{2}:?\d{2}|"
    + "|".join(sorted([*_FIXED, *_US_GENERIC], key=len, reverse=True))
    + r"))(?![\w+\-])"
)

_TIME = re.compile(
    r"(?<![\d:.,/])(?P<h>\d{1,2})(?:(?P<sep>[:.h])(?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
    r"(?:\s?(?P<ampm>[ap]\.?\s?m\b\.?))?(?![\d:])"
    r"(?:\s?\(?" + _ZONE + r"\)?)?",
    re.IGNORECASE,
)
_DATE_DMY = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s?(?:of\s|de\s)?(?P<mon>"
    + _MONTH
    + r")\b\.?"
    r"(?:,?\s(?:de\s)?(?P<y>\d{4})\b)?",
    re.IGNORECASE,
)
_DATE_MDY = re.compile(
    r"\b(?P<mon>"
    + _MONTH
    + r")\b\.?\s(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s(?P<y>\d{4})\b)?",
    re.IGNORECASE,
)
_DATE_NUM = re.compile(
    r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/])"
)
_DATE_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_GAP = re.compile(
    r"^[\s,|·•–—\-@/]*(?:at|um|à|a|alle|ore|a las|às|om|kl\.?|T)?[\s,|·•–—\-@/]*$", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A date and/or time found in a text: the date still unresolved (see :func:`resolve`)."""

    start: int
    end: int
    ymd: tuple[int | None, int, int] | None = None  # year may be missing
    numeric: tuple[int, int, int] | None = None  # an a/b/year date whose order is unsure
    hms: tuple[int, int, int] | None = None
    ampm: bool = False
    zone: str | None = None

    @property
    def has_time(self) -> bool:
        return self.hms is not None

    @property
    def has_date(self) -> bool:
        return self.ymd is not None or self.numeric is not None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return y + 2000 if y < 70 else y + 1900 if y < 100 else y


def _dates(text: str) -> list[Stamp]:
    found: list[Stamp] = []
    for m in _DATE_ISO.finditer(text):
        found.append(Stamp(m.start(), m.end(), ymd=(int(m["y"]), int(m["m"]), int(m["d"]))))
    for m in _DATE_NUM.finditer(text):
        a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
        assert y is not None
        if m["sep"] == ".":
            found.append(Stamp(m.start(), m.end(), ymd=(y, b, a)))
        else:
            found.append(Stamp(m.start(), m.end(), numeric=(a, b, y)))
    for pattern in (_DATE_DMY, _DATE_MDY):
        for m in pattern.finditer(text):
            mon = _MONTH_NAMES.get(m["mon"].lower())
            if mon is not None:
                found.append(Stamp(m.start(), m.end(), ymd=(_year(m["y"]), mon, int(m["d"]))))
    found.sort(key=lambda s: (s.start, -s.end))
    out: list[Stamp] = []
    for s in found:  # overlapping matches: the first (longest) one
        if not out or s.start >= out[-1].end:
            out.append(s)
    return out


def _times(text: str, dates: list[Stamp]) -> list[Stamp]:
    out: list[Stamp] = []
    for m in _TIME.finditer(text):
        if any(d.start <= m.start() < d.end for d in dates):
            continue
        h, ampm, zone, sep = int(m["h"]), m["ampm"], m["zone"], m["sep"]
        if m["m"] is None and not ampm:
            continue  # a bare number
        if sep == "." and not (ampm or zone):
            continue  # 3.16 may be a price or a score
        minute, second = int(m["m"] or 0), int(m["s"] or 0)
        if ampm:
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if ampm[0].lower() == "p" else 0)
        if h > 23 or minute > 59 or second > 59:
            continue
        end = m.end() if zone else m.end("ampm") if ampm else m.end("m")
        out.append(Stamp(m.start(), end, hms=(h, minute, second), ampm=bool(ampm), zone=zone))
    return out


_ZEROS = str.maketrans("123456789", "000000000")
_QUICK = ("0:00", "0.00", "0/0", "0h00", "0-00-", "0am", "0pm", "0 am", "0 pm", "0 a.m", "0 p.m")
_MONTH_WORDS = frozenset(_MONTH_NAMES)


def maybe_stamp(text: str, low: str) -> bool:
    """A cheap test before :func:`find_stamps` (which runs several regular expressions)."""
    if not _DIGIT.search(text):
        return False
    zeros = text.translate(_ZEROS)
    if any(q in zeros for q in _QUICK) or "000000000" in zeros:
        return True
    return not _MONTH_WORDS.isdisjoint(low.replace(",", " ").replace(".", " ").split())


def find_stamps(text: str) -> list[Stamp]:
    """Dates, times and date-times in ``text``, in order (adjacent date and time joined)."""
    if not _DIGIT.search(text):
        return []
    dates = _dates(text)
    times = _times(text, dates)
    if not dates:
        return times
    if not times:
        return dates
    out: list[Stamp] = []
    used: set[int] = set()
    for d in dates:
        joined = None
        for k, t in enumerate(times):
            if k in used:
                continue
            gap = text[d.end : t.start] if t.start >= d.end else text[t.end : d.start]
            if len(gap) <= 8 and _GAP.match(gap):
                joined = k
                break
        if joined is None:
            out.append(d)
            continue
        used.add(joined)
        t = times[joined]
        out.append(
            Stamp(min(d.start, t.start), max(d.end, t.end), d.ymd, d.numeric, t.hms, t.ampm, t.zone)
        )
    out.extend(t for k, t in enumerate(times) if k not in used)
    out.sort(key=lambda s: s.start)
    return out


def numeric_order(stamps: list[Stamp]) -> bool:
    """True when the page writes numeric dates day first (15/6/2014), False for US order."""
    pairs = [s for s in stamps if s.numeric is not None]
    if any(s.numeric is not None and s.numeric[0] > 12 for s in pairs):
        return True
    if any(s.numeric is not None and s.numeric[1] > 12 for s in pairs):
        return False
    return not any(s.ampm for s in pairs)


def _us_dst(day: date) -> bool:
    """US daylight saving time: second Sunday of March to first Sunday of November."""
    march = date(day.year, 3, 8)
    start = march + timedelta(days=(6 - march.weekday()) % 7)
    nov = date(day.year, 11, 1)
    end = nov + timedelta(days=(6 - nov.weekday()) % 7)
    return start <= day < end


def zone_of(name: str | None, day: date | None = None) -> tzinfo | None:
    """A stated zone (abbreviation or offset) → tzinfo; None when it cannot be mapped."""
    if not name:
        return None
    text = name.strip().replace("−", "-").replace(" ", "").upper()
    if text in _FIXED:
        return timezone(timedelta(hours=_FIXED[text]))
    if text in _US_GENERIC:
        hours = _US_GENERIC[text] + (1 if day is not None and _us_dst(day) else 0)
        return timezone(timedelta(hours=hours))
    for prefix in ("GMT", "UTC"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    if text[:1] not in ("+", "-"):
        return None
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if not digits.isdigit():
        return None
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def stamp_date(stamp: Stamp, day_first: bool, year: int | None) -> date | None:
    """The calendar date a stamp names (``year`` fills a missing one), or None."""
    if stamp.numeric is not None:
        a, b, full_year = stamp.numeric
        d, m = (a, b) if day_first else (b, a)
        ymd: tuple[int | None, int, int] = (full_year, m, d)
    elif stamp.ymd is not None:
        ymd = stamp.ymd
    else:
        return None
    y = ymd[0] if ymd[0] is not None else year
    if y is None:
        return None
    try:
        return date(y, ymd[1], ymd[2])
    except ValueError:
        return None


def combine(day: date, stamp: Stamp, default_tz: tzinfo) -> datetime | None:
    """``day`` at the stamp's time (midnight for a date alone), in its zone, as UTC."""
    h, m, s = stamp.hms or (0, 0, 0)
    zone = zone_of(stamp.zone, day) or default_tz
    try:
        when = datetime(day.year, day.month, day.day, h, m, s, tzinfo=zone)
    except ValueError:
        return None
    if not 1970 <= when.year <= 2200:
        return None
    return when.astimezone(UTC)


# -- machine-readable times -----------------------------------------------------------------

STAMP_ATTRS = frozenset(
    {
        "data-timestamp", "data-time", "data-utime", "data-epoch", "data-datetime",
        "data-published", "data-published-at", "data-publish-time", "data-created",
        "data-created-at", "data-posted", "data-post-time", "data-date", "data-updated",
        "data-updated-at", "data-modified", "data-last-modified",
    }
)  # fmt: skip
_DATE_PROPS = frozenset({"datepublished", "datecreated", "datemodified", "uploaddate"})
_HAS_TIME = re.compile(r"\d[T\s]\d{1,2}:\d{2}|^\s*\d{9,}\s*$|\d:\d{2}")


@dataclass(frozen=True, slots=True)
class AttrStamp:
    """A machine-readable time on an element: the raw value (read later in the page's zone)."""

    value: str
    updated: bool  # names a modification rather than the publication
    has_time: bool


def attr_stamp(tag: str, attrs: dict[str, Any]) -> AttrStamp | None:
    """``<time datetime>``, ``data-timestamp``-like attributes, microdata and hAtom times."""
    value: str | None = None
    updated = False
    if tag == "time" or "time" in tag:  # also amp-timeago, relative-time, local-time…
        value = attrs.get("datetime") or None
    if value is None:
        prop = (attrs.get("itemprop") or "").lower()
        if prop in _DATE_PROPS:
            value = attrs.get("content") or attrs.get("datetime") or None
            updated = prop == "datemodified"
    if value is None and tag == "abbr":
        cls = (attrs.get("class") or "").lower()
        if "published" in cls or "updated" in cls:
            value = attrs.get("title") or None
            updated = "updated" in cls and "published" not in cls
    if value is None:
        for name, raw in attrs.items():
            if raw and name in STAMP_ATTRS:
                value = raw
                updated = "updat" in name or "modif" in name
                break
    if not value or len(value) > 80:
        return None
    value = value.strip()
    if value.isdigit() and len(value) not in (10, 13):
        return None  # not epoch seconds or milliseconds of this century (a count, a duration)
    if parse_any(value) is None:
        return None
    if "time" in tag and not updated:
        marker = " ".join(str(attrs.get(k) or "") for k in ("class", "itemprop", "title")).lower()
        updated = "updat" in marker or "modif" in marker or "edit" in marker
    return AttrStamp(value, updated, bool(_HAS_TIME.search(value)))


_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def attr_day(stamp: AttrStamp) -> date | None:
    """The local calendar date of a machine-readable time (for times shown without a date)."""
    m = _ISO_DAY.match(stamp.value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    when = parse_any(stamp.value)
    return when.date() if when else None


def read_attr(stamp: AttrStamp, default_tz: tzinfo) -> datetime | None:
    return parse_any(stamp.value, default_tz)
