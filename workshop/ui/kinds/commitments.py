"""Commitments capture: what, owner, due date (typed the quick way, shown as a real date)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from workshop.dates import format_due, parse_due
from workshop.kinds.commitments import SPEC, Commitment
from workshop.record import SessionRecord
from workshop.ui.dialogs import FieldSpec
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import StepPanel, entry_cell
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.kinds.fields import FieldInput, move_to
from workshop.ui.roomlayout import BIG_FROM_ROWS, FitToSize, Lines, Row, ranked

STATUS_ORDER = ("open", "done", "dropped")
STATUS_MARK = {"open": "○ open", "done": "✓ done", "dropped": "✗ dropped"}


def due_text(due: date | None) -> str:
    """A due date as the room reads it: weekday, day, month, year (Fri 4 Dec 2026)."""
    return f"{due:%a} {due.day} {due:%b %Y}" if due else "—"


def compact_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """The commitments table as the room sees it."""
    if not result.items:
        return Text("(no commitments yet)", style="dim")
    table = Table(expand=True, show_edge=False, header_style="bold")
    table.add_column("What", ratio=3)
    if not record.anonymous:
        table.add_column("Who", ratio=1)
    table.add_column("By", no_wrap=True)
    table.add_column("", no_wrap=True)
    for item in result.items:
        cells = [Text(item.what)]
        if not record.anonymous:
            cells.append(Text(item.owner or "—"))
        cells += [Text(due_text(item.due)), Text(STATUS_MARK[item.status])]
        if item.carried_from:
            cells[0].append("  (carried)", style="dim italic")
        table.add_row(*cells)
    return table


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Each commitment in large type, who and by when beside it; the one-cell table
    where the height is unknown or too small."""
    compact = compact_view(record, step, result)

    def build(width: int, height: int | None) -> RenderableType:
        if height is None or height < BIG_FROM_ROWS or not result.items:
            return compact
        rows = []
        for item in result.items:
            who = "" if record.anonymous else f"{item.owner or '—'} · "
            rows.append(
                Row(item.what, suffix=f"{who}{due_text(item.due)}  {STATUS_MARK[item.status]}")
            )
        lines = ranked(rows, width, height)
        return compact if lines is None else Lines(lines)

    return FitToSize(build)


class CommitmentsPanel(StepPanel):
    BINDINGS = [Binding("s", "cycle_status", "Status", id="commitments-status")]

    DEFAULT_CSS = """
    CommitmentsPanel #owner { width: 20; }
    CommitmentsPanel #due { width: 16; }
    CommitmentsPanel #due-preview { height: 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(classes="inputs"):
            yield FieldInput(on_enter=self._what_done, placeholder="What will be done", id="what")
            yield FieldInput(
                on_enter=self._owner_done,
                placeholder="Owner",
                id="owner",
                suggester=SuggestFromList(self.record.participants, case_sensitive=False),
            )
            yield FieldInput(on_enter=self._add, placeholder="Due: fri, +2w", id="due")
        yield Static("", id="due-preview")
        yield Static("", classes="problem")
        # The room sees this table too, so statuses can be set in present mode.
        table = EntryTable(id="commitments")
        table.add_columns("What", *(["Owner"] if self.show_names else []), "Due", "Status")
        yield table

    def set_up(self) -> None:
        self.query_one("#owner").display = self.show_names

    def refresh_view(self) -> None:
        rows = []
        for c in self.result.items:
            if self.has_class("-present") and (c.hidden or self.room_waits()):
                continue  # this table is what the room sees in present mode
            what = entry_cell(c, c.what)
            if c.carried_from:
                what.append("  (carried)", style="dim italic")
            owner = [c.owner or "—"] if self.show_names else []
            rows.append((c.id, (what, *owner, due_text(c.due), STATUS_MARK[c.status])))
        self.query_one(EntryTable).fill(rows)

    @on(Input.Changed, "#due")
    def _preview(self, event: Input.Changed) -> None:
        preview = self.query_one("#due-preview", Static)
        if not event.value.strip():
            preview.update("")
            return
        try:
            due = parse_due(event.value, self.today())
        except ValueError as exc:
            preview.update(Text(str(exc), style="italic"))
        else:
            preview.update(f"due {format_due(due, self.today())}")

    def _what_done(self, what: str) -> None:
        move_to(self.query_one("#owner" if self.show_names else "#due", Input))

    def _owner_done(self, owner: str) -> None:
        move_to(self.query_one("#due", Input))

    def _add(self, typed_due: str) -> None:
        what_input = self.query_one("#what", Input)
        owner_input = self.query_one("#owner", Input)
        due_input = self.query_one("#due", Input)
        what = " ".join(what_input.value.split())
        if not what:
            self.show_problem("say what will be done first")
            move_to(what_input)
            return
        try:
            due = self.parse_due(due_input.value)
        except ValueError as exc:
            self.show_problem(str(exc))
            return

        def add(result: Any) -> None:
            owner = self.record.add_participant(owner_input.value) if self.show_names else ""
            result.items.append(Commitment(what=what, owner=owner, due=due))

        if self.apply(add):
            for field in (what_input, owner_input, due_input):
                field.value = ""
            owner_input.suggester = SuggestFromList(self.record.participants, case_sensitive=False)
            move_to(what_input)

    def _selected(self) -> Commitment | None:
        key = self.query_one(EntryTable).current_key()
        return next((c for c in self.result.items if c.id == key), None)

    def action_cycle_status(self) -> None:
        item = self._selected()
        if item is None:
            return
        status = STATUS_ORDER[(STATUS_ORDER.index(item.status) + 1) % len(STATUS_ORDER)]

        def change(result: Any) -> None:
            next(c for c in result.items if c.id == item.id).status = status

        self.apply(change)

    def edit_entry(self, key: str) -> None:
        item = next(c for c in self.result.items if c.id == key)
        fields = [
            FieldSpec("what", "What", item.what),
            FieldSpec(
                "due",
                "Due (fri, +2w, 2026-12-04; empty for none)",
                item.due.isoformat() if item.due else "",
            ),
            FieldSpec("status", "Status (open, done, dropped)", item.status),
        ]
        if self.show_names:
            fields.insert(1, FieldSpec("owner", "Owner", item.owner))

        def edited(values: dict[str, str]) -> Callable[[Any], None]:
            what, status = " ".join(values["what"].split()), values["status"].strip()
            if not what:
                raise ValueError("say what will be done")
            if status not in STATUS_ORDER:
                raise ValueError("status must be open, done or dropped")
            due = self.parse_due(values["due"])

            def change(result: Any) -> None:
                target = next(c for c in result.items if c.id == key)
                target.what, target.due, target.status = what, due, status
                if "owner" in values:
                    target.owner = self.record.add_participant(values["owner"])

            return change

        self.edit_in_dialog("Edit commitment", fields, edited)

    def delete_entry(self, key: str) -> None:
        item = next(c for c in self.result.items if c.id == key)

        def delete() -> None:
            self.apply(lambda r: r.items.remove(next(c for c in r.items if c.id == key)))

        self.confirm_delete(f"the commitment {item.what[:40]!r}", delete)


UI = KindUI(spec=SPEC, panel=CommitmentsPanel, room_view=room_view, recap=True)
