"""Every action with a key or a command-palette entry, declared once.

An `Action` is one row: its stable id (the binding's id, and the name a user's keymap
gives it), the Textual action it runs, its default keys and Footer label if it has keys,
and its palette title and help sentence. A screen or app declares its actions in `ACTIONS`
and derives `BINDINGS` from them (`bindings(...)`); `ActionsProvider` derives the palette's
entries from the same rows, showing the keys that run each action on the screen right now
(`app.get_key_display`), so a key remapped in settings.toml is the key the palette shows.

The user's keymap (`[keymap]` in settings.toml) is checked here against this catalogue:
`check_keymap` keeps the entries that can be applied and says why the others cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.actions import parse
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character
from textual.markup import escape

from workshop.ui.themes import THEME_CYCLE


@dataclass(frozen=True)
class Action:
    """One action: its binding (if it has keys) and its command-palette entry."""

    id: str
    """Stable: the binding's id, and the name a keymap in settings.toml remaps it by."""
    action: str
    """The Textual action it runs, on the screen or app that declares it ("app." for the app)."""
    title: str
    """The palette's title. May name a value of the declaring node's `palette_values()`,
    e.g. "Trends for {organization}"."""
    help: str
    """One sentence for the palette, without the key: the palette adds the keys in use."""
    keys: str = ""
    """Default keys, e.g. "ctrl+n,f8"; empty for an action found in the palette only."""
    label: str = ""
    """The Footer's short description."""
    show: bool = True
    """In the Footer (it is in the palette either way)."""
    priority: bool = False
    """Ahead of the focused widget's own keys (the session's keys work while typing)."""

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            priority=self.priority,
            id=self.id,
        )


def bindings(actions: Iterable[Action]) -> list[BindingType]:
    """`BINDINGS` for the actions that have keys."""
    return [action.binding() for action in actions if action.keys]


# -- the catalogue --------------------------------------------------------------------------

#: Both apps (`ThemedApp`).
THEME_ACTIONS = (
    Action(
        "cycle-theme",
        "cycle_theme",
        "Next projector theme",
        f"Cycle {' → '.join(THEME_CYCLE)}; remembered for next time",
        keys="f10",
        label="Theme",
        show=False,
    ),
)

#: The facilitator's app (`WorkshopApp`), on every screen.
APP_ACTIONS = (
    Action(
        "quit",
        "quit",
        "Quit",
        "Save what is being typed and close workshop",
        keys="ctrl+q",
        label="Quit",
        priority=True,
    ),
    Action(
        "session-history",
        "show_history",
        "Session history",
        "Every past session: filter, read, run again, follow up",
    ),
)

#: A session being run (`SessionScreen`). Keys never clash with typing: Ctrl and F keys only.
SESSION_ACTIONS = (
    Action(
        "next-step",
        "next_step",
        "Next step",
        "Move to the next step of the agenda",
        keys="ctrl+n,f8",
        label="Next",
        priority=True,
    ),
    Action(
        "previous-step",
        "previous_step",
        "Previous step",
        "Go back one step",
        keys="ctrl+b,f7",
        label="Back",
        priority=True,
    ),
    Action(
        "jump-to-step",
        "jump",
        "Go to step…",
        "Jump to any step",
        keys="ctrl+g,f9",
        label="Go to",
        priority=True,
    ),
    Action(
        "toggle-timer",
        "toggle_timer",
        "Pause or resume timer",
        "Stop or restart the step timer",
        keys="ctrl+t,f5",
        label="Timer",
        priority=True,
    ),
    Action(
        "add-minute",
        "add_minute",
        "Add a minute",
        "Give the step one more minute",
        keys="ctrl+y,f6",
        label="+1 min",
        show=False,
        priority=True,
    ),
    Action(
        "present-mode",
        "present",
        "Present mode",
        "Show only what the room needs",
        keys="ctrl+o,f2",
        label="Present",
        priority=True,
    ),
    Action(
        "toggle-notes",
        "toggle_notes",
        "Show or hide notes",
        "Your private notes for this step",
        keys="ctrl+l,f3",
        label="Notes",
        show=False,
        priority=True,
    ),
    Action(
        "undo",
        "undo",
        "Undo",
        "Undo the last change in this step",
        keys="ctrl+z",
        label="Undo",
        priority=True,
    ),
    Action(
        "toggle-room",
        "toggle_room",
        "Open or close the room to phones",
        "Phones on the same network join with the QR code; closing stops listening",
        keys="f12",
        label="Room",
        show=False,
        priority=True,
    ),
    Action(
        "toggle-results",
        "toggle_results",
        "Hide or reveal the results",
        "The room sees only how many answers are in until you reveal them",
        keys="f1",
        label="Hide results",
        show=False,
        priority=True,
    ),
    Action(
        "phones-waiting",
        "phones_waiting",
        "Entries waiting from phones",
        "Accept or reject what phones sent to a step that asks for approval",
        keys="f11",
        label="Waiting",
        show=False,
        priority=True,
    ),
    Action(
        "blank-room",
        "blank_room",
        "Blank the room's view",
        "workshop present goes black, or back",
        keys="f4",
        label="Blank room",
        show=False,
        priority=True,
    ),
    Action(
        "session-details",
        "edit_details",
        "Session details…",
        "Title, organization, facilitator, anonymity",
    ),
    Action("finish-session", "finish", "Finish session", "Mark the session finished and save it"),
    Action(
        "back-to-launcher",
        "app.to_launcher",
        "Back to the launcher",
        "Close this session and pick another",
    ),
    Action(
        "export",
        "app.export",
        "Export…",
        "Markdown, HTML or CSV beside the record, or an SVG of what the room sees",
    ),
    Action(
        "trends",
        "trends",
        "Trends for {organization}",
        "Words side by side across its sessions, commitments kept on time",
    ),
)

