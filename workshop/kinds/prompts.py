"""`prompts`: several questions in turn, the room's answers captured under each."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from workshop.kinds.base import ResultBase, ShortText, StepBase, StrictModel, new_id, now

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
