"""Train the two taggers of ``lagebild_quotes`` on SpkAtt-2023 train.

``cues``: each token of a sentence gets one label: B-CUE/I-CUE (cue words), PTC
(separated particle), B-SRC/I-SRC (source), O; where a token has several roles the first
in that order wins.

``roles``: one example per speech event: the sentence with the event's cue words
between marker tokens (``CUE_OPEN`` … ``CUE_CLOSE``); labels SRC (its source) and O. This
tagger answers "who is the source of *this* cue".

One speech in ten of the train split is held out to pick the model; the dev split is
never read here (it is for ``lagebild eval quotes`` only).

    nice -n 10 .venv/bin/python training/quotes/train.py cues|roles [--steps 3000] \
        [--all] [--install] [--run SUFFIX] [spacy train overrides, e.g.
        --components.tok2vec.model.encode.depth 6]

writes training/corpus/quotes/<part>-*.spacy and trains into
training/runs/quotes-<part>[-all][SUFFIX]/. ``--install`` copies the best model (the last
one with ``--all``) to src/lagebild/models/quotes-de/<part>/. ``--all`` trains on every
train speech, after the step count has been chosen on the holdout.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from lagebild.components.quotes import CUE_CLOSE, CUE_OPEN
from lagebild.eval import data_dir
from lagebild.eval.quotes import SPKATT, Speech, read_spkatt

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "training" / "corpus" / "quotes"
RUNS = ROOT / "training" / "runs"
TARGET = ROOT / "src" / "lagebild" / "models" / "quotes-de"
PRIORITY = ("Cue", "PTC", "Source")


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


def event_docs(nlp, speech: Speech) -> list[Doc]:
    """One training Doc per event: its cue's sentence, the cue marked, SRC/O labels."""
    bounds = speech.sent_starts + [len(speech.words)]
    sentence_of = {}
    for start, end in zip(bounds, bounds[1:], strict=False):
        for i in range(start, end):
            sentence_of[i] = (start, end)
    docs = []
    for event in speech.events:
        start, end = sentence_of[min(event["Cue"])]
        words, tags = marked(speech.words, start, end, event["Cue"])
        source = event.get("Source", ())
        labels = iter("SRC" if i in source else "O" for i in range(start, end))
        tags = [next(labels) if t is None else t for t in tags]
        docs.append(Doc(nlp.vocab, words=words, tags=tags))
    return docs


def marked(words: list[str], start: int, end: int, cue) -> tuple[list[str], list[str | None]]:
    """The words start..end with marker words around each run of cue words; tags None
    stand for the original words, in order."""
    out, tags = [], []
    for i in range(start, end):
        if i in cue and i - 1 not in cue:
            out.append(CUE_OPEN)
            tags.append("O")
        out.append(words[i])
        tags.append(None)
        if i in cue and i + 1 not in cue:
            out.append(CUE_CLOSE)
            tags.append("O")
    return out, tags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["cues", "roles"])
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--all", action="store_true", help="train on the whole train split")
    parser.add_argument("--run", default="", help="suffix of the run folder (experiments)")
    parser.add_argument("--install", action="store_true", help="copy the model into the package")
    args, overrides = parser.parse_known_args()
    nlp = spacy.blank("de")
    speeches = list(read_spkatt(data_dir() / SPKATT / "train"))
    CORPUS.mkdir(parents=True, exist_ok=True)
    train, holdout = DocBin(), DocBin()
    make = sentence_docs if args.part == "cues" else event_docs
    for n, speech in enumerate(speeches):
        for doc in make(nlp, speech):
            if n % 10 != 9 or args.all:
                train.add(doc)
            if n % 10 == 9:
                holdout.add(doc)
    train_path = CORPUS / f"{args.part}-train.spacy"
    holdout_path = CORPUS / f"{args.part}-holdout.spacy"
    train.to_disk(train_path)
    holdout.to_disk(holdout_path)
    runs = RUNS / f"quotes-{args.part}{'-all' if args.all else ''}{args.run}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(ROOT / "training" / "quotes" / "config.cfg"),
            "--output",
            str(runs),
            "--paths.train",
            str(train_path),
            "--paths.dev",
            str(holdout_path),
            "--training.max_steps",
            str(args.steps),
            *overrides,
        ],
        check=True,
    )
    if not args.install:
        return
    target = TARGET / args.part
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(runs / ("model-last" if args.all else "model-best"), target)
    print(f"model copied to {target}")


if __name__ == "__main__":
    main()
