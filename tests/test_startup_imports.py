"""Start-up imports only what the first screen needs (benchmarks/startup.py times it).

Each check runs a fresh interpreter and looks at `sys.modules`, never at timings: the
panels of other step kinds, the exports, the history and trends screens and Markdown are
imported when first used, not on the way to a session's first paint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import AGENDAS, REPO

from workshop.kinds import KINDS
from workshop.ui.kinds import PANELS, ROOM_VIEWS, ui_for

#: Imported only when used: an export, the history, trends, a Markdown view, a DataTable
#: (the history's; entries have their own table), the launcher, the dialogs and the room's
#: view (the start-up check of the terminal's size needs only its numbers).
LATER = [
    "workshop.export.formats",
    "workshop.export.markdown",
    "workshop.export.html",
    "workshop.export.csv",
    "workshop.export.report",
    "workshop.trends",
    "workshop.ui.exporting",
    "workshop.ui.history",
    "workshop.ui.launcher",
    "workshop.ui.audience",
    "workshop.ui.dialogs",
    "textual.widgets._markdown",
    "textual.widgets._data_table",
]

#: The capture panel modules of every kind but notes (culture-of-service opens on notes).
OTHER_PANELS = [
    f"workshop.ui.kinds.{module}"
    for module in ("one_word", "list_items", "prompts", "commitments", "review", "tally")
]

FIRST_PAINT = """
import asyncio, json, sys
from pathlib import Path

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp


async def first_paint() -> list[str]:
    record = SessionRecord.start_new(load_agenda(Path(sys.argv[1])))
    app = WorkshopApp(Session(SessionFile.create(record)))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            panel = getattr(app.screen, "panel", None)
            if panel is not None and panel.is_mounted:
                break
        else:
            raise SystemExit("the step's panel never mounted")
        await pilot.pause()
        imported = sorted(sys.modules)
        await pilot.press("ctrl+q")
    return imported


print(json.dumps(asyncio.run(first_paint())))
"""


def imported_by(code: str, *args: str) -> set[str]:
    """The modules a fresh interpreter has imported after running `code`."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=os.environ.copy(),  # the test's own $WORKSHOP_HOME
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_app_imports_no_step_panel_and_no_export() -> None:
    modules = imported_by("import json, sys, workshop.ui.app; print(json.dumps(list(sys.modules)))")
    assert "workshop.ui.app" in modules
    loaded = [m for m in [*LATER, *OTHER_PANELS, "workshop.ui.kinds.notes"] if m in modules]
    assert loaded == []


def test_a_session_paints_with_its_first_steps_panel_only() -> None:
    modules = imported_by(FIRST_PAINT, str(AGENDAS / "culture-of-service.toml"))
    assert "workshop.ui.kinds.notes" in modules  # the first step is a notes step
    loaded = [m for m in [*LATER, *OTHER_PANELS] if m in modules]
    assert loaded == []


def test_every_kind_has_a_panel_and_a_room_view_under_its_name() -> None:
    assert list(PANELS) == list(ROOM_VIEWS) == list(KINDS)
    for kind in KINDS:
        assert ui_for(kind).spec is KINDS[kind]
        assert ui_for(kind).panel is PANELS[kind]
        assert callable(ROOM_VIEWS[kind])


def test_an_unknown_kind_is_a_key_error() -> None:
    for registry in (PANELS, ROOM_VIEWS):
        assert "no-such-kind" not in registry
        with pytest.raises(KeyError):
            registry["no-such-kind"]
