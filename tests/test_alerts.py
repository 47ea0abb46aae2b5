"""Issue 15 (3, 4), without a terminal: watch words, what the alerts say and how they are sent
(notify-send's arguments, OSC 777 / OSC 9, tmux's passthrough), the copy's cap and the export's
file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tui_liveblog.alerts import (
    BODY_CHARS,
    TITLE_CHARS,
    Alert,
    alert_for,
    clipboard_text,
    desktop_channel,
    matches_watch,
    notice_text,
    notify_send_argv,
    osc_notification,
    tmux_passthrough,
    watch_terms,
)
from tui_liveblog.export import export_name, write_export
from tui_liveblog.model import Blog, Entry

NOW = datetime(2040, 6, 12, 12, 0, tzinfo=UTC)


def entry(text: str, title: str | None = None, eid: str = "e1") -> Entry:
    return Entry(id=eid, published=NOW, title=title, text=text, authors=("Ada Quill",))


def test_watch_terms_are_folded_phrases_without_repeats() -> None:
    assert watch_terms(["Ceasefire", '"Prime   Minister"', "ceasefire", " ", "Zürich"]) == (
        "ceasefire",
        "prime minister",
        "zurich",
    )


def test_any_watch_word_matches_like_the_filter() -> None:
    terms = watch_terms(["ceasefire", "prime minister"])
    assert matches_watch(entry("A CEASE-FIRE? No: the Ceasefire holds."), terms)
    assert matches_watch(entry("The Prime\n Minister spoke."), terms)  # (any whitespace)
    assert matches_watch(entry("Nothing here", title="Prime minister resigns"), terms)
    assert not matches_watch(entry("The minister and the prime number."), terms)
    assert matches_watch(entry("À Zürich"), watch_terms(["zurich"]))  # accents folded
    assert not matches_watch(entry("ceasefire"), ())


def test_alert_names_the_blog_and_headline_and_carries_the_text() -> None:
    alert = alert_for("Harbour live", entry("The regatta is off. " * 30, title="Regatta off"))
    assert alert.title == "Harbour live: Regatta off"
    assert alert.body.startswith("The regatta is off.")
    assert len(alert.body) <= BODY_CHARS and alert.body.endswith("…")
    untitled = alert_for("Harbour live", entry("First words of a long text " * 10))
    assert untitled.title.startswith("Harbour live: First words of a long text")
    assert len(untitled.title) <= TITLE_CHARS
    assert notice_text("Harbour live", entry("x", title="Regatta off")) == (
        "Watch word in Harbour live:\nRegatta off"
    )


def test_alert_text_has_no_control_characters() -> None:
    alert = alert_for("Blog\x1b]0;pwned\x07", entry("body\x07\x1b[31mred\x9c", title="T\nitle"))
    for text in (alert.title, alert.body):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text)


def test_desktop_channel() -> None:
    assert desktop_channel({"DISPLAY": ":0"}, "/usr/bin/notify-send") == "notify-send"
    assert desktop_channel({"WAYLAND_DISPLAY": "wayland-0"}, "/bin/notify-send") == "notify-send"
    assert desktop_channel({}, "/usr/bin/notify-send") == "osc"  # (no graphical session)
    assert desktop_channel({"DISPLAY": ":0"}, None) == "osc"  # (not installed)


def test_notify_send_argv_ends_the_options() -> None:
    argv = notify_send_argv(Alert("-t 0 title", "--help"), "/usr/bin/notify-send")
    assert argv == ["/usr/bin/notify-send", "--app-name=liveblog", "--", "-t 0 title", "--help"]


def test_osc_777_and_9() -> None:
    sequence = osc_notification(Alert("Blog: head", "The body; with a semicolon"))
    assert sequence == (
        "\x1b]777;notify;Blog: head;The body; with a semicolon\x07"
        "\x1b]9;Blog: head — The body; with a semicolon\x07"
    )


def test_osc_fields_cannot_be_escaped_from() -> None:
    sequence = osc_notification(Alert("a;b\x07\x1b\\c\x9c", "d\x1b]52;c;AAAA\x07e"))
    osc777, osc9 = sequence.split("\x07")[:2]
    assert osc777.split(";")[:3] == ["\x1b]777", "notify", "a,bc"]  # (the title's ';' gone)
    assert sequence.count("\x1b") == 2 and sequence.count("\x07") == 2  # only the two frames
    assert "\x9c" not in sequence
    assert osc9.startswith("\x1b]9;a;b")
    # OSC 9 text starting with a digit could be a command (9;4: a progress bar)
    assert osc_notification(Alert("4;3", "x")).split("\x07")[1].startswith("\x1b]9;· 4;3")


def test_osc_is_capped() -> None:
    sequence = osc_notification(Alert("t" * 1000, "b" * 5000))
    assert len(sequence) < 2 * (TITLE_CHARS + BODY_CHARS) + 40


def test_tmux_passthrough_doubles_escapes() -> None:
    assert tmux_passthrough("\x1b]9;hi\x07") == "\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\"
    wrapped = osc_notification(Alert("t", "b"), tmux=True)
    assert wrapped.count("\x1bPtmux;") == 2 and wrapped.endswith("\x1b\\")


def test_clipboard_text_is_capped() -> None:
    assert clipboard_text("short") == ("short", False)
    text, cut = clipboard_text("line\n" * 10_000, limit=1000)
    assert cut and len(text) <= 1000 + 10 and text.endswith("…\n")


def test_export_name_is_safe_and_dated() -> None:
    assert export_name("Harbour festival: live! / ../x", NOW) == (
        "harbour-festival-live-x-2040-06-12-1200"
    )
    assert export_name("\x1b[31m", NOW) == "liveblog-2040-06-12-1200"
    assert export_name("Zürich Ünïcode", NOW).startswith("zurich-unicode-")
    assert export_name("word " * 30, NOW) == "-".join(["word"] * 12) + "-2040-06-12-1200"


def test_export_never_overwrites(tmp_path: Path) -> None:
    blog = Blog(url="https://news.example/live", title="Harbour live", source="jsonld")
    entries = [entry("Second", title="Two", eid="2"), entry("First", eid="1")]
    (tmp_path / "harbour-live-2040-06-12-1200.md").write_text("mine")
    first = write_export(tmp_path, blog, entries, NOW, UTC)
    second = write_export(tmp_path, blog, entries, NOW, UTC)
    assert (tmp_path / "harbour-live-2040-06-12-1200.md").read_text() == "mine"
    assert first.name == "harbour-live-2040-06-12-1200-2.md"
    assert second.name == "harbour-live-2040-06-12-1200-3.md"
    text = first.read_text()
    assert text.startswith("# Harbour live\n\n<https://news.example/live>")
    assert text.index("Two") < text.index("First")
