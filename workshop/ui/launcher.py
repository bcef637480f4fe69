"""The first screen: pick an agenda to run, or a past session to resume, rerun or follow up."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.catalog import AgendaEntry, SessionSummary, list_agendas, list_sessions
from workshop.paths import user_agendas_dir
from workshop.textsafe import visible
from workshop.ui.dialogs import PickDialog
from workshop.ui.footer import StableFooter


class LauncherScreen(Screen):
    BINDINGS = [
        Binding("tab", "app.focus_next", "Switch list", show=False),
        Binding("r", "refresh", "Refresh", id="launcher-refresh"),
        Binding("h", "app.show_history", "History", id="launcher-history"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.agendas: list[AgendaEntry] = []
        self.sessions: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        yield Label(
            "workshop — pick an agenda to run, or a session to continue", id="launcher-title"
        )
        with Horizontal(id="launcher-body"):
            with Vertical(id="agenda-column"):
                yield Label("Agendas", classes="column-title")
                yield OptionList(id="agendas")
                yield Static(f"Your own agendas go in {user_agendas_dir()}", classes="hint")
            with Vertical(id="session-column"):
                yield Label("Sessions", classes="column-title")
                yield OptionList(id="sessions")
        yield StableFooter(compact=True)

    def on_mount(self) -> None:
        self.load()

    def action_refresh(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="launcher-load")
    def load(self) -> None:
        """Read agendas, then the sessions, off the event loop: the agendas show first, as
        a first read of many records takes a while (a second at 1,000)."""
        self.app.call_from_thread(self._show_agendas, list_agendas())
        self.app.call_from_thread(self._show_sessions, list_sessions())

    def _show_agendas(self, agendas: list[AgendaEntry]) -> None:
        self.agendas = agendas
        agenda_list = self.query_one("#agendas", OptionList)
        agenda_list.set_options(
            Option(self._agenda_label(entry), id=str(entry.path), disabled=entry.agenda is None)
            for entry in agendas
        )
        if agendas and agenda_list.highlighted is None:
            agenda_list.highlighted = 0
        agenda_list.focus()

    def _show_sessions(self, sessions: list[SessionSummary]) -> None:
        in_progress = [s for s in sessions if s.status == "in-progress" and not s.error]
        others = [s for s in sessions if s not in in_progress]
        self.sessions = in_progress + others
        session_list = self.query_one("#sessions", OptionList)
        session_list.set_options(
            Option(self._session_label(s), id=str(s.path), disabled=bool(s.error))
            for s in self.sessions
        )
        if not self.sessions:
            session_list.set_options(
                [Option("No sessions yet: start one from an agenda", disabled=True)]
            )

    @staticmethod
    def _agenda_label(entry: AgendaEntry) -> Text:
        if entry.agenda is None:
            return Text.assemble(
                (f"{visible(entry.path.name)}\n", "bold"), (f"  broken: {entry.error}", "red")
            )
        agenda = entry.agenda
        text = Text.assemble((visible(agenda.title), "bold"))
        mine = "  (yours)" if entry.origin == "yours" else ""
        text.append(
            f"{mine}\n  {len(agenda.steps)} steps · {agenda.total_minutes} min", style="dim"
        )
        return text

    @staticmethod
    def _session_label(s: SessionSummary) -> Text:
        if s.error:
            return Text.assemble(
                (f"{visible(s.path.name)}\n", "bold"), (f"  broken: {s.error}", "red")
            )
        when = f"{s.created.astimezone():%Y-%m-%d %H:%M}" if s.created else "?"
        mark = "▶ in progress" if s.status == "in-progress" else "✓ finished"
        org = f" — {s.organization}" if s.organization else ""
        text = Text.assemble((visible(f"{s.title}{org}"), "bold"), "\n")
        text.append(
            f"  {when} · {mark} · {s.participants} people · {s.entries} entries", style="dim"
        )
        return text

    @on(OptionList.OptionSelected, "#agendas")
    def _agenda_chosen(self, event: OptionList.OptionSelected) -> None:
        entry = next(e for e in self.agendas if str(e.path) == event.option.id)
        if entry.agenda is not None:
            self.app.start_session(entry.agenda, entry.path)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#sessions")
    def _session_chosen(self, event: OptionList.OptionSelected) -> None:
        summary = next((s for s in self.sessions if str(s.path) == event.option.id), None)
        if summary is None:
            return
        options = []
        if summary.status == "in-progress":
            options.append(("resume", "Resume where it stopped"))
        options += [
            ("rerun", "Run the same agenda again (new session)"),
            ("follow-up", "Start the follow-up: review its open commitments"),
        ]

        def chosen(action: str | None) -> None:
            if action is not None:
                self.app.open_session_action(summary, action)  # type: ignore[attr-defined]

        self.app.push_screen(PickDialog(summary.title, options), chosen)
