# The README's commands. Everything runs from a local virtualenv in .venv.
# Each target installs only what it needs: serve/build the package, test its test extra,
# lint its dev extra. A stamp per extra reinstalls when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build build-properdocs build-zensical test test-pandas3 check lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-%: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.$(if $(filter base,$*),,[$*])'
	touch $@

serve: $(VENV)/.installed-base  ## build the site on the example registry and serve it with live reload
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --livereload --dirty

build: $(VENV)/.installed-base  ## build the site into site/ (what GitHub Pages publishes)
	$(BIN)/mkdocs build --strict

build-properdocs: $(VENV)/.installed-engines  ## the same site built by ProperDocs (runs the plugin)
	$(BIN)/properdocs build --strict -f mkdocs.yml

build-zensical: $(VENV)/.installed-engines  ## the tree `generate` writes, built by Zensical (build/zensical/site/)
	$(BIN)/lifecycle-report generate --out build/zensical
	$(BIN)/zensical build --strict --clean -f build/zensical/mkdocs.yml

test: $(VENV)/.installed-test  ## the whole test suite (browser tests need Debian's chromium)
	$(BIN)/python -m pytest

# The test extra pins pandas 2 (evidently needs it); the package also runs on pandas 3:
# the monitoring readers' tests run again in a venv of their own with the newest pandas.
test-pandas3: pyproject.toml  ## the monitoring tests on pandas 3 (.venv-pandas3, no evidently)
	test -x .venv-pandas3/bin/python || $(PYTHON) -m venv .venv-pandas3
	.venv-pandas3/bin/python -m pip install -q -e . "pandas>=3" pytest
	.venv-pandas3/bin/python -m pytest -q tests/test_summaries.py tests/test_loader.py tests/test_bad_input.py

# The example registry's evaluation date, as pinned in mkdocs.yml (as_of): its summaries end on
# 2026-11-16, so its statuses are the same on any day. A real registry leaves it out (today).
EXAMPLE_AS_OF := 2026-11-20

check: $(VENV)/.installed-base  ## evaluate the example registry in the terminal (at its pinned date)
	$(BIN)/lifecycle-report check --registry registry --as-of $(EXAMPLE_AS_OF)

lint: $(VENV)/.installed-dev  ## ruff (lint and format) and mypy, as CI runs them
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

bench: $(VENV)/.installed-test  ## every performance ratio and its goal (docs/rendimiento.md); BENCH_ARGS="--only build --n 300"
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .venv-pandas3 site build .cache .pytest_cache
