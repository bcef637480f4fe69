"""Every step kind is one unit: walk the registry and check each part is there and works.

The fixed record (tests/fixed_records.py) has a step of every kind with results; a kind
added without a step there fails the first test, so every later check covers it too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fixed_records import AGENDA, empty_record, fixed_record, previous_record
from rich.console import Console

from workshop.blocks import Block, CsvRow, Heading, Table
from workshop.catalog import summarize
from workshop.kinds import KINDS, AnyResult, AnyStep, KindSpec, empty_result, is_private
from workshop.kinds.base import ResultBase, StepBase
from workshop.kinds.spec import TrendSessions
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile, dump_record
from workshop.ui.app import WorkshopApp
from workshop.ui.kinds import ui_for
from workshop.ui.kinds.base import StepPanel

PACKAGE = Path(__file__).resolve().parent.parent / "workshop"
STEP_OF_KIND = {step.kind: step for step in AGENDA.steps}


def _kinds() -> list[str]:
    return list(KINDS)


def test_the_fixed_record_has_a_step_of_every_kind() -> None:
    assert set(STEP_OF_KIND) == set(KINDS)


def test_kinds_are_found_in_a_stable_order() -> None:
    modules = [spec.step.__module__ for spec in KINDS.values()]
    assert modules == sorted(modules)


@pytest.mark.parametrize("kind", _kinds())
def test_the_spec_is_complete_and_consistent(kind: str) -> None:
    spec = KINDS[kind]
    assert isinstance(spec, KindSpec) and spec.name == kind
    assert issubclass(spec.step, StepBase) and issubclass(spec.result, ResultBase)
    one, many = spec.nouns
    assert one and many and one != many
    for field, wanted in spec.refs.items():
        assert field in spec.step.model_fields
        assert wanted in KINDS, f"{kind}.{field} must name a kind that exists: {wanted!r}"
    assert isinstance(spec.private, bool)
    for part in (spec.report, spec.csv_rows, spec.fixed_rows, spec.pages, spec.show_page):
        assert callable(part)
    assert spec.trends is None or callable(spec.trends)


@pytest.mark.parametrize("kind", _kinds())
def test_counting_is_one_rule_for_models_and_listings(kind: str, tmp_path: Path) -> None:
    """The catalog lists a record's entries by reading it with its models, so it counts
    through each kind's own rule: there is no second one to drift."""
    spec = KINDS[kind]
    record = fixed_record()
    step = STEP_OF_KIND[kind]
    result = record.results[step.id]
    assert spec.count(result) > 0, f"the fixed record captured nothing for {kind}"
    assert spec.count(result) == result.entry_count()
    path = tmp_path / "record.toml"
    path.write_bytes(dump_record(record))
    counted = sum(KINDS[r.kind].count(r) for r in record.results.values())
    assert summarize(path).entries == counted == record.entry_count()
    assert spec.count(spec.empty_result()) == 0


@pytest.mark.parametrize("kind", _kinds())
def test_empty_result_and_the_unions(kind: str) -> None:
    spec = KINDS[kind]
    step = STEP_OF_KIND[kind]
    assert type(empty_result(step)) is spec.result
    assert spec.empty_result().kind == kind
    # The record's unions take every kind's models.
    assert AnyStep is not None and AnyResult is not None
    record = fixed_record()
    again = SessionRecord.model_validate(record.model_dump())
    assert type(again.results[step.id]) is spec.result
    assert type(again.agenda.step(step.id)) is spec.step


@pytest.mark.parametrize("kind", _kinds())
@pytest.mark.parametrize("filled", [True, False], ids=["filled", "empty"])
def test_reports_csv_and_summary_lines(kind: str, filled: bool) -> None:
    spec = KINDS[kind]
    record = fixed_record() if filled else empty_record()
    step = STEP_OF_KIND[kind]
    result = record.results[step.id]
    blocks = spec.report(step, result, record)
    assert blocks and all(isinstance(b, Block) for b in blocks)
    rows = spec.csv_rows(step, result, record)
    assert all(isinstance(row, CsvRow) for row in rows)
    assert bool(rows) == filled
    text = spec.captured_text(step, result)
    assert str(spec.count(result)) in text
    assert spec.captured_text(step, None)  # a step never shown has a line too


@pytest.mark.parametrize("kind", _kinds())
def test_fit_parts(kind: str) -> None:
    spec = KINDS[kind]
    step = STEP_OF_KIND[kind]
    assert spec.fixed_rows(step) >= 0
    pages = spec.pages(step)
    assert pages >= 1
    result = spec.empty_result()
    for page in range(pages):
        spec.show_page(result, page)
    assert spec.result.model_validate(result.model_dump()) == result


