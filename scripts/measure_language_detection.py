"""Measure the language detector on held-out short messages (tests/langid/<code>.txt).

Those messages are never trained on (the detector learns from data/nlu/). For each supported
language: how often the detector is sure (coverage), how often it is right when sure
(precision), and accuracy with "unsure" counted as wrong. For languages the bot does not speak
yet, how often it wrongly claims one of its own languages.
Usage: .venv/bin/python scripts/measure_language_detection.py [--json] [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import LanguageDetector
from bot.settings import PROJECT_ROOT

LANGID_DIR = PROJECT_ROOT / "tests" / "langid"


def load_messages(path: Path) -> list[str]:
    """One message per line."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(detector: LanguageDetector) -> dict[str, dict[str, float]]:
    """Per-language coverage, precision and accuracy on tests/langid/."""
    results = {}
    for path in sorted(LANGID_DIR.glob("*.txt")):
        language = path.stem
        texts = load_messages(path)
        detections = [detector.detect(t) for t in texts]
        sure = [d for d in detections if d.confident]
        right = sum(d.language == language for d in sure)
        row = {
            "messages": len(texts),
            "mean_words": round(sum(len(t.split()) for t in texts) / len(texts), 1),
            "coverage": round(len(sure) / len(texts), 3),
            "precision": round(right / max(1, len(sure)), 3),
            "accuracy": round(right / len(texts), 3),
            "supported": language in SUPPORTED_LANGUAGES,
        }
        results[language] = row
    return results


def main() -> None:
    """Print the table (or JSON with --json); -v lists confident mistakes."""
    detector = LanguageDetector.from_nlu_dir(
        PROJECT_ROOT / "data" / "nlu",
        SUPPORTED_LANGUAGES,
        corpus_dir=PROJECT_ROOT / "facts" / "langid",
    )
    results = measure(detector)
    if "--json" in sys.argv:
        print(json.dumps(results, indent=1))
        return
    print(
        "| language | supported | messages | words/msg | sure | right when sure | right overall |"
    )
    print("|---|---|---|---|---|---|---|")
    for language, r in results.items():
        print(
            f"| {language} | {'yes' if r['supported'] else 'no'} | {r['messages']} | "
            f"{r['mean_words']} | {r['coverage']:.1%} | {r['precision']:.1%} | "
            f"{r['accuracy']:.1%} |"
        )
    if "-v" in sys.argv:
        for path in sorted(LANGID_DIR.glob("*.txt")):
            for text in load_messages(path):
                d = detector.detect(text)
                if d.confident and d.language != path.stem:
                    print(path.stem, "->", d.language, round(d.confidence, 3), text)


if __name__ == "__main__":
    main()
