"""The reader's state and decisions, without a widget: what the timeline shows, and where.

:class:`ReaderState` holds every known entry (newest first), the filter (its query and the
key-events flag), the filter's index and its incremental cache, and merges new and changed
entries in: it says what the timeline is to show, and whether new entries are a simple prepend
or the timeline must be rebuilt. :func:`anchor_before` and :func:`place_after` decide, from the
timeline's geometry as plain numbers (:class:`View`), where the view goes after a rebuild and how
many arrivals went in above it; :func:`prepend_goes_above` decides it for a prepend.

:class:`~tui_liveblog.ui.reader_contents.ReaderContents` asks, and applies the answers to the
widgets. Nothing here imports Textual or Rich (tests/test_layers.py checks it): it is tested
without a terminal (tests/test_reader_state.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from tui_liveblog.filter_query import FilterQuery
from tui_liveblog.model import Entry, sort_entries
from tui_liveblog.ui.filter_index import FilterIndex

RECENT_RESULTS = 12  # filter results kept by query (backspace finds the result it had)


@dataclass(frozen=True, slots=True)
class Changes:
    """What merging new and changed entries did (:meth:`ReaderState.apply_changes`)."""

    changed: dict[str, Entry]  # the changed entries, by id
    fresh: list[Entry]  # the new entries, newest first
    rebuild: bool  # the timeline is refiltered (else the shown new ones are prepended)
    shown: list[Entry] = field(default_factory=list)  # (a prepend) the new entries it shows


class ReaderState:
    """Every known entry, the filter and its results (see the module docstring)."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []  # every known entry, newest first
        self.index = FilterIndex()  # what the filter searches besides entry.text
        self.query = FilterQuery()  # the filter, parsed (its terms folded)
        self.key_only = False  # key events only
        self.watch: tuple[
            str, ...
        ] = ()  # the watch words, folded (:func:`~tui_liveblog.alerts.watch_terms`)
        self.watch_only = False  # entries with a watch word only (``w``)
        # the filter's last result (what the timeline shows) and a few recent ones, by query:
        # typing on narrows the last result, backspace finds the result it had
        self._last: tuple[FilterQuery, tuple[bool, bool], list[Entry]] | None = None
        self._recent: dict[tuple[FilterQuery, tuple[bool, bool]], list[Entry]] = {}

    @property
    def filtering(self) -> bool:
        """Is anything filtered out (a filter, key events only, watch matches only)?"""
        return bool(self.query) or self.key_only or self.watch_only

    @property
    def _views(self) -> tuple[bool, bool]:
        """The views that narrow the filter: key events only, watch matches only."""
        return (self.key_only, self.watch_only)

    def matches(self, entry: Entry) -> bool:
        if self.key_only and not entry.key_event:
            return False
        if self.watch_only and not self.index.any_of([entry], self.watch):
            return False
        return self.index.matches(entry, self.query)

    def replace_all(self, entries: list[Entry], index: FilterIndex) -> None:
        """Every entry replaced (``index``: their filter index, or an empty one to fill as
        they are first filtered). Call :meth:`refilter` next."""
        self.entries = entries
        self.index = index
        self.forget_results()

    def forget_results(self) -> None:
        """The entries changed: earlier filter results no longer hold."""
        self._last = None
        self._recent.clear()

    def forget_last(self) -> None:
        """The last result is not to be narrowed or kept as it is (a view turned: key events,
        watch matches)."""
        self._last = None

    def refilter(self) -> list[Entry] | None:
        """Filter again: the entries the timeline is to show, newest first, or None when they
        are the same entries it shows (it keeps them, and its place).

        Typing more of a word only narrows: the last result is filtered, not everything, by the
        terms it was not already filtered by; a recent query's result is reused as it was.
        """
        query, views = self.query, self._views
        key_only, watch_only = views
        previous = self._last
        source: list[Entry] | None = None
        recent = self._recent
        cached = recent.pop((query, views), None)
        if not query and not any(views):
            shown = self.entries
            recent.clear()  # the filter is off: let the results go
        elif cached is not None:
            shown = cached
        else:
            source = self.entries
            todo, only_key, only_watch = query, key_only, watch_only
            if (
                previous is not None
                and previous[1] == views
                and previous[0]
                and query.narrows(previous[0])
            ):
                source = previous[2]
                todo = query.without(previous[0])
                only_key = only_watch = False  # already applied
            if only_watch:
                source = self.index.any_of(source, self.watch)
            shown = self.index.filter(source, todo, key_only=only_key)
        same = previous is not None and (
            shown is previous[2] or (source is previous[2] and len(shown) == len(source))
        )
        if previous is not None and same:
            shown = previous[2]
        self._last = (query, views, shown)
        if query or any(views):
            recent[(query, views)] = shown
            while len(recent) > RECENT_RESULTS:
                del recent[next(iter(recent))]
        return None if same else shown

    def apply_changes(self, new: Iterable[Entry], changed: Iterable[Entry]) -> Changes:
        """Merge new and changed (edited, deleted) entries in, in order.

        New entries all newer than every known one (and dated) are a simple prepend, unless an
        entry changed while a filter is on (it may now pass or fail it): then, as when a new
        entry goes in between known ones, the timeline is rebuilt (:meth:`refilter`).
        """
        new = tuple(new)
        changed = tuple(changed)
        self.index.add(new)
        self.index.add(changed)
        by_id = {e.id: e for e in changed}
        if by_id:
            self.entries = [by_id.get(e.id, e) for e in self.entries]
        newest = self.entries[0].published if self.entries else None
        fresh = sort_entries(new)
        simple = all(
            e.published is not None and (newest is None or e.published >= newest) for e in fresh
        )
        self.entries = fresh + self.entries if simple else sort_entries([*new, *self.entries])
        self.forget_results()
        if not simple or (by_id and self.filtering):
            return Changes(by_id, fresh, rebuild=True)
        return Changes(by_id, fresh, rebuild=False, shown=[e for e in fresh if self.matches(e)])


