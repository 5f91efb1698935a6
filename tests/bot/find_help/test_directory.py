"""The help directory: sourced data, the database (SQLite and PostgreSQL), routes and text."""

import csv
import json
import os
import uuid
from datetime import date, timedelta

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from bot.db.base import full_metadata
from bot.db.database import current_revision, make_engine, upgrade
from bot.find_help.directory import schema, store
from bot.find_help.directory.lookup import DirectoryLookup
from bot.find_help.directory.phone import PhoneNumber, PhoneNumberError
from bot.find_help.directory.presentation import route_text
from bot.find_help.directory.records import (
    DirectoryDataError,
    directory_from_data,
    dump_directory,
    load_directory,
)
from bot.find_help.directory.route import route_from_dict, route_to_dict
from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.settings import PROJECT_ROOT
from tests.directory_data import phone, phone_number
from tests.services import postgres_admin_engine

FACTS = PROJECT_ROOT / "facts"
DATA_FILE = FACTS / "directory.yml"
PLACES = FACTS / "places"


@pytest.fixture(scope="module")
def directory():
    return load_directory(DATA_FILE)


@pytest.fixture(scope="module")
def lookup(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "directory.sqlite"
    return DirectoryLookup.open(FACTS, f"sqlite:///{path}")


@pytest.fixture(scope="module")
def translator():
    return Translator(PROJECT_ROOT / "locales", SUPPORTED_LANGUAGES)


# --- the data: every record sourced ---------------------------------------------------------


def test_every_shipped_record_has_a_source_url_and_a_check_state(directory):
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    for org_key, org in raw["organisations"].items():
        records = [(org_key, org)] + list(org["services"].items())
        for key, record in records:
            assert str(record.get("source", "")).startswith(("https://", "http://")), key
            assert isinstance(record.get("checked"), date) or record["checked"] == "not yet", key
            assert record.get("confidence") in ("high", "medium", "low"), key
    assert sum(1 for _ in directory.services()) >= 20


@pytest.mark.parametrize("field", ["source", "checked"])
def test_a_service_without_source_or_check_date_is_refused(field):
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    del raw["organisations"]["comensha"]["services"]["comensha"][field]
    with pytest.raises(DirectoryDataError, match=f"comensha.*{field}"):
        directory_from_data(raw)


def test_a_made_up_phone_number_format_is_refused():
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    raw["organisations"]["comensha"]["services"]["comensha"]["phone"] = "12345"
    with pytest.raises(DirectoryDataError, match="10 digits"):
        directory_from_data(raw)


def test_old_page_numbers_are_shipped_flagged(directory):
    # facts-nl.md §2.3 is an old page: every regional coordinator number from it is low.
    for key in ("coordinator_drenthe", "coordinator_lumens", "coordinator_pmw", "shop_den_haag"):
        assert directory.service(key).provenance.needs_checking, key
    assert not directory.service("emergency").provenance.needs_checking


def test_export_gives_back_exactly_the_data_file(lookup):
    with Session(lookup.engine, future=True) as session:
        exported = dump_directory(store.export_directory(session))
    assert exported == DATA_FILE.read_text(encoding="utf-8")


def test_an_edited_file_round_trips_through_the_database(tmp_path, directory):
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    raw["organisations"]["comensha"]["services"]["comensha"]["interpreter"] = True
    edited = directory_from_data(raw)
    engine = make_engine(f"sqlite:///{tmp_path}/d.sqlite")
    store.build_database(engine, edited, PLACES)
    with Session(engine, future=True) as session:
        back = store.export_directory(session)
    assert back == edited and back != directory
    assert back.service("comensha").interpreter is True


def test_a_coverage_area_that_does_not_exist_is_refused(tmp_path):
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    raw["organisations"]["lumens"]["services"]["coordinator_lumens"]["coverage"] = ["region GG9999"]
    engine = make_engine(f"sqlite:///{tmp_path}/d.sqlite")
    with pytest.raises(DirectoryDataError, match="GG9999"):
        store.build_database(engine, directory_from_data(raw), PLACES)


# --- phone numbers ---------------------------------------------------------------------------


# Format examples, written as sources write numbers: these test the formatting, not the
# directory's data, so they stay literal (a number corrected in the data must not change them).
@pytest.mark.parametrize(
    ("written", "display", "tel"),
    [
        ("033 448 11 86", "033 448 11 86", "tel:+31334481186"),
        ("0800-2000", "0800-2000", "tel:08002000"),
        ("0592-30 63 00", "0592 30 63 00", "tel:+31592306300"),
        ("+31 (0)88 043 0470", "088 043 04 70", "tel:+31880430470"),
        ("06-81521052", "06 81 52 10 52", "tel:+31681521052"),
        ("112", "112", "tel:112"),
    ],
)
def test_phone_numbers_are_written_for_reading_and_dialling(written, display, tel):
    number = PhoneNumber.parse(written)
    assert (number.display, number.tel_uri) == (display, tel)


@pytest.mark.parametrize("bad", ["12345", "+32 2 555 12 12", "0800-1"])
def test_numbers_that_are_not_dutch_are_refused(bad):
    with pytest.raises(PhoneNumberError):
        PhoneNumber.parse(bad)


def test_every_shipped_phone_number_keeps_its_digits(directory):
    for service in directory.services():
        if service.phone:
            digits = "".join(ch for ch in service.phone if ch.isdigit())
            assert service.phone_number.digits == digits, service.key


# --- the database ------------------------------------------------------------------------------


def test_the_migrations_create_exactly_the_schema_of_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/m.sqlite")
    upgrade(engine)
    assert current_revision(engine) == "0004"
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), full_metadata()) == []


