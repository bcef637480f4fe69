"""Running an app in the terminal, as `workshop` and `workshop present` do: with the
garbage collector tuned while its screens are up (`workshop.ui.collector`).

The tuning is the business of whoever runs the app, not of the app: tests, `check --fit`
and benchmarks drive the same apps under `run_test` and leave the collector alone.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot

from workshop.ui.collector import CollectorSettings

ReturnType = TypeVar("ReturnType")


def run_app(
    app: App[ReturnType],
    *,
    headless: bool = False,
    collector: CollectorSettings | None = None,
) -> ReturnType | None:
    """Run `app` until it exits. The collector is tuned once its first screen has been
    drawn, and put back as it was when the app ends, however it ends. `collector`: the
    settings of a caller that paused it while the app was being made."""
    collector = collector or CollectorSettings()

    async def first_screen_up(pilot: Pilot[Any]) -> None:
        # Textual calls this once the app is mounted and running; after the next refresh
        # the first screen is up, and what it holds is frozen out of the collector's walk.
        pilot.app.call_after_refresh(collector.tune)

    try:
        return app.run(headless=headless, auto_pilot=first_screen_up)
    finally:
        collector.restore()
