"""Tidy CSV: one row per captured item, for a spreadsheet.

Written with the `csv` module (minimal quoting: a cell with a comma, a quote or a line
break is quoted, quotes doubled), rows ending in CRLF as RFC 4180 asks, UTF-8 without a
BOM. The text is meant to be written to a file opened with newline="" (or as bytes), so
that line breaks inside cells are kept exactly.

A cell a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a
carriage return: OWASP's rule against CSV injection) gets a leading single quote, so a
captured word `=HYPERLINK(...)` shows as text. `neutralize=False` writes cells as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from workshop.blocks import CSV_COLUMNS, CsvRow

#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(cell: str) -> str:
    """`cell`, with a leading single quote if a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_csv(rows: Iterable[CsvRow], *, neutralize: bool = True) -> str:
    """The header, then the rows; formulas neutralized unless `neutralize` is False."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    if neutralize:
        writer.writerows([neutral(cell) for cell in row.cells()] for row in rows)
    else:
        writer.writerows(row.cells() for row in rows)
    return buffer.getvalue()
