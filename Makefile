# Hulproute: two commands for a newcomer: `make run` and `make test`.
# Every step a fresh machine needs is here; .ci/run calls `make test`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL_HASH = $(shell scripts/model-hash.sh)
MODEL = models/$(MODEL_HASH).tar.gz
# The help directory: a SQLite file built from the data files, unless DATABASE_URL points elsewhere
# (then `hulproute directory build` is run once by whoever runs that database).
DIRECTORY_DB := var/directory.sqlite
DIRECTORY_INPUTS := facts/directory.yml $(wildcard facts/places/*.csv) \
  $(wildcard bot/find_help/directory/*.py bot/db/*.py bot/db/migrations/versions/*.py \
    bot/usage/schema.py)

# Nothing leaves the machine: no Rasa telemetry (and so no Sentry error reports) in any process
# started from here, and no TensorFlow chatter.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1
# Rasa 3.6's dependencies print pages of deprecation warnings that hide real problems.
export PYTHONWARNINGS := ignore::DeprecationWarning,ignore::PendingDeprecationWarning,ignore::FutureWarning

.PHONY: help setup run run-scaled train i18n i18n-check i18n-report test test-unit test-rasa lint constraints clean \
  bench-nlu bench-directory bench-load bench bench-render bench-conversations

help:
	@echo "make run    set up, train if needed, start the bot (web chat on http://127.0.0.1:8080)"
	@echo "make test   set up, train if needed, run every test"
	@echo "make run-scaled  2 Rasa + 2 action servers behind nginx, Redis shared (docs/scale-out.md)"
	@echo "make i18n   extract messages and update the catalogs in locales/"
	@echo "make lint   ruff and mypy"
	@echo "make bench-nlu  NLU accuracy (held-out, SIB-200, xSID), training time, latency -> docs/benchmarks.md"
	@echo "make bench-directory  place resolution + directory lookup latency -> docs/benchmarks.md"
	@echo "make bench-load  50 concurrent conversations for 60 s -> docs/benchmarks.md"
	@echo "make bench  this bot against a plain Rasa (rasa init) under the same load -> docs/benchmarks.md"
	@echo "make bench-render  only rewrite make bench's section and plot from docs/benchmarks-vs-rasa.json"
	@echo "make bench-conversations  whole conversations turn by turn, dev and frozen test sets -> docs/benchmarks.md"

# --- setup ---------------------------------------------------------------------------------
$(STAMP): pyproject.toml constraints.txt scripts/find-python310.sh
	@py=$$(scripts/find-python310.sh) || exit 1; \
	if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade "pip<25"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP) compile-catalogs directory browser web/vendor/socket.io.min.js

# The web chat's one browser dependency, from the npm registry at the version in package-lock.json,
# served by the page itself (nothing is loaded from elsewhere).
web/vendor/socket.io.min.js: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --ignore-scripts --silent
	@mkdir -p web/vendor
	cp web/node_modules/socket.io-client/dist/socket.io.min.js $@

# Debian's Chromium and the Noto fonts (Arabic, Ge'ez, ...): the browser tests drive it and
# `hulproute card` prints PDFs with it. And Debian's nginx: the reverse proxy of
# `hulproute scale-out` (started by it on its own ports; the package's own service stays off).
# And the voices: espeak-ng (`hulproute card --audio`) and speech-dispatcher with its espeak-ng
# module, through which Chromium on Linux offers the Web Speech API's voices (the web chat's
# "listen" button, tested in the browser tests).
# Installed once, as root or through sudo.
SYSTEM_PACKAGES := chromium fonts-noto-core nginx espeak-ng speech-dispatcher speech-dispatcher-espeak-ng
.PHONY: browser
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi ethiopic \
	    || ! [ -x /usr/sbin/nginx ] || ! command -v espeak-ng >/dev/null 2>&1 \
	    || ! [ -d /usr/lib/speech-dispatcher-modules ]; then \
	  echo "Installing $(SYSTEM_PACKAGES) (Debian packages)"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  $$sudo apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null \
	    || { $$sudo apt-get update -q >/dev/null && \
	         $$sudo apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; }; \
	fi

# Rebuilt when the data files or the schema change (migrations, then a full import).
$(DIRECTORY_DB): $(DIRECTORY_INPUTS) | $(STAMP)
	@rm -f $@
	DATABASE_URL= $(BIN)/hulproute directory build --database-url sqlite:///$(CURDIR)/$@

.PHONY: directory
directory: $(if $(DATABASE_URL),,$(DIRECTORY_DB))

.PHONY: compile-catalogs
compile-catalogs: $(STAMP)
	@$(BIN)/pybabel compile -d locales -D messages --statistics 2>&1 | grep -v "^compiling" || true

# --- translations --------------------------------------------------------------------------
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o locales/messages.pot --add-comments=Translators: \
	  --sort-by-file --no-wrap --project=hulproute --copyright-holder="Hulproute contributors" .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile -d locales -D messages --statistics

# CI gate: the template and catalogs are up to date, and every catalog compiles (placeholders).
i18n-check: $(STAMP)
	@tmp=$$(mktemp); $(BIN)/pybabel extract -F babel.cfg -o $$tmp --add-comments=Translators: \
	  --sort-by-file --no-wrap --project=hulproute --copyright-holder="Hulproute contributors" . >/dev/null 2>&1; \
	if ! diff <(grep -v POT-Creation-Date $$tmp) <(grep -v POT-Creation-Date locales/messages.pot) >/dev/null; then \
	  echo "locales/messages.pot is stale: run 'make i18n' and translate the new messages."; rm -f $$tmp; exit 1; fi; rm -f $$tmp
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-wrap --ignore-obsolete --check
	$(BIN)/pybabel compile -d locales -D messages --statistics

# docs/translations.md: completeness and review state per language.
i18n-report: $(STAMP)
	$(BIN)/hulproute i18n-report --out docs/translations.md

# --- model ---------------------------------------------------------------------------------
$(MODEL): | $(STAMP)
	@echo "Training model $(MODEL_HASH) (config, domain, data or components changed)"
	@mkdir -p models
	$(BIN)/rasa train --domain domain --fixed-model-name $(MODEL_HASH) --out models --quiet
	@ls -1t models/*.tar.gz | tail -n +4 | xargs -r rm -f   # keep the three newest models

train: setup $(MODEL)

# --- run -----------------------------------------------------------------------------------
run: train
	$(BIN)/hulproute run --model $(MODEL)

# Several replicas behind nginx, sharing Redis (REDIS_HOST/PORT/DB) and DATABASE_URL, under
# supervisord: docs/scale-out.md. RASA_REPLICAS and ACTION_REPLICAS default to 2.
RASA_REPLICAS ?= 2
ACTION_REPLICAS ?= 2
run-scaled: train
	$(BIN)/hulproute scale-out --model $(MODEL) --rasa $(RASA_REPLICAS) --actions $(ACTION_REPLICAS)

# --- tests ---------------------------------------------------------------------------------
lint: $(STAMP)
	$(BIN)/ruff check bot actions hulproute_rasa tests scripts
	$(BIN)/mypy bot actions

test-unit: setup
	$(BIN)/pytest -q -m "not rasa and not server" tests

test-rasa: train
	$(BIN)/rasa data validate --domain domain --quiet --fail-on-warnings
	$(BIN)/rasa test core --e2e --model $(MODEL) --stories tests/stories --fail-on-prediction-errors \
	  --out results/stories --quiet
	$(BIN)/pytest -q -m "rasa or server" tests --model $(MODEL)

test: i18n-check lint test-unit test-rasa

# --- benchmarks (results in docs/benchmarks.md; code in scripts/bench/) ------------------------
# NLU quality and cost. Trains a fresh model to time it; needs ../shared/benchmarks (SIB-200, xSID)
# or HULPROUTE_BENCH_DIR.
bench-nlu: setup
	$(BIN)/python -m scripts.bench.nlu --train

# 50 concurrent conversations for 60 s over REST against real servers -> docs/benchmarks.md.
bench-load: train
	$(BIN)/python -m scripts.bench.paced_load --model $(MODEL)

# Whole conversations, turn by turn (tests/conversations/{dev,test}), and the intent accuracy of
# tests/nlu/{dev,test}, against the real servers -> docs/benchmarks.md (section conversations).
bench-conversations: train
	$(BIN)/python -m scripts.bench.conversations --model $(MODEL)

# Place resolution and directory lookup latency (SQLite, and the local PostgreSQL if it answers).
bench-directory: setup
	$(BIN)/python -m scripts.bench.directory

# This bot against a plain Rasa 3.6 assistant (`rasa init`, made fresh in a temp dir), one after
# the other: latency and throughput at 1, 10 and 50 users, start-up (and where it goes), memory,
# training time, and a profile of each server under load (py-spy, a dev dependency). About 15
# minutes. Measuring writes only docs/benchmarks-vs-rasa.json; rendering turns it into section
# `bench` of docs/benchmarks.md and docs/benchmarks-vs-rasa.png (a run with errors under load
# stops before rendering: `make bench-render` renders it anyway).
BENCH_JSON := docs/benchmarks-vs-rasa.json
bench: train
	$(BIN)/python -m scripts.bench.compare.measure --model $(MODEL) --out $(BENCH_JSON)
	$(BIN)/python -m scripts.bench.compare.render --json $(BENCH_JSON)

# Only the rendering, from the saved JSON; runs nothing.
bench-render: $(STAMP)
	$(BIN)/python -m scripts.bench.compare.render --json $(BENCH_JSON)

constraints: $(STAMP)
	( echo "# Every package version the project is tested with (pip freeze of a working .venv, Python 3.10)."; \
	  echo "# Regenerate after changing pyproject.toml: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable | grep -vi '^hulproute' ) > constraints.txt

clean:
	rm -rf $(VENV) models results var .rasa .pytest_cache .mypy_cache .ruff_cache \
	  web/node_modules web/vendor
