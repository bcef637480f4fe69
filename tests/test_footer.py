"""The session's Footer rebuilds when the keys it shows change, and only then."""

from __future__ import annotations

import pytest
from conftest import AGENDAS, FakeClock
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from workshop.agenda import load_agenda
from workshop.kinds.list_items import ListItem
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp
from workshop.ui.footer import PALETTE_WIDTH, StableFooter, keys_to_hide
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


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 45)])
async def test_undo_and_quit_stay_in_sight_at_any_width(
    clock: FakeClock, size: tuple[int, int]
) -> None:
    """At 100 and 80 columns the Footer was cut at the right: Undo and Quit were not
    visible in a list's table. Keys a facilitator needs least now give way first."""
    record = SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
    session = Session(SessionFile.create(record), clock)
    session.go_to("values")
    with session.change("values") as result:
        result.items.append(ListItem(text="Kindness"))  # type: ignore[union-attr]
    app = WorkshopApp(session, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("down")  # into the table: its keys join the session's
        await pilot.pause()
        footer = app.screen.query_one(StableFooter)
        palette = footer.query_one(".-command-palette", FooterKey)
        shown = [k for k in footer.query(FooterKey) if k.display and k is not palette]
        labels = [str(k.description) for k in shown]
        for needed in ("Undo", "Quit", "Next", "+vote", "Delete"):
            assert needed in labels, (size, labels)
        for key in shown:  # none cut off, none under the palette key
            assert key.region.right <= palette.region.x, (key, size)
        if size[0] >= 160:
            assert "Go to" in labels  # nothing gives way where all fit
        await pilot.press("ctrl+q")


def test_keys_give_way_in_order_until_the_rest_fit() -> None:
    keys = [("edit_row", 7), ("next_step", 8), ("jump", 8), ("previous_step", 8), ("quit", 8)]
    assert keys_to_hide(keys, 39 + PALETTE_WIDTH) == set()
    assert keys_to_hide(keys, 38 + PALETTE_WIDTH) == {"jump"}
    assert keys_to_hide(keys, 30 + PALETTE_WIDTH) == {"jump", "previous_step"}
    assert keys_to_hide(keys, 10) == {"jump", "previous_step", "edit_row"}


async def test_the_keys_come_after_the_first_frame_and_are_built_once(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame shows the step without the Footer's keys (they cost a fifth of it);
    they are filled in after the panel's frame, once, with the keys the panel wants."""
    record = SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
    session = Session(SessionFile.create(record), clock)
    session.go_to("values")  # a list step: its panel's field has focus, its table does not
    app = WorkshopApp(session, clock)
    first_frame: list[int] = []
    display = app._display

    def noted(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None and not first_frame and isinstance(screen, SessionScreen):
            first_frame.append(len(screen.query(FooterKey)))

    app._display = noted  # type: ignore[method-assign]
    rebuilds = 0
    recompose = StableFooter.recompose

    async def counted(self: StableFooter) -> None:
        nonlocal rebuilds
        rebuilds += 1
        await recompose(self)

    monkeypatch.setattr(StableFooter, "recompose", counted)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(3):
            await pilot.pause()
        assert first_frame == [0]
        assert "Quit" in footer_labels(app) and "+vote" not in footer_labels(app)
        assert rebuilds == 1
        await pilot.press("ctrl+q")
