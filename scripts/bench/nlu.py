"""`make bench-nlu`: NLU quality and cost, written into docs/benchmarks.md (+ a PNG plot).

1. Held-out intent accuracy and macro-F1 per language (tests/nlu/dev/, never trained on), through
   the trained Rasa model, as users meet it (fallback included: nlu_fallback counts as wrong).
2. SIB-200 topic classification, in-language train (701) / test (204), with the project's
   intent classifier (bot.intent_classifier, the model inside the Rasa component), next to the
   published MLP and XLM-R numbers.
3. xSID: train on each language's `valid` (300), test on `test` (500), same classifier.
   Arabic is scored against the English labels (the Arabic test file has 26 wrong labels).
4. Model training time, model size and parse latency per message.

Usage: .venv/bin/python -m scripts.bench.nlu --train      (trains a fresh model and times it)
       .venv/bin/python -m scripts.bench.nlu --model models/<hash>.tar.gz
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score

from bot.intent_classifier import IntentClassifier
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import load_labelled_examples, strip_markup
from bot.settings import PROJECT_ROOT
from scripts.bench.doc import DOC, markers, write_section

BENCH_DIR = Path(
    os.environ.get("HULPROUTE_BENCH_DIR", PROJECT_ROOT.parent / "shared" / "benchmarks")
)
PLOT = PROJECT_ROOT / "docs" / "benchmarks-nlu.png"
START, END = markers("bench-nlu")

# Published accuracy (%), SIB-200 paper Table 7 (see shared/benchmarks/sib-200/README.md).
SIB_PUBLISHED = {
    "eng_Latn": (59.9, 90.0, 92.1),
    "nld_Latn": (59.3, 88.1, 90.6),
    "fra_Latn": (57.6, 89.2, 89.7),
    "arb_Arab": (70.9, 88.2, 87.8),
    "pes_Arab": (65.7, 88.6, 91.0),
    "prs_Arab": (64.65, 86.0, 89.1),
    "tur_Latn": (65.4, 87.4, 90.4),
    "ukr_Cyrl": (61.7, 89.6, 91.6),
    "rus_Cyrl": (64.0, 88.8, 89.2),
    "pol_Latn": (60.7, 88.0, 90.3),
    "ron_Latn": (57.25, 87.0, 90.3),
    "som_Latn": (61.2, 65.1, 78.7),
    "tir_Ethi": (57.0, 53.9, 67.7),
    "amh_Ethi": (66.9, 80.1, 84.2),
    "bul_Cyrl": (66.0, 88.4, 91.4),
    "vie_Latn": (69.7, 88.3, 90.5),
    "pbt_Arab": (56.4, 80.5, 81.8),
    "ckb_Arab": (64.0, 37.7, 50.1),
}
XSID_LANGUAGES = ("en", "nl", "ar", "tr", "de", "da")


def train_model() -> tuple[Path, float]:
    """Train the whole model (NLU for every language, rules, detector) from scratch; time it."""
    out = PROJECT_ROOT / "results" / "bench-model"
    out.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).parent / "rasa"), "train", "--domain", "domain",
        "--fixed-model-name", "bench", "--out", str(out), "--force", "--quiet",
    ]  # fmt: skip
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    start = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    return out / "bench.tar.gz", time.perf_counter() - start


def heldout(model: Path) -> tuple[dict[str, dict[str, float]], list[float]]:
    """Accuracy and macro-F1 per language through the Rasa model; parse latencies (ms)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    results: dict[str, dict[str, float]] = {}
    latencies: list[float] = []

    async def parse_all(texts: list[str]) -> list[str]:
        predicted = []
        for text in texts:
            start = time.perf_counter()
            parsed = await agent.parse_message(text)
            latencies.append((time.perf_counter() - start) * 1000)
            predicted.append(parsed["intent"]["name"])
        return predicted

    for language in SUPPORTED_LANGUAGES:
        pairs = load_labelled_examples(PROJECT_ROOT / "tests" / "nlu" / "dev" / f"{language}.yml")
        gold = [intent for intent, _ in pairs]
        predicted = asyncio.run(parse_all([strip_markup(text) for _, text in pairs]))
        results[language] = {
            "examples": len(pairs),
            "accuracy": accuracy_score(gold, predicted),
            "macro_f1": f1_score(gold, predicted, average="macro", zero_division=0),
        }
    return results, latencies


