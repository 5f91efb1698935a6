"""Anonymous aggregate statistics: how many conversations, per day, by language, topic and region.

Why: municipalities say trafficking does not happen within their borders; counts of people who
asked for help, in which language and about what, are evidence they can act on. What is kept is
only a count per cell (day, language, intent family, region), never anything per conversation:
no conversation id, no time of day, no text, no sequence of topics.

- A conversation (a Rasa session) is counted once it is real: at its second user message
  (a typed message or a button). A request with a new conversation id each time (a flood, a
  probe, a page opened and left) writes one message and is never counted; the cost is that a
  person who writes once and leaves is not counted either. Then it adds 1 to the cell of family
  `conversation`, and 1 to the cell of each intent family the first time that family comes up
  in it (the first message's family included).
- The region is the province of the municipality the person asked help for, once they named
  one (before or in that turn); `unknown` otherwise. Because a person often asks for help first
  and names the town in a later message, naming a town adds 1 to the family `place` with its
  province, once per province per conversation. The day is the date in the Netherlands.
- `report` hides every cell below a minimum count (k-anonymity, default 10, never below 5) and
  prints no totals, so a hidden cell cannot be worked out by subtraction.

Counts are kept in memory and added to the database (table `daily_counts`, Alembic migration
0003) every few seconds by `StatisticsRecorder`; what is in memory when a process is killed is
lost, which errs on the side of counting less.
"""

from __future__ import annotations

import csv
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.settings import PROJECT_ROOT

CONVERSATION = "conversation"
PLACE = "place"  # a town was named: the family that carries the region
UNKNOWN = "unknown"
DEFAULT_MIN_COUNT = 10
LOWEST_MIN_COUNT = 5
NETHERLANDS = ZoneInfo("Europe/Amsterdam")

# Intent -> family, as a policy maker would group them. Intents not listed (greetings, yes/no,
# button answers, language choice, out of scope) are part of a conversation but not a topic.
INTENT_FAMILIES: dict[str, str] = {
    "emergency": "danger",
    "disclose_exploitation": "disclosure",
    "self_check": "self_check",
    "find_help_nearby": "help_nearby",
    "inform_place": "help_nearby",
    "ask_help": "help",
    "ask_shelter": "shelter",
    "ask_medical": "medical",
    "ask_legal_aid": "legal_aid",
    "ask_residence": "residence",
    "ask_report_police": "reporting",
    "ask_lgbt": "lgbt",
    "inform_minor": "minor",
    "ask_anonymity": "privacy",
    "delete_conversation": "privacy",
}


@dataclass(frozen=True)
class Cell:
    """One count's coordinates: nothing finer is ever kept."""

    day: date
    language: str
    family: str
    region: str


@dataclass(frozen=True)
class Turn:
    """What the counting needs of one user message of the current session."""

    intent: str | None
    timestamp: float
    municipality_before: str | None = None  # the municipality known when the message came


def families_to_count(
    session_turns: Sequence[Turn], municipality_now: str | None = None
) -> list[str]:
    """The families the latest turn adds: `conversation` for the first message of a session;
    the latest intent's family unless an earlier turn of the session already had it; and
    `place` when this turn named a town in a province the session had not named before."""
    if not session_turns:
        return []
    *earlier, latest = session_turns
    counted = [] if earlier else [CONVERSATION]
    family = INTENT_FAMILIES.get(latest.intent or "")
    if family and family not in {INTENT_FAMILIES.get(t.intent or "") for t in earlier}:
        counted.append(family)
    province = region_of(municipality_now)
    known_before = {region_of(t.municipality_before) for t in session_turns}
    if (
        province != UNKNOWN
        and municipality_now != latest.municipality_before
        and province not in known_before
    ):
        counted.append(PLACE)
    return counted


def day_in_netherlands(timestamp: float) -> date:
    """The Dutch calendar day of a Unix timestamp (what a policy maker calls 'that day')."""
    return datetime.fromtimestamp(timestamp, NETHERLANDS).date()


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """CBS municipality code (GM0772) -> province, from the public 2025 municipality list."""
    path = PROJECT_ROOT / "facts" / "places" / "municipalities-2025.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["gm_code"]: row["provincie"] for row in csv.DictReader(handle)}


def region_of(municipality_code: str | None) -> str:
    """The province of a municipality, or `unknown`."""
    return provinces().get(municipality_code or "", UNKNOWN)


MIN_TURNS = 2  # a conversation is counted from its second user message


