"""The agenda and record models: every kind accepts good steps and names the field of bad ones.

Agenda problems are checked as the user sees them, through `load_agenda` on a real file:
`FILE:LINE: FIELD PATH: MESSAGE`. The helpers of each kind, the step timer, the record's
roster and results, and the TOML key locator are tested directly.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from workshop.agenda import Agenda, load_agenda
from workshop.errors import InvalidFileError, WorkshopError, display_path
from workshop.kinds import KINDS, empty_result
from workshop.kinds.base import MAX_COUNT
from workshop.kinds.commitments import Commitment, CommitmentsResult
from workshop.kinds.list_items import MAX_VOTES, ListItem, ListResult
from workshop.kinds.notes import NotesResult
from workshop.kinds.one_word import (
    OneWordResult,
    OneWordStep,
    WordEntry,
    check_word,
    matching_value,
    normalize,
    tally,
)
from workshop.kinds.prompts import MAX_PROMPTS, PromptsResult, Response
from workshop.kinds.review import ReviewResult
from workshop.kinds.tally import TallyResult
from workshop.record import MAX_EXTRA_SECONDS, SessionRecord, StepTiming
from workshop.storage import load_record
from workshop.tomlsource import KeyLocator

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "agendas").glob("*.toml"))

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

HEAD = 'id = "model-test"\ntitle = "Model test"\n'


def agenda_text(*steps: str) -> str:
    """An agenda of the given steps (each a TOML body without its [[steps]] header)."""
    body = "".join(f"\n[[steps]]\n{textwrap.dedent(step).strip()}\n" for step in steps)
    return HEAD + body


def load(tmp_path: Path, text: str) -> Agenda:
    path = tmp_path / "agenda.toml"
    path.write_text(text, encoding="utf-8")
    return load_agenda(path)


def problems(tmp_path: Path, text: str) -> list[str]:
    """Each problem as printed, without the file name: ':LINE: FIELD: MESSAGE'."""
    path = tmp_path / "agenda.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError) as info:
        load_agenda(path)
    shown = display_path(path)
    lines = [str(WorkshopError.__str__(p)) for p in info.value.problems]
    assert all(line.startswith(shown) for line in lines), lines
    return [line.removeprefix(shown) for line in lines]


def line_of(text: str, fragment: str) -> int:
    """The number of the first line of `text` containing `fragment`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


# --- one good example per kind ------------------------------------------------------------

GOOD = {
    "notes": """
        id = "brief"
        kind = "notes"
        title = "Leader briefing"
        minutes = 30
        fields = ["Style", "Challenges"]
    """,
    "one-word": """
        id = "words"
        kind = "one-word"
        title = "One word"
        minutes = 15
        tags = ["ideal", "today", "later-on"]
        max_letters = 40
    """,
    "list": """
        id = "values"
        kind = "list"
        title = "Values"
        minutes = 20
        flags = ["on the walls", "quick win"]
        note_label = "action"
        vote_budget = 3
    """,
    "prompts": """
        id = "talk"
        kind = "prompts"
        title = "Talk"
        minutes = 25
        prompts = ["Who are you?", "What do you like here?"]
        attributed = false
    """,
    "commitments": """
        id = "actions"
        kind = "commitments"
        title = "Actions"
        minutes = 15
    """,
    "review": """
        id = "review"
        kind = "review"
        title = "Last time"
        minutes = 15
    """,
    "tally": """
        id = "observe"
        kind = "tally"
        title = "Observe"
        minutes = 60
        outcome_label = "helps the patient"

        [[steps.categories]]
        key = "1"
        label = "With the patient"
        serves_outcome = true

        [[steps.categories]]
        key = "d"
        label = "Documentation"
    """,
    "rating": """
        id = "pulse"
        kind = "rating"
        title = "How well"
        minutes = 5
        statement = "We serve our key customer well"
        scale = 4
        low_label = "not at all"
        high_label = "completely"
    """,
}


def test_good_examples_cover_every_kind() -> None:
    assert set(GOOD) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_kind_accepts_good_step(tmp_path: Path, kind: str) -> None:
    agenda = load(tmp_path, agenda_text(GOOD[kind]))
    (step,) = agenda.steps
    assert step.kind == kind
    assert isinstance(step, KINDS[kind].step)
    result = empty_result(step)
    assert isinstance(result, KINDS[kind].result)
    assert result.kind == kind
    assert result.entry_count() == 0


def test_defaults_per_kind(tmp_path: Path) -> None:
    agenda = load(
        tmp_path,
        agenda_text(
            'id = "a"\nkind = "notes"\ntitle = "A"\nminutes = 5',
            'id = "b"\nkind = "one-word"\ntitle = "B"\nminutes = 5',
            'id = "c"\nkind = "list"\ntitle = "C"\nminutes = 5',
            'id = "d"\nkind = "prompts"\ntitle = "D"\nminutes = 5\nprompts = ["?"]',
            'id = "e"\nkind = "tally"\ntitle = "E"\nminutes = 5\n'
            'categories = [{ key = "1", label = "x" }]',
        ),
    )
    notes, words, items, talk, tally_step = agenda.steps
    assert notes.projected is False  # a briefing is private unless it says otherwise
    assert words.projected is True
    assert words.tags == ["ideal", "today"]
    assert words.max_letters == 30
    assert items.flags == [] and items.vote_budget is None and items.note_label == "note"
    assert talk.attributed is True
    assert tally_step.categories[0].serves_outcome is False
    assert agenda.total_minutes == 25
    assert agenda.index("c") == 2
    assert agenda.step("d") is talk
    with pytest.raises(KeyError):
        agenda.step("nope")


