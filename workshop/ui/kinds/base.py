"""What every capture panel shares: applying a change through the session, showing problems,
the entries table with edit/delete keys, and the switch to present mode."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text
from textual import on
from textual._two_way_dict import TwoWayDict
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowKey

from workshop.dates import parse_due
from workshop.errors import WorkshopError
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.ui.dialogs import ConfirmDialog


def as_shown(cell: RenderableType) -> RenderableType:
    """A table cell as typed: a plain string becomes Text, because DataTable reads str
    cells as markup, and a participant's `[/]` would crash the table or turn bold."""
    return Text(cell) if isinstance(cell, str) else cell


class FitToWidth:
    """A renderable built for the width it is given: room views change shape to fit a
    projector at 80 columns as well as at 250 (bars lengthen, columns stack)."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


class EntryTable(DataTable):
    """A table of captured entries; Enter/e edits the row, Delete/d deletes it."""

    BINDINGS = [
        Binding("e,enter", "edit_row", "Edit", id="entry-edit"),
        Binding("d,delete", "delete_row", "Delete", id="entry-delete"),
    ]

    class RowAction(Message):
        def __init__(self, table: EntryTable, action: str, key: str) -> None:
            super().__init__()
            self.table = table
            self.action = action
            self.key = key

    def __init__(self, *args: Any, deletable: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(*args, **kwargs)
        #: False where entries are not the facilitator's to delete (a review's items):
        #: the d key then goes to the panel instead.
        self.deletable = deletable
        #: The rows as `fill` last showed them: key -> cells.
        self._shown: dict[str, tuple[RenderableType, ...]] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.deletable or action != "delete_row"

    def _put_in_order(self, keys: list[str]) -> None:
        """Put the rows in the order of `keys` (all the table's keys), as `DataTable.sort`
        does: DataTable has no public way to insert a row above the others."""
        if [row.key.value for row in self.ordered_rows] == keys:
            return
        self._row_locations = TwoWayDict({RowKey(key): index for index, key in enumerate(keys)})
        self._update_count += 1
        self.refresh()

    def current_key(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value)

    def _post(self, action: str) -> None:
        if (key := self.current_key()) is not None:
            self.post_message(self.RowAction(self, action, key))

    def action_edit_row(self) -> None:
        self._post("edit")

    def action_delete_row(self) -> None:
        self._post("delete")

    def fill(self, rows: list[tuple[str, tuple[RenderableType, ...]]]) -> None:
        """Show these rows in this order; the cursor stays on the same entry (or near
        where it was).

        Only what changed is touched: a row already shown stays, so one more word in a
        step of 500 measures one row, where clearing and adding them all measured 500
        (50 ms, on every key press that added something)."""
        key, row = self.current_key(), self.cursor_row
        if self._shown.keys() != {row_key.value for row_key in self.rows}:  # changed elsewhere
            self.clear()
            self._shown = {}
        wanted = dict(rows)
        for gone in [row_key for row_key in self._shown if row_key not in wanted]:
            self.remove_row(gone)
        columns = [column.key for column in self.ordered_columns]
        for row_key, cells in rows:
            before = self._shown.get(row_key)
            if before is None:
                self.add_row(*map(as_shown, cells), key=row_key)
                continue
            for column, old, new in zip(columns, before, cells, strict=False):
                if old != new:
                    self.update_cell(row_key, column, as_shown(new), update_width=True)
        self._shown = wanted
        keys = [row_key for row_key, _ in rows]
        self._put_in_order(keys)
        if key in keys:
            self.move_cursor(row=keys.index(key))
        elif rows:
            self.move_cursor(row=min(row, len(rows) - 1))


class StepPanel(Vertical):
    """The capture area and room view of one step; one subclass per kind.

    Subclasses compose their inputs, implement `refresh_view`, and change data only
    through `apply`, which saves, remembers the change for undo and refreshes.
    """

    KIND: ClassVar[str]

    DEFAULT_CSS = """
    StepPanel { height: 1fr; }
    StepPanel .problem { color: $error; height: auto; }
    StepPanel .hint { color: $text-muted; height: auto; }
    StepPanel .room { height: auto; }
    StepPanel EntryTable { height: 1fr; min-height: 4; }
    StepPanel Input { width: 1fr; }
    StepPanel .inputs { height: auto; }
    StepPanel.-present .facilitator-only { display: none; }
    """

    class Changed(Message):
        """Something in the step changed (and was saved, or failed to save)."""

    def __init__(self, session: Session, step: Any) -> None:
        super().__init__(classes=f"step-panel kind-{step.kind}")
        self.session = session
        self.step = step

    # -- data ------------------------------------------------------------------------

    @property
    def record(self) -> SessionRecord:
        return self.session.record

    @property
    def result(self) -> Any:
        return self.session.result(self.step.id)

    def today(self) -> date:
        """The facilitator's local date, by the session's clock."""
        return self.session.clock().astimezone().date()

    def parse_due(self, text: str) -> date | None:
        """A typed due date (fri, +2w, 2026-12-04), None when empty; ValueError says why."""
        return parse_due(text, self.today()) if text.strip() else None

    @property
    def show_names(self) -> bool:
        return not self.record.anonymous

    def apply(self, change: Callable[[Any], None]) -> bool:
        """Make a change to this step's result; False (with a message) if it was refused."""
        try:
            with self.session.change(self.step.id) as result:
                change(result)
        except WorkshopError as exc:  # saving failed: the change is kept in memory
            self.app.notify(str(exc), title="Not saved", severity="error", timeout=10)
        except ValueError as exc:  # the model refused the change; nothing was changed
            self.show_problem(_first_line(exc))
            return False
        self.show_problem("")
        self.after_change()
        return True

    def after_change(self) -> None:
        if not self.is_attached:  # saved while the screen closes: nothing left to redraw
            return
        self.refresh_view()
        self.post_message(self.Changed())

    def after_undo(self) -> None:
        """Called by the screen when Ctrl+Z restored this step; kinds may resync here."""
        self.refresh_view()

    # -- view --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.refresh_view()
        # Mounted means composed: the cursor can go where the facilitator types first.
        self.focus_input()

    def refresh_view(self) -> None:
        """Redraw everything from the record."""

    def focus_input(self) -> None:
        """Put the cursor where the facilitator types first."""
        for selector in ("Input", "TextArea", "DataTable"):
            for widget in self.query(selector):
                if widget.display:
                    widget.focus()
                    return

    def show_problem(self, message: str) -> None:
        for problem in self.query(".problem").results(Static):
            problem.update(Text(message))  # it may quote typed text: never markup

    def set_present(self, on: bool) -> None:
        self.set_class(on, "-present")

    def flush(self) -> None:
        """Save anything still being typed (called before leaving the step)."""

    def confirm_delete(self, what: str, delete: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                delete()

        self.app.push_screen(ConfirmDialog(f"Delete {what}?"), answered)

    @on(EntryTable.RowAction)
    def _row_action(self, event: EntryTable.RowAction) -> None:
        event.stop()
        if event.action == "edit":
            self.edit_entry(event.key)
        else:
            self.delete_entry(event.key)

    def edit_entry(self, key: str) -> None:
        """Open an editor for one entry (kinds with entries override)."""

    def delete_entry(self, key: str) -> None:
        """Delete one entry after confirmation (kinds with entries override)."""


def _first_line(exc: Exception) -> str:
    """A short message from a ValueError or a pydantic ValidationError."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ()))
        message = str(first.get("msg", exc)).removeprefix("Value error, ")
        return f"{field}: {message}" if field else message
    return str(exc).splitlines()[0]
