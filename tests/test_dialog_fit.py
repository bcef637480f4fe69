"""The start dialog fits a projector's 80x24: every field, the Anonymous box and Start."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input

from workshop.ui.app import WorkshopApp
from workshop.ui.dialogs import StartSessionDialog


async def open_start_dialog(pilot: Pilot) -> StartSessionDialog:
    """Enter on the launcher's first agenda (the default one): its start dialog."""
    await pilot.pause()
    await pilot.press("enter")
    for _ in range(50):
        if isinstance(pilot.app.screen, StartSessionDialog):
            break
        await pilot.pause(0.02)
    dialog = pilot.app.screen
    assert isinstance(dialog, StartSessionDialog)
    return dialog


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (100, 35), (100, 36), (120, 40)])
async def test_start_dialog_shows_every_field_on_screen(size: tuple[int, int]) -> None:
    """At 100x30 the Start button was a bar with no label: cut off by the dialog's frame."""
    app = WorkshopApp()
    async with app.run_test(size=size) as pilot:
        dialog = await open_start_dialog(pilot)
        await pilot.pause()
        width, height = size
        frame = dialog.query_one("Vertical").content_region
        widgets = [*dialog.query(Input), dialog.query_one(Checkbox), dialog.query_one(Button)]
        assert len(widgets) == 5
        for widget in widgets:
            region = widget.region
            assert region.height >= 1, widget
            assert region.y >= 0 and region.bottom <= height, (widget, region)
            assert region.x >= 0 and region.right <= width, (widget, region)
            assert frame.contains_region(region), (widget, region, frame)
        assert "Start" in str(dialog.query_one(Button).label)
        await pilot.press("escape")


async def test_space_ticks_anonymous_and_enter_then_starts_the_session() -> None:
    """Enter on the Anonymous box starts the session; it does not untick the box."""
    app = WorkshopApp()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_start_dialog(pilot)
        dialog.query_one(Checkbox).focus()
        await pilot.pause()
        results = []
        dialog.dismiss = results.append  # type: ignore[method-assign,assignment]
        await pilot.press("space", "enter")
        await pilot.pause()
        assert dialog.query_one(Checkbox).value is True
        assert len(results) == 1 and results[0].anonymous is True
