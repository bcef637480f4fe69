"""The session core without a screen: changes and undo, navigation, the step timer.

Every test runs the shipped culture-of-service agenda through a real `SessionFile` in
the test's own data folder, with a fake clock, and checks what reached the disk.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import AGENDAS, T0, FakeClock
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError
from test_roundtrip import records

from workshop.agenda import load_agenda
from workshop.kinds.list_items import ListItem
from workshop.kinds.one_word import WordEntry
from workshop.record import MAX_EXTRA_SECONDS, SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record

REPO = Path(__file__).resolve().parent.parent
AGENDA = load_agenda(REPO / "agendas" / "culture-of-service.toml")


@pytest.fixture
def session(clock: FakeClock) -> Iterator[Session]:
    record = SessionRecord.start_new(AGENDA, title="Session test", organization="Clinic")
    opened = Session(SessionFile.create(record), clock)
    yield opened
    opened.file.close()


def on_disk(session: Session) -> SessionRecord:
    return load_record(session.file.path)


def reopen(session: Session, clock: FakeClock) -> Session:
    """Close the session as the app does on quit, and open it again."""
    session.close()
    return Session(SessionFile.open(session.file.path), clock)


def words(record: SessionRecord) -> list[str]:
    return [e.word for e in record.results["icebreaker"].entries]  # type: ignore[union-attr]


def say(session: Session, person: str, word: str) -> None:
    with session.change("icebreaker") as result:
        name = session.record.add_participant(person)
        result.entries.append(WordEntry(person=name, word=word))


# ------------------------------------------------------------------ changes and undo


def test_a_change_is_saved_and_undone_with_its_roster(session: Session) -> None:
    say(session, "Ana", "kind")
    say(session, "Ben", "care")
    assert words(on_disk(session)) == ["kind", "care"]
    assert on_disk(session).participants == ["Ana", "Ben"]

    assert session.can_undo("icebreaker")
    assert session.undo("icebreaker")
    assert words(session.record) == words(on_disk(session)) == ["kind"]
    assert session.record.participants == on_disk(session).participants == ["Ana"]

    assert session.undo("icebreaker")
    assert words(on_disk(session)) == []
    assert on_disk(session).participants == []
    assert not session.can_undo("icebreaker")
    assert not session.undo("icebreaker")


def test_undo_goes_back_at_most_undo_depth_changes(session: Session) -> None:
    """The oldest changes fall off the undo stack; the newest UNDO_DEPTH stay."""
    from workshop.session import UNDO_DEPTH

    for n in range(UNDO_DEPTH + 5):
        say(session, "Ana", f"w{n}")
    undone = 0
    while session.undo("icebreaker"):
        undone += 1
    assert undone == UNDO_DEPTH
    assert words(on_disk(session)) == [f"w{n}" for n in range(5)]


def test_a_known_name_is_not_taken_off_the_roster_by_an_undo(session: Session) -> None:
    say(session, "Ana", "kind")
    say(session, "ana", "warm")  # the same person: the roster does not grow
    assert session.undo("icebreaker")
    assert session.record.participants == ["Ana"]


def test_a_change_that_raises_is_rolled_back_and_not_saved(session: Session) -> None:
    say(session, "Ana", "kind")
    before = session.file.path.read_bytes()
    with pytest.raises(ValidationError), session.change("icebreaker") as result:
        session.record.add_participant("Ben")
        result.entries.append(WordEntry(person="Ben", word="care"))
        result.entries[0].word = ""  # the model refuses: a word cannot be empty
    assert words(session.record) == ["kind"]
    assert session.record.participants == ["Ana"]
    assert session.file.path.read_bytes() == before
    # The refused change left nothing to undo: one undo takes back Ana's word.
    assert session.undo("icebreaker")
    assert words(session.record) == []
    assert not session.can_undo("icebreaker")


def test_a_change_interrupted_by_any_exception_is_rolled_back(session: Session) -> None:
    with pytest.raises(KeyboardInterrupt), session.change("values") as result:
        result.items.append(ListItem(text="Respect"))
        raise KeyboardInterrupt
    assert session.result("values").items == []
    assert "values" not in on_disk(session).results


def test_each_step_has_its_own_undo(session: Session) -> None:
    say(session, "Ana", "kind")
    with session.change("values") as result:
        session.record.add_participant("Ben")
        result.items.append(ListItem(text="Respect"))
    assert session.can_undo("icebreaker") and session.can_undo("values")

    session.go_to("values")
    assert session.undo()  # the current step's last change
    assert session.result("values").items == []
    assert session.record.participants == ["Ana"]
    assert not session.can_undo()
    assert words(on_disk(session)) == ["kind"]  # the other step is untouched

    assert session.can_undo("icebreaker")
    assert session.undo("icebreaker")
    assert words(on_disk(session)) == []


def test_undoing_an_earlier_change_keeps_names_added_since(session: Session) -> None:
    say(session, "Ana", "kind")
    with session.change("values") as result:
        session.record.add_participant("Ben")
        result.items.append(ListItem(text="Respect", owner="Ben"))
    assert session.undo("icebreaker")
    assert session.record.participants == on_disk(session).participants == ["Ben"]
    assert [i.text for i in on_disk(session).results["values"].items] == ["Respect"]  # type: ignore[union-attr]


# ----------------------------------------------------------- navigation and the timer


def test_begin_starts_the_session_and_the_first_step(session: Session, clock: FakeClock) -> None:
    assert session.record.started is None
    session.begin()
    assert session.record.started == T0
    timing = session.timer()
    assert session.record.current_step == "briefing"
    assert (timing.running_since, timing.first_shown) == (T0, T0)
    clock.advance(minutes=10)
    session.begin()  # shown again (e.g. after a dialog): nothing restarts
    assert session.record.started == T0
    assert session.timer().running_since == T0
    assert on_disk(session).timing["briefing"].running_since == T0


def test_begin_can_leave_its_save_to_the_caller(session: Session, clock: FakeClock) -> None:
    """The console draws its first frame before it writes the timer's start."""
    saves: list[int] = []
    session.saved_listeners.append(lambda: saves.append(1))
    session.begin(save=False)
    assert session.record.started == T0
    assert on_disk(session).started is None
    session.save_begun()
    assert on_disk(session).started == T0
    assert on_disk(session).timing["briefing"].running_since == T0
    session.save_begun()  # written already: not again
    assert saves == [1]


