"""The bundled demo: an invented live blog served on 127.0.0.1 for ``liveblog demo``.

:class:`~tui_liveblog.demo.server.DemoServer` serves it inside the reader's own process;
:func:`~tui_liveblog.demo.server.serve_forever` is ``liveblog demo --serve``.
"""

from __future__ import annotations

from tui_liveblog.demo.page import KEY_EVENT_FLAG, PIN_FLAG
from tui_liveblog.demo.server import DemoServer, serve_forever

__all__ = ["KEY_EVENT_FLAG", "PIN_FLAG", "DemoServer", "serve_forever"]
