"""The history screen over a thousand records: it lists (from the records' headers at first,
filling in the entries once it has read them in full), filters as you type, opens one
read-only, and starts a rerun or a follow-up from it."""

from __future__ import annotations

import io
import random
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import AGENDAS, T0
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, OptionList

from workshop.agenda import load_agenda
from workshop.catalog import SessionListing, SessionSummary, list_sessions
from workshop.kinds.commitments import Commitment
from workshop.kinds.one_word import WordEntry
from workshop.paths import ensure_private_dir, sessions_dir
from workshop.record import SessionRecord
from workshop.storage import dump_record, record_filename
from workshop.ui.app import WorkshopApp
from workshop.ui.history import MAX_ROWS, HistoryScreen, SessionSummaryScreen, step_summary
from workshop.ui.session_screen import SessionScreen

ORGANIZATIONS = ["Acme Clinic", "Northside Library", "Harbour Hotel", "City Lab", "Riverside Care"]


def generate_records(count: int) -> list[SessionRecord]:
    """`count` plausible records written straight to the sessions folder."""
    agenda = load_agenda(AGENDAS / "culture-of-service.toml")
    folder = ensure_private_dir(sessions_dir())
    rng = random.Random(7)
    records = []
    for n in range(count):
        org = ORGANIZATIONS[n % len(ORGANIZATIONS)]
        record = SessionRecord.start_new(agenda, title=f"Workshop {n:04d}", organization=org)
        record.created = T0 - timedelta(days=n)
        record.status = "finished" if n % 3 else "in-progress"
        icebreaker = record.result("icebreaker")
        for i in range(rng.randint(0, 6)):
            name = record.add_participant(f"Person {i}")
            icebreaker.entries.append(WordEntry(person=name, word=rng.choice(["kind", "fast"])))
        record.result("commitments").items.append(Commitment(what=f"Follow-up action {n}"))
        (folder / record_filename(record)).write_bytes(dump_record(record))
        records.append(record)
    return records


async def test_history_lists_filters_and_opens_one_of_a_thousand() -> None:
    records = generate_records(1000)
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert len(history.sessions) == 1000
        assert len(history.shown) == MAX_ROWS  # the newest; typing narrows
        assert history.shown[0].title == "Workshop 0000"

        await pilot.press(*"harbour", "space", *"0042")
        await pilot.pause()
        assert [s.title for s in history.shown] == ["Workshop 0042"]
        await pilot.press("enter")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SessionSummaryScreen)
        assert summary.record.id == records[42].id
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(step_summary(summary.record))
        text = console.export_text()
        assert "Workshop 0042 — Harbour Hotel" in text
        assert "2. One word for service" in text

        await pilot.press("escape")  # back to the filtered list
        await pilot.pause()
        assert app.screen is history
        await pilot.press("ctrl+a", "ctrl+k", *"riverside")  # a new filter
        await pilot.pause()
        assert len(history.shown) == 200
        assert all(s.organization == "Riverside Care" for s in history.shown)
        await pilot.press("ctrl+q")


