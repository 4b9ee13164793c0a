# The front door: `make run` serves the site with sample data; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test lint install install-dev js-test-deps messages compilemessages migrate sample-data serve check clean

run: install compilemessages migrate sample-data
	$(MANAGE) ensure_admin
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-dev compilemessages js-test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# axe-core for the accessibility tests (tests/browser), pinned in package-lock.json; skipped when npm is missing.
js-test-deps:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.installed; \
	else echo "npm not found: the accessibility tests will be skipped (apt-get install npm)"; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

compilemessages:
	@command -v msgfmt >/dev/null || { echo "GNU gettext (msgfmt) is needed: apt-get install gettext"; exit 1; }
	$(MANAGE) compilemessages --ignore=$(VENV) -v0

# Extract new strings into every .po file (then translate them).
messages: install-dev
	$(MANAGE) makemessages -l nl -l de --no-obsolete --ignore=$(VENV) --ignore=tests --ignore=bench --ignore=static_collected --ignore=var --ignore=media

migrate:
	$(MANAGE) migrate --noinput

sample-data:
	$(MANAGE) load_sample_data

serve:
	$(MANAGE) runserver $(HOST):$(PORT)

check: install-dev
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=techland.settings.production DJANGO_SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-xxxxxxxxxxxxxxxx ALLOWED_HOSTS=techland.example \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 var static_collected .pytest_cache node_modules ci-artefacts
