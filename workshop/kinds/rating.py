"""`rating`: each person rates a statement on a short scale; the room sees how the ratings
fall and their average.

"How well do we serve our key customer today?" rated 1 (poorly) to 5 (very well) at the
first session and again at the follow-up shows, in numbers, whether anything moved: the
organization's trends put the averages for the same statement side by side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from workshop.blocks import (
    Bar,
    Block,
    Chart,
    CsvRow,
    Heading,
    Paragraph,
    iso,
    percent,
    plural,
    table,
)
from workshop.kinds.base import (
    DeviceId,
    Hidden,
    ResultBase,
    ShortText,
    StepBase,
    StrictModel,
    new_id,
    now,
)
from workshop.kinds.spec import (
    KindSpec,
    PhoneAction,
    PhoneField,
    PhoneForm,
    TrendSessions,
    name_field,
    no_pages,
    one_page,
)

if TYPE_CHECKING:
    from workshop.record import SessionRecord

KIND = "rating"

#: A rating is one key press: 1 to 9 at most.
MAX_SCALE = 9


class RatingStep(StepBase):
    kind: Literal["rating"]
    statement: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(
        description="What is rated, e.g. 'We serve our key customer well'."
    )
    scale: int = Field(default=5, ge=2, le=MAX_SCALE, strict=True, description="1 to this.")
    low_label: ShortText = Field(default="poorly", description="What 1 means.")
    high_label: ShortText = Field(default="very well", description="What the top means.")
    attributed: bool = Field(default=False, description="Ask whose rating each one is.")


class Rating(StrictModel):
    id: str = Field(default_factory=new_id)
    person: ShortText = ""
    value: int = Field(ge=1, le=MAX_SCALE, strict=True)
    at: AwareDatetime = Field(default_factory=now)
    device: DeviceId | None = None
    hidden: Hidden = None


class RatingResult(ResultBase):
    kind: Literal["rating"]
    ratings: list[Rating] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> RatingResult:
        if len({r.id for r in self.ratings}) != len(self.ratings):
            raise ValueError("rating ids must be unique")
        return self

    def entry_count(self) -> int:
        return len(self.ratings)

    def average(self) -> float | None:
        """The mean rating, None before the first."""
        if not self.ratings:
            return None
        return sum(r.value for r in self.ratings) / len(self.ratings)


def check_rating(step: RatingStep, key: str) -> int:
    """The rating a key press gives, or ValueError saying what the keys are."""
    if not (len(key) == 1 and "1" <= key <= str(step.scale)):  # ASCII digits only
        raise ValueError(f"{key!r} is no rating: press 1 to {step.scale}")
    return int(key)


def point_label(step: RatingStep, value: int) -> str:
    """'1 poorly', '3', '5 very well': the ends carry their labels."""
    label = {1: step.low_label, step.scale: step.high_label}.get(value, "")
    return f"{value} {label}".strip()


def distribution(step: RatingStep, result: RatingResult) -> list[tuple[int, int]]:
    """(value, how many gave it) for every point of the scale; a value above the scale
    (the agenda's scale was shortened since) is kept rather than lost."""
    counts = Counter(r.value for r in result.ratings)
    top = max([step.scale, *counts])
    return [(value, counts.get(value, 0)) for value in range(1, top + 1)]


def average_text(step: RatingStep, result: RatingResult) -> str:
    """'3.8 of 5 (n = 12)', or '— (no ratings yet)'."""
    average = result.average()
    if average is None:
        return "— (no ratings yet)"
    return f"{average:.1f} of {step.scale} (n = {result.entry_count()})"


# -- export ----------------------------------------------------------------------------


def report(step: RatingStep, result: RatingResult, record: SessionRecord) -> list[Block]:
    """The statement, the average and n, and the distribution with shares, as columns
    with the average marked and as a table."""
    blocks: list[Block] = [Paragraph(step.statement, label="Rated")]
    if not result.ratings:
        return [*blocks, Paragraph("No ratings were given.", tone="muted")]
    total = result.entry_count()
    points = distribution(step, result)
    rows = [
        [point_label(step, value), str(count), percent(count, total)] for value, count in points
    ]
    blocks.append(Paragraph(average_text(step, result), label="Average"))
    bars = tuple(Bar(point_label(step, value), count) for value, count in points)
    title = f"{step.title} — how the ratings fall, average {average_text(step, result)}"
    blocks.append(Chart(title, bars, total, average=result.average()))
    blocks.append(table(["Rating", "Count", "Share"], rows, numeric=(1, 2)))
    return blocks


def csv_rows(step: RatingStep, result: RatingResult, record: SessionRecord) -> list[CsvRow]:
    """One row per rating: `field` the statement, `value` the rating."""
    return [
        CsvRow(participant=r.person, field=step.statement, value=str(r.value), time=iso(r.at))
        for r in result.ratings
    ]


# -- trends ----------------------------------------------------------------------------


def _same(statement: str) -> str:
    """Statements compared across sessions: case and spaces do not matter."""
    return " ".join(statement.split()).casefold()


#: The most statements trends show; those rated in the recent sessions come first.
MAX_TREND_STATEMENTS = 10


def trends(sessions: TrendSessions) -> list[Block]:
    """Each statement's average, session by session (before and after, across follow-ups);
    the earlier sessions' ratings averaged together in one column."""
    columns = sessions.columns()
    labels = [label for label, _ in columns]
    # statement -> (as first written, per column: [sum of the ratings, how many])
    sums: dict[str, tuple[str, list[list[int]]]] = {}
    for index, (_, group) in enumerate(columns):
        for record in group:
            for step in record.agenda.steps:
                result = record.results.get(step.id)
                if not isinstance(step, RatingStep) or not isinstance(result, RatingResult):
                    continue
                if not result.ratings:
                    continue
                _, cells = sums.setdefault(
                    _same(step.statement), (step.statement, [[0, 0] for _ in columns])
                )
                cells[index][0] += sum(r.value for r in result.ratings)
                cells[index][1] += len(result.ratings)
    if not sums:
        return []
    first = 1 if sessions.earlier else 0
    statements = sorted(sums.values(), key=lambda s: not any(n for _, n in s[1][first:]))
    shown = statements[:MAX_TREND_STATEMENTS]
    rows = [
        [statement, *(f"{total / n:.1f} (n = {n:,})" if n else "–" for total, n in cells)]
        for statement, cells in shown
    ]
    scales = sorted(
        {s.scale for r in sessions.records for s in r.agenda.steps if isinstance(s, RatingStep)}
    )
    note = f"Average rating on a scale of 1 to {' or '.join(str(s) for s in scales)}; n people."
    if len(statements) > len(shown):
        note += f" {len(statements) - len(shown):,} more, rated less recently, are not shown."
    return [
        Heading("Ratings, session by session", level=3),
        table(["Statement", *labels], rows, numeric=tuple(range(1, len(labels) + 1))),
        Paragraph(f"{plural(len(statements), 'statement')} rated. {note}", tone="muted"),
    ]


# -- from a phone ------------------------------------------------------------------------


def phone_actions(
    step: RatingStep, result: RatingResult, record: SessionRecord
) -> list[PhoneAction]:
    """The statement, and a large button per point of the scale."""
    points = tuple((str(v), point_label(step, v)) for v in range(1, step.scale + 1))
    keys = PhoneField("value", step.statement, kind="keys", options=points)
    named = step.attributed and not record.anonymous
    return [PhoneAction("rate", "Your rating", (name_field(), keys) if named else (keys,))]


def phone_accept(
    step: RatingStep,
    result: RatingResult,
    record: SessionRecord,
    action: str,
    values: Mapping[str, str],
    device: str,
) -> str:
    value = check_rating(step, values.get("value", ""))
    named = step.attributed and not record.anonymous
    person = record.add_participant(values.get("person", "")) if named else ""
    result.ratings.append(Rating(person=person, value=value, device=device))
    return f"Thank you: you rated it {point_label(step, value)}."


def _fixed_rows(step: RatingStep) -> int:
    """A bar per point of the scale, a blank line and the average, before any rating."""
    return step.scale + 2


SPEC = KindSpec(
    name=KIND,
    step=RatingStep,
    result=RatingResult,
    nouns=("rating", "ratings"),
    private=False,
    refs={},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    trends=trends,
    phone=PhoneForm(phone_actions, phone_accept),
)
