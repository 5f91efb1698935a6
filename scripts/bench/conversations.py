"""`make bench-conversations`: whole conversations, turn by turn, against the real servers.

Runs every conversation of tests/conversations/{dev,test}/<lang>.yml (format: its README) over
the REST channel, and after each turn reads the conversation's state through Rasa's HTTP API:
which responses the turn gave (their names are kept in the tracker, never their text) and the
municipality slot. A turn succeeds when every expectation holds: the reply's language, the route
(the `utter_help_route` answer, the municipality, and the phone number of the route's first
contact in the text), the responses given and not given, the phone numbers, and never the
"service trouble" answer. Also measured: danger recall (turns that expect `utter_emergency`),
the first reply's language, Arabic- or Cyrillic-script messages answered in English, and the
intent accuracy of the single-message sets tests/nlu/{dev,test}/ through `/model/parse`.

The dev set is for looking and tuning; the test set is frozen and reported as test numbers.
Writes docs/benchmarks-conversations.json and section `conversations` of docs/benchmarks.md.

Usage: .venv/bin/python -m scripts.bench.conversations --model models/<hash>.tar.gz
       [--splits dev,test] [--languages nl,en] [--json PATH] [--no-doc]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

from bot.core import core
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import dominant_script, load_labelled_examples, strip_markup
from bot.run.servers import free_port, start_action_server, start_rasa, stop
from bot.settings import PROJECT_ROOT
from scripts.bench.doc import markers, write_section
from scripts.bench.limits import RAISED_GLOBAL_LIMIT

CONVERSATIONS = PROJECT_ROOT / "tests" / "conversations"
NLU = PROJECT_ROOT / "tests" / "nlu"
RAW = PROJECT_ROOT / "docs" / "benchmarks-conversations.json"
START, END = markers("conversations")
NON_LATIN = ("arabic", "cyrillic")


class Bot:
    """The REST channel and the tracker API of one running Rasa."""

    def __init__(self, port: int, token: str) -> None:
        self.base, self.token = f"http://127.0.0.1:{port}", token

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            self.base + path, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def send(self, sender: str, text: str) -> list[dict[str, Any]]:
        return self._post("/webhooks/rest/webhook", {"sender": sender, "message": text})

    def parse(self, text: str) -> dict[str, Any]:
        return self._post(f"/model/parse?token={self.token}", {"text": text})

    def tracker(self, sender: str) -> dict[str, Any]:
        url = f"{self.base}/conversations/{sender}/tracker?token={self.token}"
        with urllib.request.urlopen(url, timeout=60) as response:
            return json.loads(response.read())


def turn_responses(tracker: dict[str, Any]) -> list[str]:
    """The response names the latest turn gave (bot events after the latest user event)."""
    names: list[str] = []
    for event in reversed(tracker.get("events") or []):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                names.append(name)
    return list(reversed(names))


def route_phone(code: str) -> str | None:
    """The phone number of the first contact of a municipality's route, as the bot shows it."""
    route = core().lookup.route(code)
    if route is None or not route.contact_now:
        return None
    number = route.contact_now[0].service.phone_number
    return number.display if number else None


def shown(name: str, reply: list[dict[str, Any]]) -> bool:
    """True when the reply shows response `name` (its first paragraph, in the reply's language).
    For turns whose events the tracker no longer holds: "delete this chat" drops them."""
    language = ((reply[0].get("metadata") or {}).get("language") if reply else None) or "en"
    renderer = core().renderer
    if not renderer.has(name):
        return False
    try:
        first = renderer.render(name, language)["text"].split("\n\n")[0]
    except (KeyError, ValueError):  # a response that needs parameters (the route): not by text
        return False
    return any(first in (m.get("text") or "") for m in reply)


