"""Blanking the room's view from the facilitator's console, without touching the record.

A blank screen is not something a session captures, so it is not in the record: it is an
empty flag file beside the session's lock (`locks/<record file>.blank`). The facilitator's
app creates and removes it (F4); `workshop present` watches it along with the record.
"""

from __future__ import annotations

from pathlib import Path

from workshop.atomic import atomic_write
from workshop.errors import WorkshopError
from workshop.paths import ensure_private_dir, locks_dir


def blank_flag(record_path: Path) -> Path:
    return locks_dir() / f"{record_path.name}.blank"


def is_blanked(record_path: Path) -> bool:
    return blank_flag(record_path).exists()


def set_blanked(record_path: Path, on: bool) -> None:
    """Blank (on) or reveal the room's view of this session; WorkshopError if it cannot."""
    flag = blank_flag(record_path)
    if on:
        ensure_private_dir(flag.parent)
        atomic_write(flag, b"")
        return
    try:
        flag.unlink(missing_ok=True)
    except OSError as exc:
        raise WorkshopError(
            f"cannot reveal the room's view: {exc.strerror or exc}", path=flag
        ) from None
