# The README's commands. Everything runs from a local virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test check lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build the site on the example registry and serve it with live reload
	$(BIN)/mkdocs serve --livereload

build: $(STAMP)  ## build the site into site/ (what GitHub Pages publishes)
	$(BIN)/mkdocs build --strict

test: $(STAMP)  ## the whole test suite (browser tests need Debian's chromium)
	$(BIN)/python -m pytest

check: $(STAMP)  ## evaluate the example registry in the terminal
	$(BIN)/lifecycle-report check --registry registry

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(STAMP)  ## every performance ratio and its goal (docs/rendimiento.md); BENCH_ARGS=--quick
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .cache .pytest_cache
