"""The core must stay free of Rasa so it is tested in milliseconds and reused by the CLI."""

import ast

from bot.settings import PROJECT_ROOT


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_bot_does_not_import_rasa():
    for path in (PROJECT_ROOT / "bot").glob("*.py"):
        for module in _imports(path):
            assert not module.startswith(("rasa", "hulproute_rasa")), (path.name, module)


def test_actions_import_rasa_sdk_but_never_rasa():
    for path in (PROJECT_ROOT / "actions").glob("*.py"):
        for module in _imports(path):
            assert module.split(".")[0] != "rasa", (path.name, module)
