# Lagebild: `make run` sets everything up and analyses the reference article;
# `make test` runs the whole test suite and the linter.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test lint schema eval bench clean train-deps train-de train-de-accurate \
	train-de-fast train-de-quotes train-de-events

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/lagebild analyze examples/kasachstan-2024-11-26.de.txt --date 2024-11-26
	$(BIN)/lagebild ingest examples/kasachstan-2024-11-26.de.txt --date 2024-11-26 \
		--db sqlite:///lagebild.db
	$(BIN)/lagebild entities --db sqlite:///lagebild.db --limit 10

# After `make run`: the web interface over lagebild.db on http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/lagebild serve

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

# Rebuild every shipped German model from ../shared/data (CPU; hours on 2 cores). Training
# needs torch: pip takes the local CPU wheel of 2.13.0 (never let it pull a CUDA build).
train-deps: $(STAMP)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[train]'

train-de: train-de-accurate train-de-fast train-de-quotes train-de-events

# The accurate NER model by self-training (training/ner_accurate/README.md): ~3 hours on 2 cores.
train-de-accurate: train-deps
	PYTHON=$(BIN)/python OUT_MODEL=src/lagebild/models/de-accurate-ner \
		bash training/ner_accurate/selftrain.sh

# The fast NER model (training/ner_fast/README.md); needs the accurate model for its silver data.
train-de-fast: train-deps
	bash training/ner_fast/train.sh

# The quote taggers (training/quotes/train.py): two cue and two role taggers, averaged.
train-de-quotes: train-deps
	$(BIN)/python training/quotes/train.py cues --messages --steps 2500 --install cues
	$(BIN)/python training/quotes/train.py cues --run=_v2 --install cues-2
	$(BIN)/python training/quotes/train.py roles --messages --steps 2500 --run=_v1 --install roles
	$(BIN)/python training/quotes/train.py roles --run=_v2 --install roles-2 \
		--components.tok2vec.model.encode.depth 6

# The event-trigger model (training/events/train.py), over the accurate model's layer-4
# states, which expose.py adds to its graph: 3 minutes on 2 cores.
train-de-events: train-deps
	$(BIN)/python training/events/expose.py
	$(BIN)/python training/events/train.py

clean:
	rm -rf $(VENV) build src/*.egg-info
