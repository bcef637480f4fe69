"""Property tests: a record survives dump -> parse -> dump unchanged, whatever it holds.

The generated records use the shipped agenda and generated agendas (with a tally, a
review and a commitments step), fill the results of every kind, and write text that is
hard for a TOML writer: emoji, right-to-left and CJK scripts, quotes, backslashes,
newlines (LF, CR and CRLF), tabs, control characters, triple quotes and strings up to
each field's length limit; and datetimes with all kinds of offsets, including the
sub-minute ones of historical time zones, which TOML cannot write.
"""

from __future__ import annotations

import contextlib
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.agenda import Agenda, load_agenda
from workshop.catalog import summarize
from workshop.errors import WorkshopError
from workshop.kinds.base import MAX_COUNT
from workshop.kinds.list_items import MAX_VOTES
from workshop.kinds.prompts import MAX_PROMPTS
from workshop.record import MAX_EXTRA_SECONDS, SessionRecord
from workshop.storage import dump_record, load_record, parse_record

AGENDAS = Path(__file__).resolve().parent.parent / "agendas"
SHIPPED = load_agenda(AGENDAS / "culture-of-service.toml")
FAKE_PATH = Path("roundtrip.toml")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- text

#: Pieces that have broken TOML writers (or readers) somewhere.
TRICKY = [
    "😀",
    "👩🏽‍💻",  # a ZWJ sequence with a skin-tone modifier
    "🇳🇱",
    "مرحبا بالعالم",  # Arabic
    "שלום עולם",  # Hebrew
    "\u200f\u202b",  # right-to-left mark and embedding
    "顧客サービス",  # Japanese
    "客户服务",  # Chinese
    "고객 서비스",  # Korean
    '"',
    "'",
    '"""',
    "'''",
    '""',
    "\\",
    "\\n",
    "\\u0041",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",  # C1 next-line
    "\u2028",  # line separator
    "\ufeff",  # byte-order mark
    "\ufffd",
    "\U0010ffff",
    "#",
    "=",
    "[x]",
    "[[x]]",
    "{ a = 1 }",
    " ",
    'key = "value"',
    "é",
    "e\u0301",  # decomposed é
]

_pieces = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))


