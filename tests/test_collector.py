"""The garbage-collector settings an app runs with (`run_app`, as `workshop` runs it): tuned
once its first screen is up, put back exactly when it exits, however it exits (the test
process, like any caller, gets its own back)."""

from __future__ import annotations

import gc

from textual.app import App

from workshop.ui.collector import THRESHOLDS, CollectorSettings
from workshop.ui.remembered_theme import ThemedApp
from workshop.ui.running import run_app


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


def test_pause_stops_collections_until_tune_and_restore_undoes_all() -> None:
    before = gc.get_threshold()
    assert gc.isenabled()
    settings = CollectorSettings()
    settings.pause()
    try:
        assert not gc.isenabled()
        settings.tune()
        assert gc.isenabled()
        assert gc.get_threshold() == THRESHOLDS
        settings.pause()  # once tuned, too late to pause: nothing changes
        assert gc.isenabled()
    finally:
        settings.restore()
    assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_restore_after_pause_alone_switches_the_collector_back_on() -> None:
    settings = CollectorSettings()
    settings.pause()
    settings.restore()  # the app failed to start: never tuned
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


class Looking(App[None]):
    """Notes the collector's settings once they are tuned (or after 2 s), then exits."""

    seen: tuple[tuple[int, int, int], int] | None = None

    def on_mount(self) -> None:
        self.looks = 0
        self.set_interval(0.01, self.look)

    def look(self) -> None:
        self.looks += 1
        if gc.get_threshold() == THRESHOLDS or self.looks > 200:
            self.seen = (gc.get_threshold(), gc.get_freeze_count())
            self.exit()


def test_run_app_runs_tuned_and_leaves_the_collector_as_it_found_it() -> None:
    before = gc.get_threshold()
    app = Looking()
    run_app(app, headless=True)
    assert app.seen is not None
    threshold, frozen = app.seen
    assert threshold == THRESHOLDS
    assert frozen > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_run_app_takes_over_a_collector_paused_while_the_app_was_made() -> None:
    """As `workshop run` does: paused before the app's modules are imported."""
    before = gc.get_threshold()
    settings = CollectorSettings()
    settings.pause()
    app = Looking()
    run_app(app, headless=True, collector=settings)
    assert app.seen is not None
    assert app.seen[0] == THRESHOLDS
    assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


class Failing(Looking):
    def look(self) -> None:
        raise RuntimeError("a bug in the app")


def test_the_collector_is_put_back_when_the_app_fails() -> None:
    before = gc.get_threshold()
    app = Failing()
    run_app(app, headless=True)
    assert app.return_code == 1
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


class Plain(ThemedApp[None]):
    pass


async def test_an_app_under_test_leaves_the_collector_alone() -> None:
    """Tuning is for whoever runs the app (`run_app`), not the app itself."""
    before = gc.get_threshold()
    app: App[None] = Plain()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0
