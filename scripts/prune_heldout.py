"""Remove from tests/nlu/dev/ and tests/langid/ every message that also occurs in training data.

Held-out sets must never be trained on. When new training examples happen to repeat a held-out
message (common phrases such as "thank you very much" get written independently), the message
leaves the held-out set rather than the training data: the bot should know it, and the
measurement stays honest. Run after adding training data; tests/bot/test_nlu_data.py and
tests/bot/language/test_detection.py fail until it has been run.
"""

from __future__ import annotations

from bot.language.detection import load_labelled_examples
from bot.language.detection import normalise_example as normalise
from bot.settings import PROJECT_ROOT


def main() -> None:
    trained = {
        normalise(text)
        for path in (PROJECT_ROOT / "data" / "nlu").glob("*/*.yml")
        for _, text in load_labelled_examples(path)
    }
    for path in sorted((PROJECT_ROOT / "tests" / "nlu" / "dev").glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [
            line
            for line in lines
            if not (line.startswith("    - ") and normalise(line.strip()[2:]) in trained)
        ]
        path.write_text("".join(kept), encoding="utf-8")
        print(f"{path.relative_to(PROJECT_ROOT)}: removed {len(lines) - len(kept)}")
    background = {
        normalise(line)
        for path in (PROJECT_ROOT / "facts" / "langid").glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    for path in sorted((PROJECT_ROOT / "tests" / "langid").glob("*.txt")):
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        kept_lines = [x for x in lines if normalise(x) not in trained | background]
        path.write_text("\n".join(kept_lines) + "\n", encoding="utf-8")
        print(f"{path.relative_to(PROJECT_ROOT)}: removed {len(lines) - len(kept_lines)}")


if __name__ == "__main__":
    main()
