"""What a phone may see, and how what it sends becomes an entry.

The page is built only from `public_state`, so what it holds is all a phone can ever
learn: the session's title, and for the current step its title, prompt and the forms its
kind declares (`KindSpec.phone`). A private step, or a kind without a phone form, says
to listen to the facilitator and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from workshop.errors import WorkshopError
from workshop.kinds import is_private, spec_of
from workshop.record import SessionRecord
from workshop.session import Session


class Refused(Exception):
    """A submission that is not taken, with the HTTP status and what the phone shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def public_state(record: SessionRecord) -> dict[str, Any]:
    """Everything the phone page shows, as JSON-ready data."""
    state: dict[str, Any] = {"session": record.title, "finished": record.status == "finished"}
    if record.status == "finished":
        return {**state, "listen": True, "step": None, "actions": []}
    step = record.agenda.step(record.current_step)
    form = spec_of(step).phone
    if is_private(step) or form is None:
        return {**state, "listen": True, "step": None, "actions": []}
    actions = form.actions(step, record.result(step.id), record)
    return {
        **state,
        "listen": False,
        "step": {"id": step.id, "title": step.title, "prompt": step.prompt},
        "actions": [dataclasses.asdict(action) for action in actions],
    }


def submit(
    session: Session, step_id: str, action: str, values: Mapping[str, str], device: str
) -> str:
    """Take one submission for the current step: checked and added by the step's kind,
    saved at once (undoable with Ctrl+Z like a typed entry). Raises `Refused`."""
    record = session.record
    if record.status == "finished":
        raise Refused(409, "The session has finished. Thank you!")
    step = record.agenda.step(record.current_step)
    if step_id != step.id:
        raise Refused(409, "The facilitator has moved on: here is the current step.")
    form = spec_of(step).phone
    if is_private(step) or form is None:
        raise Refused(409, "Nothing to send now: listen to the facilitator.")
    offered = {a.name: a for a in form.actions(step, record.result(step.id), record)}
    chosen = offered.get(action)
    if chosen is None:
        raise Refused(400, "That cannot be sent for this step.")
    if values.get("context", "") != chosen.context:
        raise Refused(409, "The question has changed: here is the current one.")
    allowed = {f.name for f in chosen.fields}
    cleaned = {k: v for k, v in values.items() if k in allowed}
    try:
        with session.change(step.id) as result:
            return form.accept(step, result, record, action, cleaned, device)
    except ValueError as exc:
        raise Refused(422, _first_line(exc)) from None
    except WorkshopError as exc:  # saving failed: the change is kept in memory
        raise Refused(503, f"Not saved on the laptop yet: {exc.message}") from None


def _first_line(exc: ValueError) -> str:
    """The message of a refusal: a model's first error in plain words, or the check's own."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return str(first.get("msg", exc)).removeprefix("Value error, ")
    return str(exc).splitlines()[0]
