"""`one-word`: each person gives one word; the room sees a live tally, biggest first.

Words are counted case- and space-insensitively. Words that echo one of the
organization's values (the items of the agenda's values step) are marked, and a second
tag keeps words about how things are *today* apart from the ideal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, field_validator, model_validator

from workshop.blocks import Bar, Block, Chart, CsvRow, Heading, Paragraph, iso, plural, table
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
    no_fixed_rows,
    no_pages,
    one_page,
)

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
    max_words: int = Field(
        default=1,
        ge=1,
        le=3,
        description="Words one answer may have: 2 or 3 lets people say 'on time'.",
    )
    tag_labels: dict[str, Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        default_factory=dict,
        description="The room's heading for each tag's words, e.g. today = 'Today it feels'.",
    )

    @model_validator(mode="after")
    def _labels_name_tags(self) -> OneWordStep:
        unknown = [tag for tag in self.tag_labels if tag not in self.tags]
        if unknown:
            raise ValueError(f"tag_labels: {', '.join(unknown)} is not one of the tags")
        return self

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("tags must be unique")
        return value


class WordEntry(StrictModel):
    id: str = Field(default_factory=new_id)
    person: ShortText = ""
    word: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    tag: Tag = "ideal"
    at: AwareDatetime = Field(default_factory=now)
    device: DeviceId | None = None
    hidden: Hidden = None


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


def check_word(text: str, max_letters: int = 30, max_words: int = 1) -> str:
    """The answer as it will be kept, or ValueError saying plainly what is wrong with it."""
    word = " ".join(text.split())
    if not word:
        raise ValueError("type a word first")
    words = len(word.split())
    if words > max_words:
        allowed = "one word only" if max_words == 1 else f"at most {max_words} words"
        raise ValueError(f"{allowed}: {word!r} has {words}")
    if len(word) > max_letters:
        raise ValueError(f"that is {len(word)} characters; an answer is at most {max_letters}")
    return word


def check_answer(step: OneWordStep, text: str) -> str:
    """`check_word` with the step's own limits: wherever an answer is typed or edited."""
    return check_word(text, step.max_letters, step.max_words)


def answer_hint(step: OneWordStep) -> str:
    """What the word field asks for: one word, or a few."""
    return "One word" if step.max_words == 1 else f"Up to {step.max_words} words"


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
    """The organization's values: the items of the list step named by `values_step`
    (the agenda checks it names a list step, whose items have a text)."""
    result = record.results.get(step.values_step) if step.values_step else None
    return [item.text for item in getattr(result, "items", [])]


def tags_used(step: OneWordStep, result: OneWordResult) -> list[str]:
    """The step's tags in their order, then any other tag a word carries."""
    extra = sorted({e.tag for e in result.entries} - set(step.tags))
    return [*step.tags, *extra]


#: The most words a report's chart shows per tag (its table shows them all).
MAX_CHART_WORDS = 10


def report(step: OneWordStep, result: OneWordResult, record: SessionRecord) -> list[Block]:
    """The word tally per tag, most said first, with the value a word echoes: the most
    said as bars, every word in a table."""
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
        blocks.append(_chart(step, tag, counts, said, bool(values)))
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


def _chart(step: OneWordStep, tag: str, counts: list[WordCount], said: int, values: bool) -> Chart:
    """The most said words of one tag as bars, shares of every word said under it."""
    shown = counts[:MAX_CHART_WORDS]
    bars = tuple(Bar(c.word, c.count, c.matches_value is not None) for c in shown)
    note = ""
    if len(counts) > len(shown):
        note = f"The {len(shown)} most said of {len(counts)} different words (the table has all)."
    title = f"{step.title} — the most said words, {tag}"
    return Chart(title, bars, said, marked="echoes a value" if values else "", note=note)


def csv_rows(step: OneWordStep, result: OneWordResult, record: SessionRecord) -> list[CsvRow]:
    """One row per word said, with who said it and its tag."""
    return [
        CsvRow(participant=e.person, field="word", value=e.word, tag=e.tag, time=iso(e.at))
        for e in result.entries
    ]


# -- trends ----------------------------------------------------------------------------

#: The most words shown per tag in trends; the rest are counted in a closing line.
MAX_TREND_WORDS = 15


