# The two commands a newcomer runs: `make demo` and `make test`.
# Each creates its own virtual environment in .venv (re-installed when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo needs wellarch alone; the tests add their tools and the semantic extra.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo serve test lint format bench clean

# The test environment carries the optional semantic extra too, so both coverage analysers are
# tested. CPU torch goes in first, pinned as in pyproject.toml, so no CUDA build is ever resolved.
TORCH := torch==2.13.0

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet '$(TORCH)'
	$(BIN)/pip install --quiet -e '.[test,semantic]'
	touch $(TEST_STAMP)

PORT ?= 8000

# The main job: review the sample workload on SQLite, write its reports to out/, then serve
# the web UI on it and print the URL (Ctrl+C stops the server).
demo: $(STAMP)
	$(BIN)/python -m wellarch.demo
	$(BIN)/wellarch --db sqlite:///$(CURDIR)/out/demo.db serve --sample --port $(PORT)

# The web UI again on the demo's database (without re-running the demo).
serve: $(STAMP)
	mkdir -p out && $(BIN)/wellarch --db sqlite:///$(CURDIR)/out/demo.db serve --sample --port $(PORT)

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(TEST_STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/lens_load.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
