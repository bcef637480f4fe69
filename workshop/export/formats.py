"""The entry points: a session record as Markdown, HTML or CSV text, or as a file.

Everything here is plain Python: the CLI calls it, and the app calls it (in a worker
thread, since trends read the sessions folder).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

from workshop.atomic import atomic_write
from workshop.blocks import Block
from workshop.errors import WorkshopError
from workshop.export.csv import to_csv
from workshop.export.html import to_html
from workshop.export.markdown import to_markdown
from workshop.export.report import session_blocks, session_rows
from workshop.record import SessionRecord
from workshop.textsafe import visible

Format = Literal["md", "csv", "html"]

#: Format -> file extension.
FORMATS: dict[str, str] = {"md": ".md", "csv": ".csv", "html": ".html"}


def trends_section(record: SessionRecord, sessions_folder: Path | None = None) -> list[Block]:
    """A summary of the record's organization's trends, if it has more than one session:
    the last few sessions up to this one (`summary_trends`: only those records are read),
    and how many more there are (`workshop trends` shows them all)."""
    from workshop.trends import summary_trends, trends_blocks

    if not record.organization.strip():
        return []
    trends = summary_trends(record, sessions_folder)
    return trends_blocks(trends) if trends.on_record > 1 else []


def render_markdown(
    record: SessionRecord,
    *,
    include_private: bool = False,
    trends: bool = True,
    sessions_folder: Path | None = None,
) -> str:
    """The summary to email; with a summary of the organization's trends when `trends` and
    it has more than one session in `sessions_folder` (default: the user's sessions)."""
    extra = trends_section(record, sessions_folder) if trends else []
    return to_markdown(session_blocks(record, include_private=include_private, trends=extra))


def render_html(
    record: SessionRecord,
    *,
    include_private: bool = False,
    trends: bool = True,
    sessions_folder: Path | None = None,
) -> str:
    """The printable page: the same content as the Markdown summary."""
    extra = trends_section(record, sessions_folder) if trends else []
    blocks = session_blocks(record, include_private=include_private, trends=extra)
    return to_html(blocks, title=record.title)


def render_csv(record: SessionRecord, *, include_private: bool = False) -> str:
    """One tidy row per captured item (private notes only with `include_private`), cells a
    spreadsheet would run as formulas neutralized (see `workshop.export.csv`)."""
    return to_csv(session_rows(record, include_private=include_private))


def render(
    record: SessionRecord,
    fmt: str,
    *,
    include_private: bool = False,
    trends: bool = True,
    sessions_folder: Path | None = None,
) -> str:
    """The record in format `fmt` ('md', 'csv' or 'html')."""
    if fmt == "csv":
        return render_csv(record, include_private=include_private)
    options = {"include_private": include_private, "trends": trends}
    # Control characters (a terminal escape typed or pasted into a word) have no place in
    # a summary or a page: they are shown as visible escapes.
    if fmt == "md":
        return visible(
            render_markdown(record, **options, sessions_folder=sessions_folder), newlines=True
        )
    if fmt == "html":
        return visible(
            render_html(record, **options, sessions_folder=sessions_folder), newlines=True
        )
    raise WorkshopError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def default_path(record_path: Path, fmt: str) -> Path:
    """Beside the record, same name, the format's extension."""
    return record_path.with_suffix(FORMATS[fmt])


def output_path(record_path: Path, fmt: str, target: str | os.PathLike[str] | None) -> Path:
    """Where an export goes: `target` (a file, or a folder to put it in), else beside the
    record. Refuses a missing folder and the record itself, with a message saying so."""
    if target is None:
        path = default_path(record_path, fmt)
    else:
        path = Path(target).expanduser()
        if path.is_dir():
            path = path / default_path(record_path, fmt).name
    if not path.parent.is_dir():
        raise WorkshopError("no such folder to write the export into", path=path.parent)
    if path.exists() and (path.is_dir() or path.samefile(record_path)):
        what = "a folder" if path.is_dir() else "the session record itself"
        raise WorkshopError(f"refusing to overwrite {what}", path=path)
    if path.suffix == ".toml":
        raise WorkshopError("an export is not a .toml file: choose another name", path=path)
    return path


def export_session(
    record: SessionRecord,
    fmt: str,
    record_path: Path,
    target: str | os.PathLike[str] | None = None,
    *,
    include_private: bool = False,
    trends: bool = True,
    sessions_folder: Path | None = None,
) -> Path | None:
    """Write the export and return its path; `target` '-' writes to stdout (returns None).

    Files are written atomically and readable only by you, like the records: they hold
    the same names and words.
    """
    text = render(
        record,
        fmt,
        include_private=include_private,
        trends=trends,
        sessions_folder=sessions_folder,
    )
    if target is not None and str(target) == "-":
        text = visible(text, newlines=True)  # a CSV's cells too: nothing raw to a terminal
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a stream without bytes underneath: text is all it takes
            sys.stdout.write(text)
        else:  # bytes, so no platform turns the CSV's CRLF into CR CR LF
            out.write(text.encode("utf-8"))
            out.flush()
        return None
    path = output_path(record_path, fmt, target)
    atomic_write(path, text.encode("utf-8"))
    return path
