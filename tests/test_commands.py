"""Each action declared once (`workshop.ui.commands`): the screens' and apps' bindings are
the declared ones and nothing else, every declaration names a real action, and the command
palette lists each action with the keys that run it. Also the keymap's checks, unit by unit."""

from __future__ import annotations

import re

import pytest
from conftest import AGENDAS, REPO, FakeClock
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp
from workshop.ui.audience import AudienceApp
from workshop.ui.commands import (
    ALL_ACTIONS,
    APP_ACTIONS,
    ROOM_ACTIONS,
    SESSION_ACTIONS,
    THEME_ACTIONS,
    Action,
    check_keymap,
    is_key,
)
from workshop.ui.launcher import LauncherScreen
from workshop.ui.remembered_theme import ThemedApp
from workshop.ui.session_screen import SessionScreen


def ids(bindings: object) -> list[str | None]:
    return [b.id for b in bindings if isinstance(b, Binding)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("owner", "actions"),
    [
        (SessionScreen, SESSION_ACTIONS),
        (WorkshopApp, APP_ACTIONS),
        (ThemedApp, THEME_ACTIONS),
        (AudienceApp, ROOM_ACTIONS),
    ],
    ids=["session", "app", "themed-app", "room"],
)
def test_every_binding_is_a_declared_action_and_every_keyed_action_a_binding(
    owner: type, actions: tuple[Action, ...]
) -> None:
    own = owner.__dict__["BINDINGS"]
    assert all(isinstance(b, Binding) and b.id and b.description for b in own), own
    assert ids(own) == [a.id for a in actions if a.keys], "declared twice, or missed"
    declared = {a.id: a for a in actions}
    for binding in own:
        action = declared[binding.id]
        assert (binding.key, binding.action, binding.description) == (
            action.keys,
            action.action,
            action.label,
        )
        assert (binding.show, binding.priority) == (action.show, action.priority)


def test_the_session_and_the_apps_declare_their_palette_in_actions() -> None:
    assert SessionScreen.ACTIONS == SESSION_ACTIONS
    assert WorkshopApp.ACTIONS == APP_ACTIONS
    assert ThemedApp.ACTIONS == THEME_ACTIONS


def test_ids_are_unique_and_titles_unique_on_each_screen() -> None:
    all_ids = [a.id for a in ALL_ACTIONS]
    assert len(all_ids) == len(set(all_ids))
    in_a_session = [a.title for a in (*SESSION_ACTIONS, *APP_ACTIONS, *THEME_ACTIONS)]
    assert len(in_a_session) == len(set(in_a_session))


@pytest.mark.parametrize("action", ALL_ACTIONS, ids=lambda a: a.id)
def test_each_declared_action_names_a_method_and_its_help_no_key(action: Action) -> None:
    owner: type = next(
        owner
        for owner, actions in (
            (SessionScreen, SESSION_ACTIONS),
            (WorkshopApp, APP_ACTIONS),
            (ThemedApp, THEME_ACTIONS),
            (AudienceApp, ROOM_ACTIONS),
        )
        if action in actions
    )
    namespace, _, name = action.action.rpartition(".")
    target = WorkshopApp if namespace == "app" else owner
    assert callable(getattr(target, f"action_{name}", None)), action
    # The palette adds the keys in use: a key written into the help would go stale.
    assert "Ctrl+" not in action.help and "(F" not in action.help, action.help


# -- the palette ------------------------------------------------------------------------------


def new_app(clock: FakeClock, organization: str = "Acme Clinic") -> WorkshopApp:
    record = SessionRecord.start_new(
        load_agenda(AGENDAS / "culture-of-service.toml"), organization=organization
    )
    return WorkshopApp(Session(SessionFile.create(record), clock), clock)


async def until(pilot: Pilot[None], done: object, what: str) -> None:
    for _ in range(200):
        if done():  # type: ignore[operator]
            return
        await pilot.pause(0.01)
    raise AssertionError(f"gave up waiting for {what}")


