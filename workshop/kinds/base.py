"""What every step kind shares: the strict model base, the common step fields, entry ids."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

StepId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40),
]
"""Lower-case letters, digits, '-' and '_': safe as a TOML key, a CSV cell and a file name."""

ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]

#: A bound for every count a record keeps: far above any real session, and small enough
#: for every TOML reader (some hold integers as 32-bit numbers or as doubles).
MAX_COUNT = 1_000_000


def new_id() -> str:
    """A random id for an entry, stable across edits and unique within its list. 48 bits:
    with 32, two alike turned up in about one list of 1,500 in 4,000 (CI met one), and
    the list's check refused the second entry; at 48, a list of 10,000 has about one
    chance in five million of it."""
    return secrets.token_hex(6)


def new_record_id() -> str:
    """A session's id: 8 hex digits, short enough for its file's name and to type after
    `workshop resume` (only unique among one facilitator's sessions)."""
    return secrets.token_hex(4)


def now() -> datetime:
    """The current time, timezone-aware, to the second (records stay easy to read)."""
    return datetime.now(UTC).replace(microsecond=0)


class StrictModel(BaseModel):
    """Unknown or misspelt keys are errors, never silently dropped.

    Each model's validator is built when the model is first used, not when its class is
    made (`defer_build`): a session's start builds the agenda's and the record's, which
    take the step and result models in; an entry's own is built with the first entry."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class StepBase(StrictModel):
    """The fields every step has, whatever its kind."""

    id: StepId
    kind: str
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    prompt: LongText = ""
    notes: LongText = Field(default="", description="Private to the facilitator; never projected.")
    # Strict: a quoted "15" or `true` (which pydantic would read as 1) is a typo to report.
    minutes: int = Field(gt=0, le=600, strict=True, description="The timebox.")

    #: Whether the room may see this step's results (a leader briefing may not).
    projected: bool = True
    #: Whether entries sent from phones wait for the facilitator to accept them (F11)
    #: before they join the results the room sees.
    approve_phones: bool = False
    #: Whether the room sees only how many answers are in until the facilitator reveals
    #: them (F1), so that nobody follows the crowd; any step can be hidden with F1 too.
    hide_results: bool = False


class ResultBase(StrictModel):
    """What one step captured; each kind adds its own entries."""

    kind: str

    def entry_count(self) -> int:
        """How many things were captured: each kind says (its `KindSpec.count`)."""
        raise TypeError(f"{type(self).__name__} does not say how its entries are counted")


#: An entry typed by the facilitator has no device; one sent from a participant's phone
#: keeps the random id that phone's page made up (never anything about its owner), so the
#: record says what came from where and a flood from one device can be found and undone.
DeviceId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


#: An entry the facilitator hid from the room (kept in the record, left out of what the
#: room sees and of the reports; `h` in the entries table shows it again). Written only
#: when set, so records of entries never hidden do not change.
Hidden = Literal[True] | None


def clean_name(name: str) -> str:
    """A person's name with surrounding and repeated spaces removed."""
    return " ".join(name.split())
