"""A whole session as report blocks and as CSV rows, with each step drawn by its kind.

What is decided here, once for every kind:

- **Anonymous sessions name nobody.** The participants are a count; owners, voters and
  speakers are left out of every table and every CSV row. The facilitator, who is not a
  participant, is still named.
- **Private steps** (those never projected: the leader briefing's notes) are left out of
  every export, Markdown, HTML and CSV alike, unless `include_private=True`; then they
  appear under a plain "Private" marker (in the CSV, as their rows). A CSV is passed on
  as readily as a summary, so it follows the same rule.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

from workshop.blocks import Block, CsvRow, Facts, Heading, Paragraph, table
from workshop.dates import MONTHS, WEEKDAYS
from workshop.kinds import KINDS, empty_result, is_private, shown_to_room
from workshop.kinds.commitments import all_commitments, commitments_table
from workshop.kinds.review import review_progress

if TYPE_CHECKING:
    from workshop.kinds.base import StepBase
    from workshop.record import SessionRecord

#: What stands above a private step's content ("Private" is the renderer's label).
PRIVATE_MARK = "the facilitator's own notes, never shown to the room; not for circulation."
PRIVATE_LEFT_OUT = "the facilitator's own notes are not included in this report."


def when(moment: datetime) -> str:
    """A moment in the reader's local time, in words that need no locale."""
    local = moment.astimezone()
    weekday, month = WEEKDAYS[local.weekday()], MONTHS[local.month - 1]
    return f"{weekday.title()} {local.day} {month.title()} {local.year}, {local:%H:%M}"


def _period(record: SessionRecord) -> str:
    start = record.started or record.created
    text = when(start)
    if record.finished:
        end = record.finished.astimezone()
        same_day = end.date() == start.astimezone().date()
        text += f"–{end:%H:%M}" if same_day else f" to {when(record.finished)}"
    return text


def step_minutes(record: SessionRecord, step: StepBase) -> tuple[int, int, float | None]:
    """(planned minutes, minutes added during the session, actual minutes or None if the
    step never ran). Actual is the time the step's timer ran up to the last save."""
    timing = record.timing.get(step.id)
    added = (timing.extra // 60) if timing else 0
    seconds = record.step_seconds(step.id)
    return step.minutes, added, None if seconds is None else seconds / 60


def _minutes_text(planned: int, added: int, actual: float | None) -> str:
    text = f"planned {planned} min" + (f" (+{added} added)" if added else "")
    return text + (", not run" if actual is None else f", took {round(actual)} min")


def result_of(record: SessionRecord, step: StepBase) -> object:
    """The step's result as the room saw it (without hidden entries), or an empty one if it
    captured nothing (the record is not changed)."""
    return shown_to_room(record.results.get(step.id) or empty_result(step))


def header_blocks(record: SessionRecord) -> list[Block]:
    """Title and the facts a reader needs first: who, when, with whom."""
    facts: list[tuple[str, str]] = []
    if record.organization:
        facts.append(("Organization", record.organization))
    facts.append(("Date", _period(record)))
    if record.facilitator:
        facts.append(("Facilitator", record.facilitator))
    facts.append(("Agenda", record.agenda.title))
    count = len(record.participants)
    if record.anonymous:
        people = f"{count} (an anonymous session: no names are kept in this report)"
    else:
        people = f"{', '.join(record.participants)} ({count})" if count else "none named"
    facts.append(("Participants", people))
    facts.append(("Status", "finished" if record.status == "finished" else "in progress"))
    if record.follows:
        facts.append(("Follows up", f"session {record.follows}"))
    return [Heading(record.title, level=1), Facts(tuple(facts))]


def commitments_blocks(record: SessionRecord) -> list[Block]:
    """What was promised: this session's commitments, and how last time's were reviewed.

    The one section that names two kinds: an emailed summary opens with the promises,
    gathered from every commitments and review step (see ARCHITECTURE.md)."""
    blocks: list[Block] = [Heading("Commitments"), *review_progress(record)]
    blocks.append(commitments_table(all_commitments(record), record.anonymous))
    return blocks


def step_blocks(record: SessionRecord, *, include_private: bool = False) -> list[Block]:
    """Each step in agenda order: its title, its time, the prompt, and what it captured."""
    blocks: list[Block] = []
    for number, step in enumerate(record.agenda.steps, start=1):
        private = is_private(step)
        title = f"{number}. {step.title}" + (" (private)" if private else "")
        blocks.append(Heading(title))
        blocks.append(Paragraph(_minutes_text(*step_minutes(record, step)), tone="muted"))
        if private and not include_private:
            blocks.append(Paragraph(PRIVATE_LEFT_OUT, tone="private"))
            continue
        if private:
            blocks.append(Paragraph(PRIVATE_MARK, tone="private"))
        if step.prompt:
            blocks.append(Paragraph(step.prompt, tone="quote"))
        blocks.extend(KINDS[step.kind].report(step, result_of(record, step), record))
    return blocks


def timing_blocks(record: SessionRecord) -> list[Block]:
    """Planned against actual minutes for every step, and in all.

    Over or under is measured against the agenda's plan, as the session's drift is;
    minutes added with "+1 minute" get their own column when there are any.
    """
    lines = [(step.title, *step_minutes(record, step)) for step in record.agenda.steps]
    show_added = any(added for _, _, added, _ in lines)
    rows = []
    for title, planned, added, actual in lines:
        row = [title, str(planned)] + ([str(added) if added else ""] if show_added else [])
        if actual is None:
            rows.append([*row, "—", "—"])
        else:
            rows.append([*row, str(round(actual)), _signed(actual - planned)])
    # Steps never run are neither over nor under: the total compares the steps that ran.
    ran = [(planned, added, actual) for _, planned, added, actual in lines if actual is not None]
    total = ["All steps", str(sum(line[1] for line in lines))]
    total += [str(sum(line[2] for line in lines))] if show_added else []
    total += [str(round(sum(a for _, _, a in ran))), _signed(sum(a - p for p, _, a in ran))]
    rows.append(total)
    headers = ["Step", "Planned (min)"] + (["Added (min)"] if show_added else [])
    headers += ["Actual (min)", "Over (+) / under (−)"]
    return [Heading("Time"), table(headers, rows, numeric=tuple(range(1, len(headers))))]


def _signed(minutes: float) -> str:
    value = round(minutes)
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


def session_blocks(
    record: SessionRecord, *, include_private: bool = False, trends: list[Block] | None = None
) -> list[Block]:
    """The whole report: header, commitments, steps, time, then trends when given."""
    blocks = header_blocks(record)
    blocks += commitments_blocks(record)
    blocks += step_blocks(record, include_private=include_private)
    blocks += timing_blocks(record)
    blocks += trends or []
    return blocks


def session_rows(record: SessionRecord, *, include_private: bool = False) -> list[CsvRow]:
    """Every captured item as a tidy row, steps in agenda order; a private step's only
    with `include_private`, as in the reports.

    The kinds fill in what they captured; session, step and kind are filled in here, and
    for an anonymous session every participant and owner is blanked, whatever a kind did.
    """
    rows: list[CsvRow] = []
    for step in record.agenda.steps:
        if is_private(step) and not include_private:
            continue
        result = result_of(record, step)
        for row in KINDS[step.kind].csv_rows(step, result, record):
            row = dataclasses.replace(row, session=record.id, step_id=step.id, step_kind=step.kind)
            if record.anonymous:
                row = dataclasses.replace(row, participant="", owner="")
            rows.append(row)
    return rows
