"""A Footer that builds its keys once and rebuilds only when the keys it shows change.

Textual's Footer recomposes (removes and mounts every key, then lays out the whole screen)
whenever the screen's bindings are refreshed, which happens on every focus change. In the
session that is every committed word, as the cursor goes back to the name field, and the
rebuild was most of the time between Enter and the word on screen. The keys shown are the
same before and after, so the rebuild is skipped when nothing it draws differs.

Its keys come after the screen's first frame, not with it: the session's nine keys were
a fifth of the instructions its screen took to that frame (106 of 486 million), and the
screen shows its content sooner without them. They are filled in once, after the frame
that follows (by then the session's panel has taken focus, so the keys are the ones it
wants); the screen's bindings changing before that rebuilds nothing.

And it fits the screen: Textual's Footer cuts off whatever is past the right edge, which
at 100 or 80 columns was Undo and Quit. When the keys do not fit, the ones a facilitator
needs least in sight give way first (`GIVE_WAY`); they still work, and the command
palette (Ctrl+P) lists them with their keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: The Footer's keys that make room first, by action, when not all fit on one line: each
#: is known by heart or has an obvious key (Enter edits), and all are in the palette.
GIVE_WAY = (
    "jump",
    "previous_step",
    "toggle_timer",
    "add_minute",
    "toggle_notes",
    "present",
    "edit_row",
    "app.cycle_theme",
    "cycle_theme",
)
#: The palette key, docked right: "▏^p palette" and the cell after it.
PALETTE_WIDTH = 12


def key_width(key_display: str, description: str) -> int:
    """Cells a compact FooterKey takes: its key, a space and its label, and its margin."""
    return cell_len(key_display) + (1 + cell_len(description) if description else 0) + 1


def keys_to_hide(keys: Iterable[tuple[str, int]], width: int) -> set[str]:
    """The actions (of `keys`: action and width, in order) to leave out of a Footer
    `width` cells wide, in `GIVE_WAY` order, until the rest fit."""
    keys = list(keys)
    room = width - PALETTE_WIDTH
    total = sum(w for _, w in keys)
    hidden: set[str] = set()
    for action in GIVE_WAY:
        if total <= room:
            break
        taken = [w for a, w in keys if a == action]
        if taken:
            hidden.add(action)
            total -= sum(taken)
    return hidden


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
    """Footer that draws its keys after the screen's first frame and skips rebuilds that
    change nothing."""

    _shown: tuple[Any, ...] | None = None
    #: Whether the keys are in: not until the screen's first frames are drawn.
    _filled = False

    def on_mount(self) -> None:
        # Two frames on: the first is the screen's, the second its panel's (which takes focus).
        self.call_after_refresh(self.call_after_refresh, self._fill)

    async def _fill(self) -> None:
        if self._filled or not self.is_attached:
            return
        self._filled = True
        await self.recompose()

    def compose(self) -> ComposeResult:
        if not self._filled:
            return
        if not self._bindings_ready:
            # The keys as they are now; a focus change that changes them rebuilds.
            self.set_reactive(Footer._bindings_ready, True)
            self._shown = shown_keys(self.screen)
        shown: dict[str, int] = {}  # as Footer.compose shows them: the first key per action
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show:
                width = key_width(self.app.get_key_display(binding), binding.description)
                shown.setdefault(binding.action, width)
        hidden = keys_to_hide(shown.items(), self.app.size.width)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in hidden:
                widget.display = False
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        keys = [k for k in self.query_children(FooterKey) if not k.has_class("-command-palette")]
        width = self.size.width or self.app.size.width
        hidden = keys_to_hide(
            ((k.action, key_width(k.key_display, k.description)) for k in keys), width
        )
        for key in keys:
            key.display = key.action not in hidden

    def bindings_changed(self, screen: Screen) -> None:
        if not self._filled:
            return  # the keys are filled in from the bindings as they are then
        rebuilds = screen.app.app_focus and self.is_attached and screen is self.screen
        keys = shown_keys(screen) if rebuilds else None
        if keys is not None and self._bindings_ready and keys == self._shown:
            return
        self._shown = keys
        super().bindings_changed(screen)