def sib200() -> dict[str, dict[str, float]]:
    """In-language train/test on SIB-200 with the project's classifier."""
    results = {}
    for folder in sorted((BENCH_DIR / "sib-200" / "data").iterdir()):

        def read(split: str, folder: Path = folder) -> tuple[list[str], list[str]]:
            lines = (folder / f"{split}.tsv").read_text(encoding="utf-8").splitlines()[1:]
            rows = [line.split("\t") for line in lines if line.strip()]
            return [r[2] for r in rows], [r[1] for r in rows]

        (x_train, y_train), (x_test, y_test) = read("train"), read("test")
        start = time.perf_counter()
        model = IntentClassifier().fit(x_train, y_train)
        seconds = time.perf_counter() - start
        predicted = model.predict(x_test)
        results[folder.name] = {
            "accuracy": accuracy_score(y_test, predicted),
            "macro_f1": f1_score(y_test, predicted, average="macro", zero_division=0),
            "train_seconds": seconds,
        }
    return results


def _read_conll(path: Path) -> tuple[list[str], list[str]]:
    texts, intents = [], []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        meta = {}
        for line in block.splitlines():
            if line.startswith("# ") and " = " in line:
                key, _, value = line[2:].partition(" = ")
                meta[key.strip()] = value.strip()
        if "text" in meta and "intent" in meta:
            texts.append(meta["text"])
            intents.append(meta["intent"])
    return texts, intents


def xsid() -> dict[str, dict[str, float]]:
    """Train on valid, test on test, per language (Arabic scored against English labels)."""
    data = BENCH_DIR / "xsid" / "data"
    english_test_labels = _read_conll(data / "en.test.conll")[1]
    results = {}
    for language in XSID_LANGUAGES:
        x_train, y_train = _read_conll(data / f"{language}.valid.conll")
        x_test, y_test = _read_conll(data / f"{language}.test.conll")
        if language == "ar":
            y_test = english_test_labels
        predicted = IntentClassifier().fit(x_train, y_train).predict(x_test)
        results[language] = {
            "accuracy": accuracy_score(y_test, predicted),
            "macro_f1": f1_score(y_test, predicted, average="macro", zero_division=0),
        }
    return results


