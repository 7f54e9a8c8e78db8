"""Score an exported model folder with the runtime class (ONNX Runtime, no torch).

    python -m training.ner_accurate.evaluate MODEL_DIR [--on validation|dev]

``validation`` (default) is the split carved from the training material (same seed and fraction
as train.py): use it to compare settings (e.g. weight storage). ``dev`` is GermEval dev, the
held-out test set: report it, never choose anything by it.
"""

from __future__ import annotations

import argparse
import json
import time

from training.ner_fast import corpora

from lagebild.eval import germeval
from lagebild.transformer import TokenClassifier


def evaluate(
    path: str, on: str = "validation", decode: str = "viterbi", seed: int = 0, fraction: float = 0.1
) -> dict:
    if on == "dev":
        examples = [(s.words, s.labels) for s in germeval.load("dev")]
    else:
        _, examples = corpora.split(corpora.germeval_test(), fraction, seed)
    classifier = TokenClassifier(path)
    classifier.predict([examples[0][0]])  # warm up
    started = time.perf_counter()
    if decode == "viterbi":
        predicted = classifier.predict([words for words, _ in examples])
    else:  # per-word argmax; a stray I-X then starts an entity (conlleval reading)
        scores = classifier.word_scores([words for words, _ in examples])
        predicted = [[classifier.labels[i] for i in s.argmax(axis=1)] for s in scores]
    seconds = time.perf_counter() - started
    scores = germeval.score([labels for _, labels in examples], predicted)
    words = sum(len(w) for w, _ in examples)
    return {
        "on": on,
        "decode": decode,
        "micro_f1": round(scores["micro"]["f1"], 4),
        **{k: round(v["f1"], 4) for k, v in scores["types"].items()},
        "words_per_second": round(words / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--on", choices=["validation", "dev"], default="validation")
    parser.add_argument("--decode", choices=["viterbi", "argmax"], default="viterbi")
    args = parser.parse_args()
    print(json.dumps(evaluate(args.model, args.on, args.decode)))


if __name__ == "__main__":
    main()
