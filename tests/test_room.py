"""The room's phones: every route and every bad request in-process, the forms of each kind,
what a phone may never see, a burst of 60 phones, and the room opened from the app."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from conftest import AGENDAS, FakeClock
from rich.console import Console

from workshop.agenda import load_agenda
from workshop.export.formats import render
from workshop.kinds import shown_to_room
from workshop.kinds.list_items import ListItem, ListResult
from workshop.kinds.one_word import OneWordResult
from workshop.record import SessionRecord
from workshop.room import server as server_module
from workshop.room.address import parse_bind
from workshop.room.public import Refused, accept_held, public_state, reject_held, submit
from workshop.room.server import BURST, MAX_BODY, RoomServer
from workshop.session import Session
from workshop.storage import SessionFile, load_record
from workshop.ui.app import WorkshopApp
from workshop.ui.audience import AudienceApp
from workshop.ui.held import HeldDialog
from workshop.ui.join import JoinCard, join_card, link_file, qr_code, read_link
from workshop.ui.kinds import ROOM_VIEWS
from workshop.ui.session_screen import SessionScreen

CULTURE = load_agenda(AGENDAS / "culture-of-service.toml")
PHONE = "0123456789abcdef"


def new_session(clock: FakeClock, **fields: Any) -> Session:
    record = SessionRecord.start_new(CULTURE, organization="Acme", **fields)
    return Session(SessionFile.create(record), clock)


class Room:
    """A session, its room server and an HTTP client to it, all in-process."""

    def __init__(self, session: Session, client: TestClient, server: RoomServer) -> None:
        self.session = session
        self.client = client
        self.server = server
        self.base = f"/j/{server.token}"

    async def state(self) -> dict[str, Any]:
        reply = await self.client.get(f"{self.base}/state")
        assert reply.status == 200
        return await reply.json()

    async def send(
        self, action: str, device: str = PHONE, step: str | None = None, **values: str
    ) -> tuple[int, dict[str, Any]]:
        body = {
            "step": step or self.session.record.current_step,
            "action": action,
            "values": values,
            "device": device,
        }
        reply = await self.client.post(f"{self.base}/send", json=body)
        return reply.status, await reply.json()


@pytest.fixture
async def room(clock: FakeClock) -> AsyncIterator[Room]:
    session = new_session(clock)
    server = RoomServer(
        lambda: public_state(session.record),
        lambda step, action, values, device: submit(session, step, action, values, device),
    )
    session.saved_listeners.append(server.changed)
    async with TestClient(TestServer(server.app)) as client:
        yield Room(session, client, server)
    session.close()


def words(session: Session) -> list[tuple[str, str, str | None]]:
    result = load_record(session.file.path).results.get("icebreaker")
    if result is None:  # nothing was ever captured there
        return []
    assert isinstance(result, OneWordResult)
    return [(e.person, e.word, e.device) for e in result.entries]


# -- the page and the token -----------------------------------------------------------------


async def test_the_page_needs_the_token_and_is_self_contained(room: Room) -> None:
    reply = await room.client.get(room.base)
    assert reply.status == 200
    page = await reply.text()
    assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
    assert reply.headers["Cache-Control"] == "no-store"
    # Nothing from anywhere else: no link, script or font outside the page itself.
    assert "http://" not in page and "https://" not in page and "src=" not in page
    assert '<meta name="viewport"' in page and "<label" not in page  # labels are built per field
    for path in ("/j/wrong-token", "/j/wrong-token/state", "/", "/j/", "/state"):
        assert (await room.client.get(path)).status == 404
    bad = await room.client.post("/j/wrong-token/send", json={})
    assert bad.status == 404


async def test_a_private_step_says_only_to_listen(room: Room) -> None:
    assert room.session.record.current_step == "briefing"  # the leader briefing: notes
    state = await room.state()
    assert state == {
        "session": "Culture of customer service",
        "finished": False,
        "listen": True,
        "step": None,
        "actions": [],
    }
    briefing = CULTURE.step("briefing")
    text = json.dumps(state)
    assert briefing.title not in text and briefing.notes[:30] not in text
    status, reply = await room.send("word", word="hello")
    assert status == 409 and "listen" in reply["message"].lower()


# -- one word, as typed -----------------------------------------------------------------------


async def test_a_word_from_a_phone_is_an_entry_like_a_typed_one(room: Room) -> None:
    room.session.go_to("icebreaker")
    state = await room.state()
    (action,) = state["actions"]
    assert [f["name"] for f in action["fields"]] == ["person", "word"]
    status, reply = await room.send("word", person="Ana", word=" kind ")
    assert (status, reply["ok"]) == (200, True)
    assert "'kind'" in reply["message"]
    assert words(room.session) == [("Ana", "kind", PHONE)]
    assert room.session.record.participants == ["Ana"]
    # The same checks and words as the facilitator's typing.
    for word, message in (
        ("", "type a word first"),
        ("three whole words", "at most 2 words: 'three whole words' has 3"),
        ("x" * 31, "that is 31 characters; an answer is at most 30"),
    ):
        status, reply = await room.send("word", person="Ben", word=word)
        assert (status, reply["message"]) == (422, message)
    assert len(words(room.session)) == 1
    # Undoable with Ctrl+Z, like a typed entry.
    assert room.session.undo()
    assert words(room.session) == []


async def test_an_anonymous_session_asks_no_name_and_keeps_none(clock: FakeClock) -> None:
    session = new_session(clock, anonymous=True)
    session.go_to("icebreaker")
    state = public_state(session.record)
    assert [f["name"] for f in state["actions"][0]["fields"]] == ["word"]
    submit(session, "icebreaker", "word", {"person": "Ana", "word": "kind"}, PHONE)
    assert words(session) == [("", "kind", PHONE)]
    assert session.record.participants == []
    session.close()


async def test_a_submission_for_a_step_no_longer_showing_is_refused(room: Room) -> None:
    room.session.go_to("icebreaker")
    room.session.go_to("values")
    status, reply = await room.send("word", step="icebreaker", word="late")
    assert status == 409 and "moved on" in reply["message"]
    status, reply = await room.send("no-such-action", text="x")
    assert status == 400


# -- the other kinds' forms ---------------------------------------------------------------------


async def test_list_suggest_and_vote_within_the_budget(room: Room) -> None:
    room.session.go_to("values")
    assert [a["name"] for a in (await room.state())["actions"]] == ["suggest"]
    assert (await room.send("suggest", text="Respect"))[0] == 200
    status, reply = await room.send("suggest", text=" respect ")
    assert (status, reply["message"]) == (422, "'respect' is already on the list")
    state = await room.state()
    vote = next(a for a in state["actions"] if a["name"] == "vote")
    ((item_id, label),) = vote["fields"][0]["options"]
    assert label == "Respect"
    for _ in range(3):
        assert (await room.send("vote", item=item_id))[0] == 200
    result = room.session.record.results["values"]
    assert isinstance(result, ListResult)
    assert result.items[0].total_votes == 3 and result.items[0].device == PHONE
    with room.session.change("values") as values:
        assert isinstance(values, ListResult)
        values.items.append(ListItem(text="Care"))
    room.session.record.agenda.step("values").vote_budget = 3  # type: ignore[union-attr]
    status, reply = await room.send("vote", item=item_id)
    assert (status, reply["message"]) == (422, "you have used all 3 dots")
    other = "fedcba9876543210"
    assert (await room.send("vote", device=other, item=item_id))[0] == 200


async def test_prompts_answer_the_question_showing(room: Room) -> None:
    room.session.go_to("internal-customer")
    (action,) = (await room.state())["actions"]
    assert action["context"] == "0"
    assert action["fields"][-1]["label"] == CULTURE.step("internal-customer").prompts[0]  # type: ignore[attr-defined]
    assert (await room.send("answer", text="The ward nurses", context="0"))[0] == 200
    with room.session.change("internal-customer") as result:
        result.current = 1
    status, reply = await room.send("answer", text="Late answer", context="0")
    assert status == 409 and "question has changed" in reply["message"]
    assert (await room.send("answer", text="Call back", context="1"))[0] == 200
    responses = room.session.record.results["internal-customer"].responses  # type: ignore[union-attr]
    assert [(r.prompt, r.text, r.device) for r in responses] == [
        (0, "The ward nurses", PHONE),
        (1, "Call back", PHONE),
    ]


async def test_rating_keys_and_commitments(room: Room) -> None:
    room.session.go_to("service-today")
    (action,) = (await room.state())["actions"]
    keys = action["fields"][0]
    assert keys["kind"] == "keys" and [o[0] for o in keys["options"]] == list("12345")
    assert (await room.send("rate", value="4"))[0] == 200
    assert (await room.send("rate", value="9"))[1]["message"] == "'9' is no rating: press 1 to 5"
    room.session.go_to("commitments")
    status, reply = await room.send("propose", what="Fun-Friday board", owner="Ana", due="+1w")
    assert status == 200, reply
    status, reply = await room.send("propose", what="x", due="someday")
    assert status == 422 and "someday" in reply["message"]
    (item,) = room.session.record.results["commitments"].items  # type: ignore[union-attr]
    assert (item.what, item.owner, item.device) == ("Fun-Friday board", "Ana", PHONE)
    assert item.due is not None


# -- bad requests ----------------------------------------------------------------------------


async def test_bad_requests_are_refused_with_a_reason(room: Room) -> None:
    room.session.go_to("icebreaker")
    url = f"{room.base}/send"
    no_device = await room.client.post(url, json={"step": "icebreaker", "action": "word"})
    assert no_device.status == 400
    assert (await room.send("word", device="not-hex", word="x"))[0] == 400
    not_json = await room.client.post(url, data=b"\xff\xfe{", headers={"Content-Type": "x"})
    assert not_json.status == 400
    listed = await room.client.post(url, json=["a"])
    assert listed.status == 400
    numbers = {"step": "icebreaker", "action": "word", "values": {"word": 5}, "device": PHONE}
    assert (await room.client.post(url, json=numbers)).status == 400
    huge = {"step": "icebreaker", "action": "word", "values": {"word": "x" * MAX_BODY}}
    reply = await room.client.post(url, json={**huge, "device": PHONE})
    assert reply.status == 413
    assert words(room.session) == []


async def test_a_flooding_phone_is_told_to_slow_down_and_others_are_not(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "REFILL", 0.0)  # no refill while the test runs
    room.session.go_to("icebreaker")
    statuses = [(await room.send("word", word=f"w{i}"))[0] for i in range(BURST + 5)]
    assert statuses[:BURST] == [200] * BURST and set(statuses[BURST:]) == {429}
    assert (await room.send("word", device="fedcba9876543210", word="calm"))[0] == 200
    assert len(words(room.session)) == BURST + 1


# -- following the facilitator -----------------------------------------------------------------


async def test_the_event_stream_follows_the_facilitator(room: Room) -> None:
    reply = await room.client.get(f"{room.base}/events")
    assert reply.headers["Content-Type"] == "text/event-stream"

    async def next_state() -> dict[str, Any]:
        while True:
            line = await asyncio.wait_for(reply.content.readline(), 5)
            if line.startswith(b"data: "):
                return json.loads(line[6:])

    assert (await next_state())["listen"] is True
    room.session.go_to("icebreaker")  # a save: the stream sends the new step
    state = await next_state()
    assert state["step"]["id"] == "icebreaker"
    reply.close()


# -- 60 phones at once ---------------------------------------------------------------------------


async def test_sixty_phones_send_a_thousand_words_each_saved_once(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst over real sockets on 127.0.0.1: every word saved exactly once."""
    session = new_session(clock)
    session.go_to("icebreaker")
    server = RoomServer(
        lambda: public_state(session.record),
        lambda step, action, values, device: submit(session, step, action, values, device),
    )
    await server.start()
    phones = [f"{n:016x}" for n in range(60)]
    sent = [(phones[i % 60], f"w{i}") for i in range(1000)]
    try:
        async with aiohttp.ClientSession() as http:

            async def send(device: str, word: str) -> int:
                body = {"step": "icebreaker", "action": "word", "values": {"word": word}}
                async with http.post(f"{server.url}/send", json={**body, "device": device}) as r:
                    return r.status

            statuses = await asyncio.gather(*(send(d, w) for d, w in sent))
    finally:
        await server.stop()
    assert set(statuses) == {200}
    saved = [
        (e.device, e.word) for e in load_record(session.file.path).results["icebreaker"].entries
    ]  # type: ignore[union-attr]
    assert sorted(saved) == sorted(sent)
    session.close()


