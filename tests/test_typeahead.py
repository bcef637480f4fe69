"""Keys typed faster than the screen updates still go to the field they were typed for.

The keys are posted to the app all at once, before it has read any of them (as a fast
typist, a barcode-style burst or a pasted list does), then the test waits once.
"""

from __future__ import annotations

import pytest
from conftest import AGENDAS, FakeClock
from textual import events
from textual.app import App

from workshop.agenda import load_agenda
from workshop.kinds.commitments import CommitmentsResult
from workshop.kinds.list_items import ListResult
from workshop.kinds.one_word import OneWordResult, WordEntry
from workshop.kinds.prompts import PromptsResult
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.app import WorkshopApp

CULTURE = load_agenda(AGENDAS / "culture-of-service.toml")


def burst(app: App[object], *texts: str) -> None:
    """Each text's characters then Enter, all posted before the app reads the first."""
    for text in texts:
        for char in text:
            app.post_message(events.Key(char if char.isalnum() else _name(char), char))
        app.post_message(events.Key("enter", "\r"))


def _name(char: str) -> str:
    return {" ": "space", "-": "minus", "'": "apostrophe", "+": "plus"}.get(char, char)


async def settle(pilot, until, what: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(400):
        await pilot.pause(0.05)
        if until():
            return
    raise AssertionError(f"not done: {what}")


def session_on(step_id: str, clock: FakeClock, entries: int = 0) -> Session:
    record = SessionRecord.start_new(CULTURE, organization="Acme")
    if entries:
        result = record.result("icebreaker")
        assert isinstance(result, OneWordResult)
        # A long session: many entries, the words people repeat.
        result.entries = [WordEntry(person=f"P{n}", word=f"old{n % 40}") for n in range(entries)]
    session = Session(SessionFile.create(record), clock)
    session.go_to(step_id)
    return session


@pytest.mark.parametrize("before", [0, 10_000], ids=["empty", "10k-entries"])
async def test_a_hundred_name_word_pairs_with_no_gap(clock: FakeClock, before: int) -> None:
    session = session_on("icebreaker", clock, entries=before)
    app = WorkshopApp(session, clock)
    pairs = [(f"Name{n}", f"word{n}") for n in range(100)]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, *(text for pair in pairs for text in pair))

        def saved() -> int:
            result = session.record.results["icebreaker"]
            assert isinstance(result, OneWordResult)
            return len(result.entries) - before

        await settle(pilot, lambda: saved() >= 100, "100 entries")
        await pilot.pause(0.2)
    result = load_record(session.file.path).results["icebreaker"]
    assert isinstance(result, OneWordResult)
    assert [(e.person, e.word) for e in result.entries[before:]] == pairs


