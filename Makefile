# Lagebild: `make run` sets everything up and analyses the reference article;
# `make test` runs the whole test suite and the linter.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint schema eval bench clean train-de-fast

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/lagebild analyze examples/kasachstan-2024-11-26.de.txt --date 2024-11-26

test: $(STAMP) lint
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schema: $(STAMP)
	$(BIN)/lagebild schema > src/lagebild/schema/analysis.schema.json

eval: $(STAMP)
	$(BIN)/lagebild eval sentences

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

# The fast NER model (training/ner_fast/README.md); needs the accurate model for its silver data.
train-de-fast: $(STAMP)
	$(BIN)/pip install --quiet -e '.[train]'
	bash training/ner_fast/train.sh

clean:
	rm -rf $(VENV) build src/*.egg-info
