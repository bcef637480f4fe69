"""`review`: the open commitments of the session being followed up, and what became of them.

The followed-up record is never modified: its open commitments are copied in here when
the step is first shown, and their new status lives in this session's record. Those still
open are carried into this session's commitments under the same id, so a chain of
sessions keeps one ledger; this module also reads that ledger back across sessions (the
"commitments done on time" of an organization's trends).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from workshop.blocks import Block, CsvRow, Heading, Paragraph, day, iso, percent, table
from workshop.kinds.base import ResultBase, ShortText, StepBase, StrictModel
from workshop.kinds.commitments import (
    Commitment,
    CommitmentsResult,
    CommitmentsStep,
    open_commitments,
)
from workshop.kinds.spec import KindSpec, TrendSessions, no_fixed_rows, no_pages, one_page

if TYPE_CHECKING:
    from workshop.record import SessionRecord

KIND = "review"

ReviewStatus = Literal["pending", "done", "open", "dropped"]


class ReviewStep(StepBase):
    kind: Literal["review"]
    carry_to: str | None = Field(
        default=None, description="Id of the commitments step that still-open items carry into."
    )


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


def review_progress(record: SessionRecord) -> list[Block]:
    """How last time's commitments were reviewed, a line per review step that has any."""
    return [
        Paragraph(progress_text(result), label="From last time")
        for step in record.agenda.steps
        if isinstance(result := record.results.get(step.id), ReviewResult) and result.items
    ]


def _captured(step: ReviewStep, result: ReviewResult) -> str:
    """'2 of 5 commitments reviewed': the plain count would hide how many are left."""
    return f"{result.entry_count()} of {len(result.items)} commitments reviewed"


# -- follow-up: filling the review, carrying forward -------------------------------------


def fill_review(result: ReviewResult, previous: SessionRecord) -> None:
    """Copy `previous`'s open commitments into a review step (once)."""
    known = {item.id for item in result.items}
    for commitment in open_commitments(previous):
        if commitment.id not in known:
            result.items.append(ReviewItem.from_commitment(commitment, previous.id))
    result.loaded = True


def carry_target(record: SessionRecord, review_step_id: str) -> str | None:
    """The commitments step that open review items carry into: the one the step names,
    else the first commitments step after it."""
    step = record.agenda.step(review_step_id)
    if isinstance(step, ReviewStep) and step.carry_to:
        return step.carry_to
    after = record.agenda.steps[record.agenda.index(review_step_id) + 1 :]
    return next((s.id for s in after if isinstance(s, CommitmentsStep)), None)


def sync_carry_forward(record: SessionRecord, review_step_id: str) -> None:
    """Make the target commitments hold exactly the review items marked still open.

    A carried commitment keeps its ledger id; edits made to it in this session (owner,
    wording) are kept; its due date follows the review's new date when one is given.
    """
    target_id = carry_target(record, review_step_id)
    if target_id is None:
        return
    review = record.result(review_step_id)
    target = record.result(target_id)
    if not isinstance(review, ReviewResult) or not isinstance(target, CommitmentsResult):
        return
    still_open = {item.id: item for item in review.items if item.status == "open"}
    reviewed_ids = {item.id for item in review.items}
    kept: list[Commitment] = []
    for commitment in target.items:
        if commitment.id in reviewed_ids and commitment.id not in still_open:
            continue  # no longer open: it leaves this session's ledger
        if commitment.id in still_open:
            item = still_open.pop(commitment.id)
            commitment.due = item.new_due or commitment.due
        kept.append(commitment)
    for item in still_open.values():
        kept.append(
            Commitment(
                id=item.id,
                what=item.what,
                owner=item.owner,
                due=item.new_due or item.due,
                carried_from=item.source,
            )
        )
    target.items = kept


# -- the ledger across sessions ------------------------------------------------------------
#
# A commitment is one entry of the ledger, known by the id it keeps when it is carried
# forward. It is *made* in the first session it appears in. Its outcome is the latest
# status any later session gives it, whether in a commitments step (marked done or
# dropped there) or in a follow-up's review (done / still open / dropped; "not reviewed"
# changes nothing). It is *settled on* the date of the session that first recorded it as
# done (or dropped). So a commitment made in session A and reviewed "done" in follow-up B
# counts as done, settled on B's date.
#
# It is **done on time** when it is done and either it had no due date or it was settled
# on or before the due date it was *first promised* with. A new date agreed at a review
# does not move the goal posts: it was still late. The share done on time is counted over
# every commitment made, open ones included; the table shows made, done, on time, dropped
# and still open so nothing hides in the percentage.


