"""Garbage-collector settings while an app is on screen, so that its pauses stay out of
the facilitator's typing.

Drawing the screen after a key press allocates thousands of short-lived objects. With
CPython's default thresholds that set off a full collection every few entries, and a
full collection walks every object the app holds (the record, the widgets, Textual's
caches): a 40-60 ms pause on a random key press, which was most of the p95 of capture
latency at 500 entries (56 ms, against a p50 of 23 ms).

So while an app runs, full collections are made rare (young ones stay frequent, so
short-lived cycles are still freed at once) and cheaper: what exists once the first
screen is up (modules, classes, the loaded record, that screen) is frozen, out of the
collector's walk. Those objects mostly live as long as the app; the rest are freed by
reference counting as usual, and any cycles among them when the app exits.

Whoever runs the app applies this (`workshop.ui.running.run_app`), not the app itself.

Before that, while the app starts, the collector can be paused altogether (`pause`, as
`workshop run` and `workshop present` do from before they import the app): starting
allocates some hundred thousand objects that all live on (modules, classes, models,
widgets) and frees few cycles, and the full collections it set off walked everything
allocated so far, again and again, for nothing. `tune` switches it back on, with the
objects frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Collection thresholds (young, middle, old) while an app runs; CPython's are (700, 10,
#: 10). A full collection comes after 20 x 100 young ones instead of 10 x 10.
THRESHOLDS = (5_000, 20, 100)


class CollectorSettings:
    """Pause the collector while the app starts, tune it when the app is up; put it back
    as it was when the app ends."""

    def __init__(self) -> None:
        #: The thresholds and whether the collector was on, before any change.
        self._before: tuple[tuple[int, int, int], bool] | None = None
        self._tuned = False

    def _keep(self) -> None:
        if self._before is None:
            self._before = (gc.get_threshold(), gc.isenabled())

    def pause(self) -> None:
        """No collections until `tune` (or `restore`)."""
        if self._tuned:
            return
        self._keep()
        gc.disable()

    def tune(self) -> None:
        if self._tuned:
            return
        self._keep()
        self._tuned = True
        gc.freeze()
        gc.set_threshold(*THRESHOLDS)
        gc.enable()

    def restore(self) -> None:
        if self._before is None:
            return
        threshold, enabled = self._before
        if self._tuned:
            gc.unfreeze()  # what was frozen and is garbage now is collected as usual
        gc.set_threshold(*threshold)
        if enabled:
            gc.enable()
        else:
            gc.disable()
        self._before = None
        self._tuned = False


@contextmanager
def paused_while_starting() -> Iterator[CollectorSettings]:
    """The collector paused from here, while an app is imported and made; what this yields
    goes to `run_app`, which tunes it once the first screen is up. Put back as it was
    however the block ends."""
    collector = CollectorSettings()
    collector.pause()
    try:
        yield collector
    finally:
        collector.restore()
