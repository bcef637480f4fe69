"""`commitments`: what will be done, by whom, by when; reviewed at the next session."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from workshop.blocks import Block, CsvRow, Paragraph, day, iso, table
from workshop.dates import parse_due
from workshop.kinds.base import (
    DeviceId,
    Hidden,
    ResultBase,
    ShortText,
    StepBase,
    StrictModel,
    new_id,
)
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
    device: DeviceId | None = Field(default=None, description="The phone that proposed it, if any.")
    hidden: Hidden = None


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


# -- export ----------------------------------------------------------------------------


def commitments_table(items: list[Commitment], anonymous: bool) -> Block:
    """What, owner, due, status: the table the room saw (no owners when anonymous)."""
    if not items:
        return Paragraph("No commitments were made.", tone="muted")
    headers = ["What"] + ([] if anonymous else ["Owner"]) + ["Due", "Status"]
    rows = []
    for c in items:
        status = f"{c.status} (carried forward)" if c.carried_from else c.status
        rows.append([c.what] + ([] if anonymous else [c.owner]) + [day(c.due), status])
    return table(headers, rows)


def report(step: CommitmentsStep, result: CommitmentsResult, record: SessionRecord) -> list[Block]:
    """The commitments table."""
    return [commitments_table(result.items, record.anonymous)]


def csv_rows(
    step: CommitmentsStep, result: CommitmentsResult, record: SessionRecord
) -> list[CsvRow]:
    """One row per commitment; `tag` is 'carried' for one carried from an earlier session."""
    return [
        CsvRow(
            field="commitment",
            value=c.what,
            tag="carried" if c.carried_from else "",
            owner=c.owner,
            due=iso(c.due),
            status=c.status,
        )
        for c in result.items
    ]


def all_commitments(record: SessionRecord) -> list[Commitment]:
    """Every commitment of the session, in agenda order (not those the facilitator hid:
    they are neither reported nor carried forward)."""
    found: list[Commitment] = []
    for step in record.agenda.steps:
        result = record.results.get(step.id)
        if isinstance(result, CommitmentsResult):
            found.extend(c for c in result.items if not c.hidden)
    return found


def open_commitments(record: SessionRecord) -> list[Commitment]:
    """Every commitment still open at the end of `record`, in agenda order."""
    return [c for c in all_commitments(record) if c.status == "open"]


# -- from a phone ------------------------------------------------------------------------


def phone_actions(
    step: CommitmentsStep, result: CommitmentsResult, record: SessionRecord
) -> list[PhoneAction]:
    """Propose a commitment: what, who owns it (unless anonymous), by when."""
    what = PhoneField("what", "What will we do?", max_length=1000)
    due = PhoneField("due", "By when? (fri, next week, +2w, 2026-12-04)", required=False)
    owner = PhoneField("owner", "Who owns it? (optional)", required=False)
    fields = (what, due) if record.anonymous else (what, owner, due)
    return [PhoneAction("propose", "Propose a commitment", fields, button="Propose")]


def phone_accept(
    step: CommitmentsStep,
    result: CommitmentsResult,
    record: SessionRecord,
    action: str,
    values: Mapping[str, str],
    device: str,
) -> str:
    what = " ".join(values.get("what", "").split())
    if not what:
        raise ValueError("say what will be done first")
    if len(what) > 1000:
        raise ValueError(f"that is {len(what)} characters; at most 1000")
    due_text = values.get("due", "").strip()
    today = (record.saved or record.created).astimezone().date()
    due = parse_due(due_text, today) if due_text else None
    owner = "" if record.anonymous else record.add_participant(values.get("owner", ""))
    result.items.append(Commitment(what=what, owner=owner, due=due, device=device))
    return f"Thank you: {what!r} is proposed."


SPEC = KindSpec(
    name=KIND,
    step=CommitmentsStep,
    result=CommitmentsResult,
    nouns=("commitment", "commitments"),
    private=False,
    refs={},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=no_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    trends=None,
    phone=PhoneForm(phone_actions, phone_accept),
)
