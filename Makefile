# Two commands for a fresh clone: `make run` starts the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit bench fuzz screenshot clean train eval goldens

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

# The content fuzzer with many more mutants than the suite runs (FUZZ_SEED picks another run).
FUZZ_COUNT ?= 5000
FUZZ_SEED ?= 20240613
fuzz: $(STAMP)
	FUZZ_COUNT=$(FUZZ_COUNT) FUZZ_SEED=$(FUZZ_SEED) $(BIN)/pytest -q -s -p no:cacheprovider tests/core/test_content_fuzz.py

bench: $(STAMP)
	$(BIN)/pytest -q benchmarks --benchmark-enable --benchmark-columns=min,median,max,rounds

# The act model: trained from corpus/ with a fixed seed, calibrated on held-out batches,
# written to src/sparring/core/scoring/data/acts.model (about 7 minutes, pure Python);
# then the shape model (keyword list or sentence), data/shape.model (about 3 minutes).
train: $(STAMP)
	$(BIN)/python tools/train_acts.py --folds
	$(BIN)/python tools/train_shape.py --folds

# The judge's figures: blind split and dev set; `make eval ARGS=--cv` on the corpus.
eval: $(STAMP)
	$(BIN)/python tools/evaluate.py $(ARGS)

# Refresh the golden conversations (tests/golden) after a deliberate change; read the diff.
goldens: $(STAMP)
	SPARRING_UPDATE_GOLDENS=1 $(BIN)/pytest -q tests/test_golden_conversations.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

screenshot: $(STAMP)
	$(BIN)/python -m sparring.tui.screenshot
