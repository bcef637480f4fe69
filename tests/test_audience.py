"""Pilot tests of the room's view (`workshop present`) following a record that another
writer updates: saves show up, replaces mid-read and garbage never crash it or lose the
last good state, private and anonymous data never show, and it never writes the record."""

from __future__ import annotations

import gc
import html
import os
import re
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import AGENDAS, FakeClock
from textual.pilot import Pilot

import workshop.storage as storage
import workshop.ui.audience as audience
from workshop.agenda import load_agenda
from workshop.atomic import atomic_write
from workshop.blanking import blank_flag, is_blanked, set_blanked
from workshop.cli import main
from workshop.kinds.commitments import Commitment
from workshop.kinds.list_items import ListItem
from workshop.kinds.one_word import WordEntry
from workshop.kinds.prompts import Response
from workshop.paths import locks_dir
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.settings import Settings, load_settings, save_settings
from workshop.storage import SessionFile, SessionLock, dump_record, load_record
from workshop.ui.app import WorkshopApp
from workshop.ui.audience import AudienceApp, BlankScreen
from workshop.ui.collector import CollectorSettings
from workshop.ui.timer import StepTimer

POLL = 0.05  # the tests poll faster than the real 0.2 s, to run quickly


def new_session(clock: FakeClock, agenda: str = "culture-of-service", **fields: object) -> Session:
    record = SessionRecord.start_new(
        load_agenda(AGENDAS / f"{agenda}.toml"), organization="Acme Clinic", **fields
    )
    session = Session(SessionFile.create(record), clock)
    session.begin()
    return session


def add_word(session: Session, person: str, word: str) -> None:
    with session.change("icebreaker") as result:
        name = session.record.add_participant(person)
        result.entries.append(WordEntry(person=name, word=word, at=session.clock()))


def screen_text(app: AudienceApp) -> str:
    """Everything on screen, as text (from the SVG screenshot: no private API)."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 3.0) -> None:
    """Wait for `condition`, polling the way the room's view does."""
    waited = 0.0
    while not condition():
        if waited >= timeout:
            seen = getattr(condition, "seen", "")
            raise AssertionError(f"still not true after {timeout} s: {condition}\n{seen}")
        await pilot.pause(POLL)
        waited += POLL


def shows(app: AudienceApp, *texts: str) -> Callable[[], bool]:
    def check() -> bool:
        text = check.seen = screen_text(app)  # type: ignore[attr-defined]
        return all(t in text for t in texts)

    check.__name__ = f"shows {texts}"
    return check


async def test_follows_saves_step_changes_and_the_timer() -> None:
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, shows(app, "One word for service", "step 2 of 8", "(no words yet)"))
        add_word(session, "Ana", "kind")
        add_word(session, "Ben", "Kind")
        await until(pilot, shows(app, "KIND", "2 words"))
        add_word(session, "Caro", "fast")
        await until(pilot, shows(app, "fast", "3 words"))

        # The timer runs on between saves: nothing is saved while the clock moves.
        timer = app.room.query_one(StepTimer)
        before = timer.remaining
        clock.advance(seconds=42)
        await until(pilot, lambda: timer.remaining == pytest.approx(before - 42))
        assert timer.running

        session.next_step()
        await until(pilot, shows(app, "Our values", "step 3 of 8"))
        session.toggle_timer()  # paused by the facilitator
        await until(pilot, lambda: not timer.running)
        clock.advance(minutes=5)
        remaining = timer.remaining
        await pilot.pause(3 * POLL)
        assert timer.remaining == remaining, "a paused timer stands still"
        assert app.problem == ""
    session.close()


