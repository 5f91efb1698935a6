"""The help route written out in the user's language, as the body of the route answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.find_help.directory.presentation import route_text
from bot.find_help.directory.route import route_from_dict
from bot.i18n.bodies import Body
from bot.i18n.translator import Translator


def _route(data: Any, language: str, translator: Translator, _: Mapping[str, Any]) -> str:
    return route_text(route_from_dict(data), language, translator)


# The body of `utter_help_route` (format hulproute.route/1).
BODIES = {"route": Body(_route)}
