"""The filter bar's history: earlier filters, recalled with up and down as in a shell.

Newest last, no repeats (a filter used again moves to the end), at most :data:`LIMIT`. Going
up from what is being typed keeps it: coming back down past the newest filter gives it back.
"""

from __future__ import annotations

from collections.abc import Iterable

LIMIT = 100
SETTING = "filter_history"  # the store's setting that keeps it between runs


class FilterHistory:
    __slots__ = ("_draft", "_items", "_limit", "_place")

    def __init__(self, items: Iterable[object] = (), limit: int = LIMIT) -> None:
        self._limit = limit
        self._items: list[str] = []
        self._place: int | None = None  # the filter shown, by index; None: the draft
        self._draft = ""
        for item in items:
            if isinstance(item, str):  # (what a damaged or older setting holds is skipped)
                self._add(item)

    @property
    def items(self) -> list[str]:
        return list(self._items)

    def _add(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if text in self._items:
            self._items.remove(text)
        self._items.append(text)
        del self._items[: -self._limit]

    def add(self, text: str) -> None:
        """A filter kept (enter): the newest; recalling starts again from the draft."""
        self._add(text)
        self.reset()

    def reset(self) -> None:
        self._place = None
        self._draft = ""

    def older(self, current: str) -> str | None:
        """The filter before the one shown (``current``: what the bar holds), or None."""
        if self._place is None:
            if not self._items:
                return None
            self._draft = current
            self._place = len(self._items)
        if self._place == 0:
            return None
        self._place -= 1
        return self._items[self._place]

    def newer(self) -> str | None:
        """The filter after the one shown, then what was being typed; None past that."""
        if self._place is None:
            return None
        self._place += 1
        if self._place >= len(self._items):
            self._place = None
            return self._draft
        return self._items[self._place]
