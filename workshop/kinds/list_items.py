"""`list`: items with optional flags, a note, an owner and dot-votes, ranked by votes.

The values step is a list: each value, a flag for "on the walls", and a note for the
action when it is not. Icebreaker words that echo a value are shown beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from workshop.blocks import Block, CsvRow, Paragraph, table
from workshop.kinds.base import (
    MAX_COUNT,
    DeviceId,
    Hidden,
    LongText,
    ResultBase,
    ShortText,
    StepBase,
    StrictModel,
    new_id,
)
from workshop.kinds.one_word import OneWordResult, WordCount, matching_value, tally
from workshop.kinds.spec import (
    KindSpec,
    PhoneAction,
    PhoneField,
    PhoneForm,
    no_fixed_rows,
    no_pages,
    one_page,
)

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
    device: DeviceId | None = Field(
        default=None, description="The phone that suggested it, if any."
    )
    hidden: Hidden = None
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


def check_item(result: ListResult, text: str) -> str:
    """A new item's text as it will be kept, or ValueError saying what is wrong with it."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("type the item first")
    if len(text) > 500:
        raise ValueError(f"that is {len(text)} characters; an item is at most 500")
    if any(item.text.casefold() == text.casefold() for item in result.items):
        raise ValueError(f"{text!r} is already on the list")
    return text


def check_vote(step: ListStep, result: ListResult, voter: str) -> None:
    """ValueError when `voter` has no dot left to place (a step without budget has no limit)."""
    if voter and step.vote_budget and result.votes_used(voter) >= step.vote_budget:
        raise ValueError(f"{voter} has used all {step.vote_budget} dots")


def add_vote(item: ListItem, voter: str, delta: int) -> None:
    """One dot more (or less) from `voter` ('' for the room as a whole) on `item`."""
    votes = dict(item.votes)
    votes[voter] = votes.get(voter, 0) + delta
    if votes[voter] <= 0:
        del votes[voter]
    item.votes = votes


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


# -- from a phone ------------------------------------------------------------------------

#: How a phone's votes are kept: under its device, never a name (no one types one).
PHONE_VOTER = "phone {device}"


def phone_actions(step: ListStep, result: ListResult, record: SessionRecord) -> list[PhoneAction]:
    """Suggest an item; and, once there are items, put a dot on one (within the budget)."""
    actions = [
        PhoneAction("suggest", "Suggest", (PhoneField("text", "Your suggestion", max_length=500),))
    ]
    shown = [item for item in result.ranked() if not item.hidden]
    if shown:
        options = tuple((item.id, item.text) for item in shown)
        budget = f" (you have {step.vote_budget} dots)" if step.vote_budget else ""
        field = PhoneField("item", "Tap to put a dot on it", kind="choice", options=options)
        actions.append(PhoneAction("vote", f"Vote{budget}", (field,), button="Vote"))
    return actions


def phone_accept(
    step: ListStep,
    result: ListResult,
    record: SessionRecord,
    action: str,
    values: Mapping[str, str],
    device: str,
) -> str:
    if action == "suggest":
        text = check_item(result, values.get("text", ""))
        result.items.append(ListItem(text=text, device=device))
        return f"Thank you: {text!r} is on the list."
    item = next((i for i in result.items if i.id == values.get("item") and not i.hidden), None)
    if item is None:
        raise ValueError("that item is no longer on the list")
    voter = PHONE_VOTER.format(device=device)
    try:
        check_vote(step, result, voter)
    except ValueError:
        raise ValueError(f"you have used all {step.vote_budget} dots") from None
    add_vote(item, voter, 1)
    return f"A dot on {item.text!r}."


SPEC = KindSpec(
    name=KIND,
    step=ListStep,
    result=ListResult,
    nouns=("item", "items"),
    private=False,
    refs={"echo_step": "one-word"},
    phone=PhoneForm(phone_actions, phone_accept),
    report=report,
    csv_rows=csv_rows,
    fixed_rows=no_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    trends=None,
)
