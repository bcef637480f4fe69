"""The room's phones: submit-to-saved latency with 60 phones connected, and idle CPU.

    .venv/bin/python benchmarks/room.py [PHONES] [SUBMISSIONS]

A session on the icebreaker, its room server on 127.0.0.1 (a free port), PHONES phones
(default 60) holding the event stream open, as the page does. Then:

- **Submit to saved**: SUBMISSIONS words (default 300), each sent by one phone in turn
  and timed from the request to its answer, which comes after the record is written (so
  it is on disk, and `workshop present` shows it at its next look, within 0.2 s). The
  same words are also timed with no phone connected, in the same run: the ratio says what
  the connected phones cost. Target: p95 under 100 ms.
- **Idle CPU**: the process's CPU time over 5 s with the phones connected and nothing
  sent, against 5 s with no room at all.

Everything runs on this machine's loopback; nothing else is contacted.
"""

from __future__ import annotations

import asyncio
import sys
import time

import aiohttp
from _common import AGENDA, median, percentile, result, temp_home

IDLE_SECONDS = 5.0


async def connect_phones(url: str, http: aiohttp.ClientSession, phones: int) -> list[asyncio.Task]:
    """Phones holding the event stream open, reading what it sends."""

    async def listen() -> None:
        async with http.get(f"{url}/events") as reply:
            async for _ in reply.content:
                pass

    tasks = [asyncio.create_task(listen()) for _ in range(phones)]
    await asyncio.sleep(0.5)
    return tasks


async def submit_times(
    url: str, http: aiohttp.ClientSession, count: int, phones: int
) -> list[float]:
    """Seconds from sending each word to its answer (saved by then)."""
    times = []
    for n in range(count):
        device = f"{n % max(phones, 1):016x}"
        body = {"step": "icebreaker", "action": "word", "values": {"word": f"w{n}"}}
        start = time.perf_counter()
        async with http.post(f"{url}/send", json={**body, "device": device}) as reply:
            await reply.read()
            assert reply.status == 200, reply.status
        times.append(time.perf_counter() - start)
        await asyncio.sleep(0.01)  # phones are people: not a tight loop
    return times


async def main(phones: int, count: int) -> None:
    from workshop.agenda import load_agenda
    from workshop.record import SessionRecord
    from workshop.room import server as room_server
    from workshop.room.public import public_state, submit
    from workshop.session import Session
    from workshop.storage import SessionFile

    room_server.REFILL = 1000.0  # the benchmark's devices send faster than people do

    session = Session(SessionFile.create(SessionRecord.start_new(load_agenda(AGENDA))))
    session.go_to("icebreaker")
    server = room_server.RoomServer(
        lambda: public_state(session.record),
        lambda step, action, values, device: submit(session, step, action, values, device),
    )
    session.saved_listeners.append(server.changed)

    cpu = time.process_time()
    await asyncio.sleep(IDLE_SECONDS)
    idle_alone = time.process_time() - cpu

    await server.start()
    async with aiohttp.ClientSession() as http:
        alone = await submit_times(server.url, http, count, 0)
        tasks = await connect_phones(server.url, http, phones)
        assert server.streams == phones, server.streams
        cpu = time.process_time()
        await asyncio.sleep(IDLE_SECONDS)
        idle_connected = time.process_time() - cpu
        connected = await submit_times(server.url, http, count, phones)
        for task in tasks:
            task.cancel()
    await server.stop()
    session.close()

    p50, p95 = median(connected) * 1000, percentile(connected, 95) * 1000
    b50, b95 = median(alone) * 1000, percentile(alone, 95) * 1000
    print(f"submit to saved, no phone connected: p50 {b50:.1f} ms, p95 {b95:.1f} ms")
    print(f"submit to saved, {phones} phones connected: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"  ratio (connected / none): p50 {p50 / b50:.2f}x, p95 {p95 / b95:.2f}x")
    print(
        f"idle CPU over {IDLE_SECONDS:.0f} s: no room {idle_alone * 1000:.0f} ms, "
        f"{phones} phones connected {idle_connected * 1000:.0f} ms"
    )
    result("room", f"submit to saved, {phones} phones, p50", f"{p50:.1f} ms")
    result("room", f"submit to saved, {phones} phones, p95", f"{p95:.1f} ms", "< 100 ms", p95 < 100)
    result(
        "room",
        f"idle CPU, {phones} phones connected",
        f"{idle_connected / IDLE_SECONDS:.1%} of a core (none: {idle_alone / IDLE_SECONDS:.1%})",
    )


if __name__ == "__main__":
    phones = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with temp_home():
        asyncio.run(main(phones, count))
