"""A session being run: the record, its file, the step timer and undo, without any UI.

The app calls these methods; each change is saved at once. Keeping this free of Textual
lets tests, benchmarks and the CLI drive a session exactly as the app does.
"""

from __future__ import annotations

import pickle
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from workshop.kinds import AnyResult
from workshop.kinds.base import now
from workshop.record import MAX_EXTRA_SECONDS, SessionRecord, StepTiming
from workshop.storage import SessionFile

Clock = Callable[[], datetime]


#: How many changes of one step Ctrl+Z can take back: far more than a facilitator walks
#: back through, few enough that the copies it keeps stay small.
UNDO_DEPTH = 100


class Session:
    """One open session: every change goes through here and is saved before returning."""

    def __init__(self, file: SessionFile, clock: Clock = now) -> None:
        self.file = file
        self.clock = clock
        # Per step, the newest UNDO_DEPTH changes: the result before each, as its kind and
        # its plain data pickled (0.5 ms to take for 500 words, a deep copy of the models
        # 9 ms; one bytes object where the plain data left thousands of objects per change
        # for the garbage collector to walk, in pauses of up to 60 ms while the facilitator
        # typed), the names that change added, and those it took off the roster (a deleted
        # entry was the last thing they said). Never written anywhere.
        self._undo: dict[str, deque[tuple[type[AnyResult], bytes, list[str], list[str]]]] = {}
        #: Called after every save, whatever changed (the room's phones follow them).
        self.saved_listeners: list[Callable[[], None]] = []
        #: `begin` was told not to save, and nothing has saved since (see `save_begun`).
        self._begun_unsaved = False
        self._settle_after_crash()

    @property
    def record(self) -> SessionRecord:
        return self.file.record

    @property
    def step(self) -> Any:
        return self.record.agenda.step(self.record.current_step)

    @property
    def step_index(self) -> int:
        return self.record.agenda.index(self.record.current_step)

    def _settle_after_crash(self) -> None:
        """A timer left running by a killed process counts only up to the last save."""
        for timing in self.record.timing.values():
            if timing.running_since is not None:
                timing.pause(self.record.saved or timing.running_since)

    def save(self) -> datetime:
        """Write the record now, stamped with this session's clock."""
        at = self.file.save(self.clock())
        self._begun_unsaved = False
        for listener in self.saved_listeners:
            listener()
        return at

    # -- results -------------------------------------------------------------------

    def result(self, step_id: str | None = None) -> Any:
        return self.record.result(step_id or self.record.current_step)

    @contextmanager
    def change(self, step_id: str | None = None) -> Iterator[Any]:
        """Change a step's result: remembered for undo, saved when the block ends.

        If the block raises, the result and the roster are put back as they were and
        nothing is saved.
        """
        step_id = step_id or self.record.current_step
        result = self.result(step_id)
        kind, before = type(result), _snapshot(result)
        roster = list(self.record.participants)
        count = result.entry_count()
        try:
            yield result
        except BaseException:
            self.record.results[step_id] = _restored(kind, before)
            self.record.participants[:] = roster
            raise
        added = [name for name in self.record.participants if name not in roster]
        removed: list[str] = []
        if self.result(step_id).entry_count() < count:  # a deletion: whose was the last?
            in_use = self.record.names_in_use()
            removed = [name for name in self.record.participants if name not in in_use]
            self.record.participants[:] = [n for n in self.record.participants if n in in_use]
        self._undo.setdefault(step_id, deque(maxlen=UNDO_DEPTH)).append(
            (kind, before, added, removed)
        )
        self.save()

    def can_undo(self, step_id: str | None = None) -> bool:
        return bool(self._undo.get(step_id or self.record.current_step))

    def undo(self, step_id: str | None = None) -> bool:
        """Put the step back as it was before its last change; False if nothing to undo.

        The names that change added leave the roster, those it removed come back; names
        added since, by changes to other steps, stay.
        """
        step_id = step_id or self.record.current_step
        stack = self._undo.get(step_id)
        if not stack:
            return False
        kind, before, added, removed = stack.pop()
        self.record.results[step_id] = _restored(kind, before)
        self.record.participants[:] = [n for n in self.record.participants if n not in added]
        self.record.participants += [n for n in removed if n not in self.record.participants]
        self.save()
        return True

    # -- navigation and timer --------------------------------------------------------

    def timer(self, step_id: str | None = None) -> StepTiming:
        return self.record.timer(step_id or self.record.current_step)

    def begin(self, *, save: bool = True) -> None:
        """Start (or continue) the current step's timer when the session is shown, and
        save (`save` false: the caller saves soon with `save_begun`; the console does once
        its first frame is drawn)."""
        at = self.clock()
        if self.record.started is None:
            self.record.started = at
        timing = self.timer()
        if not timing.paused:
            timing.start(at)
        elif timing.first_shown is None:
            timing.first_shown = at
        self._begun_unsaved = True
        if save:
            self.save()

    def save_begun(self) -> None:
        """The save `begin` left to the caller, unless a save since (a change, a step, the
        close) has written it already."""
        if self._begun_unsaved:
            self.save()

    def go_to(self, step_id: str) -> None:
        if step_id == self.record.current_step:
            return
        self.record.agenda.step(step_id)  # KeyError for an unknown step
        at = self.clock()
        self.timer().pause(at)
        self.record.current_step = step_id
        timing = self.timer()
        if not timing.paused:
            timing.start(at)
        self.save()

    def next_step(self) -> bool:
        steps = self.record.agenda.steps
        if self.step_index + 1 >= len(steps):
            return False
        self.go_to(steps[self.step_index + 1].id)
        return True

    def previous_step(self) -> bool:
        if self.step_index == 0:
            return False
        self.go_to(self.record.agenda.steps[self.step_index - 1].id)
        return True

    def toggle_timer(self) -> bool:
        """Pause or resume the current step's timer; True when it is now running."""
        timing = self.timer()
        at = self.clock()
        if timing.running:
            timing.pause(at)
            timing.paused = True
        else:
            timing.paused = False
            timing.start(at)
        self.save()
        return timing.running

    def add_minute(self) -> None:
        """One more minute for the current step (up to a day in all)."""
        timing = self.timer()
        timing.extra = min(timing.extra + 60, MAX_EXTRA_SECONDS)
        self.save()

    def remaining(self) -> float:
        return self.timer().remaining(self.step.minutes * 60, self.clock())

    # -- ending ------------------------------------------------------------------------

    def finish(self) -> None:
        at = self.clock()
        self.timer().pause(at)
        self.record.status = "finished"
        self.record.finished = at
        self.save()

    def close(self) -> None:
        """Stop the clock where it is (so a resume continues from here), save, unlock."""
        try:
            timing = self.record.timing.get(self.record.current_step)
            if timing is not None:
                timing.pause(self.clock())
            self.save()
        finally:
            self.file.close()


def _snapshot(result: AnyResult) -> bytes:
    """A step's result as undo keeps it: its plain data, pickled (see `Session._undo`)."""
    return pickle.dumps(result.model_dump())


def _restored(kind: type[AnyResult], snapshot: bytes) -> AnyResult:
    return kind.model_validate(pickle.loads(snapshot))
