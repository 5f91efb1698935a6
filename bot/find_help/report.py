"""`hulproute route --place X --lang L [--json]`: the answer the bot gives, for people and pages.

The JSON is format hulproute.route/1 (docs/route-format.md) with the texts for `--lang` added:
the web page and printable help cards read it; outreach workers can print the text.
"""

from __future__ import annotations

import json
from typing import Any

from bot.find_help.answer import HELP_ROUTE, answer_help_nearby
from bot.find_help.directory.lookup import DirectoryLookup
from bot.find_help.directory.presentation import localized_contact
from bot.find_help.directory.records import load_directory
from bot.find_help.directory.route import FORMAT, route_to_dict
from bot.find_help.places import PlaceIndex
from bot.i18n.responses import ResponseRenderer, load_response_templates
from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES, direction
from bot.settings import Settings


def route_report(
    place: str, language: str, lookup: DirectoryLookup, settings: Settings
) -> dict[str, Any]:
    """Resolve `place` and describe the route in `language` (JSON-ready)."""
    index = PlaceIndex.from_dir(settings.facts_dir / "places")
    translator = Translator(settings.locale_dir, SUPPORTED_LANGUAGES)
    renderer = ResponseRenderer(
        load_response_templates(settings.domain_dir, settings.messages_dir),
        translator,
        load_directory(settings.facts_dir / "directory.yml"),
    )
    head = {"format": FORMAT, "language": language, "direction": direction(language)}
    answer = answer_help_nearby(index, [place], None)
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
