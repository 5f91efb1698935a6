"""True for everyone: what the bot says is exactly as certain as ../shared/domain/facts-nl.md.

One test per finding of the content review of issue 17 (each failed on the content before it):
check dates nobody set, CoMensha's conflicting hours as plain fact, Dublin rules stated as
certain, the police answer read as a promise, "shelter by right" for EU citizens, Nidos for every
minor, and the smaller overstatements (a 2007 "must", a high rating on one NGO page, "may not be
punished", Moviera as the contact for two whole provinces, "help in every region").
"""

import csv

import pytest
import yaml

from bot.core import core
from bot.find_help.directory.records import load_directory
from bot.i18n.responses import load_response_templates
from bot.residence.rules import Answers, applicable_rules, load_rules
from bot.settings import PROJECT_ROOT

FACTS = PROJECT_ROOT / "facts"
RULES = load_rules(FACTS / "residence_rules.yml")
TEMPLATES = load_response_templates(PROJECT_ROOT / "domain", PROJECT_ROOT / "messages")


def _text(response: str) -> str:
    return TEMPLATES[response].text


def _check_log() -> set[tuple[str, str]]:
    with (FACTS / "checked.tsv").open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {(row["record"], row["checked"]) for row in rows}


# 1. A check date only where a person really compared the record with its live page.
def test_no_record_claims_a_check_nobody_made():
    log = _check_log()
    raw = yaml.safe_load((FACTS / "directory.yml").read_text(encoding="utf-8"))
    for org_key, org in raw["organisations"].items():
        for key, record in [(org_key, org), *org["services"].items()]:
            if record["checked"] != "not yet":
                assert (key, str(record["checked"])) in log, f"{key}: who checked it? (checked.tsv)"
    for key, rule in RULES.items():
        if rule.checked is not None:
            assert (f"rule:{key}", rule.checked.isoformat()) in log, f"rule {key}: who checked it?"


# 2. CoMensha's hours conflict between sources: never a bare fact in a chat message.
def test_comensha_hours_are_never_stated_as_plain_fact():
    for template in TEMPLATES.values():
        assert "%(comensha_hours)s" not in template.text, template.name
    comensha = load_directory(FACTS / "directory.yml").service("comensha")
    assert comensha.hours_note, "the conflict must stay recorded"
    said = core().open_now("en")["comensha_open_now"]
    assert "not sure" in said or "may be closed" in said


# 3. Dublin: never a general rule stated as certain; fingerprints without asylum count too.
def test_dublin_rules_are_uncertain_and_name_registration():
    for key in ("reflection_period_dublin", "permit_dublin_needs_prosecutor"):
        assert RULES[key].uncertain and RULES[key].confidence != "high", key
    assert "fingerprints" in RULES["reflection_period_dublin"].says
    assert "fingerprints" in _text("utter_residence_overview")


# 4. Reporting to the police is no promise of a permit, and Dublin cases differ.
def test_the_police_answer_promises_nothing():
    text = _text("utter_report_police")
    assert "Nobody can promise" in text and "Dublin" in text
    assert "1 year" not in text and "usually" in text


# 5. Special shelter through CoMensha is not a right of EU citizens (facts-nl §1.8), and the
#    explainer does not tell an EU citizen both "you get money and care" and "it is not clear".
def test_shelter_is_not_promised_to_eu_citizens():
    shelter = _text("utter_ask_shelter")
    assert "right" not in shelter and "EU" in shelter
    for reported in ("yes", "no", "thinking", "unknown"):
        keys = applicable_rules(Answers(eu="yes", minor="no", reported=reported))
        assert "reflection_rights" not in keys and "eu_shelter" in keys


# 6. Nidos is for minors from outside the EU; Dutch and EU minors get youth care (§1.9).
@pytest.mark.parametrize(
    ("eu", "nidos", "youth_care"),
    [("no", True, False), ("yes", False, True), ("unknown", True, True)],
)
def test_nidos_only_for_minors_from_outside_the_eu(eu, nidos, youth_care):
    keys = applicable_rules(Answers(eu=eu, minor="yes"))
    assert ("minor_nidos" in keys) == nidos
    assert ("minor_eu_youth_care" in keys) == youth_care
    assert "outside the EU" in RULES["minor_nidos"].says
    assert "outside the EU" in _text("utter_inform_minor")


# 7. The smaller overstatements.
def test_no_rule_claims_more_than_its_source():
    assert "must" not in RULES["asylum_procedure"].says
    assert RULES["asylum_coa_safe"].confidence != "high"  # one non-government page
    assert "punished" not in RULES["non_punishment"].says
    assert "prosecuted" in RULES["non_punishment"].says
    assert "273f" not in (RULES["non_punishment"].legal or "")  # not known to be in force


def test_no_contact_is_claimed_for_an_area_the_source_does_not_name():
    moviera = load_directory(FACTS / "directory.yml").service("coordinator_moviera")
    assert moviera.route != "now"  # "Utrecht/Gelderland" on an old page is no area map
    for template in TEMPLATES.values():
        assert "every region" not in template.text, template.name
    assert "every region" not in load_directory(FACTS / "directory.yml").service("comensha").what
