"""A help route written out in the user's language.

Every sentence is a msgid from the catalogs: the labels below (marked with N_ for extraction)
and each service's `what` and `for_whom` from the data file (extracted by
`bot.i18n.extraction.extract_directory_texts`). Paragraphs are separated by a blank line; the
REST channel sends each paragraph as its own chat bubble.

Only what is known is said: a yes/no/unknown question that no source answered gets no label,
and the closing line tells the user to ask before giving a name.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.find_help.directory.route import Route, RouteContact
from bot.find_help.open_now import open_now_line
from bot.i18n.translator import N_, Translator
from bot.language.codes import direction

CONTACT_NOW = N_("Contact now:")
ALSO_AVAILABLE = N_("Also available:")
NO_REGIONAL_CONTACT = N_(
    "I do not know a regional contact for this place. CoMensha can help you find one."
)
PHONE = N_("Phone: %(phone)s")
EMAIL = N_("E-mail: %(email)s")
WEBSITE = N_("Website: %(website)s")
HOURS_MAY_HAVE_CHANGED = N_("The opening hours may have changed.")
CHECK_FIRST = N_("This comes from an old or uncertain source. Please check it first.")
IN_YOUR_LANGUAGE = N_("Information in your language.")
ASK_FIRST = N_(
    "Not sure what a service does with your information? Ask them before you give your name."
)
DANGER = N_("In danger now? Call %(phone)s.")

# Labels for what contacting a service means: (question, answer) -> msgid. Unknown answers
# (None) have no label on purpose: the bot does not guess.
_LABELS: dict[tuple[str, bool], str] = {
    ("free", True): N_("Free call."),
    ("free", False): N_("The call costs money."),
    ("anonymous", True): N_("You can stay anonymous."),
    ("anonymous", False): N_("You cannot stay anonymous."),
    ("informs_police", True): N_("The police will know."),
    ("informs_police", False): N_("They do not tell the police."),
    ("informs_immigration", True): N_("The immigration service may be told."),
    ("informs_immigration", False): N_("They do not tell the immigration service."),
    ("id_needed", True): N_("You need an ID document."),
    ("id_needed", False): N_("You do not need an ID document."),
    ("interpreter", True): N_("An interpreter is available."),
    ("interpreter", False): N_("No interpreter."),
}
OPEN_DAY_AND_NIGHT = N_("Open day and night.")
_LTR_ISOLATE = "\u2066{}\u2069"


def labels(contact: RouteContact, language: str, translator: Translator) -> list[str]:
    """What contacting this service means, in the user's language (known facts only)."""
    service = contact.service
    found: list[str] = []
    if service.open_24_7:
        found.append(translator.gettext(language, OPEN_DAY_AND_NIGHT))
    for (question, answer), msgid in _LABELS.items():
        if getattr(service, question) is answer:
            found.append(translator.gettext(language, msgid))
    if language in service.languages:
        found.append(translator.gettext(language, IN_YOUR_LANGUAGE))
    return found


def contact_text(contact: RouteContact, language: str, translator: Translator) -> str:
    """One contact as a paragraph: who, what they do, how to reach them, what it means."""
    ltr = _isolate if direction(language) == "rtl" else _same
    service = contact.service
    title = ltr(contact.organisation)
    if contact.area and contact.area != contact.organisation:
        title += f" ({ltr(contact.area)})"
    lines = [f"\u2022 {title}", translator.gettext(language, service.what)]
    if service.for_whom:
        lines.append(translator.gettext(language, service.for_whom))
    number = service.phone_number
    if number:
        reach = translator.gettext(language, PHONE, {"phone": ltr(number.display)})
        if service.hours and not service.hours.always:
            reach += f" \u00b7 {ltr(service.hours.format(language))}"
        lines.append(reach)
    if service.email:
        lines.append(translator.gettext(language, EMAIL, {"email": ltr(service.email)}))
    if service.website and not number:
        lines.append(translator.gettext(language, WEBSITE, {"website": ltr(service.website)}))
    facts = labels(contact, language, translator)
    if service.hours_note:
        facts.append(translator.gettext(language, HOURS_MAY_HAVE_CHANGED))
    if facts:
        lines.append(" ".join(facts))
    if contact.check_first:
        lines.append("\u26a0 " + translator.gettext(language, CHECK_FIRST))
    return "\n".join(lines)


# The first answer fits one phone screen: at most this many contacts, then 112; the rest on
# request ("More help near me": `route_more_text`).
FIRST_CONTACTS = 2


