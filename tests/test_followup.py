"""Follow-up sessions: last time's open commitments are reviewed and carried forward.

The records are real files of the shipped agendas (culture-of-service, then follow-up),
written and reread through `SessionFile` and `Session` with a fake clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeClock

from workshop.agenda import Agenda, load_agenda
from workshop.kinds.commitments import Commitment, CommitmentsResult, open_commitments
from workshop.kinds.review import (
    ReviewItem,
    ReviewResult,
    carry_target,
    fill_review,
    sync_carry_forward,
)
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record

REPO = Path(__file__).resolve().parent.parent
CULTURE = load_agenda(REPO / "agendas" / "culture-of-service.toml")
FOLLOW_UP = load_agenda(REPO / "agendas" / "follow-up.toml")


@pytest.fixture
def opened() -> Iterator[list[Session]]:
    """Sessions a test opens; closed at its end, whatever happens."""
    sessions: list[Session] = []
    yield sessions
    for session in sessions:
        session.file.close()


def start(
    agenda: Agenda, clock: FakeClock, opened: list[Session], follows: SessionRecord | None = None
) -> Session:
    record = SessionRecord.start_new(
        agenda, title=f"{agenda.title} test", follows=follows.id if follows else None
    )
    session = Session(SessionFile.create(record), clock)
    opened.append(session)
    session.begin()
    return session


def commit(session: Session, step_id: str, *items: Commitment) -> None:
    with session.change(step_id) as result:
        result.items.extend(items)


def finish(session: Session, clock: FakeClock) -> SessionRecord:
    """End a session; what the next one reads is the record on disk."""
    clock.advance(minutes=90)
    session.finish()
    return load_record(session.file.path)


def review(session: Session, previous: SessionRecord) -> ReviewResult:
    with session.change("review") as result:
        fill_review(result, previous)
    return session.result("review")  # type: ignore[no-any-return]


def mark(session: Session, status: dict[str, str], new_due: dict[str, date] | None = None) -> None:
    """Review items by id, then carry forward what stays open, as the review step does."""
    with session.change("review") as result:
        for item in result.items:
            if item.id in status:
                item.status = status[item.id]
            if new_due and item.id in new_due:
                item.new_due = new_due[item.id]
    with session.change("next-commitments"):
        sync_carry_forward(session.record, "review")


def items(session: Session, step_id: str = "next-commitments") -> list[Commitment]:
    return list(session.result(step_id).items)


# --------------------------------------------------------------------- open commitments


def test_open_commitments_are_the_open_ones_in_order(
    clock: FakeClock, opened: list[Session]
) -> None:
    a = start(CULTURE, clock, opened)
    commit(
        a,
        "commitments",
        Commitment(id="c0000001", what="Values on the walls", owner="Ana"),
        Commitment(id="c0000002", what="Fun-Friday board", status="done"),
        Commitment(id="c0000003", what="Thank-you cards", owner="Ben", due=date(2027, 1, 8)),
        Commitment(id="c0000004", what="A newsletter", status="dropped"),
    )
    previous = finish(a, clock)
    assert [c.id for c in open_commitments(previous)] == ["c0000001", "c0000003"]


def test_open_commitments_of_a_session_without_any(clock: FakeClock, opened: list[Session]) -> None:
    assert open_commitments(finish(start(CULTURE, clock, opened), clock)) == []


def test_fill_review_copies_once_and_never_twice(clock: FakeClock, opened: list[Session]) -> None:
    a = start(CULTURE, clock, opened)
    commit(
        a,
        "commitments",
        Commitment(id="c0000001", what="Values on the walls", owner="Ana", due=date(2027, 1, 8)),
        Commitment(id="c0000002", what="Fun-Friday board", owner="Ben"),
    )
    previous = finish(a, clock)
    b = start(FOLLOW_UP, clock, opened, follows=previous)
    result = review(b, previous)
    assert result.loaded
    assert [(i.id, i.source, i.what, i.owner, i.due, i.status) for i in result.items] == [
        ("c0000001", previous.id, "Values on the walls", "Ana", date(2027, 1, 8), "pending"),
        ("c0000002", previous.id, "Fun-Friday board", "Ben", None, "pending"),
    ]

    mark(b, {"c0000001": "done"})
    result = review(b, previous)  # shown again: nothing is added, nothing is reset
    assert [(i.id, i.status) for i in result.items] == [
        ("c0000001", "done"),
        ("c0000002", "pending"),
    ]
    saved = load_record(b.file.path).results["review"]
    assert isinstance(saved, ReviewResult) and len(saved.items) == 2 and saved.loaded


def test_review_item_from_commitment() -> None:
    commitment = Commitment(id="c0000009", what="Call three customers", owner="Ana", status="open")
    item = ReviewItem.from_commitment(commitment, "0a1b2c3d")
    assert (item.id, item.source, item.what, item.owner) == (
        "c0000009",
        "0a1b2c3d",
        "Call three customers",
        "Ana",
    )
    assert item.status == "pending" and item.new_due is None and item.due is None


# ------------------------------------------------------------------------ carry target


def _follow_up_with(**changes: Any) -> SessionRecord:
    data = FOLLOW_UP.model_dump()
    review_step = data["steps"][0]
    review_step.update(changes.pop("review", {}))
    if "steps" in changes:
        data["steps"] = changes.pop("steps")(data["steps"])
    return SessionRecord.start_new(Agenda.model_validate(data))


def test_carry_target_is_carry_to_when_given() -> None:
    record = SessionRecord.start_new(FOLLOW_UP)
    assert carry_target(record, "review") == "next-commitments"


def test_carry_target_is_the_next_commitments_step_without_carry_to() -> None:
    record = _follow_up_with(review={"carry_to": None})
    assert carry_target(record, "review") == "next-commitments"


def test_carry_target_none_without_a_later_commitments_step() -> None:
    # The commitments step comes first: nothing after the review to carry into.
    record = _follow_up_with(review={"carry_to": None}, steps=lambda steps: steps[-1:] + steps[:-1])
    assert [s.id for s in record.agenda.steps][:2] == ["next-commitments", "review"]
    assert carry_target(record, "review") is None
    record.result("review").items.append(  # type: ignore[union-attr]
        ReviewItem(id="c0000001", source="0a1b2c3d", what="x", status="open")
    )
    sync_carry_forward(record, "review")  # nowhere to carry: nothing happens
    assert "next-commitments" not in record.results


def test_carry_to_may_point_before_the_review() -> None:
    record = _follow_up_with(steps=lambda steps: steps[-1:] + steps[:-1])
    assert carry_target(record, "review") == "next-commitments"


# ----------------------------------------------------------------- carrying forward


@pytest.fixture
def reviewed(clock: FakeClock, opened: list[Session]) -> tuple[SessionRecord, Session]:
    """A session with four open commitments, and a follow-up with them loaded for review."""
    a = start(CULTURE, clock, opened)
    commit(
        a,
        "commitments",
        Commitment(id="c0000001", what="Values on the walls", owner="Ana", due=date(2027, 1, 8)),
        Commitment(id="c0000002", what="Fun-Friday board", owner="Ben", due=date(2027, 1, 15)),
        Commitment(id="c0000003", what="Thank-you cards", owner="Cy"),
        Commitment(id="c0000004", what="Newsletter", owner="Di"),
    )
    previous = finish(a, clock)
    b = start(FOLLOW_UP, clock, opened, follows=previous)
    review(b, previous)
    return previous, b


def test_open_items_are_carried_under_the_same_id(
    reviewed: tuple[SessionRecord, Session],
) -> None:
    previous, b = reviewed
    mark(
        b,
        {"c0000001": "open", "c0000002": "open", "c0000003": "done", "c0000004": "dropped"},
        new_due={"c0000002": date(2027, 3, 1)},
    )
    carried = items(b)
    assert [(c.id, c.what, c.owner, c.due, c.status, c.carried_from) for c in carried] == [
        ("c0000001", "Values on the walls", "Ana", date(2027, 1, 8), "open", previous.id),
        ("c0000002", "Fun-Friday board", "Ben", date(2027, 3, 1), "open", previous.id),
    ]
    assert load_record(b.file.path).results["next-commitments"] == b.result("next-commitments")


def test_pending_items_are_not_carried(reviewed: tuple[SessionRecord, Session]) -> None:
    _, b = reviewed
    mark(b, {"c0000002": "open"})
    assert [c.id for c in items(b)] == ["c0000002"]


def test_an_item_no_longer_open_leaves_the_target(
    reviewed: tuple[SessionRecord, Session],
) -> None:
    _, b = reviewed
    mark(b, {"c0000001": "open", "c0000002": "open"})
    commit(b, "next-commitments", Commitment(id="c0000099", what="A new one", owner="Eve"))
    mark(b, {"c0000001": "done"})  # changed its mind: it was done after all
    assert [c.id for c in items(b)] == ["c0000002", "c0000099"]
    mark(b, {"c0000002": "pending"})  # back to undecided
    assert [c.id for c in items(b)] == ["c0000099"]  # this session's own items stay


def test_edits_to_a_carried_item_are_kept(reviewed: tuple[SessionRecord, Session]) -> None:
    previous, b = reviewed
    mark(b, {"c0000001": "open", "c0000002": "open"})
    with b.change("next-commitments") as result:
        result.items[0].owner = "Ana and Ben"
        result.items[0].what = "Values on the walls, in every room"
        result.items[1].due = date(2027, 2, 1)
    mark(b, {"c0000003": "open"}, new_due={"c0000001": date(2027, 4, 1)})
    assert [(c.id, c.what, c.owner, c.due, c.carried_from) for c in items(b)] == [
        (
            "c0000001",
            "Values on the walls, in every room",
            "Ana and Ben",
            date(2027, 4, 1),  # the review's new date wins
            previous.id,
        ),
        ("c0000002", "Fun-Friday board", "Ben", date(2027, 2, 1), previous.id),  # kept
        ("c0000003", "Thank-you cards", "Cy", None, previous.id),
    ]


def test_carrying_forward_twice_changes_nothing(reviewed: tuple[SessionRecord, Session]) -> None:
    _, b = reviewed
    mark(b, {"c0000001": "open", "c0000003": "open"}, new_due={"c0000003": date(2027, 5, 5)})
    once = b.result("next-commitments").model_copy(deep=True)
    sync_carry_forward(b.record, "review")
    assert b.result("next-commitments") == once


# --------------------------------------------------------------------- one ledger


def test_a_chain_of_three_sessions_keeps_one_ledger(
    clock: FakeClock, opened: list[Session]
) -> None:
    # A: the first workshop makes three commitments.
    a = start(CULTURE, clock, opened)
    commit(
        a,
        "commitments",
        Commitment(id="c0000001", what="Values on the walls", owner="Ana", due=date(2027, 1, 8)),
        Commitment(id="c0000002", what="Fun-Friday board", owner="Ben", due=date(2027, 1, 15)),
        Commitment(id="c0000003", what="Thank-you cards", owner="Cy"),
    )
    record_a = finish(a, clock)

    # B, weeks later: one is done, two stay open (one with a new date); one more is added.
    clock.advance(days=30)
    b = start(FOLLOW_UP, clock, opened, follows=record_a)
    assert [i.id for i in review(b, record_a).items] == ["c0000001", "c0000002", "c0000003"]
    mark(
        b,
        {"c0000001": "done", "c0000002": "open", "c0000003": "open"},
        new_due={"c0000002": date(2027, 2, 12)},
    )
    commit(b, "next-commitments", Commitment(id="c0000004", what="Customer calls", owner="Di"))
    assert b.result("review").progress() == {"done": 1, "open": 2}
    record_b = finish(b, clock)
    assert record_b.follows == record_a.id

    # C: reviews exactly B's three open commitments, under their first ids.
    clock.advance(days=30)
    c = start(FOLLOW_UP, clock, opened, follows=record_b)
    reviewed = review(c, record_b).items
    assert [(i.id, i.source, i.owner, i.due) for i in reviewed] == [
        ("c0000002", record_b.id, "Ben", date(2027, 2, 12)),
        ("c0000003", record_b.id, "Cy", None),
        ("c0000004", record_b.id, "Di", None),
    ]
    mark(c, {"c0000002": "done", "c0000003": "dropped", "c0000004": "open"})
    assert [(x.id, x.carried_from) for x in items(c)] == [("c0000004", record_b.id)]
    record_c = finish(c, clock)
    assert [x.id for x in open_commitments(record_c)] == ["c0000004"]

    # The earlier records were only read, never changed.
    assert load_record(a.file.path) == record_a
    assert load_record(b.file.path) == record_b
    assert isinstance(record_b.results["next-commitments"], CommitmentsResult)
    assert [(x.id, x.carried_from) for x in record_b.results["next-commitments"].items] == [
        ("c0000002", record_a.id),
        ("c0000003", record_a.id),
        ("c0000004", None),
    ]
