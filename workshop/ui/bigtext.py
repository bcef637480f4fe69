"""Big text for the room: words drawn in multi-row glyphs from a bitmap font.

The glyphs are TOIlet's `mono9` and `smblock` bitmap fonts, as shipped with pyfiglet: mono9
has 2,991 characters (Latin-1, Latin Extended, Greek, Cyrillic) drawn 16 pixels high,
smblock the Latin-1 set drawn 8 pixels high. Each glyph is read back into pixels, so one
font gives several sizes:

| scale | rows | drawn with |
| --- | --- | --- |
| 0 | 1 | the terminal's own text |
| 1 | 4 | smblock, one cell per 2x2 pixels (quadrant blocks) |
| 2 | 8 | mono9, one cell per 1x2 pixels (half blocks) |
| 3 | 16 | mono9 doubled |
| 4 | 24 | mono9 tripled |

Pixel rows that no letter of a run uses (above capitals without accents, below letters
without descenders) are left out, so a word in capitals at scale 2 is five rows high, not
eight. A character smblock lacks is drawn from mono9 at half size; one neither font has
(emoji, CJK) is written at the terminal's size in the middle row, its width kept, so the
layout around it holds.

Everything is cached per (text, scale): a cloud of 500 words draws in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.text import Text

#: The scales, smallest first; a scale's number is its index here.
SCALE_ROWS = (1, 4, 8, 16, 24)
PLAIN = 0
LARGEST = len(SCALE_ROWS) - 1

Pixels = tuple[str, ...]  # rows of '#' (ink) and ' ' (paper), all one length

_HALF = {" ": (0, 0), "▀": (1, 0), "▄": (0, 1), "█": (1, 1), "$": (0, 0)}
# quadrant blocks: (top-left, top-right, bottom-left, bottom-right)
_QUADRANT_OF = {
    " ": (0, 0, 0, 0),
    "$": (0, 0, 0, 0),
    "▘": (1, 0, 0, 0),
    "▝": (0, 1, 0, 0),
    "▖": (0, 0, 1, 0),
    "▗": (0, 0, 0, 1),
    "▌": (1, 0, 1, 0),
    "▐": (0, 1, 0, 1),
    "▀": (1, 1, 0, 0),
    "▄": (0, 0, 1, 1),
    "▃": (0, 0, 1, 1),
    "█": (1, 1, 1, 1),
    "▚": (1, 0, 0, 1),
    "▞": (0, 1, 1, 0),
    "▙": (1, 0, 1, 1),
    "▛": (1, 1, 1, 0),
    "▜": (1, 1, 0, 1),
    "▟": (0, 1, 1, 1),
}
_QUADRANT = {bits: char for char, bits in _QUADRANT_OF.items() if char not in "$▃"}
_HALF_CELL = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}


def _font(name: str) -> dict[str, Pixels]:
    """A pyfiglet font read back into pixels, by character."""
    from pyfiglet import FigletFont  # imported when the room first needs big text

    font = FigletFont(name)
    glyphs: dict[str, Pixels] = {}
    for code, rows in font.chars.items():
        if code < 32:
            continue
        if name == "smblock":
            pixel_rows: list[str] = []
            for row in rows:
                top = bottom = ""
                for char in row:
                    tl, tr, bl, br = _QUADRANT_OF.get(char, (0, 0, 0, 0))
                    top += ("#" if tl else " ") + ("#" if tr else " ")
                    bottom += ("#" if bl else " ") + ("#" if br else " ")
                pixel_rows += [top, bottom]
        else:
            pixel_rows = []
            for row in rows:
                top = "".join("#" if _HALF.get(c, (0, 0))[0] else " " for c in row)
                bottom = "".join("#" if _HALF.get(c, (0, 0))[1] else " " for c in row)
                pixel_rows += [top, bottom]
        glyphs[chr(code)] = tuple(pixel_rows)
    return glyphs


@cache
def _mono9() -> dict[str, Pixels]:
    return _font("mono9")


@cache
def _smblock() -> dict[str, Pixels]:
    return _font("smblock")


def _halved(glyph: Pixels) -> Pixels:
    """A mono9 glyph at smblock's height: a pixel is inked when any of its 2x2 was."""
    rows = []
    for top, bottom in zip(glyph[::2], glyph[1::2], strict=True):
        merged = "".join("#" if "#" in (a, b) else " " for a, b in zip(top, bottom, strict=True))
        rows.append(
            "".join("#" if "#" in merged[i : i + 2] else " " for i in range(0, len(merged) - 1, 2))
        )
    return tuple(rows)


def _glyph(char: str, scale: int) -> Pixels | None:
    """The pixels of one character at a scale's font, or None: the fonts lack it."""
    if scale == 1:
        glyph = _smblock().get(char)
        if glyph is not None:
            return glyph
        big = _mono9().get(char)
        return None if big is None else _halved(big)
    return _mono9().get(char)


