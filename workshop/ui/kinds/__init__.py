"""The app's half of each step kind: its capture panel and its room view.

A kind's UI module has the same name as its core module in `workshop.kinds` and defines
`UI = KindUI(spec=<the core SPEC>, ...)`: registered against the core spec itself, so a
UI module can only describe a kind the core knows, and `ui_for` checks that the spec it
finds is the one in `KINDS`. Nothing here lists the kinds.

A kind's module is imported the first time its panel or room view is asked for: a
session opens on one step, and importing every kind's widgets (tables, text areas) made
everyone wait for the widgets of steps still to come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any, Generic, TypeVar

from rich.console import RenderableType

from workshop.kinds import KINDS, KindSpec, shown_to_room
from workshop.record import SessionRecord
from workshop.ui.kinds.base import StepPanel

RoomView = Callable[[SessionRecord, Any, Any], RenderableType]
"""What the room sees of a step: (record, step, result) -> something Rich can draw."""


@dataclass(frozen=True)
class KindUI:
    """What the app needs of one kind, beside its core spec."""

    spec: KindSpec[Any, Any]
    #: The facilitator's capture area for a step of this kind.
    panel: type[StepPanel]
    room_view: RoomView
    #: Whether the room sees this view again in the closing summary (the commitments).
    recap: bool


@cache
def ui_for(kind: str) -> KindUI:
    """The UI of a kind, importing its module on first use."""
    spec = KINDS[kind]  # KeyError for an unknown kind, as a dict's
    module_name = spec.step.__module__.rsplit(".", 1)[1]
    ui = getattr(import_module(f"{__name__}.{module_name}"), "UI", None)
    if not isinstance(ui, KindUI) or ui.spec is not spec:
        raise TypeError(f"{__name__}.{module_name} must define UI = KindUI(spec=SPEC, ...)")
    return ui


T = TypeVar("T")


class _ByKind(Mapping[str, T], Generic[T]):
    """kind name -> one part of its UI (its module is imported on first use)."""

    def __init__(self, pick: Callable[[KindUI], T]) -> None:
        self._pick = pick

    def __getitem__(self, kind: str) -> T:
        return self._pick(ui_for(kind))

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


PANELS: Mapping[str, type[StepPanel]] = _ByKind(lambda ui: ui.panel)


def _as_the_room_sees(view: RoomView) -> RoomView:
    """A room view drawn without the entries the facilitator hid."""

    def draw(record: SessionRecord, step: Any, result: Any) -> RenderableType:
        return view(record, step, shown_to_room(result))

    return draw


ROOM_VIEWS: Mapping[str, RoomView] = _ByKind(lambda ui: _as_the_room_sees(ui.room_view))

__all__ = ["PANELS", "ROOM_VIEWS", "KindUI", "RoomView", "StepPanel", "ui_for"]
