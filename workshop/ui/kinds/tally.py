"""Tally capture: one key press, one observation; live bars with shares of the whole."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Static

from workshop.blocks import percent
from workshop.kinds.tally import SPEC
from workshop.record import SessionRecord
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import FitToWidth, StepPanel
from workshop.ui.roomlayout import BIG_FROM_ROWS, Bar, FitToSize, Lines, bar_chart, headline


def compact_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """Bars per category with counts and percentages, and the share serving the outcome."""
    total = result.entry_count()
    serving = {c.key for c in step.categories if c.serves_outcome}

    def build(width: int) -> RenderableType:
        labels = [f"[{c.key}] {'★ ' if c.key in serving else ''}{c.label}" for c in step.categories]
        most = max(result.counts.values(), default=0)
        label_width = min(max(len(label) for label in labels), width // 2)
        bar_width = max(4, width - label_width - 16)
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, width=label_width, overflow="ellipsis")
        table.add_column(no_wrap=True, width=bar_width)
        table.add_column(justify="right", no_wrap=True, width=5)
        table.add_column(justify="right", no_wrap=True, width=6)
        for category in step.categories:
            count = result.counts.get(category.key, 0)
            share = percent(count, total) if total else ""
            serves = category.key in serving
            label = Text.assemble((f"[{category.key}] ", "dim"))
            if serves:
                label.append("★ ", style="bold green")
            label.append(category.label, style="bold" if serves else "")
            # The longest bar fills the width; the percentages give the shares.
            length = round(count / most * bar_width) if most else 0
            bar = Text("█" * length, style="green" if serves else "cyan")
            table.add_row(label, bar, Text(str(count)), Text(share))
        summary = Text.assemble((f"n = {total}", "bold"))
        if serving:
            summary.append(f"    ★ {step.outcome_label}: ", style="bold")
            summary.append(
                f" {percent(result.share(serving), 1)} " if total else "—", style="bold reverse"
            )
        return Group(table, Text(""), summary)

    return FitToWidth(build)


def room_view(record: SessionRecord, step: Any, result: Any) -> RenderableType:
    """The outcome's share as the headline number, the bars filling the height below it;
    one-cell bars where the height is unknown or too small."""
    compact = compact_view(record, step, result)
    total = result.entry_count()
    serving = {c.key for c in step.categories if c.serves_outcome}

    def build(width: int, height: int | None) -> RenderableType:
        if height is None or height < BIG_FROM_ROWS:
            return compact
        parts: list[Text] = []
        if serving:
            share = percent(result.share(serving), 1) if total else "—"
            head = headline(f"{share} {step.outcome_label}", width, max(4, height // 4))
            parts += [*head.text_lines(width), Text("")]
        bars = [
            Bar(
                f"{c.key} {c.label}",
                result.counts.get(c.key, 0),
                percent(result.counts.get(c.key, 0), total) if total else "",
                "green" if c.key in serving else "cyan",
            )
            for c in step.categories
        ]
        chart = bar_chart(bars, width, height - len(parts) - 1)
        if chart is None:
            return compact
        return Lines([*parts, *chart, Text(f"n = {total}", style="bold")])

    return FitToSize(build)


class TallyPanel(StepPanel):
    can_focus = True

    DEFAULT_CSS = """
    TallyPanel { border-left: tall transparent; }
    TallyPanel:focus { border-left: tall $primary; }
    TallyPanel.-present:focus { border-left: tall transparent; }
    TallyPanel #room { height: 1fr; overflow-y: auto; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taking_back = False

    def compose(self) -> ComposeResult:
        keys = ", ".join(c.key for c in self.step.categories)
        yield Static(
            f"Keys {keys}: count one observation.  −, then a key: take one back.",
            classes="hint facilitator-only",
        )
        yield Static("", classes="problem")
        yield Static(id="room", classes="room")

    def refresh_view(self) -> None:
        view = self.for_room(lambda: room_view(self.record, self.step, self.result))
        self.query_one("#room", Static).update(view)

    def focus_input(self) -> None:
        self.focus()

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or not event.character:
            return
        event.stop()
        event.prevent_default()
        key = event.character.lower()
        categories = {c.key: c.label for c in self.step.categories}
        if key == "-":
            self.taking_back = True
            self.show_problem("take one back from which category? press its key")
            return
        taking_back, self.taking_back = self.taking_back, False
        if key not in categories:
            self.show_problem(f"{event.character!r} counts nothing: it is not a category key")
            return
        if taking_back and not self.result.counts.get(key):
            self.show_problem(f"nothing counted under {categories[key]!r} to take back")
            return
        delta = -1 if taking_back else 1

        def count(result: Any) -> None:
            counts = dict(result.counts)
            counts[key] = counts.get(key, 0) + delta
            if not counts[key]:
                del counts[key]
            result.counts = counts

        self.apply(count)


UI = KindUI(spec=SPEC, panel=TallyPanel, room_view=room_view, recap=False)
