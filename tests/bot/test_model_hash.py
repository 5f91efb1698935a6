"""The model cache key covers every core module that training uses."""

import ast
import subprocess

from bot.settings import PROJECT_ROOT

# The components that store what they learn in the model. The policies (hulproute_rasa/policy.py)
# are registered with is_trainable=False and store nothing: they decide at run time, from source.
TRAINED_BY = ["hulproute_rasa/components.py"]


def _bot_imports(path, seen):
    tree = ast.parse((PROJECT_ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot."):
            module = node.module.replace(".", "/") + ".py"
            if not (PROJECT_ROOT / module).exists():  # a package
                module = node.module.replace(".", "/") + "/__init__.py"
            if module not in seen:
                seen.add(module)
                _bot_imports(module, seen)
    return seen


def test_every_core_module_used_in_training_is_in_the_model_hash():
    script = (PROJECT_ROOT / "scripts" / "model-hash.sh").read_text(encoding="utf-8")
    used = set()
    for path in TRAINED_BY:
        _bot_imports(path, used)
    # Used only at inference (lookups on each message), not stored in the model.
    inference_only = {"bot/language/names.py", "bot/find_help/places.py",
                      "bot/find_help/gazetteer.py", "bot/find_help/sounds.py"}  # fmt: skip
    missing = [m for m in used - inference_only if m not in script]
    assert missing == [], f"add {missing} to CORE in scripts/model-hash.sh"


def test_the_hash_is_stable():
    run = [str(PROJECT_ROOT / "scripts" / "model-hash.sh")]
    first = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert first == subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert len(first.strip()) == 16


def test_adapters_left_out_of_the_hash_are_not_used_in_training():
    script = (PROJECT_ROOT / "scripts" / "model-hash.sh").read_text(encoding="utf-8")
    serving_only = script.split('SERVING_ONLY="', 1)[1].split('"', 1)[0].split()
    assert "hulproute_rasa/tracker_store.py" in serving_only
    for path in TRAINED_BY + [
        "hulproute_rasa/conversation_language.py",
        "hulproute_rasa/policy.py",
    ]:
        tree = ast.parse((PROJECT_ROOT / path).read_text(encoding="utf-8"))
        imported = {
            node.module.replace(".", "/") + ".py"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not imported & set(serving_only), path
    config = (PROJECT_ROOT / "config.yml").read_text(encoding="utf-8")
    for module in serving_only:
        assert module.removesuffix(".py").replace("/", ".") not in config


def test_the_policies_learn_nothing():
    text = (PROJECT_ROOT / "hulproute_rasa" / "policy.py").read_text(encoding="utf-8")
    registrations = text.count("@DefaultV1Recipe.register(")
    assert registrations >= 2 and text.count("is_trainable=False") == registrations
