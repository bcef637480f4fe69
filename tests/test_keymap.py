"""Keys of the user's own: `[keymap]` in settings.toml remaps an action (the new key works,
the old one no longer does, the palette and Footer show the new one); a keymap that cannot
be used falls back to the default keys and says so once; saving a theme keeps the keymap."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import AGENDAS, FakeClock
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.settings import Settings, load_settings, settings_path
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp
from workshop.ui.session_screen import SessionScreen


def write_settings(text: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def new_app(clock: FakeClock) -> WorkshopApp:
    record = SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
    return WorkshopApp(Session(SessionFile.create(record), clock), clock)


def told_by(app: WorkshopApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every (title, message) the app notifies from now on."""
    told: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        told.append((str(kwargs.get("title", "")), message))
        original(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    return told


async def until(pilot: Pilot[None], done: Callable[[], object], what: str) -> None:
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"gave up waiting for {what}")


async def session_screen(pilot: Pilot[None]) -> SessionScreen:
    app = pilot.app
    await until(pilot, lambda: getattr(app.screen, "panel", None) is not None, "the session")
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    await pilot.pause()
    return screen


async def step_after(pilot: Pilot[None], screen: SessionScreen, key: str) -> int:
    await pilot.press(key)
    await pilot.pause()
    return screen.session.step_index


async def test_a_keymap_remaps_next_step_and_the_palette_shows_the_new_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_settings('theme = "projector-light"\n\n[keymap]\nnext-step = "ctrl+right,f8"\n')
    app = new_app(FakeClock())
    told = told_by(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await session_screen(pilot)
        assert told == [], "a good keymap is applied quietly"
        assert await step_after(pilot, screen, "ctrl+n") == 0, "the old key is gone"
        assert await step_after(pilot, screen, "ctrl+right") == 1, "the new key moves on"
        assert await step_after(pilot, screen, "f8") == 2, "so does the other key kept"
        assert await step_after(pilot, screen, "ctrl+b") == 1, "the others are unchanged"

        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"Next st")
        commands = app.screen.query_one(CommandList)
        new_key = app.get_key_display(Binding("ctrl+right", ""))
        wanted = f"Next step\nMove to the next step of the agenda ({new_key} or f8)"
        await until(
            pilot,
            lambda: commands.option_count and str(commands.get_option_at_index(0).prompt),
            "an answer",
        )
        assert str(commands.get_option_at_index(0).prompt) == wanted
        await pilot.press("escape")

        # Saving a theme (F10) rewrites the file: the keymap stays in it.
        await until(pilot, lambda: app.screen is screen, "the session again")
        await pilot.press("f10")
        await pilot.pause()
        assert load_settings() == (
            Settings(theme="high-contrast", keymap={"next-step": "ctrl+right,f8"}),
            None,
        )
        await pilot.press("ctrl+q")


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ('nxt-step = "ctrl+right"', "unknown binding id 'nxt-step'"),
        ('next-step = ""', "'next-step' has no keys"),
        ('next-step = "ctlr+right"', "'ctlr+right' is not a key"),
        ('next-step = "ctrl+right,,f8"', "has an empty key"),
        ('next-step = "n"', "'n' is typed in the session"),
        ('finish-session = "f12"', "in the command palette only"),
    ],
    ids=["unknown-id", "no-keys", "not-a-key", "empty-key", "typed-key", "palette-only"],
)
async def test_a_bad_keymap_entry_falls_back_and_is_said_once(
    monkeypatch: pytest.MonkeyPatch, entry: str, said: str
) -> None:
    text = f'theme = "projector-light"\n\n[keymap]\n{entry}\nprevious-step = "f12"\n'
    write_settings(text)
    app = new_app(FakeClock())
    told = told_by(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await session_screen(pilot)
        assert app.theme == "projector-light", "the rest of the settings are used"
        keymap = [(title, message) for title, message in told if "Keymap" in title]
        assert len(keymap) == 1 and said in keymap[0][1], told
        assert "default keys" in keymap[0][1]
        assert len(told) == 1, told
        assert await step_after(pilot, screen, "ctrl+n") == 1, "the default keys work"
        assert await step_after(pilot, screen, "f12") == 0, "the good entry is applied"
        await pilot.press("ctrl+q")
    assert settings_path().read_text(encoding="utf-8") == text, "the file is left as it was"


async def test_a_keymap_that_is_not_a_table_of_strings_is_a_bad_settings_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_settings('theme = "projector-light"\n\n[keymap]\nnext-step = 8\n')
    app = new_app(FakeClock())
    told = told_by(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await session_screen(pilot)
        assert len(told) == 1 and "keymap" in told[0][1], told
        assert "using the default settings" in told[0][1]
        assert app.theme == "textual-dark"
        assert await step_after(pilot, screen, "ctrl+n") == 1
        await pilot.press("ctrl+q")