async def test_responses_commitments_and_list_items_with_no_gap(clock: FakeClock) -> None:
    session = session_on("internal-customer", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        answers = [(f"Who{n}", f"Answer number {n}") for n in range(30)]
        burst(app, *(text for pair in answers for text in pair))
        responses = lambda: session.record.results["internal-customer"].responses  # noqa: E731
        await settle(pilot, lambda: len(responses()) >= 30, "30 responses")
        got = responses()
        assert [(r.person, r.text) for r in got] == answers

        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("end", "enter")  # the last step: commitments
        await pilot.pause(0.3)
        rows = [(f"Thing {n}", f"Owner{n}", "fri") for n in range(20)]
        burst(app, *(text for row in rows for text in row))
        items = lambda: session.record.results["commitments"].items  # noqa: E731
        await settle(pilot, lambda: len(items()) >= 20, "20 commitments")
        commitments = session.record.results["commitments"]
        assert isinstance(commitments, CommitmentsResult)
        assert [(c.what, c.owner) for c in commitments.items] == [r[:2] for r in rows]
        assert all(c.due is not None for c in commitments.items)

        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("home", "down", "down", "enter")  # values: a list
        await pilot.pause(0.3)
        values = [f"Value {n}" for n in range(25)]
        burst(app, *values)
        listed = lambda: session.record.results["values"].items  # noqa: E731
        await settle(pilot, lambda: len(listed()) >= 25, "25 items")
        result = session.record.results["values"]
        assert isinstance(result, ListResult)
        assert [i.text for i in result.items] == values
    saved = load_record(session.file.path)
    assert isinstance(saved.results["internal-customer"], PromptsResult)


async def test_typing_in_a_field_does_not_lay_the_screen_out_again(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's Input changes its virtual size with its text's width, and that asked for
    a new layout of the whole session screen on every key (68 layouts for a 68-key
    commitment); a field's size is fixed by the CSS, so it only repaints. A long text
    still scrolls to keep the cursor in sight."""
    from workshop.ui.kinds.fields import FieldInput

    layouts = 0  # new layouts the field asks for (each one lays the whole screen out)
    refresh = FieldInput.refresh

    def counted(self: FieldInput, *args: object, layout: bool = False, **kwargs: object) -> object:
        nonlocal layouts
        layouts += layout
        return refresh(self, *args, layout=layout, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FieldInput, "refresh", counted)
    session = Session(SessionFile.create(SessionRecord.start_new(CULTURE)), clock)
    session.go_to("commitments")
    app = WorkshopApp(session, clock)
    text = "Call three customers each week and ask them the same three questions"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        field = app.focused
        assert isinstance(field, FieldInput)
        layouts = 0
        for char in text:
            await pilot.press(char if char.isalnum() else _name(char))
        await pilot.pause()
        assert field.value == text
        assert layouts == 0
        assert field.scroll_x == field.max_scroll_x > 0  # the cursor, at the end, in sight
        await pilot.press("ctrl+q")


async def test_the_cursor_moving_on_after_a_word_does_not_draw_the_whole_screen(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's Screen repaints itself whole when the focused widget changes, and the
    cursor goes back to the name field after every word: the whole console drawn again
    each time. Only the two fields are drawn again, each with its own focus style."""
    from textual.screen import Screen
    from textual.widgets import Input

    repaints = 0  # the session screen asked to draw itself whole
    refresh = Screen.refresh

    def counted(self: Screen, *args: object, repaint: bool = True, **kwargs: object) -> object:
        nonlocal repaints
        repaints += repaint and not args and not kwargs.get("layout")
        return refresh(self, *args, repaint=repaint, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "refresh", counted)
    app = WorkshopApp(session_on("icebreaker", clock), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        person, word = (app.screen.query_one(f"#{n}", Input) for n in ("person", "word"))
        assert app.focused is person
        repaints = 0
        for name in ("Ann", "Ben", "Cy"):
            await pilot.press(*name, "enter")
            assert app.focused is word
            await pilot.press(*"kind", "enter")
            await pilot.pause()
            assert app.focused is person
        assert repaints == 0
        # Each field still looks as focused as it is (Textual restyles the two itself).
        assert person.has_pseudo_class("focus") and not word.has_pseudo_class("focus")
        assert person.styles.border_left != word.styles.border_left
        await pilot.press("ctrl+q")


def typed(app: App[object], *keys: str) -> None:
    """Keys as the terminal sends them, to the driver (as Pilot's `press` does)."""
    characters = {"enter": "\r", "ctrl+j": "\n"}
    for key in keys:
        if len(key) == 1:
            event = events.Key(key if key.isalnum() else _name(key), key)
        else:
            event = events.Key(key, characters.get(key))
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


async def test_keys_typed_while_the_app_starts_go_to_the_step(clock: FakeClock) -> None:
    """Typed before the step's panel is there (it opens after the first frame), the keys
    had no field to go to and were dropped. They go to its field now, as typed; an Enter
    typed before the app had the terminal arrives as a newline (Ctrl+J) and is an Enter."""
    from workshop.ui.session_screen import SessionScreen

    session = session_on("icebreaker", clock)
    app = WorkshopApp(session, clock)
    display = app._display
    sent: list[bool] = []

    def at_first_frame(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None and not sent and isinstance(screen, SessionScreen):
            sent.append(screen.panel is None or not screen.panel.is_mounted)
            typed(app, *"Ann", "enter", *"kind", "enter", *"Ben", "ctrl+j", *"fast", "enter")

    app._display = at_first_frame  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        result = session.record.result("icebreaker")
        await settle(pilot, lambda: len(result.entries) == 2, "two words typed at start")
        assert sent == [True], "typed before the panel was there"
        assert [(e.person, e.word) for e in result.entries] == [("Ann", "kind"), ("Ben", "fast")]
        await pilot.press("ctrl+q")
    saved = load_record(session.file.path).results["icebreaker"]
    assert isinstance(saved, OneWordResult) and len(saved.entries) == 2


async def test_keys_typed_as_the_next_step_opens_go_to_it(clock: FakeClock) -> None:
    """Ctrl+N and the next step's first item in one burst: the item lands in the list."""
    session = session_on("icebreaker", clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        typed(app, "ctrl+n", *"Kindness", "enter")
        result = session.record.result("values")
        assert isinstance(result, ListResult)
        await settle(pilot, lambda: len(result.items) == 1, "the item typed as the step opened")
        assert [i.text for i in result.items] == ["Kindness"]
        await pilot.press("ctrl+q")
