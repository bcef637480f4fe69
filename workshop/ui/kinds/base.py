"""What every capture panel shares: applying a change through the session, showing problems
(and neutral notes), the entries table with edit/delete keys, and the switch to present mode."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text
from textual import events, on
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from workshop.dates import parse_due
from workshop.errors import WorkshopError
from workshop.kinds import hideable_entries
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.ui.kinds.entry_table import EntryTable

if TYPE_CHECKING:
    from workshop.ui.dialogs import FieldSpec, FormDialog


class OneLine:
    """A room view drawn in its one-line layout: as if its area had no height to fill
    (`FitToSize` layouts draw big text only when they know the height)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from console.render(self.renderable, options.update(height=None))


class FitToWidth:
    """A renderable built for the width it is given: room views change shape to fit a
    projector at 80 columns as well as at 250 (bars lengthen, columns stack)."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def entry_cell(entry: object, text: str) -> Text:
    """A table cell naming an entry: struck through and marked when it is hidden from the
    room (`h` hides and shows it again)."""
    if getattr(entry, "hidden", None):
        return Text.assemble((text, "strike dim"), ("  hidden", "italic dim"))
    return Text(text)


class StepPanel(Vertical):
    """The capture area and room view of one step; one subclass per kind.

    Subclasses compose their inputs, implement `refresh_view`, and change data only
    through `apply`, which saves, remembers the change for undo and refreshes.
    """

    KIND: ClassVar[str]

    DEFAULT_CSS = """
    StepPanel { height: 1fr; }
    StepPanel .problem { color: $error; height: auto; }
    StepPanel .problem.-note { color: $text-muted; }
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
        if not self.is_attached:
            # Mounted as the app quits (Ctrl+Q just after a step opened): Textual may have
            # removed its widgets already, and there is nothing left to show them on.
            return
        self.set_up()
        self.refresh_view()
        # Mounted means composed: the cursor can go where the facilitator types first.
        self.focus_input()

    def set_up(self) -> None:
        """What a kind does once its widgets exist, before they are first filled in (which
        fields show, for a named or anonymous session)."""

    def refresh_view(self) -> None:
        """Redraw everything from the record."""

    def focus_input(self) -> None:
        """Put the cursor where the facilitator types first."""
        for selector in ("Input", "TextArea", "EntryTable"):
            for widget in self.query(selector):
                if widget.display:
                    widget.focus()
                    return

    def on_key(self, event: events.Key) -> None:
        """Down from a field goes to the table of entries, where they are edited."""
        if event.key != "down" or not isinstance(self.app.focused, Input):
            return
        for table in self.query(EntryTable):
            if table.display:
                table.focus()
                self._select_newest(table)
                event.stop()
                return

    def _select_newest(self, table: EntryTable) -> None:
        """The cursor on the entry added last (the one just typed, which `d` should
        offer to delete), wherever the table shows it."""
        entries = hideable_entries(self.result)
        if entries:
            with suppress(KeyError):  # not shown in the table
                table.move_cursor(row=table.get_row_index(entries[-1].id))

    def show_problem(self, message: str) -> None:
        """Say under the inputs what is wrong, in the error colour ("" clears the line)."""
        self._say(message, note=False)

    def show_note(self, message: str) -> None:
        """Say under the inputs something that is not wrong (someone passed), muted, on the
        same line as a problem: the next problem or saved entry replaces or clears it."""
        self._say(message, note=True)

    def _say(self, message: str, *, note: bool) -> None:
        shown = Text(message)  # it may quote typed text: never markup
        for line in self.query(".problem").results(Static):
            line.set_class(note, "-note")
            if line.content != shown:  # cleared after every saved entry: mostly unchanged
                line.update(shown)

    def for_room(self, draw: Callable[[], RenderableType]) -> RenderableType:
        """The step's results as `draw` makes them: in big letters in present mode (the
        room is looking; only how many are in while they are hidden, F1 reveals them), in
        one-line text for the facilitator's own eyes, which is quicker to redraw after
        every word typed (the big cloud took a capture's p95 from 27 to over 50 ms)."""
        if not self.has_class("-present"):
            return OneLine(draw())
        if self.room_waits():
            from workshop.ui.roomlayout import concealed

            return concealed(self.record, self.step)
        return draw()

    def room_waits(self) -> bool:
        """Whether the room is to see no results of this step yet (F1 reveals them)."""
        return self.record.hides_results(self.step.id)

    def set_present(self, on: bool) -> None:
        self.set_class(on, "-present")
        if self.is_mounted:  # what the room sees changes: hidden entries leave the tables
            self.refresh_view()

    def flush(self) -> None:
        """Save anything still being typed (called before leaving the step)."""

    def edit_in_dialog(
        self,
        title: str,
        fields: list[FieldSpec],
        edited: Callable[[dict[str, str]], Callable[[Any], None]],
    ) -> FormDialog:
        """Edit an entry in a form. `edited(values)` checks what was typed (a ValueError
        says what is wrong, in the dialog, which stays open) and returns the change that
        `apply` makes once the form is saved."""
        from workshop.ui.dialogs import FormDialog  # not needed before the first frame

        def check(values: dict[str, str]) -> str | None:
            try:
                edited(values)
            except ValueError as exc:
                return str(exc)
            return None

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self.apply(edited(values))

        dialog = FormDialog(title, fields, check)
        self.app.push_screen(dialog, save)
        return dialog

    def confirm_delete(self, what: str, delete: Callable[[], None]) -> None:
        from workshop.ui.dialogs import ConfirmDialog  # not needed before the first frame

        def answered(yes: bool | None) -> None:
            if yes:
                delete()

        self.app.push_screen(ConfirmDialog(f"Delete {what}?"), answered)

    @on(EntryTable.RowAction)
    def _row_action(self, event: EntryTable.RowAction) -> None:
        event.stop()
        if event.action == "edit":
            self.edit_entry(event.key)
        elif event.action == "hide":
            self.toggle_hidden(event.key)
        else:
            self.delete_entry(event.key)

    def toggle_hidden(self, key: str) -> None:
        """Hide an entry from the room (kept in the record), or show it again; undoable."""
        entry = next((e for e in hideable_entries(self.result) if e.id == key), None)
        if entry is None:
            self.show_problem("nothing here can be hidden from the room")
            return

        def toggle(result: Any) -> None:
            target = next(e for e in hideable_entries(result) if e.id == key)
            target.hidden = None if target.hidden else True

        if self.apply(toggle):
            hidden = next(e for e in hideable_entries(self.result) if e.id == key).hidden
            self.app.notify("Hidden from the room" if hidden else "Shown to the room", timeout=2)

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