# --- bad steps, with the field path and line the user sees ------------------------------

# (kind, replace this line of the good example, with this, expected message after the line)
BAD = [
    (
        "notes",
        'fields = ["Style", "Challenges"]',
        'fields = ["Style", "STYLE"]',
        "steps[0] (brief).fields: field names must be unique",
    ),
    (
        "notes",
        'fields = ["Style", "Challenges"]',
        'fields = ["Style", "  "]',
        "steps[0] (brief).fields: field names must not be empty",
    ),
    (
        "notes",
        'fields = ["Style", "Challenges"]',
        'fields = "Style"',
        "steps[0] (brief).fields: must be a valid list",
    ),
    (
        "notes",
        "minutes = 30",
        'minutes = 30\nprojected = "sometimes"',
        "steps[0] (brief).projected: must be a valid boolean",
    ),
    (
        "one-word",
        'tags = ["ideal", "today", "later-on"]',
        'tags = ["ideal", "ideal"]',
        "steps[0] (words).tags: tags must be unique",
    ),
    (
        "one-word",
        'tags = ["ideal", "today", "later-on"]',
        "tags = []",
        "steps[0] (words).tags: needs at least 1 item",
    ),
    (
        "one-word",
        'tags = ["ideal", "today", "later-on"]',
        'tags = ["ideal", "Today"]',
        "steps[0] (words).tags[1]: has characters that are not allowed",
    ),
    (
        "one-word",
        "max_letters = 40",
        "max_letters = 2",
        "steps[0] (words).max_letters: must be at least 3",
    ),
    (
        "one-word",
        "max_letters = 40",
        "max_letters = 101",
        "steps[0] (words).max_letters: must be at most 100",
    ),
    (
        "list",
        'flags = ["on the walls", "quick win"]',
        'flags = ["Quick win", "quick WIN"]',
        "steps[0] (values).flags: flags must be unique",
    ),
    (
        "list",
        'flags = ["on the walls", "quick win"]',
        'flags = [""]',
        "steps[0] (values).flags[0]: is too short: at least 1 character",
    ),
    (
        "list",
        "vote_budget = 3",
        "vote_budget = 0",
        "steps[0] (values).vote_budget: must be at least 1",
    ),
    (
        "list",
        "vote_budget = 3",
        "vote_budget = 101",
        "steps[0] (values).vote_budget: must be at most 100",
    ),
    (
        "list",
        "vote_budget = 3",
        "vote_budget = 2.5",
        "steps[0] (values).vote_budget: must be a valid integer",
    ),
    (
        "prompts",
        'prompts = ["Who are you?", "What do you like here?"]',
        "prompts = []",
        "steps[0] (talk).prompts: needs at least 1 item, not 0",
    ),
    (
        "prompts",
        'prompts = ["Who are you?", "What do you like here?"]',
        'prompts = ["Who?", ""]',
        "steps[0] (talk).prompts[1]: is too short: at least 1 character",
    ),
    (
        "prompts",
        'prompts = ["Who are you?", "What do you like here?"]',
        'prompts = "Who?"',
        "steps[0] (talk).prompts: must be a valid list",
    ),
    (
        "prompts",
        "attributed = false",
        'attributed = "sometimes"',
        "steps[0] (talk).attributed: must be a valid boolean",
    ),
    (
        "commitments",
        'title = "Actions"',
        'title = ""',
        "steps[0] (actions).title: is too short: at least 1 character",
    ),
    (
        "commitments",
        "minutes = 15",
        'minutes = 15\nowner = "Ana"',
        "steps[0] (actions).owner: is not a known field here (check the spelling)",
    ),
    (
        "review",
        "minutes = 15",
        'minutes = 15\ncarry_too = "actions"',
        "steps[0] (review).carry_too: is not a known field here (check the spelling)",
    ),
    (
        "review",
        "minutes = 15",
        "minutes = 15.5",
        "steps[0] (review).minutes: must be a valid integer",
    ),
    (
        "tally",
        'key = "d"',
        'key = "1"',
        "steps[0] (observe).categories: category keys must be unique; repeated: 1",
    ),
    (
        "tally",
        'label = "Documentation"',
        'label = "WITH THE PATIENT"',
        "steps[0] (observe).categories: category labels must be unique",
    ),
    (
        "tally",
        'key = "d"',
        'key = "0"',
        "steps[0] (observe).categories[1].key: has characters that are not allowed",
    ),
    (
        "tally",
        'key = "d"',
        'key = "D"',
        "steps[0] (observe).categories[1].key: has characters that are not allowed",
    ),
    (
        "tally",
        'key = "d"',
        'key = ""',
        "steps[0] (observe).categories[1].key: is too short: at least 1 character",
    ),
    (
        "tally",
        'label = "Documentation"',
        'label = ""',
        "steps[0] (observe).categories[1].label: is too short: at least 1 character",
    ),
    (
        "tally",
        'label = "Documentation"',
        'label = "Documentation"\ncolour = "red"',
        "steps[0] (observe).categories[1].colour: is not a known field here",
    ),
    (
        "tally",
        "serves_outcome = true",
        'serves_outcome = "yes please"',
        "steps[0] (observe).categories[0].serves_outcome: must be a valid boolean",
    ),
]


