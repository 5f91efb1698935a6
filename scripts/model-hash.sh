#!/usr/bin/env bash
# Hash of everything a trained model depends on: config, domain, training data, and the code of
# the custom NLU components and policy. Same inputs -> same model file -> no retraining.
set -eu
cd "$(dirname "$0")/.."
find config.yml domain data hulproute_rasa bot facts/langid -type f \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) \
  -not -path '*/__pycache__/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
