"""Help card: the help route for one place as a picture, in one language, to show or print.

`hulproute card --lang ti --place Eindhoven --out card.pdf` (or `.html`, `.svg`). Four steps,
from "safe now?" to contacts, shelter and the reflection period, and reporting and residence,
with the local and national contacts of the directory (the same data and catalog texts as the
bot) and a QR code that opens the chat in that language. The picture is SVG (text laid out by
the browser inside it, so every script is shaped correctly); the PDF is printed by headless
Chromium, which the project's setup installs.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import segno

from bot.find_help.directory.presentation import CHECK_FIRST, DANGER
from bot.find_help.directory.route import Route
from bot.i18n.translator import N_, Translator
from bot.language.codes import direction, native_name
from bot.residence.rules import Rule

STEP_TITLES = (
    N_("Are you safe now?"),
    N_("Who helps you now"),
    N_("Rest and decide"),
    N_("Report, if you want"),
)
CARD_TITLE = N_("Help near %(municipality)s")
SCAN = N_("Scan to chat with Hulproute in your language. It is anonymous.")


class CardError(RuntimeError):
    """The card could not be made (e.g. no browser to print the PDF)."""


@dataclass(frozen=True)
class Step:
    """One box of the picture."""

    title: str
    lines: tuple[str, ...]


def card_steps(
    route: Route, rules: dict[str, Rule], language: str, translator: Translator
) -> list[Step]:
    """The four steps, in `language`."""

    def t(msgid: str, **params: object) -> str:
        return translator.gettext(language, msgid, params or None)

    contacts = []
    for contact in route.contact_now:
        number = contact.service.phone_number
        where = f" ({contact.area})" if contact.area else ""
        reach = number.display if number else (contact.service.website or "")
        line = f"{contact.organisation}{where}: {reach}"
        if contact.check_first:
            line += " \u26a0"
        contacts.append(line)
    emergency = route.emergency.service.phone_number if route.emergency else None
    danger = (t(DANGER, phone=emergency.display),) if emergency else ()
    steps = [
        Step(t(STEP_TITLES[0]), danger),
        Step(t(STEP_TITLES[1]), tuple(contacts)),
        Step(t(STEP_TITLES[2]), (t(rules["reflection_period"].says),)),
        Step(
            t(STEP_TITLES[3]),
            (t(rules["you_decide"].says), t(rules["permit_after_report"].says)),
        ),
    ]
    if any(c.check_first for c in route.contact_now):
        steps[1] = Step(steps[1].title, (*steps[1].lines, "\u26a0 " + t(CHECK_FIRST)))
    return steps


def card_svg(steps: list[Step], language: str) -> str:
    """The help-route picture: numbered boxes joined by arrows (SVG with HTML text inside)."""
    width, box_height, gap = 560, 150, 36
    rtl = direction(language) == "rtl"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{len(steps) * (box_height + gap)}" role="img" lang="{language}">'
    ]
    for i, step in enumerate(steps):
        y = i * (box_height + gap)
        color = "#b00020" if i == 0 else "#1d3557"
        parts.append(
            f'<rect x="2" y="{y + 2}" width="{width - 4}" height="{box_height}" rx="14" '
            f'fill="#fff" stroke="{color}" stroke-width="3"/>'
            f'<circle cx="{width - 34 if rtl else 34}" cy="{y + 34}" r="20" fill="{color}"/>'
            f'<text x="{width - 34 if rtl else 34}" y="{y + 41}" text-anchor="middle" '
            f'font-size="20" font-weight="700" fill="#fff">{i + 1}</text>'
            f'<foreignObject x="{16 if rtl else 64}" y="{y + 10}" width="{width - 84}" '
            f'height="{box_height - 16}"><div xmlns="http://www.w3.org/1999/xhtml" '
            f'dir="{direction(language)}" lang="{language}" class="step">'
            f"<b>{html.escape(step.title)}</b>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in step.lines)
            + "</div></foreignObject>"
        )
        if i < len(steps) - 1:
            x, y0 = width // 2, y + box_height + 4
            parts.append(
                f'<path d="M{x} {y0} v{gap - 12} m-9 -10 l9 10 l9 -10" fill="none" '
                f'stroke="#1d3557" stroke-width="3"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def card_html(
    route: Route,
    steps: list[Step],
    language: str,
    translator: Translator,
    chat_url: str,
    stylesheet: str | None = None,
    audio: str | None = None,
) -> str:
    """A one-page card: title, picture, QR code to the chat in this language. The style is
    inline for printing, or a `stylesheet` link when served under the page's strict CSP;
    `audio`: the file name of the card read aloud, played from beside the card."""
    link = f"{chat_url.rstrip('/')}/?lang={language}"
    qr = segno.make(link, error="m").svg_inline(scale=4, dark="#1d3557")
    title = translator.gettext(language, CARD_TITLE, {"municipality": route.municipality.name})
    style = (
        f'<link rel="stylesheet" href="{html.escape(stylesheet)}">'
        '<link rel="icon" href="favicon.svg" type="image/svg+xml">'
        if stylesheet
        else f"<style>{CARD_CSS}</style>"
    )
    return f"""<!doctype html>
<html lang="{language}" dir="{direction(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
{style}</head><body>
<h1>{html.escape(title)}</h1>
{f'<audio controls src="{html.escape(audio)}"></audio>' if audio else ""}
<p class="lang">{html.escape(native_name(language))} · Hulproute</p>
<div class="picture">{card_svg(steps, language)}</div>
<div class="qr">{qr}<p>{html.escape(translator.gettext(language, SCAN))}<br>
<span dir="ltr">{html.escape(link)}</span></p></div>
</body></html>
"""


CARD_CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic", sans-serif;
  color: #1d1d1d; margin: 0; padding: 8px; }
h1 { font-size: 22px; margin: 0 0 8px; color: #1d3557; }
.lang { color: #555; font-size: 13px; margin: 0 0 10px; }
.step { font-size: 12.5px; line-height: 1.35; }
.step b { font-size: 15px; display: block; margin-bottom: 3px; }
.step p { margin: 0 0 3px; }
.picture svg { width: 100%; max-width: 150mm; display: block; }
.qr { display: flex; gap: 12px; align-items: center; margin-top: 8px; font-size: 13px; }
"""


def find_chromium(configured: str | None = None) -> str:
    """The headless browser that prints PDFs (the configured one, HULPROUTE_CHROMIUM in the
    settings, or chromium on PATH)."""
    for candidate in (configured, "chromium", "chromium-browser"):
        if candidate and shutil.which(candidate):
            return str(shutil.which(candidate))
    raise CardError("no Chromium found: run `make setup` (it installs Debian's chromium)")


def write_pdf(page: str, out: Path, chromium: str | None = None) -> None:
    """Print the card page to PDF with headless Chromium (`chromium`: see find_chromium)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "card.html"
        source.write_text(page, encoding="utf-8")
        result = subprocess.run(
            [
                find_chromium(chromium),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={out.resolve()}",
                source.as_uri(),
            ],
            capture_output=True,
            timeout=120,
        )
        if result.returncode != 0 or not out.exists():
            raise CardError(f"Chromium could not print the card: {result.stderr[-500:]!r}")