@pytest.mark.parametrize(
    ("kind", "old", "new", "expected"),
    BAD,
    ids=[f"{kind}:{expected.split(': ', 1)[1][:40]}" for kind, _o, _n, expected in BAD],
)
def test_kind_rejects_bad_step(
    tmp_path: Path, kind: str, old: str, new: str, expected: str
) -> None:
    step = textwrap.dedent(GOOD[kind])
    assert old in step
    text = agenda_text(step.replace(old, new, 1))
    changed = new.splitlines()[-1]
    field = expected.split(": ", 1)[0].rsplit(".", 1)[-1].split("[")[0]
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    (problem,) = found
    assert expected in problem
    # The line is the one the offending key is on, or for a whole list of tables the
    # first table of it.
    if field in changed:
        assert problem.startswith(f":{line_of(text, changed)}: "), problem
    else:
        assert problem.startswith(f":{line_of(text, field)}: "), problem


def test_minutes_problems_name_step_and_line(tmp_path: Path) -> None:
    text = agenda_text(GOOD["notes"], GOOD["one-word"], GOOD["list"].replace("20", "0"))
    assert problems(tmp_path, text) == [
        f":{line_of(text, 'minutes = 0')}: steps[2] (values).minutes: must be greater than 0"
    ]


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "must be greater than 0"),
        ("-1", "must be greater than 0"),
        ("601", "must be at most 600"),
        ('"15"', "must be a valid integer"),
        ("true", "must be a valid integer"),
        ("[15]", "must be a valid integer"),
    ],
)
def test_minutes_bounds(tmp_path: Path, minutes: str, message: str) -> None:
    text = agenda_text(GOOD["commitments"].replace("minutes = 15", f"minutes = {minutes}"))
    (problem,) = problems(tmp_path, text)
    assert problem.startswith(f":{line_of(text, 'minutes =')}: steps[0] (actions).minutes: ")
    assert message in problem


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = agenda_text(
        GOOD["notes"].replace("minutes = 30", "minutes = 0"),
        GOOD["prompts"].replace('title = "Talk"', 'titel = "Talk"'),
        'id = "x"\nkind = "vote"\ntitle = "X"\nminutes = 5',
    )
    talk = line_of(text, 'id = "talk"') - 1  # its [[steps]] header: title is not there
    vote = line_of(text, 'kind = "vote"')
    assert problems(tmp_path, text) == [
        f":{line_of(text, 'minutes = 0')}: steps[0] (brief).minutes: must be greater than 0",
        f":{talk}: steps[1] (talk).title: is required but missing",
        f":{line_of(text, 'titel')}: steps[1] (talk).titel: is not a known field here "
        "(check the spelling)",
        f":{vote}: steps[2] (x).kind: unknown kind 'vote'; expected one of "
        + ", ".join(repr(kind) for kind in KINDS),
    ]


def test_step_id_rules(tmp_path: Path) -> None:
    for bad in ("Words", "one word", "-words", "wörds", "x" * 41):
        text = agenda_text(GOOD["commitments"].replace('"actions"', f'"{bad}"'))
        (problem,) = problems(tmp_path, text)
        line = line_of(text, f'id = "{bad}"')
        assert problem.startswith(f":{line}: steps[0] ({bad}).id: "), problem
    for good in ("a", "0-day", "step_2", "x" * 40):
        load(tmp_path, agenda_text(GOOD["commitments"].replace('"actions"', f'"{good}"')))


def test_agenda_level_problems(tmp_path: Path) -> None:
    step = GOOD["commitments"]
    text = agenda_text(step, step)
    second = [n for n, line in enumerate(text.splitlines(), 1) if 'id = "actions"' in line][1]
    assert problems(tmp_path, text) == [
        f":{second}: steps[1] (actions).id: step id 'actions' is used twice (first at steps[0])"
    ]
    assert problems(tmp_path, 'id = "Bad Id"\ntitle = "T"\nsteps = []\n') == [
        ":1: id: has characters that are not allowed; expected pattern '^[a-z0-9][a-z0-9_-]*$'",
        ":3: steps: needs at least 1 item, not 0",
    ]
    assert problems(tmp_path, 'id = "t"\ntitle = "T"\nsummery = "typo"\n') == [
        ": steps: is required but missing",
        ":3: summery: is not a known field here (check the spelling)",
    ]


def test_every_repeated_step_id_and_bad_reference_is_reported(tmp_path: Path) -> None:
    words = textwrap.dedent(GOOD["one-word"]) + 'values_step = "valuez"\n'
    talk = textwrap.dedent(GOOD["prompts"])
    text = agenda_text(words, talk, talk, talk.replace('"talk"', '"words"'), talk)
    ids = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("id = ")]
    assert problems(tmp_path, text) == [
        f":{ids[3]}: steps[2] (talk).id: step id 'talk' is used more than once (first at steps[1])",
        f":{ids[4]}: steps[3] (words).id: step id 'words' is used twice (first at steps[0])",
        f":{ids[5]}: steps[4] (talk).id: step id 'talk' is used more than once (first at steps[1])",
        f":{line_of(text, 'values_step')}: steps[0] (words).values_step: names no step 'valuez'",
    ]


