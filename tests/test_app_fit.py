"""The projector's smallest screen: every step of every shipped agenda is usable at 80x24,
and the step timer behaves as a facilitator relies on (bell at zero, pause, +1 minute)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AGENDAS, FakeClock
from textual.geometry import Region

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.app import WorkshopApp
from workshop.ui.timer import StepTimer

SHIPPED = sorted(AGENDAS.glob("*.toml"))


def open_app(agenda: Path, clock: FakeClock) -> tuple[WorkshopApp, Session]:
    record = SessionRecord.start_new(load_agenda(agenda), organization="Acme")
    session = Session(SessionFile.create(record), clock)
    return WorkshopApp(session, clock), session


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
@pytest.mark.parametrize("agenda", SHIPPED, ids=[p.stem for p in SHIPPED])
async def test_every_step_is_usable(agenda: Path, size: tuple[int, int]) -> None:
    """On every step: the title and prompt are on screen whole, and the place the
    facilitator types (or presses keys) has the focus and is visible, in both modes."""
    app, session = open_app(agenda, FakeClock())
    screen_region = Region(0, 0, *size)
    async with app.run_test(size=size) as pilot:
        for step in session.record.agenda.steps:
            app.screen.go_to(step.id)
            for present in (False, True):
                if present:
                    await pilot.press("ctrl+o")
                await pilot.pause()
                where = f"{agenda.stem}/{step.id} {'present' if present else 'normal'}"
                for selector in ("#step-title", "#step-prompt"):
                    widget = app.screen.query_one(selector)
                    assert screen_region.contains_region(widget.region), f"{where}: {selector}"
                    assert widget.region.height >= 1, f"{where}: {selector} has no room"
                if present and step.kind == "notes":  # private: the room sees only that
                    private = app.screen.query_one("#private-room")
                    assert private.region.height >= 1 and app.focused is None, where
                    await pilot.press("ctrl+o")
                    continue
                focused = app.focused
                assert focused is not None, f"{where}: nothing has the focus"
                assert focused.region.height >= 1, f"{where}: {focused} is squeezed out"
                assert screen_region.contains_region(focused.region), f"{where}: {focused}"
                if present:
                    await pilot.press("ctrl+o")
        await pilot.press("ctrl+q")


async def test_timer_rings_at_zero_counts_overtime_pauses_and_gains_a_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    app, session = open_app(AGENDAS / "culture-of-service.toml", clock)
    rings: list[bool] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n")  # icebreaker: 15 minutes
        timer = app.screen.query_one(StepTimer)
        clock.advance(minutes=14)
        app.screen.tick()
        assert timer.has_class("-warning") and not timer.has_class("-over")
        assert not rings
        clock.advance(minutes=1, seconds=5)
        app.screen.tick()
        assert rings == [True], "the bell rings once when the timebox runs out"
        assert timer.has_class("-over")
        assert timer.remaining == pytest.approx(-5)
        clock.advance(seconds=30)
        app.screen.tick()
        assert rings == [True], "and only once"

        await pilot.press("ctrl+t")  # pause
        clock.advance(minutes=10)
        app.screen.tick()
        assert timer.remaining == pytest.approx(-35), "a paused timer does not move"
        assert not timer.running
        await pilot.press("ctrl+t")  # resume

        await pilot.press("ctrl+y", "ctrl+y")  # two more minutes
        app.screen.tick()
        assert timer.remaining == pytest.approx(120 - 35)
        assert not timer.has_class("-over")
        clock.advance(seconds=20)
        await pilot.press("ctrl+q")
    timing = load_record(session.file.path).timing["icebreaker"]
    assert timing.elapsed == pytest.approx(15 * 60 + 55)
    assert timing.extra == 120
    assert timing.running_since is None