def test_a_save_after_begin_writes_what_begin_left(session: Session, clock: FakeClock) -> None:
    saves: list[int] = []
    session.saved_listeners.append(lambda: saves.append(1))
    session.begin(save=False)
    clock.advance(seconds=5)
    session.next_step()  # saves: the briefing's start and its five seconds are written
    session.save_begun()
    assert saves == [1]
    assert on_disk(session).started == T0
    assert on_disk(session).timing["briefing"].first_shown == T0


def test_go_to_pauses_one_step_and_starts_the_next(session: Session, clock: FakeClock) -> None:
    session.begin()
    clock.advance(minutes=12)
    assert session.next_step()
    assert session.record.current_step == "icebreaker"
    briefing = session.timer("briefing")
    assert not briefing.running and briefing.elapsed == 12 * 60
    assert session.timer().running_since == clock.now

    clock.advance(minutes=5)
    assert session.previous_step()
    assert session.record.current_step == "briefing"
    assert session.timer("icebreaker").elapsed == 5 * 60
    assert session.timer().running_since == clock.now  # briefing runs again from 12 minutes
    clock.advance(minutes=1)
    assert session.timer().seconds(clock.now) == 13 * 60

    session.go_to("commitments")
    saved = on_disk(session)
    assert saved.current_step == "commitments"
    assert saved.timing["briefing"].elapsed == 13 * 60
    assert saved.timing["commitments"].first_shown == clock.now

    session.go_to("commitments")  # already there: nothing happens
    with pytest.raises(KeyError):
        session.go_to("nowhere")
    assert session.record.current_step == "commitments"


def test_next_and_previous_stop_at_the_ends(session: Session) -> None:
    session.begin()
    assert not session.previous_step()
    assert session.record.current_step == "briefing"
    session.go_to(AGENDA.steps[-1].id)
    assert not session.next_step()
    assert session.step_index == len(AGENDA.steps) - 1
    assert session.step is AGENDA.step(session.record.current_step)


def test_toggle_timer_pauses_until_toggled_again(session: Session, clock: FakeClock) -> None:
    session.begin()
    clock.advance(minutes=3)
    assert session.toggle_timer() is False
    timing = session.timer()
    assert timing.paused and not timing.running and timing.elapsed == 180
    assert on_disk(session).timing["briefing"].paused

    clock.advance(minutes=10)  # paused: does not count
    session.next_step()
    clock.advance(minutes=1)
    session.previous_step()  # a paused step stays paused when shown again
    assert not session.timer().running
    session.begin()
    assert not session.timer().running

    assert session.toggle_timer() is True
    clock.advance(minutes=2)
    assert session.timer().seconds(clock.now) == 5 * 60
    assert not session.timer().paused


def test_a_step_first_shown_while_paused(session: Session, clock: FakeClock) -> None:
    session.timer().paused = True
    session.begin()
    assert session.timer().first_shown == T0
    assert not session.timer().running


def test_remaining_and_add_minute(session: Session, clock: FakeClock) -> None:
    session.go_to("icebreaker")  # 15 minutes
    planned = session.step.minutes * 60
    assert session.remaining() == planned  # not started yet
    session.begin()
    clock.advance(minutes=10)
    assert session.remaining() == planned - 600
    session.add_minute()
    session.add_minute()
    assert session.remaining() == planned - 600 + 120
    assert on_disk(session).timing["icebreaker"].extra == 120
    clock.advance(minutes=20)
    assert session.remaining() == planned + 120 - 30 * 60  # over time: negative
    assert session.remaining() < 0


