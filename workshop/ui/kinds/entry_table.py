"""The facilitator's table of captured entries: a header, one line per entry, a row cursor;
Enter or e edits the entry under it, Delete or d deletes it.

Not Textual's DataTable: that keys every render cache on one update counter, so adding a
word to a step of 500 re-rendered every visible row through Rich (~45 ms a word, while
the room waits for its word on the projector). Here a row is rendered once for what it
shows (its cells, stripe, cursor and the column widths) and the line is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: The component classes a row is drawn in: striped, or under the cursor.
ROW_STYLES = ("entry-table--even-row", "entry-table--odd-row", "entry-table--cursor")

#: Blank columns either side of every cell, as DataTable's default.
CELL_PADDING = 1

#: A column cut down to fit the table's width keeps at least this many cells.
MIN_FITTED_WIDTH = 10


def fit_widths(widths: tuple[int, ...], room: int) -> tuple[int, ...]:
    """Column widths that fit in `room` cells, padding included: the widest columns are
    cut down first, to one common width and never below MIN_FITTED_WIDTH, so that at 80
    columns a long commitment does not push its owner, due date and status off screen.
    As they were when they fit, or when there is no room known yet."""
    pads = 2 * CELL_PADDING * len(widths)
    if room <= 0 or sum(widths) + pads <= room:
        return widths
    cap = max(widths)
    while cap > MIN_FITTED_WIDTH and sum(min(w, cap) for w in widths) + pads > room:
        cap -= 1
    return tuple(min(w, cap) for w in widths)


def as_shown(cell: RenderableType) -> Text:
    """A cell as typed, on one line: a str is never read as markup (a participant's `[/]`
    would turn text bold or fail), and a line break shows as a space."""
    text = cell if isinstance(cell, Text) else Text(str(cell))
    if "\n" in text.plain:
        text = Text(" ").join(text.split("\n", allow_blank=True))
    return text


class EntryTable(ScrollView, can_focus=True):
    """Captured entries, one per line, in the order the panel gives them to `fill`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,e", "edit_row", "Edit", id="entry-edit"),
        Binding("d,delete", "delete_row", "Delete", id="entry-delete"),
        Binding("h", "hide_row", "Hide", show=False, id="entry-hide"),
        Binding("up", "cursor_by(-1)", "Up", show=False),
        Binding("down", "cursor_by(1)", "Down", show=False),
        Binding("pageup", "cursor_by(-1, True)", "Page up", show=False),
        Binding("pagedown", "cursor_by(1, True)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entry-table--header",
        "entry-table--even-row",
        "entry-table--odd-row",
        "entry-table--cursor",
    }

    # The look of Textual's DataTable with zebra stripes and a row cursor.
    DEFAULT_CSS = """
    EntryTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .entry-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .entry-table--header { background-tint: $foreground 5%; }
        }
        &:dark > .entry-table--even-row { background: $surface-darken-1 40%; }
        & > .entry-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .entry-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .entry-table--even-row { background: $surface-lighten-1 50%; }
        & > .entry-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowAction(Message):
        """The facilitator asked to edit or delete the entry under the cursor."""

        def __init__(self, table: EntryTable, action: str, key: str) -> None:
            super().__init__()
            self.table = table
            self.action = action
            self.key = key

    def __init__(self, *, deletable: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: False where entries are not the facilitator's to delete (a review's items):
        #: the d key then goes to the panel instead.
        self.deletable = deletable
        self._labels: list[Text] = []
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        #: The rows as `fill` was last given them, and as shown (cells and their widths).
        self._given: dict[str, tuple[RenderableType, ...]] = {}
        self._cells: dict[str, tuple[Text, ...]] = {}
        self._cell_widths: dict[str, tuple[int, ...]] = {}
        #: Each column's widest cell or heading, and the widths drawn (`fit_widths`).
        self._natural: tuple[int, ...] = ()
        self._widths: tuple[int, ...] = ()
        self._cursor = 0
        #: Rendered rows, full width and unscrolled: (key, style name) -> (line, style).
        self._lines: dict[tuple[str, str], tuple[Strip, Style]] = {}

    # -- what it holds -----------------------------------------------------------------

    def add_columns(self, *labels: str) -> None:
        self._labels += [Text(label) for label in labels]
        self._cell_widths = {key: self._column_widths(row) for key, row in self._cells.items()}
        self._lines.clear()
        self._measure()

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def rows(self) -> list[tuple[str, tuple[str, ...]]]:
        """What is shown, in order, as plain text: (key, cells)."""
        return [(key, tuple(cell.plain for cell in self._cells[key])) for key in self._keys]

    @property
    def keys(self) -> list[str]:
        """The keys of the rows shown, in order."""
        return list(self._keys)

    def get_row_index(self, key: str) -> int:
        return self._index[key]

    def current_key(self) -> str | None:
        return self._keys[self._cursor] if self._keys else None

    def fill(self, rows: Iterable[tuple[str, tuple[RenderableType, ...]]]) -> None:
        """Show these rows in this order; the cursor stays on the same entry (or near
        where it was). A row given as it was last time keeps its rendered lines, so one
        more word in a step of 500 renders one row, not 500."""
        before_key, before_row = self.current_key(), self._cursor
        keys: list[str] = []
        given: dict[str, tuple[RenderableType, ...]] = {}
        changed = False
        for key, row in rows:
            keys.append(key)
            given[key] = row
            if self._given.get(key) != row:
                changed = True
                self._cells[key] = tuple(as_shown(cell) for cell in row)
                self._cell_widths[key] = self._column_widths(self._cells[key])
                self._forget(key)
        for gone in self._given.keys() - given.keys():
            self._forget(gone)
            del self._cells[gone], self._cell_widths[gone]
        if not changed and keys == self._keys:
            return
        self._given, self._keys = given, keys
        self._index = {key: index for index, key in enumerate(keys)}
        self._measure()
        if before_key in self._index:
            self._cursor = self._index[before_key]
        else:
            self._cursor = max(0, min(before_row, len(keys) - 1))
        self._scroll_to_cursor()
        self.refresh()

    def _forget(self, key: str) -> None:
        for name in ROW_STYLES:
            self._lines.pop((key, name), None)

    def _column_widths(self, cells: tuple[Text, ...]) -> tuple[int, ...]:
        """The width of each column's cell in this row (0 where the row has none)."""
        widths = [cell.cell_len for cell in cells[: len(self._labels)]]
        return (*widths, *[0] * (len(self._labels) - len(widths)))

    def _measure(self) -> None:
        """Column widths: each as wide as its widest cell or heading, then fitted."""
        rows = self._cell_widths.values()
        headings = tuple(label.cell_len for label in self._labels)
        self._natural = tuple(max(column) for column in zip(headings, *rows, strict=True))
        self._fit()

    def _fit(self) -> None:
        """Fit the columns to the table's width (scrolling sideways only below that)."""
        widths = fit_widths(self._natural, self.scrollable_content_region.width)
        if widths != self._widths:
            self._widths = widths
            self._lines.clear()
            self.refresh()
        total = sum(widths) + 2 * CELL_PADDING * len(widths)
        self.virtual_size = Size(total, len(self._keys) + 1)

    # -- cursor ------------------------------------------------------------------------

    def move_cursor(self, *, row: int) -> None:
        if not self._keys:
            return
        row = max(0, min(row, len(self._keys) - 1))
        if row != self._cursor:
            self.refresh_line(self._cursor + 1)
            self._cursor = row
            self.refresh_line(row + 1)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        """Scroll just enough that the cursor's row shows below the header."""
        rows_shown = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + rows_shown:
            top = self._cursor - rows_shown + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, force=True, immediate=True)

    def action_cursor_by(self, rows: int, page: bool = False) -> None:
        step = max(1, self.scrollable_content_region.height - 1) if page else 1
        self.move_cursor(row=self._cursor + rows * step)

    def action_cursor_to(self, row: int) -> None:
        self.move_cursor(row=row if row >= 0 else len(self._keys) - 1)

    def on_click(self, event: events.Click) -> None:
        row = event.y - 1 + round(self.scroll_y)
        if event.y >= 1 and 0 <= row < len(self._keys):
            self.move_cursor(row=row)
            if event.chain == 2:
                self.action_edit_row()

    def _on_resize(self) -> None:
        self._fit()
        self._scroll_to_cursor()

    # -- edit and delete ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.deletable or action != "delete_row"

    def _post(self, action: str) -> None:
        if (key := self.current_key()) is not None:
            self.post_message(self.RowAction(self, action, key))

    def action_edit_row(self) -> None:
        self._post("edit")

    def action_delete_row(self) -> None:
        self._post("delete")

    def action_hide_row(self) -> None:
        self._post("hide")

    # -- drawing -----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # focus or theme changed a colour

    def _line(self, cells: Iterable[Text], style: Style) -> Strip:
        """One row as it would show with no horizontal scroll."""
        console = self.app.console
        segments: list[Segment] = []
        pad = Segment(" " * CELL_PADDING, style)
        for cell, width in zip(cells, self._widths, strict=False):
            cell = cell.copy()
            cell.truncate(width, overflow="ellipsis", pad=True)
            # Text.render leaves out the text's own style (bold votes, a red status).
            cell_style = style + console.get_style(cell.style) if cell.style else style
            segments.append(pad)
            segments += Segment.apply_style(cell.render(console), cell_style)
            segments.append(pad)
        return Strip(segments).simplify()

    def _cached_line(self, key: str, name: str, cells: Iterable[Text]) -> tuple[Strip, Style]:
        if (kept := self._lines.get((key, name))) is None:
            style = self.rich_style + self.get_component_rich_style(name)
            kept = self._lines[(key, name)] = (self._line(cells, style), style)
        return kept

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = round(self.scroll_x), round(self.scroll_y)
        row = y - 1 + scroll_y
        if y == 0:
            line, style = self._cached_line("", "entry-table--header", self._labels)
        elif row < len(self._keys):
            if row == self._cursor:
                name = "entry-table--cursor"
            else:
                name = "entry-table--odd-row" if row % 2 else "entry-table--even-row"
            key = self._keys[row]
            line, style = self._cached_line(key, name, self._cells[key])
        else:
            return Strip.blank(width, self.rich_style)
        return line.crop_extend(scroll_x, scroll_x + width, style)
