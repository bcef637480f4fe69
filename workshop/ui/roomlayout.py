"""Layouts the kinds' room views share: they fill the room's screen with big text.

A kind's `room_view` returns a `FitToSize`: given the width and height of the results
area it builds its big layout, or, when the height is unknown (a text export, a fit
check, a height set by the content) or too small, its compact one-cell layout. The
kinds decide what goes where; these helpers do the sizing:

- `cloud`: words whose size follows their count, most said largest, flowed in lines;
- `ranked`: rows of big text at the one scale at which all of them fit;
- `bar_chart`: bars that share the height, with a headline number above them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import StyleType
from rich.text import Text

from workshop.kinds import spec_of
from workshop.record import SessionRecord
from workshop.ui.bigtext import LARGEST, PLAIN, BigText, big_rows, big_width, fit

#: Below this many rows (an 80x24 screen's results area) the compact, one-cell layout is kept.
BIG_FROM_ROWS = 20


class FitToSize:
    """A renderable built for the area it is drawn in: `build(width, height)`; the height
    is None where the content decides it (the compact layout is then drawn)."""

    def __init__(self, build: Callable[[int, int | None], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width, options.height)


class Lines:
    """Text lines drawn as they are, cropped to the width (never wrapped)."""

    def __init__(self, lines: Sequence[Text]) -> None:
        self.lines = list(lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            line = line.copy()
            line.no_wrap = True
            line.overflow = "crop"
            line.truncate(options.max_width)
            yield line


@dataclass(frozen=True)
class CloudWord:
    text: str
    count: int
    style: StyleType = ""
    #: Written after the word at the terminal's size (a value's star).
    mark: str = ""


def _tier(count: int, top: int) -> int:
    """How many scales below the most said word a word is drawn."""
    ratio = count / top
    if ratio >= 0.99:
        return 0
    if ratio >= 0.5:
        return 1
    if ratio >= 0.25:
        return 2
    return 3


def _word_rows(word: CloudWord, scale: int) -> tuple[str, ...]:
    return big_rows(word.text + (f" {word.mark}" if word.mark else ""), scale)


def _flow(
    words: Sequence[CloudWord], scales: Sequence[int], width: int, gap: int
) -> list[list[tuple[CloudWord, tuple[str, ...]]]] | None:
    """Words in lines, left to right; None when one word is wider than the area."""
    lines: list[list[tuple[CloudWord, tuple[str, ...]]]] = [[]]
    used = 0
    for word, scale in zip(words, scales, strict=True):
        rows = _word_rows(word, scale)
        w = cell_len(rows[0])
        if w > width:
            return None
        if lines[-1] and used + gap + w > width:
            lines.append([])
            used = 0
        used += (gap if lines[-1] else 0) + w
        lines[-1].append((word, rows))
    return lines


def _line_height(line: list[tuple[CloudWord, tuple[str, ...]]]) -> int:
    return max(len(rows) for _, rows in line)


def cloud(words: Sequence[CloudWord], width: int, height: int) -> list[Text]:
    """Words sized by count (most said largest) flowed in centred lines that fill as much
    of `width` x `height` as they can. Words that do not fit even at the terminal's size
    are counted in a last line."""
    if not words or height < 1:
        return []
    # Never more words than could fit at the terminal's size (a word and its gap take at
    # least four cells): a step with thousands of different words lays out the most said
    # ones and counts the rest, instead of drawing every one at every size it tries.
    fit = height * max(1, width // 4)
    if len(words) > fit and height > 1:
        most_said = cloud(words[:fit], width, height - 1)
        return [*most_said, Text(f"… and {len(words) - fit} more, said less often", style="dim")]
    top = max(word.count for word in words)
    tiers = [_tier(word.count, top) for word in words]
    best: tuple[list[list[tuple[CloudWord, tuple[str, ...]]]], int] | None = None
    # Largest first; at each size of the most said word, the others a step below it per
    # tier, then (to let the top word stay large) two steps.
    candidates = [
        (top_scale, fall) for top_scale in range(LARGEST, PLAIN - 1, -1) for fall in (1, 2)
    ]
    for largest, fall in candidates:
        scales = [max(PLAIN, largest - tier * fall) for tier in tiers]
        gap = 3
        lines = _flow(words, scales, width, gap)
        if lines is None:
            continue
        rows = sum(_line_height(line) for line in lines)
        rows += sum(1 for line in lines[1:] if _line_height(line) > 1)  # a row between big lines
        if rows <= height:
            best = (lines, rows)
            break
    if best is None:  # even at the terminal's size: as many as fit, and how many more
        lines = _flow(words, [PLAIN] * len(words), width, 3) or []
        shown = lines[: max(0, height - 1)]
        hidden = sum(len(line) for line in lines[len(shown) :])
        out = [_cloud_line(line, width) for line in shown]
        flat = [row for line in out for row in line]
        return [*flat, Text(f"… and {hidden} more", style="dim")]
    lines, _ = best
    out_rows: list[Text] = []
    for index, line in enumerate(lines):
        if index and _line_height(line) > 1:
            out_rows.append(Text(""))
        out_rows += _cloud_line(line, width)
    return out_rows


def _cloud_line(line: list[tuple[CloudWord, tuple[str, ...]]], width: int) -> list[Text]:
    """One line of the cloud, centred, each word centred in the line's height."""
    height = _line_height(line)
    used = sum(cell_len(rows[0]) for _, rows in line) + 3 * (len(line) - 1)
    indent = " " * max(0, (width - used) // 2)
    out = []
    for y in range(height):
        text = Text(indent, no_wrap=True, overflow="crop")
        for index, (word, rows) in enumerate(line):
            if index:
                text.append("   ")
            offset = (height - len(rows)) // 2
            inside = 0 <= y - offset < len(rows)
            text.append(rows[y - offset] if inside else " " * cell_len(rows[0]), style=word.style)
        out.append(text)
    return out


@dataclass(frozen=True)
class Row:
    """One row of a ranked layout: a short plain prefix, big text, a plain suffix."""

    text: str
    prefix: str = ""
    suffix: str = ""
    style: StyleType = "bold"


def ranked(
    rows: Sequence[Row], width: int, height: int, *, largest: int = 3, cut: bool = True
) -> list[Text] | None:
    """Every row at the largest scale (at least 1) at which all fit `width` x `height`,
    one line each (long text cut with … at the smallest scale, unless `cut` is False);
    None when even scale 1 does not fit."""
    if not rows:
        return []
    prefix_w = max(cell_len(r.prefix) for r in rows)
    suffix_w = max(cell_len(r.suffix) for r in rows)
    room = width - prefix_w - suffix_w - (2 if prefix_w else 0) - (2 if suffix_w else 0)
    if room < 12:
        return None
    scales = list(range(largest, PLAIN, -1))
    for scale in scales:
        heights = [len(big_rows(r.text or " ", scale)) for r in rows]
        if sum(heights) + len(rows) - 1 > height:
            continue
        # A smaller size that shows every word beats a larger one that cuts a text short
        # (cut with … only at the smallest size).
        too_wide = any(big_width(r.text, scale) > room for r in rows if r.text)
        if too_wide and (scale != scales[-1] or not cut):
            continue
        out: list[Text] = []
        for index, row in enumerate(rows):
            text = row.text
            while text and big_width(text, scale) > room:  # cut to fit, with …
                text = text[:-2].rstrip() + "…" if len(text) > 2 else ""
            cells = big_rows(text or " ", scale)
            middle = (len(cells) - 1) // 2
            if index:
                out.append(Text(""))
            for y, cell_row in enumerate(cells):
                line = Text(no_wrap=True, overflow="crop")
                pre = Text(row.prefix) if y == middle else Text(" " * prefix_w)
                pre.pad_left(prefix_w - pre.cell_len) if y == middle else None
                if prefix_w:
                    line.append_text(pre)
                    line.append("  ")
                line.append(cell_row, style=row.style)
                if suffix_w and y == middle:
                    line.append(" " * max(2, room - cell_len(cell_row) + 2))
                    line.append(row.suffix, style="bold")
                out.append(line)
        return out
    return None


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: str
    style: StyleType = "cyan"
    label_style: StyleType = "bold"


def bar_chart(bars: Sequence[Bar], width: int, height: int) -> list[Text] | None:
    """Horizontal bars sharing `height`: each as thick as the height allows (up to 8
    rows), the longest filling the width; labels as big as their thickness allows.
    None when the bars do not get two rows each."""
    n = len(bars)
    if n == 0:
        return []
    thickness = min(8, (height - (n - 1)) // n)
    if thickness < 2:
        return None
    label_room = max(10, width // 3)
    scale = PLAIN
    for candidate in range(LARGEST, PLAIN, -1):
        fits_rows = all(len(big_rows(b.label, candidate)) <= thickness for b in bars)
        if fits_rows and all(big_width(b.label, candidate) <= label_room for b in bars):
            scale = candidate
            break
    labels = [big_rows(b.label, scale) for b in bars]
    label_w = max(cell_len(rows[0]) for rows in labels)
    label_w = min(label_w, label_room)
    numbers = [f"{b.count}  {b.share}".rstrip() for b in bars]
    number_w = max(len(x) for x in numbers)
    bar_room = max(4, width - label_w - number_w - 4)
    most = max((b.count for b in bars), default=0)
    out: list[Text] = []
    for index, (bar, rows, number) in enumerate(zip(bars, labels, numbers, strict=True)):
        if index:
            out.append(Text(""))
        length = round(bar.count / most * bar_room) if most else 0
        offset = (thickness - len(rows)) // 2
        for y in range(thickness):
            line = Text(no_wrap=True, overflow="crop")
            inside = 0 <= y - offset < len(rows)
            label = rows[y - offset] if inside else ""
            label_text = Text(label[:label_w], style=bar.label_style)
            label_text.pad_right(label_w - label_text.cell_len)
            line.append_text(label_text)
            line.append("  ")
            line.append("█" * length, style=bar.style)
            if y == (thickness - 1) // 2:
                line.append(" " * (bar_room - length + 2))
                line.append(number.rjust(number_w), style="bold")
            out.append(line)
    return out


def headline(text: str, width: int, rows: int, style: StyleType = "bold") -> BigText:
    """A headline number or phrase, as large as `rows` allows, centred."""
    return BigText(fit(text, width, rows, max_lines=1), style, justify="center")


def stack(*parts: RenderableType) -> Group:
    return Group(*parts)


#: What the room reads while a step's results are hidden (under how many are in).
CONCEALED_NOTE = "The results show when the facilitator reveals them."


def concealed(record: SessionRecord, step: Any) -> RenderableType:
    """A step whose results are hidden from the room: only how many are in, large."""
    result = record.results.get(step.id)
    count = spec_of(step).captured_text(step, result)

    def build(width: int, height: int | None) -> RenderableType:
        rows = None if height is None else max(1, height - 2)
        big = BigText(fit(f"{count} in", width, rows, max_lines=2), "bold", justify="center")
        return Group(big, Text(""), Text(CONCEALED_NOTE, style="italic dim", justify="center"))

    return FitToSize(build)