def test_add_minute_stops_at_a_day(session: Session) -> None:
    session.timer().extra = MAX_EXTRA_SECONDS - 30
    session.add_minute()
    assert session.timer().extra == MAX_EXTRA_SECONDS
    session.add_minute()
    assert on_disk(session).timing["briefing"].extra == MAX_EXTRA_SECONDS


def test_saves_are_stamped_by_the_session_clock(session: Session, clock: FakeClock) -> None:
    clock.advance(hours=2)
    assert session.save() == clock.now == session.record.saved
    assert on_disk(session).saved == clock.now


# ------------------------------------------------------------------ finish and close


def test_finish(session: Session, clock: FakeClock) -> None:
    session.begin()
    clock.advance(minutes=30)
    session.finish()
    saved = on_disk(session)
    assert saved.status == "finished"
    assert saved.finished == clock.now
    assert not saved.timing["briefing"].running
    assert saved.timing["briefing"].elapsed == 30 * 60


def test_close_stops_the_clock_and_a_reopen_continues(session: Session, clock: FakeClock) -> None:
    session.begin()
    clock.advance(minutes=7)
    session.next_step()
    clock.advance(minutes=4)
    path = session.file.path
    again = reopen(session, clock)
    try:
        timing = again.timer()
        assert again.record.current_step == "icebreaker"
        assert not timing.running and not timing.paused and timing.elapsed == 4 * 60
        clock.advance(hours=20)  # the laptop was closed overnight: that does not count
        again.begin()
        clock.advance(minutes=1)
        assert again.timer().seconds(clock.now) == 5 * 60
        assert again.timer("briefing").elapsed == 7 * 60
        assert again.record.started == T0
    finally:
        again.close()
    assert load_record(path).timing["icebreaker"].elapsed == 5 * 60


def test_close_with_no_timer_yet(session: Session) -> None:
    session.close()
    assert load_record(session.file.path).timing == {}
    SessionFile.open(session.file.path).close()  # the lock was released


def test_a_timer_left_running_by_a_crash_counts_up_to_the_last_save(
    session: Session, clock: FakeClock
) -> None:
    session.begin()
    clock.advance(minutes=5)
    say(session, "Ana", "kind")  # saved at T0 + 5 min, the timer still running
    clock.advance(minutes=3)  # typed but never saved
    session.file.close()  # killed: no pause, no last save; only the lock goes
    crashed = load_record(session.file.path)
    assert crashed.timing["briefing"].running_since == T0
    assert crashed.saved == T0 + timedelta(minutes=5)

    clock.advance(hours=1)
    again = Session(SessionFile.open(session.file.path), clock)
    try:
        timing = again.timer()
        assert not timing.running
        assert timing.elapsed == 5 * 60  # up to the save, not up to the reopen
        assert not timing.paused
        again.begin()
        clock.advance(minutes=1)
        assert again.timer().seconds(clock.now) == 6 * 60
        assert words(again.record) == ["kind"]
    finally:
        again.close()


def test_a_crash_settles_every_running_timer_and_never_goes_negative(
    session: Session, clock: FakeClock
) -> None:
    session.begin()
    clock.advance(minutes=2)
    # A second running timer that started after the last save (a clock that was set
    # back): it adds nothing, and takes nothing away.
    values = session.timer("values")
    values.elapsed = 60
    values.running_since = clock.now + timedelta(minutes=1)
    session.save()
    session.file.close()  # killed

    again = Session(SessionFile.open(session.file.path), clock)
    try:
        assert again.timer("briefing").elapsed == 2 * 60
        assert again.timer("values").elapsed == 60
        assert not any(t.running for t in again.record.timing.values())
    finally:
        again.file.close()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(records())
def test_undo_data_restores_any_result_exactly(record: SessionRecord) -> None:
    """Undo keeps a result as its kind and its model_dump, pickled: that must give it back
    equal."""
    for result in record.results.values():
        before = pickle.dumps(result.model_dump())
        assert type(result).model_validate(pickle.loads(before)) == result


def test_deleting_a_persons_only_entry_takes_them_off_the_roster(tmp_path: Path) -> None:
    """13 people in the record for 12 who spoke, after one word was deleted: no more."""
    from workshop.kinds.one_word import WordEntry

    session = Session(
        SessionFile.create(
            SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
        )
    )
    with session.change("icebreaker") as result:
        for person, word in (("Ana", "kind"), ("Ben", "fast"), ("Ana", "warm")):
            result.entries.append(
                WordEntry(person=session.record.add_participant(person), word=word)
            )
    with session.change("icebreaker") as result:
        result.entries = [e for e in result.entries if e.person != "Ben"]
    assert session.record.participants == ["Ana"]
    with session.change("icebreaker") as result:
        result.entries.pop(0)  # one of Ana's two words: she still spoke
    assert session.record.participants == ["Ana"]
    assert session.undo("icebreaker") and session.undo("icebreaker")
    assert session.record.participants == ["Ana", "Ben"]
    session.close()
