"""The core must stay free of Rasa so it is tested in milliseconds and reused by the CLI."""

import ast

from bot.settings import PROJECT_ROOT

CORE = PROJECT_ROOT / "bot"


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_bot_does_not_import_rasa_in_any_of_its_packages():
    checked = 0
    for path in CORE.rglob("*.py"):  # every package, every depth
        checked += 1
        for module in _imports(path):
            assert not module.startswith(("rasa", "hulproute_rasa")), (path, module)
    assert checked > 40 and (CORE / "find_help" / "directory" / "route.py").exists()


def test_actions_import_rasa_sdk_but_never_rasa():
    for path in (PROJECT_ROOT / "actions").rglob("*.py"):
        for module in _imports(path):
            assert module.split(".")[0] != "rasa", (path.name, module)


def test_the_core_imports_without_rasa_installed(tmp_path):
    """Every bot/ module imports in a Python where `rasa` cannot be found."""
    import subprocess
    import sys

    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class _NoRasa:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('rasa', 'hulproute_rasa'):\n"
        "            raise ImportError('rasa is not allowed in the core: ' + name)\n"
        "sys.meta_path.insert(0, _NoRasa())\n"
    )
    script = (
        "import importlib, pkgutil, bot\n"
        "for m in pkgutil.walk_packages(bot.__path__, 'bot.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env={"PYTHONPATH": f"{tmp_path}:{PROJECT_ROOT}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
