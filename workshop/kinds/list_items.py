"""`list`: items with optional flags, a note, an owner and dot-votes, ranked by votes.

The values step is a list: each value, a flag for "on the walls", and a note for the
action when it is not. Icebreaker words that echo a value are shown beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from workshop.blocks import Block, CsvRow, Paragraph, table
from workshop.kinds.base import (
    MAX_COUNT,
    LongText,
    ResultBase,
    ShortText,
    StepBase,
    StrictModel,
    new_id,
)
from workshop.kinds.one_word import OneWordResult, WordCount, matching_value, tally
from workshop.kinds.spec import KindSpec, no_fixed_rows, no_pages, one_page

if TYPE_CHECKING:
    from workshop.record import SessionRecord

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


# -- export ----------------------------------------------------------------------------


def echoes(step: ListStep, result: ListResult, record: SessionRecord) -> dict[str, list[WordCount]]:
    """Item text -> the words of the step's `echo_step` that echo it, most said first."""
    words = record.results.get(step.echo_step) if step.echo_step else None
    if not isinstance(words, OneWordResult):
        return {}
    texts = [item.text for item in result.items]
    found: dict[str, list[WordCount]] = {}
    for count in tally(words.entries):
        value = matching_value(count.word, texts)
        if value is not None:
            found.setdefault(value, []).append(count)
    return found


def report(step: ListStep, result: ListResult, record: SessionRecord) -> list[Block]:
    """The items ranked by votes, with their flags, note and owner."""
    if not result.items:
        return [Paragraph("No items were listed.", tone="muted")]
    ranked = result.ranked()
    echoed = {
        text: ", ".join(f"{c.word} ({c.count})" for c in counts)
        for text, counts in echoes(step, result, record).items()
    }
    show_notes = any(item.note for item in ranked)
    show_owner = not record.anonymous and any(item.owner for item in ranked)
    headers = ["#", "Item", "Votes", *step.flags]
    headers += [step.note_label.capitalize() or "Note"] if show_notes else []
    headers += ["Owner"] if show_owner else []
    headers += ["Echoed by the words"] if echoed else []
    rows = []
    for place, item in enumerate(ranked, start=1):
        row = [str(place), item.text, str(item.total_votes)]
        row += ["yes" if flag in item.flags else "no" for flag in step.flags]
        row += [item.note] if show_notes else []
        row += [item.owner] if show_owner else []
        row += [echoed.get(item.text, "")] if echoed else []
        rows.append(row)
    return [table(headers, rows, numeric=(0, 2))]


def csv_rows(step: ListStep, result: ListResult, record: SessionRecord) -> list[CsvRow]:
    """One row per item in ranked order (flags in `tag`, '; '-separated); an item's note is
    its own row with field 'note', right after the item."""
    rows = []
    for item in result.ranked():
        rows.append(
            CsvRow(
                field="item",
                value=item.text,
                tag="; ".join(item.flags),
                votes=str(item.total_votes),
                owner=item.owner,
            )
        )
        if item.note:
            rows.append(CsvRow(field="note", value=item.note, owner=item.owner))
    return rows


SPEC = KindSpec(
    name=KIND,
    step=ListStep,
    result=ListResult,
    nouns=("item", "items"),
    private=False,
    refs={"echo_step": "one-word"},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=no_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    trends=None,
)
