"""The home screen and the reader sharing one web page (``liveblog serve`` with no SOURCE).

Under textual-serve, each app runs with Textual's web driver, which talks to the server through
stdout and stdin. When an app ends, the driver tells the server "exit", and the server closes the
page's session: a reader opened from the home screen would never show. :class:`HandoverWebDriver`
is that driver with one difference when its app ``hands_over`` the page to the next app (the
home screen and the reader, in turn): it stops reading the page's keys but does not say "exit",
and the next app's driver carries on the same stream, at the page's size, without its prelude
(the server reads it once, at the start), without switching to the alternate screen again
(which would clear the page before the next app's first frame).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App
from textual.drivers.web_driver import WebDriver

_PRELUDE = b"__GANGLION__\n"
_ALT_SCREEN = "\x1b[?1049h"


class _Handed:
    """What the app that handed the page over left for the next one."""

    size: tuple[int, int] | None = None
    pending = False


class HandoverWebDriver(WebDriver):
    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        self._continues = _Handed.pending
        if self._continues and kwargs.get("size") is None and _Handed.size is not None:
            kwargs["size"] = _Handed.size  # (the page's size: the server says it on a resize only)
        _Handed.pending = False
        super().__init__(app, **kwargs)
        self._skip_alt_screen = self._continues

    def start_application_mode(self) -> None:
        if self._continues:
            self._write = partial(self._write_but_the_prelude, self._write)
        super().start_application_mode()

    def _write_but_the_prelude(self, write: Callable[[bytes], int], data: bytes) -> int:
        if data == _PRELUDE:
            self._write = partial(write)  # (once: the stream goes on as it was)
            return len(data)
        return write(data)

    def write(self, data: str) -> None:
        if self._skip_alt_screen and data == _ALT_SCREEN:
            self._skip_alt_screen = False
            return
        super().write(data)

    def stop_application_mode(self) -> None:
        if not getattr(self._app, "hands_over", False):
            super().stop_application_mode()
            return
        # the keys stop here (the next app's driver reads them), and the session goes on
        self.exit_event.set()
        self._input_reader.close()
        if self._key_thread.is_alive():
            self._key_thread.join(1.0)  # (it looks for its end every 0.1 s)
        _Handed.size, _Handed.pending = self._size, True
