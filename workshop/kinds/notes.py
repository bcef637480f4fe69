"""`notes`: private named fields and free text, e.g. the leader briefing. Never projected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from workshop.blocks import Block, CsvRow, Paragraph
from workshop.kinds.base import LongText, ResultBase, ShortText, StepBase
from workshop.kinds.spec import KindSpec, no_fixed_rows, no_pages, one_page

if TYPE_CHECKING:
    from workshop.record import SessionRecord

KIND = "notes"


class NotesStep(StepBase):
    kind: Literal["notes"]
    projected: bool = False
    fields: list[ShortText] = Field(
        default_factory=list, description="Named questions to answer, e.g. 'Leadership style'."
    )

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, value: list[str]) -> list[str]:
        if len({f.casefold() for f in value}) != len(value):
            raise ValueError("field names must be unique")
        if any(not f.strip() for f in value):
            raise ValueError("field names must not be empty")
        return value


class NotesResult(ResultBase):
    kind: Literal["notes"]
    fields: dict[str, LongText] = Field(default_factory=dict)
    text: LongText = ""

    def entry_count(self) -> int:
        return sum(1 for v in self.fields.values() if v.strip()) + (1 if self.text.strip() else 0)


# -- export ----------------------------------------------------------------------------


def _answers(step: NotesStep, result: NotesResult) -> list[tuple[str, str]]:
    """(field, text) for every answered field in the agenda's order, then ('', free text)."""
    order = [*step.fields, *(f for f in result.fields if f not in step.fields)]
    found = [(name, result.fields[name]) for name in order if result.fields.get(name, "").strip()]
    if result.text.strip():
        found.append(("", result.text))
    return found


def report(step: NotesStep, result: NotesResult, record: SessionRecord) -> list[Block]:
    """Each answered field under its name, then the free text. (Whether private notes are
    exported at all is the report's decision, made for every private step alike.)"""
    answers = _answers(step, result)
    if not answers:
        return [Paragraph("No notes were taken.", tone="muted")]
    return [Paragraph(text, label=name) for name, text in answers]


def csv_rows(step: NotesStep, result: NotesResult, record: SessionRecord) -> list[CsvRow]:
    """One row per answered field (`field` its name; 'text' for the free text)."""
    return [CsvRow(field=name or "text", value=text) for name, text in _answers(step, result)]


SPEC = KindSpec(
    name=KIND,
    step=NotesStep,
    result=NotesResult,
    nouns=("note", "notes"),
    private=True,
    refs={},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=no_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    phone=None,
    trends=None,
)