def _cells(pixels: Sequence[str], scale: int) -> list[str]:
    """Pixel rows drawn as rows of block characters at a scale."""
    if scale == 1:  # 2x2 pixels a cell
        rows = list(pixels) + ([" " * len(pixels[0])] if len(pixels) % 2 else [])
        out = []
        for top, bottom in zip(rows[::2], rows[1::2], strict=True):
            top += " " * (len(top) % 2)
            bottom += " " * (len(bottom) % 2)
            out.append(
                "".join(
                    _QUADRANT[
                        (
                            top[i] == "#",
                            top[i + 1] == "#",
                            bottom[i] == "#",
                            bottom[i + 1] == "#",
                        )
                    ]
                    for i in range(0, len(top), 2)
                )
            )
        return out
    factor = scale - 1  # mono9 at 1x, 2x, 3x
    if factor > 1:
        pixels = ["".join(c * factor for c in row) for row in pixels for _ in range(factor)]
    rows = list(pixels) + ([" " * len(pixels[0])] if len(pixels) % 2 else [])
    return [
        "".join(_HALF_CELL[(a == "#", b == "#")] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]


@lru_cache(maxsize=4096)
def big_rows(text: str, scale: int) -> tuple[str, ...]:
    """`text` drawn at `scale`: rows of equal cell width (one row at scale 0).

    Characters neither font has sit in the middle row at the terminal's size."""
    if scale <= PLAIN or not text:
        return (text,)
    # Runs: a glyph's pixels, or a character to write as it is.
    runs: list[Pixels | str] = []
    for char in text:
        glyph = _glyph(char, scale)
        runs.append(glyph if glyph is not None else char)
    height = max((len(r) for r in runs if isinstance(r, tuple)), default=0)
    if height == 0:
        return (text,)
    # Leave out the pixel rows no glyph inks: above capitals, below letters without descenders.
    inked = [any("#" in r[y] for r in runs if isinstance(r, tuple)) for y in range(height)]
    top = inked.index(True) if any(inked) else 0
    bottom = height - inked[::-1].index(True) if any(inked) else height
    columns: list[list[str]] = []
    for run in runs:
        if isinstance(run, tuple):
            columns.append(_cells([row for row in run[top:bottom]] or [""], scale))
    # Join the runs side by side; a fallback character is a column of its own width.
    n_rows = len(columns[0]) if columns else 1
    out = [""] * n_rows
    drawn = iter(columns)
    middle = (n_rows - 1) // 2
    for run in runs:
        if isinstance(run, tuple):
            for i, cells in enumerate(next(drawn)):
                out[i] += cells
        else:
            width = cell_len(run)
            for i in range(n_rows):
                out[i] += run if i == middle else " " * width
    return tuple(out)


def big_width(text: str, scale: int) -> int:
    """Cells across `text` takes at `scale`."""
    return cell_len(big_rows(text, scale)[0])


def big_height(text: str, scale: int) -> int:
    return len(big_rows(text, scale))


def wrap_words(text: str, scale: int, width: int) -> list[str] | None:
    """`text` broken into lines that each fit `width` at `scale`; None when a word alone
    is wider."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if big_width(candidate, scale) <= width:
                line = candidate
                continue
            if big_width(word, scale) > width:
                return None
            lines.append(line)
            line = word
        lines.append(line)
    return [line for line in lines if line] or [""]


@dataclass(frozen=True)
class Fitted:
    """Text set at one scale, broken into lines."""

    lines: tuple[str, ...]
    scale: int

    @property
    def height(self) -> int:
        """Rows taken (at the terminal's size: before wrapping)."""
        if self.scale == PLAIN:
            return len(self.lines)
        return sum(big_height(line, self.scale) for line in self.lines) + len(self.lines) - 1

    @property
    def width(self) -> int:
        return max((big_width(line, self.scale) for line in self.lines), default=0)


def fit(
    text: str, width: int, rows: int | None, *, largest: int = LARGEST, max_lines: int = 3
) -> Fitted:
    """The largest scale at which `text` fits `width` x `rows` in at most `max_lines`
    lines; at the terminal's size it wraps as ordinary text does (never None)."""
    if rows is not None and width > 0:
        for scale in range(min(largest, LARGEST), PLAIN, -1):
            lines = wrap_words(text, scale, width)
            if lines is None or len(lines) > max_lines:
                continue
            fitted = Fitted(tuple(lines), scale)
            if fitted.height <= rows:
                return fitted
    return Fitted((text,), PLAIN)  # wrapped where it is drawn


class BigText:
    """Rich renderable: `Fitted` text in a style, each line centred or left-aligned."""

    def __init__(self, fitted: Fitted, style: StyleType = "", *, justify: str = "left") -> None:
        self.fitted = fitted
        self.style = style
        self.justify = justify

    def text_lines(self, width: int) -> list[Text]:
        style = self.style
        out: list[Text] = []
        for index, line in enumerate(self.fitted.lines):
            if index and self.fitted.scale != PLAIN:
                out.append(Text(""))
            for row in big_rows(line, self.fitted.scale):
                text = Text(row, style=style, no_wrap=True, overflow="crop")
                pad = max(0, width - cell_len(row))
                if self.justify == "center" and pad:
                    text.pad_left(pad // 2)
                out.append(text)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.fitted.scale == PLAIN:  # ordinary text: wrapped as Rich wraps it
            yield Text(
                "\n".join(self.fitted.lines),
                style=self.style,
                justify="center" if self.justify == "center" else "left",
            )
            return
        style = console.get_style(self.style) if self.style else Style()
        new_line = Segment.line()
        for text in self.text_lines(width):
            text.truncate(width)
            for segment in text.render(console):
                yield Segment(segment.text, style + segment.style if segment.style else style)
            yield new_line


def row_texts(items: Iterable[tuple[str, StyleType]], scale: int, gap: int = 2) -> list[Text]:
    """Several texts at one scale side by side, each in its own style."""
    items = list(items)
    rows = [big_rows(text, scale) for text, _ in items]
    height = max((len(r) for r in rows), default=0)
    out = []
    for y in range(height):
        line = Text(no_wrap=True, overflow="crop")
        for index, ((_, style), cells) in enumerate(zip(items, rows, strict=True)):
            if index:
                line.append(" " * gap)
            offset = (height - len(cells)) // 2
            row = cells[y - offset] if 0 <= y - offset < len(cells) else " " * cell_len(cells[0])
            line.append(row, style=style)
        out.append(line)
    return out
