"""The agenda beside the step: done / current / ahead, timeboxes and schedule drift."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from workshop.record import SessionRecord


def drift_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes == 0:
        return "on schedule"
    return f"{abs(minutes)} min {'behind' if minutes > 0 else 'ahead'}"


class AgendaSidebar(Vertical):
    """Selecting a step here jumps to it (the screen handles OptionList.OptionSelected)."""

    DEFAULT_CSS = """
    AgendaSidebar { width: 30; height: 100%; border-right: tall $primary 30%; }
    AgendaSidebar OptionList { height: 1fr; border: none; padding: 0; background: transparent; }
    AgendaSidebar #drift { height: auto; padding: 0 1; color: $text-muted; }
    AgendaSidebar #drift.-behind { color: $warning; }
    """

    def compose(self) -> ComposeResult:
        yield OptionList(id="steps")
        yield Label("", id="drift")

    def show(self, record: SessionRecord, at: datetime) -> None:
        option_list = self.query_one(OptionList)
        current = record.agenda.index(record.current_step)
        options = []
        for index, step in enumerate(record.agenda.steps):
            timing = record.timing.get(step.id)
            if index == current:
                glyph, style = "▶", "bold"
            elif timing is not None and timing.first_shown is not None:
                glyph, style = "✓", "dim"
            else:
                glyph, style = "·", ""
            minutes = step.minutes
            if timing is not None and timing.first_shown is not None:
                actual = round(timing.seconds(at) / 60)
                when = f"{actual}/{minutes}m"
            else:
                when = f"{minutes}m"
            label = Text.assemble((f"{glyph} {index + 1} ", style), (step.title, style))
            label.append(f"  {when}", style="dim")
            options.append(Option(label, id=step.id))
        highlighted = option_list.highlighted
        option_list.set_options(options)
        option_list.highlighted = current if highlighted is None else highlighted
        drift = record.drift_seconds(at)
        total = sum(s.minutes for s in record.agenda.steps)
        label = self.query_one("#drift", Label)
        label.update(f"{total} min planned · {drift_text(drift)}")
        label.set_class(drift >= 60, "-behind")
