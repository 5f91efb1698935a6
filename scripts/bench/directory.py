"""`make bench-directory`: place resolution and directory lookup latency -> docs/benchmarks.md.

What the find-help action does per message, timed separately and together, on SQLite (the
default) and, when one answers, PostgreSQL:
1. resolve a place name as users write it (exact names, other scripts, misspellings,
   villages, districts) to a municipality: `PlaceIndex.resolve`;
2. look up the help route for that municipality in the database: `DirectoryLookup.route`.
Target: both together under 5 ms at p95 (issue 4). Warm process (indexes loaded once, as in the
action server); every query repeated over the whole query set.

Usage: .venv/bin/python -m scripts.bench.directory [--rounds 20] [--postgres URL]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from sqlalchemy import create_engine, text

from bot.find_help.directory.lookup import DirectoryLookup
from bot.find_help.places import PlaceIndex
from bot.settings import PROJECT_ROOT
from scripts.bench.doc import markers, write_section
from scripts.bench.stats import percentile

START, END = markers("bench-directory")
QUERIES = [
    "Eindhoven", "eindhoven", "'s-Gravenhage", "Den Haag", "Ter Apel", "Budel", "Bergen NH",
    "Amsterdam", "أمستردام", "آيندهوفن", "خرونينغن", "تير آبل", "Роттердам", "Гронинген",
    "ኣምስተርዳም", "eindhofen", "amsterdm", "Maastrict", "Zwole", "Schilderswijk", "Overvecht",
    "Hengelo Gld", "Leeuwarden", "Enschede", "Vlissingen", "Assen", "Zwolle", "Utrecht",
]  # fmt: skip


def measure(lookup: DirectoryLookup, index: PlaceIndex, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {
        "find in message": [],
        "resolve": [],
        "lookup": [],
        "total": [],
    }
    for _ in range(rounds):
        for query in QUERIES:
            message = f"where can I find help in {query} please"
            t0 = time.perf_counter()
            index.find_mentions(message)  # the NLU gazetteer, in the Rasa process
            t1 = time.perf_counter()
            codes = index.resolve(query)  # the action
            t2 = time.perf_counter()
            route = lookup.route(codes[0]) if len(codes) == 1 else None
            t3 = time.perf_counter()
            assert len(codes) != 1 or route is not None, query
            times["find in message"].append((t1 - t0) * 1000)
            times["resolve"].append((t2 - t1) * 1000)
            times["lookup"].append((t3 - t2) * 1000)
            times["total"].append((t3 - t0) * 1000)
    return times


def rows(name: str, times: dict[str, list[float]]) -> list[str]:
    return [
        f"| {name} | {part} | {statistics.median(v):.2f} | {percentile(v, 95):.2f} "
        f"| {max(v):.2f} |"
        for part, v in times.items()
    ]


def postgres_available(url: str) -> bool:
    try:
        with create_engine(url, future=True).connect() as connection:
            connection.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001 - no server: the table says so
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    facts = PROJECT_ROOT / "facts"
    started = time.perf_counter()
    index = PlaceIndex.from_dir(facts / "places")
    index.find_mentions("warm up")  # builds the spaCy gazetteer
    index_seconds = time.perf_counter() - started
    table = ["| database | step | median ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    sqlite = DirectoryLookup.open(facts, f"sqlite:///{PROJECT_ROOT / 'var' / 'bench.sqlite'}")
    measure(sqlite, index, 2)  # warm-up
    table += rows("SQLite (file)", measure(sqlite, index, args.rounds))
    postgres_note = "PostgreSQL: no server answered, not measured."
    if postgres_available(args.postgres):
        admin = create_engine(args.postgres, future=True, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS hulproute_bench WITH (FORCE)"))
            connection.execute(text("CREATE DATABASE hulproute_bench"))
        url = args.postgres.rsplit("/", 1)[0] + "/hulproute_bench"
        postgres = DirectoryLookup.open(facts, url)
        measure(postgres, index, 2)
        table += rows("PostgreSQL 15 (local, TCP)", measure(postgres, index, args.rounds))
        postgres.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE hulproute_bench WITH (FORCE)"))
        postgres_note = "PostgreSQL: a fresh database on the local server, built the same way."
    n = len(QUERIES) * args.rounds
    section = "\n".join(
        [
            START,
            "## Place resolution and directory lookup (`make bench-directory`)",
            "",
            'What happens per "help near X" message: the NLU gazetteer finds the place in the '
            f"message, the action resolves it ({len(QUERIES)} ways of writing places: exact, "
            "Arabic/Persian/Cyrillic/Ge'ez script, misspelled, villages, districts) and looks up "
            f"the route in the database. {n} timed messages per database, warm process. "
            "Target (issue 4): total under 5 ms at p95.",
            "",
            *table,
            "",
            f"Building the place index and gazetteer once at start-up: {index_seconds:.2f} s. "
            f"{postgres_note}",
            f"Machine: {platform.processor() or platform.machine()}, Python "
            f"{platform.python_version()}; {time.strftime('%Y-%m-%d')}.",
            END,
        ]
    )
    write_section("bench-directory", section)
    print(section)
    (PROJECT_ROOT / "var" / "bench.sqlite").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