def test_agenda_level_problems_inside_a_record(tmp_path: Path) -> None:
    """Embedded in a record, the same problem is found under `agenda.`, at its own line."""
    step = textwrap.dedent(GOOD["commitments"])
    text = (
        'schema_version = 1\ntitle = "S"\ncurrent_step = "actions"\n\n[agenda]\n'
        + HEAD
        + "".join(f"\n[[agenda.steps]]\n{step}" for _ in range(2))
    )
    path = tmp_path / "record.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError) as info:
        load_record(path)
    second = [n for n, line in enumerate(text.splitlines(), 1) if 'id = "actions"' in line][1]
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (second, "agenda.steps[1] (actions).id")
    assert problem.message == "step id 'actions' is used twice (first at steps[0])"


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("words", "nothing", "steps[0] (words).values_step: names no step 'nothing'"),
        (
            "words",
            "talk",
            "steps[0] (words).values_step: must name a list step, but 'talk' is a prompts step",
        ),
        ("values", "nothing", "steps[1] (values).echo_step: names no step 'nothing'"),
        (
            "values",
            "values",
            "steps[1] (values).echo_step: must name a one-word step, but 'values' is a list step",
        ),
        (
            "review",
            "values",
            "steps[3] (review).carry_to: must name a commitments step, but 'values' is a list step",
        ),
        ("review", "nothing", "steps[3] (review).carry_to: names no step 'nothing'"),
    ],
)
def test_step_references(tmp_path: Path, source: str, target: str, expected: str) -> None:
    field = {"words": "values_step", "values": "echo_step", "review": "carry_to"}[source]
    steps = {k: textwrap.dedent(GOOD[k]) for k in ("one-word", "list", "prompts", "review")}
    key = {"words": "one-word", "values": "list", "review": "review"}[source]
    steps[key] += f'{field} = "{target}"\n'
    text = agenda_text(*steps.values())
    assert problems(tmp_path, text) == [f":{line_of(text, field)}: {expected}"]


def test_step_references_that_fit(tmp_path: Path) -> None:
    text = agenda_text(
        GOOD["one-word"] + 'values_step = "values"\n',
        GOOD["list"] + 'echo_step = "words"\n',
        GOOD["review"] + 'carry_to = "actions"\n',
        GOOD["commitments"],
    )
    agenda = load(tmp_path, text)

    def named(step_id: str) -> dict[str, str]:
        step = agenda.step(step_id)
        return KINDS[step.kind].named_steps(step)

    assert named("words") == {"values_step": "values"}
    assert named("values") == {"echo_step": "words"}
    assert named("review") == {"carry_to": "actions"}
    assert named("actions") == {}


# --- the shipped agendas -----------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_agenda_loads(path: Path) -> None:
    agenda = load_agenda(path)
    assert agenda.id == path.stem
    assert agenda.summary.strip()
    for step in agenda.steps:
        assert step.prompt.strip(), f"{path.name}: {step.id} has no prompt for the room"
        assert step.notes.strip(), f"{path.name}: {step.id} has no facilitator notes"
        assert 1 <= step.minutes <= 90, f"{path.name}: {step.id} has an odd timebox"
    assert 30 <= agenda.total_minutes <= 240


def test_shipped_agendas_use_every_kind() -> None:
    assert len(SHIPPED) >= 5
    used = {step.kind for path in SHIPPED for step in load_agenda(path).steps}
    assert used == set(KINDS)


def test_shipped_follow_up_opens_with_review() -> None:
    agenda = load_agenda(REPO / "agendas" / "follow-up.toml")
    first = agenda.steps[0]
    assert first.kind == "review"
    assert agenda.step(first.carry_to).kind == "commitments"
    assert agenda.index(first.carry_to) > 0


def test_shipped_interaction_study_tally() -> None:
    agenda = load_agenda(REPO / "agendas" / "interaction-study.toml")
    (observe,) = [s for s in agenda.steps if s.kind == "tally"]
    assert 5 <= len(observe.categories) <= 8
    assert all(c.key in "123456789" for c in observe.categories)
    assert any(c.serves_outcome for c in observe.categories)
    assert not all(c.serves_outcome for c in observe.categories)
    assert "256" in observe.notes and "7%" in observe.notes


def test_shipped_customer_listening_asks_three_questions() -> None:
    agenda = load_agenda(REPO / "agendas" / "customer-listening.toml")
    kinds = [s.kind for s in agenda.steps]
    assert "prompts" in kinds and "list" in kinds and kinds[-1] == "commitments"
    (heard,) = [s for s in agenda.steps if s.kind == "prompts"]
    assert len(heard.prompts) == 3 and heard.attributed
    (adjust,) = [s for s in agenda.steps if s.kind == "list"]
    assert adjust.vote_budget == 3


