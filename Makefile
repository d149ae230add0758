# `make run` and `make test` work on a fresh clone: each creates .venv and installs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The browser, accessibility and HTML checks (tests/e2e) need Debian's Chromium, Java and
# the npm tools pinned in package-lock.json; each check is skipped, saying why, without its tool.
CHROMIUM := /usr/bin/chromium
NODE_TOOLS := node_modules/.package-lock.json

.PHONY: run test e2e lint format install browser-tools migrate fixtures serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(INSTALLED)

# axe-core and vnu-jar; --ignore-scripts: vnu-jar's install script would download a Java.
$(NODE_TOOLS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund \
	    || echo "npm ci failed: the accessibility and HTML checks will be skipped."; \
	else echo "npm not found: the accessibility and HTML checks will be skipped."; fi

browser-tools: $(NODE_TOOLS)

migrate: install
	$(BIN)/python manage.py migrate --noinput

fixtures: migrate
	$(BIN)/python manage.py load_article
	$(BIN)/python manage.py load_catalog

run: fixtures
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install browser-tools
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest
	@$(BROWSER_CHECKS_NOTE)

# Only the browser, accessibility and HTML checks.
e2e: install browser-tools
	$(BIN)/python -m pytest -m e2e
	@$(BROWSER_CHECKS_NOTE)

BROWSER_CHECKS_NOTE = \
	test -x $(CHROMIUM) || echo "SKIPPED the browser tests: Chromium not found at $(CHROMIUM): \
	apt-get install chromium to run the browser tests."; \
	command -v java >/dev/null 2>&1 || echo "SKIPPED the HTML check: java not found \
	(apt-get install default-jre-headless)."; \
	test -f $(NODE_TOOLS) || echo "SKIPPED the accessibility and HTML checks: \
	node_modules not installed (npm ci)."

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-shaped server: set DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
# (and DATABASE_URL, REDIS_URL) first.
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn sadlist.wsgi --bind $(HOST):$(PORT) --workers 3 --access-logfile -

# The load benchmark (bench/load.py): PostgreSQL and Redis on this machine, and wrk.
bench: install
	@command -v wrk >/dev/null 2>&1 || { echo "wrk not found: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules artifacts
