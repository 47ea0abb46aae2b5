"""The reader's state without a terminal (ui/reader_state.py): the filter's incremental results,
merging new and changed entries, and where the view goes. No App, no Pilot: a plain model of
the timeline (what it holds, its selection and scroll position) stands in for the widget."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tui_liveblog.filter_query import matches, parse_filter
from tui_liveblog.model import Entry
from tui_liveblog.ui.filter_index import FilterIndex
from tui_liveblog.ui.reader_state import (
    Anchor,
    Anchors,
    Placement,
    ReaderState,
    View,
    anchor_before,
    ids_of,
    place_after,
    prepend_goes_above,
)

T0 = datetime(2040, 6, 12, 12, tzinfo=UTC)


def entry(
    n: int, text: str = "", *, minutes: float | None = None, key: bool = False, by: str = "Ada"
) -> Entry:
    published = T0 - timedelta(minutes=n if minutes is None else minutes)
    return Entry(id=f"e{n}", published=published, text=text, authors=(by,), key_event=key)


def state_with(entries: list[Entry], query: str = "", key_only: bool = False) -> ReaderState:
    state = ReaderState()
    state.replace_all(entries, FilterIndex())
    state.query = parse_filter(query)
    state.key_only = key_only
    state.refilter()
    return state


def from_scratch(state: ReaderState) -> list[Entry]:
    return [
        e for e in state.entries if (not state.key_only or e.key_event) and matches(state.query, e)
    ]


# -- the filter's results ---------------------------------------------------------------------------
def test_typing_on_narrows_the_last_result_and_keeps_it_when_nothing_drops_out() -> None:
    entries = [entry(1, "harbour quay"), entry(2, "harbour storm"), entry(3, "ferry")]
    state = state_with(entries)
    state.query = parse_filter("har")
    shown = state.refilter()
    assert [e.id for e in shown or ()] == ["e1", "e2"]
    state.query = parse_filter("harb")  # the same two: the timeline keeps what it shows
    assert state.refilter() is None
    state.query = parse_filter("harb -storm")
    assert [e.id for e in state.refilter() or ()] == ["e1"]


def test_backspace_finds_the_result_it_had_and_clearing_shows_every_entry() -> None:
    entries = [entry(1, "harbour quay"), entry(2, "harbour storm"), entry(3, "ferry")]
    state = state_with(entries, "harbour")
    first = state.refilter()
    assert first is None  # (the same query again: the same result)
    state.query = parse_filter("harbour storm")
    narrowed = state.refilter()
    assert [e.id for e in narrowed or ()] == ["e2"]
    state.query = parse_filter("harbour")
    again = state.refilter()
    assert again is not None and [e.id for e in again] == ["e1", "e2"]
    state.query = parse_filter("")
    assert state.refilter() is state.entries


def test_key_events_and_by_filter_together() -> None:
    entries = [entry(1, "a", key=True, by="Bo"), entry(2, "b", key=True), entry(3, "c")]
    state = state_with(entries, "by:ada", key_only=True)
    assert [e.id for e in from_scratch(state)] == ["e2"]
    state.key_only = False
    state.forget_last()
    assert [e.id for e in state.refilter() or ()] == ["e2", "e3"]


# -- merging changes ----------------------------------------------------------------------------------
def test_newer_entries_are_a_prepend_of_those_the_filter_lets_through() -> None:
    state = state_with([entry(5, "quay"), entry(6, "quay")], "quay")
    changes = state.apply_changes([entry(1, "quay"), entry(2, "storm")], [])
    assert not changes.rebuild
    assert [e.id for e in changes.shown] == ["e1"]
    assert [e.id for e in state.entries] == ["e1", "e2", "e5", "e6"]


def test_a_backdated_entry_or_an_edit_under_a_filter_rebuilds() -> None:
    state = state_with([entry(5, "quay"), entry(7, "quay")])
    changes = state.apply_changes([entry(6, "quay")], [])  # between two known ones
    assert changes.rebuild
    assert [e.id for e in state.entries] == ["e5", "e6", "e7"]
    assert not state.apply_changes([], [entry(5, "storm")]).rebuild  # no filter: in place
    state.query = parse_filter("quay")
    state.refilter()
    changes = state.apply_changes([], [entry(7, "storm")])  # it no longer matches
    assert changes.rebuild and set(changes.changed) == {"e7"}
    assert [e.id for e in state.refilter() or ()] == ["e6"]


# -- where the view goes ------------------------------------------------------------------------------
def view(scroll_y: int, selected: int, count: int, *, rows: int = 4, height: int = 12) -> View:
    return View(rows, scroll_y, height, selected, count, max(0, count * rows - height))


def test_new_entries_show_at_the_top_unless_they_push_the_selection_off_screen() -> None:
    assert not prepend_goes_above(view(0, 0, 10), 2, holding=False)  # 3 cards fit: shown
    assert prepend_goes_above(view(0, 1, 10), 2, holding=False)  # the selection would go
    assert prepend_goes_above(view(4, 2, 10), 1, holding=False)  # scrolled down
    assert prepend_goes_above(view(0, 0, 10), 1, holding=True)  # a kept place is held
    assert not prepend_goes_above(view(4, 2, 10), 0, holding=False)  # (nothing new)


def test_a_rebuild_keeps_the_entry_at_the_top_of_the_view_and_counts_what_went_above() -> None:
    ids = [f"e{i}" for i in range(10)]
    before = view(9, 3, 10)  # e2 at the top of the view, 1 row of it scrolled off
    anchors = anchor_before(before, ids.__getitem__, holding=False)
    assert anchors == Anchors(Anchor("e2", 1), None)
    after = ["n1", *ids[:3], "n2", *ids[3:]]  # two arrivals: one above the view, one inside it
    placement = place_after(anchors, view(9, 5, 12), after.index, ["n1", "n2"])
    assert placement == Placement(3 * 4 + 1, 1, 3 * 4 + 1)  # e2 where it was; e3 in view
    # a short view: the selected card (e3, at 5: rows 20-23) is brought into view
    placement = place_after(anchors, view(9, 5, 12, height=6), after.index, ["n1", "n2"])
    assert placement == Placement(13, 1, 18)


def test_at_the_top_a_rebuild_leaves_the_view_unless_the_selection_would_go() -> None:
    ids = [f"e{i}" for i in range(10)]
    anchors = anchor_before(view(0, 1, 10), ids.__getitem__, holding=False)
    assert anchors == Anchors(None, Anchor("e1", -4))
    assert place_after(anchors, view(0, 2, 11), ["n", *ids].index, ["n"]) is None
    placed = place_after(anchors, view(0, 3, 12), ["n", "m", *ids].index, ["n", "m"])
    assert placed is not None and (placed.scroll_y, placed.above, placed.final_y) == (8, 2, 8)
    held = anchor_before(view(0, 1, 10), ids.__getitem__, holding=True)
    assert held == Anchors(Anchor("e1", -4), None)


def test_into_view_moves_the_least_and_keeps_clear_of_the_covered_rows() -> None:
    v = view(0, 0, 10)
    assert v.into_view(1) == 0
    assert v.into_view(3) == 4  # (rows 12-15 in a 12-row view)
    assert v.into_view(9) == 28  # the last one, at the bottom (max_y)
    assert view(20, 0, 10).into_view(2) == 8
    covered = View(4, 8, 12, 2, 10, 28, covered=1)
    assert covered.into_view(2) == 7  # the card's top row clear of the banner's row
    assert view(0, 0, 3, rows=4, height=0).into_view(2) == 0  # not laid out: nothing moves


# -- any sequence of arrivals, edits, deletions and filters -------------------------------------------
WORDS = ["harbour", "Quay", "ferry", "café", "STORM", "straße", "pier"]
AUTHORS = ["Ada Quill", "Bo Émile", "Cy"]
TYPED = 'abcefhopqrstuy -":'

texts = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
filters = st.lists(
    st.one_of(
        st.sampled_from(WORDS).map(lambda w: w[: max(2, len(w) - 2)].lower()),
        st.sampled_from(WORDS).map(lambda w: "-" + w),
        st.sampled_from(AUTHORS).map(lambda a: "by:" + a.split()[0].lower()),
        st.sampled_from(AUTHORS).map(lambda a: "-by:" + a.split()[-1]),
        st.sampled_from(['"harbour quay"', '"ferry café"', '"quay']),
    ),
    max_size=3,
).map(" ".join)


@dataclass
class FakeTimeline:
    """What :class:`~tui_liveblog.ui.widgets.timeline.Timeline` does with its entries, its
    selection and its scroll position, in plain numbers."""

    rows: int
    height: int
    entries: list[Entry] = field(default_factory=list)
    selected: int = -1
    scroll_y: int = 0

    def view(self) -> View:
        count = len(self.entries)
        return View(self.rows, self.scroll_y, self.height, self.selected, count, self.max_y(count))

    def max_y(self, count: int) -> int:
        return max(0, count * self.rows - self.height)

    def selected_id(self) -> str | None:
        return self.entries[self.selected].id if self.selected >= 0 else None

    def index_of(self, entry_id: str) -> int | None:
        for i, e in enumerate(self.entries):
            if e.id == entry_id:
                return i
        return None

    def set_entries(self, entries: list[Entry]) -> None:
        kept = self.selected_id()
        self.entries = list(entries)
        self.scroll_y = self.view().clamp(self.scroll_y)
        index = None if kept is None else self.index_of(kept)
        if index is not None:
            self.selected = index
            self.scroll_y = self.view().into_view(index)
        else:
            self.selected = 0 if entries else -1
            self.scroll_y = 0

    def prepend(self, entries: list[Entry], *, above: bool) -> None:
        self.entries = [*entries, *self.entries]
        self.selected = self.selected + len(entries) if self.selected >= 0 else 0
        if above:
            self.scroll_y = self.view().clamp(self.scroll_y + len(entries) * self.rows)

    def update(self, entry: Entry) -> None:
        index = self.index_of(entry.id)
        if index is not None:
            self.entries[index] = entry

    def fully_visible(self, index: int) -> bool:
        top = index * self.rows
        return self.scroll_y <= top and top + self.rows <= self.scroll_y + self.height


class ReaderMachine(RuleBasedStateMachine):
    """The reader's state driven as ReaderContents drives it, the timeline modelled."""

    def __init__(self) -> None:
        super().__init__()
        self.state = ReaderState()
        self.timeline = FakeTimeline(4, 12)
        self.serial = 0
        self.newest = 0.0  # minutes after T0 of the newest arrival
        self.holding = False
        self.filter_text = ""
        self.banner = 0
        self.arrivals = 0

    def make(self, text: str, author: str, key: bool, minutes: float | None) -> Entry:
        self.serial += 1
        published = None if minutes is None else T0 + timedelta(minutes=minutes)
        return Entry(
            id=f"e{self.serial}", published=published, text=text, authors=(author,), key_event=key
        )

    def refilter(self) -> None:
        shown = self.state.refilter()
        if shown is not None:
            self.timeline.set_entries(shown)

    @initialize(
        rows=st.sampled_from([1, 4]),
        height=st.integers(4, 24),
        texts=st.lists(st.tuples(texts, st.sampled_from(AUTHORS), st.booleans()), max_size=8),
    )
    def start(self, rows: int, height: int, texts: list[tuple[str, str, bool]]) -> None:
        self.timeline = FakeTimeline(rows, height)
        entries = [self.make(t, a, k, -float(i)) for i, (t, a, k) in enumerate(texts)]
        self.state.replace_all(entries, FilterIndex())
        self.refilter()

    # -- the reader: filters, moves ------------------------------------------------------
    def set_filter(self, text: str) -> None:
        self.filter_text = text
        query = parse_filter(text)
        if query != self.state.query:
            self.state.query = query
            self.refilter()

    @rule(text=filters)
    def filter(self, text: str) -> None:
        self.set_filter(text)

    @rule(char=st.sampled_from(TYPED))
    def type_on(self, char: str) -> None:
        self.set_filter(self.filter_text + char)

    @rule()
    def backspace(self) -> None:
        self.set_filter(self.filter_text[:-1])

    @rule()
    def clear(self) -> None:
        self.set_filter("")

    @rule()
    def key_events(self) -> None:
        self.state.key_only = not self.state.key_only
        self.state.forget_last()
        self.refilter()

    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        timeline = self.timeline
        if timeline.entries:
            timeline.selected = data.draw(st.integers(0, len(timeline.entries) - 1))
            timeline.scroll_y = timeline.view().into_view(timeline.selected)

    @rule(data=st.data())
    def scroll_and_click(self, data: st.DataObject) -> None:
        timeline = self.timeline
        y = data.draw(st.integers(0, timeline.max_y(len(timeline.entries))))
        timeline.scroll_y = y
        seen = [i for i in range(len(timeline.entries)) if timeline.fully_visible(i)]
        if seen:
            timeline.selected = data.draw(st.sampled_from(seen))

    @rule(holding=st.booleans())
    def hold(self, holding: bool) -> None:
        self.holding = holding

    # -- the blog: arrivals, edits, deletions --------------------------------------------
    def apply(self, new: list[Entry], changed: list[Entry]) -> None:
        """As ReaderContents._apply_changes does, with the fake timeline."""
        timeline, state = self.timeline, self.state
        kept = timeline.selected_id()
        was_visible = kept is not None and timeline.fully_visible(timeline.selected)
        anchors = anchor_before(timeline.view(), ids_of(timeline.entries), holding=self.holding)
        changes = state.apply_changes(new, changed)
        if changes.rebuild:
            self.refilter()
            placement = place_after(
                anchors, timeline.view(), timeline.index_of, [e.id for e in new]
            )
            if placement is not None:
                timeline.scroll_y = placement.scroll_y
                self.banner += placement.above
                timeline.scroll_y = timeline.view().into_view(timeline.selected)
                assert timeline.scroll_y == placement.final_y
        else:
            for entry in changed:
                timeline.update(entry)
            above = prepend_goes_above(timeline.view(), len(changes.shown), holding=self.holding)
            if changes.shown:
                timeline.prepend(changes.shown, above=above)
                if above:
                    self.banner += len(changes.shown)
        self.arrivals += len(new)
        # the selected entry stays selected, and in view, while it is still shown
        if kept is not None and timeline.index_of(kept) is not None:
            assert timeline.selected_id() == kept
            if was_visible and self.timeline.rows <= self.timeline.height:
                assert timeline.fully_visible(timeline.selected)
        elif timeline.entries:  # (it went: the newest is selected, at the top)
            assert kept is None or (timeline.selected, timeline.scroll_y) == (0, 0)

    @rule(
        batch=st.lists(
            st.tuples(
                texts,
                st.sampled_from(AUTHORS),
                st.booleans(),
                st.sampled_from(["newer", "backdated", "undated"]),
                st.floats(0, 1),
            ),
            min_size=1,
            max_size=4,
        )
    )
    def arrive(self, batch: list[tuple[str, str, bool, str, float]]) -> None:
        new = []
        for text, author, key, when, fraction in batch:
            if when == "newer":
                self.newest += 1 + fraction
                minutes: float | None = self.newest
            elif when == "backdated":
                minutes = self.newest - 1 - fraction * 10
            else:
                minutes = None
            new.append(self.make(text, author, key, minutes))
        self.apply(new, [])

    @rule(data=st.data(), text=texts)
    def edit(self, data: st.DataObject, text: str) -> None:
        if self.state.entries:
            old = data.draw(st.sampled_from(self.state.entries))
            self.apply([], [old.with_changes(text=text, updated=T0)])

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        if self.state.entries:
            old = data.draw(st.sampled_from(self.state.entries))
            self.apply([], [old.with_changes(text="", deleted=True, updated=T0)])

    # -- what always holds ----------------------------------------------------------------
    @invariant()
    def the_timeline_shows_the_filter_applied_to_every_entry(self) -> None:
        assert [e.id for e in self.timeline.entries] == [e.id for e in from_scratch(self.state)]
        assert self.timeline.entries == from_scratch(self.state)  # (the latest versions)

    @invariant()
    def the_entries_stay_in_order_newest_first(self) -> None:
        dated = [e.published for e in self.state.entries if e.published is not None]
        assert dated == sorted(dated, reverse=True)
        assert len({e.id for e in self.state.entries}) == len(self.state.entries)

    @invariant()
    def the_banner_counts_arrivals_only(self) -> None:
        assert 0 <= self.banner <= self.arrivals

    @precondition(lambda self: bool(self.timeline.entries))
    @invariant()
    def something_is_selected(self) -> None:
        assert 0 <= self.timeline.selected < len(self.timeline.entries)


ReaderMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_reader_state_machine = ReaderMachine.TestCase