#: The room's view (`workshop present`, `AudienceApp`): plain letters, nothing is typed there.
ROOM_ACTIONS = (
    Action("present-quit", "quit", "Quit", "Close the room's view", keys="q", label="Quit"),
    Action(
        "present-blank",
        "toggle_blank",
        "Blank the room's view",
        "A black screen, or back",
        keys="b",
        label="Blank",
    ),
    Action(
        "present-reveal",
        "reveal",
        "Reveal",
        "Show everything captured meanwhile",
        keys="r",
        label="Reveal",
    ),
)

#: Every action of both apps: the ids a keymap may name.
ALL_ACTIONS = (*THEME_ACTIONS, *APP_ACTIONS, *SESSION_ACTIONS, *ROOM_ACTIONS)


def declared_actions(node: DOMNode) -> list[Action]:
    """The actions a screen or app declares in `ACTIONS`, its own first, then its bases'."""
    seen: set[str] = set()
    found: list[Action] = []
    for cls in type(node).__mro__:
        for action in cls.__dict__.get("ACTIONS", ()):
            if action.id not in seen:
                seen.add(action.id)
                found.append(action)
    return found


# -- the command palette --------------------------------------------------------------------

Target = tuple[DOMNode, str, tuple[object, ...]]


def _target(action: str, node: DOMNode) -> Target | None:
    """What `action`, run from `node`, calls: (the node it runs on, its name, its arguments)."""
    namespace, name, arguments = parse(action)
    if namespace == "app":
        return node.app, name, arguments
    if namespace == "":
        return node, name, arguments
    return None  # "screen." and the like: none of the declared actions needs them


@dataclass(frozen=True)
class PaletteEntry:
    title: str
    help: str
    command: Callable[[], Any]


class ActionsProvider(Provider):
    """The palette's entries for the actions declared by the screen the palette was opened
    on and by the app: title and help from the declaration, and the keys that run the action
    there now (after the user's keymap), as the Footer shows them. An action its node's
    `check_action` refuses here (Trends without an organization) is left out."""

    def entries(self) -> Iterator[PaletteEntry]:
        screen, app = self.screen, self.app
        keys: dict[Target, list[str]] = {}
        for active in screen.active_bindings.values():
            if (target := _target(active.binding.action, active.node)) is not None:
                keys.setdefault(target, []).append(app.get_key_display(active.binding))
        for node in (screen, app):
            values: Mapping[str, str] = getattr(node, "palette_values", dict)()
            for action in declared_actions(node):
                target = _target(action.action, node)
                if target is None or target[0].check_action(target[1], target[2]) is not True:
                    continue
                title = action.title.format_map(values) if values else action.title
                shown = keys.get(target)
                help_text = action.help + (f" ({' or '.join(shown)})" if shown else "")
                yield PaletteEntry(
                    title, escape(help_text), partial(app.run_action, action.action, node)
                )

    async def discover(self) -> Hits:
        for entry in self.entries():
            yield DiscoveryHit(Content(entry.title), entry.command, entry.title, entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries():
            if (score := matcher.match(entry.title)) > 0:
                yield Hit(
                    score, matcher.highlight(entry.title), entry.command, entry.title, entry.help
                )


# -- the user's keymap ----------------------------------------------------------------------

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})

#: Key names beyond single characters and Unicode character names ("question_mark").
KEY_NAMES = frozenset(
    {k.value.rpartition("+")[2] for k in Keys if not k.value.startswith("<")}
    | set(KEY_NAME_REPLACEMENTS.values())
)


def is_key(key: str) -> bool:
    """A key as Textual names it: "f8", "ctrl+right", "question_mark", "a"."""
    *modifiers, name = key.split("+")
    if any(m not in MODIFIERS for m in modifiers) or len(set(modifiers)) < len(modifiers):
        return False
    return len(name) == 1 or name in KEY_NAMES or key_to_character(name) is not None


def check_keymap(
    keymap: Mapping[str, str], actions: Iterable[Action] = ALL_ACTIONS
) -> tuple[dict[str, str], list[str]]:
    """The entries of a user's keymap that can be applied, and one phrase for each entry
    that cannot (that action keeps its default keys)."""
    by_id = {action.id: action for action in actions}
    applied: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, text in keymap.items():
        action = by_id.get(binding_id)
        keys = [key.strip() for key in text.split(",")]
        if action is None:
            problems.append(f"unknown binding id {binding_id!r}")
        elif not action.keys:
            problems.append(f"{binding_id!r} is in the command palette only, it has no keys")
        elif not text.strip():
            problems.append(f"{binding_id!r} has no keys")
        elif "" in keys:
            problems.append(f"{binding_id!r}: {text!r} has an empty key (keys are split by commas)")
        elif bad := [key for key in keys if not is_key(key)]:
            problems.append(f"{binding_id!r}: {bad[0]!r} is not a key")
        elif action.priority and (typed := [k for k in keys if key_to_character(k)]):
            problems.append(
                f"{binding_id!r}: {typed[0]!r} is typed in the session, use a Ctrl or F key"
            )
        else:
            applied[binding_id] = ",".join(keys)
    return applied, problems
