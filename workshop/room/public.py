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
from workshop.record import HeldEntry, SessionRecord
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
    saved at once (undoable with Ctrl+Z like a typed entry), or, for a step that asks for
    approval, checked and held for the facilitator. Raises `Refused`."""
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
    if not step.approve_phones:
        return _apply(session, step.id, action, cleaned, device)
    # Checked now, on a copy, so the phone hears at once what is wrong; kept aside until
    # the facilitator accepts it (then checked again against the step as it is by then).
    # Only what `accept` may change is copied (the step's result and the roster), not the
    # whole record: a long session would be copied on every phone's submission.
    trial = record.model_copy(update={"participants": list(record.participants)})
    try:
        form.accept(
            step, record.result(step.id).model_copy(deep=True), trial, action, cleaned, device
        )
    except ValueError as exc:
        raise Refused(422, _first_line(exc)) from None
    record.held.append(HeldEntry(step=step.id, action=action, values=cleaned, device=device))
    _save(session)
    return "Sent: it shows once the facilitator accepts it."


def held_for(record: SessionRecord, step_id: str) -> list[HeldEntry]:
    """What phones sent to a step, waiting for approval, oldest first."""
    return [held for held in record.held if held.step == step_id]


def held_text(record: SessionRecord, held: HeldEntry) -> str:
    """One line for the facilitator: what was sent (and by whom, when not anonymous)."""
    person = "" if record.anonymous else held.values.get("person") or held.values.get("owner")
    shown = [v for k, v in held.values.items() if k not in ("person", "owner") and v.strip()]
    text = " · ".join(shown) or "(empty)"
    return f"{text}  ({person})" if person else text


def accept_held(session: Session, held_id: str) -> str:
    """Move a held entry into its step's results, checked as when it was sent; it leaves
    the queue either way. Raises `Refused` when it no longer fits (say, now a duplicate)."""
    held = _take_held(session, held_id)
    try:
        return _apply(session, held.step, held.action, held.values, held.device)
    finally:
        _save(session)


def reject_held(session: Session, held_id: str) -> None:
    """Drop a held entry: the room never sees it."""
    _take_held(session, held_id)
    _save(session)


def _take_held(session: Session, held_id: str) -> HeldEntry:
    held = next((h for h in session.record.held if h.id == held_id), None)
    if held is None:
        raise Refused(404, "That is no longer waiting.")
    session.record.held.remove(held)
    return held


def _apply(
    session: Session, step_id: str, action: str, values: Mapping[str, str], device: str
) -> str:
    record = session.record
    step = record.agenda.step(step_id)
    form = spec_of(step).phone
    if form is None:
        raise Refused(409, "Nothing to send now: listen to the facilitator.")
    try:
        with session.change(step.id) as result:
            return form.accept(step, result, record, action, values, device)
    except ValueError as exc:
        raise Refused(422, _first_line(exc)) from None
    except WorkshopError as exc:  # saving failed: the change is kept in memory
        raise Refused(503, f"Not saved on the laptop yet: {exc.message}") from None


def _save(session: Session) -> None:
    try:
        session.save()
    except WorkshopError as exc:
        raise Refused(503, f"Not saved on the laptop yet: {exc.message}") from None


def _first_line(exc: ValueError) -> str:
    """The message of a refusal: a model's first error in plain words, or the check's own."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return str(first.get("msg", exc)).removeprefix("Value error, ")
    return str(exc).splitlines()[0]
