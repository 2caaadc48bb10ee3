# Two commands on a fresh machine:
#   make demo   - a real tuning run on the embedded SQLite default, with plots and a report
#   make test   - lint (ruff), type check (mypy) and the test suite (pytest)
# Each creates the virtual environment .venv and installs what it needs.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "hyperscout needs Python 3.11+, got " + sys.version)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

demo: $(STAMP)
	$(PY) examples/demo.py --out out/demo

lint: $(STAMP)
	$(VENV)/bin/ruff check hyperscout tests benchmarks examples

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

$(VENV)/.installed-bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@touch $@

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/overhead.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
