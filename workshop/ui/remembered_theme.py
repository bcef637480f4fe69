"""An app whose theme and keys are the user's: the saved theme is applied at start and every
change (F10, or "Change theme" in the command palette) is saved to the settings file; the
settings' keymap remaps the app's keys, and the command palette shows the keys in use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.theme import Theme

from workshop.errors import WorkshopError
from workshop.settings import SETTINGS_FILE, Settings, load_settings, update_settings
from workshop.ui.commands import (
    THEME_ACTIONS,
    Action,
    ActionsProvider,
    bindings,
    check_keymap,
    declared_actions,
)
from workshop.ui.safe_text import ControlFilter
from workshop.ui.themes import CUSTOM_THEMES, next_theme

ReturnType = TypeVar("ReturnType")


class ThemedApp(App[ReturnType]):
    """Base of the facilitator's app and of the room's view; each keeps its own theme
    setting, both follow the same keymap."""

    #: The key in the settings file this app reads and writes.
    THEME_SETTING: ClassVar[str] = "theme"

    #: Declared actions (`workshop.ui.commands`) are in the palette with the keys in use.
    COMMANDS = App.COMMANDS | {ActionsProvider}
    ACTIONS: ClassVar[tuple[Action, ...]] = THEME_ACTIONS
    BINDINGS = bindings(THEME_ACTIONS)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for theme in CUSTOM_THEMES:
            self.register_theme(theme)
        self._saved_theme: str | None = None
        # No control character from a title, a word or a file reaches the terminal raw.
        self._filters.append(ControlFilter())

    def notify(self, message: str, *, markup: bool = False, **kwargs: object) -> None:
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
        self.apply_keymap(settings.keymap)
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

    def apply_keymap(self, keymap: Mapping[str, str]) -> None:
        """The user's keys. Entries that cannot be used are said, all in one warning, and
        those actions keep their default keys."""
        applied, problems = check_keymap(keymap)
        if applied:
            self.set_keymap(applied)
        if problems:
            self.notify(
                f"{'; '.join(problems)} (left out: the default keys apply)",
                title=f"Keymap in {SETTINGS_FILE}",
                severity="warning",
                timeout=10,
            )

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
        """Textual's own commands, but for those an action declared here replaces ("Quit"
        with the key that quits)."""
        declared = {action.title for action in declared_actions(self)}
        for command in super().get_system_commands(screen):
            if command.title not in declared:
                yield command
