"""The workshop Textual app: themes, the launcher, and the session being run.

The launcher and the new-session dialog are imported when first shown: `workshop run` and
`resume` open on the session, and start sooner without them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workshop.agenda import Agenda
from workshop.catalog import SessionSummary, find_agenda
from workshop.errors import WorkshopError
from workshop.kinds.base import now
from workshop.record import SessionRecord
from workshop.session import Clock, Session
from workshop.settings import last_people, remember_people
from workshop.storage import SessionFile, load_record
from workshop.ui.commands import APP_ACTIONS, Action, bindings
from workshop.ui.remembered_theme import ThemedApp
from workshop.ui.session_screen import SessionScreen
from workshop.ui.themes import CUSTOM_THEMES

if TYPE_CHECKING:
    from workshop.ui.dialogs import SessionDetails

FOLLOW_UP_AGENDA = "follow-up"


class WorkshopApp(ThemedApp[None]):
    """Opens on a session (run/resume) or on the launcher (no arguments)."""

    CSS_PATH = "app.tcss"
    TITLE = "workshop"
    #: Quit, and the history from any screen; a session's own are on `SessionScreen`.
    ACTIONS: ClassVar[tuple[Action, ...]] = APP_ACTIONS
    BINDINGS = bindings(APP_ACTIONS)

    def __init__(
        self,
        session: Session | None = None,
        clock: Clock = now,
        *,
        room: tuple[str | None, int] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        #: Open the room to phones once the session shows: (host or None, port).
        self.room = room
        for theme in CUSTOM_THEMES:
            self.register_theme(theme)

    def on_mount(self) -> None:
        if self.session is not None:
            self.push_screen(SessionScreen(self.session, room=self.room))
        else:
            from workshop.ui.launcher import LauncherScreen

            self.push_screen(LauncherScreen())

    # -- starting sessions from the launcher -------------------------------------------------

    def start_session(
        self,
        agenda: Agenda,
        source: Path,
        follows: SessionRecord | None = None,
        details: SessionDetails | None = None,
    ) -> None:
        """Ask for the session's details (Enter alone accepts), then open it."""
        from workshop.ui.dialogs import SessionDetails, StartSessionDialog

        if details is None:
            details = SessionDetails(agenda.title, *last_people(), anonymous=False)

        def create(chosen: SessionDetails | None) -> None:
            if chosen is None:
                return
            try:
                record = SessionRecord.start_new(
                    agenda,
                    title=chosen.title,
                    organization=chosen.organization,
                    facilitator=chosen.facilitator,
                    anonymous=chosen.anonymous,
                    follows=follows.id if follows else None,
                    agenda_source=str(source),
                )
                self.open_session(SessionFile.create(record))
                remember_people(chosen.organization, chosen.facilitator)
            except (WorkshopError, ValueError) as exc:
                self.notify(str(exc), title="Cannot start", severity="error", timeout=10)

        self.push_screen(StartSessionDialog(agenda.title, details), create)

    def close_session(self) -> None:
        """Save what is being typed, stop the clock, release the session's lock."""
        if self.session is None:
            return
        # After the app has stopped there are no screens left to ask.
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.flush_step()
        self.session.close()
        self.session = None

    def open_session(self, file: SessionFile) -> None:
        self.close_session()
        self.session = Session(file, self.clock)
        # From the history or a summary: those close, the session takes the launcher's place.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(SessionScreen(self.session))

    def action_show_history(self) -> None:
        from workshop.ui.history import HistoryScreen  # not needed to start: imported late

        self.push_screen(HistoryScreen())

    def open_session_action(self, summary: SessionSummary, action: str) -> None:
        from workshop.ui.dialogs import SessionDetails

        try:
            if action == "resume":
                self.open_session(SessionFile.open(summary.path))
                return
            previous = load_record(summary.path)
            details = SessionDetails(
                previous.title, previous.organization, previous.facilitator, previous.anonymous
            )
            if action == "rerun":
                self.start_session(
                    previous.agenda, Path(previous.agenda_source or "."), details=details
                )
                return
            agenda, source = find_agenda(FOLLOW_UP_AGENDA)
            details.title = f"Follow-up: {previous.title}"
            self.start_session(agenda, source, follows=previous, details=details)
        except WorkshopError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", timeout=10)

    # -- from the command palette (`workshop.ui.commands`) -----------------------------------

    def action_export(self) -> None:
        if self.session is not None:
            if isinstance(self.screen, SessionScreen):
                self.screen.flush_step()  # what is being typed goes in too
            from workshop.ui.exporting import ask_and_export

            ask_and_export(self, self.session.record, self.session.file.path, self.clock)

    def action_to_launcher(self) -> None:
        from workshop.ui.launcher import LauncherScreen

        self.close_session()
        self.switch_screen(LauncherScreen())

    async def action_quit(self) -> None:
        self.close_session()
        self.exit()

    def on_unmount(self) -> None:
        if self.session is not None:  # e.g. the app stopped without Ctrl+Q
            self.session.close()
            self.session = None
