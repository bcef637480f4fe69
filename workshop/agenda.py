"""An agenda: an ordered list of steps, each of one kind, read from a TOML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from workshop.kinds import AnyStep
from workshop.kinds.base import LongText, StepId, StrictModel
from workshop.tomlsource import parse, read_text
from workshop.validation import validate

# Which kind each step reference must point at.
_REF_KINDS = {"values_step": "list", "echo_step": "one-word", "carry_to": "commitments"}


class Agenda(StrictModel):
    id: StepId
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    summary: LongText = ""
    steps: list[AnyStep] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _check_steps(self) -> Agenda:
        ids = [step.id for step in self.steps]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"step ids must be unique; repeated: {', '.join(repeated)}")
        kinds = {step.id: step.kind for step in self.steps}
        for step in self.steps:
            for field, target in step.step_refs().items():
                if target not in kinds:
                    raise ValueError(f"step {step.id!r}: {field} names no step {target!r}")
                if kinds[target] != _REF_KINDS[field]:
                    raise ValueError(
                        f"step {step.id!r}: {field} must name a {_REF_KINDS[field]} step, "
                        f"but {target!r} is a {kinds[target]} step"
                    )
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
    return validate(Agenda, parse(text, path), path, text)
