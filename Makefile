# Two commands on a fresh machine:
#   make demo   - grid vs random vs Bayesian search on the guide's job (SQLite), plots, report
#   make test   - lint (ruff), type check (mypy) and the test suite (pytest)
# Each creates the virtual environment .venv and installs what it needs.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest bench docs clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "hyperscout needs Python 3.11+, got " + sys.version)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

# The guide's comparison: grid vs random vs Bayesian search on examples/guide.toml (3 seeds),
# summary on the terminal, pictures and the HTML report in out/.
demo: $(STAMP)
	$(VENV)/bin/hyperscout compare examples/guide.toml --out out

lint: $(STAMP)
	$(VENV)/bin/ruff check hyperscout tests benchmarks examples

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# The dashboard's browser test drives Debian's headless Chromium; install it where we can
# (root with apt-get), otherwise that test skips and says why.
BROWSER_STAMP := $(VENV)/.installed-browser
$(BROWSER_STAMP): $(STAMP)
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "could not install chromium; the browser test will skip"; \
	else echo "chromium not installed and no root apt-get: the browser test will skip"; fi
	@touch $@

pytest: $(STAMP) $(BROWSER_STAMP)
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

# The reference documentation (docs/_build/html), built from the docstrings; warnings are errors.
docs: $(STAMP)
	$(VENV)/bin/sphinx-build -q -W -b html docs docs/_build/html
	@echo "docs/_build/html/index.html"

$(VENV)/.installed-bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@touch $@

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/overhead.py

clean:
	rm -rf $(VENV) out docs/_build .mypy_cache .ruff_cache .pytest_cache
