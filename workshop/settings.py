"""The user's settings: a small TOML file in the data folder: the themes chosen, the keys,
and who the last session was for and by (the next one starts with them).

Free of Textual, like the rest of the core. A settings file that cannot be read or does
not validate is never fatal: the defaults are used and the problem is reported once; the
next save keeps the bad file beside the new one (``settings.toml.bad``) instead of losing it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from workshop.atomic import atomic_write
from workshop.errors import WorkshopError
from workshop.kinds.base import ShortText
from workshop.paths import data_home, ensure_private_dir
from workshop.tomlsource import parse, read_text
from workshop.validation import validate

SETTINGS_FILE = "settings.toml"

ThemeName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=60)
]


class Settings(BaseModel):
    """What is remembered between runs. Unknown keys are errors, as everywhere."""

    model_config = ConfigDict(extra="forbid")

    theme: ThemeName | None = Field(
        default=None, description="The facilitator's console theme (unset: Textual's default)."
    )
    present_theme: ThemeName | None = Field(
        default=None,
        description="The room's view (`workshop present`); unset: the same as `theme`.",
    )
    keymap: dict[str, str] = Field(
        default_factory=dict,
        description="Keys of your own: a binding id and its keys, e.g. "
        '`next-step = "ctrl+right,f8"`. Here only its shape is checked (a table of '
        "strings); the app checks the ids and keys when it starts, and an entry it cannot "
        "use keeps that action's default keys.",
    )
    last_organization: ShortText | None = Field(
        default=None,
        description="The organization of the last session started: the next starts with it.",
    )
    last_facilitator: ShortText | None = Field(
        default=None,
        description="The facilitator of the last session started: the next starts with it.",
    )


def settings_path() -> Path:
    return data_home() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings and None, or the defaults and why the file could not be used."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), None
    try:
        text = read_text(path)
        return validate(Settings, parse(text, path), path, text), None
    except WorkshopError as exc:
        first = str(exc).splitlines()[0]
        return Settings(), f"{first} (using the default settings)"


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically (user-only). A file that did not load is kept as
    ``settings.toml.bad`` first. A failure raises a WorkshopError saying why."""
    path = path or settings_path()
    ensure_private_dir(path.parent)
    if path.exists() and load_settings(path)[1] is not None:
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".bad"))
    data = settings.model_dump(mode="python", exclude_none=True)
    if not data.get("keymap"):
        data.pop("keymap", None)  # no empty [keymap] table
    atomic_write(path, tomli_w.dumps(data).encode("utf-8"))


def update_settings(changes: Mapping[str, str | None], path: Path | None = None) -> Settings:
    """Change some settings, keeping the others (the keymap included) as they are on disk
    now: another workshop may have changed them since this one started."""
    current, _ = load_settings(path)
    updated = Settings.model_validate({**current.model_dump(), **changes})
    save_settings(updated, path)
    return updated


def last_people(path: Path | None = None) -> tuple[str, str]:
    """The organization and facilitator of the last session started ("" when none), so a
    new session need not be told them again (trends find sessions by organization)."""
    settings, _ = load_settings(path)
    return settings.last_organization or "", settings.last_facilitator or ""


def remember_people(organization: str, facilitator: str, path: Path | None = None) -> None:
    """Keep a new session's organization and facilitator for the next one. An empty value
    leaves the remembered one alone; a settings file that cannot be written never stops a
    session from starting (the record holds both anyway)."""
    settings, _ = load_settings(path)
    given = {"last_organization": organization, "last_facilitator": facilitator}
    changes = {
        key: value for key, value in given.items() if value and value != getattr(settings, key)
    }
    if changes:
        with contextlib.suppress(WorkshopError, OSError, ValueError):
            update_settings(changes, path)
