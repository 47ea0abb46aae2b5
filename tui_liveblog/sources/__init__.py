"""Source formats: one :class:`~tui_liveblog.sources.base.Source` per package below, and the
:class:`~tui_liveblog.sources.registry.Registry` that detects which one reads a document.

- :mod:`.base`: the contract (:class:`Source`, :class:`Options`);
- :mod:`.registry`: detection and dispatch;
- :mod:`.common`: what the sources share (untrusted values, the entry cap, the nesting guard);
- :mod:`.derived_ids`: ids for entries their source does not name (stable under an edit);
- one package per format: ``guardian``, ``reddit``, ``scribblelive``, ``sourcefabric``,
  ``wordpress`` (publisher APIs), ``jsonld``, ``feed`` and ``html``.

The contract's and the registry's names are importable from here (``from tui_liveblog.sources
import Registry, Source``); :func:`kinds` and :func:`parse` use the default registry. Importing
this package imports none of the formats (they load on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_liveblog.lazy import lazy_exports
from tui_liveblog.model import Snapshot
from tui_liveblog.sources.base import Extras, Headers

if TYPE_CHECKING:
    from tui_liveblog.sources.base import DEFAULT_OPTIONS as DEFAULT_OPTIONS
    from tui_liveblog.sources.base import Options as Options
    from tui_liveblog.sources.base import Source as Source
    from tui_liveblog.sources.registry import Registry as Registry
    from tui_liveblog.sources.registry import default_registry as default_registry

_PUBLIC = {
    "DEFAULT_OPTIONS": "base",
    "Options": "base",
    "Source": "base",
    "Registry": "registry",
    "default_registry": "registry",
}
__all__ = sorted([*_PUBLIC, "kinds", "parse"])

__getattr__ = lazy_exports(__name__, _PUBLIC)


def kinds() -> list[str]:
    """The known source kinds, in detection order."""
    from tui_liveblog.sources.registry import default_registry

    return default_registry().kinds()


def parse(
    data: bytes, url: str, headers: Headers = None, kind: str | None = None, extras: Extras = None
) -> Snapshot:
    """Detect the format (unless ``kind`` is given) and parse, with the default registry."""
    from tui_liveblog.sources.registry import default_registry

    return default_registry().parse(data, url, headers, kind, extras)