# -- where the view goes ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class View:
    """The timeline's geometry, in rows: each entry takes ``rows`` (a card, or a line in the
    compact view), the view shows ``height`` of them from ``scroll_y`` (0: at the top; at most
    ``max_y``), the selected entry is at ``selected`` (-1: none) and ``covered`` rows at the top
    are drawn over (the new-entries banner). ``height`` 0: not laid out yet (nothing scrolls)."""

    rows: int
    scroll_y: int
    height: int
    selected: int
    count: int
    max_y: int
    covered: int = 0

    @property
    def at_top(self) -> bool:
        return self.scroll_y <= 0

    @property
    def can_scroll(self) -> bool:
        return self.height > 0

    @property
    def first_visible(self) -> int:
        """The index of the entry at the top of the view (it may be partly scrolled off)."""
        return self.scroll_y // self.rows

    def fits_at_top(self, index: int) -> bool:
        """Is the entry at ``index`` wholly on screen with the view at the top? (True before the
        view is laid out: there is nothing to keep in view yet.)"""
        return not self.can_scroll or (index + 1) * self.rows <= self.height

    def clamp(self, y: int) -> int:
        return max(0, min(y, self.max_y))

    def into_view(self, index: int, y: int | None = None) -> int:
        """Where the view goes (from ``y``, else where it is) to show the entry at ``index``
        wholly, clear of the covered rows: the least move (as Textual's ``scroll_to_region``)."""
        y = self.scroll_y if y is None else y
        if index < 0 or not self.can_scroll:
            return y
        top = index * self.rows - self.covered
        size = self.rows + self.covered
        bottom = y + self.height
        if y <= top and top + size <= bottom:  # already wholly in view
            return y
        size = min(size, self.height)  # (taller than the view: its top shows)
        delta = min(top - y, top - (bottom - size), key=abs)
        return self.clamp(y + delta)


@dataclass(frozen=True, slots=True)
class Anchor:
    """An entry and the view's offset from its first row (the view's top is ``row`` rows below
    the entry's top): restored, the entry is where it was on screen."""

    entry_id: str
    row: int


@dataclass(frozen=True, slots=True)
class Anchors:
    """What a rebuild keeps: the entry at the top of the view (or, holding a kept place, the
    selected one), or else the selection, kept where it is if it would not fit at the top."""

    view: Anchor | None
    selection: Anchor | None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the view goes after a rebuild: ``scroll_y`` (the anchor restored), then
    ``final_y`` (the selection scrolled into view); ``above``: new entries above the view."""

    scroll_y: int
    above: int
    final_y: int


def view_anchor(view: View, id_at: Callable[[int], str]) -> Anchor | None:
    """The entry at the top of the view and how many of its rows are scrolled off; None at the
    very top (there, new entries simply show)."""
    if view.scroll_y <= 0 or not view.count:
        return None
    index, row = divmod(view.scroll_y, view.rows)
    if index >= view.count:
        return None
    return Anchor(id_at(index), row)


def selection_anchor(view: View, id_at: Callable[[int], str]) -> Anchor | None:
    """Like :func:`view_anchor`, for the selected entry; None when nothing is selected."""
    if not 0 <= view.selected < view.count:
        return None
    return Anchor(id_at(view.selected), view.scroll_y - view.selected * view.rows)


def anchor_before(view: View, id_at: Callable[[int], str], *, holding: bool) -> Anchors:
    """Before a rebuild: what to keep in place (``id_at``: the id of the entry at an index of
    the timeline as it is; ``holding``: a kept place was just restored and is held)."""
    anchor = view_anchor(view, id_at)
    if anchor is None and holding:
        anchor = selection_anchor(view, id_at)
    keep = selection_anchor(view, id_at) if anchor is None else None
    return Anchors(anchor, keep)


def place_after(
    anchors: Anchors,
    view: View,
    index_of: Callable[[str], int | None],
    new_ids: Iterable[str],
) -> Placement | None:
    """After a rebuild (``view``: the timeline rebuilt, its selection kept if still there):
    where the view goes, or None to leave it where the rebuild put it.

    The entry at the top of the view stays where it was, and the new entries that went in
    above it are counted (e.g. a post backdated between two the reader has seen); at the top,
    new entries simply show, unless they would push the selected entry off the screen: then it
    stays where it was.
    """
    anchor = anchors.view
    if anchors.selection is not None and view.selected >= 0 and not view.fits_at_top(view.selected):
        anchor = anchors.selection
    if anchor is None:
        return None
    index = index_of(anchor.entry_id)
    if index is None:
        return None
    y = view.clamp(index * view.rows + anchor.row)
    top = y // view.rows
    places = (index_of(entry_id) for entry_id in new_ids)
    above = sum(1 for i in places if i is not None and i < top)
    return Placement(y, above, view.into_view(view.selected, y))


def prepend_goes_above(view: View, count: int, *, holding: bool) -> bool:
    """Do ``count`` new entries go in above the view (out of sight, the visible entries staying
    where they are) rather than show at the top? They do when the view is scrolled down, when
    a kept place is held, and when they would push the selected entry (even partly) off the
    bottom of the view."""
    if count <= 0:
        return False
    if holding or not view.at_top:
        return True
    return view.selected >= 0 and not view.fits_at_top(view.selected + count)


def ids_of(entries: Sequence[Entry]) -> Callable[[int], str]:
    """``id_at`` for a list of entries (newest first)."""
    return lambda index: entries[index].id
