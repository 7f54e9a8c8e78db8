"""Train the speech-event tagger of ``lagebild_quotes`` on SpkAtt-2023 train.

Each token gets one label: B-CUE/I-CUE (cue words), PTC (separated particle), B-SRC/I-SRC
(source), MSG (message), O; where a token has several roles the first in that order
wins. One speech in ten of the train split is held out to pick the model; the dev split
is never read here (it is for ``lagebild eval quotes`` only).

    nice -n 10 .venv/bin/python training/quotes/train.py [--steps 6000]

writes training/corpus/quotes/*.spacy, trains into training/runs/quotes/ and copies the
best model to src/lagebild/models/quotes-de/.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from lagebild.eval import data_dir
from lagebild.eval.quotes import SPKATT, Speech, read_spkatt

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "training" / "corpus" / "quotes"
RUNS = ROOT / "training" / "runs" / "quotes"
TARGET = ROOT / "src" / "lagebild" / "models" / "quotes-de"
PRIORITY = ("Cue", "PTC", "Source", "Message")


def labels(speech: Speech) -> list[str]:
    """One label per token of the speech."""
    best: dict[int, tuple[int, str, frozenset[int]]] = {}
    for event in speech.events:
        for rank, role in enumerate(PRIORITY):
            for i in event.get(role, ()):
                if i not in best or rank < best[i][0]:
                    best[i] = (rank, role, event[role])
    tags = []
    for i in range(len(speech.words)):
        if i not in best:
            tags.append("O")
            continue
        _, role, members = best[i]
        if role == "PTC":
            tags.append("PTC")
        elif role == "Message":
            tags.append("MSG")
        else:
            stem = "CUE" if role == "Cue" else "SRC"
            tags.append(("I-" if i - 1 in members else "B-") + stem)
    return tags


def sentence_docs(nlp, speech: Speech) -> list[Doc]:
    """One training Doc per sentence, tagged."""
    tags = labels(speech)
    bounds = speech.sent_starts + [len(speech.words)]
    docs = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if start < end:
            docs.append(Doc(nlp.vocab, words=speech.words[start:end], tags=tags[start:end]))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=6000)
    args = parser.parse_args()
    nlp = spacy.blank("de")
    speeches = list(read_spkatt(data_dir() / SPKATT / "train"))
    CORPUS.mkdir(parents=True, exist_ok=True)
    train, holdout = DocBin(), DocBin()
    for n, speech in enumerate(speeches):
        for doc in sentence_docs(nlp, speech):
            (holdout if n % 10 == 9 else train).add(doc)
    train.to_disk(CORPUS / "train.spacy")
    holdout.to_disk(CORPUS / "holdout.spacy")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(ROOT / "training" / "quotes" / "config.cfg"),
            "--output",
            str(RUNS),
            "--paths.train",
            str(CORPUS / "train.spacy"),
            "--paths.dev",
            str(CORPUS / "holdout.spacy"),
            "--training.max_steps",
            str(args.steps),
        ],
        check=True,
    )
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(RUNS / "model-best", TARGET)
    print(f"model copied to {TARGET}")


if __name__ == "__main__":
    main()
