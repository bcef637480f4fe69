"""Capture panels by step kind: the app's half of the kind registry (see workshop.kinds)."""

from __future__ import annotations

from workshop.ui.kinds.base import StepPanel
from workshop.ui.kinds.commitments import CommitmentsPanel
from workshop.ui.kinds.list_items import ListPanel
from workshop.ui.kinds.notes import NotesPanel
from workshop.ui.kinds.one_word import OneWordPanel
from workshop.ui.kinds.prompts import PromptsPanel
from workshop.ui.kinds.review import ReviewPanel
from workshop.ui.kinds.tally import TallyPanel

PANELS: dict[str, type[StepPanel]] = {
    panel.KIND: panel
    for panel in (
        NotesPanel,
        OneWordPanel,
        ListPanel,
        PromptsPanel,
        CommitmentsPanel,
        ReviewPanel,
        TallyPanel,
    )
}

__all__ = ["PANELS", "StepPanel"]
