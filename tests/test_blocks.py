"""The report vocabulary's number formats: the same in the app, the room and the exports."""

from __future__ import annotations

import pytest

from workshop.blocks import percent


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (3, 40, "8%"),
        (5, 40, "13%"),
        (1, 8, "13%"),
        (1, 200, "1%"),
        (0, 7, "0%"),
        (7, 7, "100%"),
        (18 + 30, 256, "19%"),
        (0.125, 1, "13%"),
        (1, 0, "—"),
    ],
)
def test_shares_round_halves_up_as_people_expect(part: float, whole: float, shown: str) -> None:
    """Python's round() makes halves even (5 of 40 was 12%, 3 of 40 was 8%)."""
    assert percent(part, whole) == shown
