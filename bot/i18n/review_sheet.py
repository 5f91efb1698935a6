"""A printable review sheet for a person who speaks a language (`hulproute review-sheet`).

Each message of the language's catalog: the English source, the translation, where the bot shows
it, the key terms it contains with the glossary's term for the language (facts/glossary.tsv:
source, confidence and traps), its review state, and boxes to mark it OK or write a change.
Written as HTML and, with Chromium, as PDF (like the help card). The reviewer's result goes
back into the catalog as a translator comment, which Poedit and Weblate keep:
`# reviewed by <initials> <date>` (docs/translations.md counts it; README: "Translations").
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.messages.pofile import read_po

from bot.i18n.report import MACHINE_DRAFT_MARK, REVIEW_MARK
from bot.i18n.responses import BUTTON_CONTEXT
from bot.language.codes import direction, native_name


@dataclass(frozen=True)
class GlossaryTerm:
    """One key term in one language, with how sure the glossary is of it."""

    concept: str
    term: str
    confidence: str
    notes: str


@dataclass(frozen=True)
class SheetEntry:
    """One message to review."""

    number: int
    source: str
    translation: str
    button: bool
    where: tuple[str, ...]
    terms: tuple[GlossaryTerm, ...]
    reviewed: bool


def load_glossary(path: Path, language: str) -> list[tuple[tuple[str, ...], GlossaryTerm]]:
    """(English words that name the concept, the language's term) for every concept."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    english = {r["concept_en"]: r["term"] for r in rows if r["lang"] == "en"}
    found = []
    for row in rows:
        if row["lang"] != language:
            continue
        concept = row["concept_en"]
        head, _, inside = concept.partition("(")
        names = {n.strip().lower() for n in re.split(r"/|;|,", head) if n.strip()}
        names |= {n.strip().lower() for n in re.split(r"/|;|,", english.get(concept, ""))}
        first_inside = inside.split(",")[0].split(";")[0].strip(" )").lower()
        if first_inside and " " not in first_inside:
            names.add(first_inside)  # "bedenktijd", "azc"
        names = {n for n in names if len(n) > 2}
        term = GlossaryTerm(concept, row["term"], row["confidence"], row["notes"])
        found.append((tuple(sorted(names, key=len, reverse=True)), term))
    return found


def sheet_entries(catalog_path: Path, glossary: Path, language: str) -> list[SheetEntry]:
    """Every message of the catalog, in catalog order."""
    with catalog_path.open("rb") as f:
        catalog = read_po(f)
    terms = load_glossary(glossary, language)
    entries: list[SheetEntry] = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        lowered = source.lower()
        contained = tuple(
            term
            for names, term in terms
            if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", lowered) for n in names)
        )
        entries.append(
            SheetEntry(
                number=len(entries) + 1,
                source=source,
                translation=str(message.string or ""),
                button=message.context == BUTTON_CONTEXT,
                where=tuple(f"{file}:{line}" for file, line in message.locations),
                terms=contained,
                reviewed=any(REVIEW_MARK in c for c in message.user_comments),
            )
        )
    return entries


_CSS = """
body { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic", sans-serif;
  font-size: 11pt; margin: 1.5cm; }
h1 { font-size: 16pt; } .how { border: 1px solid #999; padding: .5em 1em; }
.entry { border-top: 2px solid #333; padding: .6em 0; page-break-inside: avoid; }
.label { font-size: 8pt; text-transform: uppercase; color: #555; }
.source { margin: .2em 0 .5em; } .translation { font-size: 13pt; margin: .2em 0 .5em; }
.terms { font-size: 9pt; margin: .3em 0; }
.terms td { padding: 0 .6em .2em 0; vertical-align: top; }
.low { color: #b00020; } .mark { margin-top: .4em; } .box { display: inline-block; width: 1em;
  height: 1em; border: 1px solid #000; vertical-align: middle; margin-inline-end: .3em; }
.change { border-bottom: 1px dotted #000; height: 2.2em; }
.where { font-size: 8pt; color: #555; }
"""


def render_sheet(entries: list[SheetEntry], language: str, today: date) -> str:
    """The sheet as one HTML page (print it, or open the PDF)."""
    e = html.escape
    dir_ = direction(language)
    done = sum(1 for x in entries if x.reviewed)
    parts = [
        "<!doctype html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>Hulproute review: {e(language)}'
        f"</title><style>{_CSS}</style></head><body>",
        f"<h1>Hulproute: review of the {e(native_name(language))} ({e(language)}) texts</h1>",
        f"<p>{len(entries)} messages, {done} reviewed before. Printed {today.isoformat()}. "
        f"The translations were drafted by a machine ({e(MACHINE_DRAFT_MARK)}).</p>",
        '<div class="how"><p><b>How to review.</b> Read each English text and its translation. '
        "Is it correct, clear and kind for a frightened person who reads little? Are the key "
        "terms right (the glossary's term is shown; a red one is uncertain)? Never use a word for "
        "smuggling for trafficking, and never a slur or a word for prostitute. Tick OK, or write "
        "the better text. Keep every %(...)s exactly: the bot puts a phone number or a name "
        "there. Dutch words in brackets stay Dutch.</p></div>",
    ]
    for x in entries:
        terms = "".join(
            f"<tr><td>{e(t.concept)}</td>"
            f'<td dir="{dir_}" lang="{e(language)}">{e(t.term)}</td>'
            f'<td class="{"low" if t.confidence != "high" else ""}">{e(t.confidence)}</td>'
            f"<td>{e(t.notes[:160])}</td></tr>"
            for t in x.terms
        )
        state = "reviewed" if x.reviewed else "not reviewed yet"
        parts.append(
            f'<div class="entry"><div class="label">#{x.number} · '
            f"{'button' if x.button else 'message'} · {state}</div>"
            f'<div class="label">English</div><div class="source">{e(x.source)}</div>'
            f'<div class="label">{e(native_name(language))}</div>'
            f'<div class="translation" dir="{dir_}" lang="{e(language)}">'
            f"{e(x.translation) or '<i>(missing)</i>'}</div>"
            + (f'<table class="terms">{terms}</table>' if terms else "")
            + f'<div class="where">Shown by: {e(", ".join(x.where))}</div>'
            '<div class="mark"><span class="box"></span>OK &nbsp; <span class="box"></span>'
            'Change to:</div><div class="change"></div></div>'
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def write_sheet(language: str, out: Path, pdf: bool = True) -> list[Path]:
    """Write review-<language>.html (and .pdf, with Chromium) into `out`; the files written.
    ValueError for a language without a translated catalog; CardError when printing fails."""
    from bot.find_help.card import write_pdf
    from bot.language.codes import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES
    from bot.settings import Settings

    if language not in SUPPORTED_LANGUAGES or language == SOURCE_LANGUAGE:
        raise ValueError(f"no translated catalog for {language!r}")
    settings = Settings.from_env()
    catalog = settings.locale_dir / language / "LC_MESSAGES" / "messages.po"
    entries = sheet_entries(catalog, settings.facts_dir / "glossary.tsv", language)
    page = render_sheet(entries, language, date.today())
    out.mkdir(parents=True, exist_ok=True)
    written = [out / f"review-{language}.html"]
    written[0].write_text(page, encoding="utf-8")
    if pdf:
        written.append(out / f"review-{language}.pdf")
        write_pdf(page, written[1], settings.chromium)
    return written
