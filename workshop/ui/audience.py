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
import sys
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
from workshop.ui.bigtext import PLAIN, BigText, big_width, fit
from workshop.ui.collector import CollectorSettings
from workshop.ui.join import JoinCard, read_link
from workshop.ui.kinds import ROOM_VIEWS, ui_for
from workshop.ui.remembered_theme import ThemedApp
from workshop.ui.roomlayout import concealed
from workshop.ui.running import run_app
from workshop.ui.timer import StepTimer

#: How often the record file is looked at: a save shows within about this long.
POLL_SECONDS = 0.2
#: Following the room (no session named): how often the sessions are looked at for a
#: newer one in progress.
FIND_SECONDS = 1.0

WAITING_CARD = "Waiting for the session to start…"

#: Below this many rows the timer is one line instead of large digits.
SHORT_BELOW = 20
#: Below this many columns the timer column narrows.
NARROW_BELOW = 100
#: From this many rows up the title and prompt are set in big text (bigtext), as large as
#: their share of the height allows: the title a seventh, the prompt a sixth.
BIG_TEXT_FROM_ROWS = 30
TITLE_SHARE = 7
PROMPT_SHARE = 6
#: The timer's big digits: scale 2 (five rows) from this many rows, scale 3 from the next.
BIG_TIMER_FROM = Size(120, 36)
BIGGER_TIMER_FROM = Size(200, 60)

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
    RoomScreen #room-timer.-big { width: auto; }
    RoomScreen #room-results { height: 1fr; }
    RoomScreen #room-private {
        display: none; height: 1fr; content-align: center middle;
        color: $text-muted; text-style: italic; border: round $panel-lighten-2;
    }
    RoomScreen.-private #room-results { display: none; }
    RoomScreen.-private #room-private { display: block; }
    RoomScreen #room-waiting {
        display: none; height: 1fr; content-align: center middle; color: $text-muted;
    }
    RoomScreen.-waiting #room-live { display: none; }
    RoomScreen.-waiting #room-waiting { display: block; }
    RoomScreen #room-summary { display: none; height: 1fr; padding: 1 2; }
    RoomScreen.-finished #room-live { display: none; }
    RoomScreen.-finished #room-summary { display: block; }
    RoomScreen.-finished #room-session { visibility: hidden; }  /* the summary's heading */

    RoomScreen.-narrow #room-timer { width: 20; }
    RoomScreen.-short #room-timer { width: 14; }
    RoomScreen.-short #room-title { padding: 0; }
    RoomScreen.-roomy #room-title { padding: 1 0; }
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
            yield Static("", id="room-results")
            yield Static(PRIVATE_CARD, id="room-private")
        with VerticalScroll(id="room-summary"):
            yield Static("", id="room-summary-body")
        yield Static(WAITING_CARD, id="room-waiting", markup=False)
        yield JoinCard(id="room-join")

    def on_mount(self) -> None:
        self._ready = True
        self._fit(self.app.size)
        self.show_problem(self._problem)
        if self.record is not None:
            self.show(self.record)
        else:
            self.wait()

    def wait(self) -> None:
        """No session to show: a calm card until one starts."""
        self.record = None
        if self._ready:
            self.set_class(True, "-waiting")
            self.query_one("#room-session", Label).update("")
            self.query_one("#room-position", Label).update("")
            self.query_one("#room-waiting", Static).update(
                BigText(
                    fit(WAITING_CARD, self.app.size.width - 8, self.app.size.height // 4),
                    justify="center",
                )
                if self.app.size.height >= BIG_TEXT_FROM_ROWS
                else WAITING_CARD
            )

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)
        if self.record is not None:
            self.show(self.record)
        else:
            self.wait()

    def _fit(self, size: Size) -> None:
        short = size.height < SHORT_BELOW
        self.set_class(short, "-short")
        self.set_class(size.width < NARROW_BELOW, "-narrow")
        self.set_class(size.height >= BIG_TEXT_FROM_ROWS, "-roomy")
        timer = self.query_one(StepTimer)
        timer.set_class(short, "-compact")
        timer.scale = (
            3
            if size.width >= BIGGER_TIMER_FROM.width and size.height >= BIGGER_TIMER_FROM.height
            else 2
            if size.width >= BIG_TIMER_FROM.width and size.height >= BIG_TIMER_FROM.height
            else PLAIN
        )
        timer.set_class(timer.scale > PLAIN, "-big")

    def _text_width(self) -> int:
        """Columns beside the timer for the title and the prompt."""
        size = self.app.size
        timer = self.query_one(StepTimer)
        timer_width = 26 if timer.scale == PLAIN else big_width("00:00", timer.scale) + 2
        if size.height < SHORT_BELOW:
            timer_width = 14
        elif size.width < NARROW_BELOW and timer.scale == PLAIN:
            timer_width = 20
        return max(1, size.width - 4 - timer_width - 2)

    def _big(self, text: str, share: int, style: str) -> RenderableType:
        """The title or prompt, as large as its share of the height allows."""
        height = self.app.size.height
        if height < BIG_TEXT_FROM_ROWS:
            return Text(text, style=style)
        return BigText(fit(text, self._text_width(), height // share, max_lines=2), style)

    def show_problem(self, problem: str) -> None:
        self._problem = problem
        if self._ready:
            self.query_one("#room-problem", Label).update(problem)

    def show(self, record: SessionRecord) -> None:
        """Draw everything from `record` (the last good one read)."""
        self.record = record
        if not self._ready:  # drawn when mounted
            return
        self.set_class(False, "-waiting")
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
        self.query_one("#room-title", Static).update(self._big(step.title, TITLE_SHARE, ""))
        prompt = self.query_one("#room-prompt", Static)
        prompt.update(self._big(step.prompt, PROMPT_SHARE, ""))
        prompt.display = bool(step.prompt)
        private = is_private(step)
        self.set_class(private, "-private")
        results = self.query_one("#room-results", Static)
        if private:
            results.update("")
        elif record.hides_results(step.id):
            results.update(concealed(record, step))
        else:
            results.update(room_content(record, step))
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
            self, path: Path, seen: Fingerprint, record: SessionRecord | None, error: str = ""
        ) -> None:
            super().__init__()
            self.path = path
            self.seen = seen
            self.record = record
            self.error = error

    class SessionFound(Message):
        """Following the room: the newest session in progress (None: there is none)."""

        def __init__(self, path: Path | None) -> None:
            super().__init__()
            self.path = path

    def __init__(
        self,
        path: Path | None = None,
        *,
        record: SessionRecord | None = None,
        clock: Clock = now,
        poll_seconds: float = POLL_SECONDS,
        follow: bool = False,
        find_seconds: float = FIND_SECONDS,
    ) -> None:
        super().__init__()
        if path is None and record is None and not follow:
            raise ValueError("the room's view needs a record file, a record, or to follow")
        self.path = path
        self.follow = follow
        self.find_seconds = find_seconds
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.record = record
        self.problem = ""
        self.room = RoomScreen(clock)
        self._join_link: str | None = None
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
        if self.path is not None or self.follow:
            self.set_interval(self.poll_seconds, self.poll)
        if self.follow:
            self._find()
            self.set_interval(self.find_seconds, self._find)

    # -- following the room: the newest session in progress ----------------------------

    @work(thread=True, exclusive=True, group="find-session")
    def _find(self) -> None:
        """Look for the newest session in progress (listing reads headers: off the loop)."""
        try:
            path: Path | None = find_session(None)
        except Exception:  # none in progress, or the folder unreadable this time
            path = None
        self.post_message(self.SessionFound(path))

    def on_audience_app_session_found(self, message: SessionFound) -> None:
        if not self.is_running:
            return
        if message.path is None:
            if self.record is None:
                self.room.wait()
            return  # a session that just finished keeps its summary on screen
        if message.path != self.path:
            self.path = message.path
            self._seen = None
            self._set_problem("")
            self._flag_blank = False
            self.blank(False)

    def poll(self) -> None:
        """Every tick: the timer moves on; the file is read again if it changed."""
        if not self.is_running:  # shutting down: the screen's widgets are going
            return
        if self.path is None:  # following the room, no session yet
            return
        self._follow_blank_flag(self.path)
        self._follow_join_link(self.path)
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
            self.post_message(self.RecordRead(path, seen, load_record(path)))
        except Exception as exc:  # anything at all: the room keeps the last good state
            self.post_message(self.RecordRead(path, seen, None, _short(exc, self._keeping)))

    def on_audience_app_record_read(self, message: RecordRead) -> None:
        self._reading = False
        if not self.is_running or message.path != self.path:  # switched session meanwhile
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

    def _follow_join_link(self, path: Path) -> None:
        """While the facilitator's room is open, its QR code and link stay in a corner
        for late joiners (the console writes the link beside the record)."""
        link = read_link(path)
        if link != self._join_link and self.room.is_mounted:
            self._join_link = link
            roomy = self.size.height >= 30
            self.room.query_one(JoinCard).show_link(link, with_code=roomy, large=roomy)
        if link is not None and self.room.is_mounted:
            # Below the step's title and timer, however tall the screen made them.
            card = self.room.query_one(JoinCard)
            top = self.room.query_one("#room-head").region.bottom
            if card.styles.margin.top != top:
                card.styles.margin = (top, 0, 0, 0)

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


def screen_text(app: AudienceApp) -> str:
    """What the terminal shows of the app now, as plain text (one line per row)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    lines = console.export_text(styles=False).split("\n")[:height]
    return "\n".join(line.rstrip() for line in lines) + "\n"


async def render_room(path: Path | None, size: Size, clock: Clock = now) -> str:
    """The room's view of the record at `path` (None: the waiting card) at `size`."""
    app = AudienceApp(path, clock=clock, follow=path is None, poll_seconds=3600)
    async with app.run_test(size=(size.width, size.height)) as pilot:
        await pilot.pause()
        return screen_text(app)


async def room_picture(record: SessionRecord, size: Size, clock: Clock = now) -> str:
    """An SVG of the room's view of `record` at `size`: what `workshop present` shows the
    room (no fields, keys or notes of the facilitator's), drawn off-screen."""
    app = AudienceApp(record=record, clock=clock, poll_seconds=3600)
    async with app.run_test(size=(size.width, size.height)) as pilot:
        await pilot.pause()
        return app.export_screenshot(title=f"{record.title}: the room's view")


def present(
    ref: str | None, render: str | None = None, collector: CollectorSettings | None = None
) -> int:
    """`workshop present [SESSION]`: the room's view of a session. Named, it follows that
    session's record (refused before the screen opens if it cannot be read); unnamed, it
    follows the room: the newest session in progress, a calm card while there is none,
    and each new session as it starts. With `render`, it prints the view at that size as
    plain text and exits. `collector`: the CLI's, paused since before this module was
    imported (`run_app` tunes it once the screen is up)."""
    path = find_session(ref) if ref is not None else None
    if path is not None:
        load_record(path)  # a clear error now rather than an empty screen
    if render is not None:
        import asyncio

        from workshop.ui.fit import parse_size

        if path is None:
            try:
                path = find_session(None)
            except WorkshopError:
                path = None
        sys.stdout.write(asyncio.run(render_room(path, parse_size(render, "--render"))))
        return 0
    app = AudienceApp(path, follow=path is None)
    run_app(app, collector=collector)
    return app.return_code or 0
