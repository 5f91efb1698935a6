"""The help route written out in the user's language, as the body of the route answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.find_help.directory.presentation import route_first_text, route_more_text
from bot.find_help.directory.route import route_from_dict
from bot.i18n.bodies import Body
from bot.i18n.translator import Translator


def _first(data: Any, language: str, translator: Translator, _: Mapping[str, Any]) -> str:
    return route_first_text(route_from_dict(data), language, translator)


def _more(data: Any, language: str, translator: Translator, _: Mapping[str, Any]) -> str:
    return route_more_text(route_from_dict(data), language, translator)


# The bodies of `utter_help_route` (the first answer: under its heading, in the same bubble) and
# `utter_help_route_more` (the rest, on request); both take format hulproute.route/1.
BODIES = {
    "route": Body(_first, same_bubble=True),
    "route_more": Body(_more),
}
