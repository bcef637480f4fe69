"""Modal dialogs, each typed by what it returns on dismiss."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist


class Dialog(ModalScreen):
    """Common look and Escape-to-cancel for every dialog."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Dialog .title { text-style: bold; color: $primary; margin-bottom: 1; }
    Dialog .hint { color: $text-muted; }
    Dialog .error { color: $error; height: auto; }
    Dialog Input { margin-bottom: 1; }
    Dialog Horizontal { height: auto; align-horizontal: right; }
    Dialog Button { margin-left: 2; }
    /* A short terminal (a projector at 80x24): one line per field, so every field, the
       Anonymous box and the Start button stay on screen. */
    Dialog.-short > Vertical { padding: 0 1; }
    Dialog.-short .title { margin-bottom: 0; }
    Dialog.-short Input { border: none; height: 1; padding: 0 1; margin-bottom: 0; }
    Dialog.-short Input:focus { background: $boost; text-style: bold; }
    Dialog.-short Checkbox { border: none; height: 1; padding: 0; margin: 1 0 0 0; }
    Dialog.-short Button { border: none !important; height: 1; min-width: 10; }
    """

    #: `-short` below 36 rows: see the CSS above. The start dialog in full (bordered
    #: fields) takes 32 rows; at 30 its Start button was cut to a bar with no label.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes/no, asked only before deleting data."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="title")
            yield Static("y  yes     n  no", classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


@dataclass
class FieldSpec:
    """One input of a form dialog."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""


class FormDialog(Dialog):
    """A few labelled inputs; Enter on the last submits, returning {name: text}.

    `check` may return an error message to show instead of closing.
    """

    def __init__(
        self,
        title: str,
        fields: list[FieldSpec],
        check: Callable[[dict[str, str]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            for spec in self.fields:
                yield Label(spec.label, markup=False)
                yield Input(spec.value, placeholder=spec.placeholder, id=f"field-{spec.name}")
            yield Static("", classes="error", id="form-error", markup=False)
            yield Static("Enter: next / save    Esc: cancel", classes="hint")

    def values(self) -> dict[str, str]:
        return {s.name: self.query_one(f"#field-{s.name}", Input).value for s in self.fields}

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
            return
        values = self.values()
        if self.check is not None and (problem := self.check(values)):
            self.query_one("#form-error", Static).update(problem)
            return
        self.dismiss(values)


@dataclass
class SessionDetails:
    title: str
    organization: str
    facilitator: str
    anonymous: bool


class AnonymousBox(Checkbox, inherit_bindings=False):
    """A checkbox that Space toggles and Enter leaves alone: in the start dialog Enter
    starts the session, as the hint says (Textual's Checkbox toggles on Enter too, so
    Space then Enter turned anonymity back off and started the session)."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]


class StartSessionDialog(Dialog):
    """Title, organization, facilitator, anonymous: Enter alone accepts the defaults."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="start-session"),
        Binding("enter", "start", "Start", show=False, id="start-session-enter"),
    ]

    def __init__(self, agenda_title: str, details: SessionDetails, heading: str = "") -> None:
        super().__init__()
        self.agenda_title = agenda_title
        self.details = details
        self.heading = heading or f"Start a session: {agenda_title}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, classes="title")
            yield Label("Title")
            yield Input(self.details.title, id="title")
            yield Label("Organization")
            yield Input(self.details.organization, placeholder="who it is for", id="organization")
            yield Label("Facilitator")
            yield Input(self.details.facilitator, placeholder="your name", id="facilitator")
            yield AnonymousBox("Anonymous: never show names on screen", self.details.anonymous)
            yield Static("", classes="error", id="form-error", markup=False)
            yield Static("Enter: start    Esc: cancel", classes="hint")
            with Horizontal():
                yield Button("Start", variant="primary", id="start")

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.query_one("#form-error", Static).update("A session needs a title.")
            self.query_one("#title", Input).focus()
            return
        self.dismiss(
            SessionDetails(
                title=title,
                organization=self.query_one("#organization", Input).value.strip(),
                facilitator=self.query_one("#facilitator", Input).value.strip(),
                anonymous=self.query_one(Checkbox).value,
            )
        )


class PickDialog(Dialog):
    """Choose one of a list (jump to a step, pick a session); returns the option id."""

    DEFAULT_CSS = """
    PickDialog OptionList { height: auto; max-height: 20; }
    PickDialog.-short OptionList { max-height: 14; }  /* scrolls; the hint stays on screen */
    """

    def __init__(self, title: str, options: list[tuple[str, str]], highlight: str | None = None):
        super().__init__()
        self.title_text = title
        self.options = options
        self.highlight = highlight

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.options])
            yield Static("Enter: choose    Esc: cancel", classes="hint")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        if self.highlight is not None:
            with suppress(OptionDoesNotExist):  # an unknown id leaves the first highlighted
                option_list.highlighted = option_list.get_option_index(self.highlight)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        """A digit picks that option at once (Go to step lists the steps numbered 1..)."""
        if event.character and event.character in "123456789":
            index = int(event.character) - 1
            if index < len(self.options):
                event.stop()
                self.dismiss(self.options[index][0])