# --- one-word ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("kind", "kind"),
        ("  Caring \t", "Caring"),
        ("親切", "親切"),
        ("🙂", "🙂"),
        ("x" * 30, "x" * 30),
    ],
)
def test_check_word_accepts(typed: str, kept: str) -> None:
    assert check_word(typed) == kept


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a word first"),
        ("   ", "type a word first"),
        ("two words", "one word only: 'two words' has 2"),
        ("a b c", "has 3"),
        ("x" * 31, "that is 31 characters; an answer is at most 30"),
        ("x" * 100, "that is 100 characters"),
    ],
)
def test_check_word_rejects(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        check_word(typed)
    assert message in str(info.value)


def test_check_word_max_letters() -> None:
    assert check_word("abcdefgh", max_letters=8) == "abcdefgh"
    with pytest.raises(ValueError, match="at most 7"):
        check_word("abcdefgh", max_letters=7)


@pytest.mark.parametrize(
    ("typed", "max_words", "kept_or_problem"),
    [
        ("on time", 2, "on time"),
        ("  on \t time ", 2, "on time"),  # kept with one space between words
        ("first time right", 3, "first time right"),
        ("first time right", 2, "at most 2 words: 'first time right' has 3"),
        ("on time", 1, "one word only: 'on time' has 2"),
    ],
)
def test_an_agenda_may_allow_two_or_three_words(
    typed: str, max_words: int, kept_or_problem: str
) -> None:
    """'on time' was refused with no way for an agenda to allow it (issue 16, item 6)."""
    try:
        assert check_word(typed, max_words=max_words) == kept_or_problem
    except ValueError as exc:
        assert str(exc) == kept_or_problem


def test_max_words_is_one_to_three() -> None:
    step = {"id": "w", "kind": "one-word", "title": "W", "minutes": 5, "prompt": "?"}
    assert OneWordStep.model_validate(step).max_words == 1
    assert OneWordStep.model_validate({**step, "max_words": 3}).max_words == 3
    for bad in (0, 4):
        with pytest.raises(ValidationError):
            OneWordStep.model_validate({**step, "max_words": bad})


def test_normalize() -> None:
    assert normalize("Kind") == normalize("KIND") == normalize(" kind ") == "kind"
    assert normalize("Kind ness") == "kindness"
    assert normalize("Straße") == "strasse"
    assert normalize("Écoute") == "écoute"


def _entries(*spec: tuple[str, str, str]) -> list[WordEntry]:
    return [WordEntry(person=p, word=w, tag=t, at=T0) for p, w, t in spec]


def test_tally_orders_by_count_then_first_said() -> None:
    entries = _entries(
        ("Ana", "Caring", "ideal"),
        ("Ben", "fast", "ideal"),
        ("Cy", "caring", "ideal"),
        ("Di", "Respectful", "ideal"),
        ("Ed", "slow", "today"),
        ("Fay", "FAST", "ideal"),
        ("", "caring", "ideal"),
    )
    counts = tally(entries, tag="ideal", values=["Respect", "Speed"])
    assert [(c.word, c.count) for c in counts] == [("Caring", 3), ("fast", 2), ("Respectful", 1)]
    assert counts[0].key == "caring"
    assert counts[0].people == ["Ana", "Cy"]  # unnamed entries count but name nobody
    assert counts[2].matches_value == "Respect"
    assert counts[0].matches_value is None
    assert [c.word for c in tally(entries, tag="today")] == ["slow"]
    assert sum(c.count for c in tally(entries)) == len(entries)
    assert tally([]) == []


@pytest.mark.parametrize(
    ("word", "values", "expected"),
    [
        ("respect", ["Respect"], "Respect"),
        ("Respectful", ["Teamwork", "Respect"], "Respect"),
        ("kindness", ["Kind"], "Kind"),
        ("Careful", ["Care for every patient"], "Care for every patient"),
        ("Caring", ["Care"], None),  # a stem of three letters is too short to trust
        ("patients", ["Care for every patient"], "Care for every patient"),
        ("for", ["Care for every patient"], None),  # short words of a value do not count
        ("car", ["Care"], None),
        ("team", ["Teamwork"], "Teamwork"),
        ("tea", ["Teamwork"], None),
        ("teamwork", ["Team work"], "Team work"),
        ("anything", [], None),
    ],
)
def test_matching_value(word: str, values: list[str], expected: str | None) -> None:
    assert matching_value(word, values) == expected


def test_one_word_result_ids_unique() -> None:
    entry = WordEntry(word="kind", at=T0)
    with pytest.raises(ValueError, match="entry ids must be unique"):
        OneWordResult(kind="one-word", entries=[entry, entry])


# --- list, tally and the other results ----------------------------------------------------


def test_list_ranked_and_votes_used() -> None:
    result = ListResult(
        kind="list",
        items=[
            ListItem(text="Smile first", votes={"Ana": 1}),
            ListItem(text="Call back within a day", votes={"Ana": 2, "Ben": 1}),
            ListItem(text="Name badges", votes={"Ben": 1}),
            ListItem(text="Nobody voted"),
            ListItem(text="Room total", votes={"": 3}),
        ],
    )
    assert [i.text for i in result.ranked()] == [
        "Call back within a day",
        "Room total",
        "Smile first",
        "Name badges",
        "Nobody voted",
    ]
    assert [i.total_votes for i in result.ranked()] == [3, 3, 1, 1, 0]
    assert result.votes_used("Ana") == 3
    assert result.votes_used("Ben") == 2
    assert result.votes_used("Cy") == 0
    assert result.entry_count() == 5
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        ListItem(text="x", votes={"Ana": -1})


def test_tally_share() -> None:
    empty = TallyResult(kind="tally")
    assert empty.share({"1"}) == 0.0
    assert empty.entry_count() == 0
    study = TallyResult(kind="tally", counts={"1": 18, "2": 100, "3": 138})
    assert study.entry_count() == 256
    assert round(study.share({"1"}), 3) == 0.070
    assert study.share({"1", "2", "3"}) == 1.0
    assert study.share({"9"}) == 0.0
    assert study.share(set()) == 0.0


def test_other_results() -> None:
    notes = NotesResult(kind="notes", fields={"Style": "collaborative", "Other": "  "}, text="x")
    assert notes.entry_count() == 2
    prompts = PromptsResult(kind="prompts")
    prompts.responses.append(Response(prompt=1, text="More time with patients", at=T0))
    assert prompts.entry_count() == 1
    assert prompts.under(1)[0].text == "More time with patients"
    assert prompts.under(0) == []
    done = Commitment(what="Fun Friday board", status="done")
    still = Commitment(what="Values on the walls", owner="Ana")
    commitments = CommitmentsResult(kind="commitments", items=[done, still])
    assert commitments.open_items() == [still]
    with pytest.raises(ValueError, match="commitment ids must be unique"):
        CommitmentsResult(kind="commitments", items=[done, done])
    review = ReviewResult(kind="review")
    assert review.entry_count() == 0 and not review.progress()


# --- the step timer ----------------------------------------------------------------------


def test_step_timing_start_pause_seconds() -> None:
    timing = StepTiming()
    assert not timing.running
    assert timing.seconds(T0) == 0.0
    timing.start(T0)
    assert timing.running
    assert timing.first_shown == T0
    assert timing.seconds(T0 + timedelta(seconds=90)) == 90.0
    timing.start(T0 + timedelta(seconds=30))  # starting a running timer changes nothing
    assert timing.running_since == T0
    timing.pause(T0 + timedelta(seconds=100))
    assert not timing.running
    assert timing.elapsed == 100.0
    assert timing.seconds(T0 + timedelta(hours=1)) == 100.0  # paused: time stands still
    timing.pause(T0 + timedelta(seconds=200))  # pausing twice changes nothing
    assert timing.elapsed == 100.0
    timing.start(T0 + timedelta(seconds=300))
    assert timing.first_shown == T0  # first shown stays the first time
    assert timing.seconds(T0 + timedelta(seconds=320)) == 120.0
    # A clock that went backwards never makes time negative.
    assert timing.seconds(T0) == 100.0


def test_step_timing_rejects_naive_and_negative() -> None:
    with pytest.raises(ValueError, match="timezone"):
        StepTiming(running_since=datetime(2026, 11, 23, 9, 0))
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        StepTiming(elapsed=-1)


def test_entry_times_must_have_an_offset() -> None:
    naive = datetime(2026, 11, 23, 9, 0)
    with pytest.raises(ValidationError, match="timezone"):
        WordEntry(word="kind", at=naive)
    with pytest.raises(ValidationError, match="timezone"):
        Response(prompt=0, text="More time with patients", at=naive)
    assert WordEntry(word="kind").at.tzinfo is not None
    assert Response(prompt=0, text="x").at.tzinfo is not None


def test_a_naive_entry_time_in_a_record_file_is_reported(tmp_path: Path) -> None:
    text = (REPO / "tests" / "data" / "good-record.toml").read_text(encoding="utf-8")
    path = tmp_path / "record.toml"
    path.write_text(
        text.replace("at = 2026-11-23T09:05:00Z", "at = 2026-11-23T09:05:00"), encoding="utf-8"
    )
    with pytest.raises(InvalidFileError) as info:
        load_record(path)
    (problem,) = info.value.problems
    assert problem.line == line_of(text, "at = ")
    assert problem.field == "results.words.entries[0] (00000001).at"
    assert problem.message.startswith("must be a date and time with a timezone offset")


def test_counts_stay_within_what_every_toml_reader_holds() -> None:
    """TOML allows 64-bit integers, but some readers hold less: no count comes near that."""
    assert TallyResult(kind="tally", counts={"a": MAX_COUNT}).entry_count() == MAX_COUNT
    for too_many in (MAX_COUNT + 1, 2**63 - 1):
        with pytest.raises(ValidationError, match="less than or equal to 1000000"):
            TallyResult(kind="tally", counts={"a": too_many})
    # A person places at most MAX_VOTES dots on an item; the room as a whole ('') more.
    assert ListItem(text="Respect", votes={"Ana": MAX_VOTES, "": 5000}).total_votes == 5100
    with pytest.raises(ValidationError, match="one person puts at most 100 dots on an item"):
        ListItem(text="Respect", votes={"Ana": MAX_VOTES + 1})
    with pytest.raises(ValidationError, match="less than or equal to 1000000"):
        ListItem(text="Respect", votes={"": MAX_COUNT + 1})
    assert StepTiming(extra=MAX_EXTRA_SECONDS).extra == 24 * 60 * 60
    with pytest.raises(ValidationError, match="less than or equal to 86400"):
        StepTiming(extra=MAX_EXTRA_SECONDS + 1)
    assert Response(prompt=MAX_PROMPTS - 1, text="x").prompt == 49
    with pytest.raises(ValidationError, match="less than 50"):
        Response(prompt=MAX_PROMPTS, text="x")
    with pytest.raises(ValidationError, match="less than 50"):
        PromptsResult(kind="prompts", current=MAX_PROMPTS)


# --- the session record ------------------------------------------------------------------


@pytest.fixture
def record(tmp_path: Path) -> SessionRecord:
    text = agenda_text(GOOD["one-word"], GOOD["list"], GOOD["tally"], GOOD["commitments"])
    return SessionRecord.start_new(load(tmp_path, text), organization="Clinic")


def test_start_new(record: SessionRecord) -> None:
    assert record.current_step == "words"
    assert record.title == "Model test"
    assert record.schema_version >= 1
    assert record.status == "in-progress"
    assert record.created.tzinfo is not None
    assert record.results == {} and record.timing == {}


def test_add_participant_case_insensitive(record: SessionRecord) -> None:
    assert record.add_participant("  Ana   María ") == "Ana María"
    assert record.add_participant("ANA MARÍA") == "Ana María"
    assert record.add_participant("ana maría") == "Ana María"
    assert record.add_participant("Ben") == "Ben"
    assert record.add_participant("") == ""
    assert record.add_participant("   ") == ""
    assert record.add_participant("李娜") == "李娜"
    assert record.participants == ["Ana María", "Ben", "李娜"]


def test_result_creates_empties(record: SessionRecord) -> None:
    words = record.result("words")
    assert isinstance(words, OneWordResult) and words.entries == []
    assert record.result("words") is words
    assert isinstance(record.result("values"), ListResult)
    assert isinstance(record.result("observe"), TallyResult)
    assert isinstance(record.result("actions"), CommitmentsResult)
    assert set(record.results) == {"words", "values", "observe", "actions"}
    with pytest.raises(KeyError):
        record.result("nope")
    words.entries.append(WordEntry(word="kind", at=T0))
    record.result("observe").counts["1"] = 4
    assert record.entry_count() == 5


def test_record_consistency(record: SessionRecord) -> None:
    data = record.model_dump()
    cases = [
        ({"current_step": "nope"}, ("current_step",), "'nope' is not a step of the agenda"),
        (
            {"results": {"words": {"kind": "list"}}},
            ("results", "words", "kind"),
            "is 'list', but step 'words' is a one-word step",
        ),
        (
            {"results": {"nope": {"kind": "list"}}},
            ("results", "nope"),
            "there is no step 'nope' in the agenda",
        ),
        ({"timing": {"nope": {}}}, ("timing", "nope"), "there is no step 'nope' in the agenda"),
    ]
    for change, loc, message in cases:
        with pytest.raises(ValidationError) as info:
            SessionRecord.model_validate({**data, **change})
        (error,) = info.value.errors()
        assert error["loc"] == loc
        assert error["msg"].startswith(message), error["msg"]


def test_record_consistency_reports_every_problem(record: SessionRecord) -> None:
    data = {**record.model_dump(), "current_step": "nope", "timing": {"gone": {}}}
    with pytest.raises(ValidationError) as info:
        SessionRecord.model_validate(data)
    assert [e["loc"] for e in info.value.errors()] == [("current_step",), ("timing", "gone")]
    assert "(its steps: words, values, observe, actions)" in info.value.errors()[0]["msg"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": "x" * 500}, "title: is too long: at most 120 characters"),
        (
            {"title": "bad \udcff byte"},
            "title: has characters that are not valid text (perhaps bytes that could not be "
            "decoded)",
        ),
        ({"organization": "Clinic \udcff"}, "organization: has characters that are not valid"),
        # A path from the command line with bytes that are not UTF-8.
        ({"agenda_source": "/tmp/caf\udce9.toml"}, "agenda_source: has characters that are not"),
    ],
)
def test_start_new_refuses_bad_text_with_a_workshop_error(
    record: SessionRecord, fields: dict[str, str], expected: str
) -> None:
    with pytest.raises(WorkshopError) as info:
        SessionRecord.start_new(record.agenda, **fields)
    assert str(info.value).startswith(expected), str(info.value)
    assert not isinstance(info.value, ValidationError)


