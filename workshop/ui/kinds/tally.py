"""Tally capture: one key press, one observation; live bars with shares of the whole."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Static

from workshop.record import SessionRecord
from workshop.ui.kinds.base import StepPanel

BAR_WIDTH = 30


def room_view(
    record: SessionRecord, step: Any, result: Any, width: int = BAR_WIDTH
) -> RenderableType:
    """Bars per category with counts and percentages, and the share serving the outcome."""
    total = result.entry_count()
    serving = {c.key for c in step.categories if c.serves_outcome}
    table = Table.grid(expand=True, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for category in step.categories:
        count = result.counts.get(category.key, 0)
        share = count / total if total else 0.0
        label = Text(f"[{category.key}] ", style="dim")
        label.append(category.label, style="bold" if category.key in serving else "")
        if category.key in serving:
            label.append(" ★", style="bold green")
        bar = Text("█" * round(share * width), style="green" if category.key in serving else "cyan")
        table.add_row(label, bar, Text(str(count)), Text(f"{share:5.1%}"))
    summary = Text(f"n = {total}", style="bold")
    if serving:
        summary.append(f"    ★ {step.outcome_label}: ", style="bold")
        summary.append(f"{result.share(serving):.0%}" if total else "—", style="bold reverse")
    return Group(table, Text(""), summary)


class TallyPanel(StepPanel):
    KIND = "tally"
    can_focus = True

    DEFAULT_CSS = """
    TallyPanel { border: tall transparent; }
    TallyPanel:focus { border: tall $primary; }
    TallyPanel #room { height: 1fr; overflow-y: auto; }
    """

    def compose(self) -> ComposeResult:
        keys = "".join(c.key for c in self.step.categories)
        yield Static(
            f"Press a category's key ({', '.join(keys)}) to count one observation; "
            "Ctrl+Z takes the last one back.",
            classes="hint facilitator-only",
        )
        yield Static("", classes="problem")
        yield Static(id="room", classes="room")

    def refresh_view(self) -> None:
        self.query_one("#room", Static).update(room_view(self.record, self.step, self.result))

    def focus_input(self) -> None:
        self.focus()

    def on_key(self, event: events.Key) -> None:
        key = (event.character or "").lower()
        if not key or key not in {c.key for c in self.step.categories}:
            return
        event.stop()
        event.prevent_default()

        def count(result: Any) -> None:
            counts = dict(result.counts)
            counts[key] = counts.get(key, 0) + 1
            result.counts = counts

        self.apply(count)
