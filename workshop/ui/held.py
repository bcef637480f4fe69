"""What phones sent to a step that asks for approval: the facilitator accepts or rejects
each (F11 opens the list). Nothing here reaches the room until it is accepted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.room.public import Refused, accept_held, held_for, held_text, reject_held
from workshop.session import Session
from workshop.ui.dialogs import Dialog


class HeldDialog(Dialog):
    """The step's waiting entries, oldest first: a accepts, x rejects, A accepts them all.
    Dismissed with the number of entries accepted."""

    BINDINGS = [
        Binding("a", "accept", "Accept", id="held-accept"),
        Binding("x", "reject", "Reject", id="held-reject"),
        Binding("A", "accept_all", "Accept all", id="held-accept-all"),
    ]

    DEFAULT_CSS = """
    HeldDialog OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, session: Session, step_id: str) -> None:
        super().__init__()
        self.session = session
        self.step_id = step_id
        self.accepted = 0

    def compose(self) -> ComposeResult:
        with Vertical():
            title = self.session.record.agenda.step(self.step_id).title
            yield Label(f"Sent from phones, waiting: {title}", classes="title", markup=False)
            yield OptionList()
            yield Static("", classes="error", id="held-problem", markup=False)
            yield Static("a: accept   x: reject   A: accept all   Esc: close", classes="hint")

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        record = self.session.record
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        options.clear_options()
        waiting = held_for(record, self.step_id)
        options.add_options(Option(Text(held_text(record, h)), id=h.id) for h in waiting)
        if not waiting:
            options.add_option(Option(Text("Nothing is waiting.", style="dim"), disabled=True))
        elif waiting:
            options.highlighted = min(highlighted, len(waiting) - 1)

    def _current(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def _say(self, message: str) -> None:
        self.query_one("#held-problem", Static).update(message)

    def action_accept(self) -> None:
        if (held_id := self._current()) is not None:
            self._accept(held_id)
        self._fill()

    def action_accept_all(self) -> None:
        for held in held_for(self.session.record, self.step_id):
            self._accept(held.id)
        self._fill()

    def _accept(self, held_id: str) -> None:
        try:
            accept_held(self.session, held_id)
        except Refused as refusal:
            self._say(f"Not accepted: {refusal.message}")
        else:
            self.accepted += 1

    def action_reject(self) -> None:
        if (held_id := self._current()) is not None:
            try:
                reject_held(self.session, held_id)
            except Refused as refusal:
                self._say(refusal.message)
        self._fill()

    def action_cancel(self) -> None:
        self.dismiss(self.accepted)
