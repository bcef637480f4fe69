"""The room's view: `workshop present` follows a session record on a second screen.

It shows what the projector needs and nothing else: the current step's title and prompt,
the step timer in large digits, and the live results as each kind's `room_view` draws
them. Private steps (notes, or `projected = false`) show a neutral card, never their
content; anonymous sessions never show a name (the room views see to that).

It is read-only: it never writes the record and takes no lock, so it runs beside the
facilitator's app on the same session. It polls the file's (mtime, size, inode) every
`POLL_SECONDS` and reloads it off the event loop when that changed; a file that is
momentarily missing, half-written or invalid leaves the last good state on screen, and
the next tick tries again.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from workshop.blanking import is_blanked
from workshop.catalog import find_session
from workshop.errors import WorkshopError
from workshop.kinds import empty_result, is_private, spec_of
from workshop.kinds.base import now
from workshop.record import SessionRecord
from workshop.session import Clock
from workshop.settings import Settings
from workshop.storage import load_record
from workshop.ui.kinds import ROOM_VIEWS, ui_for
from workshop.ui.remembered_theme import ThemedApp
from workshop.ui.timer import StepTimer

#: How often the record file is looked at: a save shows within about this long.
POLL_SECONDS = 0.2

#: Below this many rows the timer is one line instead of large digits.
SHORT_BELOW = 20
#: Below this many columns the timer column narrows.
NARROW_BELOW = 100
#: From this size up the title is set in a block and the top words are enlarged.
ROOMY_FROM = Size(120, 40)

#: How many highlights (a one-word step's top words) are enlarged above the results
#: (roomy sizes only).
MAX_HIGHLIGHTS = 3

PRIVATE_CARD = "This part is private to the facilitator."

Fingerprint = tuple[int, int, int]


def fingerprint(path: Path) -> Fingerprint:
    """What changes whenever the file is saved (an atomic save also changes the inode)."""
    st = os.stat(path)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def step_result(record: SessionRecord, step: Any) -> Any:
    """The step's result, or an empty one (without adding it to the record)."""
    return record.results.get(step.id) or empty_result(step)


def room_content(record: SessionRecord, step: Any) -> RenderableType:
    """What the room sees of a step that it may see."""
    return ROOM_VIEWS[step.kind](record, step, step_result(record, step))


def step_clock(record: SessionRecord, at: datetime) -> tuple[float, int, bool]:
    """The current step's timer as of `at`: seconds left, seconds planned, running.

    Computed from the record's timing, so a running timer keeps counting between saves.
    A step not yet shown has its whole timebox left (and is not called paused)."""
    step = record.agenda.step(record.current_step)
    timing = record.timing.get(step.id)
    planned = step.minutes * 60
    if timing is None:
        return float(planned), planned, True
    return timing.remaining(planned, at), planned + timing.extra, timing.running


def highlights(record: SessionRecord, step: Any) -> list[str]:
    """What the room's view enlarges above a step's results (its kind decides)."""
    return ui_for(step.kind).highlights(record, step, step_result(record, step))


def captured(record: SessionRecord, step: Any) -> str:
    """One line for the closing summary: how much a step captured."""
    if is_private(step):
        return "private"
    return spec_of(step).captured_text(step, record.results.get(step.id))


def closing_summary(record: SessionRecord) -> RenderableType:
    """What the room sees once the session is finished: each step's tally, the commitments."""
    end = record.finished or record.saved or now()
    head = Text(record.title, style="bold")
    if record.organization:
        head.append(f" — {record.organization}")
    parts: list[RenderableType] = [
        head,
        Text("Finished. Thank you!", style="bold"),
        Text(""),
    ]
    steps = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    steps.add_column(justify="right", style="dim")
    steps.add_column(style="bold", ratio=3)
    steps.add_column(ratio=2)
    steps.add_column(justify="right", style="dim", no_wrap=True)
    for index, step in enumerate(record.agenda.steps, start=1):
        seconds = record.step_seconds(step.id, end)
        result = record.results.get(step.id)
        if seconds is not None:
            used = f"{round(seconds / 60)} of {step.minutes} min"
        else:  # results without time: a step filled in without being shown
            used = "—" if result is not None and result.entry_count() else "not run"
        steps.add_row(f"{index}.", Text(step.title), Text(captured(record, step)), used)
    parts.append(steps)
    for step in record.agenda.steps:
        result = record.results.get(step.id)
        shown_again = ui_for(step.kind).recap and not is_private(step)
        if not shown_again or result is None or not result.entry_count():
            continue
        parts += [Text(""), Rule(Text(step.title, style="bold"), align="left")]
        parts.append(room_content(record, step))
    return Group(*parts)


