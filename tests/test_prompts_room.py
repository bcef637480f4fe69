"""The prompts step in the room's view: answers large enough to read from the back wall
when every one of them fits whole, in columns of ordinary text when not (never cut)."""

from __future__ import annotations

from conftest import AGENDAS
from rich.console import Console

from workshop.agenda import load_agenda
from workshop.kinds.prompts import PromptsResult, Response
from workshop.record import SessionRecord
from workshop.ui.kinds.prompts import room_view


def drawn(answers: list[str], width: int = 160, height: int = 45) -> list[str]:
    record = SessionRecord.start_new(load_agenda(AGENDAS / "culture-of-service.toml"))
    step = record.agenda.step("internal-customer")
    result = PromptsResult(
        kind="prompts",
        responses=[Response(person=f"P{n}", text=text, prompt=0) for n, text in enumerate(answers)],
    )
    console = Console(width=width, height=height, record=True, color_system=None)
    lines = console.render_lines(
        room_view(record, step, result), console.options.update(height=height)
    )
    return ["".join(segment.text for segment in line).rstrip() for line in lines]


def test_short_answers_are_drawn_large() -> None:
    """They were ordinary one-line text under a question in big letters."""
    screen = drawn(["The patients", "The ward nurses", "Pharmacy"])
    assert not any("The patients" in line for line in screen)  # drawn in glyphs, not text
    labels = [n for n, line in enumerate(screen) if line.lstrip().startswith(("P0:", "P1:"))]
    assert len(labels) == 2
    assert labels[1] - labels[0] >= 4  # each answer several rows tall


def test_answers_that_would_be_cut_stay_whole_in_ordinary_text() -> None:
    long = "We serve the nurses on the ward first, then the patients' families, " * 2
    screen = drawn(["Pharmacy", long.strip()])
    text = " ".join(line.strip() for line in screen)
    assert "Pharmacy" in text and "…" not in text
    assert "patients' families" in text
