"""The bundled demo: an invented live blog served on 127.0.0.1 for ``liveblog demo``.

:class:`~tui_liveblog.demo.server.DemoServer` serves it inside the reader's own process;
:func:`~tui_liveblog.demo.server.serve_forever` is ``liveblog demo --serve``. The names are
importable from here; their modules load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_liveblog.lazy import lazy_exports

if TYPE_CHECKING:
    from tui_liveblog.demo.page import KEY_EVENT_FLAG as KEY_EVENT_FLAG
    from tui_liveblog.demo.page import PIN_FLAG as PIN_FLAG
    from tui_liveblog.demo.server import DemoServer as DemoServer
    from tui_liveblog.demo.server import serve_forever as serve_forever

_PUBLIC = {
    "KEY_EVENT_FLAG": "page",
    "PIN_FLAG": "page",
    "DemoServer": "server",
    "serve_forever": "server",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_exports(__name__, _PUBLIC)
