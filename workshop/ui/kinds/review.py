"""Review capture: last session's open commitments, each marked done, still open or dropped."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ProgressBar, Static

from workshop.catalog import find_session, list_sessions
from workshop.errors import WorkshopError
from workshop.followup import fill_review, sync_carry_forward
from workshop.record import SessionRecord
from workshop.storage import load_record
from workshop.ui.dialogs import FieldSpec, FormDialog, PickDialog
from workshop.ui.kinds.base import EntryTable, StepPanel
from workshop.ui.kinds.commitments import due_text

MARK = {"pending": "? to review", "done": "✓ done", "open": "○ still open", "dropped": "✗ dropped"}


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Progress on last time's commitments: done / still open / dropped."""
    if not result.items:
        return Text("(no open commitments to review)", style="dim")
    progress = result.progress()
    total = len(result.items)
    summary = Text()
    for status, style in (("done", "bold green"), ("open", "bold yellow"), ("dropped", "bold red")):
        summary.append(f"{MARK[status]}: {progress.get(status, 0)}   ", style=style)
    summary.append(f"of {total}", style="dim")
    table = Table(expand=True, show_edge=False, header_style="bold")
    table.add_column("Commitment", ratio=3)
    if not record.anonymous:
        table.add_column("Who")
    table.add_column("", no_wrap=True)
    for item in result.items:
        cells = [Text(item.what)]
        if not record.anonymous:
            cells.append(Text(item.owner or "—"))
        cells.append(Text(MARK[item.status]))
        table.add_row(*cells)
    return Group(summary, Text(""), table)


class ReviewPanel(StepPanel):
    KIND = "review"

    BINDINGS = [
        Binding("d", "mark('done')", "Done", id="review-done"),
        Binding("o", "mark('open')", "Still open", id="review-open"),
        Binding("x", "mark('dropped')", "Dropped", id="review-dropped"),
        Binding("p", "mark('pending')", "Unmark", show=False, id="review-pending"),
        Binding("l", "link", "Link session", id="review-link"),
    ]

    DEFAULT_CSS = """
    ReviewPanel #room { height: 1fr; overflow-y: auto; display: none; }
    ReviewPanel.-present #room { display: block; }
    ReviewPanel.-present EntryTable { display: none; }
    ReviewPanel ProgressBar { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="source", classes="hint")
        yield ProgressBar(total=1, show_eta=False, id="review-progress")
        yield Static("", classes="problem")
        yield Static(
            "d done · o still open (new date) · x dropped · l link an earlier session",
            classes="hint facilitator-only",
        )
        table = EntryTable(id="review", classes="facilitator-only")
        table.add_columns("Commitment", "Owner", "Was due", "Now", "New date")
        yield table
        yield Static(id="room", classes="room")

    def on_mount(self) -> None:
        self._load_previous()
        super().on_mount()

    def _load_previous(self) -> None:
        """Copy the followed-up session's open commitments in, the first time only."""
        follows = self.record.follows
        if self.result.loaded or not follows:
            return
        try:
            previous = load_record(find_session(follows))
        except WorkshopError as exc:
            self.show_problem(f"cannot read the earlier session: {exc}")
            return
        self.apply(lambda result: fill_review(result, previous))

    def refresh_view(self) -> None:
        result = self.result
        source = self.query_one("#source", Static)
        if not self.record.follows:
            source.update("This session follows up no earlier one: press l to link one.")
        else:
            source.update(f"Open commitments from session {self.record.follows}")
        reviewed = sum(1 for i in result.items if i.status != "pending")
        self.query_one(ProgressBar).update(total=max(1, len(result.items)), progress=reviewed)
        rows = [
            (
                item.id,
                (
                    item.what,
                    item.owner if self.show_names else "—",
                    due_text(item.due),
                    MARK[item.status],
                    due_text(item.new_due) if item.new_due else "",
                ),
            )
            for item in result.items
        ]
        self.query_one(EntryTable).fill(rows)
        self.query_one("#room", Static).update(room_view(self.record, self.step, result))

    def focus_input(self) -> None:
        self.query_one(EntryTable).focus()

    def _mark(self, key: str, status: str, new_due: Any = None) -> None:
        def change(result: Any) -> None:
            item = next(i for i in result.items if i.id == key)
            item.status = status
            item.new_due = new_due if status == "open" else None
            sync_carry_forward(self.record, self.step.id)

        self.apply(change)

    def after_undo(self) -> None:
        sync_carry_forward(self.record, self.step.id)
        self.session.save()
        super().after_undo()

    def action_mark(self, status: str) -> None:
        key = self.query_one(EntryTable).current_key()
        if key is None:
            return
        if status != "open":
            self._mark(key, status)
            return

        def check(values: dict[str, str]) -> str | None:
            try:
                self.parse_due(values["due"])
            except ValueError as exc:
                return str(exc)
            return None

        def save(values: dict[str, str] | None) -> None:
            if values is not None:
                self._mark(key, "open", self.parse_due(values["due"]))

        self.app.push_screen(
            FormDialog(
                "Still open: new date? (empty keeps the old one)",
                [FieldSpec("due", "New date", placeholder="fri, +2w, 2026-12-04")],
                check,
            ),
            save,
        )

    def edit_entry(self, key: str) -> None:
        self.action_mark("open")

    def delete_entry(self, key: str) -> None:
        self.show_problem("review items come from the earlier session: mark them x dropped instead")

    def action_link(self) -> None:
        candidates = [
            s
            for s in list_sessions()
            if not s.error and s.id != self.record.id and s.status == "finished"
        ]
        if not candidates:
            self.show_problem("no finished session to follow up yet")
            return
        options = [
            (
                s.id,
                f"{s.created:%Y-%m-%d} {s.title}"
                + (f" — {s.organization}" if s.organization else ""),
            )
            for s in candidates
        ]

        def chosen(session_id: str | None) -> None:
            if session_id is None:
                return
            self.record.follows = session_id

            def forget(result: Any) -> None:
                result.loaded = False
                result.items.clear()
                sync_carry_forward(self.record, self.step.id)

            self.apply(forget)
            self._load_previous()
            self.refresh_view()

        self.app.push_screen(PickDialog("Follow up which session?", options), chosen)
