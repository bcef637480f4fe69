"""Prompts capture: one question at a time, big; responses (optionally attributed) under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from workshop.kinds import shown_to_room
from workshop.kinds.prompts import SPEC, Response, check_response
from workshop.record import SessionRecord
from workshop.ui.bigtext import BigText, fit
from workshop.ui.dialogs import FieldSpec
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import StepPanel, entry_cell
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.kinds.fields import FieldInput, move_to
from workshop.ui.roomlayout import BIG_FROM_ROWS, FitToSize, Lines, Row, ranked


def compact_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """The current question, large, and the answers given to it so far."""
    current = min(result.current, len(step.prompts) - 1)
    heading = Text.assemble(
        (f"{current + 1}/{len(step.prompts)}  ", "dim"), (step.prompts[current], "bold")
    )
    lines = [heading, Text("")]
    show_names = step.attributed and not record.anonymous
    for response in result.under(current):
        line = Text("• ")
        if show_names and response.person:
            line.append(f"{response.person}: ", style="italic")
        line.append(response.text)
        lines.append(line)
    if not result.under(current):
        lines.append(Text("(no answers yet)", style="dim"))
    return Group(*lines)


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """The current question as large as a third of the height allows, the answers below
    it flowing in columns; one-cell text where the height is unknown or too small."""
    compact = compact_view(record, step, result)

    def build(width: int, height: int | None) -> RenderableType:
        if height is None or height < BIG_FROM_ROWS:
            return compact
        current = min(result.current, len(step.prompts) - 1)
        question = fit(step.prompts[current], width, max(4, height // 3))
        head = BigText(question, "bold")
        parts: list[RenderableType] = [
            Text(f"question {current + 1} of {len(step.prompts)}", style="dim"),
            head,
            Text(""),
        ]
        show_names = step.attributed and not record.anonymous
        responses = result.under(current)
        if not responses:
            parts.append(Text("(no answers yet)", style="dim"))
            return Group(*parts)
        # Large, one a line, when every answer fits whole; else in columns at the
        # terminal's size (an answer is never cut short for the sake of size).
        rows = [
            Row(r.text, prefix=f"{r.person}:" if show_names and r.person else "•")
            for r in responses
        ]
        big = ranked(rows, width, height - question.height - 3, largest=2, cut=False)
        if big:
            parts.append(Lines(big))
            return Group(*parts)
        answers = []
        for response in responses:
            answer = Text("• ", style="bold")
            if show_names and response.person:
                answer.append(f"{response.person}: ", style="italic")
            answer.append(response.text, style="bold")
            answers.append(answer)
        parts.append(Columns(answers, padding=(1, 4), width=max(24, width // 3 - 4)))
        return Group(*parts)

    return FitToSize(build)


class PromptsPanel(StepPanel):
    BINDINGS = [
        Binding("pagedown", "prompt(1)", "Next prompt", id="prompts-next"),
        Binding("pageup", "prompt(-1)", "Prev prompt", id="prompts-previous"),
    ]

    DEFAULT_CSS = """
    PromptsPanel #room { height: 1fr; overflow-y: auto; }
    PromptsPanel EntryTable { height: 8; }
    PromptsPanel.-present EntryTable { display: none; }
    """

    @property
    def attributed(self) -> bool:
        return bool(self.step.attributed) and self.show_names

    def compose(self) -> ComposeResult:
        yield Static(id="room", classes="room")
        with Horizontal(classes="inputs"):
            yield FieldInput(
                on_enter=self._person_done,
                placeholder="Who (optional)",
                id="person",
                suggester=SuggestFromList(self.record.participants, case_sensitive=False),
            )
            yield FieldInput(on_enter=self._add, placeholder="Response, then Enter", id="response")
        yield Static("", classes="problem")
        yield Static("PgUp/PgDn: previous/next prompt", classes="hint facilitator-only")
        table = EntryTable(id="responses", classes="facilitator-only")
        table.add_columns("Who", "Response")
        yield table

    def set_up(self) -> None:
        person = self.query_one("#person", Input)
        person.display = self.attributed
        person.styles.width = 24

    def focus_input(self) -> None:
        self.query_one("#person" if self.attributed else "#response", Input).focus()

    def refresh_view(self) -> None:
        result = self.result
        shown = shown_to_room(result)
        view = self.for_room(lambda: room_view(self.record, self.step, shown))
        self.query_one("#room", Static).update(view)
        rows = [
            (r.id, (r.person if self.show_names else "—", entry_cell(r, r.text)))
            for r in reversed(result.under(result.current))
        ]
        self.query_one(EntryTable).fill(rows)

    def action_prompt(self, delta: int) -> None:
        result = self.result
        new = result.current + delta
        if not 0 <= new < len(self.step.prompts):
            return
        result.current = new
        self.session.save()
        self.after_change()

    def _person_done(self, name: str) -> None:
        move_to(self.query_one("#response", Input))

    def _add(self, typed: str) -> None:
        try:
            text = check_response(typed)
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        person_input = self.query_one("#person", Input)
        person = person_input.value if self.attributed else ""

        def add(result: Any) -> None:
            name = self.record.add_participant(person)
            at = self.session.clock()
            result.responses.append(Response(prompt=result.current, person=name, text=text, at=at))

        if self.apply(add):
            self.query_one("#response", Input).value = ""
            person_input.value = ""
            person_input.suggester = SuggestFromList(self.record.participants, case_sensitive=False)
            move_to(self.query_one("#person" if self.attributed else "#response", Input))

    def edit_entry(self, key: str) -> None:
        response = next(r for r in self.result.responses if r.id == key)
        fields = [FieldSpec("text", "Response", response.text)]
        if self.attributed:
            fields.insert(0, FieldSpec("person", "Who", response.person))

        def edited(values: dict[str, str]) -> Callable[[Any], None]:
            text = values["text"].strip()
            if not text:
                raise ValueError("a response needs some text")

            def change(result: Any) -> None:
                target = next(r for r in result.responses if r.id == key)
                target.text = text
                if "person" in values:
                    target.person = self.record.add_participant(values["person"])

            return change

        self.edit_in_dialog("Edit response", fields, edited)

    def delete_entry(self, key: str) -> None:
        response = next(r for r in self.result.responses if r.id == key)

        def delete() -> None:
            self.apply(lambda r: r.responses.remove(next(x for x in r.responses if x.id == key)))

        self.confirm_delete(f"the response {response.text[:40]!r}", delete)


UI = KindUI(spec=SPEC, panel=PromptsPanel, room_view=room_view, recap=False)
