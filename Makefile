# Zicht: the two commands a new user needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run federation test install install-dev bench-venv load-venv chromium lint typecheck migrations-check openapi openapi-check pytest clean

$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv

# The lock files pin every version; `uv pip install -r` never removes what the other lock added.
$(VENV)/.installed-run: requirements/base.lock pyproject.toml | $(VENV)/bin/uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements/base.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock $(VENV)/.installed-run
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo
	@echo "  Zicht draait op  http://127.0.0.1:$(PORT)/   (stoppen: Ctrl-C; de gegevens blijven in var/)"
	@echo
	@PORT=$(PORT) scripts/serve.sh

# The national register and two Zicht organisations with a shared family (README, issue 14).
federation: install
	@scripts/federation.sh

# The register benchmark's comparison libraries (recordlinkage, clkhash, anonlink, splink) in a
# virtualenv of their own, with the project on top: bench/register_quality.py runs there.
bench-venv: requirements/bench.lock requirements/base.lock | $(VENV)/bin/uv
	$(PYTHON) -m venv var/bench-venv
	$(VENV)/bin/uv pip install --quiet --python var/bench-venv/bin/python -r requirements/bench.lock
	$(VENV)/bin/uv pip install --quiet --python var/bench-venv/bin/python -r requirements/base.lock
	$(VENV)/bin/uv pip install --quiet --python var/bench-venv/bin/python --no-deps -e .

# The load test's client (locust) in a virtualenv of its own: bench/load.py runs it there.
load-venv: requirements/load.lock | $(VENV)/bin/uv
	$(PYTHON) -m venv var/load-venv
	$(VENV)/bin/uv pip install --quiet --python var/load-venv/bin/python -r requirements/load.lock

chromium:
	@scripts/ensure-chromium.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: install-dev
	$(VENV)/bin/mypy

migrations-check: install-dev
	$(PY) manage.py makemigrations --check --dry-run

openapi: install-dev
	$(PY) manage.py spectacular --format openapi-json --file docs/openapi.json --validate --fail-on-warn
	REGISTER_VAR_DIR=$$(mktemp -d) $(PY) -m zicht.register spectacular --format openapi-json --file docs/register-openapi.json --validate --fail-on-warn

openapi-check: install-dev
	@scripts/check-openapi.sh

pytest: install-dev chromium
	@scripts/run-tests.sh

test: install-dev chromium lint typecheck migrations-check openapi-check pytest

clean:
	rm -rf $(VENV) var/test-*
