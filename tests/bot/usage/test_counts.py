"""Anonymous statistics: what is counted, that nothing finer than a count is kept, and that
small counts never reach a report (real SQLite and the local PostgreSQL through SQLAlchemy)."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections import Counter
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import inspect, text

from bot.db.database import make_engine, upgrade
from bot.usage import counts
from bot.usage.counts import CONVERSATION, PLACE, Cell, Turn, cells_for_turn, families_to_count
from tests.services import postgres_admin_engine

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=counts.NETHERLANDS).timestamp()


def _turns(*intents: str) -> list[Turn]:
    return [Turn(intent, NOON + i) for i, intent in enumerate(intents)]


def test_a_conversation_is_counted_once_when_it_starts():
    assert families_to_count(_turns("greet")) == [CONVERSATION]
    assert families_to_count(_turns("greet", "thank")) == []


def test_each_topic_counts_once_per_conversation():
    assert families_to_count(_turns("emergency")) == [CONVERSATION, "danger"]
    assert families_to_count(_turns("greet", "find_help_nearby")) == ["help_nearby"]
    # "help in Zwolle" then "and in Venlo?": the same topic, not a second conversation about it
    assert families_to_count(_turns("find_help_nearby", "inform_place")) == []
    assert families_to_count(_turns("find_help_nearby", "self_check")) == ["self_check"]


def test_the_region_is_the_province_of_the_municipality_asked_about():
    cells = cells_for_turn(_turns("greet", "find_help_nearby"), "ti", "GM0772")  # Eindhoven
    assert cells == [
        Cell(date(2026, 3, 2), "ti", CONVERSATION, "Noord-Brabant"),
        Cell(date(2026, 3, 2), "ti", "help_nearby", "Noord-Brabant"),
        Cell(date(2026, 3, 2), "ti", PLACE, "Noord-Brabant"),
    ]
    assert cells_for_turn(_turns("greet", "ask_residence"), None, None)[1].region == "unknown"
    assert cells_for_turn(_turns("greet", "ask_residence"), None, None)[1].language == "unknown"


def test_a_conversation_is_counted_from_its_second_message_with_its_first_topic():
    # One message with a new conversation id each time (a flood, a probe) counts nothing.
    assert cells_for_turn(_turns("emergency"), "en", None) == []
    cells = cells_for_turn(_turns("emergency", "thank"), "en", None)
    assert [c.family for c in cells] == [CONVERSATION, "danger"]
    later = cells_for_turn(_turns("emergency", "thank", "ask_residence"), "en", None)
    assert [c.family for c in later] == ["residence"]
    # A town named in the first message counts with its province at the second.
    named = [Turn("find_help_nearby", NOON), Turn("thank", NOON + 1, "GM0772")]
    assert [c.family for c in cells_for_turn(named, "en", "GM0772")] == [
        CONVERSATION, "help_nearby", PLACE,
    ]  # fmt: skip


def test_a_town_named_after_the_question_is_counted_with_its_province():
    # "I need help" ... "Eindhoven": the second message names the town.
    asked = [Turn("find_help_nearby", NOON), Turn("inform_place", NOON + 1, None)]
    assert families_to_count(asked, "GM0772") == [PLACE]
    # Later messages of the same conversation, with the town already known, add nothing.
    later = [*asked, Turn("thank", NOON + 2, "GM0772")]
    assert families_to_count(later, "GM0772") == []
    # Another town in the same province adds nothing; one in another province does.
    helmond = [*asked, Turn("inform_place", NOON + 2, "GM0772")]
    assert families_to_count(helmond, "GM0794") == []
    assert families_to_count(helmond, "GM0193") == [PLACE]  # Zwolle, Overijssel


def test_the_day_is_the_dutch_calendar_day():
    # 23:30 UTC on 1 March is already 2 March in Amsterdam.
    late = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc).timestamp()
    assert counts.day_in_netherlands(late) == date(2026, 3, 2)


def test_every_intent_family_is_an_intent_the_bot_knows():
    from bot.settings import PROJECT_ROOT

    files = (PROJECT_ROOT / "data" / "nlu" / "en").glob("*.yml")
    nlu = "".join(path.read_text(encoding="utf-8") for path in files)
    for intent in counts.INTENT_FAMILIES:
        assert f"- intent: {intent}\n" in nlu, intent


# --- storage and report ----------------------------------------------------------------------


def _sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/stats.sqlite")
    upgrade(engine)
    return engine


def _postgres():
    admin = postgres_admin_engine()  # skips only when no PostgreSQL answers
    name = f"hulproute_stats_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    return admin, name


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        yield _sqlite(tmp_path)
        return
    admin, name = _postgres()
    engine = make_engine(f"postgresql://postgres@127.0.0.1/{name}")
    upgrade(engine)
    yield engine
    engine.dispose()
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text(f"DROP DATABASE {name}"))


DAY = date(2026, 3, 2)


def test_counts_add_up_across_flushes_and_recorders(engine):
    first = counts.StatisticsRecorder(engine, flush_seconds=0)
    second = counts.StatisticsRecorder(engine, flush_seconds=0)  # another replica
    cell = Cell(DAY, "ar", "danger", "Utrecht")
    for _ in range(7):
        first.add([cell])
    first.flush()
    for _ in range(5):
        second.add([cell])
    second.flush()
    report = counts.report(engine, DAY, None, min_count=10)
    assert report.rows == [(cell, 12)]


def test_only_counts_are_stored(engine):
    counts.add_counts(engine, Counter({Cell(DAY, "fa", "shelter", "unknown"): 3}))
    columns = {c["name"] for c in inspect(engine).get_columns("daily_counts")}
    assert columns == {"day", "language", "family", "region", "count"}


def test_small_cells_are_hidden_and_no_total_gives_them_away(engine):
    big = Cell(DAY, "en", CONVERSATION, "unknown")
    small = Cell(DAY, "ti", "lgbt", "Drenthe")
    counts.add_counts(engine, Counter({big: 25, small: 2}))
    report = counts.report(engine, DAY, DAY, min_count=10)
    assert report.rows == [(big, 25)]
    assert report.hidden_cells == 1
    with pytest.raises(ValueError):
        counts.report(engine, DAY, DAY, min_count=1)


def test_a_failed_write_keeps_the_counts_for_the_next_try(tmp_path):
    broken = make_engine(f"sqlite:///{tmp_path}/empty.sqlite")  # no table yet
    recorder = counts.StatisticsRecorder(broken, flush_seconds=0)
    recorder.add([Cell(DAY, "so", "danger", "unknown")] * 3)
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError):
        recorder.flush()
    assert recorder.has_pending()
    counts.ensure_schema(broken)
    recorder.flush()
    assert counts.report(broken, DAY, DAY, min_count=5).hidden_cells == 1


# --- the command ------------------------------------------------------------------------------


def _stats(*args, url):
    return subprocess.run(
        [sys.executable, "-m", "bot.run.cli", "stats", *args, "--database-url", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_hulproute_stats_prints_the_published_counts(tmp_path):
    engine = _sqlite(tmp_path)
    counts.add_counts(
        engine,
        Counter({Cell(DAY, "ar", "help_nearby", "Noord-Brabant"): 11,
                 Cell(DAY, "ar", "lgbt", "Noord-Brabant"): 3,
                 Cell(date(2025, 12, 31), "en", "danger", "unknown"): 40}),
    )  # fmt: skip
    url = f"sqlite:///{tmp_path}/stats.sqlite"
    shown = _stats("--since", "2026-01-01", url=url)
    assert shown.returncode == 0, shown.stderr
    assert "2026-03-02\tar\thelp_nearby\tNoord-Brabant\t11" in shown.stdout
    assert "lgbt" not in shown.stdout and "2025-12-31" not in shown.stdout
    assert "1 cells with fewer than 10" in shown.stderr
    data = json.loads(_stats("--since", "2026-01-01", "--json", url=url).stdout)
    assert data["format"] == "hulproute.stats/1"
    assert data["rows"] == [
        {"day": "2026-03-02", "language": "ar", "family": "help_nearby",
         "region": "Noord-Brabant", "count": 11}
    ]  # fmt: skip
    assert _stats("--since", "2026-01-01", "--min-count", "2", url=url).returncode == 2
    assert _stats("--since", "yesterday", url=url).returncode == 2