def failures(turn: dict[str, Any], reply: list[dict[str, Any]], state: dict[str, Any]) -> list[str]:
    """The kinds of expectation a turn missed (empty: it succeeded)."""
    expect = turn.get("expect") or {}
    text = "\n".join(m.get("text") or "" for m in reply)
    given = set(turn_responses(state))
    given |= {name for name in expect.get("responses") or [] if shown(name, reply)}
    slots = state.get("slots") or {}
    missed: list[str] = []
    if not reply or "utter_service_trouble" in given:
        return ["no_answer"]
    if "language" in expect:
        languages = {(m.get("metadata") or {}).get("language") for m in reply}
        if languages != {expect["language"]}:
            missed.append("language")
    if "route" in expect:
        phone = route_phone(expect["route"])
        if (
            "utter_help_route" not in given
            or slots.get("municipality_code") != expect["route"]
            or (phone is not None and phone not in text)
        ):
            missed.append("route")
    if "municipality" in expect and slots.get("municipality_code") != expect["municipality"]:
        missed.append("municipality")
    if not set(expect.get("responses") or []) <= given:
        missed.append("danger" if "utter_emergency" in expect["responses"] else "responses")
    if set(expect.get("not_responses") or []) & given:
        missed.append("not_responses")
    directory = {s.key: s for s in core().directory.services()}
    for key in expect.get("phones") or []:
        number = directory[key].phone_number
        if number is None or number.display not in text:
            missed.append("phones")
            break
    return missed


def run_conversations(bot: Bot, split: str, language: str) -> dict[str, Any]:
    """Every conversation of one language file; per-turn outcomes and the counts."""
    path = CONVERSATIONS / split / f"{language}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    failed: list[dict[str, Any]] = []
    for conversation in data["conversations"]:
        sender = f"bench-{uuid.uuid4().hex}"
        for number, turn in enumerate(conversation["turns"]):
            reply = bot.send(sender, turn["user"])
            state = bot.tracker(sender)
            missed = failures(turn, reply, state)
            expect = turn.get("expect") or {}
            counts["turns"] += 1
            counts["passed"] += not missed
            if "utter_emergency" in (expect.get("responses") or []):
                counts["danger_turns"] += 1
                counts["danger_found"] += "danger" not in missed and "no_answer" not in missed
            if number == 0 and "language" in expect:
                counts["first_turns"] += 1
                counts["first_right"] += "language" not in missed
            script, _ = dominant_script(turn["user"])
            if script in NON_LATIN and not turn["user"].startswith("/"):
                counts["non_latin_turns"] += 1
                english = any((m.get("metadata") or {}).get("language") == "en" for m in reply)
                counts["non_latin_in_english"] += english
            for kind in missed:
                counts[f"missed_{kind}"] += 1
            if missed:
                languages = sorted({(m.get("metadata") or {}).get("language") or "" for m in reply})
                failed.append(
                    {"id": conversation["id"], "turn": number + 1, "missed": missed,
                     "kinds": conversation.get("kinds", []), "user": turn["user"],
                     "expect": expect, "given": turn_responses(state), "languages": languages,
                     "municipality": (state.get("slots") or {}).get("municipality_code")}
                )  # fmt: skip
    return {"counts": dict(counts), "failed": failed}


def intent_accuracy(bot: Bot, split: str, language: str) -> dict[str, Any]:
    """Intent accuracy of a single-message set through the running model."""
    path = NLU / split / f"{language}.yml"
    if not path.exists():
        return {}
    pairs = load_labelled_examples(path)
    wrong = []
    for intent, text in pairs:
        predicted = (bot.parse(strip_markup(text)).get("intent") or {}).get("name")
        if predicted != intent:
            wrong.append([intent, predicted])
    return {"messages": len(pairs), "right": len(pairs) - len(wrong), "wrong": wrong}


