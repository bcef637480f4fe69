"""`list`: items with optional flags, a note, an owner and dot-votes, ranked by votes.

The values step is a list: each value, a flag for "on the walls", and a note for the
action when it is not. Icebreaker words that echo a value are shown beside it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from workshop.kinds.base import (
    MAX_COUNT,
    LongText,
    ResultBase,
    ShortText,
    StepBase,
    StrictModel,
    new_id,
)

KIND = "list"

Flag = Annotated[str, StringConstraints(min_length=1, max_length=40)]

#: The most dots one person may place (a budget) or put on one item.
MAX_VOTES = 100


class ListStep(StepBase):
    kind: Literal["list"]
    flags: list[Flag] = Field(
        default_factory=list, description="Yes/no marks per item, e.g. 'on the walls'."
    )
    note_label: ShortText = Field(default="note", description="What an item's note is for.")
    vote_budget: int | None = Field(
        default=None,
        ge=1,
        le=MAX_VOTES,
        description="Dots each person may place; none means no limit.",
    )
    echo_step: str | None = Field(
        default=None, description="Id of a one-word step whose matching words are shown."
    )

    @field_validator("flags")
    @classmethod
    def _unique_flags(cls, value: list[str]) -> list[str]:
        if len({f.casefold() for f in value}) != len(value):
            raise ValueError("flags must be unique")
        return value

    def step_refs(self) -> dict[str, str]:
        return {"echo_step": self.echo_step} if self.echo_step else {}


class ListItem(StrictModel):
    id: str = Field(default_factory=new_id)
    text: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    flags: list[Flag] = Field(default_factory=list, description="The flags that are set.")
    note: LongText = ""
    owner: ShortText = ""
    votes: dict[str, Annotated[int, Field(ge=0, le=MAX_COUNT)]] = Field(
        default_factory=dict, description="Dots per voter; '' for the room as a whole."
    )

    @field_validator("votes")
    @classmethod
    def _votes_per_person(cls, value: dict[str, int]) -> dict[str, int]:
        over = sorted(voter for voter, dots in value.items() if voter and dots > MAX_VOTES)
        if over:
            raise ValueError(f"one person puts at most {MAX_VOTES} dots on an item: {over[0]!r}")
        return value

    @property
    def total_votes(self) -> int:
        return sum(self.votes.values())


class ListResult(ResultBase):
    kind: Literal["list"]
    items: list[ListItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> ListResult:
        if len({i.id for i in self.items}) != len(self.items):
            raise ValueError("item ids must be unique")
        return self

    def entry_count(self) -> int:
        return len(self.items)

    def ranked(self) -> list[ListItem]:
        """Items by votes, most first; ties keep the facilitator's order."""
        return sorted(self.items, key=lambda item: -item.total_votes)

    def votes_used(self, voter: str) -> int:
        return sum(item.votes.get(voter, 0) for item in self.items)
