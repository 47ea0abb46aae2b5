"""Textual taking over the first screen :mod:`tui_liveblog.prepaint` drew.

:class:`TakeoverDriver` is Textual's Linux driver with two differences while a pre-painted
screen is up: it does not switch to the alternate screen again the first time (which clears
it in most terminals: a blank frame until Textual's own), and it treats the terminal's mode
from before the pre-paint as the one to restore (on exit, and when suspended with ctrl+z),
not the raw mode the pre-paint left it in. And when its app ``hands_over`` the screen to the
next app (the home screen and the reader, in turn), it does not leave the alternate screen:
the next app's first frame replaces the last one's, with no blank frame between.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from tui_liveblog import prepaint

_ALT_SCREEN = "\x1b[?1049h"
_NORMAL_SCREEN = "\x1b[?1049l"


class TakeoverDriver(LinuxDriver):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keep_screen = prepaint.painted()

    def write(self, data: str) -> None:
        if self._keep_screen and data == _ALT_SCREEN:
            self._keep_screen = False  # (only the first time: after a ctrl+z it is needed)
            prepaint.taken_over()
            return
        if data == _NORMAL_SCREEN and getattr(self._app, "hands_over", False):
            prepaint.keep_screen()  # (the next app's first frame replaces this one)
            return
        super().write(data)

    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]
        original = prepaint.original_attributes()
        if original is not None:
            self.attrs_before = original


def driver_for(app: App[Any], default: type[Driver]) -> type[Driver]:
    """The driver for ``app`` (an app that shares the screen with the next or the last one:
    the pre-paint, the home screen, the reader): Textual's Linux driver is taken over by
    :class:`TakeoverDriver`, the web driver (``liveblog serve``) by
    :class:`~.web_handover.HandoverWebDriver`; any other (Windows) stays as it is."""
    if issubclass(default, LinuxDriver):
        return TakeoverDriver
    from textual.drivers.web_driver import WebDriver

    if issubclass(default, WebDriver):
        from tui_liveblog.ui.web_handover import HandoverWebDriver

        return HandoverWebDriver
    return default
