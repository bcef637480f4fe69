"""Bad input, undo, resume and anonymity, driven through the keyboard with Pilot.

Each capture widget is given what a busy facilitator really types: nothing, too much,
the same thing twice, dates nobody can read, keys that mean nothing, emoji and
non-Latin scripts. The product promise is checked three ways: a clear message shows
inline in the step's panel, nothing crashes, and the record re-read from disk holds
exactly what was accepted and nothing else.

The clock is a `FakeClock` shared by the session and the app (Monday 23 November 2026,
09:00 UTC) and local time is pinned to UTC, so timers and typed due dates are exact.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from conftest import AGENDAS, FakeClock
from textual import events
from textual.color import Color
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from workshop.agenda import Agenda, load_agenda
from workshop.kinds import empty_result
from workshop.kinds.base import ResultBase
from workshop.kinds.commitments import Commitment, CommitmentsResult
from workshop.kinds.list_items import ListItem, ListResult
from workshop.kinds.notes import NotesResult
from workshop.kinds.one_word import OneWordResult, WordEntry
from workshop.kinds.prompts import PromptsResult, Response
from workshop.kinds.review import ReviewResult
from workshop.kinds.tally import TallyResult
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.app import WorkshopApp
from workshop.ui.dialogs import ConfirmDialog, FormDialog
from workshop.ui.kinds.base import StepPanel
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.session_screen import SessionScreen
from workshop.ui.timer import StepTimer

R = TypeVar("R", bound=ResultBase)

SIZE = (80, 24)
FRIDAY = date(2026, 11, 27)  # "fri" typed on Monday 23 November 2026


pytestmark = pytest.mark.usefixtures("local_time_is_utc")


def agenda(name: str) -> Agenda:
    return load_agenda(AGENDAS / f"{name}.toml")


def new_session(name_or_agenda: str | Agenda, clock: FakeClock, **fields: Any) -> Session:
    plan = agenda(name_or_agenda) if isinstance(name_or_agenda, str) else name_or_agenda
    record = SessionRecord.start_new(plan, **fields)
    return Session(SessionFile.create(record), clock)


# -- looking at the app -------------------------------------------------------------------


def session_screen(pilot: Pilot) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen), f"expected the session, found {screen!r}"
    return screen


def panel(pilot: Pilot) -> StepPanel:
    step_panel = session_screen(pilot).panel
    assert step_panel is not None
    return step_panel


def problem(pilot: Pilot) -> str:
    """The inline problem line of the current step, as the facilitator reads it."""
    return str(problem_line(pilot).render())


def problem_line(pilot: Pilot) -> Static:
    """The line under a step's inputs where a problem (or a neutral note) is shown."""
    return panel(pilot).query_one(".problem", Static)


def in_error_colour(pilot: Pilot) -> bool:
    error = Color.parse(pilot.app.get_css_variables()["error"])
    return problem_line(pilot).styles.color == error


def field(pilot: Pilot, selector: str) -> Input:
    return panel(pilot).query_one(selector, Input)


def screen_text(pilot: Pilot) -> str:
    """Every character on the terminal, line by line."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def until(pilot: Pilot, done: Callable[[], bool], what: str) -> None:
    """Let the app run until `done()` holds (for focus coming back after a dialog)."""
    for _ in range(500):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"gave up waiting for {what}")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type `text` into the focused input: one key event per character, as a terminal
    sends them (emoji included, which `pilot.press` cannot send), without waiting for
    the app to go idle after every key."""
    app = pilot.app
    target = app.focused
    assert isinstance(target, Input | TextArea), f"typing {text!r} into {target!r}"
    before = target.value if isinstance(target, Input) else target.text
    for char in text:
        app.post_message(events.Key(_character_to_key(char), char).set_sender(app))

    def typed() -> str:
        return target.value if isinstance(target, Input) else target.text

    def done() -> bool:
        return len(typed()) >= len(before) + len(text)

    for _ in range(10 * len(text)):  # usually enough: the keys are handled as they come
        if done():
            break
        await pilot.pause(0)
    await until(pilot, done, f"{text!r} typed into {target!r}")
    await pilot.pause()
    assert typed().endswith(text), f"{text!r} never reached {target!r}: {typed()!r}"
    assert app.focused is target


async def enter(pilot: Pilot, *texts: str) -> None:
    """Type each text and press Enter after it (Enter alone for an empty text)."""
    for text in texts:
        if text:
            await type_text(pilot, text)
        await pilot.press("enter")


def focus_pending(pilot: Pilot) -> bool:
    """Whether the session screen's "cursor back to the panel" timer is still to fire.

    The screen sets it when it is shown and after every dialog; it must not find a
    panel that is being replaced (see test_focus_coming_back_while_a_step_mounts).
    """
    screen = session_screen(pilot)
    return any(
        timer._callback == screen._focus_panel and timer._task and not timer._task.done()
        for timer in list(screen._timers)
    )


async def ready(pilot: Pilot) -> None:
    """The session screen is up and its cursor where the facilitator types."""
    await until(pilot, lambda: isinstance(pilot.app.screen, SessionScreen), "the session")
    await until(pilot, lambda: not focus_pending(pilot), "the cursor in the step's panel")


