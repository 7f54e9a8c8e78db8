"""Train the two taggers of ``lagebild_quotes`` on SpkAtt-2023 train.

``cues``: each token of a sentence gets one label: B-CUE/I-CUE (cue words), PTC
(separated particle), B-SRC/I-SRC (source), (MSG, message, with ``--messages``), O; where a
token has several roles the first in that order wins.

``roles``: one example per speech event: the sentence with the event's cue words
between marker tokens (``CUE_OPEN`` … ``CUE_CLOSE``); labels SRC (its source), (MSG with
``--messages``) and O. This tagger answers "who is the source of *this* cue".

One speech in ten of the train split is held out to pick the model; the dev split is
never read here (it is for ``lagebild eval quotes`` only).

    nice -n 10 .venv/bin/python training/quotes/train.py cues|roles [--steps 3000] \
        [--messages] [--all] [--run SUFFIX] [--install NAME] [spaCy overrides]

trains into training/runs/quotes-<part>[-all][SUFFIX]/; ``--install NAME`` copies the best
model (the last one with ``--all``) to src/lagebild/models/quotes-de/NAME/. The shipped
ensemble (the component averages every ``cues*`` and every ``roles*`` folder) came from:

    train.py cues --messages --steps 2500 --install cues
    train.py cues --run=_v2 --install cues-2
    train.py roles --messages --steps 2500 --run=_v1 --install roles
    train.py roles --run=_v2 --install roles-2 --components.tok2vec.model.encode.depth 6

(each picks its checkpoint by tag accuracy on the holdout; ``--all`` trains on every train
speech, without a holdout.)
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
PRIORITY = ("Cue", "PTC", "Source", "Message")


def labels(speech: Speech, messages: bool = False) -> list[str]:
    """One label per token of the speech."""
    best: dict[int, tuple[int, str, frozenset[int]]] = {}
    roles = PRIORITY if messages else PRIORITY[:-1]
    for event in speech.events:
        for rank, role in enumerate(roles):
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


def sentence_docs(nlp, speech: Speech, messages: bool = False) -> list[Doc]:
    """One training Doc per sentence, tagged."""
    tags = labels(speech, messages)
    bounds = speech.sent_starts + [len(speech.words)]
    docs = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if start < end:
            docs.append(Doc(nlp.vocab, words=speech.words[start:end], tags=tags[start:end]))
    return docs


def event_docs(nlp, speech: Speech, messages: bool = False) -> list[Doc]:
    """One training Doc per event: its cue's sentence, the cue marked, SRC/O labels
    (and MSG with ``messages``)."""
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
        message = event.get("Message", ()) if messages else ()
        labels = iter(
            "SRC" if i in source else "MSG" if i in message else "O" for i in range(start, end)
        )
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
    parser.add_argument("--messages", action="store_true", help="also label messages (MSG)")
    parser.add_argument("--install", metavar="NAME", help="copy the model to models/quotes-de/NAME")
    args, overrides = parser.parse_known_args()
    nlp = spacy.blank("de")
    speeches = list(read_spkatt(data_dir() / SPKATT / "train"))
    CORPUS.mkdir(parents=True, exist_ok=True)
    train, holdout = DocBin(), DocBin()
    make = sentence_docs if args.part == "cues" else event_docs
    for n, speech in enumerate(speeches):
        for doc in make(nlp, speech, args.messages):
            if n % 10 != 9 or args.all:
                train.add(doc)
            if n % 10 == 9:
                holdout.add(doc)
    name = f"quotes-{args.part}{'-all' if args.all else ''}{args.run}"
    train_path = CORPUS / f"{name}-train.spacy"
    holdout_path = CORPUS / f"{name}-holdout.spacy"
    train.to_disk(train_path)
    holdout.to_disk(holdout_path)
    runs = RUNS / name
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
    target = TARGET / args.install
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(runs / ("model-last" if args.all else "model-best"), target)
    print(f"model copied to {target}")


if __name__ == "__main__":
    main()
