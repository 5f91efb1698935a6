"""`hulproute route --place X --lang L [--json]`: the answer the bot gives, for people and pages.

The JSON is format hulproute.route/1 (docs/route-format.md) with the texts for `--lang` added:
the web page and printable help cards read it; outreach workers can print the text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.find_help.answer import HELP_ROUTE, answer_help_nearby
from bot.find_help.directory.presentation import localized_contact
from bot.find_help.directory.route import FORMAT, route_to_dict
from bot.language.codes import direction

if TYPE_CHECKING:
    from bot.core import Core


def route_report(place: str, language: str, core: Core) -> dict[str, Any]:
    """Resolve `place` and describe the route in `language` (JSON-ready)."""
    translator, renderer, lookup = core.translator, core.renderer, core.lookup
    head = {"format": FORMAT, "language": language, "direction": direction(language)}
    answer = answer_help_nearby(core.place_index, [place], None)
    if answer.choices:
        return {
            **head,
            "status": "ambiguous",
            "choices": [
                {"code": m.code, "name": m.name, "province": m.province} for m in answer.choices
            ],
            "text": renderer.render(answer.response, language)["text"]
            + "".join(f"\n- {m.name} ({m.province})" for m in answer.choices),
        }
    if answer.municipality is None or answer.response != HELP_ROUTE:
        return {
            **head,
            "status": "unknown",
            "text": renderer.render(answer.response, language)["text"],
        }
    route = lookup.route(answer.municipality.code)
    if route is None:
        raise LookupError(f"{answer.municipality.code} is not in the directory database")
    data = route_to_dict(route)
    text = renderer.render(
        HELP_ROUTE,
        language,
        {"municipality": route.municipality.name, "route": json.dumps(data)},
    )["text"]
    return {
        **data,
        **head,
        "contact_now": [
            localized_contact(d, c, language, translator)
            for d, c in zip(data["contact_now"], route.contact_now, strict=True)
        ],
        "more": [
            localized_contact(d, c, language, translator)
            for d, c in zip(data["more"], route.more, strict=True)
        ],
        "text": text,
    }
