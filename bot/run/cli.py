"""`hulproute`: the project's command line."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.language.codes import SUPPORTED_LANGUAGES

if TYPE_CHECKING:
    from bot.core import Core


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.run.local import run_all
    from bot.settings import Settings

    return run_all(Path(args.model), Settings.from_env().api_token is not None)


def _cmd_scale_out(args: argparse.Namespace) -> int:
    from bot.run.scaled import Layout, default_run_dir, run

    layout = Layout(
        rasa_replicas=args.rasa,
        action_replicas=args.actions,
        proxy_port=args.proxy_port,
        action_proxy_port=args.action_proxy_port,
        web_port=args.web_port,
        rasa_port_prefix=args.rasa_port_prefix,
        action_port_prefix=args.action_port_prefix,
    )
    return run(layout, Path(args.model), Path(args.run_dir) if args.run_dir else default_run_dir())


def _cmd_languages(args: argparse.Namespace) -> int:
    from bot.language.codes import direction, native_name

    rows = [
        {"code": c, "name": native_name(c), "direction": direction(c)} for c in SUPPORTED_LANGUAGES
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['code']}\t{row['direction']}\t{row['name']}")
    return 0


def _core(args: argparse.Namespace) -> Core:
    """The core objects, with the database the command line names (if it names one)."""
    from bot.core import Core
    from bot.settings import Settings

    settings = Settings.from_env()
    url = getattr(args, "database_url", None)
    return Core(dataclasses.replace(settings, database_url=url) if url else settings)


def _cmd_detect(args: argparse.Namespace) -> int:
    detection = _core(args).language_detector.detect(args.text)
    print(json.dumps(detection.as_dict(), ensure_ascii=False))
    return 0


def _cmd_i18n_report(args: argparse.Namespace) -> int:
    from bot.i18n.readability import MAX_WORDS
    from bot.i18n.report import too_long, write_report
    from bot.settings import Settings

    settings = Settings.from_env()
    states = write_report(settings.locale_dir, settings.nlu_dir, Path(args.out))
    incomplete = [s.language for s in states if not s.complete]
    print(f"wrote {args.out}; incomplete: {', '.join(incomplete) or 'none'}")
    long_texts = too_long(settings.locale_dir)
    for text in long_texts:
        print(f"over {MAX_WORDS} words: {text[:80]}...")
    return 1 if incomplete or long_texts else 0


def _cmd_review_sheet(args: argparse.Namespace) -> int:
    from bot.find_help.card import CardError
    from bot.i18n.review_sheet import write_sheet

    try:
        for path in write_sheet(args.lang, Path(args.out), pdf=not args.no_pdf):
            print(f"wrote {path}")
    except (ValueError, CardError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _cmd_directory(args: argparse.Namespace) -> int:
    from datetime import date

    from sqlalchemy.orm import Session

    from bot.db.database import make_engine
    from bot.find_help.directory import store
    from bot.find_help.directory.records import DirectoryDataError, dump_directory, load_directory
    from bot.settings import Settings

    settings = Settings.from_env()
    facts = settings.facts_dir
    data_file = Path(args.file) if args.file else facts / "directory.yml"
    engine = make_engine(args.database_url or settings.database_url)
    try:
        if args.action in ("build", "import"):
            directory = load_directory(data_file)
            if args.action == "build" or not store.database_is_built(engine):
                store.build_database(engine, directory, facts / "places")
            else:
                with Session(engine, future=True) as session, session.begin():
                    store.import_directory(session, directory)
            count = sum(1 for _ in directory.services())
            print(f"imported {len(directory.organisations)} organisations, {count} services")
            return 0
        if args.action == "export":
            with Session(engine, future=True) as session:
                text = dump_directory(store.export_directory(session))
            if args.file:
                data_file.write_text(text, encoding="utf-8")
                print(f"wrote {data_file}")
            else:
                sys.stdout.write(text)
            return 0
        # check
        today = date.fromisoformat(args.today) if args.today else date.today()
        with Session(engine, future=True) as session:
            findings = store.check_directory(session, today)
        # The residence rules are facts too: list those nobody has compared with their source.
        from bot.residence.rules import load_rules, unchecked_rules

        rules = load_rules(facts / "residence_rules.yml")
        findings += [
            store.Finding(f"residence rule {key}", "not yet checked against its source")
            for key in unchecked_rules(rules)
        ]
        for finding in findings:
            print(f"{finding.record}: {finding.problem}")
        print(
            f"{len(findings)} record(s) to check" if findings else "all records sourced and fresh"
        )
        return 1 if findings else 0
    except DirectoryDataError as error:
        print(f"{data_file}: {error}", file=sys.stderr)
        return 2


def _cmd_route(args: argparse.Namespace) -> int:
    from bot.find_help.report import route_report

    core = _core(args)
    report = route_report(args.place, args.lang, core)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif args.beside and args.beside != args.lang:
        other = route_report(args.place, args.beside, core)
        print(side_by_side(report["text"], other["text"], args.beside))
    else:
        print(report["text"])
    return 0 if report["status"] == "found" else 1


def _cmd_explain(args: argparse.Namespace) -> int:
    from bot.language.codes import direction
    from bot.residence.explainer import EXPLANATION_RESPONSE
    from bot.residence.rules import Answers, explain

    core = _core(args)
    answers = Answers(eu=args.eu, asylum=args.asylum, minor=args.minor, reported=args.reported)
    explanation = explain(answers, core.residence_rules)
    translator, renderer = core.translator, core.renderer
    data = explanation.as_dict()
    text = renderer.render(EXPLANATION_RESPONSE, args.lang, {"explanation": json.dumps(data)})
    if not args.json:
        if args.beside and args.beside != args.lang:
            beside = renderer.render(
                EXPLANATION_RESPONSE, args.beside, {"explanation": json.dumps(data)}
            )
            print(side_by_side(text["text"], beside["text"], args.beside))
        else:
            print(text["text"])
        return 0
    params = renderer.contact_params(args.lang)
    for step in data["steps"]:
        step["says_text"] = translator.gettext(args.lang, step["says"], params)
    data.update(language=args.lang, direction=direction(args.lang), text=text["text"])
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _cmd_card(args: argparse.Namespace) -> int:
    from bot.find_help.answer import HELP_ROUTE, answer_help_nearby
    from bot.find_help.card import CardError, card_html, card_steps, card_svg, write_pdf
    from bot.find_help.card_audio import write_card_audio

    core = _core(args)
    answer = answer_help_nearby(core.place_index, [args.place], None)
    if answer.response != HELP_ROUTE or answer.municipality is None:
        choices = ", ".join(m.name for m in answer.choices) or "no municipality"
        print(f"{args.place!r} is not one place ({choices}); name the town", file=sys.stderr)
        return 1
    route = core.lookup.route(answer.municipality.code)
    if route is None:
        return 1
    translator = core.translator
    steps = card_steps(route, core.residence_rules, args.lang, translator)
    out = Path(args.out)
    audio = None
    if args.audio:  # the card read aloud, beside it: card-ar.wav for card-ar.pdf
        try:
            audio = write_card_audio(route, steps, args.lang, translator, out.with_suffix(".wav"))
        except CardError as error:
            print(f"no audio: {error}", file=sys.stderr)
    try:
        if out.suffix == ".svg":
            out.write_text(card_svg(steps, args.lang), encoding="utf-8")
        else:
            playable = None if out.suffix == ".pdf" else audio  # a printed page plays nothing
            page = card_html(route, steps, args.lang, translator, args.chat_url, audio=playable)
            if out.suffix == ".pdf":
                write_pdf(page, out, core.settings.chromium)
            else:
                out.write_text(page, encoding="utf-8")
    except CardError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"wrote {out} ({route.municipality.name}, {args.lang})")
    return 0


def side_by_side(text: str, other: str, other_language: str) -> str:
    """Outreach mode on the command line: each paragraph, then the same in `other_language`."""
    parts, others = text.split("\n\n"), other.split("\n\n")
    if len(parts) != len(others):
        return f"{text}\n\n[{other_language}]\n{other}"
    indent = "    "
    return "\n\n".join(
        f"{part}\n{indent}[{other_language}] " + other_part.replace("\n", "\n" + indent)
        for part, other_part in zip(parts, others, strict=True)
    )


def _cmd_self_check(args: argparse.Namespace) -> int:
    from bot.language.codes import direction
    from bot.self_check.dialogue import decode
    from bot.self_check.questions import assess
    from bot.self_check.text import result_text

    core = _core(args)
    questions = core.self_check_questions
    answers = decode(args.answers.replace("=", ":"), questions)
    wrong = [a for a in args.answers.split(",") if a and a.split("=")[0] not in answers]
    if wrong:
        print(f"unknown: {wrong}; questions: {', '.join(questions)}", file=sys.stderr)
        print("answers: yes, no, unsure, skip", file=sys.stderr)
        return 2
    result = assess(answers, questions)
    text = result_text(result.as_dict(), args.lang, core.translator)
    if args.json:
        data = {**result.as_dict(), "language": args.lang, "direction": direction(args.lang)}
        data["text"] = text
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from datetime import date

    from sqlalchemy import inspect

    from bot.db.database import make_engine
    from bot.usage import counts

    try:
        since = date.fromisoformat(args.since)
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError:
        print("dates are written YYYY-MM-DD, e.g. --since 2026-01-01", file=sys.stderr)
        return 2
    engine = make_engine(args.database_url or _core(args).settings.statistics_database_url)
    if not inspect(engine).has_table("daily_counts"):
        print("no statistics yet: the database has no daily_counts table", file=sys.stderr)
        return 1
    try:
        result = counts.report(engine, since, until, args.min_count)
    except ValueError as error:  # a minimum count below the lowest allowed
        print(f"--min-count: {error}", file=sys.stderr)
        return 2
    if args.json:
        rows = [
            {**cell.__dict__, "day": cell.day.isoformat(), "count": count}
            for cell, count in result.rows
        ]
        data = {
            "format": "hulproute.stats/1",
            "since": since.isoformat(),
            "until": until.isoformat() if until else None,
            "min_count": result.min_count,
            "hidden_cells": result.hidden_cells,
            "rows": rows,
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print("day\tlanguage\tfamily\tregion\tconversations")
    for cell, count in result.rows:
        print(f"{cell.day}\t{cell.language}\t{cell.family}\t{cell.region}\t{count}")
    print(
        f"# {result.hidden_cells} cells with fewer than {result.min_count} conversations are "
        "not shown (k-anonymity); there are no totals, so they cannot be worked out.",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="hulproute", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start action server, Rasa and the web chat")
    run.add_argument("--model", required=True, help="trained model (.tar.gz)")
    run.set_defaults(func=_cmd_run)

    scale = commands.add_parser(
        "scale-out", help="N Rasa replicas and M action servers behind nginx (Redis shared)"
    )
    scale.add_argument("--model", required=True, help="trained model (.tar.gz)")
    scale.add_argument("--rasa", type=int, default=2, help="Rasa replicas (ports 5100, 5101, ...)")
    scale.add_argument("--actions", type=int, default=2, help="action servers (5200, 5201, ...)")
    scale.add_argument("--proxy-port", type=int, default=8000, help="nginx: what people use")
    scale.add_argument("--web-port", type=int, default=8080, help="the web chat, behind nginx")
    scale.add_argument("--action-proxy-port", type=int, default=5050, help="nginx, for Rasa")
    scale.add_argument("--rasa-port-prefix", default="51", help="Rasa replica n: prefix + 0n")
    scale.add_argument("--action-port-prefix", default="52", help="action server n: prefix + 0n")
    scale.add_argument("--run-dir", help="configuration, logs, sockets (default var/run)")
    scale.set_defaults(func=_cmd_scale_out)

    languages = commands.add_parser("languages", help="list the supported languages")
    languages.add_argument("--json", action="store_true")
    languages.set_defaults(func=_cmd_languages)

    detect = commands.add_parser("detect-language", help="detect the language of a text")
    detect.add_argument("text")
    detect.set_defaults(func=_cmd_detect)
    directory = commands.add_parser(
        "directory", help="the help directory database: build, import, export, check"
    )
    directory.add_argument("action", choices=["build", "import", "export", "check"])
    directory.add_argument(
        "--file", help="data file (default facts/directory.yml; export: stdout if not given)"
    )
    directory.add_argument("--database-url", help="default: DATABASE_URL or var/directory.sqlite")
    directory.add_argument("--today", help="check: the date to measure age against (YYYY-MM-DD)")
    directory.set_defaults(func=_cmd_directory)

    route = commands.add_parser("route", help="the help route for a place, in a language")
    route.add_argument("--place", required=True, help="a town, in any script")
    route.add_argument("--lang", default="en", choices=SUPPORTED_LANGUAGES)
    route.add_argument("--json", action="store_true", help="format hulproute.route/1")
    route.add_argument(
        "--beside", choices=SUPPORTED_LANGUAGES, help="outreach mode: each paragraph also in this"
    )
    route.add_argument("--database-url", help="default: DATABASE_URL or var/directory.sqlite")
    route.set_defaults(func=_cmd_route)

    card = commands.add_parser("card", help="a help card (PDF, HTML or SVG) for a place")
    card.add_argument("--place", required=True)
    card.add_argument("--lang", default="en", choices=SUPPORTED_LANGUAGES)
    card.add_argument("--out", required=True, help="card.pdf, card.html or card.svg")
    card.add_argument("--chat-url", default="http://127.0.0.1:8080/", help="for the QR code")
    card.add_argument("--database-url", help="default: DATABASE_URL or var/directory.sqlite")
    card.add_argument("--audio", action="store_true", help="and the card read aloud (.wav)")
    card.set_defaults(func=_cmd_card)

    from bot.residence.rules import QUESTIONS, UNKNOWN

    explain = commands.add_parser(
        "explain", help="what the residence rules mean for an anonymous situation"
    )
    explain.add_argument("--lang", default="en", choices=SUPPORTED_LANGUAGES)
    for question, answers in QUESTIONS.items():
        explain.add_argument(f"--{question}", choices=answers, default=UNKNOWN)
    explain.add_argument("--json", action="store_true", help="format hulproute.residence/1")
    explain.add_argument(
        "--beside", choices=SUPPORTED_LANGUAGES, help="outreach mode: each paragraph also in this"
    )
    explain.set_defaults(func=_cmd_explain)

    check = commands.add_parser(
        "self-check", help="what self-check answers show (e.g. --answers passport=yes,debt=unsure)"
    )
    check.add_argument("--lang", default="en", choices=SUPPORTED_LANGUAGES)
    check.add_argument("--answers", default="", help="question=yes|no|unsure|skip, comma-separated")
    check.add_argument("--json", action="store_true", help="format hulproute.self-check/1")
    check.set_defaults(func=_cmd_self_check)

    from bot.usage.counts import DEFAULT_MIN_COUNT, LOWEST_MIN_COUNT

    stats = commands.add_parser(
        "stats", help="anonymous counts of conversations per day, language, topic and region"
    )
    stats.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
    stats.add_argument("--until", help="last day, YYYY-MM-DD (default: today)")
    stats.add_argument(
        "--min-count",
        type=int,
        default=DEFAULT_MIN_COUNT,
        help=f"hide smaller counts (k-anonymity; at least {LOWEST_MIN_COUNT})",
    )
    stats.add_argument("--json", action="store_true", help="format hulproute.stats/1")
    stats.add_argument(
        "--database-url",
        help="default: STATISTICS_DATABASE_URL, DATABASE_URL or var/counts.sqlite",
    )
    stats.set_defaults(func=_cmd_stats)

    sheet = commands.add_parser(
        "review-sheet", help="a printable sheet (HTML and PDF) to review one language's texts"
    )
    sheet.add_argument("--lang", required=True, help="language code, e.g. ti")
    sheet.add_argument("--out", default="review", help="folder for review-<lang>.html/.pdf")
    sheet.add_argument("--no-pdf", action="store_true", help="only the HTML (no Chromium)")
    sheet.set_defaults(func=_cmd_review_sheet)

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
