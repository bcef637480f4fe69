"""The facilitator's console: agenda sidebar, the step's prompt large, capture, timer, notes."""

from __future__ import annotations

import time
from datetime import datetime
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static

from workshop.errors import WorkshopError
from workshop.room.address import DEFAULT_PORT
from workshop.session import Session
from workshop.ui.commands import SESSION_ACTIONS, Action, bindings
from workshop.ui.footer import StableFooter
from workshop.ui.join import JoinCard, RoomLink
from workshop.ui.kinds import PANELS, StepPanel
from workshop.ui.kinds.fields import as_typed, hand_over, is_typing, take_queued_keys
from workshop.ui.room_control import clear_room_blank, toggle_room_blank, warn_if_too_small
from workshop.ui.sidebar import AgendaSidebar
from workshop.ui.timer import StepTimer

TICK_SECONDS = 0.5

#: On the last step, Ctrl+N pressed again within this long finishes the session.
FINISH_AGAIN_SECONDS = 5.0

#: Below these sizes the console tightens: a narrower agenda, a one-line timer, short notes.
NARROW_BELOW = 110
SHORT_BELOW = 32


def reflow(text: str) -> str:
    """Notes as paragraphs: the line breaks of a TOML multi-line string are not meant."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n".join(p for p in paragraphs if p)


class SessionScreen(Screen):
    """Runs one session. Keys never clash with typing: Ctrl and F keys only."""

    #: Its keys and its command-palette entries, declared once (`workshop.ui.commands`).
    ACTIONS: ClassVar[tuple[Action, ...]] = SESSION_ACTIONS
    BINDINGS = bindings(SESSION_ACTIONS)

    # The step's panel decides where the cursor goes. "" and not None: None inherits the app's
    # "*", which focused the agenda first (one more restyle and Footer rebuild at each start).
    AUTO_FOCUS = ""

    #: Which widget has the cursor. Textual's Screen repaints itself whole when it changes,
    #: and the cursor moves with every entry (back to the name field): 14-16 ms of drawing
    #: the whole console again after each word, while the next one is being typed. The two
    #: widgets that gain and lose focus are restyled and repainted by Textual all the same
    #: (`:focus` styles, an Input's caret), so nothing else needs drawing.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, session: Session, room: tuple[str | None, int] | None = None) -> None:
        super().__init__()
        self.session = session
        #: Where to open the room at start (`workshop run --room`): (host or None, port).
        self._room_at_start = room
        #: When Ctrl+N was pressed on the last step (a second press finishes).
        self._finish_asked: float | None = None
        self.room = RoomLink(session, self._phone_entry)
        self.present = False
        self.notes_visible = True
        self._rang: set[str] = set()
        self._last_remaining: float | None = None
        self._panel: StepPanel | None = None
        #: Keys typed while a step's panel was opening (the app starting, Ctrl+N), before
        #: its field had the cursor; the field gets them, in order, once it has it.
        self._typed_ahead: list[events.Key] = []
        self._panel_opening = True  # the first panel opens after the first frame

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self._fit_screen(self.app.size)  # before its widgets are styled, not after
        with Horizontal(id="top-bar"):
            yield Label("", id="session-title", markup=False)
            yield Label("", id="step-position")
            yield Label("", id="saved")
        with Horizontal(id="body"):
            yield AgendaSidebar(id="sidebar")
            with Vertical(id="main"):
                with Horizontal(id="step-head"):
                    with Vertical(id="step-text"):
                        yield Label("", id="step-title", markup=False)
                        yield Static("", id="step-prompt", markup=False)
                    # Sized for the terminal from the start: set after mounting, the class
                    # restyled the timer and its digits once more before the first paint.
                    short = self.app.size.height < SHORT_BELOW
                    yield StepTimer(id="timer", classes="-compact" if short else None)
                yield Vertical(id="panel-slot")
                yield Static("", id="private-notes", markup=False)
        yield JoinCard(id="join-card")
        yield StableFooter(compact=True)

    def on_mount(self) -> None:
        self._fit(self.app.size)
        # The record is on disk already (a new one is written before the app starts); the
        # timer's start is written once the first frame is drawn, not before it.
        self.session.begin(save=False)
        self.call_after_refresh(self._save_begun)
        self._rang = {s for s, t in self.session.record.timing.items() if t.first_shown}
        # The step's panel is mounted once the screen around it is drawn: the first frame
        # showed the title, agenda and timer without it all the same, and now its widgets
        # (and its kind's module) no longer hold that frame back.
        self._show_step(panel=False)
        self.call_after_refresh(self._mount_first_panel)
        self.set_interval(TICK_SECONDS, self.tick)
        warn_if_too_small(self)
        if self._room_at_start is not None:
            self.run_worker(self.open_room(*self._room_at_start), group="room")

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        """Tighten the layout for a small terminal (a projector at 80x24 included)."""
        self._fit_screen(size)
        self.query_one(StepTimer).set_class(size.height < SHORT_BELOW, "-compact")

    def _fit_screen(self, size: Size) -> None:
        """The screen's size classes, set together: each change restyles every widget on
        the screen (at start-up, the two classes of 80x24 took two restyles)."""
        wanted = {"-narrow": size.width < NARROW_BELOW, "-short": size.height < SHORT_BELOW}
        if all(self.has_class(name) == wanted[name] for name in wanted):
            return
        for name, add in wanted.items():
            self.set_class(add, name, update=False)
        self.update_node_styles()

    @property
    def panel(self) -> StepPanel | None:
        return self._panel

    def on_screen_resume(self) -> None:
        """Back from a dialog: the cursor stays where it was (the entries table, after a
        delete cancelled or an edit), or goes where the facilitator types when that is gone
        (the dialog moved to another step)."""
        # After the dialog's own callback has run (it may have changed the step).
        self.set_timer(0.05, self._focus_panel)

    def _focus_panel(self) -> None:
        # A panel still mounting (the step changed in the meantime) focuses itself when
        # mounted; its inputs are not there to query yet.
        panel = self.panel
        if panel is None or not panel.is_mounted:
            return
        focused = self.focused
        if focused is not None and focused.is_attached and panel in focused.ancestors_with_self:
            return  # Textual put the cursor back where it was before the dialog
        panel.focus_input()

    def _save_begun(self) -> None:
        self.session.save_begun()
        if self.is_attached:
            self._show_saved()

    def on_key(self, event: events.Key) -> None:
        """A key typed while the step's panel opens has no field to go to yet (Textual
        drops it): it is kept for the panel's field (`watch_focused`)."""
        if self._panel_opening and self.focused is None and is_typing(event):
            event.stop()
            event.prevent_default()
            self._typed_ahead.append(event)

    def watch_focused(self, focused: Widget | None) -> None:
        if focused is None or not self._panel_opening:
            return
        # The panel's field has the cursor: what was typed meanwhile goes to it, as typed,
        # with the keys the app had already sent here before the cursor was on it.
        self._panel_opening = False
        typed = [*self._typed_ahead, *take_queued_keys(self, is_typing)]
        self._typed_ahead = []
        hand_over((as_typed(key) for key in typed), focused)

    def _mount_panel(self) -> None:
        self._panel_opening = True
        step = self.session.step
        slot = self.query_one("#panel-slot")
        if (old := self.panel) is not None:
            old.flush()
            # The cursor leaves now, not once the old panel is gone: keys typed after
            # Ctrl+N wait for the new panel's field (`on_key`), not for a field going away.
            self.set_focus(None)
            old.remove()
        panel = PANELS[step.kind](self.session, step)
        panel.set_present(self.present)
        self._panel = panel
        slot.mount(panel)

    def _mount_first_panel(self) -> None:
        # Unless a key moved to another step in the meantime (which mounted its panel).
        if self._panel is None and self.is_attached:
            self._mount_panel()

    def _show_step(self, *, panel: bool = True) -> None:
        """Mount the current step's panel (`panel` false: the caller mounts it later) and
        update everything around it."""
        step = self.session.step
        if panel:
            self._mount_panel()
        self.query_one("#step-title", Label).update(step.title)
        self.query_one("#step-prompt", Static).update(step.prompt)
        notes = self.query_one("#private-notes", Static)
        notes.update(f"Notes: {reflow(step.notes)}" if step.notes else "")
        notes.display = bool(step.notes) and self.notes_visible and not self.present
        self._last_remaining = None
        self._refresh_chrome()
        self.tick()

    def _refresh_chrome(self) -> None:
        record = self.session.record
        title = record.title + (f" — {record.organization}" if record.organization else "")
        self.query_one("#session-title", Label).update(title)
        position = f"step {self.session.step_index + 1}/{len(record.agenda.steps)}"
        self.query_one("#step-position", Label).update(position)
        self.query_one(AgendaSidebar).show(record, self.session.clock())
        self._show_saved()

    def _show_saved(self) -> None:
        saved = self.session.file.last_saved
        label = self.query_one("#saved", Label)
        if saved is not None:
            text = f"saved {saved.astimezone():%H:%M:%S}"
            # As wide as before (it is, after the first save): a repaint, not a layout of
            # the whole screen after every word.
            label.update(text, layout=len(text) != len(str(label.content)))

    # -- the clock ----------------------------------------------------------------------

    def tick(self) -> None:
        session = self.session
        remaining = session.remaining()
        timing = session.timer()
        planned = session.step.minutes * 60 + timing.extra
        self.query_one(StepTimer).show(remaining, planned, timing.running)
        step_id = session.record.current_step
        crossed = self._last_remaining is not None and self._last_remaining > 0 >= remaining
        if crossed and step_id not in self._rang:
            self._rang.add(step_id)
            self.app.bell()
            self.query_one(StepTimer).flash()
        self._last_remaining = remaining
        if int(remaining) % 10 == 0:
            self.query_one(AgendaSidebar).show(session.record, session.clock())

    # -- actions ------------------------------------------------------------------------

    def _move(self, moved: bool) -> None:
        if moved:
            self._show_step()

    def flush_step(self) -> None:
        if (panel := self.panel) is not None:
            panel.flush()

    def action_next_step(self) -> None:
        """The next step; on the last one, a second Ctrl+N within `FINISH_AGAIN_SECONDS`
        finishes the session (one key for the end of the day, and not by accident)."""
        self.flush_step()
        if self.session.next_step():
            self._finish_asked = None
            self._move(True)
            return
        now = time.monotonic()
        asked, self._finish_asked = self._finish_asked, now
        if self.session.record.status == "finished":
            self.notify("The session is finished and saved.", timeout=4)
        elif asked is not None and now - asked <= FINISH_AGAIN_SECONDS:
            self._finish_asked = None
            self.action_finish()
        else:
            self.notify("This is the last step: Ctrl+N again finishes the session.", timeout=4)

    def action_previous_step(self) -> None:
        self.flush_step()
        self._move(self.session.previous_step())

    def go_to(self, step_id: str) -> None:
        self.flush_step()
        self.session.go_to(step_id)
        self._show_step()

    def action_jump(self) -> None:
        from workshop.ui.dialogs import PickDialog  # dialogs are imported when first asked for

        steps = self.session.record.agenda.steps
        options = [(s.id, f"{i + 1}. {s.title}  ({s.minutes} min)") for i, s in enumerate(steps)]

        def chosen(step_id: str | None) -> None:
            if step_id:
                self.go_to(step_id)

        self.app.push_screen(
            PickDialog("Go to step", options, highlight=self.session.record.current_step), chosen
        )

    @on(OptionList.OptionSelected, "#steps")
    def _sidebar_pick(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.session.record.current_step:
            self.go_to(event.option.id)

    def action_toggle_timer(self) -> None:
        running = self.session.toggle_timer()
        self.notify("Timer running" if running else "Timer paused", timeout=2)
        self.tick()
        self._show_saved()

    def action_add_minute(self) -> None:
        self.session.add_minute()
        self._rang.discard(self.session.record.current_step)
        self.tick()
        self._show_saved()

    def action_present(self) -> None:
        self.present = not self.present
        self.set_class(self.present, "-present")
        if (panel := self.panel) is not None:
            panel.set_present(self.present)
        step = self.session.step
        self.query_one("#private-notes").display = (
            bool(step.notes) and self.notes_visible and not self.present
        )

    def action_toggle_notes(self) -> None:
        self.notes_visible = not self.notes_visible
        step = self.session.step
        self.query_one("#private-notes").display = (
            bool(step.notes) and self.notes_visible and not self.present
        )

    def action_blank_room(self) -> None:
        toggle_room_blank(self)

    def action_undo(self) -> None:
        panel = self.panel
        if panel is not None:
            panel.flush()
        if self.session.undo():
            if panel is not None:
                panel.after_undo()
            self._refresh_chrome()
            self.notify("Undone", timeout=2)
        else:
            self.notify("Nothing to undo in this step", timeout=2)

    @on(StepPanel.Changed)
    def _panel_changed(self) -> None:
        self._show_saved()

    def action_finish(self) -> None:
        self.flush_step()
        self.session.finish()
        self.run_worker(self.close_room(), exclusive=True, group="room")
        self._refresh_chrome()
        self.notify(f"Session finished and saved to {self.session.file.path}", timeout=8)

    def action_edit_details(self) -> None:
        from workshop.settings import remember_people
        from workshop.ui.dialogs import SessionDetails, StartSessionDialog

        record = self.session.record

        def save(details: SessionDetails | None) -> None:
            if details is None:
                return
            record.title = details.title
            record.organization = details.organization
            record.facilitator = details.facilitator
            record.anonymous = details.anonymous
            self.session.save()
            remember_people(details.organization, details.facilitator)
            self._show_step()

        current = SessionDetails(
            record.title, record.organization, record.facilitator, record.anonymous
        )
        self.app.push_screen(
            StartSessionDialog(record.agenda.title, current, "Session details"), save
        )

    def action_trends(self) -> None:
        from workshop.ui.exporting import TrendsScreen  # exports bring Markdown: imported late

        self.app.push_screen(TrendsScreen(self.session.record.organization))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Trends need an organization (the command palette leaves them out without one)."""
        if action == "trends":
            return bool(self.session.record.organization)
        return True

    def palette_values(self) -> dict[str, str]:
        """For the palette's titles: "Trends for {organization}"."""
        return {"organization": self.session.record.organization}

    # -- the room's phones ----------------------------------------------------------------

    async def open_room(self, host: str | None = None, port: int = DEFAULT_PORT) -> None:
        try:
            url = await self.room.open(host, port)
        except WorkshopError as exc:
            self.notify(str(exc), title="Room not opened", severity="error", timeout=10)
            return
        self.query_one(JoinCard).show_link(url, with_code=self.app.size.height >= SHORT_BELOW)
        self._show_waiting()
        self.notify(f"The room is open: {url}", title="Room open", timeout=6)

    async def close_room(self) -> None:
        if self.room.url is None:
            return
        await self.room.close()
        self.query_one(JoinCard).show_link(None)
        self.notify("The room is closed: nothing listens on the network now.", timeout=4)

    async def action_toggle_room(self) -> None:
        if self.room.url is None:
            await self.open_room()
        else:
            await self.close_room()

    def _phone_entry(self, step_id: str) -> None:
        """A phone added an entry, or one is waiting for approval (saved either way):
        redraw its step if it is showing, and say how many wait."""
        panel = self.panel
        if panel is not None and panel.step.id == step_id and panel.is_mounted:
            panel.refresh_view()
        self._show_saved()
        self._show_waiting()

    def _show_waiting(self) -> None:
        from workshop.room.public import held_for

        waiting = len(held_for(self.session.record, self.session.record.current_step))
        self.query_one(JoinCard).show_waiting(waiting)

    def action_toggle_results(self) -> None:
        """Hide this step's results from the room (only a count shows) or reveal them."""
        record = self.session.record
        step_id = record.current_step
        hidden = not record.hides_results(step_id)
        record.set_results_hidden(step_id, hidden)
        self.session.save()
        if (panel := self.panel) is not None and panel.is_mounted:
            panel.refresh_view()
        self._show_saved()
        self.notify("Results hidden from the room" if hidden else "Results revealed", timeout=2)

    def action_phones_waiting(self) -> None:
        from workshop.ui.held import HeldDialog

        step_id = self.session.record.current_step

        def closed(accepted: int | None) -> None:
            if accepted:
                self.notify(f"{accepted} accepted from phones", timeout=3)
            panel = self.panel
            if panel is not None and panel.is_mounted:
                panel.refresh_view()
            self._show_saved()
            self._show_waiting()

        self.app.push_screen(HeldDialog(self.session, step_id), closed)

    async def on_unmount(self) -> None:
        self.flush_step()
        clear_room_blank(self)
        await self.room.close()

    def now(self) -> datetime:
        return self.session.clock()
