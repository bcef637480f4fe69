"""`review`: the open commitments of the session being followed up, and what became of them.

The followed-up record is never modified: its open commitments are copied in here when
the step is first shown, and their new status lives in this session's record. Those still
open are carried into this session's commitments, so the ledger stays unbroken.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from workshop.export.blocks import Block, CsvRow, Paragraph, day, iso, table
from workshop.kinds.base import ResultBase, ShortText, StepBase, StrictModel
from workshop.kinds.commitments import Commitment

if TYPE_CHECKING:
    from workshop.record import SessionRecord

KIND = "review"

ReviewStatus = Literal["pending", "done", "open", "dropped"]


class ReviewStep(StepBase):
    kind: Literal["review"]
    carry_to: str | None = Field(
        default=None, description="Id of the commitments step that still-open items carry into."
    )

    def step_refs(self) -> dict[str, str]:
        return {"carry_to": self.carry_to} if self.carry_to else {}


class ReviewItem(StrictModel):
    id: str = Field(description="The commitment's ledger id.")
    source: str = Field(description="Id of the session the commitment comes from.")
    what: str
    owner: ShortText = ""
    due: date | None = None
    status: ReviewStatus = "pending"
    new_due: date | None = None

    @classmethod
    def from_commitment(cls, commitment: Commitment, session_id: str) -> ReviewItem:
        return cls(
            id=commitment.id,
            source=session_id,
            what=commitment.what,
            owner=commitment.owner,
            due=commitment.due,
        )


class ReviewResult(ResultBase):
    kind: Literal["review"]
    loaded: bool = Field(default=False, description="Whether the previous items were copied in.")
    items: list[ReviewItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> ReviewResult:
        if len({i.id for i in self.items}) != len(self.items):
            raise ValueError("review item ids must be unique")
        return self

    def entry_count(self) -> int:
        return sum(1 for i in self.items if i.status != "pending")

    def progress(self) -> Counter[str]:
        return Counter(item.status for item in self.items)


# -- export ----------------------------------------------------------------------------

#: How a review status reads in a report.
STATUS_TEXT = {
    "done": "done",
    "open": "still open",
    "dropped": "dropped",
    "pending": "not reviewed",
}


def progress_text(result: ReviewResult) -> str:
    """'1 done, 2 still open, 0 dropped, 0 not reviewed, of 3': every status, always."""
    progress = result.progress()
    parts = [f"{progress.get(status, 0)} {text}" for status, text in STATUS_TEXT.items()]
    return f"{', '.join(parts)}, of {len(result.items)}."


def report(step: ReviewStep, result: ReviewResult, record: SessionRecord) -> list[Block]:
    """Progress counts, then each reviewed commitment with its new status and date."""
    if not result.items:
        if not result.loaded:
            return [Paragraph("No earlier session's commitments were loaded.", tone="muted")]
        return [Paragraph("There were no open commitments to review.", tone="muted")]
    headers = ["Commitment"] + ([] if record.anonymous else ["Owner"])
    headers += ["Was due", "Now", "New due"]
    rows = []
    for item in result.items:
        row = [item.what] + ([] if record.anonymous else [item.owner])
        new_due = day(item.new_due) if item.new_due else ""
        row += [day(item.due), STATUS_TEXT[item.status], new_due]
        rows.append(row)
    return [Paragraph(progress_text(result), label="Progress"), table(headers, rows)]


def csv_rows(step: ReviewStep, result: ReviewResult, record: SessionRecord) -> list[CsvRow]:
    """One row per reviewed commitment; `due` is the new date when one was agreed."""
    return [
        CsvRow(
            field="review",
            value=item.what,
            owner=item.owner,
            due=iso(item.new_due or item.due),
            status=item.status,
        )
        for item in result.items
    ]
