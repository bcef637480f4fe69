"""The one error type a user ever sees, and how it names the place of the problem.

Everything that can go wrong because of a file, a folder or something typed is raised
as a `WorkshopError`; the CLI and the app print its message and never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    p = Path(path)
    try:  # links are not followed: a link is named as itself, a loop of links too
        return str(Path(os.path.abspath(p)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(p)


class WorkshopError(Exception):
    """A problem the user can fix, with the file, line, column and field it concerns."""

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = display_path(self.path)
            if self.line is not None:
                place += f":{self.line}"
                if self.column is not None:
                    place += f":{self.column}"
        parts = [p for p in (place, self.field) if p]
        parts.append(self.message)
        return ": ".join(parts)


class SessionLockedError(WorkshopError):
    """Another workshop process is writing this session."""


class NewerSchemaError(WorkshopError):
    """A record written by a newer version of workshop: read nothing, write nothing."""


class InvalidFileError(WorkshopError):
    """A file with one or more problems; `problems` holds one error per problem."""

    def __init__(self, problems: list[WorkshopError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(
            first.message, path=first.path, line=first.line, column=first.column, field=first.field
        )

    def __str__(self) -> str:
        return "\n".join(WorkshopError.__str__(p) for p in self.problems)
