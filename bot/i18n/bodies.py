"""Bodies: the part of an answer a capability computes (a help route, a residence explanation,
a self-check result), rendered in the user's language.

A response template whose metadata says `body: <name>` gets a body: the action passes its data
as JSON in the parameter of that name, and the capability's renderer writes it out. Each
capability offers its renderers in `bot/<capability>/text.py` as `BODIES = {"<name>": Body(...)}`;
`discover_bodies` finds them by looking through bot's packages, so a new capability adds its
own text module and nothing here (or in the response renderer) changes.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.i18n.translator import Translator

# (the action's data, language, translator, the message's parameters) -> text
Render = Callable[[Any, str, Translator, Mapping[str, Any]], str]


@dataclass(frozen=True)
class Body:
    """How a capability writes out its data, and where: after the response's own text, or
    before it (the self-check result comes before the thanks)."""

    render: Render
    before: bool = False
    # In the same chat bubble as the response's own text (a heading), not a bubble of its own.
    same_bubble: bool = False


def discover_bodies(package: str = "bot") -> dict[str, Body]:
    """Every `BODIES` of the `text` modules of `package`'s subpackages, by body name."""
    root = importlib.import_module(package)
    bodies: dict[str, Body] = {}
    for info in pkgutil.iter_modules(root.__path__):
        name = f"{package}.{info.name}.text"
        if not info.ispkg or importlib.util.find_spec(name) is None:
            continue
        for key, body in getattr(importlib.import_module(name), "BODIES", {}).items():
            if key in bodies:
                raise ValueError(f"body {key!r} is offered twice (again by {name})")
            bodies[key] = body
    return bodies
