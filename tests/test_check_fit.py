"""`workshop check --fit COLSxROWS AGENDA...`: the room's view laid out headless for every
step; one line per step cut off (file, step id, what), exit 1 when any is. And the console's
warning at start when the terminal is smaller than the agenda needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AGENDAS, REPO, FakeClock

from workshop.agenda import Agenda, load_agenda
from workshop.cli import main
from workshop.record import SessionRecord
from workshop.session import Session
from workshop.storage import SessionFile
from workshop.ui.app import WorkshopApp
from workshop.ui.fit import MIN_RESULT_ROWS, SMALLEST, measure, needed_size

SHIPPED = sorted(AGENDAS.glob("*.toml"))

TALL_TALLY = """
id = "tall-tally"
title = "Twenty categories"

[[steps]]
id = "count"
kind = "tally"
title = "Count everything"
minutes = 10
prompt = "One key per observation."
categories = [
{categories}
]

[[steps]]
id = "talk"
kind = "prompts"
title = "Talk"
minutes = 10
prompt = "{long_prompt}"
prompts = ["Short question?"]

[[steps]]
id = "ask"
kind = "prompts"
title = "Ask"
minutes = 10
prompt = "Two questions."
prompts = ["Short question?", "{long_question}"]
"""


def write_tall_agenda(folder: Path) -> Path:
    keys = "abcdefghijklmnopqrst"
    categories = ",\n".join(f'  {{ key = "{k}", label = "Category {k}" }}' for k in keys)
    path = folder / "tall-tally.toml"
    path.write_text(
        TALL_TALLY.format(
            categories=categories,
            long_prompt="Talk about it. " * 120,
            long_question="Why? " * 98,
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named relative to the working folder, as a user types them."""
    monkeypatch.chdir(REPO)


def test_every_shipped_agenda_fits_the_smallest_projector(capsys: pytest.CaptureFixture) -> None:
    files = [str(p.relative_to(REPO)) for p in SHIPPED]
    assert main(["check", "--fit", "80x24", *files]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        f"ok  {f}: all {len(load_agenda(REPO / f).steps)} steps fit 80x24" for f in files
    ]


def test_too_small_names_file_step_and_what_is_cut(capsys: pytest.CaptureFixture) -> None:
    assert main(["check", "--fit", "60x14", "agendas/interaction-study.toml"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "agendas/interaction-study.toml: step observe: results area cut off: 9 rows, "
        "needs 10 (its empty view alone takes that many)"
    ]
    assert out == "no  agendas/interaction-study.toml: 1 of 3 steps cut off at 60x14\n"


def test_prompts_titles_and_questions_that_do_not_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = write_tall_agenda(tmp_path)
    assert main(["check", "--fit", "60x14", str(path)]) == 1
    _, err = capsys.readouterr()
    lines = err.splitlines()
    assert all(line.startswith(f"{path}: step ") for line in lines), lines
    problems = [line.removeprefix(f"{path}: ") for line in lines]
    assert problems[0].startswith("step count: results area cut off: 10 rows, needs 22"), problems
    assert any(p.startswith("step talk: prompt cut off: ") for p in problems), problems
    ask = [p for p in problems if p.startswith("step ask: ")]
    assert len(ask) == 1 and ask[0].endswith("(at question 2)"), problems


def test_by_id_and_from_a_record(capsys: pytest.CaptureFixture) -> None:
    assert main(["check", "--fit", "100x30", "follow-up", "tests/data/good-record.toml"]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].endswith("follow-up.toml: all 5 steps fit 100x30")
    assert lines[1].startswith("ok  tests/data/good-record.toml: all ")


@pytest.mark.parametrize("size", ["80", "80x", "axb", "10x10", "80x24x2"])
def test_a_bad_size_is_one_line(size: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", "--fit", size, "culture-of-service"]) == 1
    _, err = capsys.readouterr()
    assert err.startswith("workshop: --fit ") and err.count("\n") == 1


def test_an_unknown_agenda_is_reported_and_the_others_checked(
    capsys: pytest.CaptureFixture,
) -> None:
    assert main(["check", "--fit", "80x24", "no-such-agenda", "creative-space"]) == 1
    out, err = capsys.readouterr()
    assert "no agenda 'no-such-agenda'" in err
    assert "creative-space.toml: all 5 steps fit 80x24" in out


def test_the_installed_command() -> None:
    script = Path(sys.executable).parent / "workshop"
    if not script.is_file():
        pytest.skip("the workshop console script is not installed next to this Python")
    done = subprocess.run(
        [str(script), "check", "--fit", "60x14", "interaction-study", "creative-space"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert done.returncode == 1
    assert "step observe: results area cut off" in done.stderr
    assert "Traceback" not in done.stderr
    assert "ok  agendas/creative-space.toml" in done.stdout


@pytest.mark.parametrize("agenda", SHIPPED, ids=[p.stem for p in SHIPPED])
async def test_the_quick_rule_asks_no_less_than_the_measure(agenda: Path) -> None:
    """What the console warns about is enough for what check --fit measures."""
    loaded = load_agenda(agenda)
    assert await measure(loaded, needed_size(loaded)) == []


async def test_the_quick_rule_grows_with_a_tall_tally(tmp_path: Path) -> None:
    from workshop.agenda import load_agenda as load

    tall = load(write_tall_agenda(tmp_path))
    only_tally = Agenda(id="t", title="t", steps=[tall.steps[0]])
    needs = needed_size(only_tally)
    assert needs.width == SMALLEST.width and needs.height > SMALLEST.height
    assert await measure(only_tally, needs) == []
    assert MIN_RESULT_ROWS <= 20 + 2


def open_console(agenda: Agenda | Path, clock: FakeClock) -> WorkshopApp:
    loaded = agenda if isinstance(agenda, Agenda) else load_agenda(agenda)
    record = SessionRecord.start_new(loaded)
    return WorkshopApp(Session(SessionFile.create(record), clock), clock)


@pytest.mark.parametrize(
    ("size", "warned"), [((80, 24), False), ((79, 24), True), ((100, 20), True)]
)
async def test_the_console_warns_in_a_small_terminal(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], warned: bool
) -> None:
    app = open_console(AGENDAS / "culture-of-service.toml", FakeClock())
    told: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        told.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        warnings = [m for m in told if "needs 80x24" in m]
        assert len(warnings) == (1 if warned else 0), told
        if warned:
            assert f"workshop check --fit {size[0]}x{size[1]} culture-of-service" in warnings[0]
        await pilot.press("ctrl+q")
