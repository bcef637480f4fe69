"""Every version of the record still loads: a fixture of each, read by this workshop.

Version 1 (tests/data/good-record.toml) has no `device` on its entries: all typed by
the facilitator. Version 2 (tests/data/record-v2.toml) marks an entry sent from a phone.
Version 3 (tests/data/record-v3.toml) lets a one-word step take answers of two words.
Each is read as the current version and written back as it, nothing lost.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workshop.kinds.one_word import OneWordResult
from workshop.record import SCHEMA_VERSION
from workshop.storage import SessionFile, dump_record, load_record

DATA = Path(__file__).parent / "data"
FIXTURES = {
    1: DATA / "good-record.toml",
    2: DATA / "record-v2.toml",
    3: DATA / "record-v3.toml",
}


def test_there_is_a_fixture_of_every_version() -> None:
    assert set(FIXTURES) == set(range(1, SCHEMA_VERSION + 1))
    for version, path in FIXTURES.items():
        assert tomllib.loads(path.read_text())["schema_version"] == version


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_each_version_loads_as_the_current_one_and_keeps_everything(
    version: int, tmp_path: Path
) -> None:
    path = FIXTURES[version]
    record = load_record(path)
    assert record.schema_version == SCHEMA_VERSION
    words = record.results["words"]
    assert isinstance(words, OneWordResult)
    raw = tomllib.loads(path.read_text())["results"]["words"]["entries"]
    assert [(e.id, e.person, e.word) for e in words.entries] == [
        (e["id"], e.get("person", ""), e["word"]) for e in raw
    ]
    assert [e.device for e in words.entries] == [e.get("device") for e in raw]
    written = tmp_path / "again.toml"
    written.write_bytes(dump_record(record))
    assert tomllib.loads(written.read_text())["schema_version"] == SCHEMA_VERSION
    assert load_record(written) == record


def test_an_old_record_is_saved_in_the_new_version(tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    path.write_bytes(FIXTURES[1].read_bytes())
    with SessionFile.open(path) as file:
        file.save()
    assert tomllib.loads(path.read_text())["schema_version"] == SCHEMA_VERSION
    before, after = load_record(FIXTURES[1]), load_record(path)
    assert after.results == before.results and after.agenda == before.agenda
    assert after.participants == before.participants


def test_an_older_ones_word_steps_take_one_word() -> None:
    """Before version 3 there was no `max_words`: those steps keep taking one word."""
    for version in (1, 2):
        record = load_record(FIXTURES[version])
        assert all(s.max_words == 1 for s in record.agenda.steps if s.kind == "one-word")
    words = load_record(FIXTURES[3]).results["words"]
    assert isinstance(words, OneWordResult)
    assert "on time" in [e.word for e in words.entries]