async def test_nothing_listens_once_the_room_is_closed(clock: FakeClock) -> None:
    session = new_session(clock)
    server = RoomServer(lambda: public_state(session.record), lambda *a: "")
    await server.start()
    async with aiohttp.ClientSession() as http:
        async with http.get(server.url) as reply:
            assert reply.status == 200
        await server.stop()
        with pytest.raises(aiohttp.ClientConnectionError):
            async with http.get(server.url):
                pass
    session.close()


def test_room_addresses() -> None:
    assert parse_bind(None) == (None, 8765)
    assert parse_bind("") == (None, 8765)
    assert parse_bind("127.0.0.1:0") == ("127.0.0.1", 0)
    assert parse_bind("[::1]:9000") == ("::1", 9000)
    assert parse_bind("10.0.0.5") == ("10.0.0.5", 8765)
    for bad in ("laptop:80", "127.0.0.1:x", "127.0.0.1:70000"):
        with pytest.raises(Exception, match="--room"):
            parse_bind(bad)


def test_the_qr_code_is_dark_on_light_half_blocks() -> None:
    code = qr_code("http://192.168.1.20:8765/j/abcdefghijklmnopqrstuv")
    lines = code.plain.splitlines()
    assert len({len(line) for line in lines}) == 1 and len(lines) >= 14
    assert set(code.plain) <= set("▀▄█ \n")
    assert lines[0].strip() == ""  # the quiet zone
    assert "#000000 on #ffffff" in str(code.style)