@pytest.fixture
def held_counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Entries are counted (records read in full) only once the event is set."""
    release = threading.Event()
    complete = SessionListing.complete

    def held(self: SessionListing, summary: SessionSummary) -> SessionSummary:
        release.wait(timeout=30)
        return complete(self, summary)

    monkeypatch.setattr(SessionListing, "complete", held)
    yield release
    release.set()  # a failed test must not leave the worker waiting


def rows(table: DataTable[str]) -> dict[str, str]:
    """Title -> the Entries cell, for every row."""
    titles, entries = table.get_column("title"), table.get_column("entries")
    return {str(t): str(e) for t, e in zip(titles, entries, strict=True)}


async def listed(pilot: Pilot[Any], table: DataTable[str]) -> None:
    for _ in range(1000):
        if table.row_count:
            return
        await pilot.pause(0.01)
    raise AssertionError("the list never showed")


async def open_history(pilot: Pilot[Any]) -> tuple[HistoryScreen, DataTable[str]]:
    """From the launcher, the history screen with its first list on screen."""
    await pilot.press("h")
    history = pilot.app.screen
    assert isinstance(history, HistoryScreen)
    table = history.query_one("#history", DataTable)
    await listed(pilot, table)
    return history, table


async def test_history_lists_from_headers_then_fills_in_the_entries(
    held_counting: threading.Event,
) -> None:
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the launcher's listing, of no records yet
        records = generate_records(30)
        history, table = await open_history(pilot)
        assert rows(table) == {r.title: "…" for r in records}
        assert "counting entries" in str(history.query_one("#history-count", Label).content)

        held_counting.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(table) == {r.title: str(r.entry_count()) for r in records}
        assert {s.entries for s in history.sessions} == {r.entry_count() for r in records}
        assert [s.entries for s in history.shown] == [r.entry_count() for r in records]
        assert "counting" not in str(history.query_one("#history-count", Label).content)
        await pilot.press("ctrl+q")


async def test_a_record_changed_while_its_entries_are_counted_shows_as_it_is_now(
    held_counting: threading.Event,
) -> None:
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        records = generate_records(5)
        history, table = await open_history(pilot)
        changed = records[2]
        path = sessions_dir() / record_filename(changed)
        changed.title = "Workshop 0002 (renamed)"
        changed.result("commitments").items.append(Commitment(what="One more"))
        path.write_bytes(dump_record(changed))  # as another workshop saving it would

        held_counting.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(table) == {r.title: str(r.entry_count()) for r in records}
        assert "Workshop 0002 (renamed)" in [s.title for s in history.shown]
        await pilot.press("ctrl+q")


def broken_after_its_header(record: SessionRecord) -> Path:
    """Its record file, given a current step the agenda does not have: the header reads
    as a session, the full read finds it broken."""
    path = sessions_dir() / record_filename(record)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('current_step = "', 'current_step = "no-', 1), "utf-8")
    return path


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The filter of every time the history drew its whole list afresh."""
    queries: list[str] = []
    draw = HistoryScreen._filter

    def counted_draw(self: HistoryScreen, query: str) -> None:
        queries.append(query)
        draw(self, query)

    monkeypatch.setattr(HistoryScreen, "_filter", counted_draw)
    return queries


def row_cells(table: DataTable[str], row: int) -> list[str]:
    """The row's cells as text ("" for an empty one)."""
    return ["" if cell is None else str(cell) for cell in table.get_row(str(row))]


async def test_a_record_broken_after_its_header_is_shown_broken_in_its_own_row(
    held_counting: threading.Event, drawn: list[str]
) -> None:
    """Its header lists it as a session; read in full it is broken (an unknown current
    step): its row says so, drawn again in place, not the whole list (which cost the history
    a second with 50 such files among 1,000), and as the list drawn afresh shows it."""
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        records = generate_records(5)
        path = broken_after_its_header(records[2])
        history, table = await open_history(pilot)
        assert rows(table)[records[2].title] == "…"  # listed from its header
        drawn.clear()

        held_counting.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert drawn == [], "the list was drawn again"
        row = history._rows[path]
        cells = row_cells(table, row)
        assert cells[1:5] == ["broken", "", "", path.name]
        assert "current_step" in cells[5] and cells[6] == ""
        assert history.shown[row].error and history.sessions[row].error
        others = {r.title: str(r.entry_count()) for r in records if r is not records[2]}
        assert {t: e for t, e in rows(table).items() if t != path.name} == others

        await pilot.press("escape")
        await pilot.pause()
        history, table = await open_history(pilot)  # from the index now: drawn afresh
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert row_cells(table, history._rows[path]) == cells
        await pilot.press("ctrl+q")


async def test_a_record_broken_after_its_header_leaves_a_filtered_list(
    held_counting: threading.Event,
) -> None:
    """A broken file passes no filter: typed before its entries were counted, the filter
    keeps it while its header says it is a session, and the list loses it once read."""
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        records = generate_records(5)
        broken_after_its_header(records[2])
        history, table = await open_history(pilot)
        await pilot.press(*"workshop")
        await pilot.pause()
        assert len(history.shown) == 5

        held_counting.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [s.title for s in history.shown] == [r.title for r in records if r is not records[2]]
        assert rows(table) == {
            r.title: str(r.entry_count()) for r in records if r is not records[2]
        }
        await pilot.press("ctrl+q")


async def test_follow_up_from_a_summary_starts_the_review() -> None:
    records = generate_records(3)
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"Workshop 0001", "enter")  # finished (1 % 3 != 0)
        await pilot.pause()
        assert isinstance(app.screen, SessionSummaryScreen)
        await pilot.press("f")  # follow up: the start dialog, Enter accepts
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        session = app.screen.session
        assert session.record.follows == records[1].id
        assert session.record.current_step == "review"
        review = session.record.results["review"]
        assert [item.what for item in review.items] == ["Follow-up action 1"]
        assert len(app.screen_stack) == 2, "history and summary closed behind the session"
        await pilot.press("ctrl+q")
    assert len(list_sessions()) == 4


