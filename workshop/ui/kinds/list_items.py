"""List capture (e.g. values): add, edit, flag, reorder and dot-vote items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from workshop.kinds.list_items import SPEC, ListItem, add_vote, check_item, check_vote, echoes
from workshop.record import SessionRecord
from workshop.ui.dialogs import FieldSpec
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import StepPanel, entry_cell
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.kinds.fields import FieldInput, move_to
from workshop.ui.roomlayout import BIG_FROM_ROWS, FitToSize, Lines, Row, ranked


def compact_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Items ranked by votes, flags as ticks, echoed icebreaker words beside them."""
    if not result.items:
        return Text("(nothing listed yet)", style="dim")
    linked = echoes(step, result, record)
    table = Table(expand=True, box=None, show_edge=False, pad_edge=False)
    table.add_column("", justify="right", width=4)
    table.add_column("", ratio=3)
    for flag in step.flags:
        table.add_column(flag, justify="center", max_width=14)
    voting = any(item.total_votes for item in result.items)
    for item in result.ranked():
        text = Text(item.text, style="bold")
        if item.note:
            text.append(f"\n  {item.note}", style="italic dim")
        if words := linked.get(item.text):
            text.append(f"\n  ★ {', '.join(w.word for w in words)}", style="dim")
        votes = Text("●" * min(item.total_votes, 3) + (f"{item.total_votes}" if voting else ""))
        flags = [
            Text("✓", style="bold green") if f in item.flags else Text("–") for f in step.flags
        ]
        table.add_row(votes if voting else Text("•"), text, *flags)
    return Group(table)


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Items ranked by votes in large type, votes before them and flags after; the
    one-cell table where the height is unknown or too small."""
    compact = compact_view(record, step, result)

    def build(width: int, height: int | None) -> RenderableType:
        if height is None or height < BIG_FROM_ROWS or not result.items:
            return compact
        voting = any(item.total_votes for item in result.items)
        rows = [
            Row(
                item.text,
                prefix=f"{'●' * min(item.total_votes, 3)} {item.total_votes}" if voting else "•",
                suffix="  ".join(f"✓ {flag}" for flag in step.flags if flag in item.flags),
            )
            for item in result.ranked()
        ]
        lines = ranked(rows, width, height)
        return compact if lines is None else Lines(lines)

    return FitToSize(build)


class ListPanel(StepPanel):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "vote(1)", "+vote", id="list-vote-up"),
        Binding("minus", "vote(-1)", "-vote", id="list-vote-down"),
        Binding(
            "shift+up,left_square_bracket", "move(-1)", "Move up", show=False, id="list-move-up"
        ),
        Binding(
            "shift+down,right_square_bracket",
            "move(1)",
            "Move down",
            show=False,
            id="list-move-down",
        ),
        Binding("n", "note", "Note", id="list-note"),
        *(
            Binding(str(n), f"flag({n - 1})", f"Flag {n}", show=False, id=f"list-flag-{n}")
            for n in range(1, 10)
        ),
    ]

    DEFAULT_CSS = """
    ListPanel #voter-row { height: auto; }
    ListPanel #voter-row Label { padding: 1 1 0 0; }
    """

    #: Actions on the selected item: live only while the table has the cursor (so the
    #: Footer shows them then, and never while typing).
    TABLE_ACTIONS = frozenset({"vote", "move", "flag", "note"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TABLE_ACTIONS:
            return isinstance(self.screen.focused, EntryTable)
        return True

    def compose(self) -> ComposeResult:
        with Horizontal(classes="inputs"):
            yield FieldInput(on_enter=self._add, placeholder="Add an item, then Enter", id="item")
        if self.step.vote_budget and self.show_names:
            with Horizontal(id="voter-row", classes="facilitator-only"):
                yield Label(f"Voting as ({self.step.vote_budget} dots each):")
                yield FieldInput(
                    on_enter=self._voter_set,
                    placeholder="name (empty: the room)",
                    id="voter",
                    suggester=SuggestFromList(self.record.participants, case_sensitive=False),
                )
        yield Static("", classes="problem")
        flags = "  ".join(f"{n}: {flag}" for n, flag in enumerate(self.step.flags, start=1))
        hint = "↓ to the table, then + / − votes, [ ] move, n note, e edit"
        yield Static(
            f"{hint}{'   flags ' + flags if flags else ''}", classes="hint facilitator-only"
        )
        # The table is what the room sees too (ranked by votes), so that voting and
        # flagging go on in present mode with the room watching the cursor.
        table = EntryTable(id="items")
        columns = ["Votes", "Item", *self.step.flags, self.step.note_label.capitalize()]
        if self.step.echo_step:
            columns.append("Echoed words")
        table.add_columns(*columns)
        yield table

    #: The table's order while the facilitator dots votes: re-ranking after every dot
    #: carried the item, and the cursor with it, to another row, so the next ↑ or ↓ landed
    #: on an item nobody meant (9 quick votes went to one value). The counts change in
    #: place; the table is ranked again when the cursor leaves it or an item is added or
    #: moved. The room's own view (`workshop present`) ranks live.
    _held_order: dict[str, int] | None = None

    def _in_order(self) -> list[ListItem]:
        items = self.result.ranked()
        held = self._held_order
        if held is None or held.keys() != {item.id for item in items}:
            self._held_order = None
            return items
        return sorted(items, key=lambda item: held[item.id])

    def _release_order(self) -> None:
        if self._held_order is not None:
            self._held_order = None
            self.refresh_view()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, EntryTable):
            self._release_order()

    def refresh_view(self) -> None:
        linked = echoes(self.step, self.result, self.record)
        rows = []
        for item in self._in_order():
            if self.has_class("-present") and (item.hidden or self.room_waits()):
                continue  # this table is what the room sees in present mode
            votes = Text("●" * min(item.total_votes, 5), style="bold")
            votes.append(f" {item.total_votes}" if item.total_votes else "")
            flags = [Text("✓", style="bold") if f in item.flags else "–" for f in self.step.flags]
            text = entry_cell(item, item.text)
            text.stylize("bold")
            cells: list[RenderableType] = [votes, text, *flags, item.note]
            if self.step.echo_step:
                cells.append(", ".join(w.word for w in linked.get(item.text, [])))
            rows.append((item.id, tuple(cells)))
        self.query_one(EntryTable).fill(rows)

    def _add(self, typed: str) -> None:
        try:
            text = check_item(self.result, typed)
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        item = ListItem(text=text)
        if self.apply(lambda r: r.items.append(item)):
            self.query_one("#item", Input).value = ""
            table = self.query_one(EntryTable)
            table.move_cursor(row=table.get_row_index(item.id))

    def _voter_set(self, voter: str) -> None:
        move_to(self.query_one(EntryTable))

    def _selected(self) -> ListItem | None:
        key = self.query_one(EntryTable).current_key()
        return next((i for i in self.result.items if i.id == key), None)

    def _voter(self) -> str:
        if not self.step.vote_budget or not self.show_names:
            return ""
        return " ".join(self.query_one("#voter", Input).value.split())

    def action_vote(self, delta: int) -> None:
        item = self._selected()
        if item is None:
            return
        voter = self._voter()
        if voter:
            voter = self.record.add_participant(voter)
        if delta > 0:
            try:
                check_vote(self.step, self.result, voter)
            except ValueError as exc:
                self.show_problem(str(exc))
                return
        if delta < 0 and item.votes.get(voter, 0) == 0:
            self.show_problem("no dot to take back" + (f" from {voter}" if voter else ""))
            return

        def change(result: Any) -> None:
            add_vote(next(i for i in result.items if i.id == item.id), voter, delta)

        if self._held_order is None:
            self._held_order = {key: row for row, key in enumerate(self.query_one(EntryTable).keys)}
        self.apply(change)

    def action_move(self, delta: int) -> None:
        """Move the selected item up or down the list as shown. Items are ranked by votes,
        so an item moves past neighbours with as many votes as it has, not past others."""
        item = self._selected()
        if item is None:
            return
        self._release_order()  # an explicit move: among the ranks as they are now
        shown = self.result.ranked()
        position = next(i for i, x in enumerate(shown) if x.id == item.id) + delta
        if not 0 <= position < len(shown):
            return
        neighbour = shown[position]
        if neighbour.total_votes != item.total_votes:
            self.show_problem("items are ranked by votes: an item moves only among equal votes")
            return

        def change(result: Any) -> None:
            ids = [x.id for x in result.items]
            a, b = ids.index(item.id), ids.index(neighbour.id)
            result.items[a], result.items[b] = result.items[b], result.items[a]

        self.apply(change)

    def action_flag(self, number: int) -> None:
        item = self._selected()
        if item is None or number >= len(self.step.flags):
            return
        flag = self.step.flags[number]

        def change(result: Any) -> None:
            target = next(i for i in result.items if i.id == item.id)
            flags = [f for f in target.flags if f != flag]
            if flag not in target.flags:
                flags.append(flag)
            target.flags = [f for f in self.step.flags if f in flags]

        self.apply(change)

    def action_note(self) -> None:
        if (item := self._selected()) is not None:
            self.edit_entry(item.id, focus_note=True)

    def edit_entry(self, key: str, focus_note: bool = False) -> None:
        item = next(i for i in self.result.items if i.id == key)
        fields = [
            FieldSpec("text", "Item", item.text),
            FieldSpec("note", self.step.note_label.capitalize(), item.note),
        ]
        if self.show_names:
            fields.append(FieldSpec("owner", "Owner", item.owner))

        def edited(values: dict[str, str]) -> Callable[[Any], None]:
            text = " ".join(values["text"].split())
            if not text:
                raise ValueError("an item needs some text")

            def change(result: Any) -> None:
                target = next(i for i in result.items if i.id == key)
                target.text, target.note = text, values["note"].strip()
                if "owner" in values:
                    target.owner = self.record.add_participant(values["owner"])

            return change

        dialog = self.edit_in_dialog("Edit item", fields, edited)
        if focus_note:
            self.call_after_refresh(lambda: dialog.query_one("#field-note", Input).focus())

    def delete_entry(self, key: str) -> None:
        item = next(i for i in self.result.items if i.id == key)

        def delete() -> None:
            self.apply(lambda r: r.items.remove(next(i for i in r.items if i.id == key)))

        self.confirm_delete(f"{item.text!r}", delete)


UI = KindUI(spec=SPEC, panel=ListPanel, room_view=room_view, recap=False)
