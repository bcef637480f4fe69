"""Rating capture: one key per person (a name first when the step asks whose it is); the
room sees how the ratings fall, as bars, and their average."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from workshop.blocks import percent
from workshop.kinds import shown_to_room
from workshop.kinds.rating import (
    SPEC,
    Rating,
    RatingResult,
    RatingStep,
    average_text,
    check_rating,
    distribution,
    point_label,
)
from workshop.record import SessionRecord
from workshop.ui.dialogs import FieldSpec
from workshop.ui.kinds import KindUI
from workshop.ui.kinds.base import FitToWidth, StepPanel, entry_cell
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.kinds.fields import FieldInput, move_to
from workshop.ui.roomlayout import BIG_FROM_ROWS, Bar, FitToSize, Lines, bar_chart, headline


def compact_view(record: SessionRecord, step: RatingStep, result: RatingResult) -> RenderableType:
    """A bar per point of the scale (the longest fills the width), then the average."""
    total = result.entry_count()
    lines = distribution(step, result)

    def build(width: int) -> RenderableType:
        labels = [point_label(step, value) for value, _ in lines]
        label_width = min(max(len(label) for label in labels), width // 2)
        bar_width = max(4, width - label_width - 16)
        most = max((count for _, count in lines), default=0)
        bars = Table.grid(padding=(0, 1))
        bars.add_column(no_wrap=True, width=label_width, overflow="ellipsis")
        bars.add_column(no_wrap=True, width=bar_width)
        bars.add_column(justify="right", no_wrap=True, width=5)
        bars.add_column(justify="right", no_wrap=True, width=6)
        for label, (_, count) in zip(labels, lines, strict=True):
            length = round(count / most * bar_width) if most else 0
            share = percent(count, total) if total else ""
            bars.add_row(
                Text(label, style="bold"), Text("█" * length, style="cyan"), str(count), share
            )
        average = Text.assemble(("average  ", "bold"), (average_text(step, result), "bold reverse"))
        return Group(Text(step.statement, style="italic"), Text(""), bars, Text(""), average)

    return FitToWidth(build)


def room_view(record: SessionRecord, step: RatingStep, result: RatingResult) -> RenderableType:
    """The average as the headline, the statement under it, a bar per point of the scale
    filling the height; one-cell bars where the height is unknown or too small."""
    compact = compact_view(record, step, result)
    total = result.entry_count()

    def build(width: int, height: int | None) -> RenderableType:
        if height is None or height < BIG_FROM_ROWS:
            return compact
        average = result.average()
        head_text = "—" if average is None else f"{average:.1f} / {step.scale}"
        head = headline(f"average {head_text}", width, max(4, height // 4))
        parts = [*head.text_lines(width), Text(step.statement, style="italic", justify="center")]
        parts.append(Text(""))
        bars = [
            Bar(point_label(step, value), count, percent(count, total) if total else "")
            for value, count in distribution(step, result)
        ]
        chart = bar_chart(bars, width, height - len(parts) - 1)
        if chart is None:
            return compact
        return Lines([*parts, *chart, Text(f"n = {total}", style="bold")])

    return FitToSize(build)


class RatingPanel(StepPanel):
    """Keys 1 to the scale record a rating; with `attributed`, a name and Enter come first.

    The panel itself takes the rating keys (as a tally does), so that a digit is never
    typed into a field by mistake.
    """

    can_focus = True

    DEFAULT_CSS = """
    RatingPanel { border-left: tall transparent; }
    RatingPanel:focus { border-left: tall $primary; }
    RatingPanel.-present:focus { border-left: tall transparent; }
    RatingPanel #person { width: 30; }
    RatingPanel #rating-hint { color: $text-muted; height: auto; }
    RatingPanel #columns { height: 1fr; }
    RatingPanel #room { width: 1fr; height: 1fr; overflow-y: auto; }
    RatingPanel EntryTable { width: 36%; min-width: 24; max-width: 40; }
    RatingPanel.-present EntryTable { display: none; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Whose rating the next key records (attributed steps), once Enter gave a name.
        self.rater: str | None = None
        self.taking_back = False

    @property
    def attributed(self) -> bool:
        return bool(self.step.attributed) and self.show_names

    def compose(self) -> ComposeResult:
        with Horizontal(classes="inputs"):
            yield FieldInput(
                on_enter=self._named,
                placeholder="Name, then Enter",
                id="person",
                suggester=SuggestFromList(self.record.participants, case_sensitive=False),
            )
        # Not a `.hint` (hidden on short screens, where the Footer shows the keys): the
        # rating keys are in no Footer, and whose rating comes next must always show.
        yield Static("", classes="facilitator-only", id="rating-hint")
        yield Static("", classes="problem")
        with Horizontal(id="columns"):
            yield Static(id="room", classes="room")
            table = EntryTable(id="ratings", classes="facilitator-only")
            table.add_columns(*(["Name"] if self.attributed else []), "Rating")
            yield table

    def set_up(self) -> None:
        self.query_one("#person").display = self.attributed

    def refresh_view(self) -> None:
        shown = shown_to_room(self.result)
        view = self.for_room(lambda: room_view(self.record, self.step, shown))
        self.query_one("#room", Static).update(view)
        rows = []
        for rating in reversed(self.result.ratings):
            name = [rating.person] if self.attributed else []
            label = entry_cell(rating, point_label(self.step, rating.value))
            rows.append((rating.id, (*name, label)))
        self.query_one(EntryTable).fill(rows)
        self._show_hint()

    def _show_hint(self) -> None:
        keys = f"1–{self.step.scale}"
        if self.attributed and self.rater is None:
            hint = f"Type a name and Enter, then a key {keys} for their rating."
        elif self.attributed:
            hint = f"{self.rater}: press {keys}  (Esc: another name)"
        else:
            hint = f"Keys {keys}: record one rating.  −, then a key: take one back."
        self.query_one("#rating-hint", Static).update(Text(hint))

    def focus_input(self) -> None:
        if self.attributed and self.rater is None:
            self.query_one("#person", Input).focus()
        else:
            self.focus()

    def _named(self, typed: str) -> None:
        name = " ".join(typed.split())
        if not name:
            self.show_problem("type a name first (or Esc to rate without one)")
            return
        self.rater = name
        self.show_problem("")
        self._show_hint()
        move_to(self)

    def on_key(self, event: events.Key) -> None:
        """Rating keys while the panel has focus. (Textual then calls StepPanel.on_key too,
        unless the default is prevented: down from the name field goes to the table.)"""
        if self.app.focused is not self:
            return
        if event.key == "down":
            event.stop()
            event.prevent_default()
            self.query_one(EntryTable).focus()
            return
        if event.key == "escape" and self.attributed:
            event.stop()
            event.prevent_default()
            self.rater = None
            self._show_hint()
            self.focus_input()
            return
        if not event.is_printable or not event.character:
            return
        event.stop()
        event.prevent_default()
        if event.character == "-" and not self.attributed:
            self.taking_back = True
            self.show_problem("take back which rating? press its key")
            return
        taking_back, self.taking_back = self.taking_back, False
        try:
            value = check_rating(self.step, event.character)
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        if taking_back:
            self._take_back(value)
        else:
            self._rate(value)

    def _rate(self, value: int) -> None:
        person = self.rater or ""

        def add(result: Any) -> None:
            name = self.record.add_participant(person) if person else ""
            result.ratings.append(Rating(person=name, value=value, at=self.session.clock()))

        if self.apply(add) and self.attributed:
            self.rater = None
            self.query_one("#person", Input).value = ""
            self.query_one("#person", Input).suggester = SuggestFromList(
                self.record.participants, case_sensitive=False
            )
            self._show_hint()
            self.focus_input()

    def _take_back(self, value: int) -> None:
        latest = next((r for r in reversed(self.result.ratings) if r.value == value), None)
        if latest is None:
            self.show_problem(f"no rating of {value} to take back")
            return
        self.apply(lambda result: result.ratings.remove(latest))

    def _rating(self, key: str) -> Rating:
        return next(r for r in self.result.ratings if r.id == key)

    def edit_entry(self, key: str) -> None:
        rating = self._rating(key)
        fields = [FieldSpec("value", f"Rating (1–{self.step.scale})", str(rating.value))]
        if self.attributed:
            fields.insert(0, FieldSpec("person", "Name", rating.person))

        def edited(values: dict[str, str]) -> Callable[[Any], None]:
            value = check_rating(self.step, values["value"].strip())

            def change(result: Any) -> None:
                target = next(r for r in result.ratings if r.id == key)
                target.value = value
                if "person" in values:
                    target.person = self.record.add_participant(values["person"])

            return change

        self.edit_in_dialog("Edit rating", fields, edited)

    def delete_entry(self, key: str) -> None:
        rating = self._rating(key)
        who = f" by {rating.person}" if rating.person and self.attributed else ""

        def delete() -> None:
            self.apply(lambda r: r.ratings.remove(next(x for x in r.ratings if x.id == key)))

        self.confirm_delete(f"the rating {rating.value}{who}", delete)


UI = KindUI(spec=SPEC, panel=RatingPanel, room_view=room_view, recap=False)
