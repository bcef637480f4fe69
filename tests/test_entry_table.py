"""EntryTable.fill touches only the rows that changed: whatever the change (rows added
above, removed, edited, reordered), the table ends up showing exactly the rows given, in
their order, with the cursor on the same entry."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult

from workshop.ui.kinds.entry_table import (
    CELL_PADDING,
    MIN_FITTED_WIDTH,
    EntryTable,
    fit_widths,
)

Rows = list[tuple[str, tuple[str, ...]]]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table = EntryTable(id="entries")
        table.add_columns("Name", "Word")
        yield table


def shown(table: EntryTable) -> Rows:
    return table.rows


async def test_fill_shows_exactly_the_rows_given_after_any_change() -> None:
    rng = random.Random(6)
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(EntryTable)
        rows: Rows = []
        for n in range(120):
            change = rng.choice(["add", "add", "add", "remove", "edit", "shuffle", "none"])
            if change == "add" or not rows:
                rows.insert(0, (f"k{n}", (f"Person {n % 7}", f"w{n}")))
            elif change == "remove":
                rows.pop(rng.randrange(len(rows)))
            elif change == "edit":
                index = rng.randrange(len(rows))
                rows[index] = (rows[index][0], ("Edited", f"e{n}"))
            elif change == "shuffle":
                rng.shuffle(rows)
            if rows and rng.random() < 0.3:
                table.move_cursor(row=rng.randrange(len(rows)))
            before = table.current_key()
            table.fill(list(rows))
            await pilot.pause()
            assert shown(table) == rows
            if before in dict(rows):
                assert table.current_key() == before


class ActionApp(TableApp):
    """Records the edit and delete requests the table posts."""

    def __init__(self, deletable: bool = True) -> None:
        super().__init__()
        self.deletable = deletable
        self.actions: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        table = EntryTable(id="entries", deletable=self.deletable)
        table.add_columns("Name", "Word")
        yield table

    def on_entry_table_row_action(self, event: EntryTable.RowAction) -> None:
        self.actions.append((event.action, event.key))


def many(n: int) -> Rows:
    return [(f"k{i}", (f"Person {i}", f"word{i}")) for i in range(n)]


def screen_text(table: EntryTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_keys_move_the_cursor_and_keep_it_in_view() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(EntryTable)
        table.fill(many(50))
        table.focus()
        await pilot.pause()
        await pilot.press("down", "down")
        assert table.current_key() == "k2"
        await pilot.press("end")
        await pilot.pause()
        assert table.current_key() == "k49"
        assert any("word49" in line for line in screen_text(table))
        assert "Name" in screen_text(table)[0]  # the header stays on top when scrolled
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert "word0" in screen_text(table)[1]
        await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row > 5
        assert any(f"word{table.cursor_row} " in line for line in screen_text(table))
        await pilot.press("up")
        assert table.cursor_row > 4


async def test_enter_edits_delete_deletes_and_click_picks_a_row() -> None:
    app = ActionApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(EntryTable)
        table.fill(many(5))
        table.focus()
        await pilot.press("enter", "down", "e", "d", "delete")
        await pilot.click(EntryTable, offset=(3, 4))  # line 4 is the fourth row: k3
        await pilot.click(EntryTable, offset=(3, 3), times=2)  # a double click edits k2
        await pilot.pause()
        assert app.actions == [
            ("edit", "k0"),
            ("edit", "k1"),
            ("delete", "k1"),
            ("delete", "k1"),
            ("edit", "k2"),
        ]
        assert table.current_key() == "k2"


async def test_d_is_left_to_the_panel_where_entries_are_not_deletable() -> None:
    app = ActionApp(deletable=False)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(EntryTable)
        table.fill(many(3))
        table.focus()
        await pilot.press("d", "delete")
        assert app.actions == []


async def test_cells_show_as_typed_on_one_line_in_columns_as_wide_as_their_widest() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 8)) as pilot:
        table = app.query_one(EntryTable)
        table.fill([("a", ("[bold]Ana[/]", "two\nlines")), ("b", ("Bo", Text("kind", "red")))])
        await pilot.pause()
        header, first, second = screen_text(table)[:3]
        assert first.startswith(" [bold]Ana[/]  two lines ")
        assert header.startswith(" Name          Word ")
        assert second.startswith(" Bo            kind ")
        assert table.rows == [("a", ("[bold]Ana[/]", "two lines")), ("b", ("Bo", "kind"))]


async def test_a_long_cell_is_cut_short_so_every_column_shows() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(EntryTable)
        table.fill([("a", ("A long commitment that goes on and on", "Fri 4 Dec"))])
        await pilot.pause()
        header, row = screen_text(table)[:2]
        assert row.rstrip().endswith("…  Fri 4 Dec")
        assert header.rstrip().endswith("Word")
        assert table.rows[0][1][0] == "A long commitment that goes on and on"  # kept whole


async def test_a_table_too_narrow_for_its_columns_scrolls_sideways_with_its_header() -> None:
    app = TableApp()
    async with app.run_test(size=(20, 8)) as pilot:
        table = app.query_one(EntryTable)
        table.fill([("a", ("A" * 30, "far-right"))])
        await pilot.pause()
        assert "far-right" not in screen_text(table)[1]
        table.scroll_to(x=30, animate=False)
        await pilot.pause()
        header, row = screen_text(table)[:2]
        assert "far-right" in row
        assert "Word" in header


@given(st.lists(st.integers(0, 120), min_size=1, max_size=6), st.integers(1, 200))
def test_fitted_widths_fit_when_they_can_and_cut_only_the_widest(
    widths: list[int], room: int
) -> None:
    natural = tuple(widths)
    fitted = fit_widths(natural, room)
    pads = 2 * CELL_PADDING * len(natural)
    if sum(natural) + pads <= room:
        assert fitted == natural
        return
    assert all(f <= n for f, n in zip(fitted, natural, strict=True))
    assert all(f == n or f >= MIN_FITTED_WIDTH for f, n in zip(fitted, natural, strict=True))
    cut = {f for f, n in zip(fitted, natural, strict=True) if f < n}
    assert len(cut) <= 1  # every cut column is cut to the same width
    if cut:
        assert all(n <= min(cut) for f, n in zip(fitted, natural, strict=True) if f == n)
    floor = tuple(min(n, MIN_FITTED_WIDTH) for n in natural)
    assert sum(fitted) + pads <= room or fitted == floor