async def test_a_replace_mid_read_ends_on_the_newest_save(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The record is replaced (atomically) while the view reads it, before and after the
    read proper: the view shows a whole record each time, and the newest in the end."""
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    real_load = audience.load_record
    replaced: list[str] = []

    def load_then_replace(path: Path) -> SessionRecord:
        record = real_load(path)
        if not replaced:  # a save lands just after this read: the view has the old one
            replaced.append("after")
            add_word(session, "Ben", "fast")
        return record

    def replace_then_load(path: Path) -> SessionRecord:
        if len(replaced) == 1:  # a save lands between the stat and the read
            replaced.append("before")
            add_word(session, "Caro", "caring")
        return real_load(path)

    app = AudienceApp(session.file.path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(100, 24)) as pilot:
        monkeypatch.setattr(audience, "load_record", load_then_replace)
        add_word(session, "Ana", "kind")
        await until(pilot, lambda: replaced == ["after"])
        await until(pilot, shows(app, "KIND", "FAST", "2 words"))  # one each: both on top
        monkeypatch.setattr(audience, "load_record", replace_then_load)
        add_word(session, "Dee", "kind")
        await until(pilot, shows(app, "caring", "4 words"))
        assert replaced == ["after", "before"]
        assert app.problem == ""
    session.close()


async def test_many_fast_saves_never_show_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer saving as fast as it can while the view polls: every read is of a whole
    file (old or new), never a half-written one, and the last save is what stays."""
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    problems: list[str] = []
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=0.01)
    original = app._set_problem

    def record_problem(problem: str) -> None:
        if problem:
            problems.append(problem)
        original(problem)

    monkeypatch.setattr(app, "_set_problem", record_problem)
    saves = 150

    def writer() -> None:
        for n in range(saves):
            add_word(session, f"P{n}", f"w{n % 7}")

    async with app.run_test(size=(100, 24)) as pilot:
        thread = threading.Thread(target=writer)
        thread.start()
        while thread.is_alive():
            await pilot.pause(0.01)
        thread.join()
        await until(pilot, shows(app, f"{saves} words"))
    assert problems == []
    session.close()


async def test_garbage_missing_and_empty_files_keep_the_last_good_state() -> None:
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    add_word(session, "Ana", "kind")
    path = session.file.path
    session.close()  # from here on this test writes the file itself
    record = load_record(path)
    app = AudienceApp(path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, shows(app, "KIND", "1 word"))

        path.write_bytes(b"schema_version = 1\ntitle = [unclosed\n")  # not even atomic
        await until(pilot, lambda: "TOML syntax" in app.problem)
        await until(pilot, shows(app, "KIND", "1 word", "record unreadable: line 2"))

        record.result("icebreaker").entries.append(WordEntry(person="Ben", word="kind"))
        atomic_write(path, dump_record(record))
        await until(pilot, shows(app, "KIND", "2 words"))
        assert app.problem == ""

        path.write_bytes(b"")  # truncated
        await until(pilot, lambda: "empty" in app.problem)
        path.unlink()
        await until(pilot, lambda: "gone" in app.problem)
        assert shows(app, "KIND", "2 words")()

        record.result("icebreaker").entries.append(WordEntry(person="Caro", word="caring"))
        atomic_write(path, dump_record(record))
        await until(pilot, shows(app, "caring", "3 words"))
        assert app.problem == ""


async def test_never_writes_the_record_nor_takes_the_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    record = SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
    record.current_step = "icebreaker"
    record.result("icebreaker").entries.append(WordEntry(person="Ana", word="kind"))
    folder = locks_dir().parent / "sessions"
    folder.mkdir(parents=True)
    path = folder / "watched.toml"
    atomic_write(path, dump_record(record))
    before = (path.read_bytes(), os.stat(path).st_mtime_ns, os.stat(path).st_ino)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the room's view tried to write or lock the record")

    monkeypatch.setattr(SessionFile, "save", refuse)
    monkeypatch.setattr(storage, "atomic_write", refuse)
    monkeypatch.setattr(SessionLock, "acquire", refuse)
    app = AudienceApp(path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, shows(app, "KIND"))
        await pilot.press("b")
        await pilot.press("r")
        await pilot.press("f10")  # a theme change writes the settings, not the record
        clock.advance(minutes=20)
        await pilot.pause(5 * POLL)
        assert not (locks_dir() / "watched.toml.lock").exists()
        monkeypatch.undo()
        # A facilitator can open the session for writing while the view runs.
        writer = SessionFile.open(path)
        writer.close()
        await pilot.press("q")
    after = (path.read_bytes(), os.stat(path).st_mtime_ns, os.stat(path).st_ino)
    assert after == before
    assert not any(p.name.startswith("watched.toml") for p in path.parent.iterdir() if p != path)


