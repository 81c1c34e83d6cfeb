# socius developer commands. Each target creates its own virtual environment in .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt
YEAR ?=
OUT ?= socius-report.html

.PHONY: run test install install-dev browser lint typecheck unit data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) -e .

install-dev: $(BIN)/python
	$(PIP) -e '.[dev]'

## Main job: install and write the HTML report on the bundled data.
run: install
	$(BIN)/socius report --out $(OUT) $(if $(YEAR),--year $(YEAR),)

## Whole test suite: lint, type check (strict on the library), tests (the report's browser
## test uses the system Chromium, installed from Debian's packages by .ci/ensure-browser).
test: install-dev browser lint typecheck unit

browser:
	sh .ci/ensure-browser

lint:
	$(BIN)/ruff check src tests benchmarks data-raw tools
	$(BIN)/ruff format --check src tests benchmarks data-raw tools

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -n 2 -q

## Rebuild the bundled snapshots from ../shared/data (maintainers only).
data: $(BIN)/python
	$(PIP) -e '.[dev,build]'
	cd data-raw && ../$(BIN)/python build_all.py

## Speed and memory benchmarks (results in benchmarks/results/, see docs/performance.md).
bench: install-dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