def texts(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Text within a field's limits: mostly short and tricky, sometimes at the limit."""
    mixed = st.lists(_pieces, max_size=8).map("".join)
    long = st.tuples(
        st.lists(_pieces, min_size=1, max_size=4).map("".join),
        st.integers(min_value=max(min_size, max_size // 2), max_value=max_size),
    ).map(lambda t: (t[0] * (t[1] // max(1, len(t[0])) + 1))[: t[1]])
    return (
        st.one_of(st.text(max_size=min(max_size, 40)), mixed, mixed, long)
        .map(lambda s: s[:max_size])
        .map(lambda s: s if len(s) >= min_size else s + "x" * (min_size - len(s)))
    )


SHORT = texts(200)
LONG = texts(20_000)
HEX = "0123456789abcdef"
entry_ids = st.one_of(st.text(HEX, min_size=8, max_size=8), texts(40))

# ---------------------------------------------------------------------- datetimes

_ZONE_NAMES = [
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "America/St_Johns",  # -03:30 / -02:30
    "Pacific/Chatham",  # +12:45 / +13:45
    "Pacific/Kiritimati",  # +14:00
    "Pacific/Niue",  # -11:00
    "Europe/Amsterdam",  # +00:19:32 before 1937
    "America/New_York",
]


def _zones() -> list[ZoneInfo]:
    zones = []
    for name in _ZONE_NAMES:
        with contextlib.suppress(ZoneInfoNotFoundError):  # no tz database on this machine
            zones.append(ZoneInfo(name))
    return zones


fixed_offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
#: Offsets TOML cannot write (seconds, microseconds): historical zones have them.
odd_offsets = st.integers(min_value=-86_399, max_value=86_399).map(
    lambda seconds: timezone(timedelta(seconds=seconds))
)
tzinfos = st.one_of(
    st.just(UTC),
    fixed_offsets,
    fixed_offsets,
    st.sampled_from(_zones()) if _zones() else st.just(UTC),
    odd_offsets,
)


def _fixed_offset(when: datetime) -> datetime:
    """The same wall time at its zone's fixed offset then, as a record read back holds it.

    Python compares an aware datetime in a DST gap or fold unequal to every datetime of
    another zone (PEP 495), so a zone's datetime could never equal its reloaded copy.
    The app itself records UTC. Historical zones still give sub-minute offsets here.
    """
    offset = when.utcoffset()
    return when if offset is None else when.replace(tzinfo=timezone(offset), fold=0)


aware = st.datetimes(
    min_value=datetime(1800, 1, 1),
    max_value=datetime(2200, 12, 31),
    timezones=tzinfos,
    allow_imaginary=False,
).map(_fixed_offset)
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
counts = st.integers(min_value=0, max_value=MAX_COUNT)  # up to the bound the model allows
dots = st.integers(min_value=0, max_value=MAX_VOTES)
prompt_index = st.integers(min_value=0, max_value=MAX_PROMPTS - 1)

# ----------------------------------------------------------------------- agendas

step_ids = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=39).map(
    lambda s: "s" + s
)
titles = texts(120, min_size=1)


def _step(kind: str, step_id: str, draw: st.DrawFn, **extra: object) -> dict[str, object]:
    return {
        "id": step_id,
        "kind": kind,
        "title": draw(titles),
        "prompt": draw(LONG),
        "notes": draw(LONG),
        "minutes": draw(st.integers(min_value=1, max_value=600)),
        "projected": draw(st.booleans()),
        **extra,
    }


categories = st.lists(
    st.fixed_dictionaries(
        {
            "key": st.sampled_from("abcdefghijklmnopqrstuvwxyz123456789"),
            "label": texts(60, min_size=1),
            "serves_outcome": st.booleans(),
        }
    ),
    min_size=1,
    max_size=26,
    unique_by=(lambda c: c["key"], lambda c: c["label"].casefold()),
)


@st.composite
def generated_agendas(draw: st.DrawFn) -> Agenda:
    """An agenda with a tally, a review and a commitments step, and sometimes more."""
    ids = draw(st.lists(step_ids, min_size=8, max_size=8, unique=True))
    tally, review, commit, notes, word, lst, prompts, rating = ids
    steps = [
        _step(
            "tally",
            tally,
            draw,
            categories=draw(categories),
            outcome_label=draw(SHORT),
        ),
        _step("review", review, draw, carry_to=draw(st.sampled_from([commit, None]))),
        _step("commitments", commit, draw),
    ]
    if draw(st.booleans()):
        steps += [
            _step(
                "notes",
                notes,
                draw,
                fields=draw(
                    st.lists(
                        texts(200, min_size=1).filter(str.strip),
                        max_size=4,
                        unique_by=str.casefold,
                    )
                ),
            ),
            _step("one-word", word, draw, values_step=lst, tags=["ideal", "today"]),
            _step("list", lst, draw, flags=["on the walls"], echo_step=word, vote_budget=3),
            _step("prompts", prompts, draw, prompts=draw(st.lists(texts(500, 1), min_size=1))),
            _step(
                "rating",
                rating,
                draw,
                statement=draw(texts(300, min_size=1)),
                scale=draw(st.integers(min_value=2, max_value=9)),
                low_label=draw(SHORT),
                high_label=draw(SHORT),
                attributed=draw(st.booleans()),
            ),
        ]
    steps = draw(st.permutations(steps))
    return Agenda.model_validate(
        {
            "id": draw(step_ids),
            "title": draw(titles),
            "summary": draw(LONG),
            "steps": steps,
        }
    )


agendas = st.one_of(st.just(SHIPPED), generated_agendas())

# ----------------------------------------------------------------------- results


def _unique_ids(entries: st.SearchStrategy[dict], max_size: int = 6) -> st.SearchStrategy:
    return st.lists(entries, max_size=max_size, unique_by=lambda e: e["id"])


commitments = st.fixed_dictionaries(
    {
        "id": entry_ids,
        "what": texts(1000, min_size=1),
        "owner": SHORT,
        "status": st.sampled_from(["open", "done", "dropped"]),
    },
    optional={"due": dates, "carried_from": texts(40)},
)


def result_for(step: object) -> st.SearchStrategy[dict]:
    kind = step.kind  # type: ignore[attr-defined]
    if kind == "notes":
        keys = st.sampled_from(step.fields) if step.fields else SHORT  # type: ignore[attr-defined]
        return st.fixed_dictionaries(
            {
                "kind": st.just(kind),
                "fields": st.dictionaries(st.one_of(keys, SHORT), LONG, max_size=4),
                "text": LONG,
            }
        )
    if kind == "one-word":
        word = st.fixed_dictionaries(
            {
                "id": entry_ids,
                "person": SHORT,
                "word": texts(100, min_size=1),
                "tag": st.from_regex(r"\A[a-z][a-z0-9-]{0,19}\Z"),
                "at": aware,
            }
        )
        return st.fixed_dictionaries({"kind": st.just(kind), "entries": _unique_ids(word)})
    if kind == "list":
        item = st.fixed_dictionaries(
            {
                "id": entry_ids,
                "text": texts(500, min_size=1),
                "flags": st.lists(texts(40, min_size=1), max_size=3),
                "note": LONG,
                "owner": SHORT,
                "votes": st.dictionaries(SHORT, dots, max_size=4),
            }
        )
        return st.fixed_dictionaries({"kind": st.just(kind), "items": _unique_ids(item)})
    if kind == "prompts":
        response = st.fixed_dictionaries(
            {
                "id": entry_ids,
                "prompt": prompt_index,
                "person": SHORT,
                "text": texts(5000, min_size=1),
                "at": aware,
            }
        )
        return st.fixed_dictionaries(
            {
                "kind": st.just(kind),
                "current": prompt_index,
                "responses": _unique_ids(response),
            }
        )
    if kind == "commitments":
        return st.fixed_dictionaries({"kind": st.just(kind), "items": _unique_ids(commitments)})
    if kind == "review":
        item = st.fixed_dictionaries(
            {
                "id": entry_ids,
                "source": texts(40),
                "what": texts(1000),
                "owner": SHORT,
                "status": st.sampled_from(["pending", "done", "open", "dropped"]),
            },
            optional={"due": dates, "new_due": dates},
        )
        return st.fixed_dictionaries(
            {"kind": st.just(kind), "loaded": st.booleans(), "items": _unique_ids(item)}
        )
    if kind == "tally":
        keys = st.one_of(st.sampled_from([c.key for c in step.categories]), SHORT)  # type: ignore[attr-defined]
        return st.fixed_dictionaries(
            {"kind": st.just(kind), "counts": st.dictionaries(keys, counts, max_size=6)}
        )
    if kind == "rating":
        rating = st.fixed_dictionaries(
            {
                "id": entry_ids,
                "person": SHORT,
                "value": st.integers(min_value=1, max_value=9),
                "at": aware,
            }
        )
        return st.fixed_dictionaries({"kind": st.just(kind), "ratings": _unique_ids(rating)})
    raise AssertionError(f"no strategy for kind {kind!r}")


timings = st.fixed_dictionaries(
    {
        "elapsed": st.floats(min_value=0, allow_nan=False),
        "extra": st.integers(min_value=0, max_value=MAX_EXTRA_SECONDS),
        "paused": st.booleans(),
    },
    optional={"running_since": aware, "first_shown": aware},
)


@st.composite
def records(draw: st.DrawFn) -> SessionRecord:
    agenda = draw(agendas)
    step_ids_ = [s.id for s in agenda.steps]
    data: dict[str, object] = {
        "id": draw(st.text(HEX, min_size=8, max_size=32)),
        "title": draw(titles),
        "organization": draw(SHORT),
        "facilitator": draw(SHORT),
        "anonymous": draw(st.booleans()),
        "status": draw(st.sampled_from(["in-progress", "finished"])),
        "created": draw(aware),
        "agenda_source": draw(texts(300)),
        "current_step": draw(st.sampled_from(step_ids_)),
        "participants": draw(st.lists(SHORT, max_size=6)),
        "agenda": agenda,
        # Every step gets a result: each kind is filled in every example.
        "results": {step.id: draw(result_for(step)) for step in agenda.steps},
        "timing": draw(st.dictionaries(st.sampled_from(step_ids_), timings, max_size=4)),
    }
    for key in ("started", "finished", "saved"):
        if draw(st.booleans()):
            data[key] = draw(aware)
    if draw(st.booleans()):
        data["follows"] = draw(st.one_of(st.text(HEX, min_size=8, max_size=8), texts(40)))
    return SessionRecord.model_validate(data)


# ------------------------------------------------------------------------- tests


def assert_round_trips(record: SessionRecord) -> bytes:
    first = dump_record(record)
    again = parse_record(first.decode("utf-8"), FAKE_PATH)
    assert again == record
    second = dump_record(again)
    assert second == first
    return first


@SETTINGS
@given(records())
def test_dump_parse_dump_is_lossless(record: SessionRecord) -> None:
    text = assert_round_trips(record)
    # The kinds are all there, and the file stays plain UTF-8 TOML any reader accepts.
    assert tomllib.loads(text.decode("utf-8"))["schema_version"] == record.schema_version


@settings(SETTINGS, max_examples=40)
@given(record=records())
def test_file_round_trip_and_listing(
    tmp_path_factory: pytest.TempPathFactory, record: SessionRecord
) -> None:
    """Through the disk too, and what a listing reads matches the full record."""
    path = tmp_path_factory.mktemp("rt") / "record.toml"
    path.write_bytes(dump_record(record))
    assert load_record(path) == record
    summary = summarize(path)
    assert summary.error is None
    assert (summary.id, summary.title, summary.status) == (record.id, record.title, record.status)
    assert summary.participants == len(record.participants)
    assert summary.entries == record.entry_count()


def test_every_kind_is_generated() -> None:
    """The generated agendas cover every step kind (so every result kind is exercised)."""
    from workshop.kinds import KINDS

    seen: set[str] = set()

    @settings(max_examples=30, deadline=None, database=None)
    @given(generated_agendas())
    def collect(agenda: Agenda) -> None:
        seen.update(step.kind for step in agenda.steps)

    collect()
    assert seen | {s.kind for s in SHIPPED.steps} == set(KINDS)


# ---------------------------------------------- the cases the properties first found


def _record(**changes: object) -> SessionRecord:
    record = SessionRecord.start_new(SHIPPED, title="Round trip")
    for key, value in changes.items():
        setattr(record, key, value)
    return record


@pytest.mark.parametrize(
    "text",
    ["line one\r\nline two", "a\r\n", "\r\n\r\n", "mixed\nLF\r\nand CRLF\rand CR"],
)
def test_crlf_is_kept(text: str) -> None:
    """tomli-w turns CRLF into LF inside multi-line strings; the writer must not lose it."""
    record = _record(organization=text[:200])
    record.result("briefing").text = text  # type: ignore[union-attr]
    assert_round_trips(record)


@pytest.mark.parametrize(
    "offset",
    [
        timedelta(minutes=19, seconds=32),
        timedelta(hours=-3, seconds=-52),
        timedelta(microseconds=1),
    ],
)
def test_sub_minute_offsets_are_written_readably(offset: timedelta) -> None:
    """TOML offsets are hours and minutes; the instant must survive, the file must parse."""
    when = datetime(1900, 5, 1, 12, 0, tzinfo=timezone(offset))
    record = _record(created=when, started=when)
    text = assert_round_trips(record)
    again = parse_record(text.decode("utf-8"), FAKE_PATH)
    assert again.created == when  # the same instant (written in UTC)


def test_historical_zone_time_round_trips() -> None:
    try:
        amsterdam = ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:
        pytest.skip("no time zone database")
    when = datetime(1900, 1, 1, 9, 0, tzinfo=amsterdam)  # local mean time, +00:19:32
    assert_round_trips(_record(created=when))


def test_a_lone_surrogate_is_refused_by_the_model() -> None:
    """Text that is not valid Unicode cannot be written as UTF-8: the model refuses it,
    with a message naming the field."""
    with pytest.raises(WorkshopError, match=r"^title: has characters that are not valid text"):
        SessionRecord.start_new(SHIPPED, title="bad \udcff byte")
