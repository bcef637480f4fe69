"""Big text: accented Latin at every scale, and characters the fonts lack at normal size
without breaking the block (every row as wide as the others)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from workshop.ui.bigtext import LARGEST, PLAIN, big_rows, big_width

SCALES = list(range(PLAIN + 1, LARGEST + 1))


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("text", ["fiabilité", "Ñandú", "Straße", "ŁÓDŹ"])
def test_accented_latin_is_drawn_large_at_every_scale(text: str, scale: int) -> None:
    rows = big_rows(text, scale)
    assert len(rows) > 1
    assert len({cell_len(row) for row in rows}) == 1  # a clean block
    assert cell_len(rows[0]) == big_width(text, scale) > len(text)
    drawn = "".join(rows)
    assert drawn.strip() and not any(ch in drawn for ch in text if not ch.isascii())


@pytest.mark.parametrize("scale", SCALES)
def test_accents_change_the_glyph(scale: int) -> None:
    assert big_rows("e", scale) != big_rows("é", scale)
    assert big_rows("N", scale) != big_rows("Ñ", scale)


@pytest.mark.parametrize("scale", SCALES)
def test_emoji_and_cjk_fall_back_to_normal_size_in_the_block(scale: int) -> None:
    rows = big_rows("ok 😀 字", scale)
    assert len({cell_len(row) for row in rows}) == 1
    assert sum("😀" in row for row in rows) == 1 and sum("字" in row for row in rows) == 1
    assert len(rows) == len(big_rows("ok", scale))
