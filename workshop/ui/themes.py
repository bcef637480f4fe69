"""Themes for the projector: Textual's own, plus a high-contrast one for washed-out rooms."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    warning="#FFA500",
    error="#FF3030",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

PROJECTOR_LIGHT = Theme(
    name="projector-light",
    primary="#0033AA",
    secondary="#006644",
    accent="#AA0066",
    warning="#B35900",
    error="#CC0000",
    success="#006600",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E8E8E8",
    dark=False,
    text_alpha=1.0,
)

CUSTOM_THEMES = (HIGH_CONTRAST, PROJECTOR_LIGHT)

#: What F10 steps through: Textual's default, then the two made for projectors.
THEME_CYCLE = ("textual-dark", "projector-light", "high-contrast")


def next_theme(current: str) -> str:
    """The theme after `current` in `THEME_CYCLE` (the first one from any other theme)."""
    if current not in THEME_CYCLE:
        return THEME_CYCLE[0]
    return THEME_CYCLE[(THEME_CYCLE.index(current) + 1) % len(THEME_CYCLE)]
