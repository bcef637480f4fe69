"""Follow-up sessions: review last time's open commitments and carry forward what stays open.

The followed-up record is only ever read. Its open commitments are copied into this
session's review step; those still open after the review are carried into this
session's commitments under the same id, so a chain of sessions keeps one ledger.
"""

from __future__ import annotations

from workshop.kinds.commitments import Commitment, CommitmentsResult
from workshop.kinds.review import ReviewItem, ReviewResult
from workshop.record import SessionRecord


def open_commitments(previous: SessionRecord) -> list[Commitment]:
    """Every commitment still open at the end of `previous`, in agenda order."""
    found: list[Commitment] = []
    for step in previous.agenda.steps:
        result = previous.results.get(step.id)
        if isinstance(result, CommitmentsResult):
            found.extend(c for c in result.items if c.status == "open")
    return found


def fill_review(result: ReviewResult, previous: SessionRecord) -> None:
    """Copy `previous`'s open commitments into a review step (once)."""
    known = {item.id for item in result.items}
    for commitment in open_commitments(previous):
        if commitment.id not in known:
            result.items.append(ReviewItem.from_commitment(commitment, previous.id))
    result.loaded = True


def carry_target(record: SessionRecord, review_step_id: str) -> str | None:
    """The commitments step that open review items carry into."""
    step = record.agenda.step(review_step_id)
    if getattr(step, "carry_to", None):
        return step.carry_to  # type: ignore[no-any-return]
    after = record.agenda.steps[record.agenda.index(review_step_id) + 1 :]
    return next((s.id for s in after if s.kind == "commitments"), None)


def sync_carry_forward(record: SessionRecord, review_step_id: str) -> None:
    """Make the target commitments hold exactly the review items marked still open.

    A carried commitment keeps its ledger id; edits made to it in this session (owner,
    wording) are kept; its due date follows the review's new date when one is given.
    """
    target_id = carry_target(record, review_step_id)
    if target_id is None:
        return
    review: ReviewResult = record.result(review_step_id)  # type: ignore[assignment]
    target: CommitmentsResult = record.result(target_id)  # type: ignore[assignment]
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
