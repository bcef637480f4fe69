"""The agenda beside the step: done / current / ahead, timeboxes and schedule drift."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from workshop.record import GLANCE_SECONDS, SessionRecord


def drift_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes == 0:
        return "on schedule"
    return f"{abs(minutes)} min {'behind' if minutes > 0 else 'ahead'}"


def _step_line(title: str, when: str, style: str) -> Table:
    """One line per step: a long title is cut short so the times always show."""
    line = Table.grid(expand=True)
    line.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    line.add_column(no_wrap=True, justify="right")
    line.add_row(Text(title, style=style), Text(f" {when}", style="dim"))
    return line


def captured(record: SessionRecord, step_id: str) -> bool:
    """Whether a step holds anything: a step filled in quickly is done all the same."""
    result = record.results.get(step_id)
    return result is not None and result.entry_count() > 0


class AgendaSidebar(Vertical):
    """Selecting a step here jumps to it (the screen handles OptionList.OptionSelected)."""

    DEFAULT_CSS = """
    AgendaSidebar { width: 30; height: 100%; border-right: tall $primary 30%; }
    AgendaSidebar OptionList {
        height: 1fr; border: none; padding: 0; background: transparent;
        scrollbar-gutter: stable; scrollbar-size-vertical: 1;  /* same width, scrolling or not */
    }
    AgendaSidebar #drift { height: auto; padding: 0 1; color: $text-muted; }
    AgendaSidebar #drift.-behind { color: $warning; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[SessionRecord, datetime] | None = None
        #: What the lines and the drift line say, as last set: the same again sets nothing.
        self._drawn: tuple[object, ...] | None = None
        self._laid_out = False

    def compose(self) -> ComposeResult:
        yield OptionList(id="steps")
        yield Label("", id="drift")

    def on_resize(self) -> None:
        # Lines were cut to the old width: cut them again (the console tightening at
        # 80x24 changes the width after the first lines were drawn). The first resize is
        # the first layout: no line was drawn at another width before it.
        first, self._laid_out = not self._laid_out, True
        if self._shown is not None and not first:  # after the refresh: the lines exist by then
            self._drawn = None
            self.call_after_refresh(self.show, *self._shown)

    def show(self, record: SessionRecord, at: datetime) -> None:
        self._shown = (record, at)
        current = record.agenda.index(record.current_step)
        lines = []
        for index, step in enumerate(record.agenda.steps):
            ran = record.step_seconds(step.id, at)
            if index == current:
                glyph, style = "▶", "bold reverse"
            elif (ran is not None and ran >= GLANCE_SECONDS) or captured(record, step.id):
                glyph, style = "✓", "dim"  # run for a while, or something was captured
            else:  # ahead, or only passed through: still to do
                glyph, style = "·", ""
            when = f"{round(ran / 60)}/{step.minutes}m" if ran is not None else f"{step.minutes}m"
            lines.append((step.id, f"{glyph} {index + 1} {step.title}", when, style))
        drift = record.drift_seconds(at)
        total = sum(s.minutes for s in record.agenda.steps)
        drift_line = f"{total} min planned\n{drift_text(drift)}"
        # The screen shows the agenda with each step and again on the clock's tick:
        # rebuilding the same lines would only lay out and paint the screen again.
        drawn = (tuple(lines), current, drift_line, drift >= 60)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        option_list.set_options(
            Option(_step_line(title, when, style), id=step_id)
            for step_id, title, when, style in lines
        )
        option_list.highlighted = current if highlighted is None else highlighted
        label = self.query_one("#drift", Label)
        label.update(drift_line)
        label.set_class(drift >= 60, "-behind")