async def go_to(pilot: Pilot, step_id: str) -> StepPanel:
    await ready(pilot)
    session_screen(pilot).go_to(step_id)
    await pilot.pause()
    step_panel = panel(pilot)
    assert step_panel.step.id == step_id
    return step_panel


async def back_from_dialog(pilot: Pilot) -> None:
    """A dialog closed: wait for the session screen and its cursor back in the step's panel,
    where it was before (the entries table, for a dialog opened from it)."""
    await ready(pilot)
    await until(
        pilot,
        lambda: isinstance(pilot.app.focused, Input | EntryTable),
        "focus back in the panel",
    )
    await ready(pilot)


async def into_table(pilot: Pilot) -> EntryTable:
    table = panel(pilot).query_one(EntryTable)
    table.focus()
    await pilot.pause()
    assert pilot.app.focused is table
    return table


async def clear(pilot: Pilot) -> None:
    """Empty the focused input the way a facilitator would: End, then Ctrl+U."""
    await pilot.press("end", "ctrl+u")
    focused = pilot.app.focused
    assert isinstance(focused, Input) and focused.value == ""


def result_in(record: SessionRecord, step_id: str, kind: type[R]) -> R:
    """A step's result, of the kind expected; empty if nothing was ever kept for it."""
    result = record.results.get(step_id) or empty_result(record.agenda.step(step_id))
    assert isinstance(result, kind), f"{step_id} holds {result!r}"
    return result


def on_disk(path: Path, step_id: str, kind: type[R]) -> R:
    """A step's result as re-read from disk."""
    return result_in(load_record(path), step_id, kind)


def words_on_disk(path: Path) -> list[tuple[str, str]]:
    return [(e.person, e.word) for e in on_disk(path, "icebreaker", OneWordResult).entries]


def items_on_disk(path: Path, step_id: str = "values") -> list[str]:
    return [i.text for i in on_disk(path, step_id, ListResult).items]


def counts_on_disk(path: Path) -> dict[str, int]:
    return on_disk(path, "observe", TallyResult).counts


# -- 1. bad input in every capture widget -------------------------------------------------


async def test_one_word_refuses_bad_words_inline_and_keeps_what_was_typed(
    clock: FakeClock,
) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        person, word = field(pilot, "#person"), field(pilot, "#word")
        assert app.focused is person

        await enter(pilot, "Ana", "")  # no word: Ana passes, the next name is asked for
        assert problem(pilot) == "Ana passed"
        assert (person.value, word.value, app.focused) == ("", "", person)

        await enter(pilot, "Ana", "kind warm heart")  # the agenda allows two words
        assert problem(pilot) == "at most 2 words: 'kind warm heart' has 3"
        assert word.value == "kind warm heart"  # nothing typed is lost: fix it, press Enter

        await clear(pilot)
        await enter(pilot, "x" * 100)
        assert problem(pilot) == "that is 100 characters; an answer is at most 30"
        assert word.value == "x" * 100
        assert person.value == "Ana"
        assert isinstance(app.screen, SessionScreen)
        assert words_on_disk(path) == []
        assert session.record.participants == []  # a refused word adds no name

        # Emoji and non-Latin scripts are words like any other.
        await clear(pilot)
        await enter(pilot, "🙂")
        assert problem(pilot) == ""
        assert (person.value, word.value, app.focused) == ("", "", person)
        for name, typed in [("Kenji", "親切"), ("Вера", "доброта")]:
            await enter(pilot, name, typed)
            assert problem(pilot) == ""
        assert words_on_disk(path) == [("Ana", "🙂"), ("Kenji", "親切"), ("Вера", "доброта")]
        shown = screen_text(pilot)  # the room's tally: the top words in capitals
        assert "🙂" in shown and "親切" in shown and "ДОБРОТА" in shown
        await pilot.press("ctrl+q")
    assert load_record(path).participants == ["Ana", "Kenji", "Вера"]


async def test_someone_with_no_word_passes_and_the_next_words_go_where_typed(
    clock: FakeClock,
) -> None:
    """Enter on an empty word kept the cursor in the word field, so the next person's
    name went in as a word (issue 16, item 6). Now it passes and records nothing; a
    two-word answer is kept where the agenda allows it."""
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        await enter(pilot, "Ana", "kind", "Ben", "", "Cy", "on time", "Dee", "warm")
        assert problem(pilot) == ""
        await pilot.press("ctrl+q")
    record = load_record(path)
    words = result_in(record, "icebreaker", OneWordResult).entries
    assert [(e.person, e.word) for e in words] == [
        ("Ana", "kind"),
        ("Cy", "on time"),
        ("Dee", "warm"),
    ]
    assert record.participants == ["Ana", "Cy", "Dee"]  # Ben passed: no word, no participant


