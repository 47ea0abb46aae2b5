"""The local cache: every entry ever seen of every http(s) blog, in one SQLite file.

:mod:`.cache` holds :class:`Store` (the file, its connection and its public operations;
:mod:`.state` and :mod:`.versions` hold its parts for the reader's state and for the versions
of edited entries), :mod:`.schema` the tables and their checks, :mod:`.codec` how entries are encoded and hashed,
and :mod:`.write` how a merge reads the file, asks the one merge rule
(:mod:`tui_liveblog.merge`) what changes, and writes that.

The public names are importable from here (``from tui_liveblog.store import Store``); the
modules behind them load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_liveblog.lazy import lazy_exports

if TYPE_CHECKING:
    from tui_liveblog.store.cache import FILE_NAME as FILE_NAME
    from tui_liveblog.store.cache import BlogInfo as BlogInfo
    from tui_liveblog.store.cache import CachedBlog as CachedBlog
    from tui_liveblog.store.cache import Store as Store
    from tui_liveblog.store.codec import normalize_url as normalize_url
    from tui_liveblog.store.schema import SCHEMA_VERSION as SCHEMA_VERSION

_PUBLIC = {
    "FILE_NAME": "cache",
    "BlogInfo": "cache",
    "CachedBlog": "cache",
    "Store": "cache",
    "normalize_url": "codec",
    "SCHEMA_VERSION": "schema",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_exports(__name__, _PUBLIC)
