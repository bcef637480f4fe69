"""Whole agendas run through the keyboard, the way a facilitator runs them in a room.

Each test drives the app with Pilot from the first step to the last (typing names,
words, responses and commitments, voting, flagging, marking), finishes the session
from the command palette, and then checks the record as it was saved on disk.

The clock is a `FakeClock` shared by the session and the app, advanced between steps,
so every step's saved time is exact. It starts on Monday 23 November 2026, 09:00 UTC,
and local time is pinned to UTC so that typed due dates ("fri", "+2w") are exact too.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import AGENDAS, T0, FakeClock
from textual import events
from textual.command import CommandList, CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from workshop.agenda import load_agenda
from workshop.kinds.commitments import Commitment, CommitmentsResult
from workshop.kinds.list_items import ListResult
from workshop.kinds.notes import NotesResult
from workshop.kinds.one_word import OneWordResult, tally
from workshop.kinds.prompts import PromptsResult
from workshop.kinds.rating import RatingResult
from workshop.kinds.review import ReviewResult
from workshop.kinds.tally import TallyResult
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.app import WorkshopApp
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.session_screen import SessionScreen

SIZE = (100, 30)
MONDAY = date(2026, 11, 23)  # T0's date


pytestmark = pytest.mark.usefixtures("local_time_is_utc")


def new_session(agenda: str, clock: FakeClock, **fields: object) -> Session:
    record = SessionRecord.start_new(load_agenda(AGENDAS / f"{agenda}.toml"), **fields)
    return Session(SessionFile.create(record), clock)


# -- driving the app ----------------------------------------------------------------------


async def until(pilot: Pilot, done: Callable[[], bool], what: str) -> None:
    """Let the app run until `done()` holds (it is usually true at once)."""
    for _ in range(100):
        if done():
            return
        await pilot.pause()
    raise AssertionError(f"gave up waiting for {what}")


async def type_text(pilot: Pilot, text: str) -> None:
    """Type `text` into the focused widget: one key event per character, back to back.

    These are the key events `pilot.press(*text)` sends, in the same order and by the
    same way in, but without waiting for the app to go idle after every key (which makes
    a whole workshop's typing take minutes): a quick typist. Enter and every other key
    that moves the focus or acts on something goes through `pilot.press`.
    """
    app = pilot.app
    target = app.focused
    assert isinstance(target, Input | TextArea), f"typing {text!r} into {target!r}"
    for char in text:
        app.post_message(events.Key(_character_to_key(char), char).set_sender(app))

    def typed() -> str:
        return target.value if isinstance(target, Input) else target.text

    for _ in range(10 * len(text)):
        if typed().endswith(text):
            break
        await pilot.pause(0)  # until the app and the widgets have handled what is queued
    assert typed().endswith(text), f"{text!r} never reached {target!r}"
    assert app.focused is target


async def enter(pilot: Pilot, *texts: str) -> None:
    """Type each text and press Enter after it (Enter alone for an empty text)."""
    for text in texts:
        if text:
            await type_text(pilot, text)
        await pilot.press("enter")


async def next_step(pilot: Pilot, clock: FakeClock, minutes: float, expected: str) -> None:
    """Spend `minutes` on the current step, then Ctrl+N to the next one."""
    await pilot.pause()  # what was typed last has reached the step's panel
    clock.advance(minutes=minutes)
    await pilot.press("ctrl+n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    assert screen.session.record.current_step == expected


async def finish_from_palette(pilot: Pilot) -> None:
    """Ctrl+P, "Finish", Enter: the command palette's "Finish session"."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
    await pilot.press(*"Finish")
    commands = app.screen.query_one(CommandList)

    def chosen() -> str:
        if commands.highlighted is None:
            return ""
        return str(commands.get_option_at_index(commands.highlighted).prompt)

    # The palette searches in the background: wait for its answer.
    await until(pilot, lambda: chosen().startswith("Finish session"), "Finish session")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the session screen")


def focused_id(pilot: Pilot) -> str | None:
    widget = pilot.app.focused
    return None if widget is None else widget.id


# -- 1. culture of service, start to finish -----------------------------------------------

#: Name, the word as typed (stray spaces and all), the tag it is given.
ICEBREAKER = [
    ("Ana", "kind", "ideal"),
    ("Ben", "Kind", "ideal"),
    ("Zoë", "caring", "ideal"),
    ("李娜", " KIND ", "ideal"),
    ("Olu", "respectful", "ideal"),
    ("Maria", "Caring", "ideal"),
    ("Sam", "fast", "ideal"),
    ("Priya", "rushed", "today"),
    ("Jonas", "Rushed ", "today"),
    ("Fatima", "busy", "today"),
    ("Kenji", "patient", "ideal"),
    ("Eve", "  caring", "ideal"),
]
PEOPLE = [name for name, _, _ in ICEBREAKER]

BRIEFING = [
    "Mostly collaborative; the director decides alone when it is urgent",
    "Weekly huddles and an open door, but few say what they think",
    "Long waits at the front desk; two nurses left last month",
    "Staff feel heard, and we agree on three things to try",
]
BRIEFING_TEXT = ["Meet Dr Osei at 8:30 by the lifts.", "She opens the day, then leaves."]

MINUTES = {
    "briefing": 25,
    "icebreaker": 14,
    "values": 18.5,
    "internal-customer": 22,
    "service-today": 6,
    "know-each-other": 27,
    "communication": 31,
    "commitments": 20,
}


async def test_culture_of_service_whole_workshop(clock: FakeClock) -> None:
    assert T0.astimezone().date() == MONDAY
    session = new_session(
        "culture-of-service", clock, organization="St Mary's Clinic", facilitator="Rosa"
    )
    path = session.file.path
    agenda = session.record.agenda
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert session.record.current_step == "briefing"

        # 1. Leader briefing: each named field, Enter to the next, then free text.
        fields = agenda.step("briefing").fields
        assert len(fields) == len(BRIEFING)
        for index, answer in enumerate(BRIEFING):
            assert isinstance(pilot.app.focused, Input)
            assert focused_id(pilot) == f"field-{index}"
            await enter(pilot, answer)
        assert isinstance(pilot.app.focused, TextArea)
        await type_text(pilot, BRIEFING_TEXT[0])
        await pilot.press("enter")
        await type_text(pilot, BRIEFING_TEXT[1])
        await next_step(pilot, clock, MINUTES["briefing"], "icebreaker")

        # 2. One-word icebreaker: name, word; Ctrl+R switches the tag for today's words.
        tag = "ideal"
        for name, word, wanted in ICEBREAKER:
            if wanted != tag:
                await pilot.press("ctrl+r")
                tag = wanted
            await enter(pilot, name, word)
        if tag != "ideal":
            await pilot.press("ctrl+r")
        await next_step(pilot, clock, MINUTES["icebreaker"], "values")

        # 3. Values: add them, then in the table flag, vote, reorder and note.
        await enter(pilot, "Kindness", "Respect", "Patient care", "Teamwork", "Honesty")
        await pilot.press("down")  # from the input into the table
        table = screen.query_one(EntryTable)
        assert pilot.app.focused is table
        assert table.cursor_row == 4  # on the item just added

        async def at(text: str) -> None:
            """Move the table's cursor to the item `text` with up/down."""
            result = session.result("values")
            row = [i.text for i in result.ranked()].index(text)
            for _ in range(table.row_count):
                if table.cursor_row == row:
                    break
                await pilot.press("up" if table.cursor_row > row else "down")
            assert table.cursor_row == row

        await at("Kindness")
        await pilot.press("1", "plus", "plus", "plus")  # on the walls; three dots
        await at("Respect")
        await pilot.press("1", "1", "plus")  # flagged, then not after all; one dot
        await at("Patient care")
        await pilot.press("1", "plus", "plus", "minus")  # on the walls; two dots, one back
        assert [i.text for i in session.result("values").ranked()][:3] == [
            "Kindness",
            "Respect",
            "Patient care",
        ]
        await pilot.press("left_square_bracket")  # up past Respect (as many votes)
        assert table.cursor_row == 1
        await at("Teamwork")
        await pilot.press("left_square_bracket")  # refused: Respect has more votes
        await pilot.press("right_square_bracket")  # down past Honesty (no votes either)
        assert table.cursor_row == 4
        await at("Respect")
        await pilot.press("n")  # the action, as Respect is not on the walls
        await pilot.pause()
        await enter(pilot, "Poster in every corridor", "ben")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await next_step(pilot, clock, MINUTES["values"], "internal-customer")

        # 4. Internal customer: who said it, then the response, under each prompt.
        assert focused_id(pilot) == "person"
        await enter(pilot, "ana", "The ward nurses who call us all day")
        await enter(pilot, "", "Patients waiting at the front desk")
        await pilot.press("pagedown")
        await enter(pilot, "Olu", "Answer the phone within three rings")
        await enter(pilot, "李娜", "Tell them when we will call back")
        await next_step(pilot, clock, MINUTES["internal-customer"], "service-today")

        # 4b. How well we serve them: one key per person, all twelve, one taken back.
        await pilot.press(*"433245343253", "minus", "3")
        await next_step(pilot, clock, MINUTES["service-today"], "know-each-other")

        # 5. Getting to know each other: four prompts, back once to add a late answer.
        await enter(pilot, "Kenji", "I coach the under-12 football team")
        await pilot.press("pagedown")
        await enter(pilot, "Maria", "The people, every single day")
        await pilot.press("pagedown")
        await enter(pilot, "Sam", "We cover for each other")
        await pilot.press("pageup")
        await enter(pilot, "Fatima", "Nobody is left alone with a hard case")
        await pilot.press("pagedown", "pagedown")
        await enter(pilot, "Jonas", "Fewer meetings, more huddles")
        await next_step(pilot, clock, MINUTES["know-each-other"], "communication")

        # 6. Communication styles: not attributed, so only the response is asked for.
        assert not screen.query_one("#person", Input).display
        assert focused_id(pilot) == "response"
        await enter(pilot, "Younger staff prefer a message to a call")
        await pilot.press("pagedown")
        await pilot.press("pagedown")
        await enter(pilot, "Say what you mean, kindly", "Ask before assuming")
        await pilot.press("pagedown", "pagedown", "pagedown")  # one past the end: stays
        await enter(pilot, "Detail people and big-picture people need each other")
        await next_step(pilot, clock, MINUTES["communication"], "commitments")

        # 7. Commitments: what, owner, due; then statuses in the table.
        await enter(pilot, "Fun Friday board with photos", "maria", "fri")
        await enter(pilot, "Values poster in every corridor", "李娜", "+2w")
        await enter(pilot, "Thank-you cards for other teams", "zoë", "2026-12-04")
        assert focused_id(pilot) == "what"
        await pilot.press("tab", "tab", "tab")  # what -> owner -> due -> the table
        table = screen.query_one(EntryTable)
        assert pilot.app.focused is table
        assert table.cursor_row == 0
        await pilot.press("s")  # open -> done
        await pilot.press("down", "s", "s")  # open -> done -> dropped
        await pilot.press("down", "s", "s", "s")  # all the way round: open again
        clock.advance(minutes=MINUTES["commitments"])
        await finish_from_palette(pilot)
        assert session.record.status == "finished"
        await pilot.press("ctrl+q")

    record = load_record(path)
    assert record.status == "finished"
    assert record.current_step == "commitments"
    assert record.started == T0
    assert record.finished == T0 + timedelta(minutes=sum(MINUTES.values()))
    assert record.participants == PEOPLE

    briefing = record.results["briefing"]
    assert isinstance(briefing, NotesResult)
    assert briefing.fields == dict(zip(fields, BRIEFING, strict=True))
    assert briefing.text == "\n".join(BRIEFING_TEXT)

    words = record.results["icebreaker"]
    assert isinstance(words, OneWordResult)
    assert [(e.person, e.word, e.tag) for e in words.entries] == [
        (name, word.strip(), tag) for name, word, tag in ICEBREAKER
    ]
    values = ["Kindness", "Patient care", "Respect", "Honesty", "Teamwork"]
    ideal = tally(words.entries, tag="ideal", values=values)
    assert [(w.word, w.count, w.people, w.matches_value) for w in ideal] == [
        ("kind", 3, ["Ana", "Ben", "李娜"], "Kindness"),
        ("caring", 3, ["Zoë", "Maria", "Eve"], None),
        ("respectful", 1, ["Olu"], "Respect"),
        ("fast", 1, ["Sam"], None),
        ("patient", 1, ["Kenji"], "Patient care"),
    ]
    today = tally(words.entries, tag="today", values=values)
    assert [(w.word, w.count) for w in today] == [("rushed", 2), ("busy", 1)]

    listed = record.results["values"]
    assert isinstance(listed, ListResult)
    assert [(i.text, i.flags, i.votes, i.note, i.owner) for i in listed.items] == [
        ("Kindness", ["on the walls"], {"": 3}, "", ""),
        ("Patient care", ["on the walls"], {"": 1}, "", ""),
        ("Respect", [], {"": 1}, "Poster in every corridor", "Ben"),
        ("Honesty", [], {}, "", ""),
        ("Teamwork", [], {}, "", ""),
    ]

    def responses(step_id: str) -> list[tuple[int, str, str]]:
        result = record.results[step_id]
        assert isinstance(result, PromptsResult)
        return [(r.prompt, r.person, r.text) for r in result.responses]

    assert responses("internal-customer") == [
        (0, "Ana", "The ward nurses who call us all day"),
        (0, "", "Patients waiting at the front desk"),
        (1, "Olu", "Answer the phone within three rings"),
        (1, "李娜", "Tell them when we will call back"),
    ]
    ratings = record.results["service-today"]
    assert isinstance(ratings, RatingResult)
    assert [r.value for r in ratings.ratings] == [4, 3, 3, 2, 4, 5, 3, 4, 3, 2, 5]
    assert responses("know-each-other") == [
        (0, "Kenji", "I coach the under-12 football team"),
        (1, "Maria", "The people, every single day"),
        (2, "Sam", "We cover for each other"),
        (1, "Fatima", "Nobody is left alone with a hard case"),
        (3, "Jonas", "Fewer meetings, more huddles"),
    ]
    assert responses("communication") == [
        (0, "", "Younger staff prefer a message to a call"),
        (2, "", "Say what you mean, kindly"),
        (2, "", "Ask before assuming"),
        (4, "", "Detail people and big-picture people need each other"),
    ]

    commitments = record.results["commitments"]
    assert isinstance(commitments, CommitmentsResult)
    assert [(c.what, c.owner, c.due, c.status) for c in commitments.items] == [
        ("Fun Friday board with photos", "Maria", date(2026, 11, 27), "done"),  # fri
        ("Values poster in every corridor", "李娜", date(2026, 12, 7), "dropped"),  # +2w
        ("Thank-you cards for other teams", "Zoë", date(2026, 12, 4), "open"),
    ]

    assert set(record.timing) == set(MINUTES)
    for step_id, minutes in MINUTES.items():
        timing = record.timing[step_id]
        assert timing.elapsed == minutes * 60, step_id
        assert timing.running_since is None, step_id


# -- 2. interaction study: hundreds of single key presses ----------------------------------

#: 256 observations, as in the study the agenda is drawn from: 18 (7%) with the patient.
OBSERVED = {"1": 18, "2": 30, "3": 70, "4": 40, "5": 35, "6": 25, "7": 28, "8": 10}


async def test_interaction_study_tally_run(clock: FakeClock) -> None:
    session = new_session("interaction-study", clock, organization="City Hospital ED")
    path = session.file.path
    step = session.record.agenda.step("observe")
    assert [c.key for c in step.categories] == list(OBSERVED)
    serving = {c.key for c in step.categories if c.serves_outcome}
    assert serving == {"1", "2"}
    # Observations come in the order they are sampled, not grouped by category.
    presses = [key for key, count in OBSERVED.items() for _ in range(count)]
    random.Random(256).shuffle(presses)
    assert len(presses) == 256

    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert session.record.current_step == "observe"
        panel = screen.panel
        assert panel is not None and app.focused is panel

        def counted() -> int:
            return session.result("observe").entry_count()

        def counted_up_to(n: int) -> Callable[[], bool]:
            return lambda: counted() == n

        for start in range(0, len(presses), 32):  # in bursts, as observations come in
            batch = presses[start : start + 32]
            for key in batch:
                app.post_message(events.Key(key, key).set_sender(app))
            total = start + len(batch)
            await until(pilot, counted_up_to(total), f"{total} observations counted")
        # A slip: one 3 too many, taken back with "-" then 3; a key that is no category.
        await pilot.press("3")
        assert counted() == 257
        await pilot.press("minus", "3")
        await pilot.press("9")
        assert counted() == 256
        assert session.result("observe").counts == OBSERVED
        await next_step(pilot, clock, 55, "debrief")

        # The debrief: who said it, then what, under each prompt in turn.
        assert focused_id(pilot) == "person"
        await enter(pilot, "Dr Osei", "Only 7% of the time with patients")
        await enter(pilot, "Nurse Kim", "Documentation is the biggest bar")
        await pilot.press("pagedown")
        await enter(pilot, "Kim", "Print the handover sheet once, not three times")
        await pilot.press("pagedown")
        await enter(pilot, "", "Supplies are never where we look for them")
        await pilot.press("pagedown")
        await enter(pilot, "Dr Osei", "A supply cart in every bay")
        await next_step(pilot, clock, 28, "commitments")

        await enter(pilot, "Stock a supply cart in every bay", "kim", "+1w")
        await enter(pilot, "Sample another 256 observations", "Dr Osei", "2027-01-15")
        clock.advance(minutes=12)
        await finish_from_palette(pilot)
        await pilot.press("ctrl+q")

    record = load_record(path)
    assert record.status == "finished"
    assert record.finished == T0 + timedelta(minutes=55 + 28 + 12)
    tallied = record.results["observe"]
    assert isinstance(tallied, TallyResult)
    assert tallied.counts == OBSERVED
    assert tallied.entry_count() == 256
    assert tallied.share(serving) == (18 + 30) / 256
    assert round(tallied.share({"1"}), 2) == 0.07  # the 7% of the study
    assert tallied.share({"3"}) == 70 / 256

    debrief = record.results["debrief"]
    assert isinstance(debrief, PromptsResult)
    assert [(r.prompt, r.person, r.text) for r in debrief.responses] == [
        (0, "Dr Osei", "Only 7% of the time with patients"),
        (0, "Nurse Kim", "Documentation is the biggest bar"),
        (1, "Kim", "Print the handover sheet once, not three times"),
        (2, "", "Supplies are never where we look for them"),
        (3, "Dr Osei", "A supply cart in every bay"),
    ]
    assert record.participants == ["Dr Osei", "Nurse Kim", "Kim"]
    commitments = record.results["commitments"]
    assert isinstance(commitments, CommitmentsResult)
    assert [(c.what, c.owner, c.due, c.status) for c in commitments.items] == [
        ("Stock a supply cart in every bay", "Kim", MONDAY + timedelta(weeks=1), "open"),
        ("Sample another 256 observations", "Dr Osei", date(2027, 1, 15), "open"),
    ]
    assert {s: t.elapsed for s, t in record.timing.items()} == {
        "observe": 55 * 60,
        "debrief": 28 * 60,
        "commitments": 12 * 60,
    }


# -- 3. a follow-up session reviews the first one's commitments ----------------------------

FIRST_COMMITMENTS = [
    Commitment(what="Fun Friday board with photos", owner="Maria", due=date(2026, 11, 27)),
    Commitment(what="Values poster in every corridor", owner="李娜", due=date(2026, 12, 7)),
    Commitment(what="Thank-you cards for other teams", owner="Zoë", due=date(2026, 12, 4)),
]


def first_workshop(clock: FakeClock) -> tuple[SessionRecord, Path]:
    """A culture-of-service session, built with the core API, ending in three commitments."""
    session = new_session("culture-of-service", clock, organization="St Mary's Clinic")
    session.begin()
    session.go_to("commitments")
    with session.change("commitments") as result:
        result.items.extend(c.model_copy() for c in FIRST_COMMITMENTS)
    clock.advance(minutes=150)
    session.finish()
    session.close()
    return load_record(session.file.path), session.file.path


async def test_follow_up_run_reviews_and_carries_forward(clock: FakeClock) -> None:
    first, first_path = first_workshop(clock)
    assert first.status == "finished"
    first_bytes = first_path.read_bytes()
    done, still_open, dropped = (c.id for c in FIRST_COMMITMENTS)

    clock.advance(days=28)  # four weeks later, Monday 21 December
    today = clock().astimezone().date()
    assert today == date(2026, 12, 21)
    record = SessionRecord.start_new(
        load_agenda(AGENDAS / "follow-up.toml"),
        title="Follow-up: culture of service",
        organization="St Mary's Clinic",
        follows=first.id,
    )
    session = Session(SessionFile.create(record), clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert session.record.current_step == "review"
        table = screen.query_one(EntryTable)
        await until(pilot, lambda: app.focused is table, "the review table to have focus")
        review = session.result("review")
        assert [(i.id, i.source, i.status) for i in review.items] == [
            (done, first.id, "pending"),
            (still_open, first.id, "pending"),
            (dropped, first.id, "pending"),
        ]
        assert table.cursor_row == 0

        await pilot.press("d")  # done
        await pilot.press("down", "o")  # still open: a new date is asked for
        await until(pilot, lambda: not isinstance(app.screen, SessionScreen), "the dialog")
        await enter(pilot, "+1w")
        await until(pilot, lambda: app.screen is screen, "the dialog to close")
        await until(pilot, lambda: app.focused is table, "the review table to have focus")
        assert table.cursor_row == 1
        await pilot.press("down", "x")  # dropped
        assert [i.status for i in session.result("review").items] == ["done", "open", "dropped"]
        await next_step(pilot, clock, 12, "check-in")

        # Check-in: one word each, the last two about how it feels today.
        await enter(pilot, "Maria", "lighter")
        await pilot.press("ctrl+r")
        await enter(pilot, "李娜", "calmer", "Zoë", "Calmer")
        await next_step(pilot, clock, 8, "service-today")
        await pilot.press("4", "4", "3")  # the same statement as last time, rated again
        await next_step(pilot, clock, 3, "what-changed")

        await enter(pilot, "Maria", "The Friday board is full of photos")
        await pilot.press("pagedown", "pagedown")
        await enter(pilot, "李娜", "Printing ran out before the posters went up")
        await next_step(pilot, clock, 21, "next-commitments")

        # The still-open commitment is here already, under its first id, with its new date.
        carried = session.result("next-commitments").items
        assert [(c.id, c.due, c.carried_from) for c in carried] == [
            (still_open, today + timedelta(weeks=1), first.id)
        ]
        await enter(pilot, "Posters printed outside, by a shop", "李娜", "fri")
        await enter(pilot, "A thank-you card every month", "Zoë", "eom")
        clock.advance(minutes=14)
        await finish_from_palette(pilot)
        await pilot.press("ctrl+q")

    assert first_path.read_bytes() == first_bytes  # the first session is only ever read

    saved = load_record(path)
    assert saved.status == "finished"
    assert saved.follows == first.id
    reviewed = saved.results["review"]
    assert isinstance(reviewed, ReviewResult)
    assert reviewed.loaded
    assert [
        (i.id, i.source, i.what, i.owner, i.due, i.status, i.new_due) for i in reviewed.items
    ] == [
        (done, first.id, *_ledger(0), "done", None),
        (still_open, first.id, *_ledger(1), "open", date(2026, 12, 28)),
        (dropped, first.id, *_ledger(2), "dropped", None),
    ]
    assert reviewed.progress() == {"done": 1, "open": 1, "dropped": 1}

    words = saved.results["check-in"]
    assert isinstance(words, OneWordResult)
    assert [(e.person, e.word, e.tag) for e in words.entries] == [
        ("Maria", "lighter", "ideal"),
        ("李娜", "calmer", "today"),
        ("Zoë", "Calmer", "today"),
    ]
    changed = saved.results["what-changed"]
    assert isinstance(changed, PromptsResult)
    assert [(r.prompt, r.person, r.text) for r in changed.responses] == [
        (0, "Maria", "The Friday board is full of photos"),
        (2, "李娜", "Printing ran out before the posters went up"),
    ]

    nxt = saved.results["next-commitments"]
    assert isinstance(nxt, CommitmentsResult)
    assert [(c.id, c.what, c.owner, c.due, c.status, c.carried_from) for c in nxt.items] == [
        (still_open, *_ledger(1)[:2], date(2026, 12, 28), "open", first.id),
        (
            nxt.items[1].id,
            "Posters printed outside, by a shop",
            "李娜",
            date(2026, 12, 25),
            "open",
            None,
        ),
        (nxt.items[2].id, "A thank-you card every month", "Zoë", date(2026, 12, 31), "open", None),
    ]
    assert len({c.id for c in nxt.items} | {done, dropped}) == 5  # new ids are new
    assert {s: t.elapsed for s, t in saved.timing.items()} == {
        "review": 12 * 60,
        "check-in": 8 * 60,
        "service-today": 3 * 60,
        "what-changed": 21 * 60,
        "next-commitments": 14 * 60,
    }


def _ledger(index: int) -> tuple[str, str, date | None]:
    """What, owner and due date of one of the first session's commitments."""
    c = FIRST_COMMITMENTS[index]
    return c.what, c.owner, c.due
