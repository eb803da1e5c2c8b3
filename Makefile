# Passerelles Culture — `make run` to try it, `make test` to check it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# Links in emails, feeds and the sitemap name the port the development server listens on.
DEV := DJANGO_SETTINGS_MODULE=passerelles.settings.dev SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}
# Without DATABASE_URL, the project's own PostgreSQL server (passerelles/localdb.py, data in
# var/postgres/) serves the command and `$$stop_database` stops it when the command exits,
# unless it was running already (another `make run`): then it is shared and left running.
LOCALDB := $(BIN)/python -m passerelles.localdb
WITH_DATABASE = stop_database=:; \
	if [ -z "$$DATABASE_URL" ] && ! DATABASE_URL=$$($(LOCALDB) url 2>/dev/null); then \
		echo "Starting the project's PostgreSQL server (data in var/postgres/) ..."; \
		DATABASE_URL=$$($(LOCALDB) start) || exit 1; \
		stop_database="$(LOCALDB) stop"; \
	fi; \
	export DATABASE_URL
INSTALLED := $(VENV)/.installed
RELOAD_DIRS := $(foreach dir,passerelles communaute ressources templates,--reload-dir $(dir))
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: help run worker scheduler digests retention backup test lint format messages seed demo-code shell superuser check-browser lock

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when the lock changes, so a second `make run` starts in seconds.
$(INSTALLED): requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install gettext (apt-get install gettext)."; exit 1; }
	msgfmt --check-format -o $@ $<

run: $(INSTALLED) $(MO_FILES) ## Set everything up and serve on http://127.0.0.1:$(PORT)/ (with the worker and the scheduler)
	@# One shell for the whole recipe, so that the worker, the scheduler and the database
	@# server started here stop with the development server. The server is not the last
	@# command, or bash would replace itself with it and the trap would never run (the worker
	@# and the scheduler, started in the background, ignore Ctrl-C).
	@# The server is uvicorn (ASGI, passerelles/asgi.py): pages as under runserver, static files
	@# from the source folders (DEBUG), and the live-updates streams (/direct/flux/), which a
	@# WSGI server cannot hold. It restarts when Python code or a template changes (the cached
	@# template loader reloads only under runserver); not for var/ (the database's files).
	@$(WITH_DATABASE); trap '$$stop_database' EXIT; \
	$(DEV) $(MANAGE) migrate --noinput && $(DEV) $(MANAGE) seed_demo --if-empty || exit 1; \
	$(DEV) $(MANAGE) db_worker & worker=$$!; \
	$(DEV) $(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler; $$stop_database' EXIT; \
	$(DEV) $(BIN)/uvicorn passerelles.asgi:application --host 127.0.0.1 --port $(PORT) \
		--reload $(RELOAD_DIRS) --reload-include '*.html'; status=$$?; exit $$status

worker: $(INSTALLED) ## Run the background tasks (notification emails) as they are queued
	$(DEV) $(MANAGE) db_worker

scheduler: $(INSTALLED) ## Run the scheduled jobs (digests, feedback, retention) at their times
	$(DEV) $(MANAGE) run_scheduler

digests: $(INSTALLED) ## Send the digests that are due now and retry failed emails (the scheduler does it hourly)
	$(DEV) $(MANAGE) send_digests

retention: $(INSTALLED) ## Show what the retention schedule would delete now (dry run)
	$(DEV) $(MANAGE) apply_retention --dry-run

backup: $(INSTALLED) ## Back up the database and the media into var/backups/ (restore: see README)
	@$(WITH_DATABASE); trap '$$stop_database' EXIT; \
	$(DEV) $(MANAGE) backup

check-browser:
	@test -x /usr/bin/chromium || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's Chromium for the browser tests ..."; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
				|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; \
		fi; \
		test -x /usr/bin/chromium || { echo "The browser tests drive Debian's Chromium, which is missing: run 'sudo apt-get install -y chromium', then make test again."; exit 1; }; \
	}

test: $(INSTALLED) $(MO_FILES) check-browser ## Run the whole suite (browser tests included) on PostgreSQL
	@$(WITH_DATABASE); trap '$$stop_database' EXIT; \
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

.PHONY: bench
# The forum's size and how long each page is loaded in each of the 3 rounds (README, Performance).
BENCH_POSTS ?= 100000
BENCH_SECONDS ?= 3
bench: $(INSTALLED) $(MO_FILES) ## Measure the pages under gunicorn + production settings (BENCH_POSTS=100000)
	@$(WITH_DATABASE); trap '$$stop_database' EXIT; \
	$(DEV) $(MANAGE) bench --posts $(BENCH_POSTS) --seconds $(BENCH_SECONDS)

.PHONY: lighthouse
# Lighthouse is a Node program installed apart (README, Performance); without it, skipped.
lighthouse: $(INSTALLED) $(MO_FILES) ## Audit home, community home, a topic and the catalogue with Lighthouse (mobile)
	@$(WITH_DATABASE); trap '$$stop_database' EXIT; \
	$(DEV) $(MANAGE) migrate --noinput -v0 && $(DEV) $(MANAGE) seed_demo --if-empty || exit 1; \
	$(DEV) $(MANAGE) lighthouse

.PHONY: load
LOAD_MEMBERS ?= 50
LOAD_SECONDS ?= 120
load: $(INSTALLED) ## Members post at once to the running `make run` (LOAD_SECONDS=120), then check
	@$(WITH_DATABASE); trap '$$stop_database' EXIT; \
	$(DEV) $(MANAGE) load_test --url http://127.0.0.1:$(PORT) --members $(LOAD_MEMBERS) \
		--seconds $(LOAD_SECONDS) --cleanup

lint: $(INSTALLED) ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(INSTALLED) ## Extract the French source strings into locale/en, then compile them
	$(DEV) $(MANAGE) makemessages --locale en --no-location --no-obsolete --ignore '.venv/*' --ignore 'tests/*'
	$(DEV) $(MANAGE) french_plurals
	$(MAKE) $(MO_FILES)

seed: $(INSTALLED) ## Add the demo content (idempotent)
	$(DEV) $(MANAGE) seed_demo

demo-code: $(INSTALLED) ## Print the current two-factor code of the demo accounts with a role
	@$(DEV) $(MANAGE) demo_totp_code

shell: $(INSTALLED) ## A Django shell with the development settings
	$(DEV) $(MANAGE) shell

superuser: $(INSTALLED) ## Create an administrator account
	$(DEV) $(MANAGE) createsuperuser

lock: $(INSTALLED) ## Re-resolve requirements/*.txt from pyproject.toml (needs PyPI)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.txt
