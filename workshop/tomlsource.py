"""Read TOML text and say where things are in it.

`tomllib` reports syntax errors only inside its message, and knows nothing of lines once
parsed; validation errors need a line too. `parse` turns syntax errors into
`WorkshopError`s with line and column, and `KeyLocator` maps a key path such as
``("steps", 2, "minutes")`` back to the line it was written on.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from workshop import userfile
from workshop.errors import WorkshopError

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_END = re.compile(r"\s*\(at end of document\)$")

KeyPath = tuple[str | int, ...]

# What tomllib's terser messages usually mean, added after them.
_HINTS = (
    ("cannot overwrite a value", "this key is already set above; a key may appear once per table"),
    (
        "illegal character '\\n'",
        'a quoted string is not closed on this line; use """ for text over several lines',
    ),
    ("invalid date or datetime", "dates are written YYYY-MM-DD and must exist in the calendar"),
)


def read_text(path: Path) -> str:
    """A user's file as UTF-8 text, read the guarded way (`workshop.userfile`): regular
    files only, never blocking, within a size limit, a leading BOM dropped; every OS or
    encoding failure is a WorkshopError saying why in one line."""
    return userfile.read_text(path)


def parse(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes a WorkshopError with line and column."""
    try:
        return userfile.guarded(lambda: tomllib.loads(text), path)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        if match := _POSITION.search(message):
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        elif match := _END.search(message):
            line = text.count("\n") + 1
            message = message[: match.start()] + " at the end of the file"
        message = message[:1].lower() + message[1:]
        for start, hint in _HINTS:
            if message.startswith(start):
                message += f" ({hint})"
                break
        raise WorkshopError(
            f"TOML syntax: {message}", path=path, line=line, column=column
        ) from None


def _split_key(key: str) -> list[str]:
    """Split a dotted TOML key into its parts, honouring quotes."""
    parts: list[str] = []
    current = ""
    quote = ""
    for ch in key:
        if quote:
            if ch == quote:
                quote = ""
            else:
                current += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return parts


def _key_part(line: str) -> str | None:
    """The key of a `key = value` line (None when the line is no such line)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "=":
            return line[:i].strip() or None
        elif ch == "#":
            return None
    return None


class KeyLocator:
    """Line numbers of the keys and table headers of one TOML text."""

    def __init__(self, text: str) -> None:
        self.lines: dict[KeyPath, int] = {}
        array_counts: dict[KeyPath, int] = {}
        current: list[str | int] = []
        in_multiline = ""
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = ""
                continue
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                is_array = line.startswith("[[")
                inner = line[2 : line.find("]]")] if is_array else line[1 : line.find("]")]
                keys = _split_key(inner)
                resolved: list[str | int] = []
                for key in keys[:-1]:
                    resolved.append(key)
                    if (count := array_counts.get(tuple(resolved))) is not None:
                        resolved.append(count - 1)
                resolved.append(keys[-1])
                if is_array:
                    # The array itself is found at its first table, e.g. for an error
                    # about the list of categories as a whole.
                    self.lines.setdefault(tuple(resolved), number)
                    count = array_counts.get(tuple(resolved), 0)
                    array_counts[tuple(resolved)] = count + 1
                    resolved.append(count)
                current = resolved
                self.lines.setdefault(tuple(current), number)
                continue
            written = _key_part(line)
            if written is None:
                continue
            path = (*current, *_split_key(written))
            self.lines.setdefault(path, number)
            rest = line.split("=", 1)[1]
            for fence in ('"""', "'''"):
                if rest.count(fence) % 2 == 1:
                    in_multiline = fence

    def line_of(self, path: KeyPath) -> int | None:
        """The line of the key at `path`, or of its nearest enclosing key that was found."""
        for end in range(len(path), 0, -1):
            if (line := self.lines.get(tuple(path[:end]))) is not None:
                return line
        return None
