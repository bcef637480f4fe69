"""The step kinds, found by themselves: a module of this package with a `SPEC` is a kind.

Adding a kind is adding its module here (its models and its `KindSpec`, see `spec`) and
its module of the same name in `workshop.ui.kinds` (its panel and room view): nothing
else is edited. Modules without a `SPEC` (`base`, `spec`) are what the kinds share.

The discriminated unions below are what agendas and records are validated against. They
are built from the kinds found, in the order of their module names, so that the order
(which pydantic's messages list the kinds in) does not depend on the file system.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias, TypeVar, Union

from pydantic import Field

from workshop.kinds.base import ResultBase, StepBase
from workshop.kinds.spec import KindSpec


def _discover() -> dict[str, KindSpec[Any, Any]]:
    found: dict[str, KindSpec[Any, Any]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        spec = getattr(import_module(f"{__name__}.{info.name}"), "SPEC", None)
        if isinstance(spec, KindSpec):
            if spec.name in found:
                raise TypeError(f"two kinds are called {spec.name!r}")
            found[spec.name] = spec
    return found


#: kind name -> everything the core knows about it
KINDS: dict[str, KindSpec[Any, Any]] = _discover()

if TYPE_CHECKING:
    # What a type checker sees: the common base. Code that needs a kind's own fields
    # lives in that kind's module, which knows its own classes.
    AnyStep: TypeAlias = StepBase
    AnyResult: TypeAlias = ResultBase
else:
    AnyStep = Annotated[
        Union[tuple(spec.step for spec in KINDS.values())],  # noqa: UP007 - built at run time
        Field(discriminator="kind"),
    ]
    AnyResult = Annotated[
        Union[tuple(spec.result for spec in KINDS.values())],  # noqa: UP007
        Field(discriminator="kind"),
    ]


R = TypeVar("R", bound=ResultBase)


def spec_of(step: StepBase) -> KindSpec[Any, Any]:
    """The spec of a step's kind."""
    return KINDS[step.kind]


def empty_result(step: StepBase) -> ResultBase:
    """A fresh, empty result for a step of any kind."""
    return KINDS[step.kind].empty_result()


def shown_to_room(result: R) -> R:
    """The result without the entries the facilitator hid (any list of entries that carry
    `hidden`): what the room's view and the reports are drawn from. Unchanged when
    nothing is hidden."""
    changes: dict[str, list[Any]] = {}
    for name in type(result).model_fields:
        value = getattr(result, name)
        if isinstance(value, list) and any(getattr(v, "hidden", None) for v in value):
            changes[name] = [v for v in value if not getattr(v, "hidden", None)]
    return result.model_copy(update=changes) if changes else result


def hideable_entries(result: ResultBase) -> list[Any]:
    """Every entry of a result that can be hidden from the room, in order."""
    return [
        entry
        for name in type(result).model_fields
        if isinstance(value := getattr(result, name), list)
        for entry in value
        if "hidden" in getattr(type(entry), "model_fields", {})
    ]


def is_private(step: StepBase) -> bool:
    """Whether the room may see nothing of this step's results: a private kind (a
    briefing's notes), or a step the agenda keeps off the projector."""
    return KINDS[step.kind].private or not step.projected


__all__ = [
    "KINDS",
    "AnyResult",
    "AnyStep",
    "KindSpec",
    "empty_result",
    "hideable_entries",
    "is_private",
    "shown_to_room",
    "spec_of",
]
