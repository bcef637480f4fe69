"""The record writer that saves keep: byte for byte what `dump_record` writes, after any
sequence of changes, whatever the record holds (generated as in test_roundtrip)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from conftest import AGENDAS
from hypothesis import given, settings
from hypothesis import strategies as st
from test_roundtrip import SETTINGS, records

from workshop.agenda import load_agenda
from workshop.kinds.list_items import ListItem
from workshop.kinds.one_word import WordEntry
from workshop.record import SessionRecord
from workshop.storage import RecordWriter, SessionFile, dump_record, load_record

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

#: Fewer examples than the round trip: each one dumps a record several times.
FEWER = settings(SETTINGS, max_examples=40)


def shipped_record(anonymous: bool = False) -> SessionRecord:
    record = SessionRecord.start_new(
        load_agenda(AGENDAS / "culture-of-service.toml"), anonymous=anonymous
    )
    record.created = T0
    return record


def assert_same(writer: RecordWriter, record: SessionRecord) -> None:
    assert writer.dump(record) == dump_record(record)


@FEWER
@given(records(), records())
def test_same_bytes_as_dump_record_for_any_record_and_the_next(
    first: SessionRecord, second: SessionRecord
) -> None:
    writer = RecordWriter()
    assert_same(writer, first)
    assert_same(writer, first)  # everything kept
    assert_same(writer, second)  # another record: kept text that no longer fits is not used


@FEWER
@given(records(), st.data())
def test_same_bytes_after_each_change(record: SessionRecord, data: st.DataObject) -> None:
    writer = RecordWriter()
    assert_same(writer, record)
    for step_id, result in record.results.items():
        for key in ("entries", "items", "responses"):
            rows = getattr(result, key, None)
            if not rows:
                continue
            index = data.draw(st.integers(0, len(rows) - 1), label=f"{step_id}.{key}")
            change = data.draw(st.sampled_from(["delete", "copy", "edit", "shift time"]))
            row = rows[index]
            if change == "delete":
                del rows[index]
            elif change == "copy":
                rows.append(row.model_copy(update={"id": f"{row.id}x"}))
            elif change == "edit" and hasattr(row, "owner"):
                row.owner = (row.owner + " and\r\nme")[:200]
            elif change == "shift time" and hasattr(row, "at"):
                # The same instant at another offset is written differently: not reused.
                row.at = row.at.astimezone(timezone(timedelta(hours=5, minutes=30)))
            assert_same(writer, record)
    record.title = "Renamed"
    assert_same(writer, record)


def test_a_growing_one_word_step_as_the_app_saves_it() -> None:
    for anonymous in (False, True):  # short anonymous entries are written as inline tables
        record = shipped_record(anonymous)
        writer = RecordWriter()
        words = record.result("icebreaker")
        values = record.result("values")
        for n in range(60):
            name = "" if anonymous else record.add_participant(f"Person {n % 7}")
            words.entries.append(WordEntry(person=name, word=f"w{n}", at=T0))
            if n % 10 == 0:
                values.items.append(ListItem(text=f"Value {n}", votes={name or "x": 1}))
            assert_same(writer, record)
        words.entries[3].word = "changed"
        assert_same(writer, record)
        del words.entries[:5]
        assert_same(writer, record)
        record.results.pop("values")
        assert_same(writer, record)


def test_session_file_saves_with_its_writer_and_reloads(workshop_home: object) -> None:
    record = shipped_record()
    with SessionFile.create(record) as file:
        for n in range(20):
            record.result("icebreaker").entries.append(WordEntry(word=f"w{n}", at=T0))
            file.save(T0 + timedelta(seconds=n))
            assert file.path.read_bytes() == dump_record(record)
    assert load_record(file.path) == record