async def test_a_pass_is_a_muted_note_and_a_problem_after_it_is_still_a_problem(
    clock: FakeClock,
) -> None:
    """A pass ("Ben passed") was shown in the error colour, as if passing were a mistake."""
    session = new_session("culture-of-service", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        line = problem_line(pilot)
        await enter(pilot, "Ben", "")
        assert problem(pilot) == "Ben passed"
        assert line.has_class("-note") and not in_error_colour(pilot)

        await enter(pilot, "Ana", "kind warm heart")  # a problem replaces the note
        assert problem(pilot) == "at most 2 words: 'kind warm heart' has 3"
        assert not line.has_class("-note") and in_error_colour(pilot)

        await clear(pilot)
        await enter(pilot, "", "Cy", "")  # Ana passes after all, then Cy
        assert problem(pilot) == "Cy passed"
        assert line.has_class("-note")
        await enter(pilot, "Dee", "warm")  # a saved word clears the note like a problem
        assert problem(pilot) == ""
        assert not line.has_class("-note")
        await pilot.press("ctrl+q")


async def test_an_anonymous_empty_word_is_not_saved(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    session.record.anonymous = True
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        await enter(pilot, "")
        assert problem(pilot) == "type a word first"
        await enter(pilot, "kind")
        await pilot.press("ctrl+q")
    assert words_on_disk(path) == [("", "kind")]


async def test_one_word_names_differing_only_in_case_are_one_person(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        await enter(pilot, "ana", "kind", "Ana", "warm", " ANA ", "fair")
        assert problem(pilot) == ""
        await pilot.press("ctrl+q")
    record = load_record(path)
    assert record.participants == ["ana"]
    assert [(e.person, e.word) for e in result_in(record, "icebreaker", OneWordResult).entries] == [
        ("ana", "kind"),
        ("ana", "warm"),
        ("ana", "fair"),
    ]


async def test_list_refuses_empty_and_duplicate_items_and_a_dot_not_given(
    clock: FakeClock,
) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "values")
        item = field(pilot, "#item")
        assert app.focused is item

        await pilot.press("enter")
        assert problem(pilot) == "type the item first"
        await enter(pilot, "  ")
        assert problem(pilot) == "type the item first"
        assert items_on_disk(path) == []

        await clear(pilot)
        await enter(pilot, "Kindness")
        assert problem(pilot) == ""
        await enter(pilot, "KINDNESS")
        assert problem(pilot) == "'KINDNESS' is already on the list"
        assert item.value == "KINDNESS"  # kept, to be corrected
        assert items_on_disk(path) == ["Kindness"]

        await pilot.press("down")  # into the table
        assert isinstance(app.focused, EntryTable)
        await pilot.press("minus")
        assert problem(pilot) == "no dot to take back"
        assert on_disk(path, "values", ListResult).items[0].votes == {}
        await pilot.press("plus", "minus", "minus")
        assert problem(pilot) == "no dot to take back"
        assert on_disk(path, "values", ListResult).items[0].votes == {}
        await pilot.press("ctrl+q")


VOTING_AGENDA = """\
id = "dots"
title = "Dot voting"

[[steps]]
id = "ideas"
kind = "list"
title = "Ideas to try"
minutes = 10
vote_budget = 2
"""


async def test_list_vote_budget_exhausted_is_refused_inline(
    clock: FakeClock, tmp_path: Path
) -> None:
    source = tmp_path / "dots.toml"
    source.write_text(VOTING_AGENDA, encoding="utf-8")
    session = new_session(load_agenda(source), clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await enter(pilot, "Huddle", "Board")
        voter = field(pilot, "#voter")
        voter.focus()
        await pilot.pause()
        await enter(pilot, "Ana")  # Enter on the voter goes to the table
        table = panel(pilot).query_one(EntryTable)
        assert app.focused is table
        # The cursor is on Board, the newest; the order holds while voting.
        await pilot.press("plus", "up", "plus")  # one dot on each: the budget is spent
        assert problem(pilot) == ""
        await pilot.press("plus")
        assert problem(pilot) == "Ana has used all 2 dots"
        await pilot.press("down", "plus")
        assert problem(pilot) == "Ana has used all 2 dots"
        items = on_disk(path, "ideas", ListResult).items
        assert {i.text: i.votes for i in items} == {"Huddle": {"Ana": 1}, "Board": {"Ana": 1}}

        # Another voter has a budget of their own; taking a dot back frees one.
        await clear_voter_and_type(pilot, "Ben")
        await pilot.press("plus", "plus", "plus")
        assert problem(pilot) == "Ben has used all 2 dots"
        await pilot.press("minus", "plus")
        assert problem(pilot) == ""
        await pilot.press("ctrl+q")
    items = on_disk(path, "ideas", ListResult).items
    assert sum(i.votes.get("Ana", 0) for i in items) == 2
    assert sum(i.votes.get("Ben", 0) for i in items) == 2
    assert load_record(path).participants == ["Ana", "Ben"]


async def clear_voter_and_type(pilot: Pilot, name: str) -> None:
    voter = field(pilot, "#voter")
    voter.focus()
    await pilot.pause()
    await clear(pilot)
    await enter(pilot, name)
    assert isinstance(pilot.app.focused, EntryTable)


async def test_prompts_refuse_an_empty_response(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "internal-customer")
        assert app.focused is field(pilot, "#person")
        await enter(pilot, "Ana", "")
        assert problem(pilot) == "type the response first"
        await enter(pilot, "  ")
        assert problem(pilot) == "type the response first"
        assert field(pilot, "#person").value == "Ana"
        assert on_disk(path, "internal-customer", PromptsResult).responses == []
        await clear(pilot)
        await enter(pilot, "Patients")
        assert problem(pilot) == ""
        await pilot.press("ctrl+q")
    responses = on_disk(path, "internal-customer", PromptsResult).responses
    assert [(r.prompt, r.person, r.text) for r in responses] == [(0, "Ana", "Patients")]


async def test_commitments_refuse_empty_what_and_unreadable_dates(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "commitments")
        what, owner, due = field(pilot, "#what"), field(pilot, "#owner"), field(pilot, "#due")
        assert app.focused is what
        await pilot.press("enter", "enter", "enter")  # what -> owner -> due -> add
        assert problem(pilot) == "say what will be done first"
        assert app.focused is what
        assert on_disk(path, "commitments", CommitmentsResult).items == []

        await enter(pilot, "Fun Friday board", "Ana", "someday")
        assert problem(pilot).startswith("can't read 'someday' as a date")
        preview = str(panel(pilot).query_one("#due-preview", Static).render())
        assert preview.startswith("can't read 'someday' as a date")
        assert (what.value, owner.value, due.value) == ("Fun Friday board", "Ana", "someday")
        assert on_disk(path, "commitments", CommitmentsResult).items == []

        await clear(pilot)
        await enter(pilot, "2026-13-45")
        assert problem(pilot).startswith("can't read '2026-13-45' as a date")
        assert on_disk(path, "commitments", CommitmentsResult).items == []
        assert session.record.participants == []  # a refused commitment adds no name

        await clear(pilot)
        await type_text(pilot, "fri")
        assert str(panel(pilot).query_one("#due-preview", Static).render()).startswith("due ")
        await pilot.press("enter")
        assert problem(pilot) == ""
        assert (what.value, owner.value, due.value) == ("", "", "")
        await pilot.press("ctrl+q")
    items = on_disk(path, "commitments", CommitmentsResult).items
    assert [(c.what, c.owner, c.due, c.status) for c in items] == [
        ("Fun Friday board", "Ana", FRIDAY, "open")
    ]


async def test_review_that_follows_up_nothing_says_so_and_ignores_keys(clock: FakeClock) -> None:
    session = new_session("follow-up", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert panel(pilot).step.id == "review"
        source = str(panel(pilot).query_one("#source", Static).render())
        assert "follows up no earlier one" in source
        before = path.read_bytes()
        await pilot.press("d", "x", "p", "enter", "e", "delete")
        assert isinstance(app.screen, SessionScreen)  # no dialog, no crash
        assert path.read_bytes() == before
        await pilot.press("l")  # link a session: there is none finished yet
        assert problem(pilot) == "no finished session to follow up yet"
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("ctrl+q")
    record = load_record(path)
    assert record.follows is None
    assert result_in(record, "review", ReviewResult).items == []
    assert result_in(record, "next-commitments", CommitmentsResult).items == []


async def test_tally_keys_that_are_not_categories_count_nothing(clock: FakeClock) -> None:
    session = new_session("interaction-study", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "observe")
        await pilot.press("z")
        assert problem(pilot) == "'z' counts nothing: it is not a category key"
        await pilot.press("0", "9", "space")
        assert "counts nothing" in problem(pilot)
        assert counts_on_disk(path) == {}
        await pilot.press("1", "1", "2")
        assert problem(pilot) == ""
        assert counts_on_disk(path) == {"1": 2, "2": 1}
        await pilot.press("ctrl+q")


async def test_tally_minus_then_a_key_takes_one_observation_back(clock: FakeClock) -> None:
    session = new_session("interaction-study", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "observe")
        await pilot.press("1", "1", "2", "3")
        await pilot.press("minus", "1")
        assert counts_on_disk(path) == {"1": 1, "2": 1, "3": 1}
        await pilot.press("minus", "3")  # back to none: the category leaves the counts
        assert counts_on_disk(path) == {"1": 1, "2": 1}
        await pilot.press("minus", "4")  # nothing counted there: refused inline
        assert problem(pilot)
        assert counts_on_disk(path) == {"1": 1, "2": 1}
        await pilot.press("minus", "z")  # not a category: nothing taken back
        assert counts_on_disk(path) == {"1": 1, "2": 1}
        await pilot.press("2")  # the take-back was used up: this counts again
        assert counts_on_disk(path) == {"1": 1, "2": 2}
        await pilot.press("ctrl+q")


async def test_notes_typed_in_the_briefing_are_saved_on_leaving_the_step(
    clock: FakeClock,
) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    fields = session.step.fields
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first = field(pilot, "#field-0")
        assert app.focused is first
        await type_text(pilot, "Mostly collaborative")
        panel(pilot).query_one("#field-2", Input).focus()
        await pilot.pause()
        await type_text(pilot, "Long waits")
        panel(pilot).query_one(TextArea).focus()
        await pilot.pause()
        await type_text(pilot, "Dr Osei at 8:30")
        await pilot.press("enter")
        await type_text(pilot, "親切 🙂")
        await pilot.press("ctrl+n")
        assert session.record.current_step == "icebreaker"
    briefing = on_disk(path, "briefing", NotesResult)
    assert briefing.fields == {
        fields[0]: "Mostly collaborative",
        fields[2]: "Long waits",
    }
    assert briefing.text == "Dr Osei at 8:30\n親切 🙂"


async def test_edit_dialog_refuses_too_many_words_and_delete_asks_first(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        await enter(pilot, "Ana", "kind", "Ben", "warm")
        before = path.read_bytes()

        table = await into_table(pilot)
        await pilot.press("up", "up")  # the newest word is at the top: Ben's
        ben = result_in(session.record, "icebreaker", OneWordResult).entries[1]
        assert table.current_key() == ben.id
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.values() == {"person": "Ben", "word": "warm", "tag": "ideal"}
        await pilot.press("enter")  # to the word
        assert app.focused is dialog.query_one("#field-word", Input)
        await clear(pilot)
        await enter(pilot, "very warm heart", "")  # word, then Enter on the tag: save
        assert app.screen is dialog  # refused (the agenda allows 2): the dialog stays open
        error = str(dialog.query_one("#form-error", Static).render())
        assert error == "at most 2 words: 'very warm heart' has 3"
        await pilot.press("escape")
        await back_from_dialog(pilot)
        assert path.read_bytes() == before
        assert words_on_disk(path) == [("Ana", "kind"), ("Ben", "warm")]

        await into_table(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await back_from_dialog(pilot)
        assert words_on_disk(path) == [("Ana", "kind"), ("Ben", "warm")]

        await into_table(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await back_from_dialog(pilot)
        assert words_on_disk(path) == [("Ana", "kind")]
        await pilot.press("ctrl+q")


# Typed text that looks like Rich markup ('[/]', '[b]Ana') is shown as typed everywhere:
# in the entries tables, in inline messages that quote it, and in dialog errors.


@pytest.mark.parametrize(
    ("step_id", "typed", "message", "kept"),
    [
        pytest.param(
            "icebreaker",
            ["[b]Ana", "[/]"],
            "",
            ["[b]Ana", "[/]"],
            id="one-word",
        ),
        pytest.param(
            "icebreaker",
            ["Ana", "[/] [b] [i]"],
            "at most 2 words: '[/] [b] [i]' has 3",
            [],
            id="one-word-refused",
        ),
        pytest.param("values", ["[/]"], "", ["[/]"], id="list"),
        pytest.param(
            "values",
            ["[/]", "[/]"],
            "'[/]' is already on the list",
            ["[/]"],
            id="list-duplicate",
        ),
        pytest.param(
            "internal-customer",
            ["[i]Ben", "[/]"],
            "",
            ["[i]Ben", "[/]"],
            id="prompts",
        ),
        pytest.param(
            "commitments",
            ["[/]", "[b]Ana", "fri"],
            "",
            ["[/]", "[b]Ana"],
            id="commitments",
        ),
        pytest.param(
            "commitments",
            ["Board", "Ana", "[/]"],
            "can't read '[/]' as a date; try 2026-12-04, fri, +2w or dec 5",
            [],
            id="commitments-due-refused",
        ),
    ],
)
async def test_text_that_looks_like_markup_is_kept_and_shown_as_typed(
    clock: FakeClock, step_id: str, typed: list[str], message: str, kept: list[str]
) -> None:
    """Square brackets are ordinary characters to the room ("[draft]", "[sic]")."""
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, step_id)
        await enter(pilot, *typed)
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert problem(pilot) == message
        shown = screen_text(pilot)
        for text in kept:
            assert text in shown
        await pilot.press("ctrl+q")
    result = on_disk(path, step_id, ResultBase)
    assert result.entry_count() == (1 if kept else 0)
    data = result.model_dump_json()
    for text in kept:
        assert json.dumps(text) in data


async def test_edit_dialog_error_quoting_brackets_is_shown(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        await enter(pilot, "Ana", "kind")
        await into_table(pilot)
        await pilot.press("e", "enter")  # the word
        await clear(pilot)
        await enter(pilot, "[/] x [b]", "")
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        error = str(dialog.query_one("#form-error", Static).render())
        assert error == "at most 2 words: '[/] x [b]' has 3"
        await pilot.press("escape")
        await back_from_dialog(pilot)
        await pilot.press("ctrl+q")
    assert words_on_disk(session.file.path) == [("Ana", "kind")]


async def test_review_shows_commitments_with_brackets_as_written(clock: FakeClock) -> None:
    """A commitment written last time as "[/]" must not keep the follow-up from opening."""
    first = finished_workshop(clock, Commitment(what="Fix the [/] sign", owner="Ana"))
    session = new_session("follow-up", clock, follows=first.id)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SessionScreen)
        # At 80 columns the table cuts the text short to show every column: its start.
        await until(pilot, lambda: "Fix the [/" in screen_text(pilot), "the commitment")
        table = panel(pilot).query_one(EntryTable)
        assert table.rows[0][1][0] == "Fix the [/] sign"
        await pilot.press("ctrl+q")


async def test_tally_bracket_key_counts_nothing_and_says_so(clock: FakeClock) -> None:
    session = new_session("interaction-study", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "observe")
        await pilot.press("left_square_bracket")
        assert problem(pilot) == "'[' counts nothing: it is not a category key"
        await pilot.press("ctrl+q")
    assert counts_on_disk(session.file.path) == {}


# -- 2. undo ------------------------------------------------------------------------------


async def undo_once(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("ctrl+z")
    await pilot.pause()


async def test_undo_one_word(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        await enter(pilot, "Ana", "kind", "Ben", "warm")
        await undo_once(pilot)
        assert words_on_disk(path) == [("Ana", "kind")]
        assert load_record(path).participants == ["Ana"]  # Ben came with the undone word
        assert panel(pilot).query_one(EntryTable).row_count == 1
        await pilot.press("ctrl+q")


async def test_undo_list(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "values")
        await enter(pilot, "Kindness")
        await pilot.press("down", "plus")  # add, then a dot
        await undo_once(pilot)
        items = on_disk(path, "values", ListResult).items
        assert [(i.text, i.votes) for i in items] == [("Kindness", {})]
        await pilot.press("ctrl+q")


async def test_undo_prompts(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "internal-customer")
        await enter(pilot, "Ana", "Patients", "Ben", "Nurses")
        await undo_once(pilot)
        responses = on_disk(path, "internal-customer", PromptsResult).responses
        assert [(r.person, r.text) for r in responses] == [("Ana", "Patients")]
        await pilot.press("ctrl+q")


async def test_undo_commitments(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "commitments")
        await enter(pilot, "Board", "Ana", "fri", "Huddle", "", "")
        await undo_once(pilot)
        items = on_disk(path, "commitments", CommitmentsResult).items
        assert [(c.what, c.owner, c.due) for c in items] == [("Board", "Ana", FRIDAY)]
        await pilot.press("ctrl+q")


async def test_undo_tally(clock: FakeClock) -> None:
    session = new_session("interaction-study", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "observe")
        await pilot.press("1", "2")
        await undo_once(pilot)
        assert counts_on_disk(path) == {"1": 1}
        await pilot.press("ctrl+q")


def finished_workshop(clock: FakeClock, *commitments: Commitment) -> SessionRecord:
    """A culture-of-service session, finished, with these commitments: on disk, unlocked."""
    session = new_session("culture-of-service", clock, title="First workshop")
    session.begin()
    with session.change("commitments") as result:
        result.items.extend(commitments)
        for c in commitments:
            session.record.add_participant(c.owner)
    clock.advance(hours=3)
    session.finish()
    session.close()
    clock.advance(days=21)
    return load_record(session.file.path)


async def test_undo_review(clock: FakeClock) -> None:
    first = finished_workshop(
        clock,
        Commitment(what="Fun Friday board", owner="Ana", due=FRIDAY),
        Commitment(what="Weekly huddle", owner="Ben"),
    )
    session = new_session("follow-up", clock, follows=first.id)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.focused, EntryTable)
        statuses = [i.status for i in on_disk(path, "review", ReviewResult).items]
        assert statuses == ["pending", "pending"]
        await pilot.press("d", "down", "x")  # first done, second dropped
        statuses = [i.status for i in on_disk(path, "review", ReviewResult).items]
        assert statuses == ["done", "dropped"]
        await undo_once(pilot)
        review = on_disk(path, "review", ReviewResult)
        assert [(i.what, i.status) for i in review.items] == [
            ("Fun Friday board", "done"),
            ("Weekly huddle", "pending"),
        ]
        await pilot.press("ctrl+q")


async def test_undo_with_nothing_to_undo_is_harmless(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        await enter(pilot, "Ana", "kind")
        await go_to(pilot, "values")
        before = path.read_bytes()
        await undo_once(pilot)  # nothing changed in this step: nothing happens
        await undo_once(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert path.read_bytes() == before
        assert words_on_disk(path) == [("Ana", "kind")]  # another step's change stays
        assert any("Nothing to undo" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")


# -- 3. resume after the app was closed mid-step ------------------------------------------


async def test_resume_mid_list_keeps_step_entries_and_timer(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(minutes=3)  # on the briefing
        await go_to(pilot, "values")
        await enter(pilot, "Kindness", "Respect")
        await pilot.press("down", "1", "plus", "plus")  # Respect: on the walls, two dots
        field(pilot, "#item").focus()
        await pilot.pause()
        await type_text(pilot, "Hones")  # being typed when the app is closed
        clock.advance(seconds=75)
        await pilot.press("ctrl+q")

    on_disk = load_record(path)
    assert on_disk.current_step == "values"
    assert on_disk.timing["values"].elapsed == 75
    assert on_disk.timing["values"].running_since is None

    clock.advance(minutes=10)  # the laptop was closed for a while: that is not step time
    resumed = Session(SessionFile.open(path), clock)
    app = WorkshopApp(resumed, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert resumed.record.current_step == "values"
        assert panel(pilot).step.id == "values"
        items = result_in(resumed.record, "values", ListResult).items
        assert [(i.text, i.flags, i.total_votes) for i in items] == [
            ("Kindness", [], 0),
            ("Respect", ["on the walls"], 2),
        ]
        assert resumed.timer().seconds(clock()) == 75
        assert resumed.timer("briefing").seconds(clock()) == 180
        clock.advance(seconds=15)
        assert resumed.timer().seconds(clock()) == 90
        table = panel(pilot).query_one(EntryTable)
        assert table.row_count == 2
        await pilot.press("ctrl+q")
    assert load_record(path).timing["values"].elapsed == 90


async def test_resume_keeps_a_paused_timer_paused(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "values")
        clock.advance(seconds=20)
        await pilot.press("ctrl+t")
        assert not session.timer().running
        clock.advance(seconds=40)
        await pilot.press("ctrl+q")

    resumed = Session(SessionFile.open(path), clock)
    app = WorkshopApp(resumed, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert resumed.record.current_step == "values"
        timing = resumed.timer()
        assert timing.paused and not timing.running
        clock.advance(seconds=30)
        session_screen(pilot).tick()  # what the screen's clock does twice a second
        await pilot.pause()
        assert timing.seconds(clock()) == 20
        timer = session_screen(pilot).query_one(StepTimer)
        assert not timer.running
        assert timer.remaining == 20 * 60 - 20
        await pilot.press("ctrl+t")  # and it runs again when asked
        clock.advance(seconds=5)
        assert resumed.timer().seconds(clock()) == 25
        await pilot.press("ctrl+q")
    timing = load_record(path).timing["values"]
    assert (timing.elapsed, timing.paused) == (25, False)


async def test_notes_typed_but_not_yet_saved_survive_quit(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    path = session.file.path
    fields = session.step.fields
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await type_text(pilot, "Command and control")
        panel(pilot).query_one(TextArea).focus()
        await pilot.pause()
        await type_text(pilot, "Ask about the night shift")
        await pilot.press("ctrl+q")  # at once: before the notes' idle save
    briefing = on_disk(path, "briefing", NotesResult)
    assert briefing.fields == {fields[0]: "Command and control"}
    assert briefing.text == "Ask about the night shift"

    resumed = Session(SessionFile.open(path), clock)
    app = WorkshopApp(resumed, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert field(pilot, "#field-0").value == "Command and control"
        assert panel(pilot).query_one(TextArea).text == "Ask about the night shift"
        await pilot.press("ctrl+q")


# -- 4. anonymous sessions -----------------------------------------------------------------


async def test_anonymous_session_asks_for_no_names_and_saves_none(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock, anonymous=True)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "icebreaker")
        assert not field(pilot, "#person").display
        assert app.focused is field(pilot, "#word")
        await enter(pilot, "kind", "warm")
        assert problem(pilot) == ""

        await go_to(pilot, "values")
        assert not panel(pilot).query("#voter")
        await enter(pilot, "Kindness")

        await go_to(pilot, "internal-customer")
        assert not field(pilot, "#person").display
        assert app.focused is field(pilot, "#response")
        await enter(pilot, "Patients")

        await go_to(pilot, "commitments")
        assert not field(pilot, "#owner").display
        await enter(pilot, "Board")
        assert app.focused is field(pilot, "#due")  # the owner is skipped
        await enter(pilot, "fri")
        await pilot.press("ctrl+q")

    record = load_record(path)
    assert record.anonymous
    assert record.participants == []
    assert words_on_disk(path) == [("", "kind"), ("", "warm")]
    responses = result_in(record, "internal-customer", PromptsResult).responses
    assert [(r.person, r.text) for r in responses] == [("", "Patients")]
    items = result_in(record, "commitments", CommitmentsResult).items
    assert [(c.what, c.owner, c.due) for c in items] == [("Board", "", FRIDAY)]


NAMES = ("Zorblax", "Quennell", "Wimbourne")


async def test_anonymous_session_never_shows_names_already_in_the_record(
    clock: FakeClock,
) -> None:
    """Names captured before the session was made anonymous stay in the record but never
    reach the screen: not in the console, not in present mode, not in any step."""
    first = finished_workshop(
        clock, Commitment(what="Fun Friday board", owner=NAMES[2], due=FRIDAY)
    )
    session = new_session("culture-of-service", clock)
    record = session.record
    zorblax, quennell, wimbourne = (record.add_participant(n) for n in NAMES)
    with session.change("icebreaker") as words:
        words.entries += [
            WordEntry(person=zorblax, word="kind"),
            WordEntry(person=quennell, word="fast", tag="today"),
        ]
    with session.change("values") as values:
        values.items.append(ListItem(text="Kindness", owner=zorblax, votes={quennell: 1}))
    with session.change("internal-customer") as prompts:
        prompts.responses.append(Response(prompt=0, person=quennell, text="Patients"))
    with session.change("commitments") as commitments:
        commitments.items.append(Commitment(what="Huddle", owner=wimbourne, due=FRIDAY))
    record.anonymous = True  # as "Session details…" does mid-session
    session.save()
    session.file.close()

    steps = [s.id for s in record.agenda.steps]
    resumed = Session(SessionFile.open(session.file.path), clock)
    app = WorkshopApp(resumed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        for present in (False, True):
            for step_id in steps:
                await go_to(pilot, step_id)
                text = screen_text(pilot)
                shown = [name for name in NAMES if name in text]
                assert not shown, f"{shown} on screen at {step_id} (present={present})"
            await pilot.press("ctrl+o")
        await pilot.press("ctrl+o")  # the console again: each entry's edit dialog
        for step_id in ("icebreaker", "values", "internal-customer", "commitments"):
            await go_to(pilot, step_id)
            await into_table(pilot)
            await pilot.press("e")
            assert isinstance(app.screen, FormDialog)
            text = screen_text(pilot)
            shown = [name for name in NAMES if name in text]
            assert not shown, f"{shown} in the edit dialog at {step_id}"
            await pilot.press("escape")
            await back_from_dialog(pilot)
        await pilot.press("ctrl+q")

    follow_up = new_session("follow-up", clock, anonymous=True, follows=first.id)
    app = WorkshopApp(follow_up, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        review = result_in(follow_up.record, "review", ReviewResult)
        assert [i.owner for i in review.items] == [NAMES[2]]
        assert NAMES[2] not in screen_text(pilot)
        await pilot.press("o")  # still open: carried forward with its owner
        assert isinstance(app.screen, FormDialog)
        await pilot.press("enter")
        await back_from_dialog_to_table(pilot)
        await go_to(pilot, "next-commitments")
        carried = result_in(follow_up.record, "next-commitments", CommitmentsResult).items
        assert [c.owner for c in carried] == [NAMES[2]]
        assert NAMES[2] not in screen_text(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert NAMES[2] not in screen_text(pilot)
        await pilot.press("ctrl+q")


async def back_from_dialog_to_table(pilot: Pilot) -> None:
    await ready(pilot)
    await until(pilot, lambda: isinstance(pilot.app.focused, EntryTable), "the table")
    await ready(pilot)


# -- 5. the cursor coming back after a dialog -------------------------------------------------


async def test_focus_coming_back_while_a_step_mounts(clock: FakeClock) -> None:
    session = new_session("culture-of-service", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = session_screen(pilot)
        screen.go_to("icebreaker")  # what the Go-to dialog's callback does
        screen._focus_panel()  # the resume timer, firing before the new panel is composed
        await pilot.pause()
        assert app.focused is field(pilot, "#person")
        await pilot.press("ctrl+q")


async def test_titles_that_look_like_markup_show_as_typed_on_every_screen(
    clock: FakeClock,
) -> None:
    """A session title and organization typed as '[b]Board[/]' and '[/] Co' reach the
    console, the history list and the room's view as written, never as markup."""
    from workshop.ui.audience import AudienceApp
    from workshop.ui.history import HistoryScreen

    session = new_session("culture-of-service", clock, title="[b]Board[/]", organization="[/] Co")
    words = [WordEntry(person="Ana", word="[i]kind")]
    session.record.result("icebreaker").entries.extend(words)
    session.go_to("icebreaker")
    session.file.save()

    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "[b]Board[/] — [/] Co" in screen_text(pilot), "the title")
        await pilot.press("ctrl+q")

    launcher = WorkshopApp()
    async with launcher.run_test(size=(120, 30)) as pilot:
        await pilot.press("h")
        await launcher.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(launcher.screen, HistoryScreen), "history")
        await until(pilot, lambda: "[b]Board[/]" in screen_text(pilot), "the history row")
        assert "[/] Co" in screen_text(pilot)

    room = AudienceApp(session.file.path, clock=clock, poll_seconds=0.05)
    # 24 rows: the one-cell layout, whose words can be read back as text (big text cannot).
    async with room.run_test(size=(120, 24)) as pilot:
        await until(pilot, lambda: "[b]Board[/]" in screen_text(pilot), "the room's title")
        assert "[I]KIND" in screen_text(pilot)


async def test_notifications_are_plain_text_from_any_sender(clock: FakeClock) -> None:
    """A message quoting typed text such as `[/]` shows as written (markup would crash)."""
    from textual.widgets._toast import Toast

    app = WorkshopApp(new_session("culture-of-service", clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        app.screen.notify("cannot read '[/]' as a date")  # a Screen passes markup=True
        await until(pilot, lambda: bool(app.screen.query(Toast)), "the notification")
        shown = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert "cannot read '[/]' as a date" in shown
        await pilot.press("ctrl+q")


#: A step with a table of entries, and how to put one entry in it.
ONE_ENTRY: dict[str, Callable[[Any], None]] = {
    "icebreaker": lambda r: r.entries.append(WordEntry(person="Ana", word="kind")),
    "internal-customer": lambda r: r.responses.append(
        Response(prompt=0, person="Ana", text="The ward nurses")
    ),
    "commitments": lambda r: r.items.append(Commitment(what="Fun-Friday board", owner="Ana")),
}


@pytest.mark.parametrize("step_id", list(ONE_ENTRY))
async def test_down_from_a_field_goes_to_the_entries_and_enter_edits(
    clock: FakeClock, step_id: str
) -> None:
    """As README says for every step with a table: arrow down into it, Enter edits."""
    session = new_session("culture-of-service", clock)
    with session.change(step_id) as result:
        ONE_ENTRY[step_id](result)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, step_id)
        await until(pilot, lambda: isinstance(app.focused, Input), "the cursor in a field")
        await pilot.press("down")
        assert isinstance(app.focused, EntryTable)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the edit dialog")
        await pilot.press("escape")
        await pilot.press("ctrl+q")
