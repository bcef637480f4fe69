"""Review capture: last session's open commitments, each marked done, still open or dropped."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ProgressBar, Static

from workshop.catalog import find_session, list_sessions, summarize
from workshop.errors import WorkshopError
from workshop.kinds.review import SPEC, fill_review, sync_carry_forward
from workshop.record import SessionRecord
from workshop.storage import load_record
from workshop.ui.dialogs import FieldSpec, FormDialog, PickDialog
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import StepPanel
from workshop.ui.kinds.commitments import due_text
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.roomlayout import BIG_FROM_ROWS, FitToSize, Lines, Row, headline, ranked

MARK = {"pending": "? to review", "done": "✓ done", "open": "○ still open", "dropped": "✗ dropped"}


def progress_line(result: Any) -> Text:
    """Done / still open / dropped, out of how many."""
    if not result.items:
        return Text("(no open commitments to review)", style="dim")
    progress = result.progress()
    summary = Text()
    for status, style in (("done", "bold green"), ("open", "bold yellow"), ("dropped", "bold red")):
        summary.append(f"{MARK[status]}: {progress.get(status, 0)}   ", style=style)
    summary.append(f"of {len(result.items)}", style="dim")
    return summary


def compact_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Progress on last time's commitments: done / still open / dropped."""
    summary = progress_line(result)
    if not result.items:
        return summary
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


def _describe(title: str, created: datetime | None) -> str:
    return f"{title} ({created:%d %b %Y})" if created else title


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Done / still open / dropped as the headline, then each commitment in large type;
    the one-cell table where the height is unknown or too small."""
    compact = compact_view(record, step, result)

    def build(width: int, height: int | None) -> RenderableType:
        if height is None or height < BIG_FROM_ROWS or not result.items:
            return compact
        head = headline(progress_line(result).plain, width, max(4, height // 3))
        rest = height - len(head.text_lines(width)) - 1
        rows = [
            Row(
                item.what,
                prefix=MARK[item.status],
                suffix="" if record.anonymous else (item.owner or "—"),
            )
            for item in result.items
        ]
        lines = ranked(rows, width, rest)
        if lines is None:
            return compact
        return Lines([*head.text_lines(width), Text(""), *lines])

    return FitToSize(build)


class ReviewPanel(StepPanel):
    BINDINGS = [
        Binding("d", "mark('done')", "Done", id="review-done"),
        Binding("o", "mark('open')", "Still open", id="review-open"),
        Binding("x", "mark('dropped')", "Dropped", id="review-dropped"),
        Binding("p", "mark('pending')", "Unmark", show=False, id="review-pending"),
        Binding("l", "link", "Link session", id="review-link"),
    ]

    DEFAULT_CSS = """
    ReviewPanel #review-summary { height: auto; }
    ReviewPanel ProgressBar { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="source", markup=False)
        yield ProgressBar(total=1, show_eta=False, id="review-progress")
        yield Static("", classes="problem")
        yield Static("", id="review-summary")
        # The room sees this table too: items are marked with everyone watching.
        table = EntryTable(id="review", deletable=False)
        owner = ["Owner"] if self.show_names else []
        table.add_columns("Commitment", *owner, "Was due", "Now", "New date")
        yield table

    def set_up(self) -> None:
        self._load_previous()

    def _load_previous(self) -> None:
        """Name the followed-up session, and copy its open commitments in the first time."""
        self.previous_title = ""
        follows = self.record.follows
        if not follows:
            return
        try:
            path = find_session(follows)
            if self.result.loaded:
                summary = summarize(path)
                self.previous_title = _describe(summary.title, summary.created)
                return
            previous = load_record(path)
        except WorkshopError as exc:
            self.show_problem(f"cannot read the earlier session: {exc}")
            return
        self.previous_title = _describe(previous.title, previous.created)
        self.apply(lambda result: fill_review(result, previous))

    def refresh_view(self) -> None:
        result = self.result
        source = self.query_one("#source", Static)
        if not self.record.follows:
            source.update("This session follows up no earlier one: press l to link one.")
        else:
            source.update(f"Open commitments from {self.previous_title or self.record.follows}")
        reviewed = sum(1 for i in result.items if i.status != "pending")
        self.query_one(ProgressBar).update(total=max(1, len(result.items)), progress=reviewed)
        rows = []
        for item in result.items:
            owner = [item.owner or "—"] if self.show_names else []
            new_due = due_text(item.new_due) if item.new_due else ""
            cells = (item.what, *owner, due_text(item.due), MARK[item.status], new_due)
            rows.append((item.id, cells))
        self.query_one(EntryTable).fill(rows)
        self.query_one("#review-summary", Static).update(progress_line(result))

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


UI = KindUI(spec=SPEC, panel=ReviewPanel, room_view=room_view, recap=False)
