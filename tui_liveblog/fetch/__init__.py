"""Getting a document's bytes: http(s) with conditional requests, retries and a size cap
(:mod:`.client`; compressed bodies inflated under the cap by :mod:`.decode`), files and stdin
(:mod:`.local`), and one-line failure messages (:mod:`.messages`).

The public names are importable from here (``from tui_liveblog.fetch import Fetcher``); the
modules behind them load on first use, so importing the package costs nothing at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_liveblog.lazy import lazy_exports

if TYPE_CHECKING:
    from tui_liveblog.fetch.backoff import parse_retry_after as parse_retry_after
    from tui_liveblog.fetch.client import MB as MB
    from tui_liveblog.fetch.client import USER_AGENT as USER_AGENT
    from tui_liveblog.fetch.client import Fetcher as Fetcher
    from tui_liveblog.fetch.client import FetchResult as FetchResult
    from tui_liveblog.fetch.client import Validators as Validators
    from tui_liveblog.fetch.local import is_url as is_url

_PUBLIC = {
    "MB": "client",
    "USER_AGENT": "client",
    "Fetcher": "client",
    "FetchResult": "client",
    "Validators": "client",
    "is_url": "local",
    "parse_retry_after": "backoff",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_exports(__name__, _PUBLIC)
