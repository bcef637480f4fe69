"""Every past session, filtered as you type; a read-only summary of any one, and from it a
rerun of its agenda or the follow-up that reviews its open commitments."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import get_current_worker

from workshop.catalog import SessionListing, SessionSummary, newest_first
from workshop.errors import WorkshopError
from workshop.record import SessionRecord
from workshop.storage import load_record
from workshop.textsafe import visible
from workshop.ui.exporting import TrendsScreen, ask_and_export
from workshop.ui.footer import StableFooter
from workshop.ui.kinds import ROOM_VIEWS

#: Rows drawn at once: enough to scroll through, few enough to redraw on every keystroke.
#: DataTable measures every cell of every row it is given, so this bounds the time to the
#: list on screen (500 rows took 0.57 s over 1,000 records on the benchmark VM, 200 rows
#: take less); typing narrows the list to any older session.
MAX_ROWS = 200

#: How often counted entries are put on screen while the records are read in full.
COUNTED_EVERY_S = 0.1


def matches(summary: SessionSummary, words: list[str]) -> bool:
    """Every typed word appears in the session's date, title, organization, agenda or status,
    or starts its id (as `workshop resume ID` takes it).

    The id is matched from its start only: a random id holds almost any short run of
    digits somewhere, and typing `0042` must not bring up an unrelated session.
    """
    when = f"{summary.created:%Y-%m-%d}" if summary.created else ""
    fields = (summary.title, summary.organization, summary.agenda_id, summary.agenda_title)
    haystack = " ".join((when, *fields, summary.status)).casefold()
    ident = summary.id.casefold()
    return all(word in haystack or ident.startswith(word) for word in words)


class HistoryScreen(Screen):
    """Sessions newest first; Enter opens one read-only."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="history-back"),
        Binding("down", "to_table", "To the list", show=False, id="history-to-table"),
    ]

    DEFAULT_CSS = """
    HistoryScreen #history-title { text-style: bold; color: $primary; padding: 0 1; }
    HistoryScreen #history-count { color: $text-muted; padding: 0 1; height: 1; }
    HistoryScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionSummary] = []
        self.found: list[SessionSummary] = []  # those that pass the filter
        self.shown: list[SessionSummary] = []  # the first MAX_ROWS of them, one a row
        self.counting = False  # entries still being counted (some records read in part)
        self._where: dict[Path, int] = {}  # path -> its place in self.sessions
        self._rows: dict[Path, int] = {}  # path -> its row (and place in self.shown)

    def compose(self) -> ComposeResult:
        yield Label("Session history", id="history-title")
        yield Input(
            placeholder="Type to filter: title, organization, agenda, status, date, id", id="filter"
        )
        yield Label("reading the sessions folder…", id="history-count")
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True, id="history")
        # The short columns first: at 100 columns long titles pushed the status and the
        # counts off the screen ('finishe'); now only the end of the agenda's id is cut.
        for label in ("Date", "Status", "People", "Entries", "Title", "Organization", "Agenda"):
            table.add_column(label, key=label.casefold())
        yield table
        yield StableFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#filter", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="history-load")
    def load(self) -> None:
        """List the records off the event loop (there may be thousands): a record the index
        does not hold has only its header read, so the list is on screen sooner (a file
        that only reading it in full could judge, broken most likely, shows "checking…");
        then such records are read in full, newest first, and their entries filled in."""
        worker = get_current_worker()
        listing = SessionListing()
        try:
            sessions = listing.summaries(complete=False, checking=True)
            painted = threading.Event()
            self.app.call_from_thread(self._loaded, sessions, painted.set)
            # Counting waits for the list to be drawn: it would slow the drawing down.
            painted.wait(timeout=1.0)
            counted: list[SessionSummary] = []
            since = time.monotonic()
            for summary in sessions:
                if worker.is_cancelled:
                    return
                if summary.entries is not None:
                    continue
                counted.append(listing.complete(summary))
                if time.monotonic() - since >= COUNTED_EVERY_S:
                    self.app.call_from_thread(self._counted, counted)
                    counted, since = [], time.monotonic()
            if not worker.is_cancelled:
                self.app.call_from_thread(self._counted, counted, done=True)
        finally:
            listing.save()  # what was read in full, even if the screen closed before the end

    def _loaded(self, sessions: list[SessionSummary], painted: Callable[[], None]) -> None:
        self.sessions = sessions
        self._where = {s.path: index for index, s in enumerate(sessions)}
        self.counting = any(s.entries is None for s in sessions)
        self._filter(self.query_one("#filter", Input).value)
        self.call_after_refresh(painted)

    def _counted(self, summaries: list[SessionSummary], done: bool = False) -> None:
        """Complete summaries of records first listed from their header: their entries go in
        their rows. A record that turned out otherwise (changed meanwhile, broken after its
        header, or judged now after "checking…") has its row drawn again in place; the
        whole list is drawn again only if the record now passes the filter where it did
        not, or the other way round, or a good record's date moves it (drawing the list
        again for each of 50 broken files cost the history a second before every entry
        was in). A broken record keeps its place until the list is opened again."""
        table = self.query_one(DataTable)
        words = self.query_one("#filter", Input).value.casefold().split()
        redraw = resort = False
        for summary in summaries:
            place = self._where.get(summary.path)
            if place is None:
                continue
            header, self.sessions[place] = self.sessions[place], summary
            same = replace(header, entries=summary.entries) == summary
            if not same and summary.error is None and header.created != summary.created:
                resort = True  # a broken record keeps the place it was shown at
            if not same and matches(header, words) != matches(summary, words):
                redraw = True
            row = self._rows.get(summary.path)
            if redraw or resort or row is None:
                continue
            self.shown[row] = self.found[row] = summary
            if same:
                table.update_cell(str(row), "entries", str(summary.entries))
            else:
                for column, cell in zip(table.ordered_columns, self._cells(summary), strict=True):
                    table.update_cell(str(row), column.key, cell, update_width=True)
        if done:
            self.counting = False
        if resort:
            self.sessions = newest_first(self.sessions)
            self._where = {s.path: index for index, s in enumerate(self.sessions)}
        if redraw or resort:
            self._filter(self.query_one("#filter", Input).value)
        elif done:
            self._show_count()

    @on(Input.Changed, "#filter")
    def _typed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        words = query.casefold().split()
        self.found = [s for s in self.sessions if matches(s, words)]
        self.shown = self.found[:MAX_ROWS]
        self._rows = {s.path: index for index, s in enumerate(self.shown)}
        table = self.query_one(DataTable)
        table.clear()
        for index, s in enumerate(self.shown):
            table.add_row(*self._cells(s), key=str(index))
        self._show_count()

    @staticmethod
    def _cells(s: SessionSummary) -> list[str | Text | None]:
        """A session's row, a cell a column (None: an empty cell)."""
        when = f"{s.created.astimezone():%Y-%m-%d %H:%M}" if s.created else "?"
        name = Text(visible(s.path.name))
        if s.checking:
            return [when, Text("checking…", style="dim"), None, "…", name, None, None]
        if s.error:
            reason = Text(s.error, style="red")
            return [when, Text("broken", style="bold red"), None, None, name, reason, None]
        return [  # Text: titles are typed, and DataTable reads str as markup
            when,
            s.status,
            str(s.participants),
            "…" if s.entries is None else str(s.entries),
            Text(visible(s.title)),
            Text(visible(s.organization)),
            Text(visible(s.agenda_id)),
        ]

    def _show_count(self) -> None:
        count = f"{len(self.found)} of {len(self.sessions)} sessions"
        if len(self.found) > MAX_ROWS:
            count += f" (the newest {MAX_ROWS} shown: type to narrow)"
        if self.counting:
            count += " · counting entries…"
        self.query_one("#history-count", Label).update(count)

    def action_to_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_back(self) -> None:
        self.dismiss()

    @on(Input.Submitted, "#filter")
    def _open_first(self) -> None:
        if self.shown:
            self.open(self.shown[0])

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.open(self.shown[int(str(event.row_key.value))])

    def open(self, summary: SessionSummary) -> None:
        if summary.error:
            self.notify(
                f"{visible(summary.path.name)}: {summary.error}", severity="error", timeout=8
            )
            return
        try:
            record = load_record(summary.path)
        except WorkshopError as exc:
            self.notify(visible(str(exc)), title="Cannot open", severity="error", timeout=10)
            return
        self.app.push_screen(SessionSummaryScreen(record, summary))


