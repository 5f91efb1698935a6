#!/usr/bin/env bash
# Hash of everything a trained model depends on: config, domain, training data, the language-
# detection corpora, the Rasa adapters, and the core modules whose code shapes what training
# stores (the intent classifier, the language detector, text folding, the language list).
# Same inputs -> same model file -> no retraining. Other core modules (places, directory,
# residence, ...) run at inference from source and are not part of the model, so changing them
# does not retrain. A new core module used while TRAINING must be added to CORE below.
# The adapters Rasa loads only to serve (channels, NLG, tracker store) are not in the model
# either: SERVING_ONLY lists them, so that changing them does not retrain.
set -eu
cd "$(dirname "$0")/.."
CORE="bot/intent_classifier.py bot/language/detection.py bot/text_normalization.py bot/language/codes.py
  bot/residence/situations.py bot/residence/rules.py bot/emergency/danger.py
  bot/privacy/deletion.py"
SERVING_ONLY="hulproute_rasa/channels.py hulproute_rasa/nlg.py hulproute_rasa/tracker_store.py
  hulproute_rasa/lock_store.py hulproute_rasa/rasa_speedups.py hulproute_rasa/messengers.py"
{ find config.yml domain data hulproute_rasa facts/langid -type f \
    \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) -not -path '*/__pycache__/*' \
    | grep -vxF -f <(printf '%s\n' $SERVING_ONLY)
  printf '%s\n' $CORE; } | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
