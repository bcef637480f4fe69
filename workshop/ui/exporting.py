"""Exports from inside the app: the record as Markdown, CSV or HTML beside it, an SVG of what
the room sees, and an organization's trends. The writing is `workshop.export`'s; this
module only asks which, runs it off the event loop and says where the file went."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Markdown

from workshop.atomic import atomic_write
from workshop.errors import WorkshopError
from workshop.export.formats import export_session
from workshop.kinds.base import now
from workshop.record import SessionRecord
from workshop.session import Clock
from workshop.trends import organization_trends, trends_markdown
from workshop.ui.dialogs import PickDialog
from workshop.ui.footer import StableFooter

CHOICES = [
    ("md", "Markdown summary (to email)"),
    ("html", "HTML page (to print)"),
    ("csv", "CSV, one row per captured item (for a spreadsheet)"),
    ("svg", "SVG picture of what the room sees now"),
]


def ask_and_export(
    app: App[Any], record: SessionRecord, record_path: Path, clock: Clock = now
) -> None:
    """Ask for a format, then write the export beside the record (`clock`: the session's,
    for the timer in the room's picture)."""

    def chosen(fmt: str | None) -> None:
        if fmt == "svg":
            save_room_picture(app, record, record_path, clock)
        elif fmt is not None:
            snapshot = record.model_copy(deep=True)  # the thread reads a copy, not live data
            app.run_worker(
                partial(_write_export, app, snapshot, record_path, fmt), thread=True, group="export"
            )

    app.push_screen(PickDialog("Export this session", CHOICES), chosen)


def _write_export(app: App[Any], record: SessionRecord, path: Path, fmt: str) -> None:
    """In a thread: the Markdown and HTML read the organization's other sessions."""
    try:
        written = export_session(record, fmt, path)
    except (WorkshopError, OSError) as exc:
        app.call_from_thread(app.notify, str(exc), title="Not exported", severity="error")
        return
    app.call_from_thread(app.notify, f"Written to {written}", title="Exported", timeout=8)


def save_room_picture(
    app: App[Any], record: SessionRecord, record_path: Path, clock: Clock = now
) -> None:
    """An SVG of the room's view (`workshop present`'s) at this terminal's size, beside the
    record. It used to be a screenshot of the console in present mode, which still had
    the facilitator's fields and keys in it; the room's view is drawn by its own app, off
    screen, in a thread so the session goes on meanwhile."""
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    target = record_path.parent / f"{record_path.stem}-{stamp}.svg"
    snapshot = record.model_copy(deep=True)  # the thread reads a copy, not live data
    size = app.size
    app.run_worker(
        partial(_write_room_picture, app, snapshot, size, clock, target),
        thread=True,
        group="export",
    )


def _write_room_picture(
    app: App[Any], record: SessionRecord, size: Size, clock: Clock, target: Path
) -> None:
    import asyncio

    from workshop.ui.audience import room_picture

    try:
        svg = asyncio.run(room_picture(record, size, clock))
        atomic_write(target, svg.encode("utf-8"), mode=0o600)
    except (WorkshopError, OSError) as exc:
        app.call_from_thread(app.notify, str(exc), title="Not saved", severity="error")
        return
    app.call_from_thread(app.notify, f"Written to {target}", title="Picture saved", timeout=8)


class TrendsScreen(Screen):
    """One organization across its sessions: words side by side, commitments kept."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="trends-back")]

    DEFAULT_CSS = """
    TrendsScreen VerticalScroll { padding: 0 2; }
    """

    def __init__(self, organization: str) -> None:
        super().__init__()
        self.organization = organization

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(f"Reading the sessions of {self.organization}…", id="trends")
        yield StableFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self.load()

    @work(thread=True, exclusive=True, group="trends")
    def load(self) -> None:
        try:
            text = trends_markdown(organization_trends(self.organization))
        except WorkshopError as exc:
            text = f"Cannot show trends: {exc}"
        self.app.call_from_thread(self.query_one("#trends", Markdown).update, text)