class BlankScreen(Screen):
    """The room sees black: a break, or something typed that is not for the room yet."""

    DEFAULT_CSS = """
    BlankScreen { background: black; align: center middle; }
    BlankScreen Label { color: #5a5a5a; }
    """

    def compose(self) -> ComposeResult:
        yield Label("…")


class RoomScreen(Screen):
    """The step, its prompt, the timer and the results; or, at the end, the summary."""

    DEFAULT_CSS = """
    RoomScreen { layout: vertical; }
    RoomScreen #room-bar { height: 1; padding: 0 1; background: $primary 15%; }
    RoomScreen #room-session { width: 1fr; color: $text-muted; }
    RoomScreen #room-problem {
        width: auto; max-width: 75%; color: $warning; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    RoomScreen #room-position { width: auto; color: $text-muted; }
    RoomScreen #room-live { height: 1fr; padding: 0 2; }
    RoomScreen #room-head { height: auto; }
    RoomScreen #room-text { width: 1fr; height: auto; }
    RoomScreen #room-title { text-style: bold; color: $primary; padding: 1 0 0 0; }
    RoomScreen #room-prompt { text-style: bold; padding: 0 0 1 0; }
    RoomScreen #room-timer { width: 26; margin: 0 0 0 2; }
    RoomScreen #room-top-words { display: none; height: auto; align-horizontal: center; }
    RoomScreen .top-word { width: auto; padding: 1 3; margin: 0 1 1 1; text-style: bold; }
    RoomScreen .top-word.-first { background: $primary; color: $background; }
    RoomScreen #room-results { height: 1fr; }
    RoomScreen #room-private {
        display: none; height: 1fr; content-align: center middle;
        color: $text-muted; text-style: italic; border: round $panel-lighten-2;
    }
    RoomScreen.-private #room-results { display: none; }
    RoomScreen.-private #room-private { display: block; }
    RoomScreen #room-summary { display: none; height: 1fr; padding: 1 2; }
    RoomScreen.-finished #room-live { display: none; }
    RoomScreen.-finished #room-summary { display: block; }
    RoomScreen.-finished #room-session { visibility: hidden; }  /* the summary's heading */

    RoomScreen.-narrow #room-timer { width: 20; }
    RoomScreen.-short #room-timer { width: 14; }
    RoomScreen.-short #room-title { padding: 0; }
    RoomScreen.-roomy #room-title {
        background: $primary 20%; color: $foreground; padding: 1 3; margin: 1 0;
    }
    RoomScreen.-roomy #room-prompt { padding: 0 0 1 3; }
    RoomScreen.-roomy #room-top-words.-shown { display: block; }
    """

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.record: SessionRecord | None = None
        self._last_remaining: float | None = None
        self._step_id: str | None = None
        self._flashed: set[str] = set()
        self._problem = ""
        self._ready = False  # composed: the widgets can be updated

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-bar"):
            yield Label("", id="room-session", markup=False)
            yield Label("", id="room-problem", markup=False)
            yield Label("", id="room-position")
        with Vertical(id="room-live"):
            with Horizontal(id="room-head"):
                with Vertical(id="room-text"):
                    yield Static("", id="room-title", markup=False)
                    yield Static("", id="room-prompt", markup=False)
                yield StepTimer(id="room-timer")
            with Horizontal(id="room-top-words"):
                for rank in range(MAX_HIGHLIGHTS):
                    yield Static(
                        "", classes="top-word" + (" -first" if rank == 0 else ""), markup=False
                    )
            yield Static("", id="room-results")
            yield Static(PRIVATE_CARD, id="room-private")
        with VerticalScroll(id="room-summary"):
            yield Static("", id="room-summary-body")

    def on_mount(self) -> None:
        self._ready = True
        self._fit(self.app.size)
        self.show_problem(self._problem)
        if self.record is not None:
            self.show(self.record)
        else:
            self.query_one("#room-results", Static).update("Waiting for the session record…")

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        short = size.height < SHORT_BELOW
        self.set_class(short, "-short")
        self.set_class(size.width < NARROW_BELOW, "-narrow")
        roomy = size.width >= ROOMY_FROM.width and size.height >= ROOMY_FROM.height
        self.set_class(roomy, "-roomy")
        self.query_one(StepTimer).set_class(short, "-compact")

    def show_problem(self, problem: str) -> None:
        self._problem = problem
        if self._ready:
            self.query_one("#room-problem", Label).update(problem)

    def show(self, record: SessionRecord) -> None:
        """Draw everything from `record` (the last good one read)."""
        self.record = record
        if not self._ready:  # drawn when mounted
            return
        title = record.title + (f" — {record.organization}" if record.organization else "")
        self.query_one("#room-session", Label).update(title)
        finished = record.status == "finished"
        self.set_class(finished, "-finished")
        steps = record.agenda.steps
        position = "finished" if finished else ""
        if not finished:
            position = f"step {record.agenda.index(record.current_step) + 1} of {len(steps)}"
        self.query_one("#room-position", Label).update(position)
        if finished:
            self.query_one("#room-summary-body", Static).update(closing_summary(record))
            return
        step = record.agenda.step(record.current_step)
        if step.id != self._step_id:
            self._step_id = step.id
            self._last_remaining = None
        self.query_one("#room-title", Static).update(step.title)
        prompt = self.query_one("#room-prompt", Static)
        prompt.update(step.prompt)
        prompt.display = bool(step.prompt)
        private = is_private(step)
        self.set_class(private, "-private")
        results = self.query_one("#room-results", Static)
        results.update("" if private else room_content(record, step))
        words = [] if private else highlights(record, step)
        self.query_one("#room-top-words").set_class(bool(words), "-shown")
        for index, widget in enumerate(self.query(".top-word").results(Static)):
            if index < len(words):
                widget.update(words[index])
            widget.display = index < len(words)
        self.tick()

    def tick(self) -> None:
        """Move the timer on by the clock; it flashes once when the timebox runs out."""
        record = self.record
        if record is None or record.status == "finished" or not self._ready:
            return
        remaining, planned, running = step_clock(record, self.clock())
        timer = self.query_one(StepTimer)
        timer.show(remaining, planned, running)
        step_id = record.current_step
        crossed = self._last_remaining is not None and self._last_remaining > 0 >= remaining
        if crossed and step_id not in self._flashed:
            self._flashed.add(step_id)
            timer.flash()
        self._last_remaining = remaining