def first_contacts(route: Route) -> tuple[RouteContact, ...]:
    """Whom to contact now, at most two, best-sourced first: a number from an old or uncertain
    source never comes first when a well-sourced one exists (CoMensha always is one)."""
    ordered = sorted(route.contact_now, key=lambda c: c.check_first)  # stable: local first
    return tuple(ordered[:FIRST_CONTACTS])


def short_contact_text(
    contact: RouteContact, language: str, translator: Translator, now: datetime
) -> str:
    """One contact in the first answer: who, what they do, the phone, open now or not."""
    ltr = _isolate if direction(language) == "rtl" else _same
    service = contact.service
    title = ltr(contact.organisation)
    if contact.area and contact.area != contact.organisation:
        title += f" ({ltr(contact.area)})"
    lines = [f"\u2022 {title}", translator.gettext(language, service.what)]
    number = service.phone_number
    if number:
        lines.append(translator.gettext(language, PHONE, {"phone": ltr(number.display)}))
    elif service.email:
        lines.append(translator.gettext(language, EMAIL, {"email": ltr(service.email)}))
    if service.open_24_7:
        lines.append(translator.gettext(language, OPEN_DAY_AND_NIGHT))
    else:
        line = open_now_line(service, language, now, translator.gettext)
        if line:
            lines.append(line)
    if contact.check_first:
        lines.append("\u26a0 " + translator.gettext(language, CHECK_FIRST))
    return "\n".join(lines)


def route_first_text(
    route: Route, language: str, translator: Translator, now: datetime | None = None
) -> str:
    """The first answer's body: whom to contact now (at most two) in one bubble, then 112."""
    now = now or datetime.now(timezone.utc)
    lines: list[str] = []
    if not route.regional_contact_known:
        lines.append(translator.gettext(language, NO_REGIONAL_CONTACT))
    contacts = [short_contact_text(c, language, translator, now) for c in first_contacts(route)]
    if contacts:
        lines.append(translator.gettext(language, CONTACT_NOW))
        lines.extend(contacts)
    paragraphs = ["\n".join(lines)] if lines else []
    danger = _danger(route, language, translator)
    return "\n\n".join(paragraphs + ([danger] if danger else []))


def route_more_text(route: Route, language: str, translator: Translator) -> str:
    """The rest of the route, on request: the other contacts, what else exists, the advice to
    ask before giving a name, and 112."""
    shown = set(first_contacts(route))
    rest = tuple(c for c in route.contact_now if c not in shown) + route.more
    paragraphs = [contact_text(c, language, translator) for c in rest]
    paragraphs.append(translator.gettext(language, ASK_FIRST))
    danger = _danger(route, language, translator)
    return "\n\n".join(paragraphs + ([danger] if danger else []))


def _danger(route: Route, language: str, translator: Translator) -> str:
    if route.emergency and route.emergency.service.phone_number:
        phone = route.emergency.service.phone_number.display
        ltr = _isolate if direction(language) == "rtl" else _same
        return translator.gettext(language, DANGER, {"phone": ltr(phone)})
    return ""


def route_text(route: Route, language: str, translator: Translator) -> str:
    """The route's body: contact now, also available, the closing advice and 112."""
    paragraphs: list[str] = []
    if not route.regional_contact_known:
        paragraphs.append(translator.gettext(language, NO_REGIONAL_CONTACT))
    for heading, contacts in ((CONTACT_NOW, route.contact_now), (ALSO_AVAILABLE, route.more)):
        texts = [contact_text(c, language, translator) for c in contacts]
        if texts:
            # The heading shares a paragraph (a chat bubble) with the first contact.
            texts[0] = translator.gettext(language, heading) + "\n" + texts[0]
            paragraphs.extend(texts)
    paragraphs.append(translator.gettext(language, ASK_FIRST))
    if route.emergency and route.emergency.service.phone_number:
        phone = route.emergency.service.phone_number.display
        ltr = _isolate if direction(language) == "rtl" else _same
        paragraphs.append(translator.gettext(language, DANGER, {"phone": ltr(phone)}))
    return "\n\n".join(paragraphs)


def localized_contact(
    contact: dict[str, Any], route_contact: RouteContact, language: str, translator: Translator
) -> dict[str, Any]:
    """A JSON contact with the texts a page needs in `language` added."""
    service = route_contact.service
    return {
        **contact,
        "what_text": translator.gettext(language, service.what),
        "for_whom_text": translator.gettext(language, service.for_whom)
        if service.for_whom
        else None,
        "hours_text": service.hours.format(language) if service.hours else None,
        "labels": labels(route_contact, language, translator),
    }


def _isolate(text: str) -> str:
    return _LTR_ISOLATE.format(text)


def _same(text: str) -> str:
    return text
