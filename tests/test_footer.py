"""The session's Footer rebuilds when the keys it shows change, and only then."""

from __future__ import annotations

from conftest import AGENDAS, FakeClock
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from workshop.agenda import load_agenda
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp
from workshop.ui.footer import StableFooter
from workshop.ui.kinds.entry_table import EntryTable
from workshop.ui.session_screen import SessionScreen


def footer_labels(app: WorkshopApp) -> list[str]:
    return [str(key.description) for key in app.screen.query(FooterKey)]


async def test_footer_follows_focus_but_is_not_rebuilt_for_the_same_keys(
    clock: FakeClock,
) -> None:
    record = SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
    session = Session(SessionFile.create(record), clock)
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if isinstance(app.screen, SessionScreen) and app.screen.panel is not None:
                break
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        screen.go_to("values")
        await pilot.pause(0.1)
        footer = screen.query_one(StableFooter)
        rebuilds = 0
        recompose = footer.recompose

        async def counted() -> None:
            nonlocal rebuilds
            rebuilds += 1
            await recompose()

        footer.recompose = counted  # type: ignore[method-assign]
        assert "+vote" not in footer_labels(app)

        table = screen.query_one(EntryTable)
        table.focus()
        await pilot.pause(0.1)
        assert "+vote" in footer_labels(app), "the list's keys show once its table has focus"
        assert rebuilds == 1

        screen.query_one(Input).focus()
        await pilot.pause(0.1)
        assert "+vote" not in footer_labels(app)
        assert rebuilds == 2

        # The name and word fields of the icebreaker show the same keys: the cursor going
        # between them (as it does after every word) rebuilds nothing.
        screen.go_to("icebreaker")
        await pilot.pause(0.2)
        assert screen.query_one(StableFooter) is footer  # still counting
        before = rebuilds
        for selector in ["#word", "#person", "#word", "#person"]:
            screen.query_one(selector, Input).focus()
            await pilot.pause(0.05)
        assert rebuilds == before
        await pilot.press("ctrl+q")
