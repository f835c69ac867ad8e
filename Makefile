# dtanalysis — run `make help` for the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "dtanalysis needs Python >= 3.11 (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q dtanalysis
	@touch $(STAMP)

.PHONY: help install briefings test test-fast lint lab validate sample readme
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install the bundle with dev extras (fast when done)

briefings: $(STAMP) ## build the briefing packs from data/sample into reports/
	@$(BIN)/python -m compileall -q dtanalysis
	$(BIN)/dtanalysis briefings --data data/sample --out reports

test: lint $(STAMP) ## lint, then run the whole test suite (unit, notebook, batch and browser checks)
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff (lint + format check) and the layer contracts (import-linter)
	$(BIN)/ruff check dtanalysis tests benchmarks
	$(BIN)/ruff format --check dtanalysis tests benchmarks
	$(BIN)/lint-imports

test-fast: $(STAMP) ## run the fast unit tests only
	$(BIN)/python -m pytest -m "not slow"

lab: $(STAMP) ## start JupyterLab on notebooks/ (loopback only; works as root in containers)
	$(BIN)/jupyter lab notebooks/ --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root,)

validate: $(STAMP) ## validate the shipped sample data
	$(BIN)/dtanalysis validate --data data/sample

readme: $(STAMP) ## regenerate the README's data dictionary from dtanalysis/inputs/schema.py
	$(BIN)/dtanalysis schema --readme README.md

sample: $(STAMP) ## regenerate the synthetic sample data in data/sample
	$(BIN)/dtanalysis sample --out data/sample
