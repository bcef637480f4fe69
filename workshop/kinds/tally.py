"""`tally`: one key press, one observation; live bars with shares of the whole.

For an interaction study: categories of activity, some flagged as serving the customer's
successful outcome; the room sees what share of what was observed actually serves it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from workshop.kinds.base import MAX_COUNT, ResultBase, ShortText, StepBase, StrictModel

KIND = "tally"


class Category(StrictModel):
    key: Annotated[str, StringConstraints(min_length=1, max_length=1, pattern=r"^[a-z1-9]$")]
    label: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    serves_outcome: bool = False


class TallyStep(StepBase):
    kind: Literal["tally"]
    categories: list[Category] = Field(min_length=1, max_length=26)
    outcome_label: ShortText = "serves the outcome"

    @field_validator("categories")
    @classmethod
    def _unique(cls, value: list[Category]) -> list[Category]:
        keys = [c.key for c in value]
        if len(set(keys)) != len(keys):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            raise ValueError(f"category keys must be unique; repeated: {', '.join(dupes)}")
        labels = [c.label.casefold() for c in value]
        if len(set(labels)) != len(labels):
            raise ValueError("category labels must be unique")
        return value


class TallyResult(ResultBase):
    kind: Literal["tally"]
    counts: dict[str, Annotated[int, Field(ge=0, le=MAX_COUNT)]] = Field(
        default_factory=dict, description="Observations per category key."
    )

    def entry_count(self) -> int:
        return sum(self.counts.values())

    def share(self, keys: set[str]) -> float:
        """The fraction of all observations that fall in `keys` (0 when none yet)."""
        total = self.entry_count()
        return sum(self.counts.get(k, 0) for k in keys) / total if total else 0.0
