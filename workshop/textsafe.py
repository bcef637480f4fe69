"""Text from files and from typing, made harmless to print on a terminal.

A title, a captured word or a file name may hold control characters: an escape sequence
that retitles the window, clears the screen or makes text blink, a bell, a backspace or a
carriage return that writes over what was printed. `visible` shows each C0 or C1 control
character (and DEL) as a visible escape such as ``\\x1b``, so the text reads as it is
and the terminal does nothing with it. Every line the CLI prints goes through it.
"""

from __future__ import annotations

import re

#: C0 controls, DEL and C1 controls; newline and tab are decided by the caller.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: A carriage return that does not end a line (CRLF) can write over a line.
_LONE_CR = re.compile(r"\r(?!\n)")
# Unicode line and paragraph separators and bidirectional overrides: not controls for a
# terminal, but they can reorder or split what is shown; shown as escapes too.
_FORMATTING = re.compile(r"[\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """`text` with every control character shown as an escape (``\\x1b``), tab included.

    `newlines`: keep line breaks (LF, and CR before LF) and tabs as they are, for text of
    several lines (a report printed to the terminal); otherwise they are escaped too, so
    the text stays on one line.
    """
    if newlines:
        text = _LONE_CR.sub(_escape, text)
        text = _CONTROLS.sub(lambda m: m.group() if m.group() == "\r" else _escape(m), text)
    else:
        text = _CONTROLS_ALL.sub(_escape, text)
    return _FORMATTING.sub(_escape, text)


def has_controls(text: str) -> bool:
    """Whether `visible` would change `text`."""
    return bool(_CONTROLS_ALL.search(text) or _FORMATTING.search(text))
