"""The channels' quick read of a refused message settles danger as the NLU pipeline does: the
thresholds in hulproute_rasa/channels.py are the ones config.yml gives the pipeline."""

import re

import yaml

from bot.settings import PROJECT_ROOT


def _pipeline(name):
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    return next(c for c in config["pipeline"] if c["name"].endswith(name))


def _constant(name):
    source = (PROJECT_ROOT / "hulproute_rasa" / "channels.py").read_text(encoding="utf-8")
    return float(re.search(rf"^{name} = ([0-9.]+)", source, re.M).group(1))


def test_the_channels_use_the_pipelines_thresholds():
    fallback = _pipeline("FallbackClassifier")["threshold"]
    safety = _pipeline("DangerSafetyNet")
    assert _constant("URGENT_MIN_CONFIDENCE") == fallback == safety["fallback_threshold"]
    assert _constant("URGENT_EMERGENCY_MIN") == safety["emergency_min"]
