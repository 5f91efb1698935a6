"""`hulproute route` and `hulproute directory`, as an outreach worker or NGO runs them."""

import json

import pytest

from bot.run.cli import main
from bot.settings import PROJECT_ROOT
from tests.directory_data import directory, phone, phone_number


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli')}/directory.sqlite"
    assert main(["directory", "build", "--database-url", url]) == 0
    return url


def test_route_in_arabic_as_json_for_a_town_written_in_arabic(database_url, capsys):
    capsys.readouterr()
    code = main(
        ["route", "--place", "آيندهوفن", "--lang", "ar", "--json", "--database-url", database_url]
    )
    route = json.loads(capsys.readouterr().out)
    assert code == 0
    assert route["format"] == "hulproute.route/1" and route["status"] == "found"
    assert (route["municipality"]["code"], route["municipality"]["name"]) == ("GM0772", "Eindhoven")
    assert route["direction"] == "rtl"
    assert route["contact_now"][0]["phone"]["tel"] == phone_number("coordinator_lumens").tel_uri
    veilig_thuis = next(c for c in route["more"] if c["key"] == "veilig_thuis")
    assert veilig_thuis["anonymous"] is True and len(veilig_thuis["labels"]) == 3
    assert all(label.isascii() is False for label in veilig_thuis["labels"])  # Arabic labels
    assert phone("emergency") in route["text"]


def test_route_for_an_ambiguous_town_lists_the_choices(database_url, capsys):
    capsys.readouterr()
    code = main(["route", "--place", "Bergen", "--json", "--database-url", database_url])
    route = json.loads(capsys.readouterr().out)
    assert code == 1 and route["status"] == "ambiguous"
    assert {c["code"] for c in route["choices"]} == {"GM0373", "GM0893"}


def test_route_for_nonsense_asks_for_the_nearest_town(database_url, capsys):
    capsys.readouterr()
    code = main(["route", "--place", "Xyzzyville", "--lang", "nl", "--database-url", database_url])
    assert code == 1 and "Ik ken deze plaats niet." in capsys.readouterr().out


def test_export_to_stdout_is_the_data_file(database_url, capsys):
    capsys.readouterr()
    assert main(["directory", "export", "--database-url", database_url]) == 0
    assert capsys.readouterr().out == (PROJECT_ROOT / "facts" / "directory.yml").read_text(
        encoding="utf-8"
    )


def test_check_lists_every_record_and_rule_nobody_has_checked_yet(database_url, capsys):
    code = main(["directory", "check", "--today", "2026-12-07", "--database-url", database_url])
    out = capsys.readouterr().out
    assert code == 1
    assert "service comensha: not yet checked against its source" in out
    assert "residence rule reflection_period: not yet checked against its source" in out


def test_a_broken_data_file_is_reported_not_imported(database_url, tmp_path, capsys):
    broken = tmp_path / "directory.yml"
    text = (PROJECT_ROOT / "facts" / "directory.yml").read_text(encoding="utf-8")
    written = directory().service("veilig_thuis").phone  # as the data file writes it
    broken.write_text(text.replace(f"phone: {written}", "phone: 0800-2"), encoding="utf-8")
    code = main(["directory", "import", "--file", str(broken), "--database-url", database_url])
    assert code == 2 and "veilig_thuis" in capsys.readouterr().err


def test_outreach_mode_on_the_command_line_puts_dutch_under_each_paragraph(database_url, capsys):
    capsys.readouterr()
    args = ["route", "--place", "Zwolle", "--lang", "ar", "--beside", "nl"]
    assert main([*args, "--database-url", database_url]) == 0
    out = capsys.readouterr().out
    assert "    [nl] Hulp in de buurt van Zwolle" in out
    assert out.index("مساعدة") < out.index("[nl] Hulp in de buurt")
