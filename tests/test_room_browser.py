"""The phone page in a real browser: headless Chromium (the system's, from apt) driven by
Playwright at a phone's width. Skipped, with the reason, where either is missing."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import AGENDAS, FakeClock
from rich.console import Console

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.room.public import public_state, submit
from workshop.room.server import RoomServer
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.kinds import ROOM_VIEWS

playwright_api = pytest.importorskip(
    "playwright.async_api", reason="Playwright is not installed (pip install -e '.[test]')"
)
CHROMIUM = os.environ.get("WORKSHOP_CHROMIUM") or next(
    filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser"))), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)"
)

#: A common small phone screen, in CSS pixels.
PHONE = {"width": 360, "height": 740}
#: Where a screenshot of the page goes when set (to look at it as a person would).
SHOTS = os.environ.get("WORKSHOP_SCREENSHOTS")


@pytest.fixture
async def served(clock: FakeClock) -> AsyncIterator[tuple[Session, RoomServer]]:
    agenda = load_agenda(AGENDAS / "culture-of-service.toml")
    session = Session(SessionFile.create(SessionRecord.start_new(agenda)), clock)
    server = RoomServer(
        lambda: public_state(session.record),
        lambda step, action, values, device: submit(session, step, action, values, device),
    )
    session.saved_listeners.append(server.changed)
    await server.start()
    yield session, server
    await server.stop()
    session.close()


def room_view_text(session: Session, step_id: str) -> str:
    record = session.record
    step = record.agenda.step(step_id)
    console = Console(width=100, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(ROOM_VIEWS[step.kind](record, step, record.result(step_id)))
    return console.export_text()


async def test_a_phone_follows_the_steps_and_sends_a_word(
    served: tuple[Session, RoomServer],
) -> None:
    session, server = served
    async with playwright_api.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        await page.goto(server.url)
        await page.get_by_text("Listen to the facilitator.").wait_for(timeout=5000)
        assert "Culture of customer service" in await page.locator("#session").inner_text()

        session.go_to("icebreaker")  # the facilitator moves on: the page follows
        await page.get_by_role("heading", name="One word for service").wait_for(timeout=5000)
        await page.get_by_label("Your name (optional)").fill("Ana")
        await page.get_by_label("Up to 2 words").fill("three whole words")
        await page.get_by_role("button", name="Send").click()
        await page.get_by_text("at most 2 words: 'three whole words' has 3").wait_for(timeout=5000)
        await page.get_by_label("Up to 2 words").fill("on time")
        await page.get_by_role("button", name="Send").click()
        await page.get_by_text("Thank you: 'on time' is in.").wait_for(timeout=5000)
        assert await page.get_by_label("Up to 2 words").input_value() == ""  # ready for the next
        if SHOTS:
            await page.screenshot(path=str(Path(SHOTS) / "phone-one-word.png"), full_page=True)

        # Large targets, and nothing wider than the phone.
        button = await page.get_by_role("button", name="Send").bounding_box()
        assert button is not None and button["height"] >= 44
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]

        session.go_to("service-today")  # a rating: one tap
        await page.get_by_role("button", name="4", exact=True).click()
        assert await page.get_by_role("button", name="5 very well").is_visible()
        await page.get_by_text("Thank you: you rated it 4.").wait_for(timeout=5000)
        if SHOTS:
            await page.screenshot(path=str(Path(SHOTS) / "phone-rating.png"), full_page=True)
        await browser.close()

    record = load_record(session.file.path)
    (word,) = record.results["icebreaker"].entries  # type: ignore[union-attr]
    assert (word.person, word.word, word.device) == ("Ana", "on time", word.device)
    assert word.device is not None and len(word.device) == 16
    assert "ON TIME" in room_view_text(session, "icebreaker")
    (rating,) = record.results["service-today"].ratings  # type: ignore[union-attr]
    assert rating.value == 4