# -- from the app ---------------------------------------------------------------------------------


async def room_opened(app: WorkshopApp, pilot: Any) -> SessionScreen:
    """The session screen once its room (opened at start) listens."""
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    for _ in range(50):
        await pilot.pause(0.05)
        if screen.room.url:
            break
    return screen


async def test_the_app_opens_the_room_shows_the_link_and_takes_a_word(clock: FakeClock) -> None:
    session = new_session(clock)
    session.go_to("icebreaker")
    app = WorkshopApp(session, clock, room=("127.0.0.1", 0))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await room_opened(app, pilot)
        url = screen.room.url
        assert url is not None and url.startswith("http://127.0.0.1:")
        assert screen.query_one(JoinCard).has_class("-open")
        assert read_link(session.file.path) == url
        async with aiohttp.ClientSession() as http:
            body = {"step": "icebreaker", "action": "word", "device": PHONE}
            body["values"] = {"person": "Ana", "word": "kind"}  # type: ignore[assignment]
            async with http.post(f"{url}/send", json=body) as reply:
                assert reply.status == 200
        await pilot.pause()
        assert words(session) == [("Ana", "kind", PHONE)]
        table = screen.query_one("EntryTable")
        assert table.row_count == 1  # type: ignore[attr-defined]
        await pilot.press("f12")  # close the room
        await pilot.pause(0.2)
        assert screen.room.url is None and read_link(session.file.path) is None
        assert not screen.query_one(JoinCard).has_class("-open")
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.ClientConnectionError):
                async with http.get(url):
                    pass
        await pilot.press("ctrl+q")