def step_summary(record: SessionRecord) -> RenderableType:
    """The record as the room saw it, step by step, with planned and actual minutes."""
    parts: list[RenderableType] = []
    head = Text.assemble((visible(record.title), "bold"))
    if record.organization:
        head.append(f" — {visible(record.organization)}")
    when = f"{record.created.astimezone():%A %d %B %Y, %H:%M}"
    people = (
        f"{len(record.participants)} participants"
        if record.anonymous
        else ", ".join(record.participants) or "no participants named"
    )
    lines = [f"{when} · {record.status}", f"Agenda: {record.agenda.title}", f"People: {people}"]
    if record.facilitator:
        lines.append(f"Facilitator: {record.facilitator}")
    parts += [head, Text("\n".join(lines), style="dim"), Text("")]
    for index, step in enumerate(record.agenda.steps, start=1):
        seconds = record.step_seconds(step.id)
        actual = "not run" if seconds is None else f"{round(seconds / 60)} of {step.minutes} min"
        parts.append(Rule(Text(f"{index}. {step.title}  ({actual})", style="bold"), align="left"))
        result = record.results.get(step.id)
        if result is None:
            parts.append(Text("(nothing captured)", style="dim"))
            continue
        parts.append(ROOM_VIEWS[step.kind](record, step, result))
    return Group(*parts)


class SessionSummaryScreen(Screen):
    """A record read-only, as the room saw it. Nothing here writes the record."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="summary-back"),
        Binding("c", "act('resume')", "Continue", id="summary-resume"),
        Binding("r", "act('rerun')", "Run again", id="summary-rerun"),
        Binding("f", "act('follow-up')", "Follow up", id="summary-follow-up"),
        Binding("e", "export", "Export", id="summary-export"),
        Binding("t", "trends", "Trends", id="summary-trends"),
    ]

    DEFAULT_CSS = """
    SessionSummaryScreen VerticalScroll { padding: 1 2; }
    """

    def __init__(self, record: SessionRecord, summary: SessionSummary) -> None:
        super().__init__()
        self.record = record
        self.summary = summary

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(step_summary(self.record), id="summary")
        yield StableFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "act" and parameters == ("resume",):
            return self.record.status == "in-progress"
        if action == "trends":
            return bool(self.record.organization.strip())
        return True

    def action_export(self) -> None:
        ask_and_export(self.app, self.record, self.summary.path)

    def action_trends(self) -> None:
        self.app.push_screen(TrendsScreen(self.record.organization))

    def action_back(self) -> None:
        self.dismiss()

    def action_act(self, action: str) -> None:
        self.app.open_session_action(self.summary, action)  # type: ignore[attr-defined]