def cells_for_turn(
    session_turns: Sequence[Turn], language: str | None, municipality_code: str | None
) -> list[Cell]:
    """The cells the latest turn of a session adds 1 to: nothing before the conversation is
    real (`MIN_TURNS`), then the first turns' families at once, then each turn's own."""
    if len(session_turns) < MIN_TURNS:
        return []
    families = families_to_count(session_turns, municipality_code)
    if len(session_turns) == MIN_TURNS:
        first = families_to_count(session_turns[:1], session_turns[1].municipality_before)
        families = first + [f for f in families if f not in first]
    if not families:
        return []
    day = day_in_netherlands(session_turns[-1].timestamp)
    region = region_of(municipality_code)
    return [Cell(day, language or UNKNOWN, family, region) for family in families]


# --- storage ------------------------------------------------------------------------------------


def add_counts(engine: Engine, counts: Counter[Cell]) -> None:
    """Add `counts` to the table in one transaction. An upsert ("insert, or add to the count")
    on PostgreSQL and SQLite, so replicas flushing the same cell at once both count."""
    from bot.usage.schema import DailyCount

    if not counts:
        return
    table = DailyCount.__table__
    insert = _dialect_insert(engine.dialect.name)
    with Session(engine, future=True) as session, session.begin():
        for cell, amount in sorted(counts.items(), key=lambda item: _key(item[0])):
            values = {**cell.__dict__, "count": amount}
            if insert is not None:
                statement = insert(table).values(**values)
                statement = statement.on_conflict_do_update(
                    index_elements=["day", "language", "family", "region"],
                    set_={"count": table.c.count + statement.excluded.count},
                )
                session.execute(statement)
            else:  # other databases: read, then write, under a row lock
                row = session.get(DailyCount, _key(cell), with_for_update=True)
                if row is None:
                    session.add(DailyCount(**values))
                else:
                    row.count += amount


def _dialect_insert(dialect: str):  # type: ignore[no-untyped-def]
    """The `insert` with ON CONFLICT of PostgreSQL or SQLite; None for other databases."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        return None
    return insert


def _key(cell: Cell) -> tuple[date, str, str, str]:
    return (cell.day, cell.language, cell.family, cell.region)


class StatisticsRecorder:
    """Collects counts in memory and adds them to the database at most every `flush_seconds`.

    Thread-safe: Rasa calls `add` from its event loop, `flush` runs in a worker thread."""

    def __init__(self, engine: Engine, flush_seconds: float = 10.0) -> None:
        self.engine = engine
        self.flush_seconds = flush_seconds
        self._pending: Counter[Cell] = Counter()
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._last_flush = time.monotonic()

    def add(self, cells: Iterable[Cell]) -> None:
        with self._lock:
            self._pending.update(cells)

    def has_pending(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def flush_due(self) -> bool:
        return self.has_pending() and time.monotonic() - self._last_flush >= self.flush_seconds

    def mark_attempt(self) -> None:
        """Start the interval again (a write was just started)."""
        self._last_flush = time.monotonic()

    def flush(self) -> None:
        """Write what is pending; on a database error the counts are put back for next time."""
        with self._flush_lock:
            with self._lock:
                batch, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
            try:
                add_counts(self.engine, batch)
            except Exception:
                with self._lock:
                    self._pending.update(batch)
                raise


def ensure_schema(engine: Engine) -> None:
    """Create the table on a new database (the default SQLite file); a database that already
    has it (PostgreSQL built with `hulproute directory build`) is left as it is."""
    from sqlalchemy import inspect

    from bot.db.database import upgrade

    if not inspect(engine).has_table("daily_counts"):
        upgrade(engine)


# --- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """Cells at or above the minimum count, and how many were hidden (not their counts)."""

    rows: list[tuple[Cell, int]]
    hidden_cells: int
    min_count: int


def report(engine: Engine, since: date, until: date | None, min_count: int) -> Report:
    """The published view of the counts: small cells are hidden."""
    from bot.usage.schema import DailyCount

    if min_count < LOWEST_MIN_COUNT:
        raise ValueError(f"the minimum count must be at least {LOWEST_MIN_COUNT}")
    query = select(DailyCount).where(DailyCount.day >= since)
    if until is not None:
        query = query.where(DailyCount.day <= until)
    rows, hidden = [], 0
    with Session(engine, future=True) as session:
        for row in session.scalars(query):
            cell = Cell(row.day, row.language, row.family, row.region)
            if row.count >= min_count:
                rows.append((cell, int(row.count)))
            else:
                hidden += 1
    rows.sort(key=lambda item: (_key(item[0]), -item[1]))
    return Report(rows, hidden, min_count)
