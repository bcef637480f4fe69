"""Shared fixtures: every test gets its own empty data folder."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workshop.paths import HOME_ENV

REPO = Path(__file__).resolve().parent.parent
AGENDAS = REPO / "agendas"


@pytest.fixture(autouse=True)
def workshop_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated $WORKSHOP_HOME so no test touches the user's real sessions."""
    home = tmp_path / "workshop-home"
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture
def local_time_is_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC (typed due dates, times in exports and goldens), so the results do
    not depend on the machine's zone. A module opts in with
    `pytestmark = pytest.mark.usefixtures("local_time_is_utc")`."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock that moves only when told to, so timers and saved times are exact."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