async def test_private_steps_show_a_card_never_their_content() -> None:
    clock = FakeClock()
    agenda = load_agenda(AGENDAS / "culture-of-service.toml")
    agenda.step("values").projected = False
    record = SessionRecord.start_new(agenda, organization="Acme Clinic")
    session = Session(SessionFile.create(record), clock)
    session.begin()
    with session.change("briefing") as result:
        result.text = "The director is the problem."
        result.fields = {agenda.step("briefing").fields[0]: "command and control"}
    with session.change("values") as result:
        result.items = [ListItem(text="Secret value", note="not for the room")]
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, shows(app, "Leader briefing", audience.PRIVATE_CARD))
        text = screen_text(app)
        assert "director" not in text and "command and control" not in text
        assert "Meet the managers" not in text, "facilitator notes are never shown"
        session.go_to("values")
        await until(pilot, shows(app, "Our values", audience.PRIVATE_CARD))
        assert "Secret value" not in screen_text(app)
    session.close()


async def test_anonymous_sessions_show_no_names() -> None:
    clock = FakeClock()
    session = new_session(clock, anonymous=True)
    session.go_to("icebreaker")
    with session.change("icebreaker") as result:
        result.entries.append(WordEntry(person="Zelda", word="kind"))
    with session.change("commitments") as result:
        result.items = [Commitment(what="Fun-Friday board", owner="Zelda", due=date(2026, 12, 4))]
    with session.change("internal-customer") as result:
        result.responses.append(Response(prompt=0, person="Zelda", text="The ward nurses"))
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(120, 24)) as pilot:
        for step, shown in [
            ("icebreaker", "KIND"),
            ("internal-customer", "The ward nurses"),
            ("commitments", "Fun-Friday board"),
        ]:
            session.go_to(step)
            await until(pilot, shows(app, shown))
            assert "Zelda" not in screen_text(app), step
        session.finish()
        await until(pilot, shows(app, "Finished", "Fun-Friday board"))
        assert "Zelda" not in screen_text(app)
    session.close()


async def test_a_finished_session_shows_the_closing_summary() -> None:
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    add_word(session, "Ana", "kind")
    add_word(session, "Ben", "fast")
    clock.advance(minutes=12)
    session.go_to("commitments")
    with session.change("commitments") as result:
        result.items = [Commitment(what="Fun-Friday board", owner="Ana", due=date(2026, 12, 4))]
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, shows(app, "What we commit to", "step 8 of 8"))
        clock.advance(minutes=3)
        session.finish()
        await until(pilot, shows(app, "Finished. Thank you!"))
        text = screen_text(app)
        assert "2 words" in text and "12 of 15 min" in text
        assert "1 commitment" in text and "Fun-Friday board" in text and "Ana" in text
        assert "private" in text  # the briefing: counted as private, nothing more
        assert app.room.query_one(StepTimer).region.height == 0  # no timer any more
    session.close()


async def test_blank_and_reveal_by_key_and_from_the_console() -> None:
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    path = session.file.path
    app = AudienceApp(path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, shows(app, "(no words yet)"))
        await pilot.press("b")
        assert isinstance(app.screen, BlankScreen)
        assert "(no words yet)" not in screen_text(app)
        add_word(session, "Ana", "kind")
        add_word(session, "Ben", "fast")
        await pilot.pause(4 * POLL)
        assert isinstance(app.screen, BlankScreen), "saves do not reveal"
        await pilot.press("r")
        await until(pilot, shows(app, "KIND", "FAST", "2 words"))
        await pilot.press("b", "b")  # b again reveals too
        assert not isinstance(app.screen, BlankScreen)

        set_blanked(path, True)  # the facilitator's F4
        await until(pilot, lambda: isinstance(app.screen, BlankScreen))
        set_blanked(path, False)
        await until(pilot, lambda: not isinstance(app.screen, BlankScreen))
    session.close()


