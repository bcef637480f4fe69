"""Keys for the facilitator's day: finishing by key, picking a step by its number, and the
cursor staying in the entries table after a dialog opened from it."""

from __future__ import annotations

import os

from conftest import AGENDAS, FakeClock
from rich.console import Console
from textual.widgets import Static

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.app import WorkshopApp
from workshop.ui.dialogs import ConfirmDialog, PickDialog
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.roomlayout import CONCEALED_NOTE
from workshop.ui.session_screen import FINISH_AGAIN_SECONDS

CULTURE = load_agenda(AGENDAS / "culture-of-service.toml")


def session_on(step_id: str, clock: FakeClock) -> Session:
    session = Session(SessionFile.create(SessionRecord.start_new(CULTURE)), clock)
    session.go_to(step_id)
    return session


async def test_ctrl_n_twice_on_the_last_step_finishes(clock: FakeClock) -> None:
    session = session_on("commitments", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert session.record.status == "in-progress"
        assert any("Ctrl+N again" in n.message for n in app._notifications)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert load_record(session.file.path).status == "finished"
    assert FINISH_AGAIN_SECONDS >= 2


async def test_go_to_step_by_its_number(clock: FakeClock) -> None:
    session = session_on("briefing", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("3")
        await pilot.pause()
        assert session.record.current_step == "values"
        await pilot.press("ctrl+q")


async def test_the_cursor_stays_in_the_table_after_a_cancelled_delete(clock: FakeClock) -> None:
    session = session_on("icebreaker", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ana", "enter", *"kind", "enter", *"Ben", "enter", *"warm", "enter")
        await pilot.pause()
        await pilot.press("down")
        assert isinstance(app.focused, EntryTable)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep it
        await pilot.pause(0.2)
        assert isinstance(app.focused, EntryTable)  # d and y are not typed into Name
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause(0.2)
        assert len(session.record.results["icebreaker"].entries) == 1  # type: ignore[union-attr]
        assert app.screen.query_one("#person").value == ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")


async def test_f1_hides_the_results_from_the_room_then_reveals_them(clock: FakeClock) -> None:
    steps = [
        s.model_copy(update={"hide_results": True}) if s.id == "service-today" else s
        for s in CULTURE.steps
    ]
    agenda = CULTURE.model_copy(update={"steps": steps})
    session = Session(SessionFile.create(SessionRecord.start_new(agenda)), clock)
    session.go_to("service-today")
    assert session.record.hides_results("service-today")  # the agenda's option
    assert not session.record.hides_results("icebreaker")
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("4", "2", "ctrl+o")  # two ratings, then present mode
        await pilot.pause()
        assert CONCEALED_NOTE in plain(app.screen.query_one("#room", Static).content)
        await pilot.press("f1")  # reveal
        await pilot.pause()
        assert load_record(session.file.path).results_hidden == {"service-today": False}
        assert "3.0 of 5" in plain(app.screen.query_one("#room", Static).content)
        await pilot.press("f1")  # and hide again
        await pilot.pause()
        assert session.record.hides_results("service-today")
        await pilot.press("ctrl+q")


def plain(renderable: object) -> str:
    console = Console(width=100, height=30, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


async def test_down_from_the_field_selects_the_entry_just_typed(clock: FakeClock) -> None:
    """So that d offers to delete the word just typed, not the session's first."""
    session = session_on("commitments", clock)  # commitments are listed oldest first
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        for what in ("First thing", "Second thing", "Third thing"):
            await pilot.press(*what, "enter", "enter", "enter")
        await pilot.pause()
        await pilot.press("down")
        table = app.focused
        assert isinstance(table, EntryTable)
        items = session.record.results["commitments"].items  # type: ignore[union-attr]
        assert [c.what for c in items] == ["First thing", "Second thing", "Third thing"]
        assert table.current_key() == items[-1].id
        await pilot.press("ctrl+q")


async def test_a_step_filled_in_quickly_is_ticked_in_the_agenda(clock: FakeClock) -> None:
    """A values step with five items was still 'to do' in the sidebar until 60 s in it."""
    from workshop.ui.sidebar import AgendaSidebar

    session = session_on("values", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        for value in ("Respect", "Care", "Honesty"):
            await pilot.press(*value, "enter")
        clock.advance(seconds=10)
        await pilot.press("ctrl+n")  # on to the next step after 10 s
        await pilot.pause()
        lines = str(app.screen.query_one(AgendaSidebar).query_one("#steps").render_line(2))
        assert "✓" in lines and "Our values" in lines
        await pilot.press("ctrl+q")


def test_tag_headings_come_from_the_agenda() -> None:
    """The tally's headings were fixed text, also shown under other agendas' questions."""
    from workshop.ui.kinds.one_word import tag_heading

    culture = CULTURE.step("icebreaker")
    assert tag_heading(culture, "ideal") == "Great service is…"
    plain = culture.model_copy(update={"tag_labels": {}})
    assert [tag_heading(plain, t) for t in ("ideal", "today", "to-do")] == [
        "Ideal…",
        "Today…",
        "To do…",
    ]


def run_args(*argv: str) -> Session:
    """What `workshop run ARGV...` opens, parsed by the real command line."""
    from workshop.cli import _parser
    from workshop.ui.launch import session_from_args

    session = session_from_args(_parser().parse_args(["run", *argv]))
    assert session is not None
    return session


def test_a_follow_up_from_the_command_line_keeps_organization_and_facilitator(
    clock: FakeClock,
) -> None:
    """`workshop run follow-up --follows ID` had an empty organization, so trends missed it."""
    first = SessionRecord.start_new(CULTURE, organization="Acme Clinic", facilitator="Fay")
    Session(SessionFile.create(first), clock).close()
    inherited = run_args("follow-up", "--follows", first.id)
    assert (inherited.record.organization, inherited.record.facilitator) == ("Acme Clinic", "Fay")
    assert inherited.record.follows == first.id
    inherited.close()
    given = run_args(
        "follow-up", "--follows", first.id, "--organization", "Acme", "--facilitator", "Gus"
    )
    assert (given.record.organization, given.record.facilitator) == ("Acme", "Gus")
    given.close()


def test_run_starts_with_the_last_organization_and_facilitator_used() -> None:
    """Nothing was remembered from one session to the next: a new user's second session
    had an empty organization, so `trends` could not find it."""
    first = run_args("culture-of-service", "--organization", "Acme Clinic", "--facilitator", "Fay")
    first.close()
    second = run_args("culture-of-service")
    assert (second.record.organization, second.record.facilitator) == ("Acme Clinic", "Fay")
    second.close()
    # One given, the other remembered; an explicit "" is an answer, not "not given".
    third = run_args("culture-of-service", "--facilitator", "Gus", "--organization", "")
    assert (third.record.organization, third.record.facilitator) == ("", "Gus")
    third.close()
    fourth = run_args("culture-of-service")
    assert (fourth.record.organization, fourth.record.facilitator) == ("Acme Clinic", "Gus")
    fourth.close()


def test_a_follow_up_keeps_its_sessions_people_over_the_last_used(clock: FakeClock) -> None:
    first = run_args("culture-of-service", "--organization", "Acme", "--facilitator", "Fay")
    first.close()
    other = run_args("culture-of-service", "--organization", "Bolt Ltd", "--facilitator", "Gus")
    other.close()
    follow = run_args("follow-up", "--follows", first.record.id)
    assert (follow.record.organization, follow.record.facilitator) == ("Acme", "Fay")
    follow.close()


async def test_the_launchers_start_dialog_offers_the_last_people_and_remembers_new_ones(
    clock: FakeClock,
) -> None:
    from textual.widgets import Input

    from workshop.settings import last_people, remember_people

    remember_people("Acme Clinic", "Fay")
    app = WorkshopApp(None, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_session(CULTURE, AGENDAS / "culture-of-service.toml")
        await pilot.pause()
        assert app.screen.query_one("#organization", Input).value == "Acme Clinic"
        assert app.screen.query_one("#facilitator", Input).value == "Fay"
        app.screen.query_one("#facilitator", Input).value = "Gus"
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None
        assert (app.session.record.organization, app.session.record.facilitator) == (
            "Acme Clinic",
            "Gus",
        )
    assert last_people() == ("Acme Clinic", "Gus")


async def test_fast_dot_voting_goes_to_the_items_the_cursor_was_on(clock: FakeClock) -> None:
    """Each `+` re-ranked the list and the cursor travelled with the item, so the next ↑
    landed somewhere unexpected: 9 votes meant for different values went to one (issue 16,
    item 9). While voting, the table keeps its order; it ranks again when left."""
    from workshop.kinds.list_items import ListItem, ListResult

    session = session_on("values", clock)
    with session.change("values") as result:
        assert isinstance(result, ListResult)
        result.items += [ListItem(text=t) for t in ("Kindness", "Respect", "Speed", "Care")]
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down")  # into the table: the first item
        table = app.screen.query_one(EntryTable)
        assert app.focused is table
        await pilot.press("end")  # Care, at the bottom
        # A vote for each from the bottom up, as fast as the keys come.
        await pilot.press("plus", "up", "plus", "plus", "up", "plus", "up", "plus", "plus", "plus")
        await pilot.pause()
        items = session.record.results["values"].items  # type: ignore[union-attr]
        assert {i.text: i.total_votes for i in items} == {
            "Kindness": 3,
            "Respect": 1,
            "Speed": 2,
            "Care": 1,
        }
        # The order stayed put while voting, the cursor on the item voted for last.
        assert [cells[1] for _, cells in table.rows] == ["Kindness", "Respect", "Speed", "Care"]
        assert table.current_key() == items[0].id
        await pilot.press("tab")  # leaving the table ranks it again
        await pilot.pause()
        assert [cells[1] for _, cells in table.rows] == ["Kindness", "Speed", "Respect", "Care"]
        await pilot.press("ctrl+q")
