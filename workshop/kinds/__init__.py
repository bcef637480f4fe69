"""The registry of step kinds: the one place a new kind is added.

Each kind lives in its own module with its step model (what the agenda says) and its
result model (what the session captured). The unions below are what agendas and records
are validated against; the app and the exports look kinds up by the same `kind` name.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from workshop.kinds.base import ResultBase, StepBase
from workshop.kinds.commitments import CommitmentsResult, CommitmentsStep
from workshop.kinds.list_items import ListResult, ListStep
from workshop.kinds.notes import NotesResult, NotesStep
from workshop.kinds.one_word import OneWordResult, OneWordStep
from workshop.kinds.prompts import PromptsResult, PromptsStep
from workshop.kinds.review import ReviewResult, ReviewStep
from workshop.kinds.tally import TallyResult, TallyStep

AnyStep = Annotated[
    NotesStep | OneWordStep | ListStep | PromptsStep | CommitmentsStep | ReviewStep | TallyStep,
    Field(discriminator="kind"),
]
AnyResult = Annotated[
    NotesResult
    | OneWordResult
    | ListResult
    | PromptsResult
    | CommitmentsResult
    | ReviewResult
    | TallyResult,
    Field(discriminator="kind"),
]

#: kind name -> (step model, result model)
KINDS: dict[str, tuple[type[StepBase], type[ResultBase]]] = {
    "notes": (NotesStep, NotesResult),
    "one-word": (OneWordStep, OneWordResult),
    "list": (ListStep, ListResult),
    "prompts": (PromptsStep, PromptsResult),
    "commitments": (CommitmentsStep, CommitmentsResult),
    "review": (ReviewStep, ReviewResult),
    "tally": (TallyStep, TallyResult),
}


def empty_result(step: StepBase) -> ResultBase:
    """A fresh, empty result for a step of any kind."""
    return KINDS[step.kind][1](kind=step.kind)  # type: ignore[attr-defined, call-arg]


__all__ = ["KINDS", "AnyResult", "AnyStep", "empty_result"]