async def test_f4_in_the_console_blanks_the_room() -> None:
    clock = FakeClock()
    session = new_session(clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("f4")
        assert is_blanked(path)
        await pilot.press("f4")
        assert not is_blanked(path)
        await pilot.press("f4")
        assert is_blanked(path)
        await pilot.press("ctrl+q")
    assert not blank_flag(path).exists(), "closing the session reveals the room"


async def test_present_theme_is_remembered_apart_from_the_console() -> None:
    clock = FakeClock()
    session = new_session(clock)
    save_settings(Settings(theme="projector-light"))
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "projector-light", "unset, the room's view takes the console's"
        await pilot.press("f10")
        assert app.theme == "high-contrast"
        await pilot.pause()
    settings, problem = load_settings()
    assert problem is None
    assert settings == Settings(theme="projector-light", present_theme="high-contrast")
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=POLL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
    session.close()


async def test_each_save_is_on_screen_after_the_first_read_that_follows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At the real poll interval, saves landing at different moments of it: each one is
    drawn by the first read of the file that the view starts after the save (a read
    already under way may miss it; the next look sees the file changed). Counted in
    reads, not seconds: how soon that is, at 0.2 s, is `benchmarks/room_view.py`'s."""
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    app = AudienceApp(session.file.path, clock=clock)
    assert app.poll_seconds == audience.POLL_SECONDS == 0.2
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, shows(app, "(no words yet)"))
        assert not app._reading  # from here on, the n-th read started is the n-th drawn
        started = 0
        drawn: list[list[str]] = []  # the words each read drew, in turn
        read, show = app._read, app.room.show

        def counted_read(path: Path, seen: object) -> object:
            nonlocal started
            started += 1
            return read(path, seen)

        def counted_show(record: SessionRecord) -> None:
            result = record.results.get("icebreaker")
            drawn.append([entry.word for entry in result.entries] if result else [])  # type: ignore[attr-defined]
            show(record)

        monkeypatch.setattr(app, "_read", counted_read)
        monkeypatch.setattr(app.room, "show", counted_show)
        for n in range(6):
            await pilot.pause(0.05 + 0.07 * n)
            add_word(session, f"P{n}", f"w{n}")
            first = started  # the index, in `drawn`, of the first read after this save
            await until(pilot, lambda first=first: len(drawn) > first, timeout=10)  # hang guard
            assert f"w{n}" in drawn[first], (n, drawn)
            await until(pilot, shows(app, f"{n + 1} word{'s' if n else ''}"))
            assert f"w{n}" in screen_text(app).lower()
        assert app.problem == ""
    session.close()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["present", "ffffffff"], "no session with id 'ffffffff'"),
        (["present", "missing.toml"], "no such session file"),
    ],
)
def test_present_refuses_what_it_cannot_show_before_the_screen_opens(
    argv: list[str], said: str, capsys: pytest.CaptureFixture
) -> None:
    assert main(argv) == 1
    _, err = capsys.readouterr()
    assert said in err and err.count("\n") == 1


