"""Short public import paths for a package without importing its modules eagerly.

A package's ``__init__`` maps its public names to the submodules that define them and sets
``__getattr__ = lazy_exports(__name__, names)``: ``from tui_liveblog.fetch import Fetcher``
then imports :mod:`tui_liveblog.fetch.client` at that moment, not when the package is imported.
(For the type checker, the same names are imported under ``TYPE_CHECKING``.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_exports(package: str, names: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: ``names`` maps each public name to the
    submodule (relative to ``package``) that defines it."""

    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return __getattr__
