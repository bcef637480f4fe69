"""Opening the room to phones from the facilitator's console, and the join card.

`RoomLink` starts the participation server (`workshop.room`) inside the app's event loop,
feeds it every save, and takes phones' submissions through the session like typed entries.
While the room is open the console shows a `JoinCard` (a QR code of the link and the link
itself) in a corner, and a small file beside the record tells `workshop present` the link
so the room's view can show it too. Closing the room (the same key), finishing the session
or quitting stops the server: nothing listens while the room is closed.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from workshop.atomic import atomic_write
from workshop.errors import WorkshopError
from workshop.session import Session

if TYPE_CHECKING:
    from workshop.room.server import RoomServer

#: The join link's file beside the record while the room is open (read by `workshop present`).
LINK_SUFFIX = ".room.json"

#: QR modules as half blocks: two rows of modules per line of text.
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def link_file(record_path: Path) -> Path:
    return record_path.with_name(record_path.name + LINK_SUFFIX)


def read_link(record_path: Path) -> str | None:
    """The join link of an open room, for the room's view; None when it is closed."""
    try:
        data = json.loads(link_file(record_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.startswith("http://") else None


def qr_code(url: str) -> Text:
    """The link as a QR code drawn with half blocks, dark on light (as cameras expect,
    whatever the theme), with the quiet zone the standard asks for."""
    import segno  # the QR library: only once a room is opened

    qr = segno.make(url, error="m", micro=False)
    rows = [[bool(module) for module in row] for row in qr.matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = [
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]
    return Text("\n".join(lines), style="#000000 on #ffffff", no_wrap=True)


def join_card(url: str, *, with_code: bool = True, large: bool = False) -> RenderableType:
    """What the card shows: the code, then the link to type when a camera cannot scan
    (`large`: in big text, on two lines, for the room to read; a phone needs no http://)."""
    heading = Text("Join from your phone", style="bold")
    if large:
        from workshop.ui.bigtext import big_rows

        address, _, path = url.removeprefix("http://").partition("/")
        rows = [*big_rows(address, 1), *big_rows(f"/{path}", 1)]
        link: RenderableType = Text("\n".join(rows), style="bold", no_wrap=True)
    else:
        link = Text(url, style="bold", overflow="fold")
    return Group(heading, qr_code(url), link) if with_code else Group(heading, link)


class JoinCard(Static):
    """The join link in a corner while the room is open, for late joiners."""

    DEFAULT_CSS = """
    JoinCard {
        display: none; dock: right; width: auto; height: auto; max-width: 60;
        /* Below the top bar and the step's title and timer, which stay in view. */
        margin: 6 0 0 0;
        padding: 0 1; background: $surface; border: round $primary; layer: overlay;
    }
    JoinCard.-open { display: block; }
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._url: str | None = None
        self._with_code = True
        self._large = False
        self._waiting = 0

    def show_link(self, url: str | None, *, with_code: bool = True, large: bool = False) -> None:
        self._url, self._with_code, self._large = url, with_code, large
        self._draw()

    def show_waiting(self, waiting: int) -> None:
        """How many phone entries wait for approval on this step (F11 lists them)."""
        if waiting != self._waiting:
            self._waiting = waiting
            self._draw()

    def _draw(self) -> None:
        self.set_class(self._url is not None, "-open")
        if self._url is None:
            self.update("")
            return
        card = join_card(self._url, with_code=self._with_code, large=self._large)
        if self._waiting:
            waiting = Text(f"{self._waiting} waiting for you: F11", style="bold reverse")
            card = Group(card, waiting)
        self.update(card)


class RoomLink:
    """The open room of one session: its server, and how submissions reach the session."""

    def __init__(self, session: Session, on_entry: Callable[[str], None]) -> None:
        self.session = session
        self._on_entry = on_entry  # step id: a phone added to it (redraw it)
        self.server: RoomServer | None = None

    @property
    def url(self) -> str | None:
        return self.server.url if self.server is not None else None

    async def open(self, host: str | None, port: int) -> str:
        """Start listening; the join link. WorkshopError when the address cannot be used."""
        from workshop.room.address import DEFAULT_PORT, lan_address
        from workshop.room.public import public_state
        from workshop.room.server import RoomServer

        if self.server is not None:
            return self.server.url
        record = self.session.record
        chosen = host or lan_address()
        server = RoomServer(lambda: public_state(record), self._submit, host=chosen, port=port)
        try:
            await server.start()
        except OSError as exc:
            if port != DEFAULT_PORT:
                raise WorkshopError(f"the room cannot listen on {chosen}:{port}: {exc}") from None
            server = RoomServer(lambda: public_state(record), self._submit, host=chosen, port=0)
            try:
                await server.start()  # the usual port is taken: any free one
            except OSError as again:
                raise WorkshopError(f"the room cannot listen on {chosen}: {again}") from None
        self.server = server
        self.session.saved_listeners.append(server.changed)
        with contextlib.suppress(WorkshopError, OSError):
            atomic_write(
                link_file(self.session.file.path), json.dumps({"url": server.url}).encode()
            )
        return server.url

    async def close(self) -> None:
        """Stop listening and take the link down."""
        server, self.server = self.server, None
        if server is None:
            return
        with contextlib.suppress(ValueError):
            self.session.saved_listeners.remove(server.changed)
        with contextlib.suppress(OSError):
            os.unlink(link_file(self.session.file.path))
        await server.stop()

    def _submit(self, step_id: str, action: str, values: dict[str, str], device: str) -> str:
        from workshop.room.public import submit

        message = submit(self.session, step_id, action, values, device)
        self._on_entry(step_id)
        return message
