"""The learned event-trigger model: PLOVER type per word from the accurate encoder's states.

The accurate entity model exposes one inner layer's states (``doc.tensor``, see
``components/entities.py``); a small network over them, trained by
``training/events/train.py`` on German sentences annotated for this project, gives each
word a probability for "no trigger" and for each of the 16 PLOVER types. The event coder
uses it beside its lexicon (``components/events.py``). Files, in a model folder:
``config.json`` (labels, threshold, how it was trained) and ``head.npz`` (``mean`` and
``scale`` of the states, then one ReLU layer ``w1``/``b1`` and the softmax layer ``w2``/``b2``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

MODELS_ROOT = Path(__file__).resolve().parent.parent / "models"
NO_TRIGGER = "O"


class TriggerModel:
    def __init__(self, path: Path) -> None:
        self.path = path
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.labels: list[str] = config["labels"]
        self.threshold: float = float(config["threshold"])
        with np.load(path / "head.npz") as head:
            self.mean, self.scale = head["mean"], head["scale"]
            self.w1, self.b1 = head["w1"], head["b1"]
            self.w2, self.b2 = head["w2"], head["b2"]
        self.width = self.w1.shape[0]

    def probabilities(self, states: np.ndarray) -> np.ndarray:
        """[words, labels] probabilities for [words, width] encoder states."""
        hidden = np.maximum(((states - self.mean) / self.scale) @ self.w1 + self.b1, 0)
        z = hidden @ self.w2 + self.b2
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def best(self, probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per word the most probable event type (index into ``labels``) and its probability."""
        first = self.labels.index(NO_TRIGGER) + 1  # "O" is label 0
        index = probabilities[:, first:].argmax(axis=1) + first
        return index, probabilities[np.arange(len(index)), index]


@cache
def trigger_model(lang: str) -> TriggerModel | None:
    """The language's trigger model, or None where none is shipped."""
    path = MODELS_ROOT / f"events-{lang}"
    return TriggerModel(path) if (path / "head.npz").exists() else None
