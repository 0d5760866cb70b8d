# Shared-service budgets, savings, gateways and decisions. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup assets run test check lint layers format migrations-check reset-db browsers bench bench-writers

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt scripts/setup_venv.sh
	@bash scripts/setup_venv.sh
	@touch $@

setup: $(VENV)/.installed assets ## Virtualenv (Python >= 3.12), packages and front-end assets

assets: ## Compile GOV.UK Frontend (npm) into static/dist
	@bash scripts/build_assets.sh

run: setup ## Set everything up, start the background worker and serve http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_mkip
	$(PY) manage.py create_demo_users
	$(PY) manage.py run_daily
	@echo "Open http://$(HOST):$(PORT)/ and sign in as one of the users above."
	@# The background worker runs beside the web server and stops when it does.
	@$(PY) manage.py run_worker --queue-name '*' --no-reload & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

browsers: ## Debian's Chromium for the browser tests (needs root or sudo)
	@bash scripts/ensure_chromium.sh

test: setup browsers ## Run the whole suite (unit, database, browser and accessibility tests)
	$(PY) -m pytest -q

check: setup lint layers migrations-check ## Lint, format check, import layers, migrations check and security lint (bandit)
	$(PY) manage.py check
	$(VENV)/bin/bandit -q -r config mkip partnership finance staffing governance board reminders bench -ll

layers: ## Fail if a module imports from a floor above its own (import-linter, pyproject.toml)
	$(VENV)/bin/lint-imports

lint: ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: ## Apply ruff's fixes and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: ## Fail if models have changes without migrations
	$(PY) manage.py makemigrations --check --dry-run

reset-db: ## Delete the local SQLite database and load MKIP again
	rm -f mkip.sqlite3
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_mkip
	$(PY) manage.py create_demo_users

bench: setup ## Print the benchmark figures (see bench/)
	$(PY) bench/run.py

bench-writers: setup ## Grid saves by many councils at once, a long import beside them, mixed load (see bench/)
	$(PY) bench/writers.py
