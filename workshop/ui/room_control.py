"""What the facilitator's console does for the room's view (`workshop present`): blank
and reveal it (F4), and warn when a session starts in a terminal too small for its agenda."""

from __future__ import annotations

import contextlib
from typing import Any

from workshop.blanking import is_blanked, set_blanked
from workshop.errors import WorkshopError
from workshop.ui.fit import needed_size


def toggle_room_blank(screen: Any) -> None:
    """Blank the room's view of the screen's session, or reveal it again."""
    path = screen.session.file.path
    blank = not is_blanked(path)
    try:
        set_blanked(path, blank)
    except WorkshopError as exc:
        screen.notify(str(exc), severity="error", timeout=8)
        return
    if blank:
        screen.notify("The room's view is blank (workshop present). F4 reveals it.", timeout=6)
    else:
        screen.notify("The room's view shows everything again.", timeout=3)


def clear_room_blank(screen: Any) -> None:
    """The session closes: leave no blank screen behind for the next `workshop present`."""
    # A flag that cannot be removed now is removed by the next F4.
    with contextlib.suppress(WorkshopError):
        set_blanked(screen.session.file.path, False)


def warn_if_too_small(screen: Any) -> None:
    """Notify when the terminal is smaller than the agenda needs (`fit.needed_size`)."""
    agenda = screen.session.record.agenda
    needs, size = needed_size(agenda), screen.app.size
    if size.width >= needs.width and size.height >= needs.height:
        return
    screen.notify(
        f"This terminal is {size.width}x{size.height}; the agenda {agenda.id!r} needs "
        f"{needs.width}x{needs.height} to show every step whole. Enlarge it, or check "
        f"with `workshop check --fit {size.width}x{size.height} {agenda.id}`.",
        title="Small terminal",
        severity="warning",
        timeout=10,
        markup=False,
    )
