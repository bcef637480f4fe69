"""Preflight: does every step of an agenda fit the room's screen at a given size?

`measure` lays out the room's view (`workshop present`) headless at that size for every
step (and every question of a prompts step) and reports what would be cut off:

- the step's title, prompt or timer not wholly on screen, or squeezed under
  `MIN_TEXT_COLUMNS` columns;
- a results area with fewer rows than the step needs: at least `MIN_RESULT_ROWS` (a
  heading and a handful of entries), and never fewer than its view takes when still
  empty (a tally's categories, one row each; a long question of a prompts step);
- for a private step, a "private" card with no room for its line.

`needed_size` is the quicker rule the facilitator's app checks when a session starts.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.errors import NoWidget
from textual.geometry import Region, Size
from textual.widget import Widget

from workshop.agenda import Agenda
from workshop.errors import InvalidFileError, WorkshopError, display_path
from workshop.kinds import is_private, spec_of
from workshop.kinds.base import StepBase
from workshop.record import SessionRecord

if TYPE_CHECKING:  # the room's view is imported to measure, not for `needed_size` at start
    from workshop.ui.audience import AudienceApp

#: The results area needs at least this many rows: a heading and five entries.
MIN_RESULT_ROWS = 6
#: Title and prompt are squeezed out below this many columns.
MIN_TEXT_COLUMNS = 20
#: The smallest projector the app is built for: every shipped agenda fits it.
SMALLEST = Size(80, 24)
#: Rows of the room's view around the results at the smallest size: the bar, the title
#: and prompt beside the timer (five rows of it), the prompt's blank line.
CHROME_ROWS = 7


@dataclass(frozen=True)
class FitProblem:
    step_id: str
    what: str


def parse_size(text: str, option: str = "--fit") -> Size:
    """COLSxROWS, e.g. 80x24; a WorkshopError says what is wrong with it."""
    try:
        cols, rows = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise WorkshopError(f"{option} {text!r}: give COLSxROWS, e.g. 80x24") from None
    if not (20 <= cols <= 1000 and 5 <= rows <= 500):
        raise WorkshopError(f"{option} {text}: give 20 to 1000 columns and 5 to 500 rows")
    return Size(cols, rows)


def _visible(widget: Widget) -> Region:
    """The part of the widget on screen (inside its containers and the screen)."""
    try:
        geometry = widget.screen.find_widget(widget)
    except NoWidget:
        return Region()
    return geometry.region.intersection(geometry.clip)


def _check_step(app: AudienceApp, step: StepBase) -> list[str]:
    """What is cut off of the step on screen now (empty when it all fits)."""
    room = app.room
    problems: list[str] = []
    for name, selector in (("title", "#room-title"), ("prompt", "#room-prompt"), ("timer", None)):
        widget = room.query_one(selector) if selector else room.query_one("#room-timer")
        if not widget.display:
            continue
        region, visible = widget.region, _visible(widget)
        if name != "timer" and region.width < MIN_TEXT_COLUMNS:
            problems.append(f"{name} squeezed to {region.width} columns")
        elif visible.height < region.height:
            problems.append(f"{name} cut off: {visible.height} of {region.height} rows on screen")
        elif visible.width < region.width:
            problems.append(f"{name} cut off: {visible.width} of {region.width} columns on screen")
    if is_private(step):
        card = _visible(room.query_one("#room-private"))
        if card.height < 3:
            problems.append(f"private card cut off: {card.height} rows, needs 3")
        return problems
    results = room.query_one("#room-results")
    width = results.content_region.width
    if width < MIN_TEXT_COLUMNS:
        return [*problems, f"results area squeezed to {width} columns"]
    from workshop.ui.audience import room_content

    assert app.record is not None
    lines = app.console.render_lines(
        room_content(app.record, step), app.console.options.update_width(width), pad=False
    )
    needed = max(MIN_RESULT_ROWS, len(lines))
    rows = _visible(results).height
    if rows < needed:
        why = "" if needed == MIN_RESULT_ROWS else " (its empty view alone takes that many)"
        problems.append(f"results area cut off: {rows} rows, needs {needed}{why}")
    return problems


async def measure(agenda: Agenda, size: Size) -> list[FitProblem]:
    """Lay out the room's view of every step at `size`, headless; what does not fit."""
    from workshop.ui.audience import AudienceApp

    record = SessionRecord.start_new(agenda)  # in memory only: nothing is written
    app = AudienceApp(record=record)
    problems: list[FitProblem] = []
    async with app.run_test(size=(size.width, size.height)) as pilot:
        for step in agenda.steps:
            record.current_step = step.id
            spec = spec_of(step)
            questions = list(range(spec.pages(step)))
            # Each problem, with the pages (a prompts step's questions) it happens at.
            found: dict[str, list[int]] = {}
            for index in questions:
                spec.show_page(record.result(step.id), index)
                app.show_record(record)
                await pilot.pause()
                for what in _check_step(app, step):
                    found.setdefault(what, []).append(index + 1)
            for what, where in found.items():
                if len(questions) > 1:
                    which = (
                        "every question"
                        if len(where) == len(questions)
                        else (
                            f"question{'s' if len(where) > 1 else ''} "
                            + ", ".join(str(n) for n in where)
                        )
                    )
                    what = f"{what} (at {which})"
                problems.append(FitProblem(step.id, what))
    return problems


def needed_size(agenda: Agenda) -> Size:
    """The quick rule the facilitator's app checks at start: 80x24 at least, and as many
    rows as the tallest fixed part of a room view needs (a tally's categories) beside
    the title, prompt and timer. `workshop check --fit` measures exactly."""
    rows = SMALLEST.height
    for step in agenda.steps:
        fixed = spec_of(step).fixed_rows(step)
        rows = max(rows, CHROME_ROWS + max(MIN_RESULT_ROWS, fixed))
    return Size(SMALLEST.width, rows)


def _agenda_of(ref: str) -> tuple[Agenda, str]:
    """An agenda by file or id, or the agenda embedded in a session record."""
    from workshop.catalog import find_agenda
    from workshop.storage import load_record, looks_like_record
    from workshop.tomlsource import parse, read_text

    path = Path(ref)
    if (
        path.suffix == ".toml"
        and path.is_file()
        and looks_like_record(parse(read_text(path), path))
    ):
        return load_record(path).agenda, ref
    agenda, source = find_agenda(ref)
    return agenda, display_path(path if path.exists() else source)


def check_fit(size_text: str, refs: Sequence[str]) -> int:
    """`workshop check --fit COLSxROWS AGENDA...`: one line per step that does not fit."""
    size = parse_size(size_text)
    failed = False
    for ref in refs:
        try:
            agenda, name = _agenda_of(ref)
        except InvalidFileError as exc:
            failed = True
            for line in exc.problems:
                print(line, file=sys.stderr)
            continue
        except WorkshopError as exc:
            failed = True
            print(exc, file=sys.stderr)
            continue
        problems = asyncio.run(measure(agenda, size))
        for problem in problems:
            print(f"{name}: step {problem.step_id}: {problem.what}", file=sys.stderr)
        if problems:
            failed = True
            steps = len({p.step_id for p in problems})
            print(
                f"no  {name}: {steps} of {len(agenda.steps)} steps cut off at {size[0]}x{size[1]}"
            )
        else:
            print(f"ok  {name}: all {len(agenda.steps)} steps fit {size[0]}x{size[1]}")
    return 1 if failed else 0
