from datetime import date

import pytest
import yaml

from bot.contacts import ContactDataError, load_contacts
from bot.settings import PROJECT_ROOT

FACTS = PROJECT_ROOT / "facts"


def test_every_shipped_contact_has_a_source_and_a_check_date():
    for contact in load_contacts(FACTS).values():
        assert contact.source.startswith("https://"), contact.key
        date.fromisoformat(contact.checked)


def test_a_contact_without_source_is_refused(tmp_path):
    data = yaml.safe_load((FACTS / "contacts.yml").read_text(encoding="utf-8"))
    del data["contacts"]["comensha"]["source"]
    (tmp_path / "contacts.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContactDataError, match="comensha"):
        load_contacts(tmp_path)


def test_low_confidence_numbers_are_flagged():
    contacts = load_contacts(FACTS)
    assert contacts["legal_aid"].needs_checking
    assert not contacts["emergency"].needs_checking
