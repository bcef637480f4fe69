"""The vocabulary of a report, and the tidy CSV row: plain data, no formatting.

Neutral ground: the step kinds describe their results in it, the exports render it, and
neither imports the other.

A step kind describes its results once, as blocks; each renderer (Markdown, HTML) decides
how a block looks and how its text is escaped. Text in blocks is always plain text as
captured, never markup: escaping is the renderer's job, so no kind can forget it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Literal

Tone = Literal["plain", "muted", "private", "quote"]


@dataclass(frozen=True)
class Heading:
    """A section title; level 1 is the report's title."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Running text, optionally with a bold label in front ("Due: ...").

    `tone` says what the text is: `muted` for remarks about the report itself, `quote` for
    the prompt the room was given, `private` for the marker above private notes.
    """

    text: str
    label: str = ""
    tone: Tone = "plain"


@dataclass(frozen=True)
class Bullets:
    """A list of short texts, in the order given."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Labelled values (organization, date, ...): a definition list."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """Rows of plain-text cells under headers; `numeric` columns are right-aligned."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.headers):
                raise ValueError(f"a row of {len(row)} cells under {len(self.headers)} headers")


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what is counted, how many, and whether it is marked (a category
    that serves the outcome, a word that echoes a value: `Chart.marked` says which)."""

    label: str
    count: int
    marked: bool = False


@dataclass(frozen=True)
class Chart:
    """Counts as bars, for the eye: a tally's categories, a rating's points, the most said
    words. It always stands beside a Table of the same numbers (the table is what a screen
    reader, a spreadsheet or a plain-text email reads), so a renderer may leave it out.

    Each bar's share is of `total` (its count over the bars' sum when 0: a chart of the
    most said words leaves words out but not from the whole). With `average`, the bars
    are the points of a scale from 1 in order, drawn as columns with the average marked.
    `marked` names what a marked bar is; `note` is a line under the chart.
    """

    title: str
    bars: tuple[Bar, ...]
    total: int = 0
    average: float | None = None
    marked: str = ""
    note: str = ""

    def whole(self) -> int:
        """What the shares are of."""
        return self.total or sum(bar.count for bar in self.bars)

    def share(self, bar: Bar) -> str:
        """The bar's share as the table beside it shows it (`percent`)."""
        return percent(bar.count, self.whole())


Block = Heading | Paragraph | Bullets | Facts | Table | Chart


def table(
    headers: list[str] | tuple[str, ...],
    rows: list[list[str]] | list[tuple[str, ...]],
    numeric: tuple[int, ...] = (),
) -> Table:
    """A Table from lists (the kinds build rows as lists)."""
    return Table(tuple(headers), tuple(tuple(r) for r in rows), frozenset(numeric))


@dataclass(frozen=True)
class CsvRow:
    """One captured item as a tidy spreadsheet row; every cell is text, '' when unknown."""

    session: str = ""
    step_id: str = ""
    step_kind: str = ""
    participant: str = ""
    field: str = ""
    value: str = ""
    tag: str = ""
    votes: str = ""
    owner: str = ""
    due: str = ""
    status: str = ""
    time: str = ""

    def cells(self) -> list[str]:
        return [getattr(self, name) for name in CSV_COLUMNS]


#: The CSV header, in order: exactly the fields of CsvRow.
CSV_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(CsvRow))


# -- How values read in a report: the same everywhere, whatever the locale. ----------------

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date | None) -> str:
    """A date as people read it (Fri 4 Dec 2026); '—' for none. Not strftime: no locale."""
    if value is None:
        return "—"
    return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"


def iso(value: date | datetime | None) -> str:
    """A date or time as a spreadsheet reads it (ISO 8601); '' for none."""
    return value.isoformat() if value is not None else ""


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 word', '3 words'."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def percent(part: float, whole: float) -> str:
    """A share as a whole percentage, halves rounded up as people expect (3 of 40 is 8%,
    5 of 40 is 13%; Python's round() makes halves even: 8% and 12%), the same in the app,
    the room's view and every export; '—' when there is nothing to share."""
    return f"{math.floor(100 * part / whole + 0.5)}%" if whole else "—"
