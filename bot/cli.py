"""`hulproute`: the project's command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.languages import SUPPORTED_LANGUAGES


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.supervisor import run_all

    token = os.environ.get("RASA_API_TOKEN") or None
    return run_all(Path(args.model), token)


def _cmd_languages(args: argparse.Namespace) -> int:
    from bot.languages import direction, native_name

    rows = [
        {"code": c, "name": native_name(c), "direction": direction(c)} for c in SUPPORTED_LANGUAGES
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['code']}\t{row['direction']}\t{row['name']}")
    return 0


def _cmd_detect(args: argparse.Namespace) -> int:
    from bot.language_detection import LanguageDetector
    from bot.settings import Settings

    settings = Settings.from_env()
    detector = LanguageDetector.from_nlu_dir(
        settings.nlu_dir, SUPPORTED_LANGUAGES, corpus_dir=settings.facts_dir / "langid"
    )
    print(json.dumps(detector.detect(args.text).as_dict(), ensure_ascii=False))
    return 0


def _cmd_i18n_report(args: argparse.Namespace) -> int:
    from bot.settings import Settings
    from bot.translation_report import write_report

    settings = Settings.from_env()
    states = write_report(settings.locale_dir, settings.nlu_dir, Path(args.out))
    incomplete = [s.language for s in states if not s.complete]
    print(f"wrote {args.out}; incomplete: {', '.join(incomplete) or 'none'}")
    return 1 if incomplete else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="hulproute", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start action server, Rasa and the web chat")
    run.add_argument("--model", required=True, help="trained model (.tar.gz)")
    run.set_defaults(func=_cmd_run)

    languages = commands.add_parser("languages", help="list the supported languages")
    languages.add_argument("--json", action="store_true")
    languages.set_defaults(func=_cmd_languages)

    detect = commands.add_parser("detect-language", help="detect the language of a text")
    detect.add_argument("text")
    detect.set_defaults(func=_cmd_detect)
    report = commands.add_parser("i18n-report", help="write docs/translations.md")
    report.add_argument("--out", default="docs/translations.md")
    report.set_defaults(func=_cmd_i18n_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `hulproute` command."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