def test_present_named_opens_that_session(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    finished = new_session(clock)
    finished.finish()
    finished.close()
    opened: list[tuple[Path | None, bool]] = []

    def run(app: AudienceApp, **options: object) -> None:  # run_app passes its options
        opened.append((app.path, app.follow))

    monkeypatch.setattr(AudienceApp, "run", run)
    assert main(["present"]) == 0
    assert main(["present", finished.record.id]) == 0
    assert opened == [(None, True), (finished.file.path, False)]


def test_present_hands_its_paused_collector_to_run_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """As `workshop run`: no collections while the room's view is imported and made; the
    paused collector goes to `run_app` (which tunes it) and is put back afterwards."""
    handed: list[tuple[CollectorSettings | None, bool]] = []

    def run_app(app: AudienceApp, *, collector: CollectorSettings | None = None) -> None:
        handed.append((collector, gc.isenabled()))

    monkeypatch.setattr(audience, "run_app", run_app)
    assert gc.isenabled()
    assert main(["present"]) == 0
    [(collector, collecting)] = handed
    assert isinstance(collector, CollectorSettings)
    assert not collecting  # still paused when the app is handed over
    assert gc.isenabled()


async def test_following_the_room_waits_then_switches_to_each_new_session() -> None:
    """Unnamed, `present` waits calmly while no session is in progress, shows the newest
    one in progress, and moves to a new session when it starts."""
    clock = FakeClock()
    app = AudienceApp(clock=clock, poll_seconds=POLL, follow=True, find_seconds=POLL)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, shows(app, "Waiting for the session to start"))
        first = new_session(clock)
        await until(pilot, shows(app, "Leader briefing", "step 1 of 8"))
        assert app.path == first.file.path
        first.finish()
        first.close()
        await until(pilot, shows(app, "Finished"))
        second = new_session(clock, "interaction-study")
        await until(pilot, lambda: app.path == second.file.path)
        await until(pilot, shows(app, "step 1 of 3"))
        second.close()


def test_render_prints_the_room_as_text(capsys: pytest.CaptureFixture) -> None:
    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    for person, word in [("Ana", "fiabilité"), ("Ben", "fiabilité"), ("Caro", "Ñandú")]:
        add_word(session, person, word)
    assert main(["present", session.record.id, "--render", "80x24"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
    assert "One word for service" in out and "FIABILITÉ" in out and "3 words" in out
    assert main(["present", session.record.id, "--render", "160x45"]) == 0
    big = capsys.readouterr().out.splitlines()
    assert len(big) == 45 and sum(1 for line in big if "█" in line) >= 5
    session.close()


async def test_results_hidden_until_revealed() -> None:
    """A step the agenda (or F1) hides shows the room only how many answers are in, then
    everything at once when revealed."""
    from workshop.ui.roomlayout import CONCEALED_NOTE

    clock = FakeClock()
    session = new_session(clock)
    session.go_to("icebreaker")
    with session.change("icebreaker") as result:
        result.entries.append(WordEntry(person="Ana", word="kind"))  # type: ignore[attr-defined]
    session.record.set_results_hidden("icebreaker", True)
    session.save()
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=0.05)
    async with app.run_test(size=(120, 24)) as pilot:
        await until(pilot, shows(app, CONCEALED_NOTE))
        assert "KIND" not in screen_text(app)
        session.record.set_results_hidden("icebreaker", False)
        session.save()
        await until(pilot, shows(app, "KIND"))
    agenda_hides = session.record.agenda.step("icebreaker").model_copy(
        update={"hide_results": True}
    )
    assert agenda_hides.hide_results
    session.close()


async def test_a_twelve_word_step_fills_the_projector_at_160x45() -> None:
    """The issue's measure: at 160x45 the most said word is at least 5 rows tall and
    content is on at least 60% of the rows (as `present --render` prints it)."""
    from test_snapshots import fill_icebreaker, fill_values
    from textual.geometry import Size

    from workshop.ui.audience import render_room

    clock = FakeClock()
    session = new_session(clock)
    fill_values(session)
    fill_icebreaker(session)
    session.go_to("icebreaker")
    text = await render_room(session.file.path, Size(160, 45), clock=clock)
    rows = text.splitlines()
    assert len(rows) == 45
    filled = sum(1 for row in rows if row.strip())
    assert filled / 45 >= 0.6, f"{filled} of 45 rows"
    # The cloud's first line: the most said word ('kind') drawn in block characters.
    start = next(i for i, row in enumerate(rows) if "Great service is" in row) + 1
    tall = 0
    for row in rows[start:]:
        if not any(ch in row for ch in "█▀▄▌▐▖▗▘▝▙▛▜▟▞▚"):
            break
        tall += 1
    assert tall >= 5, f"the most said word is {tall} rows tall"
    session.close()