def test_start_new_names_every_bad_field(record: SessionRecord) -> None:
    with pytest.raises(WorkshopError) as info:
        SessionRecord.start_new(record.agenda, title="t" * 121, facilitator="f" * 201)
    assert str(info.value).splitlines() == [
        "title: is too long: at most 120 characters",
        "facilitator: is too long: at most 200 characters",
    ]


def test_drift_seconds(record: SessionRecord) -> None:
    assert record.drift_seconds(T0) == 0.0
    # words: 15 min planned, ran 18 -> 3 min behind.
    words = record.timer("words")
    words.start(T0)
    words.pause(T0 + timedelta(minutes=18))
    # values: 20 min planned, ran 15 -> 5 min ahead.
    values = record.timer("values")
    values.start(T0 + timedelta(minutes=18))
    values.pause(T0 + timedelta(minutes=33))
    record.timer("actions")  # never shown: does not count
    record.current_step = "observe"
    observe = record.timer("observe")
    observe.start(T0 + timedelta(minutes=33))
    at = T0 + timedelta(minutes=43)  # 10 of 60 minutes: the current step is not over
    assert record.drift_seconds(at) == 3 * 60 - 5 * 60
    at = T0 + timedelta(minutes=33 + 70)  # 10 minutes over on the current step
    assert record.drift_seconds(at) == 3 * 60 - 5 * 60 + 10 * 60
    assert record.planned_seconds("observe") == 3600
    # A step only passed through (under a minute) is still ahead: no time gained.
    actions = record.timer("actions")
    actions.start(T0)
    actions.pause(T0 + timedelta(seconds=20))
    assert record.drift_seconds(at) == 3 * 60 - 5 * 60 + 10 * 60
    observe.extra = 60
    assert record.planned_seconds("observe") == 3660


