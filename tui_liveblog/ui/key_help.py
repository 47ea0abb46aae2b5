"""The keys, described once: the help screen's rows and the palette's commands, made from the
bindings (issue 14, point 6).

A binding's ``description`` names what it does (the footer shows it, the palette's command is
called so); its ``tooltip``, when there is one, says it at more length (the help screen's row and
the palette's help text use it, the footer shows it on hover). Keys whose actions share a row of
the help are declared in a small table of action names kept next to the bindings
(``LiveblogApp.KEY_ROWS``): their keys are listed side by side, ``j / k, ↓ / ↑``, and their
descriptions are run together, ``next / previous entry``. A binding of keys already described
(the detail pane's ``j``: its own meaning of the timeline's key) adds nothing; any other binding
with a description has its row, after the declared ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "down": "↓",
    "up": "↑",
}
"""How keys are shown (the rest as bound: ``j``, ``ctrl+d``, ``space``, ``enter``…)."""

KEY_WIDTH = 13  # a row's keys longer than this are written without spaces: ctrl+d/ctrl+u


@dataclass(frozen=True)
class Described:
    """One binding with a description, and the class that binds it (App, Timeline…)."""

    owner: type
    binding: Binding

    @property
    def action(self) -> str:
        return self.binding.action

    @property
    def keys(self) -> list[str]:
        """Every key of the binding, as shown."""
        return [KEY_NAMES.get(k.strip(), k.strip()) for k in self.binding.key.split(",")]

    @property
    def shown_keys(self) -> list[str]:
        """The keys written in the key column (its ``key_display`` if it has one)."""
        display = self.binding.key_display
        return [display] if display else self.keys

    @property
    def what(self) -> str:
        """What it does, at length: the tooltip, else the description."""
        return self.binding.tooltip or self.binding.description


def described(owners: Iterable[tuple[type, Sequence[BindingType]]]) -> list[Described]:
    """The bindings with a description, in order, each with the class that binds it."""
    return [
        Described(owner, binding)
        for owner, bindings in owners
        for binding in bindings
        if isinstance(binding, Binding) and binding.description
    ]


def help_rows(
    bindings: Sequence[Described], rows: Sequence[Sequence[str]]
) -> list[tuple[str, str]]:
    """The help screen's rows, (keys, what they do): one per declared row of action names, in
    order, then one for each binding in none of them. A binding whose keys were all described
    by an earlier one (a pane's own meaning of a key already listed) adds nothing."""
    seen: set[str] = set()
    first: list[Described] = []
    for binding in bindings:
        if not set(binding.keys) <= seen:
            seen.update(binding.keys)
            first.append(binding)
    bindings = first
    declared = {action for row in rows for action in row}
    groups = [[b for action in row for b in bindings if b.action == action] for row in rows]
    groups += [[b] for b in bindings if b.action not in declared]
    return [_row(group) for group in groups if group]


def _row(group: Sequence[Described]) -> tuple[str, str]:
    lists = [b.shown_keys for b in group]
    keys = _side_by_side(lists, " / ")
    if len(keys) > KEY_WIDTH:
        keys = _side_by_side(lists, "/")
    text = run_together([_lower(b.what) for b in group])
    hidden = [k for b in group for k in b.keys if k not in b.shown_keys]
    if hidden:
        text += f" ({' / '.join(hidden)} too)"
    return keys, text


def _side_by_side(lists: Sequence[Sequence[str]], sep: str) -> str:
    """``[[j, ↓], [k, ↑]]`` → ``j / k, ↓ / ↑``: the first keys of each, then the second…"""
    depth = max(len(keys) for keys in lists)
    return ", ".join(sep.join(keys[i] for keys in lists if i < len(keys)) for i in range(depth))


def _lower(text: str) -> str:
    """A description as part of a sentence: its first letter lower case (``URL`` stays)."""
    first, _, rest = text.partition(" ")
    if first[1:] == first[1:].lower():
        first = first.lower()
    return f"{first} {rest}" if rest else first


def run_together(phrases: Sequence[str]) -> str:
    """Neighbouring phrases that begin or end alike share their common words, ``next entry`` and
    ``previous entry`` → ``next / previous entry``; the others are set apart by ``;``."""
    clusters: list[list[list[str]]] = []
    for words in (phrase.split() for phrase in phrases):
        if clusters and any(_shared([*clusters[-1], words])):
            clusters[-1].append(words)
        else:
            clusters.append([words])
    return "; ".join(_factored(cluster) for cluster in clusters)


def _shared(cluster: Sequence[Sequence[str]]) -> tuple[int, int]:
    """How many words every phrase of ``cluster`` shares at its start and at its end (each
    phrase keeping a word of its own), or (0, 0)."""
    shortest = min(len(words) for words in cluster)
    start = 0
    while start < shortest - 1 and len({tuple(w[: start + 1]) for w in cluster}) == 1:
        start += 1
    end = 0
    while end < shortest - 1 - start and len({tuple(w[len(w) - end - 1 :]) for w in cluster}) == 1:
        end += 1
    return (start, end) if start or end else (0, 0)


def _factored(cluster: Sequence[Sequence[str]]) -> str:
    if len(cluster) == 1:
        return " ".join(cluster[0])
    start, end = _shared(cluster)
    middles = " / ".join(" ".join(words[start : len(words) - end]) for words in cluster)
    return " ".join([*cluster[0][:start], middles, *cluster[0][len(cluster[0]) - end :]])


def key_text(bindings: Sequence[Described], action: str) -> str:
    """Every key of ``action``, as shown: ``j, ↓``."""
    keys = [k for b in bindings if b.action == action for k in b.keys]
    return ", ".join(dict.fromkeys(keys))
