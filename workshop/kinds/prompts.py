"""`prompts`: several questions in turn, the room's answers captured under each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from workshop.blocks import Block, Bullets, CsvRow, Heading, Paragraph, iso
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
    name_field,
    no_fixed_rows,
)

if TYPE_CHECKING:
    from workshop.record import SessionRecord

KIND = "prompts"

MAX_PROMPTS = 50


class PromptsStep(StepBase):
    kind: Literal["prompts"]
    prompts: list[Annotated[str, StringConstraints(min_length=1, max_length=500)]] = Field(
        min_length=1, max_length=MAX_PROMPTS
    )
    attributed: bool = Field(default=True, description="Ask who said each response.")


class Response(StrictModel):
    id: str = Field(default_factory=new_id)
    prompt: int = Field(ge=0, lt=MAX_PROMPTS, description="Index into the step's prompts.")
    person: ShortText = ""
    text: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    at: AwareDatetime = Field(default_factory=now)
    device: DeviceId | None = None
    hidden: Hidden = None


class PromptsResult(ResultBase):
    kind: Literal["prompts"]
    current: int = Field(default=0, ge=0, lt=MAX_PROMPTS, description="The prompt on screen.")
    responses: list[Response] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> PromptsResult:
        if len({r.id for r in self.responses}) != len(self.responses):
            raise ValueError("response ids must be unique")
        return self

    def entry_count(self) -> int:
        return len(self.responses)

    def under(self, prompt: int) -> list[Response]:
        return [r for r in self.responses if r.prompt == prompt]


# -- export ----------------------------------------------------------------------------


def prompt_text(step: PromptsStep, index: int) -> str:
    """A prompt by index; a response filed under a prompt the agenda no longer has keeps
    a readable name instead of disappearing."""
    return step.prompts[index] if index < len(step.prompts) else f"Prompt {index + 1}"


def _named(step: PromptsStep, record: SessionRecord, response: Response) -> str:
    """Who said it, when the step asked and the session is not anonymous."""
    return response.person if step.attributed and not record.anonymous else ""


def report(step: PromptsStep, result: PromptsResult, record: SessionRecord) -> list[Block]:
    """Each prompt with the responses filed under it, in the order they were said."""
    if not result.responses:
        return [Paragraph("No responses were captured.", tone="muted")]
    indexes = sorted(set(range(len(step.prompts))) | {r.prompt for r in result.responses})
    blocks: list[Block] = []
    for index in indexes:
        blocks.append(Heading(prompt_text(step, index), level=3))
        under = result.under(index)
        if not under:
            blocks.append(Paragraph("No responses.", tone="muted"))
            continue
        lines = []
        for response in under:
            person = _named(step, record, response)
            lines.append(f"{response.text} ({person})" if person else response.text)
        blocks.append(Bullets(tuple(lines)))
    return blocks


def csv_rows(step: PromptsStep, result: PromptsResult, record: SessionRecord) -> list[CsvRow]:
    """One row per response; `field` is the prompt it answers."""
    return [
        CsvRow(
            participant=_named(step, record, r),
            field=prompt_text(step, r.prompt),
            value=r.text,
            time=iso(r.at),
        )
        for r in sorted(result.responses, key=lambda r: r.prompt)
    ]


def check_response(text: str) -> str:
    """A response as it will be kept, or ValueError saying what is wrong with it."""
    text = text.strip()
    if not text:
        raise ValueError("type the response first")
    if len(text) > 5000:
        raise ValueError(f"that is {len(text)} characters; a response is at most 5000")
    return text


def phone_actions(
    step: PromptsStep, result: PromptsResult, record: SessionRecord
) -> list[PhoneAction]:
    """An answer to the question showing (and who says it, when the step asks)."""
    current = min(result.current, len(step.prompts) - 1)
    answer = PhoneField("text", step.prompts[current], max_length=5000)
    named = step.attributed and not record.anonymous
    fields = (name_field(), answer) if named else (answer,)
    return [PhoneAction("answer", "Your answer", fields, context=str(current))]


def phone_accept(
    step: PromptsStep,
    result: PromptsResult,
    record: SessionRecord,
    action: str,
    values: Mapping[str, str],
    device: str,
) -> str:
    text = check_response(values.get("text", ""))
    named = step.attributed and not record.anonymous
    person = record.add_participant(values.get("person", "")) if named else ""
    current = min(result.current, len(step.prompts) - 1)
    result.responses.append(Response(prompt=current, person=person, text=text, device=device))
    return "Thank you: your answer is in."


def _pages(step: PromptsStep) -> int:
    """The room sees one question at a time."""
    return len(step.prompts)


def _show_page(result: PromptsResult, page: int) -> None:
    result.current = page


SPEC = KindSpec(
    name=KIND,
    step=PromptsStep,
    result=PromptsResult,
    nouns=("answer", "answers"),
    private=False,
    refs={},
    report=report,
    csv_rows=csv_rows,
    fixed_rows=no_fixed_rows,
    pages=_pages,
    show_page=_show_page,
    trends=None,
    phone=PhoneForm(phone_actions, phone_accept),
)