# --- the key locator ---------------------------------------------------------------------

LOCATOR_TEXT = """\
# comment = not a key
id = "x"
title.main = "dotted"
"quoted.key" = 1
summary = \"\"\"
[[steps]]
id = "inside a string"
\"\"\"

[[steps]]
id = "first"
notes = '''
minutes = 99
'''
minutes = 5

[[steps.categories]]
key = "1"

[[steps.categories]]
key = "2"
label = "a = b"

[[steps]]
id = "second"
inline = { a = 1 }
prompts = [
  "x = y",
]
minutes = 7

[results.second]
kind = "prompts"

[[results.second.responses]]
text = "one"

[[results.second.responses]]
text = "two"
meta.who = "Ana"
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("id",), 2),
        (("title", "main"), 3),
        (("quoted.key",), 4),
        (("summary",), 5),
        (("steps",), 10),
        (("steps", 0), 10),
        (("steps", 0, "id"), 11),
        (("steps", 0, "notes"), 12),
        (("steps", 0, "minutes"), 15),
        (("steps", 0, "categories"), 17),
        (("steps", 0, "categories", 0, "key"), 18),
        (("steps", 0, "categories", 1), 20),
        (("steps", 0, "categories", 1, "key"), 21),
        (("steps", 0, "categories", 1, "label"), 22),
        (("steps", 1), 24),
        (("steps", 1, "id"), 25),
        (("steps", 1, "inline"), 26),
        (("steps", 1, "prompts"), 27),
        (("steps", 1, "prompts", 0), 27),
        (("steps", 1, "minutes"), 30),
        (("results", "second"), 32),
        (("results", "second", "kind"), 33),
        (("results", "second", "responses", 1, "text"), 39),
        (("results", "second", "responses", 1, "meta", "who"), 40),
        (("steps", 1, "missing"), 24),
        (("results", "second", "responses", 0, "at"), 35),
        (("nothing",), None),
    ],
)
def test_key_locator(path: tuple[str | int, ...], line: int | None) -> None:
    assert KeyLocator(LOCATOR_TEXT).line_of(path) == line


def test_key_locator_ignores_keys_inside_strings() -> None:
    locator = KeyLocator(LOCATOR_TEXT)
    assert ("steps", 2) not in locator.lines  # the [[steps]] inside the string
    assert [locator.lines[("steps", i)] for i in (0, 1)] == [10, 24]
    assert all(line not in (6, 7, 13, 28) for line in locator.lines.values())


def test_key_locator_matches_tomllib() -> None:
    import tomllib

    data = tomllib.loads(LOCATOR_TEXT)
    assert data["steps"][0]["notes"] == "minutes = 99\n"
    assert data["steps"][1]["id"] == "second"
    assert len(data["steps"]) == 2


def test_key_locator_multiline_string_edges() -> None:
    text = (
        'one = """x = 1"""\n'  # opens and closes on one line
        'two = """first line\n'
        "[[steps]]\n"
        'id = "not a key"\n'
        'last line"""\n'
        "three = '''a'''\n"
        "four = 4\n"
    )
    locator = KeyLocator(text)
    assert locator.lines == {("one",): 1, ("two",): 2, ("three",): 6, ("four",): 7}


def test_entry_ids_are_long_enough_never_to_meet_in_one_list() -> None:
    """48 random bits for an entry (with 32, CI once made a 1,500-word list whose check
    refused it: two ids alike); a session keeps 8 hex digits, in its file's name. Lists
    written with 8-digit entry ids load as before."""
    record = SessionRecord.start_new(load_agenda(REPO / "agendas" / "culture-of-service.toml"))
    words = [WordEntry(person="P", word="kind") for _ in range(20_000)]
    assert all(len(w.id) == 12 and int(w.id, 16) >= 0 for w in words)
    assert len({w.id for w in words}) == len(words)
    assert len(record.id) == 8
    old = OneWordResult(
        kind="one-word", entries=[WordEntry(id="0a1b2c3d", person="P", word="kind")]
    )
    assert old.entries[0].id == "0a1b2c3d"
