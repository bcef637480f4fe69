"""Records built the same way every time, for the export and trends tests.

Fixed ids, fixed times counted from conftest's T0, every step kind: what the golden
files are made from, so that a golden changes only when the export does.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from conftest import T0

from workshop.agenda import Agenda
from workshop.kinds.commitments import Commitment
from workshop.kinds.list_items import ListItem
from workshop.kinds.one_word import WordEntry
from workshop.kinds.prompts import Response
from workshop.kinds.rating import Rating
from workshop.kinds.review import ReviewItem
from workshop.paths import ensure_private_dir, sessions_dir
from workshop.record import SessionRecord, StepTiming
from workshop.storage import dump_record, record_filename

ORGANIZATION = "Acme Clinic"
PREVIOUS_ID = "0a1b2c3d"
RECORD_ID = "5e55a0b1"

#: An agenda with one step of every kind, in the order a follow-up would run them.
AGENDA = Agenda.model_validate(
    {
        "id": "every-kind",
        "title": "Every kind of step",
        "steps": [
            {
                "id": "briefing",
                "kind": "notes",
                "title": "Leader briefing",
                "minutes": 20,
                "prompt": "How do the leaders lead today?",
                "fields": ["How they manage", "Current challenges"],
            },
            {
                "id": "review",
                "kind": "review",
                "title": "Where our commitments stand",
                "minutes": 15,
                "prompt": "Done, still open, or dropped?",
                "carry_to": "actions",
            },
            {
                "id": "words",
                "kind": "one-word",
                "title": "One word for service",
                "minutes": 10,
                "prompt": "Your name, and one word for great service.",
                "values_step": "values",
            },
            {
                "id": "values",
                "kind": "list",
                "title": "Our values",
                "minutes": 15,
                "prompt": "Which values do we hold, and can people see them?",
                "flags": ["on the walls"],
                "note_label": "action if not displayed",
                "echo_step": "words",
            },
            {
                "id": "customer",
                "kind": "prompts",
                "title": "Our customer comes first",
                "minutes": 20,
                "prompts": ["Who is our key customer?", "How do we serve them best?"],
            },
            {
                "id": "pulse",
                "kind": "rating",
                "title": "How well do we serve them?",
                "minutes": 5,
                "prompt": "One number each.",
                "statement": "We serve our key customer well",
            },
            {
                "id": "observe",
                "kind": "tally",
                "title": "Where does the time go?",
                "minutes": 30,
                "outcome_label": "helps the patient directly",
                "categories": [
                    {"key": "1", "label": "With the patient", "serves_outcome": True},
                    {"key": "2", "label": "Documentation"},
                    {"key": "3", "label": "Waiting or searching"},
                ],
            },
            {
                "id": "actions",
                "kind": "commitments",
                "title": "What we commit to",
                "minutes": 15,
                "prompt": "What will we do, who owns it, by when?",
            },
        ],
    }
)


def at(minutes: float) -> datetime:
    """T0 plus some minutes: when something happened in the fixed session."""
    return T0 + timedelta(minutes=minutes)


def _timing(record: SessionRecord, step_id: str, start: float, seconds: float) -> None:
    record.timing[step_id] = StepTiming(elapsed=seconds, first_shown=at(start))


def previous_record() -> SessionRecord:
    """The first session of the organization, five weeks before: three commitments."""
    day0 = T0 - timedelta(days=35)
    record = SessionRecord(
        id=PREVIOUS_ID,
        title="Service culture, round one",
        organization=ORGANIZATION,
        facilitator="Fay Facilitator",
        status="finished",
        created=day0,
        started=day0,
        finished=day0 + timedelta(hours=2),
        saved=day0 + timedelta(hours=2),
        current_step="actions",
        participants=["Ana", "Ben", "Chloé"],
        agenda=AGENDA,
    )
    record.result("words").entries.extend(
        [
            WordEntry(id="w0000001", person="Ana", word="Kindness", at=day0),
            WordEntry(id="w0000002", person="Ben", word="fast", at=day0),
            WordEntry(id="w0000003", person="Chloé", word="kind", at=day0),
            WordEntry(id="w0000004", person="Ben", word="rushed", tag="today", at=day0),
        ]
    )
    record.result("pulse").ratings.extend(
        Rating(id=f"p000000{i}", person=person, value=value, at=day0)
        for i, (person, value) in enumerate([("Ana", 2), ("Ben", 3), ("Chloé", 2)])
    )
    record.result("actions").items.extend(
        [
            Commitment(
                id="c0000001",
                what="Put the values up in reception",
                owner="Ana",
                due=date(2026, 11, 13),
            ),
            Commitment(
                id="c0000002", what="A fun-Friday board", owner="Ben", due=date(2026, 12, 4)
            ),
            Commitment(id="c0000003", what="Thank-you cards", owner="Chloé"),
        ]
    )
    return record


def fixed_record() -> SessionRecord:
    """The follow-up session the golden files show: every kind, with results."""
    record = SessionRecord(
        id=RECORD_ID,
        title="Service culture, round two",
        organization=ORGANIZATION,
        facilitator="Fay Facilitator",
        status="finished",
        created=T0,
        started=T0,
        finished=at(130),
        saved=at(130),
        follows=PREVIOUS_ID,
        current_step="actions",
        participants=["Ana", "Ben", "Chloé", "Dov"],
        agenda=AGENDA,
    )
    record.result("briefing").fields.update(
        {
            "How they manage": "Collaborative, mostly.\nThe new ward lead is more hands-off.",
            "Current challenges": "Winter staffing; long waits at the front desk",
        }
    )
    review = record.result("review")
    review.loaded = True
    review.items.extend(
        [
            ReviewItem(
                id="c0000001",
                source=PREVIOUS_ID,
                what="Put the values up in reception",
                owner="Ana",
                due=date(2026, 11, 13),
                status="done",
            ),
            ReviewItem(
                id="c0000002",
                source=PREVIOUS_ID,
                what="A fun-Friday board",
                owner="Ben",
                due=date(2026, 12, 4),
                status="done",
            ),
            ReviewItem(
                id="c0000003",
                source=PREVIOUS_ID,
                what="Thank-you cards",
                owner="Chloé",
                status="open",
                new_due=date(2026, 12, 18),
            ),
        ]
    )
    record.result("words").entries.extend(
        [
            WordEntry(id="w0000011", person="Ana", word="Kind", at=at(22)),
            WordEntry(id="w0000012", person="Ben", word="respectful", at=at(23)),
            WordEntry(id="w0000013", person="Chloé", word=" kind", at=at(24)),
            WordEntry(id="w0000014", person="Dov", word="Listening", at=at(25)),
            WordEntry(id="w0000015", person="Dov", word="busy", tag="today", at=at(26)),
        ]
    )
    record.result("values").items.extend(
        [
            ListItem(
                id="v0000001",
                text="Kindness",
                flags=["on the walls"],
                votes={"Ana": 2, "Ben": 1},
                owner="Ana",
            ),
            ListItem(
                id="v0000002",
                text="Respect",
                note='Print "Respect" posters, A3, for the ward',
                votes={"Chloé": 2, "Dov": 2},
                owner="Dov",
            ),
            ListItem(id="v0000003", text="Listening, truly", votes={"": 1}),
        ]
    )
    record.result("customer").responses.extend(
        [
            Response(id="r0000001", prompt=0, person="Ana", text="The patients", at=at(50)),
            Response(id="r0000002", prompt=0, person="Ben", text="The ward nurses", at=at(51)),
            Response(
                id="r0000003",
                prompt=1,
                person="Dov",
                text="Answer the phone by the third ring, every time",
                at=at(55),
            ),
        ]
    )
    record.result("pulse").ratings.extend(
        Rating(id=f"p000001{i}", person=person, value=value, at=at(86))
        for i, (person, value) in enumerate([("Ana", 4), ("Ben", 3), ("Chloé", 4), ("Dov", 5)])
    )
    record.result("observe").counts.update({"1": 18, "2": 150, "3": 88})
    record.result("actions").items.extend(
        [
            Commitment(
                id="c0000003",
                what="Thank-you cards",
                owner="Chloé",
                due=date(2026, 12, 18),
                carried_from=PREVIOUS_ID,
            ),
            Commitment(
                id="c0000004",
                what="Call three customers each, same three questions",
                owner="Dov",
                due=date(2026, 12, 11),
            ),
            Commitment(id="c0000005", what="Stand-up at 8:15", owner="Ben", status="done"),
        ]
    )
    for step_id, start, seconds in (
        ("briefing", 0, 21 * 60),
        ("review", 21, 12 * 60 + 40),
        ("words", 34, 14 * 60),
        ("values", 48, 15 * 60),
        ("customer", 63, 24 * 60),
        ("observe", 87, 28 * 60),
        ("actions", 115, 15 * 60),
    ):
        _timing(record, step_id, start, seconds)
    record.timing["customer"].extra = 300  # "+1 minute" five times
    return record


def empty_record(anonymous: bool = False) -> SessionRecord:
    """Every kind, nothing captured (the results exist but are empty)."""
    record = SessionRecord(
        id="e0e0e0e0",
        title="Nothing captured",
        created=T0,
        current_step="briefing",
        anonymous=anonymous,
        agenda=AGENDA,
    )
    for step in AGENDA.steps:
        record.result(step.id)
    return record


def write(record: SessionRecord) -> Path:
    """Write a record straight into the sessions folder; return its path."""
    path = ensure_private_dir(sessions_dir()) / record_filename(record)
    path.write_bytes(dump_record(record))
    return path
