"""The settings file (themes remembered for the user, their keymap): round trip, bad files
fall back to the defaults and say so once, and both apps apply the saved theme and save a
changed one. The keymap's use in the app: test_keymap.py."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from conftest import AGENDAS, FakeClock

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.settings import (
    Settings,
    load_settings,
    save_settings,
    settings_path,
    update_settings,
)
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp
from workshop.ui.themes import THEME_CYCLE, next_theme


def test_missing_file_gives_the_defaults_quietly() -> None:
    assert load_settings() == (Settings(), None)


def test_round_trip(workshop_home: Path) -> None:
    settings = Settings(
        theme="projector-light",
        present_theme="high-contrast",
        keymap={"next-step": "ctrl+right,f8", "present-blank": "x"},
    )
    save_settings(settings)
    assert load_settings() == (settings, None)
    assert settings_path() == workshop_home / "settings.toml"
    text = settings_path().read_text(encoding="utf-8")
    assert 'theme = "projector-light"' in text and 'present_theme = "high-contrast"' in text
    assert '[keymap]\nnext-step = "ctrl+right,f8"\npresent-blank = "x"\n' in text
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(settings_path()).st_mode) == 0o600


def test_unset_values_are_left_out_of_the_file() -> None:
    save_settings(Settings(theme="textual-dark"))
    assert settings_path().read_text(encoding="utf-8").strip() == 'theme = "textual-dark"'


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('theme = "unclosed\n', "settings.toml:1:"),
        ('colour = "red"\n', "colour"),
        ("theme = 3\n", "theme"),
        ('theme = "no spaces allowed"\n', "theme"),
        (b"\xff\xfe", "UTF-8"),
        ('keymap = "ctrl+n"\n', "keymap"),
        ("[keymap]\nnext-step = 8\n", "next-step"),
    ],
    ids=[
        "syntax",
        "unknown-key",
        "wrong-type",
        "bad-name",
        "not-utf8",
        "keymap-not-a-table",
        "keymap-not-strings",
    ],
)
def test_a_bad_file_falls_back_to_the_defaults_and_says_why(text: str | bytes, said: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    settings, problem = load_settings()
    assert settings == Settings()
    assert problem is not None and said in problem and "using the default settings" in problem
    assert "\n" not in problem


def test_update_keeps_other_settings_and_keeps_a_bad_file_aside() -> None:
    keymap = {"next-step": "ctrl+right", "no-such-binding": ""}  # checked by the app, not here
    save_settings(Settings(theme="projector-light", keymap=keymap))
    assert update_settings({"present_theme": "high-contrast"}) == Settings(
        theme="projector-light", present_theme="high-contrast", keymap=keymap
    )
    assert load_settings()[0].keymap == keymap
    settings_path().write_text("this is not TOML\n", encoding="utf-8")
    update_settings({"theme": "high-contrast"})
    assert load_settings() == (Settings(theme="high-contrast"), None)
    bad = settings_path().with_name("settings.toml.bad")
    assert bad.read_text(encoding="utf-8") == "this is not TOML\n"


def test_the_theme_cycle() -> None:
    assert THEME_CYCLE == ("textual-dark", "projector-light", "high-contrast")
    assert [next_theme(t) for t in THEME_CYCLE] == [
        "projector-light",
        "high-contrast",
        "textual-dark",
    ]
    assert next_theme("nord") == "textual-dark"


def new_app(clock: FakeClock) -> WorkshopApp:
    record = SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
    return WorkshopApp(Session(SessionFile.create(record), clock), clock)


async def test_console_applies_the_saved_theme_and_saves_changes() -> None:
    save_settings(Settings(theme="projector-light", present_theme="textual-dark"))
    app = new_app(FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "projector-light"
        await pilot.press("f10")
        assert app.theme == "high-contrast"
        await pilot.pause()
        assert load_settings()[0].theme == "high-contrast"
        app.theme = "nord"  # as the command palette's "Change theme" does
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert load_settings() == (Settings(theme="nord", present_theme="textual-dark"), None)
    app = new_app(FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        await pilot.press("ctrl+q")


@pytest.mark.parametrize(
    ("text", "said"),
    [("theme = [\n", "TOML syntax"), ('theme = "no-such-theme"\n', "no theme 'no-such-theme'")],
    ids=["bad-file", "unknown-theme"],
)
async def test_a_bad_setting_is_said_once_and_the_default_used(
    monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    app = new_app(FakeClock())
    told: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        told.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert len([m for m in told if said in m]) == 1, told
        await pilot.press("ctrl+q")
    assert path.read_text(encoding="utf-8") == text, "a bad file is not rewritten unasked"


def test_the_last_people_are_remembered_and_an_empty_one_keeps_the_last(
    workshop_home: Path,
) -> None:
    from workshop.settings import last_people, remember_people

    assert last_people() == ("", "")
    remember_people("Acme Clinic", "Fay")
    assert last_people() == ("Acme Clinic", "Fay")
    remember_people("", "Gus")
    assert last_people() == ("Acme Clinic", "Gus")
    update_settings({"theme": "nord"})  # other settings keep them
    assert last_people() == ("Acme Clinic", "Gus")


def test_remembering_never_stops_a_session_when_settings_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import workshop.settings
    from workshop.settings import last_people, remember_people

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workshop.settings, "atomic_write", full_disk)
    remember_people("Acme Clinic", "Fay")
    assert last_people() == ("", "")
