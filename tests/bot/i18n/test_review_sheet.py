"""The review sheet for native speakers: every message, its glossary terms, its review state."""

from datetime import date

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot.i18n.review_sheet import render_sheet, sheet_entries
from bot.settings import PROJECT_ROOT

GLOSSARY = PROJECT_ROOT / "facts" / "glossary.tsv"


def _catalog(tmp_path):
    catalog = Catalog(locale="ti")
    catalog.add(
        "The reflection period (bedenktijd) is time to rest.",
        "ግዜ ሕሰባ (bedenktijd) ...",
        locations=[("domain/follow_up.yml", 22)],
        user_comments=["machine-drafted: needs review by a native speaker"],
    )
    catalog.add(
        "Call <b>%(phone)s</b>", "ደውሉ %(phone)s", user_comments=["reviewed by AB 2026-12-01"]
    )
    catalog.add("Menu", "", context="button")
    path = tmp_path / "messages.po"
    with path.open("wb") as f:
        write_po(f, catalog)
    return path


def test_each_message_with_its_terms_state_and_where_it_is_shown(tmp_path):
    entries = sheet_entries(_catalog(tmp_path), GLOSSARY, "ti")
    assert [e.number for e in entries] == [1, 2, 3]
    first = entries[0]
    assert first.where == ("domain/follow_up.yml:22",) and not first.reviewed
    assert "reflection period (bedenktijd)" in [t.concept for t in first.terms]
    assert entries[1].reviewed and entries[2].button and entries[2].translation == ""


def test_the_page_escapes_texts_and_leaves_room_to_mark(tmp_path):
    page = render_sheet(sheet_entries(_catalog(tmp_path), GLOSSARY, "ti"), "ti", date(2026, 12, 7))
    assert "Call &lt;b&gt;%(phone)s&lt;/b&gt;" in page and "<b>%(phone)s" not in page
    assert page.count('class="box"') == 6  # OK / change, three times
    assert "(missing)" in page and "1 reviewed before" in page
