"""The word diff of an entry's versions (issue 16 (3)): pure, no Textual."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui_liveblog.model import Version
from tui_liveblog.word_diff import changed, plain, version_times, word_diff

T0 = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)


def test_a_changed_word_is_a_deletion_then_an_insertion() -> None:
    pieces = word_diff("Three people were hurt.", "Five people were hurt.")
    assert pieces == [
        ("deleted", "Three"),
        ("inserted", "Five"),
        ("same", " people were hurt."),
    ]
    assert plain(pieces) == "[-Three-]{+Five+} people were hurt."
    assert changed(pieces)


def test_words_added_and_removed_keep_the_rest() -> None:
    old = "The ferry left at nine with 40 passengers aboard."
    new = "The ferry left at ten with 40 passengers and crew aboard."
    assert plain(word_diff(old, new)) == (
        "The ferry left at [-nine-]{+ten+} with 40 passengers {+and crew +}aboard."
    )
    assert plain(word_diff(new, old)) == (
        "The ferry left at [-ten-]{+nine+} with 40 passengers [-and crew -]aboard."
    )


def test_paragraph_breaks_are_kept_and_equal_texts_change_nothing() -> None:
    old = "First paragraph.\n\nSecond one here."
    new = "First paragraph.\n\nSecond one there."
    assert plain(word_diff(old, new)) == "First paragraph.\n\nSecond one [-here.-]{+there.+}"
    same = word_diff(old, old)
    assert same == [("same", old)] and not changed(same)
    assert word_diff("", "") == [] and plain(word_diff("", "New text")) == "{+New text+}"
    assert plain(word_diff("Gone", "")) == "[-Gone-]"


def test_version_times_use_updated_then_when_the_cache_saw_the_change() -> None:
    def at(minutes: int) -> datetime:
        return T0 + timedelta(minutes=minutes)

    versions = [
        Version(None, None, "a", published=at(1), replaced=at(10)),
        Version(None, None, "b", published=at(1), replaced=at(20)),  # the source gave no time
        Version(at(25), None, "c", published=at(1)),
    ]
    assert version_times(versions) == [
        ("published", at(1)),
        ("seen", at(10)),
        ("updated", at(25)),
    ]
    assert version_times([Version(None, None, "x")]) == [("", None)]
