"""The participation server: aiohttp's web server, run inside the app's own event loop.

Why aiohttp: its server is plain asyncio (an `AppRunner` and a `TCPSite` started and
stopped with `await`), so it runs inside Textual's loop without a thread, without taking
over signal handling, and stops listening the moment the room is closed. Its test client
drives every route in-process.

Routes, all under the join token (anything else is 404, the same as a wrong token):

- `GET  /j/{token}`         the phone page (one self-contained HTML document)
- `GET  /j/{token}/state`   what the page shows now (JSON; see `public.public_state`)
- `GET  /j/{token}/events`  the same, pushed as server-sent events whenever it changes
- `POST /j/{token}/send`    one submission (JSON: step, action, values, device)

Limits: a body of at most `MAX_BODY` bytes, a device id the page made up (16 hex digits;
none, no submission), and per device a burst of `BURST` submissions refilled at `REFILL`
a second (a phone flooding the room is told to slow down, the others are not).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from workshop.room.page import PAGE
from workshop.room.public import Refused

#: The largest request body taken: a long answer is 5,000 characters (up to 4 bytes each).
MAX_BODY = 24 * 1024
#: Per device: this many submissions at once, then `REFILL` more a second.
BURST = 30
REFILL = 3.0
#: How often a quiet event stream says it is still there (phones drop idle connections).
KEEPALIVE_SECONDS = 15.0
#: At most this many phones connected to the event stream at once.
MAX_STREAMS = 500

_DEVICE = re.compile(r"^[0-9a-f]{16}$")

#: The join token's letters: lower case and digits a person reads off a projector without
#: mixing them up (no 0/o, 1/l/i). Twelve of them are 59 bits: no one guesses that.
TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 12


def new_token() -> str:
    """An unguessable join token that is still easy to type from the room's view."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


StateFn = Callable[[], dict[str, Any]]
SubmitFn = Callable[[str, str, dict[str, str], str], str]


@dataclass
class _Bucket:
    tokens: float = BURST
    at: float = field(default_factory=time.monotonic)

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.at) * REFILL)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class RoomServer:
    """Serves the phone page for one session while the room is open.

    `state()` gives what phones may see now; `submit(step, action, values, device)` takes
    one submission and returns the confirmation, or raises `Refused`. Call `changed()`
    after anything that may change what phones see (every save does), and the event
    streams send the new state to every phone.
    """

    def __init__(
        self,
        state: StateFn,
        submit: SubmitFn,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
    ) -> None:
        self._state = state
        self._submit = submit
        self.host = host
        self.port = port
        self.token = token or new_token()
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self._closing = False
        self._buckets: dict[str, _Bucket] = {}
        self.streams = 0
        self.app = self._build()

    # -- lifecycle ------------------------------------------------------------------------

    def _build(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/j/{token}", self._page)
        app.router.add_get("/j/{token}/state", self._get_state)
        app.router.add_get("/j/{token}/events", self._events)
        app.router.add_post("/j/{token}/send", self._send)
        return app

    async def start(self) -> None:
        """Start listening (port 0: a free one, then `port` says which)."""
        self._runner = web.AppRunner(
            self.app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self._runner.addresses:
            self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop listening and end every event stream; nothing listens after this."""
        self._closing = True
        self._changed.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/j/{self.token}"

    def changed(self) -> None:
        """What phones see may have changed: wake the event streams (each then sends the
        state if it differs from what it last sent)."""
        self._changed.set()
        self._changed = asyncio.Event()

    # -- routes -------------------------------------------------------------------------

    def _check_token(self, request: web.Request) -> None:
        if not secrets.compare_digest(request.match_info["token"], self.token):
            raise web.HTTPNotFound()

    async def _page(self, request: web.Request) -> web.Response:
        self._check_token(request)
        return web.Response(
            text=PAGE,
            content_type="text/html",
            headers={
                "Content-Security-Policy": (
                    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                    "connect-src 'self'; img-src data:; form-action 'none'; base-uri 'none'"
                ),
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def _get_state(self, request: web.Request) -> web.Response:
        self._check_token(request)
        return _json(self._state())

    async def _events(self, request: web.Request) -> web.StreamResponse:
        self._check_token(request)
        if self.streams >= MAX_STREAMS:
            raise web.HTTPServiceUnavailable(text="too many phones connected")
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream",
                "Cache-Control": "no-store",
                "X-Accel-Buffering": "no",
            }
        )
        await response.prepare(request)
        self.streams += 1
        try:
            sent = ""
            while not self._closing:
                # Taken before the state is read: a change from now on sets this event.
                changed = self._changed
                state = json.dumps(self._state(), ensure_ascii=False)
                if state != sent:
                    await response.write(f"data: {state}\n\n".encode())
                    sent = state
                try:
                    await asyncio.wait_for(changed.wait(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": still here\n\n")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.streams -= 1
        return response

    async def _send(self, request: web.Request) -> web.Response:
        self._check_token(request)
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:
            return _json({"ok": False, "message": "That is too long to send."}, 413)
        except (ValueError, UnicodeDecodeError):
            return _json({"ok": False, "message": "That could not be read."}, 400)
        if not isinstance(body, dict):
            return _json({"ok": False, "message": "That could not be read."}, 400)
        device = body.get("device")
        if not isinstance(device, str) or not _DEVICE.match(device):
            return _json({"ok": False, "message": "Reload the page, then try again."}, 400)
        if not self._buckets.setdefault(device, _Bucket()).take():
            return _json({"ok": False, "message": "Slow down a little, then send again."}, 429)
        step, action, values = body.get("step"), body.get("action"), body.get("values")
        if not (isinstance(step, str) and isinstance(action, str) and isinstance(values, dict)):
            return _json({"ok": False, "message": "That could not be read."}, 400)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
            return _json({"ok": False, "message": "That could not be read."}, 400)
        try:
            message = self._submit(step, action, values, device)
        except Refused as refusal:
            return _json({"ok": False, "message": refusal.message}, refusal.status)
        self.changed()
        return _json({"ok": True, "message": message})


def _json(data: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(
        data,
        status=status,
        dumps=lambda d: json.dumps(d, ensure_ascii=False),
        headers={"Cache-Control": "no-store"},
    )
