"""Source formats: one :class:`~tui_liveblog.sources.base.Source` per package below, and the
:class:`~tui_liveblog.sources.registry.Registry` that detects which one reads a document.

- :mod:`.base`: the contract (:class:`Source`, :class:`Options`);
- :mod:`.registry`: detection and dispatch;
- :mod:`.common`: what the sources share (untrusted values, the entry cap, the nesting guard);
- one package per format: ``guardian``, ``reddit``, ``scribblelive``, ``sourcefabric``,
  ``wordpress`` (publisher APIs), ``jsonld``, ``feed`` and ``html``.

The functions here use the default registry; importing this package imports none of the
formats (they load on first use).
"""

from __future__ import annotations

from collections.abc import Mapping

from tui_liveblog.model import Snapshot


def kinds() -> list[str]:
    """The known source kinds, in detection order."""
    from tui_liveblog.sources.registry import default_registry

    return default_registry().kinds()


def parse(
    data: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    kind: str | None = None,
    extras: Mapping[str, bytes] | None = None,
) -> Snapshot:
    """Detect the format (unless ``kind`` is given) and parse, with the default registry."""
    from tui_liveblog.sources.registry import default_registry

    return default_registry().parse(data, url, headers, kind, extras)
