"""SVG snapshots of what the room and the facilitator see: every step kind, at a projector's
smallest (80x24) and a roomy size (160x45), in normal and present mode.

Deterministic by construction: a frozen clock, UTC for the "saved" time, fixed record
dates, and no blinking cursors. Review `snapshot_report.html` before `--snapshot-update`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import AGENDAS, T0, FakeClock
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from workshop.agenda import load_agenda
from workshop.kinds.commitments import Commitment
from workshop.kinds.list_items import ListItem
from workshop.kinds.one_word import WordEntry
from workshop.kinds.prompts import Response
from workshop.kinds.rating import Rating
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp

SIZES = {"80x24": (80, 24), "160x45": (160, 45)}

PEOPLE = ["Ana", "Ben", "Caro", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kim", "Zoë"]


@pytest.fixture(autouse=True)
def utc_clock_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """The "saved hh:mm:ss" label shows local time: make local time UTC everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def new_session(agenda: str, clock: FakeClock, **fields: object) -> Session:
    record = SessionRecord.start_new(
        load_agenda(AGENDAS / f"{agenda}.toml"), organization="Acme Clinic", **fields
    )
    record.created = T0
    return Session(SessionFile.create(record), clock)


def fill_briefing(session: Session) -> None:
    with session.change("briefing") as result:
        step = session.record.agenda.step("briefing")
        result.fields = {
            step.fields[0]: "Mostly command and control; the new director wants it to change.",
            step.fields[2]: "Long waits at the front desk; two people left last month.",
        }
        result.text = "Ask the director to open the session, then leave the room."


def fill_values(session: Session) -> None:
    with session.change("values") as result:
        result.items = [
            ListItem(text="Respect", flags=["on the walls"], votes={"": 5}),
            ListItem(text="Compassion", votes={"": 3}, note="Poster by the lifts (Ana)"),
            ListItem(text="Teamwork", flags=["on the walls"], votes={"": 3}),
            ListItem(text="Excellence", note="Add to the staff newsletter"),
        ]


def fill_icebreaker(session: Session) -> None:
    words = ["kind", "Kind", "respectful", "fast", "KIND ", "caring", "listening", "fast"]
    words += ["compassion", "kind"]
    today = ["rushed", "Rushed"]
    with session.change("icebreaker") as result:
        for person, word in zip(PEOPLE, words + today, strict=True):
            tag = "today" if word in today else "ideal"
            name = session.record.add_participant(person)
            result.entries.append(WordEntry(person=name, word=word.strip(), tag=tag, at=T0))


def fill_prompts(session: Session) -> None:
    answers = [
        (0, "Ana", "The nurses on the ward: we are their first call"),
        (0, "Ben", "Patients' families at the front desk"),
        (0, "", "Whoever is waiting longest"),
        (1, "Caro", "Call back within the hour"),
    ]
    with session.change("internal-customer") as result:
        for prompt, person, text in answers:
            name = session.record.add_participant(person)
            result.responses.append(Response(prompt=prompt, person=name, text=text, at=T0))


def fill_commitments(session: Session) -> None:
    with session.change("commitments") as result:
        result.items = [
            Commitment(
                what="Fun-Friday board with photos and stories", owner="Ana", due=date(2026, 12, 4)
            ),
            Commitment(
                what="Values posters at the lifts",
                owner="Ben",
                due=date(2026, 12, 11),
                status="done",
            ),
            Commitment(what="Monthly coffee with the lab team", owner="Caro"),
        ]


def fill_tally(session: Session) -> None:
    # The seed's sample: 256 observations, 7% of them with the patient.
    counts = {"1": 18, "2": 30, "3": 74, "4": 41, "5": 39, "6": 22, "7": 25, "8": 7}
    with session.change("observe") as result:
        result.counts = counts


def fill_rating(session: Session) -> None:
    with session.change("service-today") as result:
        for value in (4, 3, 3, 2, 4, 5, 3, 2, 3, 4):
            result.ratings.append(Rating(value=value, at=T0))


def follow_up_session(clock: FakeClock) -> Session:
    first = new_session("culture-of-service", clock)
    fill_commitments(first)
    first.finish()
    first.close()
    session = new_session("follow-up", clock, follows=first.record.id)
    return session


Setup = Callable[[FakeClock], tuple[Session, str]]


def _on(agenda: str, step: str, *fills: Callable[[Session], None]) -> Setup:
    def setup(clock: FakeClock) -> tuple[Session, str]:
        session = new_session(agenda, clock)
        for fill in fills:
            fill(session)
        return session, step

    return setup


def _review(clock: FakeClock) -> tuple[Session, str]:
    return follow_up_session(clock), "review"


KINDS: dict[str, Setup] = {
    "notes": _on("culture-of-service", "briefing", fill_briefing),
    "one-word": _on("culture-of-service", "icebreaker", fill_values, fill_icebreaker),
    "list": _on("culture-of-service", "values", fill_icebreaker, fill_values),
    "prompts": _on("culture-of-service", "internal-customer", fill_prompts),
    "commitments": _on("culture-of-service", "commitments", fill_commitments),
    "rating": _on("culture-of-service", "service-today", fill_rating),
    "review": _review,
    "tally": _on("interaction-study", "observe", fill_tally),
}


async def steady(pilot: Pilot) -> None:
    """No blinking cursors: a snapshot must not depend on when it is taken."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    await pilot.pause()


def run_step(setup: Setup) -> WorkshopApp:
    """The app on the step `setup` names, 4:30 into its timebox (the bar shows it)."""
    clock = FakeClock()
    session, step_id = setup(clock)
    session.go_to(step_id)
    clock.advance(minutes=4, seconds=30)
    return WorkshopApp(session, clock)


def pressing(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def prepare(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await steady(pilot)

    return prepare


@pytest.mark.parametrize("mode", ["normal", "present"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("kind", list(KINDS))
def test_step_kind(snap_compare, kind: str, size: str, mode: str) -> None:
    keys = ("ctrl+o",) if mode == "present" else ()
    assert snap_compare(
        run_step(KINDS[kind]), terminal_size=SIZES[size], run_before=pressing(*keys)
    )


def test_anonymous_icebreaker_shows_no_names(snap_compare) -> None:
    def setup(clock: FakeClock) -> tuple[Session, str]:
        session = new_session("culture-of-service", clock, anonymous=True)
        fill_icebreaker(session)
        return session, "icebreaker"

    assert snap_compare(run_step(setup), terminal_size=SIZES["80x24"], run_before=pressing())


def test_high_contrast_theme(snap_compare) -> None:
    async def themed(pilot: Pilot) -> None:
        pilot.app.theme = "high-contrast"
        await pressing("ctrl+o")(pilot)

    app = run_step(KINDS["one-word"])
    assert snap_compare(app, terminal_size=SIZES["160x45"], run_before=themed)


def test_launcher(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fixed data folder path: the launcher prints where your own agendas go.
    monkeypatch.setenv("WORKSHOP_HOME", str(Path("/nonexistent/workshop-home")))
    app = WorkshopApp()

    async def loaded(pilot: Pilot) -> None:
        await pilot.pause(0.3)  # the launcher reads agendas in a worker
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=loaded)