@dataclass
class LedgerEntry:
    """One commitment across the chain of sessions (see the rules above)."""

    id: str
    what: str
    made_in: str
    made_on: date | None
    due: date | None
    status: str = "open"
    settled_on: date | None = None

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def on_time(self) -> bool:
        if not self.done:
            return False
        return self.due is None or (self.settled_on is not None and self.settled_on <= self.due)

    def settle(self, status: str, on: date) -> None:
        """A new status from a session on `on`; the first date it became final is kept."""
        if status == self.status:
            return
        self.status = status
        self.settled_on = on if status in ("done", "dropped") else None


@dataclass
class CommitmentStats:
    """What became of the commitments made in one session."""

    label: str
    made: int = 0
    done: int = 0
    on_time: int = 0
    dropped: int = 0
    still_open: int = 0

    def add(self, entry: LedgerEntry) -> None:
        self.made += 1
        self.done += entry.done
        self.on_time += entry.on_time
        self.dropped += entry.status == "dropped"
        self.still_open += entry.status == "open"


def build_ledger(records: Sequence[SessionRecord]) -> list[LedgerEntry]:
    """Every commitment of a chain of sessions (in date order) and what became of it."""
    ledger: dict[str, LedgerEntry] = {}
    for record in records:
        on = record.local_day()
        for step in record.agenda.steps:
            result = record.results.get(step.id)
            if isinstance(result, ReviewResult):
                for item in result.items:
                    entry = ledger.setdefault(
                        item.id, LedgerEntry(item.id, item.what, item.source, None, item.due)
                    )
                    if item.status != "pending":
                        entry.settle(item.status, on)
            elif isinstance(result, CommitmentsResult):
                for c in result.items:
                    if c.id not in ledger:
                        made_in = record.id if c.carried_from is None else c.carried_from
                        made_on = on if c.carried_from is None else None
                        ledger[c.id] = LedgerEntry(c.id, c.what, made_in, made_on, c.due)
                    ledger[c.id].settle(c.status, on)
    return list(ledger.values())


def commitment_stats(
    records: Sequence[SessionRecord],
    labels: Sequence[str],
    *,
    earlier: int = 0,
    earlier_label: str = "earlier",
    complete: bool = True,
) -> list[CommitmentStats]:
    """Per session the commitments were made in, then one row for all of them.

    The first `earlier` records are summed up in one row under `earlier_label` (`labels`
    name the records after them). A commitment made in a session not among `records` is
    counted under "earlier (record not found)", or "earlier sessions" when the
    organization's oldest sessions were not read (`complete` False)."""
    summed = CommitmentStats(earlier_label)
    each = [CommitmentStats(label) for label in labels]
    rows = {r.id: summed for r in records[:earlier]}
    rows |= {r.id: row for r, row in zip(records[earlier:], each, strict=True)}
    unknown = CommitmentStats("earlier (record not found)" if complete else "earlier sessions")
    total = CommitmentStats("all sessions" if complete else "in all")
    for entry in build_ledger(records):
        rows.get(entry.made_in, unknown).add(entry)
        total.add(entry)
    found = [row for row in [summed, *each] if row.made]
    if not unknown.made:
        return [*found, total]
    # Sessions not read at all are the oldest: their row comes first; a record not found
    # (deleted, or never in this folder) is noted after the sessions that were read.
    return [unknown, *found, total] if not complete else [*found, unknown, total]


def trends(sessions: TrendSessions) -> list[Block]:
    """Commitments done on time, by the session they were made in (those made in the
    earlier sessions together)."""
    blocks: list[Block] = [Heading("Commitments done on time", level=3)]
    stats = commitment_stats(
        sessions.records,
        sessions.labels,
        earlier=len(sessions.earlier),
        earlier_label=sessions.earlier_label,
        complete=sessions.complete,
    )
    if stats[-1].made == 0:
        return [*blocks, Paragraph("No commitments were made.", tone="muted")]
    headers = ["Made in", "Made", "Done", "On time", "Dropped", "Still open", "Done on time"]
    rows = [
        [
            s.label,
            f"{s.made:,}",
            f"{s.done:,}",
            f"{s.on_time:,}",
            f"{s.dropped:,}",
            f"{s.still_open:,}",
            percent(s.on_time, s.made),
        ]
        for s in stats
    ]
    blocks.append(table(headers, rows, numeric=(1, 2, 3, 4, 5, 6)))
    blocks.append(
        Paragraph(
            "Done on time: done by the due date first promised (or done, when no date "
            "was given), as recorded by the latest session. A commitment made in one "
            "session and reviewed as done in a follow-up counts from the follow-up's date.",
            tone="muted",
        )
    )
    return blocks


SPEC = KindSpec(
    name=KIND,
    step=ReviewStep,
    result=ReviewResult,
    nouns=("commitment reviewed", "commitments reviewed"),
    private=False,
    refs={"carry_to": "commitments"},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=no_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    phone=None,
    trends=trends,
    captured=_captured,
)
