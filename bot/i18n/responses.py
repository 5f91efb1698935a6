"""Turn a response name and a language into the message a user sees.

The response templates are the `responses:` of the domain files (plus `messages/`, for what
only custom actions send): their `text` and button `title` values are gettext msgids (English
source strings). Rasa hands a custom NLG an empty domain, so the templates are read here, from
the same files Rasa trains on: one source of truth for response names and msgids.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.i18n.bodies import Body, discover_bodies
from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES, direction, native_name

BUTTON_CONTEXT = "button"
LANGUAGE_MENU = "languages"
# A response whose metadata says `body: <name>` gets a body the action computed and passed as
# the parameter of that name, as JSON, written out by its capability (bot/i18n/bodies.py).
# Unicode "left-to-right isolate" ... "pop directional isolate": keeps phone numbers and URLs
# intact inside right-to-left text, where a bidi algorithm would otherwise reorder their parts.
_LTR_ISOLATE = "\u2066{}\u2069"
_ISOLATE_MARKS = "\u2066\u2069"
# Button payloads that are links for the chat page to open, never messages to the bot.
LINK_PAYLOADS = ("tel:", "mailto:")


@dataclass(frozen=True)
class ButtonTemplate:
    """A button: its title is a msgid translated with the `button` context."""

    title: str
    payload: str


@dataclass(frozen=True)
class ResponseTemplate:
    """One response from the domain: a msgid, buttons, and an optional generated menu."""

    name: str
    text: str
    buttons: tuple[ButtonTemplate, ...] = ()
    menu: str | None = None
    body: str | None = None
    translators_note: str | None = None


def load_response_templates(*folders: Path) -> dict[str, ResponseTemplate]:
    """Read every `responses:` entry of every YAML file in the folders (one variation each).

    The folders are `domain/` (responses Rasa predicts) and `messages/` (responses only custom
    actions send).
    """
    templates: dict[str, ResponseTemplate] = {}
    for file in sorted(f for folder in folders for f in folder.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            if name in templates:
                raise ValueError(f"response {name!r} is defined twice (second time in {file})")
            if len(variations) != 1:
                raise ValueError(f"response {name!r} must have exactly one variation")
            variation = variations[0]
            metadata = variation.get("metadata") or {}
            templates[name] = ResponseTemplate(
                name=name,
                text=variation["text"],
                buttons=tuple(
                    ButtonTemplate(b["title"], b["payload"]) for b in variation.get("buttons", [])
                ),
                menu=metadata.get("menu"),
                body=metadata.get("body"),
                translators_note=metadata.get("translators"),
            )
    return templates


class ResponseRenderer:
    """Renders response templates in a conversation's language."""

    def __init__(
        self,
        templates: Mapping[str, ResponseTemplate],
        translator: Translator,
        contacts: Mapping[str, Mapping[str, str]],
        bodies: Mapping[str, Body] | None = None,
        live: Callable[[str], Mapping[str, str]] | None = None,
    ) -> None:
        self._templates = dict(templates)
        self._translator = translator
        self._bodies = dict(discover_bodies() if bodies is None else bodies)
        missing = {t.body for t in self._templates.values() if t.body} - set(self._bodies)
        if missing:
            raise ValueError(f"no capability writes out the bodies {sorted(missing)}")
        # Per language, the placeholders every message may use (`%(comensha_phone)s`, ...).
        self._contact_params = {code: dict(contacts[code]) for code in SUPPORTED_LANGUAGES}
        # Placeholders that change with the time of day ("%(comensha_open_now)s"), per render.
        self._live = live

    def contact_params(self, language: str) -> dict[str, str]:
        """The contact placeholders (`%(comensha_phone)s`, ...) in `language`."""
        return dict(self._contact_params[language])

    def has(self, name: str) -> bool:
        """True when `name` is a known response."""
        return name in self._templates

    def render(
        self, name: str, language: str, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The message for response `name` in `language`: text, buttons and text direction."""
        template = self._templates[name]
        live = self._live(language) if self._live and _uses_live(template.text) else {}
        values: dict[str, Any] = {**self._contact_params[language], **live, **(params or {})}
        data = {key: values.pop(key, None) for key in self._bodies}
        values = isolate_codes(values, language)
        text = self._translator.gettext(language, template.text, values)
        body = self._bodies.get(template.body or "")
        raw = data.get(template.body or "")
        if body is not None and raw:
            written = body.render(json.loads(raw), language, self._translator, values)
            gap = "\n" if body.same_bubble else "\n\n"
            text = f"{written}{gap}{text}" if body.before else f"{text}{gap}{written}"
        buttons = [
            {
                "title": self._translator.pgettext(language, BUTTON_CONTEXT, b.title),
                "payload": payload,
            }
            for b in template.buttons
            if (payload := _button_payload(b.payload, values)) is not None
        ]
        if template.menu == LANGUAGE_MENU:
            buttons = language_menu_buttons()
        message: dict[str, Any] = {
            "text": text,
            "metadata": {"language": language, "direction": direction(language)},
        }
        if buttons:
            message["buttons"] = buttons
        return message


def _button_payload(payload: str, values: Mapping[str, Any]) -> str | None:
    """The payload with its parameters filled in ("tel:%(call_phone)s" -> a phone link), or
    None when a parameter is missing or empty: then the button is left out."""
    if "%(" not in payload:
        return payload
    try:
        return payload % {k: str(v).strip(_ISOLATE_MARKS) for k, v in values.items() if v}
    except KeyError:
        return None


def is_link(payload: str) -> bool:
    """A button that opens a link (a phone call) instead of sending a message."""
    return payload.startswith(LINK_PAYLOADS)


def button_payloads(templates: Mapping[str, ResponseTemplate]) -> list[str]:
    """Every payload a button of the bot can send: the templates' buttons and the language
    menu. (The "which Bergen?" buttons of the find-help action send place names; link buttons,
    "tel:...", send nothing.)"""
    payloads = [
        b.payload
        for template in templates.values()
        for b in template.buttons
        if not is_link(b.payload)
    ]
    return payloads + [b["payload"] for b in language_menu_buttons()]


def language_menu_buttons() -> list[dict[str, str]]:
    """One button per supported language, titled with the language's own name."""
    return [
        {
            "title": native_name(code),
            "payload": f'/choose_language{{"language": "{code}"}}',
        }
        for code in SUPPORTED_LANGUAGES
    ]


def isolate_codes(values: Mapping[str, Any], language: str) -> dict[str, Any]:
    """In a right-to-left language, phone numbers and addresses wrapped to read left to right."""
    if direction(language) != "rtl":
        return dict(values)
    return {k: _LTR_ISOLATE.format(v) if _is_latin_code(v) else v for k, v in values.items()}


def _is_latin_code(value: Any) -> bool:
    """Phone numbers, e-mail addresses and URLs: values that must read left to right."""
    text = str(value)
    return bool(text) and all(ord(ch) < 0x0250 for ch in text)


def _uses_live(text: str) -> bool:
    return "_open_now)s" in text
