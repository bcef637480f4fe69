"""What the core knows about one step kind: one `KindSpec`, filled in by the kind's module.

A kind is one unit. Its module in `workshop.kinds` defines its step model (what an agenda
says), its result model (what a session captured) and a `SPEC` that names everything
else the core needs of it; the package finds the module by itself (see
`workshop.kinds`). Nothing outside the kind's modules asks which kind a step is: the
agenda checks step references through `refs`, the listings count through the result
model, the exports call `report` and `csv_rows`, trends call `trends`, and the room's
view lays itself out with `fixed_rows` and `pages`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, get_args

from workshop.blocks import Block, CsvRow, plural
from workshop.kinds.base import ResultBase, StepBase

if TYPE_CHECKING:
    from workshop.record import SessionRecord

S = TypeVar("S", bound=StepBase)
R = TypeVar("R", bound=ResultBase)


@dataclass(frozen=True)
class TrendSessions:
    """The sessions of one organization a kind's trends section is drawn from, oldest first.

    `recent` are shown one by one, each under its label; `earlier` (read too, perhaps
    none) are summed up in one column or row under `earlier_label`, so a section is as
    wide and as long at 2,000 sessions as at 7. `complete` is False when the
    organization's oldest sessions were not read at all (the summary an export embeds):
    what they made is then counted as made in "earlier sessions", not in a record not found.
    """

    recent: Sequence[SessionRecord]
    labels: Sequence[str]
    earlier: Sequence[SessionRecord] = ()
    earlier_label: str = "earlier"
    complete: bool = True

    @property
    def records(self) -> list[SessionRecord]:
        """Every session read, oldest first."""
        return [*self.earlier, *self.recent]

    def columns(self) -> list[tuple[str, Sequence[SessionRecord]]]:
        """(label, sessions) per column: the earlier ones together, then each recent one."""
        first = [(self.earlier_label, self.earlier)] if self.earlier else []
        return first + [(label, [r]) for label, r in zip(self.labels, self.recent, strict=True)]


#: The sessions of one organization -> the kind's section of its trends.
TrendsFn = Callable[[TrendSessions], list[Block]]


@dataclass(frozen=True)
class PhoneField:
    """One input of a phone form. `keys` is a row of large buttons (a rating's numbers),
    `choice` one button per option (the items to vote for); `text` a labelled box."""

    name: str
    label: str
    kind: Literal["text", "keys", "choice"] = "text"
    required: bool = True
    max_length: int = 200
    #: (value, label) for `keys` and `choice`.
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PhoneAction:
    """One thing a phone can send for a step: a form of fields and a button."""

    name: str
    title: str
    fields: tuple[PhoneField, ...]
    button: str = "Send"
    #: What the phone must have seen for its submission to still apply (a prompts step's
    #: current question): a submission made for another context is refused as stale.
    context: str = ""


@dataclass(frozen=True)
class PhoneForm(Generic[S, R]):
    """What participants may send from their phones for a step of this kind.

    `actions` says what the page shows for the step as it is now (never anything the room
    may not see); `accept` checks one submission with the same rules and messages as the
    facilitator's typing and adds it to the result, returning the confirmation the phone
    shows, or raises ValueError with the message the phone shows instead. It runs inside
    `Session.change`, so a submission is saved, undoable and refused whole.
    """

    actions: Callable[[S, R, SessionRecord], list[PhoneAction]]
    accept: Callable[[S, R, SessionRecord, str, Mapping[str, str], str], str]


def name_field(label: str = "Your name (optional)") -> PhoneField:
    """The optional name every attributed form asks for."""
    return PhoneField("person", label, required=False, max_length=200)


def no_fixed_rows(step: Any) -> int:
    """For a kind whose room view grows only with what is captured."""
    return 0


def one_page(step: Any) -> int:
    """For a kind whose room view is one page, whatever is captured."""
    return 1


def no_pages(result: Any, page: int) -> None:
    """For a kind with one page: there is nothing to turn."""


@dataclass(frozen=True)
class KindSpec(Generic[S, R]):
    """Everything the core needs of one kind. Every field is required: a kind that
    leaves one out fails at import, not with wrong text somewhere later."""

    #: The `kind` written in agendas and records.
    name: str
    step: type[S]
    result: type[R]
    #: How its entries are called in a summary: ("word", "words").
    nouns: tuple[str, str]
    #: Never shown to the room, whatever the step's `projected` says (a briefing's notes).
    private: bool
    #: Step fields that name another step -> the kind that step must be.
    refs: Mapping[str, str]
    #: Its results as report blocks (Markdown, HTML) and as tidy CSV rows.
    report: Callable[[S, R, SessionRecord], list[Block]]
    csv_rows: Callable[[S, R, SessionRecord], list[CsvRow]]
    #: Rows its room view takes even with nothing captured (a tally's categories).
    fixed_rows: Callable[[S], int]
    #: How many pages the room's view turns through (a prompts step: one per question),
    #: and how a result is turned to one (so the fit check can lay out each).
    pages: Callable[[S], int]
    show_page: Callable[[R, int], None]
    #: Its section of an organization's trends, or None when it has none.
    trends: TrendsFn | None
    #: What a participant's phone may send for it, or None (the phone says to listen).
    phone: PhoneForm[S, R] | None
    #: A summary line of what was captured, when "N nouns" is not right (a review says
    #: "2 of 5 commitments reviewed"); None for the plain count.
    captured: Callable[[S, R], str] | None = None

    def __post_init__(self) -> None:
        for model in (self.step, self.result):
            kind = get_args(model.model_fields["kind"].annotation)
            if kind != (self.name,):
                raise TypeError(f"{model.__name__}.kind must be Literal[{self.name!r}]")
        unknown = set(self.refs) - set(self.step.model_fields)
        if unknown:
            raise TypeError(f"{self.step.__name__} has no field {sorted(unknown)[0]!r}")

    def empty_result(self) -> R:
        """A fresh, empty result for a step of this kind."""
        return self.result.model_validate({"kind": self.name})

    def count(self, result: R) -> int:
        """How many things were captured: the one rule, for listings and summaries."""
        return result.entry_count()

    def named_steps(self, step: S) -> dict[str, str]:
        """The steps this one names, as {field: step id}, for the agenda to check."""
        return {field: value for field in self.refs if (value := getattr(step, field, None))}

    def captured_text(self, step: S, result: R | None) -> str:
        """One line saying how much a step captured: '12 words'."""
        if result is None:
            result = self.empty_result()
        if self.captured is not None:
            return self.captured(step, result)
        one, many = self.nouns
        return plural(self.count(result), one, many)
