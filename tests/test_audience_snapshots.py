"""SVG snapshots of the room's view (`workshop present`): every step kind at a projector's
smallest (80x24) and a large one (200x60) in the default theme, one kind at both sizes in
the two projector themes, the blank screen and the closing summary.

Deterministic as tests/test_snapshots.py is: a frozen clock (the view takes it injected),
UTC, fixed record dates, nothing that blinks. The record is followed from its file, as
`workshop present` does; nothing saves it while the snapshot is taken.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from conftest import FakeClock
from test_snapshots import (
    fill_briefing,
    fill_commitments,
    fill_icebreaker,
    fill_prompts,
    fill_rating,
    fill_tally,
    fill_values,
    follow_up_session,
    new_session,
)
from textual.pilot import Pilot

from workshop.catalog import find_session
from workshop.kinds.review import fill_review
from workshop.session import Session
from workshop.storage import load_record
from workshop.ui.audience import AudienceApp

SIZES = {"80x24": (80, 24), "160x45": (160, 45), "250x70": (250, 70)}


@pytest.fixture(autouse=True)
def utc_clock_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


Setup = Callable[[FakeClock], tuple[Session, str]]


def _on(agenda: str, step: str, *fills: Callable[[Session], None], **fields: object) -> Setup:
    def setup(clock: FakeClock) -> tuple[Session, str]:
        session = new_session(agenda, clock, **fields)
        for fill in fills:
            fill(session)
        return session, step

    return setup


def _review(clock: FakeClock) -> tuple[Session, str]:
    session = follow_up_session(clock)
    previous = load_record(find_session(session.record.follows))
    with session.change("review") as result:
        fill_review(result, previous)
        result.items[0].status = "done"
        result.items[1].status = "dropped"
    return session, "review"


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


def room_on(setup: Setup, finish: bool = False) -> AudienceApp:
    """The room's view of a live session on the step `setup` names, 4:30 into it."""
    clock = FakeClock()
    session, step_id = setup(clock)
    session.begin()
    session.go_to(step_id)
    clock.advance(minutes=4, seconds=30)
    if finish:
        session.finish()
    return AudienceApp(session.file.path, clock=clock)


def themed(theme: str | None, *keys: str) -> Callable[[Pilot], object]:
    async def prepare(pilot: Pilot) -> None:
        if theme is not None:
            pilot.app.theme = theme
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return prepare


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("kind", list(KINDS))
def test_room_view(snap_compare, kind: str, size: str) -> None:
    assert snap_compare(room_on(KINDS[kind]), terminal_size=SIZES[size], run_before=themed(None))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("theme", ["projector-light", "high-contrast"])
def test_room_view_theme(snap_compare, theme: str, size: str) -> None:
    app = room_on(KINDS["one-word"])
    assert snap_compare(app, terminal_size=SIZES[size], run_before=themed(theme))


def test_blank(snap_compare) -> None:
    app = room_on(KINDS["one-word"])
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=themed(None, "b"))


def test_closing_summary(snap_compare) -> None:
    setup = _on(
        "culture-of-service",
        "commitments",
        fill_briefing,
        fill_values,
        fill_icebreaker,
        fill_prompts,
        fill_commitments,
        anonymous=True,
    )
    app = room_on(setup, finish=True)
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=themed(None))
