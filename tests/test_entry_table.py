"""EntryTable.fill touches only the rows that changed: whatever the change (rows added
above, removed, edited, reordered), the table ends up showing exactly the rows given, in
their order, with the cursor on the same entry."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult

from workshop.ui.kinds.base import EntryTable

Rows = list[tuple[str, tuple[str, ...]]]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table = EntryTable(id="entries")
        table.add_columns("Name", "Word")
        yield table


def shown(table: EntryTable) -> Rows:
    return [
        (str(row.key.value), tuple(str(cell) for cell in table.get_row(row.key)))
        for row in table.ordered_rows
    ]


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


async def test_fill_after_the_table_was_cleared_another_way() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(EntryTable)
        table.fill([("a", ("Ana", "kind")), ("b", ("Ben", "fast"))])
        table.clear()
        table.add_row("Cy", "warm", key="c")
        table.add_row("Di", "calm", key="d")  # as many rows as fill left, other keys
        table.fill([("b", ("Ben", "fast")), ("a", ("Ana", "kind"))])
        await pilot.pause()
        assert shown(table) == [("b", ("Ben", "fast")), ("a", ("Ana", "kind"))]
