"""`notes`: private named fields and free text, e.g. the leader briefing. Never projected."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from workshop.kinds.base import LongText, ResultBase, ShortText, StepBase

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
