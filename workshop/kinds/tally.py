"""`tally`: one key press, one observation; live bars with shares of the whole.

For an interaction study: categories of activity, some flagged as serving the customer's
successful outcome; the room sees what share of what was observed actually serves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from workshop.blocks import Bar, Block, Chart, CsvRow, Paragraph, percent, table
from workshop.kinds.base import MAX_COUNT, ResultBase, ShortText, StepBase, StrictModel
from workshop.kinds.spec import KindSpec, no_pages, one_page

if TYPE_CHECKING:
    from workshop.record import SessionRecord

KIND = "tally"


class Category(StrictModel):
    key: Annotated[str, StringConstraints(min_length=1, max_length=1, pattern=r"^[a-z1-9]$")]
    label: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    serves_outcome: bool = False


class TallyStep(StepBase):
    kind: Literal["tally"]
    categories: list[Category] = Field(min_length=1, max_length=26)
    outcome_label: ShortText = "serves the outcome"

    @field_validator("categories")
    @classmethod
    def _unique(cls, value: list[Category]) -> list[Category]:
        keys = [c.key for c in value]
        if len(set(keys)) != len(keys):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            raise ValueError(f"category keys must be unique; repeated: {', '.join(dupes)}")
        labels = [c.label.casefold() for c in value]
        if len(set(labels)) != len(labels):
            raise ValueError("category labels must be unique")
        return value


class TallyResult(ResultBase):
    kind: Literal["tally"]
    counts: dict[str, Annotated[int, Field(ge=0, le=MAX_COUNT)]] = Field(
        default_factory=dict, description="Observations per category key."
    )

    def entry_count(self) -> int:
        return sum(self.counts.values())

    def share(self, keys: set[str]) -> float:
        """The fraction of all observations that fall in `keys` (0 when none yet)."""
        total = self.entry_count()
        return sum(self.counts.get(k, 0) for k in keys) / total if total else 0.0


# -- export ----------------------------------------------------------------------------


def _lines(step: TallyStep, result: TallyResult) -> list[tuple[str, int, bool]]:
    """(label, count, serves the outcome) per category; a count under a key the agenda no
    longer has is kept under its key rather than lost."""
    lines = [(c.label, result.counts.get(c.key, 0), c.serves_outcome) for c in step.categories]
    known = {c.key for c in step.categories}
    lines += [(f"key {k}", n, False) for k, n in sorted(result.counts.items()) if k not in known]
    return lines


def report(step: TallyStep, result: TallyResult, record: SessionRecord) -> list[Block]:
    """Counts and shares per category as bars and as a table, n, and the share that serves
    the outcome."""
    total = result.entry_count()
    if not total:
        return [Paragraph("No observations were counted.", tone="muted")]
    serving = {c.key for c in step.categories if c.serves_outcome}
    lines = _lines(step, result)
    rows = [
        [label, str(count), percent(count, total), "yes" if serves else ""]
        for label, count, serves in lines
    ]
    served = sum(result.counts.get(k, 0) for k in serving)
    summary = f"{percent(served, total)} {step.outcome_label} (n = {total})."
    bars = tuple(Bar(label, count, serves) for label, count, serves in lines)
    marked = step.outcome_label if serving else ""
    return [
        Chart(f"{step.title} — observations per category", bars, total, marked=marked),
        table(["Category", "Count", "Share", step.outcome_label], rows, numeric=(1, 2)),
        Paragraph(summary, label="Outcome"),
    ]


def csv_rows(step: TallyStep, result: TallyResult, record: SessionRecord) -> list[CsvRow]:
    """One row per category (zeros too, once anything was counted): `value` is the count,
    `tag` the outcome label for categories that serve it."""
    if not result.entry_count():
        return []
    return [
        CsvRow(field=label, value=str(count), tag=step.outcome_label if serves else "")
        for label, count, serves in _lines(step, result)
    ]


def _fixed_rows(step: TallyStep) -> int:
    """A bar per category, a blank line and the summary, even before anything is counted."""
    return len(step.categories) + 2


SPEC = KindSpec(
    name=KIND,
    step=TallyStep,
    result=TallyResult,
    nouns=("observation", "observations"),
    private=False,
    refs={},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    phone=None,
    trends=None,
)
