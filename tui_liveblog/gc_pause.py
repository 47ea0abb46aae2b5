"""Keeping the cyclic garbage collector off while thousands of small acyclic objects are built
(a parse, a cache load): one helper, safe across threads and nesting."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # pauses under way (parses and cache loads may run in worker threads)
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off while a document is turned into entries.

    A parse allocates hundreds of thousands of containers (JSON values, elements, spans,
    entries) that hold no reference cycles to reclaim, so every collection it triggers is
    wasted, and the gen-2 ones walk every object the process holds (a reader with 50k
    entries: tens of milliseconds, at a random moment in the parse). With the collector
    paused the new objects are looked at once, by the first young-generation collection after
    the parse. Nesting and concurrent pauses are counted; the collector is switched back on
    by the last one out, and only if it was on before the first one came in.
    """
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
