"""An app whose theme is remembered for the user: the saved one is applied at start, every
change (F10, or "Change theme" in the command palette) is saved to the settings file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from workshop.errors import WorkshopError
from workshop.settings import Settings, load_settings, update_settings
from workshop.ui.collector import CollectorSettings
from workshop.ui.themes import CUSTOM_THEMES, THEME_CYCLE, next_theme

ReturnType = TypeVar("ReturnType")


class ThemedApp(App[ReturnType]):
    """Base of the facilitator's app and of the room's view; each keeps its own setting.

    Both run for hours with a screen redrawn at every key press, so both also tune the
    garbage collector while they run (`workshop.ui.collector`)."""

    #: The key in the settings file this app reads and writes.
    THEME_SETTING: ClassVar[str] = "theme"

    BINDINGS = [
        Binding("f10", "cycle_theme", "Theme", show=False, id="cycle-theme"),
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for theme in CUSTOM_THEMES:
            self.register_theme(theme)
        self._saved_theme: str | None = None
        self._collector = CollectorSettings()

    def notify(  # type: ignore[override]
        self, message: str, *, markup: bool = False, **kwargs: object
    ) -> None:
        """Every notification is plain text, whoever sends it (screens and widgets pass
        markup=True by default): they quote typed titles, file paths and error messages,
        in which a `[/]` must show as written, not crash the app."""
        super().notify(message, markup=False, **kwargs)  # type: ignore[arg-type]

    def saved_theme(self, settings: Settings) -> str | None:
        return getattr(settings, self.THEME_SETTING, None)

    def on_mount(self) -> None:
        settings, problem = load_settings()
        if problem is not None:
            self.notify(problem, title="Settings", severity="warning", timeout=10)
        wanted = self.saved_theme(settings)
        if wanted is not None and wanted in self.available_themes:
            self.theme = wanted
        elif wanted is not None:
            self.notify(
                f"there is no theme {wanted!r} (from the settings file); using {self.theme}",
                title="Settings",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self._saved_theme = wanted
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.call_after_refresh(self._collector.tune)  # once the first screen is up

    def on_unmount(self) -> None:
        self._collector.restore()

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self._saved_theme:
            return
        try:
            update_settings({self.THEME_SETTING: theme.name})
        except WorkshopError as exc:
            self.notify(f"theme not remembered: {exc}", severity="error", timeout=10)
            return
        self._saved_theme = theme.name

    def action_cycle_theme(self) -> None:
        """Step through the default and the projector themes."""
        self.theme = next_theme(self.theme)
        self.notify(f"Theme: {self.theme}", timeout=2)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Next projector theme",
            f"Cycle {' → '.join(THEME_CYCLE)} (F10); remembered for next time",
            self.action_cycle_theme,
        )
