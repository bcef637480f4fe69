"""Capture panels and room views by step kind: the app's half of the kind registry (see
workshop.kinds). A new kind adds its module here, with its panel and its room view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType

from workshop.record import SessionRecord
from workshop.ui.kinds import commitments, list_items, notes, one_word, prompts, review, tally
from workshop.ui.kinds.base import StepPanel

RoomView = Callable[[SessionRecord, Any, Any], RenderableType]
"""What the room sees of a step: (record, step, result) -> something Rich can draw."""

_KINDS: tuple[tuple[type[StepPanel], RoomView], ...] = (
    (notes.NotesPanel, notes.room_view),
    (one_word.OneWordPanel, one_word.room_view),
    (list_items.ListPanel, list_items.room_view),
    (prompts.PromptsPanel, prompts.room_view),
    (commitments.CommitmentsPanel, commitments.room_view),
    (review.ReviewPanel, review.room_view),
    (tally.TallyPanel, tally.room_view),
)

PANELS: dict[str, type[StepPanel]] = {panel.KIND: panel for panel, _ in _KINDS}
ROOM_VIEWS: dict[str, RoomView] = {panel.KIND: view for panel, view in _KINDS}

__all__ = ["PANELS", "ROOM_VIEWS", "RoomView", "StepPanel"]
