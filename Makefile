# Two commands for a fresh clone: `make run` starts the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit bench screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sparring $(ARGS)

test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks conftest.py
	$(BIN)/ruff format --check src tests benchmarks conftest.py
	$(BIN)/mypy src
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/pytest -q benchmarks --benchmark-enable --benchmark-columns=min,median,max,rounds

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

screenshot: $(STAMP)
	$(BIN)/python -m sparring.tui.screenshot