def measure(model: Path, splits: list[str], languages: list[str]) -> dict[str, Any]:
    """Start the servers, run everything, stop them."""
    token = uuid.uuid4().hex
    workdir = Path(tempfile.mkdtemp(prefix="bench-conversations-"))
    extra = {**RAISED_GLOBAL_LIMIT, "STATISTICS_DATABASE_URL": f"sqlite:///{workdir}/s.sqlite"}
    action_port, rasa_port = free_port(), free_port()
    actions = start_action_server(action_port, workdir / "actions.log", extra)
    rasa = start_rasa(model, rasa_port, action_port, workdir, workdir / "rasa.log", token,
                      extra_env=extra)  # fmt: skip
    bot = Bot(rasa_port, token)
    results: dict[str, Any] = {"model": model.name, "splits": {}}
    try:
        for split in splits:
            per_language = {}
            for language in languages:
                if (CONVERSATIONS / split / f"{language}.yml").exists():
                    per_language[language] = {
                        **run_conversations(bot, split, language),
                        "intents": intent_accuracy(bot, split, language),
                    }
            results["splits"][split] = per_language
    finally:
        stop(rasa, actions)
    return results


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def render(results: dict[str, Any]) -> str:
    """Section `conversations` of docs/benchmarks.md: only what was measured."""
    lines = [
        START,
        "## Whole conversations (`make bench-conversations`)",
        "",
        f"Model `{results['model']}`. Each conversation of `tests/conversations/` runs over the "
        "REST channel against the real servers; a turn succeeds when every expectation of "
        "`tests/conversations/README.md` holds. The dev set is the one looked at while tuning; "
        "the test set was written before and never used to choose anything.",
    ]
    for split, per_language in results["splits"].items():
        totals: Counter[str] = Counter()
        lines += [
            "",
            f"### {split} set",
            "",
            "| language | turns | turn success | danger recall | first reply in the language "
            "| Arabic/Cyrillic script answered in English | intent accuracy (messages) |",
            "|---|---|---|---|---|---|---|",
        ]
        for language, outcome in per_language.items():
            c = Counter(outcome["counts"])
            totals.update(c)
            intents = outcome.get("intents") or {}
            totals["intent_messages"] += intents.get("messages", 0)
            totals["intent_right"] += intents.get("right", 0)
            lines.append(
                f"| {language} | {c['turns']} | {_percent(c['passed'], c['turns'])} "
                f"| {_percent(c['danger_found'], c['danger_turns'])} ({c['danger_turns']}) "
                f"| {_percent(c['first_right'], c['first_turns'])} ({c['first_turns']}) "
                f"| {c['non_latin_in_english']} of {c['non_latin_turns']} "
                f"| {_percent(intents.get('right', 0), intents.get('messages', 0))} "
                f"({intents.get('messages', 0)}) |"
            )
        lines.append(
            f"| **all** | {totals['turns']} | {_percent(totals['passed'], totals['turns'])} "
            f"| {_percent(totals['danger_found'], totals['danger_turns'])} "
            f"| {_percent(totals['first_right'], totals['first_turns'])} "
            f"| {totals['non_latin_in_english']} of {totals['non_latin_turns']} "
            f"| {_percent(totals['intent_right'], totals['intent_messages'])} |"
        )
        kinds = {k.removeprefix("missed_"): v for k, v in totals.items() if k.startswith("missed_")}
        if kinds:
            listed = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
            lines += ["", f"Missed expectations by kind ({split}): {listed}."]
        by_kind: dict[str, int] = defaultdict(int)
        for outcome in per_language.values():
            for failure in outcome["failed"]:
                for kind in failure["kinds"]:
                    by_kind[kind] += 1
        if by_kind:
            listed = ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items(), key=lambda i: -i[1]))
            lines += ["", f"Failed turns by conversation kind ({split}): {listed}."]
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    """Measure, write the JSON and the doc section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--splits", default="dev,test")
    parser.add_argument("--languages", default=",".join(SUPPORTED_LANGUAGES))
    parser.add_argument("--json", type=Path, default=RAW)
    parser.add_argument("--no-doc", action="store_true", help="write only the JSON")
    args = parser.parse_args()
    results = measure(args.model, args.splits.split(","), args.languages.split(","))
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.no_doc:
        write_section("conversations", render(results))
    print(render(results))


if __name__ == "__main__":
    main()
