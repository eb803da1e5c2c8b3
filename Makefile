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
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: help run worker digests backup test lint format messages seed shell superuser check-browser lock

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

run: $(INSTALLED) $(MO_FILES) ## Set everything up and serve on http://127.0.0.1:$(PORT)/
	@# One shell for the whole recipe, so that the worker and the database server started here
	@# stop with the development server. runserver is not the last command, or bash would
	@# replace itself with it and the trap would never run (the worker, started in the
	@# background, ignores Ctrl-C).
	@$(WITH_DATABASE); trap '$$stop_database' EXIT; \
	$(DEV) $(MANAGE) migrate --noinput && $(DEV) $(MANAGE) seed_demo --if-empty || exit 1; \
	$(DEV) $(MANAGE) db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker; $$stop_database' EXIT; \
	$(DEV) $(MANAGE) runserver 127.0.0.1:$(PORT); status=$$?; exit $$status

worker: $(INSTALLED) ## Run the background tasks (notification emails) as they are queued
	$(DEV) $(MANAGE) db_worker

digests: $(INSTALLED) ## Send the digests that are due and retry failed emails (cron: hourly)
	$(DEV) $(MANAGE) send_digests

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

shell: $(INSTALLED) ## A Django shell with the development settings
	$(DEV) $(MANAGE) shell

superuser: $(INSTALLED) ## Create an administrator account
	$(DEV) $(MANAGE) createsuperuser

lock: $(INSTALLED) ## Re-resolve requirements/*.txt from pyproject.toml (needs PyPI)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.txt
