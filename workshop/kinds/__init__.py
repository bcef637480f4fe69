"""The registry of step kinds: the one place a new kind is added.

Each kind lives in its own module with its step model (what the agenda says) and its
result model (what the session captured). The unions below are what agendas and records
are validated against; the app and the exports look kinds up by the same `kind` name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from pydantic import Field

from workshop.export.blocks import Block, CsvRow
from workshop.kinds import commitments, list_items, notes, one_word, prompts, review, tally
from workshop.kinds.base import ResultBase, StepBase
from workshop.kinds.commitments import CommitmentsResult, CommitmentsStep
from workshop.kinds.list_items import ListResult, ListStep
from workshop.kinds.notes import NotesResult, NotesStep
from workshop.kinds.one_word import OneWordResult, OneWordStep
from workshop.kinds.prompts import PromptsResult, PromptsStep
from workshop.kinds.review import ReviewResult, ReviewStep
from workshop.kinds.tally import TallyResult, TallyStep

if TYPE_CHECKING:
    from workshop.record import SessionRecord

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

#: How a kind reports its results: (step, result, record) -> blocks, or -> CSV rows.
ReportFn = Callable[[Any, Any, "SessionRecord"], list[Block]]
CsvRowsFn = Callable[[Any, Any, "SessionRecord"], list[CsvRow]]


class Kind(NamedTuple):
    """Everything the core knows about one kind (still indexable: [0] step, [1] result)."""

    step: type[StepBase]
    result: type[ResultBase]
    #: Its results as report blocks, for the Markdown and HTML exports.
    report: ReportFn
    #: Its results as tidy CSV rows (session, step and kind are filled in by the export).
    csv_rows: CsvRowsFn


#: kind name -> its models and its export functions
KINDS: dict[str, Kind] = {
    "notes": Kind(NotesStep, NotesResult, notes.report, notes.csv_rows),
    "one-word": Kind(OneWordStep, OneWordResult, one_word.report, one_word.csv_rows),
    "list": Kind(ListStep, ListResult, list_items.report, list_items.csv_rows),
    "prompts": Kind(PromptsStep, PromptsResult, prompts.report, prompts.csv_rows),
    "commitments": Kind(
        CommitmentsStep, CommitmentsResult, commitments.report, commitments.csv_rows
    ),
    "review": Kind(ReviewStep, ReviewResult, review.report, review.csv_rows),
    "tally": Kind(TallyStep, TallyResult, tally.report, tally.csv_rows),
}


def empty_result(step: StepBase) -> ResultBase:
    """A fresh, empty result for a step of any kind."""
    return KINDS[step.kind][1](kind=step.kind)  # type: ignore[attr-defined, call-arg]


__all__ = ["KINDS", "AnyResult", "AnyStep", "Kind", "empty_result"]
