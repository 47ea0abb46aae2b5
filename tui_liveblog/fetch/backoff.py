"""How long to wait before trying a failed request again (used by :mod:`.client`).

Polite waits: exponential backoff with *equal* jitter (half the step fixed, half random: never
the near-zero waits of full jitter), a ``Retry-After`` honoured as the least wait, never sooner
than :data:`MIN_RETRY`, and never sooner than the refresh interval after a 429 (the server said
"too many requests": coming back faster than the user's own pace would be rude).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from tui_liveblog.fetch.http import _http_date

MIN_RETRY = 1.0  # seconds: no retry ever comes sooner
MAX_RETRY_AFTER = 24 * 3600.0  # seconds: the longest Retry-After read as it is
# the "come back later" answers: too many requests, service unavailable
BUSY = frozenset({429, 503})


def equal_jitter(
    attempt: int, base: float, cap: float, rand: Callable[[float, float], float]
) -> float:
    """The wait before retry number ``attempt + 1``: the step ``min(cap, base * 2**attempt)``,
    half of it fixed and half drawn from ``rand(0, step / 2)``, at least :data:`MIN_RETRY`."""
    step = min(cap, base * 2.0 ** min(attempt, 30))
    return max(MIN_RETRY, step / 2 + rand(0.0, step / 2))


def retry_wait(
    attempt: int,
    *,
    status: int | None,
    retry_after: float | None,
    base: float,
    cap: float,
    rate_floor: float,
    rand: Callable[[float, float], float],
) -> float:
    """The wait before retrying a request that failed with ``status`` (None: no answer came):
    the jittered backoff, or the server's ``Retry-After`` when that is longer, and for a 429
    at least ``rate_floor`` (the refresh interval)."""
    wait = equal_jitter(attempt, base, cap, rand)
    if retry_after is not None:
        wait = max(wait, retry_after)
    if status == 429:
        wait = max(wait, rate_floor)
    return wait


def _now() -> float:
    """Wall-clock time, for ``Retry-After`` dates (a seam for tests)."""
    return time.time()


def parse_retry_after(value: str | None, date_header: str | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or an HTTP-date), else None.

    An HTTP-date is measured from the response's ``Date`` header when there is one (immune to
    clock skew between us and the server), else from our clock. Never negative, at most a day.
    """
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return min(float(value), MAX_RETRY_AFTER)
    when = _http_date(value)
    if when is None:
        return None
    base = _http_date(date_header) if date_header else None
    delay = when - (base if base is not None else _now())
    return min(max(delay, 0.0), MAX_RETRY_AFTER)
