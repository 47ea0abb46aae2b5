"""How long to wait before trying a failed request again (used by :mod:`.client`).

Polite waits: exponential backoff with *equal* jitter (half the step fixed, half random: never
the near-zero waits of full jitter), a ``Retry-After`` honoured as the least wait, never sooner
than :data:`MIN_RETRY`, and never sooner than the refresh interval after a 429 (the server said
"too many requests": coming back faster than the user's own pace would be rude).
"""

from __future__ import annotations

from collections.abc import Callable

MIN_RETRY = 1.0  # seconds: no retry ever comes sooner
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
