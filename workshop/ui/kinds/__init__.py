"""Capture panels and room views by step kind: the app's half of the kind registry (see
workshop.kinds). A new kind adds its module here, with its panel and its room view.

A kind's module is imported the first time its panel or room view is asked for: a
session opens on one step, and importing every kind's widgets (tables, text areas) made
everyone wait for the widgets of steps still to come.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from types import ModuleType
from typing import Any, Generic, TypeVar

from rich.console import RenderableType

from workshop.record import SessionRecord
from workshop.ui.kinds.base import StepPanel

RoomView = Callable[[SessionRecord, Any, Any], RenderableType]
"""What the room sees of a step: (record, step, result) -> something Rich can draw."""

#: kind name -> (its module in this package, its panel class); the module's `room_view`
#: is what the room sees of it.
_KINDS: dict[str, tuple[str, str]] = {
    "notes": ("notes", "NotesPanel"),
    "one-word": ("one_word", "OneWordPanel"),
    "list": ("list_items", "ListPanel"),
    "prompts": ("prompts", "PromptsPanel"),
    "commitments": ("commitments", "CommitmentsPanel"),
    "review": ("review", "ReviewPanel"),
    "tally": ("tally", "TallyPanel"),
}

T = TypeVar("T")


class _ByKind(Mapping[str, T], Generic[T]):
    """kind name -> something from the kind's module, which is imported on first use."""

    def __init__(self, pick: Callable[[ModuleType, str], T]) -> None:
        self._pick = pick  # (the kind's module, its panel class's name) -> the thing

    def __getitem__(self, kind: str) -> T:
        module, panel = _KINDS[kind]  # KeyError for an unknown kind, as a dict's
        return self._pick(import_module(f"{__name__}.{module}"), panel)

    def __iter__(self) -> Iterator[str]:
        return iter(_KINDS)

    def __len__(self) -> int:
        return len(_KINDS)


PANELS: Mapping[str, type[StepPanel]] = _ByKind(getattr)
ROOM_VIEWS: Mapping[str, RoomView] = _ByKind(lambda module, _panel: module.room_view)

__all__ = ["PANELS", "ROOM_VIEWS", "RoomView", "StepPanel"]
