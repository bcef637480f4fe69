"""The garbage-collector settings an app runs with: tuned once its first screen is up,
put back exactly when it exits (the test process, like any caller, gets its own back)."""

from __future__ import annotations

import gc

from textual.app import App

from workshop.ui.collector import THRESHOLDS, CollectorSettings
from workshop.ui.remembered_theme import ThemedApp


def test_tune_freezes_and_raises_thresholds_and_restore_undoes_both() -> None:
    before = gc.get_threshold()
    settings = CollectorSettings()
    settings.tune()
    try:
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
        settings.tune()  # a second call changes nothing, and forgets nothing
    finally:
        settings.restore()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    settings.restore()  # restoring twice is harmless
    assert gc.get_threshold() == before


class Plain(ThemedApp[None]):
    pass


async def test_an_app_runs_tuned_and_leaves_the_collector_as_it_found_it() -> None:
    before = gc.get_threshold()
    app: App[None] = Plain()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
