"""Write drafted translations into the catalogs, marked machine-drafted.

    .venv/bin/python scripts/fill_translations.py drafts.yml

`drafts.yml` maps each English source text (msgid; a button title as `button|<title>`) to its
translations: `{"<msgid>": {"nl": "...", "ar": "...", ...}}`. Each entry is written into
locales/<lang>/LC_MESSAGES/messages.po with the translator comment "machine-drafted: needs
review by a native speaker" (docs/translations.md counts these) and without a fuzzy flag.
Run `make i18n` first, so the msgids are in the catalogs. Fails on a msgid a catalog lacks
and on a translation whose %(placeholders)s differ from the source's.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
MACHINE_DRAFTED = "machine-drafted: needs review by a native speaker"
_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def fill(drafts: dict[str, dict[str, str]], locale_dir: Path = ROOT / "locales") -> int:
    """Write every draft; returns how many entries were written."""
    by_language: dict[str, dict[str, str]] = {}
    for key, translations in drafts.items():
        for language, text in translations.items():
            by_language.setdefault(language, {})[key] = text
    written = 0
    for language, entries in sorted(by_language.items()):
        path = locale_dir / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for key, text in entries.items():
            context, _, msgid = key.rpartition("|") if key.startswith("button|") else ("", "", key)
            message = catalog.get(msgid, context=context or None)
            if message is None:
                raise SystemExit(f"{path}: no msgid {key!r} (run `make i18n` first)")
            if sorted(_PLACEHOLDER.findall(text)) != sorted(_PLACEHOLDER.findall(msgid)):
                raise SystemExit(f"{path}: placeholders differ for {key!r}: {text!r}")
            message.string = text
            message.flags.discard("fuzzy")
            message.user_comments = [MACHINE_DRAFTED]
            written += 1
        with path.open("wb") as handle:
            write_po(handle, catalog, width=None, sort_by_file=True, ignore_obsolete=True)
    return written


def main() -> None:
    """Read the drafts file named on the command line and write it into the catalogs."""
    drafts = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
    sys.stdout.write(f"wrote {fill(drafts)} translations\n")


if __name__ == "__main__":
    main()
