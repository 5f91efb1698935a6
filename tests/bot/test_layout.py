"""The core keeps its shape (issue 15): capability packages, few top-level modules, small files."""

import ast

from bot.settings import PROJECT_ROOT

CORE = PROJECT_ROOT / "bot"
MAX_TOP_LEVEL_MODULES = 8
MAX_LINES = 450


def test_bot_has_few_top_level_modules_beside_its_packages():
    modules = sorted(p.name for p in CORE.glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
    packages = {p.name for p in CORE.iterdir() if (p / "__init__.py").exists()}
    assert {"language", "find_help", "residence", "self_check", "privacy", "i18n", "usage",
            "run"} <= packages  # fmt: skip


def test_no_file_of_the_core_is_over_450_lines():
    long = {
        str(p.relative_to(PROJECT_ROOT)): n
        for p in CORE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_scripts_never_import_the_tests():
    importing = [
        str(p.relative_to(PROJECT_ROOT))
        for p in (PROJECT_ROOT / "scripts").rglob("*.py")
        if any(m.split(".")[0] == "tests" for m in _imports(p))
    ]
    assert importing == []


def _calls_another_actions_run(path):
    """`ActionSomething().run(...)`: a call of `run` on a freshly built action."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "run"
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id.startswith("Action")
        ):
            yield node.lineno


def test_no_action_calls_another_actions_run():
    # Actions stay thin and share plain functions; one calling another's run() hides what
    # each does from the rules (issue 15).
    calls = {
        f"{p.relative_to(PROJECT_ROOT)}:{line}"
        for p in (PROJECT_ROOT / "actions").rglob("*.py")
        for line in _calls_another_actions_run(p)
    }
    assert calls == set()
