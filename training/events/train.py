"""Train the event-trigger model (``src/lagebild/models/events-de``).

Each word of an annotated sentence is labelled with the PLOVER type of the event it names,
or ``O``. Its features are the accurate entity model's layer-4 states (the ``hidden`` output
that ``expose.py`` adds), so the shipped pipeline gets them without a second encoder pass.
A small network (384 → 256 ReLU → 17 softmax, dropout, class weights ∝ 1/√frequency, Adam)
is trained in numpy; 15 % of the sentences (by a hash of their id) are held out to choose
the epoch count and the threshold, and to report the word-level figures in ``config.json``.

Training sentences (``training/events/data/``, annotated for this project by annotator
sessions from the guidelines in ``src/lagebild/eval/data/events-news-guidelines.md``; no
10kGNAD text, which is for evaluation only):

- ``germeval.jsonl``: the 3,634 news sentences of GermEval 2014 dev + test (CC BY 4.0);
- ``wikiwars.jsonl``: the 4,470 sentences of WikiWarsDE (CC BY-SA 3.0), German Wikipedia
  articles on 22 wars, split by the project's sentence splitter;
- ``synth.jsonl``: news-style sentences the project wrote, text included.

The corpora's texts are read from ``../shared/data`` by the evaluation readers (never copied
here): an annotated sentence is its id, the SHA-1 of its tokens (a changed corpus is an error,
not a silent shift) and per event the index of its trigger word (the annotators wrote the
word and its occurrence, ``annotation/``), type and modality.

    python training/events/train.py [--out src/lagebild/models/events-de] [--epochs 40]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.errors import LagebildError  # noqa: E402
from lagebild.eval import germeval  # noqa: E402
from lagebild.eval.time import read_wikiwarsde  # noqa: E402
from lagebild.pipeline import blank_pipeline  # noqa: E402
from lagebild.transformer.classifier import TokenClassifier  # noqa: E402

DATA = Path(__file__).parent / "data"
CORPORA = ("germeval.jsonl", "wikiwars.jsonl")  # sentence ids and SHA-1s, no corpus text
OWN = "synth.jsonl"  # the project's own sentences, text included
TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()
LABELS = ["O", *TYPES]
HIDDEN, DROPOUT, BATCH, LR, DECAY = 256, 0.2, 256, 1e-3, 1e-4


def sha1(tokens: list[str]) -> str:
    return hashlib.sha1(" ".join(tokens).encode("utf-8")).hexdigest()


def germeval_sentences() -> dict[str, list[str]]:
    """The news sentences of GermEval 2014 dev + test (Wikipedia ones left out), by their
    position over both splits."""
    sentences, position = {}, 0
    for split in ("dev", "test"):
        for sentence in germeval.load(split):
            if "wikipedia.org" not in sentence.source:
                sentences[f"{split}-{position}"] = sentence.words
            position += 1
    return sentences


def wikiwars_sentences() -> dict[str, list[str]]:
    """WikiWarsDE's paragraphs split into sentences by the project's splitter."""
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_sentences")
    sentences: dict[str, list[str]] = {}
    for document in read_wikiwarsde(check=False):
        for paragraph in document.text.split("\n\n"):
            paragraph = " ".join(paragraph.split())
            if len(paragraph) < 60:
                continue  # a heading
            for sent in nlp(paragraph).sents:
                tokens = [t.text for t in sent if not t.is_space]
                if len(tokens) >= 5:
                    sentences[f"ww-{document.id}-{len(sentences)}"] = tokens
    return sentences


def read_annotated() -> list[tuple[str, list[str], list[dict]]]:
    """(id, tokens, events) of every annotated sentence; the corpora's sentences must be
    the annotated ones (their SHA-1)."""
    try:
        texts = {**germeval_sentences(), **wikiwars_sentences()}
    except (FileNotFoundError, LagebildError) as error:
        raise SystemExit(f"training data not found: {error}") from None
    out = []
    for name in CORPORA:
        for item in _lines(name):
            tokens = texts[item["id"]]
            if sha1(tokens) != item["sha1"]:
                raise SystemExit(f"{name}: sentence {item['id']} differs from the annotated one")
            out.append((item["id"], tokens, item["events"]))
    out.extend((item["id"], item["text"].split(" "), item["events"]) for item in _lines(OWN))
    return out


def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def word_labels(tokens: list[str], events: list[dict]) -> list[int]:
    """Per word the index of its event type in ``LABELS`` (0: none)."""
    labels = [0] * len(tokens)
    for event in events:
        labels[event["word"]] = LABELS.index(event["type"])
    return labels


def features(sentences: list[list[str]]) -> list[np.ndarray]:
    model = TokenClassifier(ROOT / "src" / "lagebild" / "models" / "de-accurate-ner")
    if not model.has_states:
        raise SystemExit("the entity model has no 'hidden' output: run training/events/expose.py")
    out = []
    for k in range(0, len(sentences), 256):
        out.extend(model.word_scores_and_states(sentences[k : k + 256])[1])
    return out


def held_out(name: str) -> bool:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 100 < 15


class Network:
    """384 → 256 ReLU → labels, trained with Adam on class-weighted cross-entropy."""

    def __init__(self, x: np.ndarray, labels: int, seed: int = 0):
        self.rng = np.random.default_rng(seed)
        self.mean, self.scale = x.mean(0), x.std(0) + 1e-6
        width = x.shape[1]
        self.p = {
            "w1": self.rng.normal(0, (2 / width) ** 0.5, (width, HIDDEN)),
            "b1": np.zeros(HIDDEN),
            "w2": self.rng.normal(0, (1 / HIDDEN) ** 0.5, (HIDDEN, labels)),
            "b2": np.zeros(labels),
        }
        self.m = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.v = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.steps = 0

    def epoch(self, x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> None:
        x = (x - self.mean) / self.scale
        order = self.rng.permutation(len(y))
        for k in range(0, len(y), BATCH):
            batch = order[k : k + BATCH]
            self._step(x[batch], y[batch], weights)

    def _step(self, x, y, weights) -> None:
        p = self.p
        pre = x @ p["w1"] + p["b1"]
        keep = (self.rng.random(pre.shape) > DROPOUT) / (1 - DROPOUT)
        hidden = np.maximum(pre, 0) * keep
        g = _softmax(hidden @ p["w2"] + p["b2"])
        g[np.arange(len(y)), y] -= 1
        g *= weights[y][:, None] / len(y)
        back = (g @ p["w2"].T) * keep * (pre > 0)
        grads = {"w2": hidden.T @ g, "b2": g.sum(0), "w1": x.T @ back, "b1": back.sum(0)}
        self.steps += 1
        for k, grad in grads.items():
            self.m[k] = 0.9 * self.m[k] + 0.1 * grad
            self.v[k] = 0.999 * self.v[k] + 0.001 * grad**2
            m = self.m[k] / (1 - 0.9**self.steps)
            v = self.v[k] / (1 - 0.999**self.steps)
            p[k] -= LR * m / (np.sqrt(v) + 1e-8) + LR * DECAY * p[k]

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        hidden = np.maximum(((x - self.mean) / self.scale) @ self.p["w1"] + self.p["b1"], 0)
        return _softmax(hidden @ self.p["w2"] + self.p["b2"])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def word_scores(probabilities: np.ndarray, y: np.ndarray, threshold: float) -> dict:
    """Word-level P/R/F1 of (trigger, type) at ``threshold``."""
    best = probabilities[:, 1:].argmax(1) + 1
    best[probabilities[:, 1:].max(1) < threshold] = 0
    tp = int(((best == y) & (y > 0)).sum())
    fp = int(((best > 0) & (best != y)).sum())
    fn = int(((y > 0) & (best != y)).sum())
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / max(p + r, 1e-9), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "src/lagebild/models/events-de")
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    started = time.time()
    annotated = read_annotated()
    states = features([tokens for _, tokens, _ in annotated])
    split = {True: ([], []), False: ([], [])}
    counts = {"sentences": len(annotated), "events": 0}
    for (name, tokens, events), x in zip(annotated, states, strict=True):
        split[held_out(name)][0].append(x)
        split[held_out(name)][1].extend(word_labels(tokens, events))
        counts["events"] += len(events)
    x_train, y_train = np.concatenate(split[False][0]), np.array(split[False][1])
    x_val, y_val = np.concatenate(split[True][0]), np.array(split[True][1])
    frequency = np.bincount(y_train, minlength=len(LABELS)) + 1
    weights = (len(y_train) / (len(LABELS) * frequency)) ** 0.5
    net = Network(x_train, len(LABELS))
    history, best = [], None
    for epoch in range(1, args.epochs + 1):
        net.epoch(x_train, y_train, weights)
        if epoch % 5 == 0:
            probabilities = net.probabilities(x_val)
            for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
                score = {"epoch": epoch, "threshold": threshold}
                score.update(word_scores(probabilities, y_val, threshold))
                history.append(score)
                if best is None or score["f1"] > best[0]["f1"]:
                    best = (score, {k: v.copy() for k, v in net.p.items()})
            print(json.dumps(history[-5:]), flush=True)
    score, params = best
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(
        args.out / "head.npz",
        mean=net.mean.astype(np.float32),
        scale=net.scale.astype(np.float32),
        **{k: v.astype(np.float32) for k, v in params.items()},
    )
    config = {
        "labels": LABELS,
        "threshold": score["threshold"],
        "features": "layer 4 of the accurate entity model (its 'hidden' output)",
        "network": f"{x_train.shape[1]} -> {HIDDEN} ReLU -> {len(LABELS)} softmax",
        "training": {
            **counts,
            "train_words": int(len(y_train)),
            "held_out_words": int(len(y_val)),
            "held_out_triggers": int((y_val > 0).sum()),
            "best": score,
            "seconds": round(time.time() - started),
            "data": ["germeval.jsonl (CC BY 4.0)", "wikiwars.jsonl (CC BY-SA 3.0)", "synth.jsonl"],
        },
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(config["training"], indent=1))


if __name__ == "__main__":
    main()
