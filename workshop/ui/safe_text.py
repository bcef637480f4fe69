"""The last guard between text and the terminal: no control character is ever written raw.

Rich and Textual keep ESC and most other control characters in the text they render (Rich
strips only a few, such as BEL and CR), so an agenda title or a captured word holding
``\\x1b]0;pwned\\x07`` or ``\\x1b[2J`` would reach the terminal as an escape sequence:
the window retitled, the screen cleared, text blinking. `ControlFilter` is a line filter
that both apps (`ThemedApp`) apply to every line they draw, whatever widget drew it: it
removes C0 and C1 control characters and DEL from the text of each segment. They take no
cells on screen, so nothing moves. Where the app shows text it has read (the launcher, the
history) it shows such characters as escapes first (`workshop.textsafe.visible`).
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ControlFilter(LineFilter):
    """Remove control characters from every segment's text (control segments, which
    Rich uses for the cursor, are left alone)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_CONTROLS.search(segment.text) for segment in segments):
            return segments
        return [
            segment
            if segment.control or not _CONTROLS.search(segment.text)
            else Segment(_CONTROLS.sub("", segment.text), segment.style)
            for segment in segments
        ]
