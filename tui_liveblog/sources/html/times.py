"""Publication and edit times of the entry blocks.

A machine-readable time (``<time datetime>``, ``data-timestamp``…) comes first, else the
visible one. A time shown without a date takes the block's own date, else the nearest date
shown before the block on the page (a day heading, the previous post's date-time), else the
page's own date; when several blocks borrow one date and their times run past midnight (the
wrong way by over an hour for the list's order) the later ones move a day. ``updated`` is
kept only when later than ``published``. Part of :mod:`tui_liveblog.sources.html`.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from datetime import date, datetime, timedelta, tzinfo

from tui_liveblog.sources.html.block import BlockInfo, Page
from tui_liveblog.sources.html.dates import Stamp, attr_day, combine, read_attr, stamp_date
from tui_liveblog.sources.html.scan import Scan


class Days:
    """The dates shown on the page, in document order, for times shown without one."""

    def __init__(self, scan: Scan, page: Page) -> None:
        self.page = page
        days: list[tuple[int, date, int | None]] = []
        for i in sorted({*scan.stamps, *scan.attrs}):
            attr = scan.attrs.get(i)
            if attr is not None:
                day = attr_day(attr)
                if day is not None:
                    days.append((i, day, None))
            for st in scan.stamps.get(i, ()):
                day = stamp_date(st, page.day_first, page.year)
                if day is not None:
                    days.append((i, day, _secs(st) if st.hms else None))
        self.days = days
        self.index = [d[0] for d in days]

    def before(self, start: int) -> tuple[int, date | None, int | None]:
        """The nearest date shown before ``start``: (where, the date, its time of day)."""
        k = bisect_left(self.index, start)
        if k:
            return self.days[k - 1]
        return -1, self.page.day, None


def _secs(st: Stamp) -> int:
    assert st.hms is not None
    return st.hms[0] * 3600 + st.hms[1] * 60 + st.hms[2]


def resolve_times(
    days: Days, infos: list[BlockInfo], zone: tzinfo
) -> list[tuple[datetime | None, datetime | None]]:
    """(published, updated) for each block."""
    page = days.page
    out: list[tuple[datetime | None, datetime | None]] = []
    # blocks whose visible time takes a date from before them, by where that date is
    borrowed: dict[int, list[tuple[int, int]]] = {}
    pending: list[tuple[int, Stamp, date]] = []
    pending_edits: dict[int, Stamp] = {}
    for n, info in enumerate(infos):
        published: datetime | None = None
        updated: datetime | None = None
        for attr in info.attrs:
            when = read_attr(attr, zone)
            if attr.updated and updated is None:
                updated = when
            elif not attr.updated and published is None:
                published = when
        stamps = [st for st, edit in info.stamps if not edit]
        edits = [st for st, edit in info.stamps if edit]
        if published is None and stamps:
            st = stamps[0]
            day = stamp_date(st, page.day_first, page.year) or info.own_day
            if day is not None:
                published = combine(day, st, zone)
            else:
                where, ctx, secs = days.before(info.start)
                if ctx is not None:
                    pending.append((n, st, ctx))
                    borrowed.setdefault(where, []).append((n, secs if secs is not None else -1))
        if updated is None and edits:
            st = edits[0]
            day = stamp_date(st, page.day_first, page.year) or info.own_day
            if day is None and published is not None:
                day = published.astimezone(zone).date()
            if day is not None:
                updated = combine(day, st, zone)
            else:
                pending_edits[n] = st
        out.append((published, updated))
    shifts = _rollovers({n: _secs(st) for n, st, _ctx in pending}, borrowed)
    for n, st, ctx in pending:
        day = ctx + timedelta(days=shifts.get(n, 0))
        edit = pending_edits.get(n)
        out[n] = (combine(day, st, zone), combine(day, edit, zone) if edit else out[n][1])
    return [(p, u if p is not None and u is not None and u > p else None) for p, u in out]


def _rollovers(
    secs_of: dict[int, int], borrowed: dict[int, list[tuple[int, int]]]
) -> dict[int, int]:
    """Day shifts for blocks sharing one borrowed date whose times cross midnight."""
    shifts: dict[int, int] = {}
    for members in borrowed.values():
        times = [secs_of[n] for n, _s in members]
        if len(times) < 2:
            continue
        down = sum(1 for a, b in itertools.pairwise(times) if b < a)
        up = sum(1 for a, b in itertools.pairwise(times) if b > a)
        newest_first = down >= up
        anchor = members[0][1]  # the time shown with the borrowed date, if any
        previous = anchor if anchor >= 0 else times[0]
        shift = 0
        for n, _s in members:
            t = secs_of[n]
            if newest_first and t > previous + 3600:
                shift -= 1
            elif not newest_first and t + 3600 < previous:
                shift += 1
            shifts[n] = shift
            previous = t
    return shifts
