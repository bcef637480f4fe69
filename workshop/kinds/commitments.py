"""`commitments`: what will be done, by whom, by when; reviewed at the next session."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from workshop.kinds.base import ResultBase, ShortText, StepBase, StrictModel, new_id

KIND = "commitments"

Status = Literal["open", "done", "dropped"]


class CommitmentsStep(StepBase):
    kind: Literal["commitments"]


class Commitment(StrictModel):
    id: str = Field(default_factory=new_id, description="Kept when carried forward: one ledger.")
    what: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    owner: ShortText = ""
    due: date | None = None
    status: Status = "open"
    carried_from: str | None = Field(
        default=None,
        description="Id of the session this commitment was first made or last kept in.",
    )


class CommitmentsResult(ResultBase):
    kind: Literal["commitments"]
    items: list[Commitment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> CommitmentsResult:
        if len({c.id for c in self.items}) != len(self.items):
            raise ValueError("commitment ids must be unique")
        return self

    def entry_count(self) -> int:
        return len(self.items)

    def open_items(self) -> list[Commitment]:
        return [c for c in self.items if c.status == "open"]
