"""A Footer that builds its keys once and rebuilds only when the keys it shows change.

Textual's Footer recomposes (removes and mounts every key, then lays out the whole screen)
whenever the screen's bindings are refreshed, which happens on every focus change. In the
session that is every committed word, as the cursor goes back to the name field, and the
rebuild was most of the time between Enter and the word on screen. The keys shown are the
same before and after, so the rebuild is skipped when nothing it draws differs.

It also composes its keys with the screen: Textual's composes empty and fills in after the
screen's first bindings refresh, one more layout and paint before a screen is whole (two
at the session's start, where the panel taking focus refreshed the bindings again).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple[Any, ...]:
    """What the Footer draws from the screen's bindings: each binding shown (key, label,
    action, group), whether it is enabled, and its tooltip, in order; the palette key
    included. Bindings not shown (a focused input's own keys) do not change the Footer."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


class StableFooter(Footer):
    """Footer that draws its keys from the start and skips rebuilds that change nothing."""

    _shown: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        if not self._bindings_ready and self.is_attached:
            # The keys as they are now; a focus change that changes them rebuilds.
            self.set_reactive(Footer._bindings_ready, True)
            self._shown = shown_keys(self.screen)
        return super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        rebuilds = screen.app.app_focus and self.is_attached and screen is self.screen
        keys = shown_keys(screen) if rebuilds else None
        if keys is not None and self._bindings_ready and keys == self._shown:
            return
        self._shown = keys
        super().bindings_changed(screen)
