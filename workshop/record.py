"""A session record: everything one run of an agenda captured, self-contained.

It embeds the agenda exactly as run, so it reloads when the agenda file has changed or
is gone; it carries a schema version so that an older workshop refuses a newer record
instead of dropping what it does not understand.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from workshop.agenda import Agenda
from workshop.kinds import AnyResult, empty_result
from workshop.kinds.base import (
    DeviceId,
    ShortText,
    StrictModel,
    clean_name,
    new_id,
    new_record_id,
    now,
)
from workshop.tomlsource import KeyPath
from workshop.validation import as_workshop_error, located_problems

#: The shape of the record this workshop writes. 1: the first. 2: entries sent from a
#: participant's phone carry the `device` that sent them. 3: a one-word step has
#: `max_words` (an answer of up to 3 words). Every older version is read (its entries were
#: all typed by the facilitator, its answers one word each) and written back as this one.
SCHEMA_VERSION = 3

#: The most time "+1 minute" may add to one step's timebox.
MAX_EXTRA_SECONDS = 24 * 60 * 60

#: A step shown for less than this and left was only glanced at (see `drift_seconds`).
GLANCE_SECONDS = 60

SessionStatus = Literal["in-progress", "finished"]


class StepTiming(StrictModel):
    """The step timer, kept so that a resume continues exactly where it stopped."""

    elapsed: float = Field(default=0.0, ge=0, description="Seconds run before `running_since`.")
    running_since: AwareDatetime | None = None
    extra: int = Field(
        default=0,
        ge=0,
        le=MAX_EXTRA_SECONDS,
        description="Seconds added to the timebox (+1 minute).",
    )
    first_shown: AwareDatetime | None = None
    paused: bool = Field(default=False, description="Paused by the facilitator (not by a quit).")

    def seconds(self, at: datetime) -> float:
        """Seconds the step has run, as of `at`."""
        running = (at - self.running_since).total_seconds() if self.running_since else 0.0
        return self.elapsed + max(0.0, running)

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def start(self, at: datetime) -> None:
        if self.first_shown is None:
            self.first_shown = at
        if self.running_since is None:
            self.running_since = at

    def pause(self, at: datetime) -> None:
        if self.running_since is not None:
            self.elapsed = round(self.seconds(at), 1)
            self.running_since = None

    def remaining(self, planned: int, at: datetime) -> float:
        """Seconds left of the timebox (`planned` plus any extra); negative when over."""
        return planned + self.extra - self.seconds(at)


class HeldEntry(StrictModel):
    """Something a phone sent to a step that asks for approval, waiting for the facilitator
    (who accepts it into the step's results, or rejects it). Never shown to the room."""

    id: str = Field(default_factory=new_id)
    step: str
    action: Annotated[str, StringConstraints(max_length=40)]
    values: dict[ShortText, Annotated[str, StringConstraints(max_length=5000)]]
    device: DeviceId
    at: AwareDatetime = Field(default_factory=now)


class SessionRecord(StrictModel):
    schema_version: int = SCHEMA_VERSION
    id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,32}$")] = Field(
        default_factory=new_record_id
    )
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    organization: ShortText = ""
    facilitator: ShortText = ""
    anonymous: bool = False
    status: SessionStatus = "in-progress"
    created: AwareDatetime = Field(default_factory=now)
    started: AwareDatetime | None = None
    finished: AwareDatetime | None = None
    saved: AwareDatetime | None = None
    follows: str | None = Field(default=None, description="Id of the session this follows up.")
    # Constrained like all text, so that a path with undecodable bytes is refused here
    # with a message, not by the UTF-8 encoder when the record is saved.
    agenda_source: Annotated[str, StringConstraints(max_length=4096)] = Field(
        default="", description="Where the agenda was loaded from."
    )
    current_step: str
    participants: list[ShortText] = Field(default_factory=list)
    agenda: Agenda
    results: dict[str, AnyResult] = Field(default_factory=dict)
    timing: dict[str, StepTiming] = Field(default_factory=dict)
    #: Entries from phones waiting for approval, oldest first (see `HeldEntry`).
    held: list[HeldEntry] = Field(default_factory=list)
    #: Steps whose results the facilitator hid from the room (true) or revealed (false),
    #: overriding the agenda's `hide_results`; None when nothing was ever switched.
    results_hidden: dict[str, bool] | None = None

    @field_validator("schema_version")
    @classmethod
    def _upgraded(cls, version: int) -> int:
        """An older record is read as this version (`check_schema` refuses a newer one
        before this runs), so its next save writes the version it now holds."""
        return max(version, SCHEMA_VERSION)

    @model_validator(mode="after")
    def _consistent(self) -> SessionRecord:
        """Current step, results and timers all belong to steps of the embedded agenda."""
        kinds = {step.id: step.kind for step in self.agenda.steps}
        problems: list[tuple[KeyPath, str, Any]] = []
        if self.current_step not in kinds:
            problems.append(
                (
                    ("current_step",),
                    f"{self.current_step!r} is not a step of the agenda "
                    f"(its steps: {', '.join(kinds)})",
                    self.current_step,
                )
            )
        for step_id, result in self.results.items():
            if step_id not in kinds:
                message = f"there is no step {step_id!r} in the agenda"
                problems.append((("results", step_id), message, step_id))
            elif result.kind != kinds[step_id]:
                message = f"is {result.kind!r}, but step {step_id!r} is a {kinds[step_id]} step"
                problems.append((("results", step_id, "kind"), message, result.kind))
        for step_id in self.timing:
            if step_id not in kinds:
                message = f"there is no step {step_id!r} in the agenda"
                problems.append((("timing", step_id), message, step_id))
        for step_id in self.results_hidden or {}:
            if step_id not in kinds:
                message = f"there is no step {step_id!r} in the agenda"
                problems.append((("results_hidden", step_id), message, step_id))
        for index, held in enumerate(self.held):
            if held.step not in kinds:
                message = f"there is no step {held.step!r} in the agenda"
                problems.append((("held", index, "step"), message, held.step))
        if problems:
            raise located_problems(type(self).__name__, problems)
        return self

    @classmethod
    def checked(cls, **fields: Any) -> SessionRecord:
        """A record from values typed or given on the command line; a value the model
        refuses raises a WorkshopError naming the field and what is wrong with it."""
        try:
            return cls(**fields)
        except ValidationError as exc:
            raise as_workshop_error(exc, fields) from None

    @classmethod
    def start_new(
        cls,
        agenda: Agenda,
        *,
        title: str | None = None,
        organization: str = "",
        facilitator: str = "",
        anonymous: bool = False,
        follows: str | None = None,
        agenda_source: str = "",
    ) -> SessionRecord:
        """A fresh record of `agenda`, at its first step (WorkshopError for a bad value)."""
        return cls.checked(
            title=title or agenda.title,
            organization=organization,
            facilitator=facilitator,
            anonymous=anonymous,
            follows=follows,
            agenda_source=agenda_source,
            current_step=agenda.steps[0].id,
            agenda=agenda,
        )

    def result(self, step_id: str) -> AnyResult:
        """The step's result, created empty on first use."""
        if step_id not in self.results:
            self.results[step_id] = empty_result(self.agenda.step(step_id))
        return self.results[step_id]

    def timer(self, step_id: str) -> StepTiming:
        if step_id not in self.timing:
            self.timing[step_id] = StepTiming()
        return self.timing[step_id]

    def add_participant(self, name: str) -> str:
        """Add a name to the roster (once, whatever its case); return it as kept."""
        name = clean_name(name)
        if not name:
            return name
        for known in self.participants:
            if known.casefold() == name.casefold():
                return known
        self.participants.append(name)
        return name

    def entry_count(self) -> int:
        return sum(result.entry_count() for result in self.results.values())

    def names_in_use(self) -> set[str]:
        """Every name the results mention: who said, owns or voted for something (the
        facilitator's roster keeps these)."""
        names: set[str] = set()
        for result in self.results.values():
            for field_name in type(result).model_fields:
                value = getattr(result, field_name)
                if not isinstance(value, list):
                    continue
                for entry in value:
                    for attribute in ("person", "owner"):
                        if name := getattr(entry, attribute, ""):
                            names.add(name)
                    names.update(getattr(entry, "votes", {}))
        return names

    def hides_results(self, step_id: str) -> bool:
        """Whether the room sees only a count of this step's results for now."""
        switched = (self.results_hidden or {}).get(step_id)
        return self.agenda.step(step_id).hide_results if switched is None else switched

    def set_results_hidden(self, step_id: str, hidden: bool) -> None:
        self.results_hidden = {**(self.results_hidden or {}), step_id: hidden}

    def local_day(self) -> date:
        """The local date the session took place (started, or else was created)."""
        return (self.started or self.created).astimezone().date()

    def step_seconds(self, step_id: str, at: datetime | None = None) -> float | None:
        """How long a step has run, or None if it never ran: the one measure that the
        sidebar, the summaries and the reports all show.

        `at` is the moment to count to; by default the last moment the record knows of
        (when it finished, or was last saved), so a record read from disk says how long
        its steps had run when it was written.
        """
        timing = self.timing.get(step_id)
        if timing is None or (timing.first_shown is None and not timing.elapsed):
            return None
        if at is None:
            at = self.finished or self.saved or timing.running_since or self.created
        return timing.seconds(at)

    def planned_seconds(self, step_id: str) -> int:
        timing = self.timing.get(step_id)
        return self.agenda.step(step_id).minutes * 60 + (timing.extra if timing else 0)

    def drift_seconds(self, at: datetime) -> float:
        """How far behind plan (positive) or ahead (negative) the steps run so far are.

        A step that was left after less than `GLANCE_SECONDS` was only passed through (to
        check something, or on the way to another step): it is still ahead in the plan,
        so it counts neither as time gained nor as time used.
        """
        drift = 0.0
        for step_id, timing in self.timing.items():
            if timing.first_shown is None:
                continue
            actual = timing.seconds(at)
            planned = self.agenda.step(step_id).minutes * 60
            if step_id == self.current_step:
                drift += max(0.0, actual - planned)  # the current step only counts once over
            elif actual >= GLANCE_SECONDS:
                drift += actual - planned
        return drift
