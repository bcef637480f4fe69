"""An agenda: an ordered list of steps, each of one kind, read from a TOML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from workshop.errors import WorkshopError
from workshop.kinds import KINDS, AnyStep
from workshop.kinds.base import LongText, StepId, StrictModel
from workshop.tomlsource import KeyPath, parse, read_text
from workshop.validation import located_problems, validate


class Agenda(StrictModel):
    id: StepId
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    summary: LongText = ""
    steps: list[AnyStep] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _check_steps(self) -> Agenda:
        """Step ids are unique; a step naming another names one of the right kind."""
        problems: list[tuple[KeyPath, str, str]] = []
        first: dict[str, int] = {}
        ids = [step.id for step in self.steps]
        for index, step_id in enumerate(ids):
            if step_id not in first:
                first[step_id] = index
                continue
            times = "twice" if ids.count(step_id) == 2 else "more than once"
            problems.append(
                (
                    ("steps", index, "id"),
                    f"step id {step_id!r} is used {times} (first at steps[{first[step_id]}])",
                    step_id,
                )
            )
        kinds = {step.id: step.kind for step in reversed(self.steps)}  # the first of an id
        for index, step in enumerate(self.steps):
            spec = KINDS[step.kind]
            for field, target in spec.named_steps(step).items():
                wanted = spec.refs[field]
                if target not in kinds:
                    message = f"names no step {target!r}"
                elif kinds[target] != wanted:
                    message = f"must name a {wanted} step, but {target!r} is a {kinds[target]} step"
                else:
                    continue
                problems.append((("steps", index, field), message, target))
        if problems:
            raise located_problems(type(self).__name__, problems)
        return self

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    def step(self, step_id: str) -> AnyStep:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def index(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.id == step_id)


def load_agenda(path: Path) -> Agenda:
    """Read and validate an agenda file; any problem raises a WorkshopError saying where."""
    text = read_text(path)
    data = parse(text, path)
    if not data:
        raise WorkshopError("is empty (an agenda needs an id, a title and steps)", path=path)
    if looks_like_record(data):
        raise WorkshopError(
            "is a session record, not an agenda: continue it with `workshop resume FILE`, "
            "or run its agenda again from the launcher",
            path=path,
        )
    return validate(Agenda, data, path, text)


#: Keys only a session record has: a file with any of them is checked as a record.
_RECORD_KEYS = ("schema_version", "current_step", "results")


def looks_like_record(data: dict[str, Any]) -> bool:
    """Whether parsed TOML is meant as a session record (valid or not) rather than an agenda."""
    return any(key in data for key in _RECORD_KEYS) or isinstance(data.get("agenda"), dict)
