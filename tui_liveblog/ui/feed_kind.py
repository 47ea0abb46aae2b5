"""Is the reader's feed one blog or several as one (:class:`~tui_liveblog.feed_group.FeedGroup`)?

Asked without importing :mod:`tui_liveblog.feed_group` (and what it brings: the same-post
matching, the labels) on the way to a single blog's first frame: that module is imported
when a group is made, so while it is not, no feed can be a group.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from tui_liveblog.feed_group import FeedGroup


def is_group(feed: object) -> TypeGuard[FeedGroup]:
    module = sys.modules.get("tui_liveblog.feed_group")
    return module is not None and isinstance(feed, module.FeedGroup)
