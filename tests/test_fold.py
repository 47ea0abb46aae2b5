"""Folding for the filter: accents, compatibility forms and case fold away for matching, and
matches found in the folded text are mapped back onto the original characters."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

from tui_liveblog.fold import _SPECIAL, fold, fold_char, fold_pattern, fold_spans, fold_words


# -- what fold() and fold_spans() rely on, for every code point -----------------------------------
def test_folding_is_per_character_idempotent_and_keeps_whitespace_apart() -> None:
    """The properties fold's fast paths, the filter index and fold_spans rely on (module
    docstrings of tui_liveblog.fold and tui_liveblog.ui.filter_index), on this Python's Unicode."""
    chars = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    folds = {char: fold_char(char) for char in chars}
    for char, folded in folds.items():
        cased = char.casefold()
        if folded == char == cased:
            continue  # (each property below holds for a character that folds to itself)
        # every character of a folding folds to itself (so folding is idempotent)
        assert all(folds[c] == c for c in folded), hex(ord(char))
        # case folding first changes nothing (fold() case-folds the whole text, then the rest)
        assert cased == char or "".join(folds[c] for c in cased) == folded, hex(ord(char))
        if char.isspace():
            assert folded and folded.isspace(), hex(ord(char))  # whitespace stays whitespace
        else:
            assert not any(c.isspace() for c in folded), hex(ord(char))  # nothing else is
        # fold()'s shortcut leaves such characters as they are
        assert not (
            cased == char
            and unicodedata.is_normalized("NFKD", char)
            and _SPECIAL.search(char) is None
        ), hex(ord(char))


TRICKY = "Tomás Straße STRASSE ΟΔΟΣ İstanbul ﬁnance ＦＵＬＬ ǅemal Łódź Ærø don’t “Quote” ᾀ 한국 ｶﾞ ガ ´ e\u0301 µs"


def test_fold_is_the_folding_of_each_character() -> None:
    rng = random.Random(3)
    alphabet = [*TRICKY, "\u00a0", "\u3000", "A", "z", " ", "\u0327", "\u05b0", "\u0e49"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert fold(text) == "".join(map(fold_char, text)), repr(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Tomás", "tomas"),
        ("Toma\u0301s", "tomas"),  # the accent as a combining mark
        ("Straße", "strasse"),
        ("ﬁnance", "finance"),  # a ligature
        ("ＦＵＬＬ²", "full2"),  # full-width letters, a superscript
        ("Łódź", "lodz"),
        ("Tromsø, Ærø, cœur", "tromso, aero, coeur"),
        ("İstanbul", "istanbul"),
        ("ΟΔΟΣ οδος", "οδοσ οδοσ"),
        ("don’t “go”", 'don\'t "go"'),
        ("Ýour naïve café", "your naive cafe"),
        ("a\u00a0b", "a b"),  # a no-break space is a space
        ("Mother´s", "mothers"),  # a spacing accent folds to nothing, and no space
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_script_marks_that_spell_words_are_kept() -> None:
    assert fold("नमस्ते") == unicodedata.normalize("NFKD", "नमस्ते")  # virama and vowel signs
    assert fold("กิน") != fold("กน")  # Thai vowel marks
    assert fold("ガ") == fold("ｶﾞ") != fold("カ")  # Japanese voicing


def test_filter_words_are_folded() -> None:
    assert fold_words("  Tomás  STRASSE ") == ("tomas", "strasse")
    assert fold_words("´") == ()
    assert fold_words(None) == ()


# -- highlighting the original characters -----------------------------------------------------
def spans(text: str, *words: str) -> list[str]:
    return [text[a:b] for a, b in fold_spans(text, fold_pattern(map(fold, words)))]


def test_fold_spans_mark_the_original_characters() -> None:
    assert spans("Visit Tomás today", "tomas") == ["Tomás"]
    assert spans("Visit Toma\u0301s today", "tomas") == ["Toma\u0301s"]  # the mark too
    assert spans("café", "cafe") == ["café"]
    assert spans("cafe\u0301!", "cafe") == ["cafe\u0301"]  # a trailing mark stays with its letter
    assert spans("Die Straße", "strasse") == ["Straße"]
    assert spans("Die Straße", "stras") == ["Straß"]  # half of ß's folding: all of ß
    assert spans("Die Straße", "ss") == ["ß"]
    assert spans("ﬁnance ﬁnal", "fin") == ["ﬁn", "ﬁn"]
    assert spans("Łódź and LODZ", "lodz") == ["Łódź", "LODZ"]
    assert spans("don’t", "don't") == ["don’t"]
    assert spans("ＦＵＬＬ stop", "full") == ["ＦＵＬＬ"]
    assert spans("Ærø, cœur", "aero", "coeur") == ["Ærø", "cœur"]
    assert spans("Straße Tomás", "tomas", "strasse") == ["Straße", "Tomás"]
    assert spans("plain ASCII Text", "text", "ascii") == ["ASCII", "Text"]
    assert spans("nothing here", "tomas") == []
    assert fold_spans("anything", None) == []


def test_fold_spans_offsets_agree_with_the_folded_text() -> None:
    rng = random.Random(11)
    alphabet = [*TRICKY, "a", "s", "t", " "]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        word = fold(text)[rng.randint(0, 3) :][: rng.randint(1, 4)].strip()
        if not word or any(c.isspace() for c in word):
            continue
        found = fold_spans(text, fold_pattern([word]))
        assert found, (text, word)
        for start, end in found:
            assert word in fold(text[start:end]), (text, word, start, end)
