"""`one-word`: each person gives one word; the room sees a live tally, biggest first.

Words are counted case- and space-insensitively. Words that echo one of the
organization's values (the items of the agenda's values step) are marked, and a second
tag keeps words about how things are *today* apart from the ideal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from workshop.export.blocks import Block, CsvRow, Heading, Paragraph, iso, plural, table
from workshop.kinds.base import ResultBase, ShortText, StepBase, StrictModel, new_id, now

if TYPE_CHECKING:
    from workshop.record import SessionRecord

KIND = "one-word"

Tag = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=20)]


class OneWordStep(StepBase):
    kind: Literal["one-word"]
    tags: list[Tag] = Field(
        default_factory=lambda: ["ideal", "today"],
        min_length=1,
        description="The first tag is the default; e.g. 'today' keeps what to work on apart.",
    )
    values_step: str | None = Field(
        default=None, description="Id of the list step whose items are the organization's values."
    )
    max_letters: int = Field(default=30, ge=3, le=100)

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("tags must be unique")
        return value

    def step_refs(self) -> dict[str, str]:
        return {"values_step": self.values_step} if self.values_step else {}


class WordEntry(StrictModel):
    id: str = Field(default_factory=new_id)
    person: ShortText = ""
    word: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    tag: Tag = "ideal"
    at: AwareDatetime = Field(default_factory=now)


class OneWordResult(ResultBase):
    kind: Literal["one-word"]
    entries: list[WordEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> OneWordResult:
        if len({e.id for e in self.entries}) != len(self.entries):
            raise ValueError("entry ids must be unique")
        return self

    def entry_count(self) -> int:
        return len(self.entries)


def normalize(word: str) -> str:
    """The form words are counted by: case-folded, inner spaces removed."""
    return "".join(word.split()).casefold()


def check_word(text: str, max_letters: int = 30) -> str:
    """The word as it will be kept, or ValueError saying plainly what is wrong with it."""
    word = text.strip()
    if not word:
        raise ValueError("type a word first")
    if len(word.split()) > 1:
        raise ValueError(f"one word only: {word!r} has {len(word.split())}")
    if len(word) > max_letters:
        raise ValueError(f"that is {len(word)} characters; one word is at most {max_letters}")
    return word


@dataclass
class WordCount:
    """One line of the tally: the word as first written, how often, and who said it."""

    word: str
    key: str
    count: int = 0
    people: list[str] = field(default_factory=list)
    matches_value: str | None = None


def tally(
    entries: Iterable[WordEntry], tag: str | None = None, values: Iterable[str] = ()
) -> list[WordCount]:
    """Words by count, largest first (ties keep the order they were first said)."""
    counts: dict[str, WordCount] = {}
    for entry in entries:
        if tag is not None and entry.tag != tag:
            continue
        key = normalize(entry.word)
        item = counts.get(key)
        if item is None:
            item = counts[key] = WordCount(word=entry.word, key=key)
        item.count += 1
        if entry.person:
            item.people.append(entry.person)
    values = list(values)
    ranked = sorted(counts.values(), key=lambda c: -c.count)
    for item in ranked:
        item.matches_value = matching_value(item.word, values)
    return ranked


def _stems_match(a: str, b: str) -> bool:
    """'respect' ~ 'respectful', 'kind' ~ 'kindness': a shared stem of four letters or more."""
    if a == b:
        return True
    common = len(os.path.commonprefix([a, b]))  # noqa: RUF071 - letters of words, not paths
    return common >= 4 and common >= min(len(a), len(b)) - 2


def matching_value(word: str, values: Iterable[str]) -> str | None:
    """The value this word echoes, if any (whole value or one of its longer words)."""
    key = normalize(word)
    for value in values:
        candidates = [normalize(value)] + [normalize(w) for w in value.split() if len(w) >= 4]
        if any(c and _stems_match(key, c) for c in candidates):
            return value
    return None


# -- export ----------------------------------------------------------------------------


def values_of(step: OneWordStep, record: SessionRecord) -> list[str]:
    """The organization's values: the items of the step's values list, if it has one."""
    result = record.results.get(step.values_step) if step.values_step else None
    return [item.text for item in getattr(result, "items", [])]


def tags_used(step: OneWordStep, result: OneWordResult) -> list[str]:
    """The step's tags in their order, then any other tag a word carries."""
    extra = sorted({e.tag for e in result.entries} - set(step.tags))
    return [*step.tags, *extra]


def report(step: OneWordStep, result: OneWordResult, record: SessionRecord) -> list[Block]:
    """The word tally per tag, most said first, with the value a word echoes."""
    if not result.entries:
        return [Paragraph("No words were given.", tone="muted")]
    values = values_of(step, record)
    blocks: list[Block] = []
    for tag in tags_used(step, result):
        counts = tally(result.entries, tag, values)
        if not counts:
            continue
        said = sum(c.count for c in counts)
        heading = f"{tag}: {plural(said, 'word')} said, {len(counts)} different"
        blocks.append(Heading(heading, level=3))
        headers = ["Word", "Count"]
        if values:
            headers.append("Echoes the value")
        if not record.anonymous:
            headers.append("Said by")
        rows = []
        for c in counts:
            row = [c.word, str(c.count)]
            if values:
                row.append(c.matches_value or "")
            if not record.anonymous:
                row.append(", ".join(c.people))
            rows.append(row)
        blocks.append(table(headers, rows, numeric=(1,)))
    return blocks


def csv_rows(step: OneWordStep, result: OneWordResult, record: SessionRecord) -> list[CsvRow]:
    """One row per word said, with who said it and its tag."""
    return [
        CsvRow(participant=e.person, field="word", value=e.word, tag=e.tag, time=iso(e.at))
        for e in result.entries
    ]
