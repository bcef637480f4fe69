"""The step timer the room watches: big digits, a progress bar, colour near the end."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Label, ProgressBar, Static

from workshop.ui.bigtext import PLAIN, big_rows


def clock_text(seconds: float) -> str:
    """mm:ss counting down, then +mm:ss of overtime."""
    sign = "" if seconds >= 0 else "+"
    whole = int(abs(seconds)) if seconds >= 0 else int(abs(seconds)) + (abs(seconds) % 1 > 0)
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


class StepTimer(Vertical):
    """Shows time left of the current step's timebox; the screen feeds it every tick."""

    DEFAULT_CSS = """
    StepTimer { height: auto; width: auto; min-width: 20; align-horizontal: center; }
    StepTimer Digits { width: auto; color: $success; }
    StepTimer ProgressBar { width: 100%; }
    StepTimer #timer-state { width: 100%; text-align: center; color: $text-muted; height: 1; }
    StepTimer.-warning Digits { color: $warning; }
    StepTimer.-over Digits { color: $error; text-style: bold; }
    StepTimer.-flash { background: $error 40%; }
    StepTimer.-compact { min-width: 14; }
    StepTimer.-compact Digits { display: none; }
    StepTimer #timer-small { display: none; text-style: bold; }
    StepTimer.-compact #timer-small { display: block; }
    StepTimer #timer-big { display: none; width: auto; color: $success; }
    StepTimer.-big #timer-big { display: block; }
    StepTimer.-big Digits { display: none; }
    StepTimer.-warning #timer-big { color: $warning; }
    StepTimer.-over #timer-big { color: $error; }
    """

    #: The scale of the big digits (bigtext), or 0: Textual's three-row Digits.
    scale: reactive[int] = reactive(PLAIN)

    remaining: reactive[float] = reactive(0.0)
    planned: reactive[int] = reactive(60)
    running: reactive[bool] = reactive(True)

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="timer-digits")
        yield Static("", id="timer-big", markup=False)
        yield Label("", id="timer-small")
        yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="timer-bar")
        yield Label("", id="timer-state")

    def show(self, remaining: float, planned: int, running: bool) -> None:
        self.planned = max(1, planned)
        self.running = running
        self.remaining = remaining

    def watch_remaining(self, remaining: float) -> None:
        self._render_state()

    def watch_running(self, running: bool) -> None:
        self._render_state()

    def watch_scale(self, scale: int) -> None:
        self.set_class(scale > PLAIN, "-big")
        self._render_state()

    def _render_state(self) -> None:
        if not self.is_mounted:
            return
        text = clock_text(self.remaining)
        if self.scale > PLAIN:
            self.query_one("#timer-big", Static).update("\n".join(big_rows(text, self.scale)))
        else:
            self.query_one(Digits).update(text)
        self.query_one("#timer-small", Label).update(text)
        used = min(self.planned, max(0.0, self.planned - self.remaining))
        self.query_one(ProgressBar).update(total=self.planned, progress=used)
        self.set_class(self.remaining < 0, "-over")
        self.set_class(0 <= self.remaining <= max(60, self.planned * 0.2), "-warning")
        state = "paused" if not self.running else ("overtime" if self.remaining < 0 else "")
        self.query_one("#timer-state", Label).update(state)

    def flash(self) -> None:
        """Draw the eye at zero: a few blinks of the background."""
        for i in range(6):
            self.set_timer(i * 0.4, lambda on=(i % 2 == 0): self.set_class(on, "-flash"))