def test_private_comes_from_the_kind_and_the_step() -> None:
    assert [k for k, spec in KINDS.items() if spec.private] == ["notes"]
    for step in AGENDA.steps:
        assert is_private(step) == (KINDS[step.kind].private or not step.projected)
    values = STEP_OF_KIND["list"].model_copy(update={"projected": False})
    assert is_private(values)


@pytest.mark.parametrize("kind", [k for k in _kinds() if KINDS[k].trends is not None])
def test_trends_sections(kind: str) -> None:
    spec = KINDS[kind]
    assert spec.trends is not None
    records = [previous_record(), fixed_record()]
    blocks = spec.trends(TrendSessions(records, ["before", "after"]))
    assert blocks and isinstance(blocks[0], Heading) and blocks[0].level == 3
    # The earlier sessions summed up in one column or row: as many blocks, as wide.
    summed = spec.trends(TrendSessions(records[1:], ["after"], records[:1], "1 earlier"))
    assert [type(b) for b in summed] == [type(b) for b in blocks]
    for one, other in zip(blocks, summed, strict=True):
        if isinstance(one, Table) and isinstance(other, Table):
            assert len(other.headers) == len(one.headers)
            assert len(other.rows) <= len(one.rows)


@pytest.mark.parametrize("kind", _kinds())
def test_the_ui_is_registered_against_the_core_spec(kind: str) -> None:
    ui = ui_for(kind)
    assert ui.spec is KINDS[kind]
    assert issubclass(ui.panel, StepPanel)
    assert isinstance(ui.recap, bool)
    record = fixed_record()
    step = STEP_OF_KIND[kind]
    result = record.results[step.id]
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(ui.room_view(record, step, result))
    console.print(ui.room_view(record, step, KINDS[kind].empty_result()))


@pytest.mark.parametrize("kind", _kinds())
async def test_each_panel_mounts_once_and_shows_its_results(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """StepPanel.on_mount runs once per mount (Textual calls each class's on_mount: a
    subclass calling super() as well drew and focused everything twice)."""
    step = STEP_OF_KIND[kind]
    record = fixed_record()
    record.status = "in-progress"
    record.finished = None
    record.current_step = step.id
    session = Session(SessionFile.create(record))
    panel_class = ui_for(kind).panel
    drawn: list[str] = []
    original = panel_class.refresh_view

    def counted(self: Any) -> None:
        drawn.append(self.step.id)
        original(self)

    monkeypatch.setattr(panel_class, "refresh_view", counted)
    app = WorkshopApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert drawn == [step.id]
        panel = app.screen.query_one(StepPanel)
        assert type(panel) is panel_class
    session.close()


# -- no kind switches outside the kinds' own modules ----------------------------------------

#: Files that are a kind's own (core or UI), and may name kinds and their classes.
KIND_MODULES = {
    *(Path(spec.step.__module__.replace(".", "/") + ".py") for spec in KINDS.values()),
    *(
        Path("workshop/ui/kinds") / (spec.step.__module__.rsplit(".", 1)[1] + ".py")
        for spec in KINDS.values()
    ),
}


def _outside_kind_modules() -> list[Path]:
    repo = PACKAGE.parent
    return [
        path for path in sorted(PACKAGE.rglob("*.py")) if path.relative_to(repo) not in KIND_MODULES
    ]


def test_no_switch_on_kind_names_outside_the_kinds() -> None:
    names = "|".join(re.escape(kind) for kind in KINDS)
    switch = re.compile(rf"""(==|!=|\bin\b|case|\[)\s*\(?["']({names})["']""")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in _outside_kind_modules()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if switch.search(line)
    ]
    assert found == []


def test_no_switch_on_result_or_step_classes_outside_the_kinds() -> None:
    classes = "|".join(
        re.escape(model.__name__) for spec in KINDS.values() for model in (spec.step, spec.result)
    )
    switch = re.compile(rf"isinstance\([^)]*\b({classes})\b")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in _outside_kind_modules()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if switch.search(line)
    ]
    assert found == []


@pytest.mark.parametrize("kind", _kinds())
def test_the_phone_form_never_shows_what_the_room_may_not_see(kind: str) -> None:
    """A private kind has no phone form; an anonymous session's forms ask no name."""
    spec = KINDS[kind]
    if spec.private:
        assert spec.phone is None
    if spec.phone is None:
        return
    step = STEP_OF_KIND[kind]
    for record in (fixed_record(), empty_record(anonymous=True)):
        actions = spec.phone.actions(step, record.results[step.id], record)
        assert actions and all(action.fields for action in actions)
        names = {f.name for action in actions for f in action.fields}
        if record.anonymous:
            assert not names & {"person", "owner"}
