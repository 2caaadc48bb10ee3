# Two commands on a fresh machine:
#   make demo   - grid vs random vs Bayesian search on the guide's job (SQLite), plots, report
#   make test   - lint (ruff), type check (mypy) and the test suite (pytest)
# Each creates the virtual environment .venv and installs what it needs.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev

.PHONY: demo test test-min lint typecheck pytest bench docs clean

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

# The lowest supported versions of the runtime dependencies and pandas (each pinned to the lower
# bound in pyproject.toml) in a second environment, with a fast subset of the tests: the core and the
# scikit-learn front door.
MIN_VENV ?= .venv-min
MIN_STAMP := $(MIN_VENV)/.installed-min
MIN_TESTS ?= tests/test_distributions.py tests/trial tests/study tests/sklearn/test_resume.py \
	tests/sklearn/test_grid_random.py tests/sklearn/test_bayes.py tests/sklearn/test_name_checks.py \
	tests/sklearn/test_scipy_distributions.py tests/sklearn/test_space.py

$(MIN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MIN_VENV)/bin/python -c 'import re, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; deps = p["dependencies"] + p["optional-dependencies"]["pandas"]; print("\n".join(re.sub(r">=([^,]+),.*", r"==\1", d) for d in deps))' > $(MIN_VENV)/lowest.txt
	$(MIN_VENV)/bin/python -m pip install --quiet -c $(MIN_VENV)/lowest.txt -e ".[pandas]" "pytest>=8,<10" "pytest-timeout>=2.2,<3"
	@touch $@

test-min: $(MIN_STAMP)
	$(MIN_VENV)/bin/python -m pip list 2>/dev/null | grep -iE '^(numpy|scipy|sqlalchemy|scikit-learn|joblib|threadpoolctl|tqdm|pandas) '
	$(MIN_VENV)/bin/python -m pytest -q -p no:cacheprovider -m "not slow" $(MIN_TESTS)

$(VENV)/.installed-bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	@touch $@

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/overhead.py

clean:
	rm -rf $(VENV) $(MIN_VENV) out docs/_build .mypy_cache .ruff_cache .pytest_cache
