"""The key bar: Textual's ``Footer``, rebuilt only when the keys it shows change.

Textual's footer removes and mounts all its keys again each time the screen's bindings may
have changed (a focus move, ``refresh_bindings``), once per signal: four times on the way to
the reader's first frame, four times for one ``tab``, ~35 ms each on a slow machine, for a bar
that mostly shows the same keys. This one gathers the signals of a frame into one check, and
rebuilds only when what it would show (each key, its label, description, state and tooltip,
and the palette's key) differs from what it shows.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that is recomposed only when the keys it shows change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._check_pending = False
        self._shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True  # (one check for all the signals of a frame)
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        shown = self.keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()

    def keys_shown(self) -> tuple[object, ...]:
        """Everything ``Footer.compose`` reads to build the bar, in order."""
        app = self.app
        keys = tuple(
            (
                key,
                binding.show,
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
                binding.tooltip,
            )
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )
        return (keys, self.show_command_palette, app.ENABLE_COMMAND_PALETTE, self.combine_groups)
