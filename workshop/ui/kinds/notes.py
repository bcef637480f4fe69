"""Notes capture: named fields and free text, private to the facilitator, saved as typed."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Label, Static, TextArea

from workshop.kinds.notes import SPEC
from workshop.record import SessionRecord
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import StepPanel

SAVE_AFTER_IDLE = 0.8  # seconds: typing pauses this long, or leaves the field, and it is saved


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Notes are never projected: the room sees only that this part is private."""
    return Text("These notes are private to the facilitator.", style="dim italic")


class NotesPanel(StepPanel):
    DEFAULT_CSS = """
    NotesPanel VerticalScroll { height: 1fr; }
    NotesPanel TextArea { height: 8; min-height: 4; }
    NotesPanel Label { margin-top: 1; color: $text-muted; }
    NotesPanel #private-room { display: none; height: 1fr; content-align: center middle; }
    NotesPanel.-present VerticalScroll { display: none; }
    NotesPanel.-present #private-room { display: block; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: Timer | None = None
        # What is typed, kept as it changes: a flush at shutdown, when the inputs may
        # already be gone, still saves the last keystrokes.
        self._fields = dict(self.result.fields)
        self._text = self.result.text

    def compose(self) -> ComposeResult:
        result = self.result
        with VerticalScroll():
            for index, name in enumerate(self.step.fields):
                yield Label(name, markup=False)
                yield Input(result.fields.get(name, ""), id=f"field-{index}")
            yield Label("Notes")
            yield TextArea(result.text, id="free-text", soft_wrap=True)
        yield Static("", classes="problem")
        yield Static(room_view(self.record, self.step, result), id="private-room")

    def _typed(self) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(SAVE_AFTER_IDLE, self.flush)

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        index = int((event.input.id or "").removeprefix("field-"))
        self._fields[self.step.fields[index]] = event.value
        self._typed()

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        self._text = event.text_area.text
        self._typed()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.flush()
        self.screen.focus_next()

    def on_descendant_blur(self) -> None:
        self.flush()

    def flush(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        # In the step's field order, answered fields only.
        fields = {k: self._fields[k] for k in self.step.fields if self._fields.get(k, "").strip()}
        text = self._text
        if fields == self.result.fields and text == self.result.text:
            return

        def change(result: Any) -> None:
            result.fields = fields
            result.text = text

        self.apply(change)

    def refresh_view(self) -> None:
        # Only put text back when it differs (after undo), so typing is never disturbed.
        self._fields = dict(self.result.fields)
        self._text = self.result.text
        for index, name in enumerate(self.step.fields):
            wanted = self.result.fields.get(name, "")
            field = self.query_one(f"#field-{index}", Input)
            if field.value != wanted:
                field.value = wanted
        area = self.query_one(TextArea)
        if area.text != self.result.text:
            area.text = self.result.text


UI = KindUI(spec=SPEC, panel=NotesPanel, room_view=room_view, recap=False)
