"""The layers hold: the core never imports Textual, Rich or the app, and the kinds never
import the exports. `lint-imports` checks the contracts in pyproject.toml (in CI); these
tests check that the contract lists every core module, and the same rule at run time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "workshop"
#: Not core: the app, and the entry points that start it.
NOT_CORE = {"ui", "cli", "__main__", "__init__"}


def _contracts() -> list[dict]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["contracts"]


def core_modules() -> list[str]:
    """Every top-level module and package of workshop that is part of the core."""
    names = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.parent.name for p in PACKAGE.glob("*/__init__.py")
    }
    return sorted(f"workshop.{name}" for name in names - NOT_CORE)


def test_the_contract_names_every_core_module() -> None:
    (core,) = [c for c in _contracts() if "textual" in c["forbidden_modules"]]
    assert sorted(core["source_modules"]) == core_modules()
    assert {"textual", "rich", "workshop.ui"} <= set(core["forbidden_modules"])


def test_the_kinds_contract() -> None:
    assert any(
        c["source_modules"] == ["workshop.kinds"] and c["forbidden_modules"] == ["workshop.export"]
        for c in _contracts()
    )


def test_importing_the_whole_core_loads_no_ui() -> None:
    """The same rule at run time, in a fresh interpreter (import-linter reads the source)."""
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "import workshop.export.formats, workshop.kinds.review\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')\n"
        "             or m.startswith('workshop.ui'))\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def test_lint_imports_keeps_the_contracts() -> None:
    tool = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]'); CI runs it")
    result = subprocess.run([tool], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout[-2000:]
