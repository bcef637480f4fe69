"""Exports and trends from inside the app: the command palette in a session, and the keys
of a read-only summary."""

from __future__ import annotations

import csv
import html
import io
import re

from conftest import AGENDAS, FakeClock
from textual.widgets import Markdown

from workshop.agenda import load_agenda
from workshop.kinds.one_word import WordEntry
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp
from workshop.ui.exporting import TrendsScreen


def new_session(clock: FakeClock, organization: str = "Acme Clinic") -> Session:
    record = SessionRecord.start_new(
        load_agenda(AGENDAS / "culture-of-service.toml"), organization=organization
    )
    return Session(SessionFile.create(record), clock)


def svg_text(svg: str) -> str:
    """The text an SVG screenshot shows, run together."""
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_export_from_the_palette_writes_each_format_beside_the_record() -> None:
    clock = FakeClock()
    session = new_session(clock)
    path = session.file.path
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"Ana", "enter", *"<script>", "enter")
        await pilot.pause()
        for fmt, down in (("md", 0), ("html", 1), ("csv", 2), ("svg", 3)):
            await palette(pilot, "Export")
            await pilot.press(*["down"] * down, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            if fmt != "svg":
                assert path.with_suffix(f".{fmt}").is_file(), fmt
        pictures = list(path.parent.glob(f"{path.stem}-*.svg"))
        assert len(pictures) == 1
        assert not app.screen.present, "the console stays as it was"
        await pilot.press("ctrl+q")
    # The room's view (`workshop present`'s), not the console: it showed the fields, the
    # agenda and the keys (issue 16, item 13).
    seen = svg_text(pictures[0].read_text(encoding="utf-8"))
    assert "step 2 of 8" in seen and "1 word" in seen
    for console_only in ("Quit", "palette", "Name", "Notes", "planned"):
        assert console_only not in seen, console_only
    assert "&lt;script&gt;" in path.with_suffix(".html").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(path.with_suffix(".csv").read_text("utf-8"))))
    assert any(row["value"] == "<script>" and row["participant"] == "Ana" for row in rows)
    assert "One word for service" in path.with_suffix(".md").read_text(encoding="utf-8")


async def test_trends_screen_for_the_sessions_organization() -> None:
    clock = FakeClock()
    earlier = new_session(clock)
    with earlier.change("icebreaker") as result:
        result.entries.append(WordEntry(word="slow", tag="today"))
    earlier.finish()
    earlier.close()
    session = new_session(clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await palette(pilot, "Trends for Acme")
        assert isinstance(app.screen, TrendsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        markdown = app.screen.query_one(Markdown)
        assert "Acme Clinic" in markdown.source
        assert "slow" in markdown.source
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrendsScreen)
        await pilot.press("ctrl+q")
