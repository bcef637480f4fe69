"""A Footer that rebuilds only when the keys it shows change.

Textual's Footer recomposes (removes and mounts every key, then lays out the whole screen)
whenever the screen's bindings are refreshed, which happens on every focus change. In the
session that is every committed word, as the cursor goes back to the name field, and the
rebuild was most of the time between Enter and the word on screen. The keys shown are the
same before and after, so the rebuild is skipped when nothing it draws differs.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple[Any, ...]:
    """What the Footer draws from the screen's bindings: each binding (key, label, action,
    group), whether it is enabled, and its tooltip, in order; the palette key included."""
    return tuple(
        (key, binding, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
    )


class StableFooter(Footer):
    """Footer that skips the rebuild when the shown keys are unchanged."""

    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        rebuilds = screen.app.app_focus and self.is_attached and screen is self.screen
        keys = shown_keys(screen) if rebuilds else None
        if keys is not None and self._bindings_ready and keys == self._shown:
            return
        self._shown = keys
        super().bindings_changed(screen)
