"""Issue 14 (6): the keys described once. The help screen's rows and the command palette's
commands are made from the bindings: every action a key runs is in the palette, once, with its
keys, and choosing it runs it as the key does."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.binding import Binding, BindingType
from textual.pilot import Pilot

from tests.ui_support import BLOG_URL, FakeBlog, Post, loaded, reader, screen_text, until
from tui_liveblog.ui.app import LiveblogApp
from tui_liveblog.ui.help_screen import HelpScreen
from tui_liveblog.ui.key_help import run_together

SIZE = (120, 40)


def blog() -> FakeBlog:
    posts = [
        Post(f"p{i}", minutes=60 - i, headline=f"Lap {i}", body="<p>Boats out.</p>" * 40)
        for i in range(8)
    ]
    return FakeBlog(posts)


async def palette(pilot: Pilot[Any], command: str) -> None:
    """Run a command from the command palette (ctrl+p), as typed by hand."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command, "enter")
    await pilot.pause()


# -- the help ---------------------------------------------------------------------------------------
class Extended(LiveblogApp):
    """The reader with one more key, described, and one without a description."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *LiveblogApp.BINDINGS,
        Binding("x", "bell", "Ring the bell", show=False),
        Binding("X", "bell", show=False),
    ]


def test_a_binding_with_a_description_adds_a_help_row() -> None:
    rows = LiveblogApp.help_rows()
    more = Extended.help_rows()
    assert more == [*rows, ("x", "ring the bell")]  # its own row, after the declared ones
    assert not any("X" in key.split(" / ") for key, _ in more)  # no description, no row


def test_the_help_rows_are_the_bindings_descriptions() -> None:
    rows = dict(LiveblogApp.help_rows())
    # keys whose actions share a row are side by side, their descriptions run together
    assert rows["j / k, ↓ / ↑"] == "next / previous entry"
    assert rows["u / U / A"] == "next / previous unread; mark all read"
    assert rows["r / f"] == "refresh now; pause or resume following"  # (the tooltips)
    assert rows["g / G"] == "newest / oldest entry (home / end too)"  # (key_display g, G)
    assert rows["ctrl+d/ctrl+u"] == "half a page down / up (both panes)"
    assert "tab" in rows and "ctrl+p" in rows  # Textual's own keys, described too
    # the detail pane's j / k (its own meaning of the timeline's keys) add no row
    assert sum(" j " in f" {key} " for key in rows) == 1

    class Renamed(LiveblogApp):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("r", "refresh_now", "Refresh", tooltip="Fetch the blog at once")
            if isinstance(b, Binding) and b.action == "refresh_now"
            else b
            for b in LiveblogApp.BINDINGS
        ]

    assert dict(Renamed.help_rows())["r / f"] == "fetch the blog at once; pause or resume following"


def test_descriptions_run_together() -> None:
    assert run_together(["next entry", "previous entry"]) == "next / previous entry"
    assert run_together(["half a page down", "half a page up"]) == "half a page down / up"
    assert run_together(["open link", "copy link", "quit"]) == "open / copy link; quit"
    assert run_together(["show the keys", "quit"]) == "show the keys; quit"
    assert run_together(["entry", "entry"]) == "entry; entry"  # nothing left of its own


async def test_the_help_screen_shows_the_rows_made_from_the_bindings() -> None:
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    app.__class__ = Extended
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, 8)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.rows == tuple(Extended.help_rows())
        assert "ring the bell" in screen_text(app)


# -- the palette ------------------------------------------------------------------------------------
def bound_actions() -> dict[str, set[str]]:
    """Every action a key runs (the palette itself aside), with its keys as shown."""
    actions: dict[str, set[str]] = {}
    for one in LiveblogApp.described_keys():
        if one.action != "command_palette":
            actions.setdefault(one.action, set()).update(one.keys)
    return actions


async def test_the_palette_lists_every_bound_action_once_with_its_keys() -> None:
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 8)
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles))  # once each
        bound = bound_actions()
        assert len(bound) > 25 and "scroll_down" in bound and "focus_next" in bound
        ours = {c.title: c.help for c in commands}
        for one in LiveblogApp.described_keys():
            if one.action in bound:
                help = ours[one.binding.description]
                assert help.endswith(")") and all(key in help for key in bound[one.action])


async def test_every_palette_command_of_a_key_runs_its_action(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 8)
        ran: list[tuple[str, str]] = []
        for one in LiveblogApp.described_keys():
            name = one.action
            for target in (app, app.timeline, app.detail):
                if hasattr(target, f"action_{name}"):

                    def record(*_: object, name: str = name, where: object = target) -> None:
                        ran.append((name, type(where).__name__))

                    monkeypatch.setattr(target, f"action_{name}", record)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        owners: dict[str, str] = {}  # (the first widget to bind it: the timeline is focused)
        for one in LiveblogApp.described_keys():
            owners.setdefault(one.action, one.owner.__name__)
        for action in bound_actions():
            title = next(
                one.binding.description
                for one in LiveblogApp.described_keys()
                if one.action == action
            )
            ran.clear()
            await commands[title].callback()
            assert ran == [(action, owners[action])], title


async def test_choosing_a_command_in_the_palette_runs_it_where_its_key_would() -> None:
    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot, 8)
        assert app.timeline.selected_index == 0
        await palette(pilot, "Next entry")
        await until(pilot, lambda: app.timeline.selected_index == 1, "the next entry")
        await palette(pilot, "Compact list / cards")
        await until(pilot, lambda: app.timeline.compact, "the compact list")
        # ctrl+d in the palette: the focused pane's half page, as the key's
        await pilot.press("enter")  # the detail pane, focused
        assert app.focused is app.detail and app.detail.scroll_y == 0
        await palette(pilot, "Half a page down")
        await until(pilot, lambda: app.detail.scroll_y > 0, "the detail pane scrolled")
        assert app.timeline.selected_index == 1  # (not the timeline's half page)


async def test_the_key_bar_is_rebuilt_only_when_the_keys_it_shows_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual's footer removes and mounts its keys again at every bindings signal (four on
    the way to the first frame, four for one tab); the reader's is rebuilt once per change of
    what it shows, and shows what Textual's would."""
    from textual.widgets._footer import FooterKey

    from tui_liveblog.ui.widgets.footer import KeysFooter

    rebuilt: list[tuple[object, ...]] = []
    recompose = KeysFooter.recompose

    async def counted(self: KeysFooter) -> None:
        rebuilt.append(self.keys_shown())
        await recompose(self)

    monkeypatch.setattr(KeysFooter, "recompose", counted)

    def shown(app: LiveblogApp) -> list[str]:
        return [key.description for key in app.query_one(KeysFooter).query(FooterKey)]

    app = reader(BLOG_URL, fetcher=blog().fetcher())
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: len(shown(app)) > 0, "the keys")
        assert len(rebuilt) == 1
        timeline_keys = shown(app)
        assert "Filter" in " ".join(timeline_keys)
        await pilot.press("j", "j", "k")  # moving in the timeline: the same keys
        assert len(rebuilt) == 1
        await pilot.press("slash")  # the filter bar has the focus: its keys
        await until(pilot, lambda: shown(app) != timeline_keys, "the filter's keys")
        assert len(rebuilt) == 2
        await pilot.press("escape")  # back to the timeline: its keys again
        await until(pilot, lambda: shown(app) == timeline_keys, "the timeline's keys")
        assert len(rebuilt) == 3