def plot(held: dict[str, dict[str, float]], sib: dict[str, dict[str, float]]) -> None:
    """Held-out accuracy per language, and SIB-200 against the published baselines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5))
    languages = list(held)
    left.bar(languages, [held[lang]["accuracy"] * 100 for lang in languages], color="#1d3557")
    left.axhline(90, color="#e63946", linestyle="--", linewidth=1, label="target 90%")
    left.set_ylim(0, 100)
    left.set_title("Held-out intent accuracy (tests/nlu/dev)")
    left.set_ylabel("%")
    left.legend(loc="lower right")
    names = [n for n in SIB_PUBLISHED if n in sib]
    x = range(len(names))
    width = 0.27
    right.bar(
        [i - width for i in x],
        [SIB_PUBLISHED[n][0] for n in names],
        width,
        label="MLP (paper)",
        color="#a8dadc",
    )
    right.bar(
        list(x),
        [sib[n]["accuracy"] * 100 for n in names],
        width,
        label="Hulproute",
        color="#1d3557",
    )
    right.bar(
        [i + width for i in x],
        [SIB_PUBLISHED[n][1] for n in names],
        width,
        label="XLM-R base (paper)",
        color="#e9c46a",
    )
    right.set_xticks(list(x))
    right.set_xticklabels([n.split("_")[0] for n in names], rotation=45)
    right.set_ylim(0, 100)
    right.set_title("SIB-200 topic accuracy, in-language")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3, fontsize=8)
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)


def render(
    held: dict[str, dict[str, float]],
    latencies: list[float],
    sib: dict[str, dict[str, float]],
    xs: dict[str, dict[str, float]],
    model: Path,
    train_seconds: float | None,
) -> str:
    """The Markdown section between the bench-nlu markers."""
    lines = [START, "## NLU (`make bench-nlu`)", ""]
    today = time.strftime("%Y-%m-%d")
    lines.append(f"Generated {today} on this machine (2 cores). ![NLU](benchmarks-nlu.png)")
    lines += [
        "",
        "### Held-out intent accuracy (tests/nlu/dev: the development set, never trained on,"
        " used to choose the pipeline; through the Rasa model)",
        "",
    ]
    lines += ["| language | examples | accuracy | macro-F1 | target 90% |", "|---|---|---|---|---|"]
    for language, r in held.items():
        ok = "met" if r["accuracy"] >= 0.9 else f"missed by {90 - r['accuracy'] * 100:.1f} points"
        row = f"| {language} | {r['examples']:.0f} | {r['accuracy']:.1%} | {r['macro_f1']:.3f}"
        lines.append(f"{row} | {ok} |")
    mean = statistics.mean(r["accuracy"] for r in held.values())
    lines.append(
        f"| **mean** | | **{mean:.1%}** | | target 95%: {'met' if mean >= 0.95 else 'missed'} |"
    )
    lines += ["", "### SIB-200 (topic classification; in-language train 701 / test 204)", ""]
    lines += [
        "Same classifier as in the bot (`bot.intent_classifier`), trained per language. "
        "Published numbers: Adelani et al. 2023, Table 7. Nigerian Pidgin (pcm) has no "
        "SIB-200 set (FLORES-200 has no Pidgin): its only measure here is the held-out set above.",
        "",
        "| language | accuracy | macro-F1 | MLP (paper) | XLM-R base | XLM-R large | vs MLP |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in sib.items():
        mlp, base, large = SIB_PUBLISHED.get(name, (float("nan"),) * 3)
        lines.append(
            f"| {name} | {r['accuracy']:.1%} | {r['macro_f1']:.3f} | {mlp} | {base} | {large} "
            f"| {r['accuracy'] * 100 - mlp:+.1f} |"
        )
    lines += ["", "### xSID (train on `valid` 300, test on `test` 500, per language)", ""]
    lines += [
        "In-language, low-resource setting: not comparable to the paper's zero-shot numbers. "
        "Arabic is scored against the English labels.",
        "",
        "| language | accuracy | macro-F1 |",
        "|---|---|---|",
    ]
    for language, r in xs.items():
        lines.append(f"| {language} | {r['accuracy']:.1%} | {r['macro_f1']:.3f} |")
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    lines += [
        "",
        "### Cost",
        "",
        "| what | value |",
        "|---|---|",
        f"| model training time (`rasa train`, whole model) | {train_seconds:.0f} s |"
        if train_seconds
        else "| model training time | not measured in this run |",
        f"| model size | {model.stat().st_size / 1e6:.1f} MB |",
        f"| parse latency per message, median / p95 ({len(latencies)} messages) | "
        f"{statistics.median(latencies):.1f} ms / {p95:.1f} ms |",
        "",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, help="use this model instead of training one")
    parser.add_argument("--train", action="store_true", help="train a fresh model and time it")
    args = parser.parse_args()
    if not args.train and not args.model:
        parser.error("give --train or --model")
    if not (BENCH_DIR / "sib-200").is_dir():
        raise SystemExit(f"benchmark data not found in {BENCH_DIR} (set HULPROUTE_BENCH_DIR)")
    model, train_seconds = args.model, None
    if args.train:
        model, train_seconds = train_model()
    held, latencies = heldout(model)
    sib = sib200()
    xs = xsid()
    plot(held, sib)
    write_section("bench-nlu", render(held, latencies, sib, xs, model, train_seconds))
    (PROJECT_ROOT / "results").mkdir(exist_ok=True)
    (PROJECT_ROOT / "results" / "bench-nlu.json").write_text(
        json.dumps({"heldout": held, "sib200": sib, "xsid": xs}, indent=1)
    )
    print(f"wrote {DOC.relative_to(PROJECT_ROOT)} and {PLOT.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
