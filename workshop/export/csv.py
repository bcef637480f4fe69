"""Tidy CSV: one row per captured item, for a spreadsheet.

Written with the `csv` module (minimal quoting: a cell with a comma, a quote or a line
break is quoted, quotes doubled), rows ending in CRLF as RFC 4180 asks, UTF-8 without a
BOM. The text is meant to be written to a file opened with newline="" (or as bytes), so
that line breaks inside cells are kept exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from workshop.blocks import CSV_COLUMNS, CsvRow


def to_csv(rows: Iterable[CsvRow]) -> str:
    """The header, then the rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue()
