"""Turn pydantic's validation errors into messages a facilitator can act on.

A message names the file, the line where the key was written (when it can be found),
the field path in the agenda's own terms, e.g. ``steps[2] (values).minutes``, and what
is wrong in plain words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from workshop.errors import InvalidFileError, WorkshopError
from workshop.kinds import KINDS
from workshop.tomlsource import KeyLocator, KeyPath
from workshop.userfile import guarded

M = TypeVar("M", bound=BaseModel)

_REWORDINGS = (
    ("Input should be greater than or equal to", "must be at least"),
    ("Input should be less than or equal to", "must be at most"),
    ("Input should be greater than", "must be greater than"),
    ("Input should be less than", "must be less than"),
    ("Input should be a valid", "must be a valid"),
    ("Input should be", "must be"),
    ("String should match pattern", "has characters that are not allowed; expected pattern"),
    ("String should have at most", "is too long: at most"),
    ("String should have at least", "is too short: at least"),
    ("List should have at least", "needs at least"),
    ("List should have at most", "allows at most"),
    ("Value error, ", ""),
)


def _reword(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field here (check the spelling)"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx") or {}
        return f"unknown kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return f"is missing its 'kind' (one of {', '.join(KINDS)})"
    if kind == "timezone_aware":
        return "must be a date and time with a timezone offset, e.g. 2026-11-23T09:00:00Z"
    if kind == "string_unicode":
        return "has characters that are not valid text (perhaps bytes that could not be decoded)"
    message: str = error["msg"].replace(" after validation", "")
    for old, new in _REWORDINGS:
        if message.startswith(old):
            message = new + message[len(old) :]
            break
    return message


def _walk(data: Any, loc: Sequence[str | int]) -> tuple[KeyPath, str]:
    """The key path into the TOML data and its readable form, skipping union tags."""
    path: list[str | int] = []
    shown = ""
    node = data
    tag_pending = False  # whether pydantic may still add a union tag for `node`
    for part in loc:
        if (
            tag_pending
            and isinstance(node, dict)
            and isinstance(part, str)
            and (
                node.get("kind") == part
                or ("kind" not in node and part in KINDS and part not in node)
            )
        ):
            # The discriminator's tag pydantic adds to the location. It comes once, right
            # after the step or result it selects, so a field named like the kind (the
            # `prompts` of a prompts step) is still followed as a field.
            tag_pending = False
            continue
        tag_pending = False
        if isinstance(node, list) and isinstance(part, int):
            path.append(part)
            shown += f"[{part}]"
            node = node[part] if part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                shown += f" ({node['id']})"
            tag_pending = True
        elif isinstance(node, dict) and part in node:
            path.append(part)
            shown += f".{part}" if shown else str(part)
            node = node[part]
            tag_pending = True
        else:
            # A missing key, or a location inside a value we cannot follow.
            path.append(part)
            shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else str(part))
            node = None
    return tuple(path), shown


def problems_from(
    exc: ValidationError,
    data: Mapping[str, Any],
    path: Path | None = None,
    locator: KeyLocator | None = None,
) -> list[WorkshopError]:
    """One WorkshopError per validation error: field path, plain words, and the line if known."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc += ("kind",)
        key_path, shown = _walk(data, loc)
        line = locator.line_of(key_path) if locator is not None else None
        problems.append(WorkshopError(_reword(error), path=path, line=line, field=shown or None))
    return problems


def as_workshop_error(exc: ValidationError, data: Mapping[str, Any] | None = None) -> WorkshopError:
    """A ValidationError of values that came from no file (typed, or given on the command
    line) as a WorkshopError naming each field and what is wrong with it.

    `data` is what was validated, if it is at hand: it names steps and items by their id.
    """
    problems = problems_from(exc, data or {})
    return problems[0] if len(problems) == 1 else InvalidFileError(problems)


def located_problems(title: str, problems: Sequence[tuple[KeyPath, str, Any]]) -> ValidationError:
    """A ValidationError with one error per (location, message, offending value).

    For checks that span several fields (e.g. a step naming another one): raised from a
    model validator, pydantic reports each problem at its own location, prefixed with the
    path to the model when it is nested in another, like any error of a single field.
    """
    return ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(
                type=PydanticCustomError("inconsistent", "{message}", {"message": message}),
                loc=loc,
                input=value,
            )
            for loc, message, value in problems
        ],
    )


def validate(model: type[M], data: dict[str, Any], path: Path, text: str) -> M:
    """Validate parsed TOML against `model`, raising InvalidFileError with every problem."""
    try:
        return guarded(lambda: model.model_validate(data), path)
    except ValidationError as exc:
        error = exc
    problems = guarded(lambda: problems_from(error, data, path, KeyLocator(text)), path)
    raise InvalidFileError(problems) from None