@dataclass
class WordTrend:
    """One word (as first written) and how often each session said it."""

    word: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def word_trends(records: Sequence[SessionRecord]) -> dict[str, list[WordTrend]]:
    """Per tag, each word and how often each session said it (all its one-word steps
    together), counted as the tally counts: case- and space-insensitive."""
    return word_columns([[record] for record in records])


def word_columns(columns: Sequence[Sequence[SessionRecord]]) -> dict[str, list[WordTrend]]:
    """`word_trends` with a column per group of sessions (the earlier ones summed up in
    one): per tag, each word and how often each group said it, most said first."""
    entries_per_column: list[list[WordEntry]] = []
    tags: list[str] = []
    for column in columns:
        entries: list[WordEntry] = []
        for record in column:
            mine: list[WordEntry] = []
            for step in record.agenda.steps:
                result = record.results.get(step.id)
                if isinstance(step, OneWordStep) and isinstance(result, OneWordResult):
                    mine += result.entries
                    tags += [t for t in step.tags if t not in tags]
            tags += [e.tag for e in mine if e.tag not in tags]
            entries += mine
        entries_per_column.append(entries)
    words: dict[str, list[WordTrend]] = {}
    for tag in tags:
        rows: dict[str, WordTrend] = {}
        for index, entries in enumerate(entries_per_column):
            for count in tally(entries, tag):
                row = rows.setdefault(count.key, WordTrend(count.word, [0] * len(columns)))
                row.counts[index] = count.count
        if rows:  # most said over all sessions first; ties keep the order first said
            words[tag] = sorted(rows.values(), key=lambda r: -r.total)
    return words


def trends(sessions: TrendSessions) -> list[Block]:
    """The words side by side, a column per recent session (and one for the earlier ones
    together), per tag. The words said in the recent sessions come first."""
    blocks: list[Block] = [Heading("One word, session by session", level=3)]
    columns = sessions.columns()
    labels = [label for label, _ in columns]
    words = word_columns([group for _, group in columns])
    if not words:
        return [*blocks, Paragraph("No one-word steps were run.", tone="muted")]
    first = 1 if sessions.earlier else 0  # the recent sessions' columns start here
    for tag, rows in words.items():
        rows = sorted(rows, key=lambda r: -sum(r.counts[first:]))  # stable: then by total
        shown = rows[:MAX_TREND_WORDS]
        cells = [[r.word, *(f"{n:,}" if n else "–" for n in r.counts)] for r in shown]
        said = [sum(r.counts[i] for r in rows) for i in range(len(labels))]
        cells.append([f"(words said, {tag})", *(f"{n:,}" for n in said)])
        different = f"{len(rows):,} different {'word' if len(rows) == 1 else 'words'}."
        blocks.append(Paragraph(different, label=tag))
        numeric = tuple(range(1, len(labels) + 1))
        blocks.append(table([f"Word ({tag})", *labels], cells, numeric=numeric))
        if len(rows) > MAX_TREND_WORDS:
            more = len(rows) - MAX_TREND_WORDS
            blocks.append(Paragraph(f"and {more:,} more words.", tone="muted"))
    return blocks


# -- from a phone ------------------------------------------------------------------------


def phone_actions(
    step: OneWordStep, result: OneWordResult, record: SessionRecord
) -> list[PhoneAction]:
    """The word, and a name unless the session is anonymous; filed under the first tag."""
    word = PhoneField("word", answer_hint(step), max_length=step.max_letters)
    fields = (word,) if record.anonymous else (name_field(), word)
    return [PhoneAction("word", "Your word", fields)]


def phone_accept(
    step: OneWordStep,
    result: OneWordResult,
    record: SessionRecord,
    action: str,
    values: Mapping[str, str],
    device: str,
) -> str:
    word = check_answer(step, values.get("word", ""))
    person = "" if record.anonymous else record.add_participant(values.get("person", ""))
    result.entries.append(WordEntry(person=person, word=word, tag=step.tags[0], device=device))
    return f"Thank you: {word!r} is in."


SPEC = KindSpec(
    name=KIND,
    step=OneWordStep,
    result=OneWordResult,
    nouns=("word", "words"),
    private=False,
    refs={"values_step": "list"},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=no_fixed_rows,
    pages=one_page,
    show_page=no_pages,
    trends=trends,
    phone=PhoneForm(phone_actions, phone_accept),
)