class AudienceApp(ThemedApp[None]):
    """Follows one session record (a path), or shows one record given in memory (as the
    `check --fit` preflight does). Never writes the record."""

    TITLE = "workshop: the room's view"
    THEME_SETTING = "present_theme"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="present-quit"),
        Binding("b", "toggle_blank", "Blank", id="present-blank"),
        Binding("r", "reveal", "Reveal", id="present-reveal"),
    ]

    class RecordRead(Message):
        """A worker read the record file (record None: it could not, `error` says why)."""

        def __init__(
            self, seen: Fingerprint, record: SessionRecord | None, error: str = ""
        ) -> None:
            super().__init__()
            self.seen = seen
            self.record = record
            self.error = error

    def __init__(
        self,
        path: Path | None = None,
        *,
        record: SessionRecord | None = None,
        clock: Clock = now,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        super().__init__()
        if path is None and record is None:
            raise ValueError("the room's view needs a record file or a record")
        self.path = path
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.record = record
        self.problem = ""
        self.room = RoomScreen(clock)
        self._seen: Fingerprint | None = None
        self._reading = False
        self._flag_blank = False
        if record is None and path is not None:
            self._read_now(path)

    def saved_theme(self, settings: Settings) -> str | None:
        return settings.present_theme or settings.theme

    # -- following the record ---------------------------------------------------------------

    def _read_now(self, path: Path) -> None:
        """The first read, before anything is drawn."""
        try:
            seen = fingerprint(path)
            self.record = load_record(path)
            self._seen = seen
        except (OSError, WorkshopError) as exc:
            self.problem = _short(exc, "waiting for a good save")

    def on_mount(self) -> None:
        self.push_screen(self.room)
        if self.record is not None:
            self.room.show(self.record)
        self.room.show_problem(self.problem)
        if self.path is not None:
            self._flag_blank = is_blanked(self.path)
            if self._flag_blank:
                self.call_after_refresh(self.blank, True)
            self.set_interval(self.poll_seconds, self.poll)

    def poll(self) -> None:
        """Every tick: the timer moves on; the file is read again if it changed."""
        assert self.path is not None
        if not self.is_running:  # shutting down: the screen's widgets are going
            return
        self._follow_blank_flag(self.path)
        self.room.tick()
        if self._reading:
            return
        try:
            seen = fingerprint(self.path)
        except FileNotFoundError:
            self._set_problem(f"the record file is gone ({self._keeping})")
            return
        except OSError as exc:
            self._set_problem(_short(exc, self._keeping))
            return
        if seen == self._seen and not self.problem:
            return
        self._reading = True
        self._read(self.path, seen)

    @work(thread=True, group="read-record")
    def _read(self, path: Path, seen: Fingerprint) -> None:
        """Read and validate off the event loop: a long record takes tens of milliseconds."""
        try:
            self.post_message(self.RecordRead(seen, load_record(path)))
        except Exception as exc:  # anything at all: the room keeps the last good state
            self.post_message(self.RecordRead(seen, None, _short(exc, self._keeping)))

    def on_audience_app_record_read(self, message: RecordRead) -> None:
        self._reading = False
        if not self.is_running:
            return
        if message.record is None:
            self._set_problem(message.error)
            return
        self._seen = message.seen
        self.record = message.record
        self._set_problem("")
        self.room.show(message.record)

    @property
    def _keeping(self) -> str:
        return "showing the last state read" if self.record else "waiting for a good save"

    def _set_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            self.room.show_problem(problem)

    def show_record(self, record: SessionRecord) -> None:
        """Show a record given in memory (the preflight lays out each step this way)."""
        self.record = record
        self.room.show(record)

    # -- blank and reveal -------------------------------------------------------------------

    @property
    def blanked(self) -> bool:
        return isinstance(self.screen, BlankScreen)

    def blank(self, on: bool) -> None:
        if on and not self.blanked:
            self.push_screen(BlankScreen())
        elif not on and self.blanked:
            self.pop_screen()

    def action_toggle_blank(self) -> None:
        self.blank(not self.blanked)

    def action_reveal(self) -> None:
        self.blank(False)

    def _follow_blank_flag(self, path: Path) -> None:
        """The facilitator's F4: blank when the flag appears, reveal when it goes."""
        flag = is_blanked(path)
        if flag != self._flag_blank:
            self._flag_blank = flag
            self.blank(flag)

    def get_system_commands(self, screen: Screen) -> Any:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Blank the room's view", "A black screen (b)", self.action_toggle_blank)
        yield SystemCommand("Reveal", "Show everything captured meanwhile (r)", self.action_reveal)


def _short(exc: BaseException, meanwhile: str) -> str:
    """One line saying what went wrong, for the bar at the top (the file is known)."""
    if isinstance(exc, WorkshopError):
        text = exc.message.splitlines()[0]
        if exc.line is not None:
            text = f"line {exc.line}: {text}"
        if exc.field:
            text = f"{exc.field}: {text}"
    else:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"record unreadable: {text} ({meanwhile})"


def present(ref: str | None) -> int:
    """`workshop present [SESSION]`: the room's view of a session, by default the newest
    in progress. A session that cannot be found or read is refused before the screen opens."""
    if ref is None:
        try:
            path = find_session(None)
        except WorkshopError:
            raise WorkshopError(
                "no session in progress to present (see `workshop sessions`, or name one)"
            ) from None
    else:
        path = find_session(ref)
    load_record(path)  # a clear error now rather than an empty screen
    app = AudienceApp(path)
    app.run()
    return app.return_code or 0