async def palette_prompts(pilot: Pilot[None], typed: str, wanted: str) -> list[str]:
    """Ctrl+P, type `typed`, wait for an entry titled `wanted`: every entry listed, as text.
    The palette is closed again."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await pilot.press(*typed)
    commands = app.screen.query_one(CommandList)

    def prompts() -> list[str]:
        return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]

    await until(pilot, lambda: any(p.startswith(wanted + "\n") for p in prompts()), wanted)
    listed = prompts()
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session")
    return listed


def keys_shown(app: WorkshopApp, keys: str) -> str:
    """How the palette shows these keys: as the Footer does (`get_key_display`)."""
    shown = [app.get_key_display(Binding(key.strip(), "")) for key in keys.split(",")]
    return f"({' or '.join(shown)})"


async def test_the_palette_lists_each_action_with_its_keys() -> None:
    clock = FakeClock()
    app = new_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session")
        for action in (*SESSION_ACTIONS, *APP_ACTIONS, *THEME_ACTIONS):
            title = action.title.format(organization="Acme Clinic")
            typed = title[:3]  # part of the title, as a user types it
            listed = await palette_prompts(pilot, typed, title)
            entry = next(p for p in listed if p.startswith(title + "\n"))
            assert entry.startswith(f"{title}\n{action.help}"), entry
            if action.keys:
                assert entry.endswith(keys_shown(app, action.keys)), entry
            else:
                assert entry == f"{title}\n{action.help}"
        # Textual's own Quit is replaced by the declared one: one Quit, with its key.
        listed = await palette_prompts(pilot, "Quit", "Quit")
        assert [p for p in listed if p.startswith("Quit\n")] == [
            f"Quit\nSave what is being typed and close workshop {keys_shown(app, 'ctrl+q')}"
        ]
        await pilot.press("ctrl+q")


async def test_no_trends_in_the_palette_without_an_organization() -> None:
    clock = FakeClock()
    app = new_app(clock, organization="")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session")
        listed = await palette_prompts(pilot, "T", "Pause or resume timer")
        assert not [p for p in listed if p.startswith("Trends")]
        await pilot.press("ctrl+q")


async def choose(pilot: Pilot[None], typed: str) -> None:
    await pilot.press("ctrl+p", *typed)
    await pilot.pause(0.3)
    await pilot.press("enter")


async def test_actions_without_keys_run_from_the_palette() -> None:
    clock = FakeClock()
    app = new_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session")
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await choose(pilot, "Finish sess")  # the screen's own
        await until(pilot, lambda: screen.session.record.status == "finished", "finished")
        await choose(pilot, "Back to the la")  # the app's, declared with the session's
        await until(pilot, lambda: isinstance(app.screen, LauncherScreen), "the launcher")
        assert app.session is None
        await pilot.press("ctrl+q")


# -- the keymap's checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "known"),
    [
        ("f8", True),
        ("ctrl+right", True),
        ("ctrl+shift+up", True),
        ("question_mark", True),
        ("a", True),
        ("pagedown", True),
        ("ctrl+", False),
        ("ctlr+n", False),
        ("ctrl+ctrl+n", False),
        ("rigth", False),
        ("f 8", False),
        ("", False),
    ],
)
def test_is_key(key: str, known: bool) -> None:
    assert is_key(key) is known


@pytest.mark.parametrize(
    ("keymap", "applied", "said"),
    [
        ({"next-step": "ctrl+right, f8"}, {"next-step": "ctrl+right,f8"}, ""),
        (
            {"cycle-theme": "f12", "present-blank": "x"},
            {"cycle-theme": "f12", "present-blank": "x"},
            "",
        ),
        ({"nxt-step": "f8"}, {}, "unknown binding id 'nxt-step'"),
        ({"finish-session": "f12"}, {}, "'finish-session' is in the command palette only"),
        ({"next-step": " "}, {}, "'next-step' has no keys"),
        ({"next-step": "ctrl+n,,f8"}, {}, "has an empty key"),
        ({"next-step": "ctlr+n"}, {}, "'ctlr+n' is not a key"),
        ({"next-step": "n"}, {}, "'n' is typed in the session"),
        ({"next-step": "space"}, {}, "'space' is typed in the session"),
    ],
    ids=[
        "good",
        "plain-letters-where-nothing-is-typed",
        "unknown-id",
        "palette-only",
        "no-keys",
        "empty-key",
        "not-a-key",
        "typed-letter",
        "typed-space",
    ],
)
def test_check_keymap(keymap: dict[str, str], applied: dict[str, str], said: str) -> None:
    got, problems = check_keymap(keymap)
    assert got == applied
    if said:
        assert len(problems) == 1 and said in problems[0], problems
    else:
        assert problems == []


def test_check_keymap_keeps_the_good_entries_beside_the_bad() -> None:
    got, problems = check_keymap({"nope": "f8", "undo": "ctrl+u", "quit": ""})
    assert got == {"undo": "ctrl+u"}
    assert len(problems) == 2


def test_the_readme_lists_every_id_a_keymap_can_name() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Your own keys", 1)[1].split("\n### ", 1)[0]
    sentence = section.split("The ids:", 1)[1].split("Keys are written", 1)[0]
    named = set(re.findall(r"`([a-z0-9-]+)`", sentence))
    assert named == {a.id for a in ALL_ACTIONS if a.keys}
