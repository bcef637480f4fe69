"""Shared fixtures: every test gets its own empty data folder."""

from __future__ import annotations

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
