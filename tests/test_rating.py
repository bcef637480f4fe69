"""The rating kind: its models, one key per rating in the app, the room's bars and average,
the exports, and the averages side by side in an organization's trends."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import AGENDAS, T0, FakeClock
from rich.console import Console
from textual.widgets import Input, Static

from workshop.agenda import Agenda, load_agenda
from workshop.errors import InvalidFileError
from workshop.export.formats import render
from workshop.kinds.rating import (
    Rating,
    RatingResult,
    RatingStep,
    check_rating,
    distribution,
)
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.trends import build_trends, trends_markdown
from workshop.ui.app import WorkshopApp
from workshop.ui.dialogs import ConfirmDialog, FormDialog
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.kinds.rating import RatingPanel, room_view

CULTURE = load_agenda(AGENDAS / "culture-of-service.toml")
FOLLOW_UP = load_agenda(AGENDAS / "follow-up.toml")
STATEMENT = "We serve our key customer well today"


def step(**fields: object) -> RatingStep:
    return RatingStep.model_validate(
        {"id": "r", "kind": "rating", "title": "Rate", "minutes": 5, "statement": "S", **fields}
    )


def rated(*values: int, person: str = "") -> RatingResult:
    return RatingResult(kind="rating", ratings=[Rating(value=v, person=person) for v in values])


# -- the models --------------------------------------------------------------------------


def test_defaults_and_bounds() -> None:
    s = step()
    assert (s.scale, s.low_label, s.high_label, s.attributed) == (5, "poorly", "very well", False)
    for bad in (1, 10, "5", True):
        with pytest.raises(ValueError):
            step(scale=bad)
    with pytest.raises(ValueError):
        Rating(value=0)
    with pytest.raises(ValueError):
        RatingResult(kind="rating", ratings=[Rating(id="a", value=1), Rating(id="a", value=2)])


def test_a_key_is_a_rating_within_the_scale() -> None:
    s = step(scale=4)
    assert [check_rating(s, k) for k in "1234"] == [1, 2, 3, 4]
    for bad in ("5", "0", "x", "12", "", "٣", "²"):
        with pytest.raises(ValueError, match="press 1 to 4"):
            check_rating(s, bad)


def test_distribution_and_average() -> None:
    s = step()
    result = rated(4, 3, 3, 5)
    assert distribution(s, result) == [(1, 0), (2, 0), (3, 2), (4, 1), (5, 1)]
    assert result.average() == 3.75
    assert rated().average() is None
    # A value above a scale shortened since is kept, not dropped.
    assert distribution(step(scale=3), rated(5)) == [(1, 0), (2, 0), (3, 0), (4, 0), (5, 1)]


def test_an_agenda_with_a_bad_rating_step_says_where(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text(
        'id = "a"\ntitle = "A"\n\n[[steps]]\nid = "r"\nkind = "rating"\ntitle = "R"\n'
        'minutes = 5\nstatement = "S"\nscale = 12\n'
    )
    with pytest.raises(InvalidFileError) as caught:
        load_agenda(path)
    assert "a.toml:10: steps[0] (r).scale: must be at most 9" in str(caught.value)


def test_both_shipped_agendas_rate_the_same_statement() -> None:
    for agenda in (CULTURE, FOLLOW_UP):
        (rating,) = [s for s in agenda.steps if s.kind == "rating"]
        assert isinstance(rating, RatingStep) and rating.statement == STATEMENT


# -- exports and trends --------------------------------------------------------------------


def session_with(
    agenda: Agenda, values: list[int], *, anonymous: bool = False, started: datetime = T0
) -> SessionRecord:
    record = SessionRecord.start_new(agenda, organization="Acme Clinic", anonymous=anonymous)
    record.started = started
    result = record.result("service-today")
    assert isinstance(result, RatingResult)
    result.ratings = [Rating(value=v, person=f"P{i}", at=T0) for i, v in enumerate(values)]
    return record


def test_exports_give_distribution_average_and_n() -> None:
    record = session_with(CULTURE, [4, 3, 3, 2])
    md = render(record, "md", trends=False)
    assert "**Average:** 3\\.0 of 5 (n = 4)" in md  # Markdown escapes '3.' as it would a list
    assert "| 3 | 2 | 50% |" in md and "| 1 poorly | 0 | 0% |" in md
    assert "| 5 very well | 0 | 0% |" in md
    csv = render(record, "csv").splitlines()
    rows = [line for line in csv if ",rating," in line]
    assert len(rows) == 4 and f",{STATEMENT},4," in rows[0] and ",P0," in rows[0]
    html = render(record, "html", trends=False)
    assert "3.0 of 5 (n = 4)" in html


def test_an_anonymous_session_names_no_rater() -> None:
    record = session_with(CULTURE, [4, 3], anonymous=True)
    assert ",P0," not in render(record, "csv")


def test_trends_show_the_average_before_and_after() -> None:
    first = session_with(CULTURE, [2, 3, 2, 3])
    later = session_with(FOLLOW_UP, [4, 4, 3], started=T0.replace(month=12, day=23))
    trends = build_trends("acme clinic", [later, first])
    text = trends_markdown(trends)
    assert "## Ratings, session by session" in text
    assert f"| {STATEMENT} | 2.5 (n = 4) | 3.7 (n = 3) |" in text


# -- the room's view -----------------------------------------------------------------------


def rendered(record: SessionRecord, width: int = 80) -> str:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    rating = record.agenda.step("service-today")
    console.print(room_view(record, rating, record.result("service-today")))
    return console.export_text()


def test_room_view_bars_and_average() -> None:
    text = rendered(session_with(CULTURE, [4, 3, 3, 2]))
    assert "average  3.0 of 5 (n = 4)" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line[:1].isdigit()}
    assert set(lines) == {"1", "2", "3", "4", "5"}
    assert lines["3"].count("█") > lines["4"].count("█") > 0 and "█" not in lines["1"]
    assert "poorly" in lines["1"] and "very well" in lines["5"]
    empty = rendered(session_with(CULTURE, []))
    assert "no ratings yet" in empty


# -- capture in the app --------------------------------------------------------------------


def open_on_rating(clock: FakeClock, **fields: object) -> tuple[WorkshopApp, Session]:
    agenda = CULTURE
    if fields.pop("attributed", False):
        steps = [
            s.model_copy(update={"attributed": True}) if s.id == "service-today" else s
            for s in agenda.steps
        ]
        agenda = agenda.model_copy(update={"steps": steps})
    record = SessionRecord.start_new(agenda, **fields)  # type: ignore[arg-type]
    session = Session(SessionFile.create(record), clock)
    session.go_to("service-today")
    return WorkshopApp(session, clock), session


def saved(session: Session) -> list[tuple[str, int]]:
    result = load_record(session.file.path).results["service-today"]
    assert isinstance(result, RatingResult)
    return [(r.person, r.value) for r in result.ratings]


async def test_one_key_one_rating_and_take_back(clock: FakeClock) -> None:
    app, session = open_on_rating(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(RatingPanel)
        assert app.focused is panel
        await pilot.press("4", "3", "3", "5")
        assert saved(session) == [("", 4), ("", 3), ("", 3), ("", 5)]
        await pilot.press("minus", "3")  # take one 3 back
        assert saved(session) == [("", 4), ("", 3), ("", 5)]
        await pilot.press("7")  # off the scale: said, nothing saved
        await pilot.pause()
        assert "press 1 to 5" in str(panel.query_one(".problem").render())
        assert len(saved(session)) == 3
        await pilot.press("ctrl+z")
        assert saved(session) == [("", 4), ("", 3), ("", 3), ("", 5)]
        console = Console(width=60, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(panel.query_one("#room", Static).content)
        assert "3.8 of 5 (n = 4)" in console.export_text()
    session.close()


async def test_attributed_a_name_then_the_key(clock: FakeClock) -> None:
    app, session = open_on_rating(clock, attributed=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ana", "enter")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"Ben", "enter")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert saved(session) == [("Ana", 4), ("Ben", 2)]
        assert session.record.participants == ["Ana", "Ben"]
        assert app.focused is app.screen.query_one("#person")
        await pilot.press("enter")  # no name: said, not saved
        await pilot.pause()
        assert "type a name first" in str(app.screen.query_one(".problem").render())
    session.close()


async def test_the_table_edits_and_deletes(clock: FakeClock) -> None:
    app, session = open_on_rating(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2", "5")
        await pilot.press("down")  # into the table
        assert isinstance(app.focused, EntryTable)
        await pilot.press("home", "enter")  # the newest rating is at the top: the 5
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog) and dialog.values() == {"value": "5"}
        dialog.query_one("#field-value", Input).value = "9"
        await pilot.press("enter")  # refused: off the scale
        await pilot.pause()
        assert app.screen is dialog
        dialog.query_one("#field-value", Input).value = "1"
        await pilot.press("enter")
        await pilot.pause()
        assert saved(session) == [("", 2), ("", 1)]
        await pilot.press("down", "d")  # the cursor came back to the keys: into the table
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert len(saved(session)) == 1
    session.close()
