"""Pilot-driven tests of the facilitation app on the shipped default agenda."""

from __future__ import annotations

import pytest
from conftest import AGENDAS, FakeClock

from workshop.agenda import load_agenda
from workshop.kinds.base import now
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.app import WorkshopApp
from workshop.ui.session_screen import SessionScreen


def new_session(agenda: str = "culture-of-service", clock=now) -> Session:
    record = SessionRecord.start_new(load_agenda(AGENDAS / f"{agenda}.toml"), organization="Acme")
    return Session(SessionFile.create(record), clock)


async def test_icebreaker_words_values_and_commitments_are_saved() -> None:
    clock = FakeClock()
    session = new_session(clock=clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("ctrl+n")  # briefing -> icebreaker
        assert session.record.current_step == "icebreaker"
        for name, word in [("Ana", "kind"), ("Ben", "Kind"), ("Caro", "fast")]:
            await pilot.press(*name, "enter", *word, "enter")
        await pilot.press("ctrl+r")  # tag: today
        await pilot.press(*"Dee", "enter", *"slow", "enter")
        await pilot.press(*"Eve", "enter", *"three whole words", "enter")  # refused inline
        await pilot.pause()
        words = load_record(path).results["icebreaker"].entries
        assert [(e.person, e.word, e.tag) for e in words] == [
            ("Ana", "kind", "ideal"),
            ("Ben", "Kind", "ideal"),
            ("Caro", "fast", "ideal"),
            ("Dee", "slow", "today"),
        ]
        await pilot.press("ctrl+z")  # undo the last word
        assert len(load_record(path).results["icebreaker"].entries) == 3

        await pilot.press("ctrl+n")  # values
        await pilot.press(*"Kindness", "enter", *"Respect", "enter")
        await pilot.press("down")  # into the table
        await pilot.press("1", "plus", "plus")
        await pilot.pause()
        values = load_record(path).results["values"].items
        assert [v.text for v in values] == ["Kindness", "Respect"]
        flagged = [v for v in values if v.flags]
        assert flagged and flagged[0].flags == ["on the walls"]
        assert sum(v.total_votes for v in values) == 2

        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("end", "enter")  # jump to the last step: commitments
        await pilot.pause()
        assert session.record.current_step == "commitments"
        await pilot.press(*"Fun Friday board", "enter", *"Ana", "enter", *"+2w", "enter")
        await pilot.pause()
        items = load_record(path).results["commitments"].items
        assert [(c.what, c.owner, c.due.isoformat()) for c in items] == [
            ("Fun Friday board", "Ana", "2026-12-07")
        ]
        clock.advance(seconds=90)
        await pilot.press("ctrl+q")
    record = load_record(path)
    assert record.timing["commitments"].elapsed == 90
    assert record.timing["commitments"].running_since is None


async def test_resume_returns_to_same_step_with_entries() -> None:
    clock = FakeClock()
    session = new_session(clock=clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*"Ana", "enter", *"care", "enter")
        clock.advance(seconds=30)
        await pilot.press("ctrl+q")
    resumed = Session(SessionFile.open(path), clock)
    app = WorkshopApp(resumed, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert resumed.record.current_step == "icebreaker"
        assert [e.word for e in resumed.record.results["icebreaker"].entries] == ["care"]
        assert resumed.timer().seconds(clock()) == 30
        await pilot.press("ctrl+q")


async def test_tally_keys_count_observations() -> None:
    session = new_session("interaction-study")
    path = session.file.path
    app = WorkshopApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        tally_step = next(s for s in session.record.agenda.steps if s.kind == "tally")
        app.screen.go_to(tally_step.id)
        await pilot.pause()
        await pilot.press("1", "1", "2", "z")
        await pilot.pause()
        assert load_record(path).results[tally_step.id].counts == {"1": 2, "2": 1}
        await pilot.press("ctrl+q")


async def test_present_mode_hides_notes_and_sidebar() -> None:
    app = WorkshopApp(new_session())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n", "ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-present")
        assert screen.query_one("#sidebar").styles.display == "none"
        assert not screen.query_one("#private-notes").display
        await pilot.press("ctrl+q")


@pytest.mark.parametrize(
    ("agenda", "step_id"),
    [
        ("culture-of-service", "briefing"),  # notes
        ("culture-of-service", "icebreaker"),  # one-word
        ("culture-of-service", "values"),  # list
        ("culture-of-service", "internal-customer"),  # prompts
        ("culture-of-service", "service-today"),  # rating
        ("culture-of-service", "commitments"),  # commitments
        ("follow-up", None),  # review, its first step
    ],
)
async def test_quitting_while_a_step_opens_ends_cleanly(
    agenda: str, step_id: str | None, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Q pressed just after a step opened, while its panel was still mounting: the
    app ended with a traceback and status 1 (the panel's widgets were gone when it went
    to fill them in). The quit lands at that moment on every kind; the record is kept."""
    record = SessionRecord.start_new(load_agenda(AGENDAS / f"{agenda}.toml"))
    session = Session(SessionFile.create(record), clock)
    if step_id is not None:
        session.go_to(step_id)
    mount_panel = SessionScreen._mount_panel

    def then_quit(screen: SessionScreen) -> None:
        mount_panel(screen)
        screen.app.exit()

    monkeypatch.setattr(SessionScreen, "_mount_panel", then_quit)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert app.return_code == 0
    session.close()
    assert load_record(session.file.path).current_step == session.record.current_step