def test_all_342_municipalities_with_their_regions_are_loaded(lookup):
    with Session(lookup.engine, future=True) as session:
        with (PLACES / "municipalities-2025.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == 342
        for row in rows:
            found = store.route_entries(session, row["gm_code"])
            assert found is not None and found[0].province == row["provincie"], row
        eindhoven = store.route_entries(session, "GM0772")[0]
    assert eindhoven.ggd_region == ("GG5608", "GGD Brabant-Zuidoost")


def test_check_lists_unchecked_stale_and_unsourced_records(lookup, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/c.sqlite")
    directory = load_directory(DATA_FILE)
    store.build_database(engine, directory, PLACES)
    today = date(2026, 12, 7)
    with Session(engine, future=True) as session:
        # Nobody has compared any record with its live page yet: every record is listed.
        unchecked = store.check_directory(session, today)
        services = {f"service {s.key}" for s in directory.services()}
        assert services <= {f.record for f in unchecked}
        assert {f.problem for f in unchecked} == {"not yet checked against its source"}
        # A person checks the police record today: no longer listed; 400 days later: stale.
        session.execute(
            update(schema.Service).where(schema.Service.key == "police").values(checked=today)
        )
        assert "service police" not in {f.record for f in store.check_directory(session, today)}
        later = store.check_directory(session, today + timedelta(days=400))
        assert ("service police", "last checked 2026-12-07 (400 days ago)") in [
            (f.record, f.problem) for f in later
        ]
        session.execute(
            update(schema.Service).where(schema.Service.key == "police").values(source_url="")
        )
        findings = store.check_directory(session, today)
    assert ("service police", "has no source URL") in [(f.record, f.problem) for f in findings]


# --- routes ----------------------------------------------------------------------------------


def _keys(contacts):
    return [c.service.key for c in contacts]


def test_eindhoven_gets_its_regional_coordinator_first_then_comensha(lookup):
    route = lookup.route("GM0772")
    assert _keys(route.contact_now) == ["coordinator_lumens", "comensha"]
    assert route.contact_now[0].area == "GGD Brabant-Zuidoost"
    assert route.contact_now[0].check_first
    assert route.regional_contact_known


def test_a_region_without_a_coordinator_gets_the_national_route(lookup):
    # Maastricht (Zuid-Limburg) and Enschede (Twente): no regional contact in the facts.
    for code in ("GM0935", "GM0153"):
        route = lookup.route(code)
        assert _keys(route.contact_now) == ["comensha"], code
        assert not route.regional_contact_known


def test_local_services_come_before_national_ones(lookup):
    route = lookup.route("GM0363")  # Amsterdam
    assert _keys(route.contact_now) == ["coordinator_acm", "comensha"]
    assert _keys(route.more)[0] == "secret_garden"
    assert "secret_garden" not in _keys(lookup.route("GM0344").more)  # not in Utrecht


def test_every_municipality_has_a_route_with_comensha_and_112(lookup):
    with (PLACES / "municipalities-2025.csv").open(encoding="utf-8") as f:
        codes = [row["gm_code"] for row in csv.DictReader(f)]
    for code in codes:
        route = lookup.route(code)
        assert "comensha" in _keys(route.contact_now), code
        assert route.emergency.service.phone_number.display == phone("emergency")
        assert "iom_return" not in _keys(route.more)  # route: none stays out


def test_unknown_municipality_code_has_no_route(lookup):
    assert lookup.route("GM9999") is None


def test_the_json_form_reads_back_to_the_same_text(lookup, translator):
    route = lookup.route("GM0772")
    data = json.loads(json.dumps(route_to_dict(route)))
    assert data["format"] == "hulproute.route/1"
    comensha = phone_number("comensha")
    assert data["contact_now"][1]["phone"] == {
        "display": comensha.display,
        "digits": comensha.digits,
        "tel": comensha.tel_uri,
    }
    for language in ("en", "ar"):
        again = route_text(route_from_dict(data), language, translator)
        assert again == route_text(route, language, translator)


# --- the text a user reads ----------------------------------------------------------------------


def test_route_text_says_only_what_is_known(lookup, translator):
    body = route_text(lookup.route("GM0772"), "en", translator)
    assert "Open day and night. Free call. You can stay anonymous." in body  # Veilig Thuis
    # Nothing in the facts says whether anyone informs the immigration service: no label.
    assert "immigration service" not in body
    assert "Please check it first." in body  # the old-page Lumens number
    assert body.rstrip().endswith(f"In danger now? Call {phone('emergency')}.")


def test_route_text_is_in_the_users_language_with_numbers_readable_in_rtl(lookup, translator):
    route = lookup.route("GM0772")
    arabic = route_text(route, "ar", translator)
    assert f"\u2066{phone('comensha')}\u2069" in arabic  # left-to-right isolate inside Arabic
    assert "Contact now:" not in arabic
    dutch = route_text(route, "nl", translator)
    assert "Contact now:" not in dutch and phone("comensha") in dutch


def test_a_national_route_says_that_no_regional_contact_is_known(lookup, translator):
    body = route_text(lookup.route("GM0935"), "en", translator)
    assert body.startswith("I do not know a regional contact for this place.")


# --- PostgreSQL (a real server; CI has one) -------------------------------------------------------

POSTGRES_ADMIN_URL = os.environ.get(
    "HULPROUTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="module")
def postgres_url():
    admin = postgres_admin_engine(POSTGRES_ADMIN_URL)  # skips only when no PostgreSQL answers
    with admin.connect() as connection:
        name = f"hulproute_test_{uuid.uuid4().hex[:8]}"
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_same_directory_works_on_postgresql(postgres_url, lookup):
    on_postgres = DirectoryLookup.open(FACTS, postgres_url)
    try:
        for code in ("GM0772", "GM0363", "GM0935", "GM1950"):
            assert route_to_dict(on_postgres.route(code)) == route_to_dict(lookup.route(code))
        with Session(on_postgres.engine, future=True) as session:
            exported = dump_directory(store.export_directory(session))
        assert exported == DATA_FILE.read_text(encoding="utf-8")
    finally:
        on_postgres.engine.dispose()
