# Coopt: `make run` starts the whole product on the embedded default,
# `make test` runs the whole suite. Both install what they need first.
# `make bench` measures the 200,000-member scale on PostgreSQL and Redis (docs/performance.md).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

PYENV_PYTHON := $(shell pyenv prefix 3.12.1 2>/dev/null)/bin/python3.12
PYTHON ?= $(or $(wildcard $(PYENV_PYTHON)),$(shell command -v python3.12))
UV := $(PYTHON) -m uv
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-postgres lint install locale-compiled chromium messages backup restore clean bench

install: $(VENV)/.installed locale-compiled

$(VENV)/.installed: pyproject.toml uv.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found (pyenv prefix 3.12.1)"; exit 1; }
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==0.13.9"
	$(UV) sync --locked --python $(PYTHON)
	@touch $@


locale-compiled: $(VENV)/.installed
	@if [ -d locale ]; then $(MANAGE) compilemessages --ignore=.venv -v 0; fi

chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "Starting web, worker and beat. Ctrl-C stops everything."
	$(VENV)/bin/honcho -f Procfile.dev start

test: install chromium
	$(VENV)/bin/pytest

# The same suite on PostgreSQL with the Redis broker (see .ci/run), but for the
# accessibility sweep: it checks markup, contrast and widths, which the database does not
# change, and is the longest browser test; it runs once, on SQLite.
test-postgres: install chromium
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	COOPT_BROKER_URL=$${COOPT_BROKER_URL:-redis://127.0.0.1:6379/0} \
	$(VENV)/bin/pytest --create-db --ignore=tests/browser/test_accessibility.py

# The scale benchmark (bench/): generates the dataset once, then measures the audience, the
# REST API's list pages, a 50,000-e-mail send and the weekly digest through a real worker into
# a local SMTP server, and writes docs/performance.md. Needs PostgreSQL and Redis (its db 7);
# BENCH_MEMBERS=5000 BENCH_JOBS=500 for a quick run. Not part of `make test` or CI.
bench: install
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench} \
	COOPT_BROKER_URL=$${BENCH_BROKER_URL:-redis://127.0.0.1:6379/7} \
	$(VENV)/bin/python -m bench.run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy coopt config tests
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/python tools/check_views.py
	$(VENV)/bin/djlint templates --lint

# Refresh the catalogues from the code (English is the source language).
messages: install
	rm -f locale/en/LC_MESSAGES/django.po  # English is rebuilt: msgstr = msgid
	$(MANAGE) makemessages --ignore=.venv --ignore=tests --ignore=bench --ignore=var --no-obsolete \
		-l fr -l en -l de -l it -l pl -l nl -l es
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	sed -i -e '0,/^#, fuzzy$$/{/^#, fuzzy$$/d}' \
		-e 's/^"Project-Id-Version: PACKAGE VERSION\\n"/"Project-Id-Version: Coopt\\n"/' \
		-e 's/^"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"/"PO-Revision-Date: 2026-01-01 00:00+0000\\n"/' \
		-e 's/^"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"/"Last-Translator: Coopt\\n"/' \
		-e 's/^"Language-Team: LANGUAGE <LL@li.org>\\n"/"Language-Team: English\\n"/' \
		-e 's/^"Language: \\n"/"Language: en\\n"/' locale/en/LC_MESSAGES/django.po
	@for l in fr en de it pl nl es; do msgfmt -c --statistics -o /dev/null locale/$$l/LC_MESSAGES/django.po; done

# Database (VACUUM INTO / pg_dump -Fc) and local media to var/backups/ or OUTPUT=path.
# See docs/operations.md, "Reliability, backup and restore".
backup: install
	$(MANAGE) backup $(if $(OUTPUT),--output "$(OUTPUT)")

# Stop web, worker and beat first. Asks for confirmation (YES=1 does not).
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/coopt-<timestamp>.sqlite3|.dump"; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(YES),--yes)

clean:
	rm -rf $(VENV) var