def test_the_server_module_is_imported_only_with_a_room() -> None:
    """Start-up does not pay for aiohttp: only opening a room imports it."""
    import subprocess
    import sys

    code = (
        "import sys, workshop.ui.app, workshop.ui.session_screen, workshop.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'segno')"
        " or m == 'workshop.room.server'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert server_module.MAX_BODY > 5000


# -- approve first -----------------------------------------------------------------------------


def approving(clock: FakeClock) -> Session:
    """A session whose icebreaker holds phones' words for the facilitator's approval."""
    steps = [
        s.model_copy(update={"approve_phones": True}) if s.id == "icebreaker" else s
        for s in CULTURE.steps
    ]
    agenda = CULTURE.model_copy(update={"steps": steps})
    session = Session(SessionFile.create(SessionRecord.start_new(agenda)), clock)
    session.go_to("icebreaker")
    return session


async def test_a_step_that_asks_for_approval_holds_phone_entries(clock: FakeClock) -> None:
    session = approving(clock)
    message = submit(session, "icebreaker", "word", {"person": "Ana", "word": "kind"}, PHONE)
    assert message == "Sent: it shows once the facilitator accepts it."
    assert words(session) == []  # not in the results the room sees
    (held,) = load_record(session.file.path).held
    assert (held.step, held.values, held.device) == (
        "icebreaker",
        {"person": "Ana", "word": "kind"},
        PHONE,
    )
    assert session.record.participants == []  # nobody named until accepted
    with pytest.raises(Refused, match="at most 2 words"):  # refused at once, not held
        submit(session, "icebreaker", "word", {"word": "three whole words"}, PHONE)
    submit(session, "icebreaker", "word", {"word": "spam"}, "fedcba9876543210")
    first, second = session.record.held
    assert accept_held(session, first.id) == "Thank you: 'kind' is in."
    assert words(session) == [("Ana", "kind", PHONE)]
    reject_held(session, second.id)
    saved = load_record(session.file.path)
    assert saved.held == [] and [e.word for e in saved.results["icebreaker"].entries] == ["kind"]  # type: ignore[union-attr]
    assert session.undo()  # an accepted entry is undone like any other
    assert words(session) == []
    session.close()


async def test_the_facilitator_accepts_from_the_console_with_f11(clock: FakeClock) -> None:
    session = approving(clock)
    app = WorkshopApp(session, clock, room=("127.0.0.1", 0))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await room_opened(app, pilot)
        async with aiohttp.ClientSession() as http:
            for device, word in ((PHONE, "kind"), ("fedcba9876543210", "rude")):
                body = {"step": "icebreaker", "action": "word", "device": device}
                body["values"] = {"word": word}  # type: ignore[assignment]
                async with http.post(f"{screen.room.url}/send", json=body) as reply:
                    assert reply.status == 200
        await pilot.pause()
        card = screen.query_one(JoinCard)
        assert card._waiting == 2
        console = Console(width=60, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(card.content)
        assert "2 waiting for you: F11" in console.export_text()
        await pilot.press("f11")
        await pilot.pause()
        assert isinstance(app.screen, HeldDialog)
        await pilot.press("a")  # accept the first: kind
        await pilot.press("x")  # reject the next: rude
        await pilot.press("escape")
        await pilot.pause()
        assert [w for _, w, _ in words(session)] == ["kind"]
        assert session.record.held == []
        await pilot.press("ctrl+q")


async def test_the_rooms_view_shows_the_join_link_while_the_room_is_open(
    clock: FakeClock,
) -> None:
    """workshop present follows the link file the console writes beside the record."""
    session = new_session(clock)
    link = link_file(session.file.path)
    app = AudienceApp(session.file.path, clock=clock, poll_seconds=0.05)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.2)
        card = app.room.query_one(JoinCard)
        assert not card.has_class("-open")
        link.write_text(json.dumps({"url": "http://192.168.1.20:8765/j/abc"}))
        await pilot.pause(0.3)
        assert card.has_class("-open")
        link.unlink()
        await pilot.pause(0.3)
        assert not card.has_class("-open")
    session.close()


# -- hiding an entry from the room -------------------------------------------------------------


def test_hidden_entries_stay_in_the_record_and_out_of_what_the_room_sees(
    clock: FakeClock,
) -> None:
    session = new_session(clock)
    session.go_to("values")
    for text in ("Respect", "Rude joke"):
        submit(session, "values", "suggest", {"text": text}, PHONE)
    with session.change("values") as result:
        assert isinstance(result, ListResult)
        result.items[1].hidden = True
    record = load_record(session.file.path)
    assert [i.text for i in record.results["values"].items] == ["Respect", "Rude joke"]  # type: ignore[union-attr]
    shown = shown_to_room(record.results["values"])
    assert [i.text for i in shown.items] == ["Respect"]  # type: ignore[attr-defined]
    options = public_state(session.record)["actions"][1]["fields"][0]["options"]
    assert [label for _, label in options] == ["Respect"]  # phones cannot vote for it
    assert "Rude joke" not in render(record, "md", trends=False)
    assert "Rude joke" not in render(record, "csv")
    session.close()


async def test_h_in_the_table_hides_an_entry_from_the_room(clock: FakeClock) -> None:
    session = new_session(clock)
    session.go_to("icebreaker")
    app = WorkshopApp(session, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ana", "enter", *"kind", "enter", *"Ben", "enter", *"oops", "enter")
        await pilot.pause()
        await pilot.press("down", "home", "h")  # the newest word is at the top: oops
        await pilot.pause()
        entries = session.record.results["icebreaker"].entries  # type: ignore[union-attr]
        assert [(e.word, e.hidden) for e in entries] == [("kind", None), ("oops", True)]
        record = load_record(session.file.path)
        step = record.agenda.step("icebreaker")
        console = Console(width=100, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(ROOM_VIEWS["one-word"](record, step, record.results["icebreaker"]))
        assert "KIND" in console.export_text() and "oops" not in console.export_text().lower()
        await pilot.press("ctrl+z")  # shown again
        assert [e.hidden for e in session.record.results["icebreaker"].entries] == [None, None]  # type: ignore[union-attr]
        await pilot.press("ctrl+q")


def test_the_join_link_is_unguessable_and_easy_to_read_off_the_wall() -> None:
    tokens = {RoomServer(dict, lambda *a: "").token for _ in range(200)}
    assert len(tokens) == 200  # 59 bits each
    assert all(len(t) == 12 and set(t) <= set("abcdefghjkmnpqrstuvwxyz23456789") for t in tokens)
    console = Console(width=80, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(join_card("http://192.168.1.20:8765/j/k7q2m9xw4pab", large=True))
    lines = console.export_text().splitlines()
    assert "http://" not in "".join(lines)  # a phone needs no scheme; the QR has it
    assert len(lines) > 20 and max(len(line) for line in lines) <= 60  # fits its corner