def test_typed_digits_match_a_session_id_only_from_its_start() -> None:
    """`0042` finds Workshop 0042, not a session whose random id has 0042 in the middle."""
    from pathlib import Path

    from workshop.catalog import SessionSummary
    from workshop.ui.history import matches

    wanted = SessionSummary(path=Path("a.toml"), id="9f1c2e3d", title="Workshop 0042")
    unrelated = SessionSummary(path=Path("b.toml"), id="ab004207", title="Workshop 0407")
    assert matches(wanted, ["0042"])
    assert not matches(unrelated, ["0042"])
    assert matches(unrelated, ["ab00"])  # the id prefix `workshop resume` takes


async def test_the_launcher_shows_the_agendas_while_the_sessions_are_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first read of many records takes a second or more: the agendas, which the
    facilitator usually wants, must not wait for it."""
    import workshop.ui.launcher as launcher_module

    generate_records(3)
    release = threading.Event()

    def slow_list_sessions() -> list[SessionSummary]:
        release.wait(timeout=30)
        return list_sessions()

    monkeypatch.setattr(launcher_module, "list_sessions", slow_list_sessions)
    app = WorkshopApp()
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            agendas = app.screen.query_one("#agendas", OptionList)
            sessions = app.screen.query_one("#sessions", OptionList)
            for _ in range(500):
                if agendas.option_count:
                    break
                await pilot.pause(0.01)
            assert agendas.option_count > 0 and app.focused is agendas
            assert sessions.option_count == 0
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert sessions.option_count == 3
            assert app.focused is agendas
    finally:
        release.set()


async def test_a_file_left_checking_shows_so_then_its_reason_in_its_own_row(
    held_counting: threading.Event, drawn: list[str]
) -> None:
    """A file the first pass does not judge (nested too deeply, from a newer workshop) is
    listed at once as "checking…", then as broken with its reason, in its own row."""
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        records = generate_records(3)
        folder = sessions_dir()
        (folder / "deep.toml").write_text("x = " + "[" * 800 + "]" * 800, encoding="utf-8")
        newer = (folder / record_filename(records[0])).read_text(encoding="utf-8")
        newer = newer.replace("schema_version = ", "schema_version = 9", 1)
        (folder / "newer.toml").write_text(newer, encoding="utf-8")
        history, table = await open_history(pilot)
        checking = {s.path.name for s in history.sessions if s.checking}
        assert checking == {"deep.toml", "newer.toml"}
        for name in checking:
            cells = row_cells(table, history._rows[folder / name])
            assert cells == ["?", "checking…", "", "…", name, "", ""]
        drawn.clear()

        held_counting.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert drawn == [], "the list was drawn again"
        deep = row_cells(table, history._rows[folder / "deep.toml"])
        assert deep[1] == "broken" and deep[5].startswith("is nested too deeply to read")
        assert "newer workshop" in row_cells(table, history._rows[folder / "newer.toml"])[5]
        assert {t: e for t, e in rows(table).items() if t.startswith("Workshop")} == {
            r.title: str(r.entry_count()) for r in records
        }
        await pilot.press("ctrl+q")


async def test_a_good_record_left_checking_takes_its_place_once_read() -> None:
    """A record written with no table after its header (every table inline, by hand) is
    a good one: listed last as "checking…" (no date yet), then in its place, the newest."""
    from test_catalog_headers import INLINE

    generate_records(3)
    (sessions_dir() / "inline.toml").write_text(
        INLINE.replace("2026-11-23T09:00:00Z", "2026-12-01T09:00:00Z", 1), encoding="utf-8"
    )
    app = WorkshopApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        history, table = await open_history(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert history.shown[0].title == "Hand edited"
        assert rows(table)["Hand edited"] == "1"
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("width", [80, 100])
async def test_status_and_counts_stay_on_screen_at_narrow_widths(width: int) -> None:
    """At 100 columns long titles cut Status to 'finishe' and pushed the counts off the
    screen: the short columns now come first, and only the long text is cut."""
    agenda = load_agenda(AGENDAS / "culture-of-service.toml")
    folder = ensure_private_dir(sessions_dir())
    for status in ("finished", "in-progress"):
        record = SessionRecord.start_new(
            agenda,
            title="Customer service culture, second round for the evening shift " + status,
            organization="St Mary's Community Hospital, Outpatients",
        )
        record.status = status
        (folder / record_filename(record)).write_bytes(dump_record(record))
    app = WorkshopApp()
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        _, table = await open_history(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        edges: dict[str, int] = {}
        right = 0
        for column in table.ordered_columns:
            right += column.get_render_width(table)
            edges[str(column.key.value)] = right
        for key in ("status", "people", "entries"):
            assert edges[key] <= table.scrollable_content_region.width, (key, edges)
        await pilot.press("ctrl+q")
