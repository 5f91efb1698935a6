"""Each capability writes out its own answer body; the renderer imports none of them."""

from __future__ import annotations

import ast

import pytest

from bot.i18n.bodies import Body, discover_bodies
from bot.i18n.responses import load_response_templates
from bot.settings import PROJECT_ROOT


def test_every_body_a_response_names_is_written_out_by_some_capability():
    templates = load_response_templates(PROJECT_ROOT / "domain", PROJECT_ROOT / "messages")
    named = {t.body for t in templates.values() if t.body}
    assert named and named <= set(discover_bodies())


def test_the_self_check_result_comes_before_the_thanks_the_others_after():
    bodies = discover_bodies()
    assert bodies["self_check"].before and not bodies["route"].before


def test_the_renderer_imports_no_capability():
    tree = ast.parse((PROJECT_ROOT / "bot" / "i18n" / "responses.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    for capability in ("bot.residence", "bot.self_check", "bot.find_help"):
        assert not [m for m in imported if m.startswith(capability)], capability


def test_a_body_offered_twice_is_refused(tmp_path, monkeypatch):
    package = tmp_path / "twice"
    for name in ("one", "two"):
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text("")
        (package / name / "text.py").write_text(
            "from bot.i18n.bodies import Body\nBODIES = {'same': Body(lambda *a: '')}\n"
        )
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="offered twice"):
        discover_bodies("twice")
    assert isinstance(next(iter(discover_bodies().values())), Body)
