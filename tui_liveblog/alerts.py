"""Watch words and the alerts a new entry that has one sets off, without a terminal (issue 15, 3).

Watch words come from the config (``watch = [...]``, global or per saved blog) and from
``--watch``; each is one term, a word or a phrase, matched as the filter matches its terms
(:mod:`tui_liveblog.filter_query`: folded, a part of a word is enough, the spaces of a phrase
match any whitespace), and an entry matches when any one of them occurs in it.

A desktop alert (:class:`Alert`: a title, the blog and the entry's headline or first words, and
a body, the start of its text) goes through ``notify-send`` when there is one and a graphical
session (:func:`desktop_channel`, :func:`notify_send_argv`), and otherwise to the terminal as
OSC 777 and OSC 9 (:func:`osc_notification`), wrapped for tmux when inside it. Every text in
them comes from the network: control characters are removed, ``;`` cannot end a field, and
each is capped. The reader's side (the bell, the notice, running notify-send off the UI
thread) is :mod:`tui_liveblog.ui.watch_alerts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tui_liveblog.filter_query import haystack, term_in
from tui_liveblog.fold import fold
from tui_liveblog.model import Entry
from tui_liveblog.sanitize import clean_line

TITLE_CHARS = 120  # a notification's title: the blog's and the entry's headline
HEADLINE_CHARS = 80  # of that, the entry's headline or first words
BODY_CHARS = 200  # a notification's body: the start of the entry's text
BLOG_CHARS = 40  # the blog's name in a title
NOTIFY_TIMEOUT = 5.0  # seconds notify-send may take (it talks to a D-Bus service)

_ELLIPSIS = "…"


def watch_terms(words: Iterable[str]) -> tuple[str, ...]:
    """The watch words as the filter's terms: folded, quotes around a phrase dropped, runs of
    whitespace made one space; empty ones and repeats left out."""
    terms: list[str] = []
    for word in words:
        term = " ".join(fold(clean_line(word)).strip().strip('"').split())
        if term and term not in terms:
            terms.append(term)
    return tuple(terms)


def matches_watch(entry: Entry, terms: Iterable[str]) -> bool:
    """Does any of the (folded) watch terms occur in the entry's title, text or authors?"""
    terms = tuple(terms)
    if not terms:
        return False
    hay = haystack(entry)
    return any(term_in(term, hay) for term in terms)


def capped(text: str, limit: int) -> str:
    """One clean line of at most ``limit`` characters (an ellipsis where it was cut)."""
    line = clean_line(text)
    if len(line) <= limit:
        return line
    return line[: max(0, limit - 1)].rstrip() + _ELLIPSIS


def headline(entry: Entry, limit: int = HEADLINE_CHARS) -> str:
    """The entry's headline, or else its first words (one clean line)."""
    return capped(entry.title or "", limit) or capped(entry.text, limit) or "(no text)"


@dataclass(frozen=True, slots=True)
class Alert:
    """What a desktop notification says: already clean, one line each, capped."""

    title: str
    body: str


def alert_for(blog: str, entry: Entry) -> Alert:
    """The notification for a new entry with a watch word in blog ``blog`` (its title)."""
    name = capped(blog, BLOG_CHARS) or "liveblog"
    title = capped(f"{name}: {headline(entry)}", TITLE_CHARS)
    text = capped(entry.text, BODY_CHARS)
    return Alert(title, text or title)


def notice_text(blog: str, entry: Entry) -> str:
    """The reader's own notification: the blog and the entry's headline or first words."""
    return f"Watch word in {capped(blog, BLOG_CHARS) or 'the blog'}:\n{headline(entry)}"


# -- the desktop -----------------------------------------------------------------------------------
def desktop_channel(env: Mapping[str, str], notify_send: str | None) -> str:
    """``"notify-send"`` when it is installed (``notify_send``: its path, or None) and there is
    a graphical session (``DISPLAY`` or ``WAYLAND_DISPLAY``), else ``"osc"``."""
    if notify_send and (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return "notify-send"
    return "osc"


def notify_send_argv(alert: Alert, executable: str = "notify-send") -> list[str]:
    """The command that shows ``alert`` (run without a shell; ``--`` ends the options, so a
    headline that starts with ``-`` is not one)."""
    return [executable, "--app-name=liveblog", "--", alert.title, alert.body]


_OSC_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f]")


def _osc_field(text: str, limit: int, *, semicolons: bool) -> str:
    value = _OSC_UNSAFE.sub("", capped(text, limit))
    if not semicolons:
        value = value.replace(";", ",")
    return value


def tmux_passthrough(sequence: str) -> str:
    """``sequence`` wrapped so that tmux hands it to the terminal outside (its ESCs doubled)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def osc_notification(alert: Alert, *, tmux: bool = False) -> str:
    """``alert`` as OSC 777 (``notify;TITLE;BODY``: rxvt, foot, kitty, WezTerm, Ghostty…) then
    OSC 9 (iTerm2, Windows Terminal, WezTerm…), each wrapped for tmux if ``tmux``.

    The title of OSC 777 has no ``;`` (it would end the field); OSC 9's text does not start
    with a digit (``9;4;…`` is a progress bar in some terminals)."""
    title = _osc_field(alert.title, TITLE_CHARS, semicolons=False)
    body = _osc_field(alert.body, BODY_CHARS, semicolons=True)
    text = _osc_field(f"{alert.title} — {alert.body}", TITLE_CHARS + BODY_CHARS, semicolons=True)
    if text[:1].isdigit():
        text = "· " + text
    sequences = [f"\x1b]777;notify;{title};{body}\x07", f"\x1b]9;{text}\x07"]
    if tmux:
        sequences = [tmux_passthrough(s) for s in sequences]
    return "".join(sequences)


# -- a copy ----------------------------------------------------------------------------------------
CLIPBOARD_CHARS = 16_000  # OSC 52: terminals take some 100 kB of base64 at most (4 bytes a char)


def clipboard_text(text: str, limit: int = CLIPBOARD_CHARS) -> tuple[str, bool]:
    """``text`` cut to what OSC 52 may carry (``limit`` characters, at a line end if one is
    near), and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    end = cut.rfind("\n", max(0, limit - 2000))
    return (cut[:end] if end > 0 else cut) + "\n\n…\n", True
