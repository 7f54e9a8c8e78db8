"""Turning per-word label scores into a well-formed BIO sequence."""

from __future__ import annotations

import numpy as np


def allowed_transitions(labels: list[str]) -> np.ndarray:
    """[from, to] mask: ``I-X`` may only follow ``B-X`` or ``I-X``."""
    n = len(labels)
    allowed = np.ones((n, n), dtype=bool)
    for j, to in enumerate(labels):
        if to.startswith("I-"):
            kind = to[2:]
            for i, frm in enumerate(labels):
                allowed[i, j] = frm in (f"B-{kind}", f"I-{kind}")
    return allowed


def viterbi_bio(log_probs: np.ndarray, labels: list[str], allowed: np.ndarray) -> list[str]:
    """The most probable label sequence (sum of per-word log probabilities) among valid BIO
    sequences. ``log_probs`` is [words, labels]."""
    n_words = log_probs.shape[0]
    if n_words == 0:
        return []
    start_ok = np.array([not label.startswith("I-") for label in labels])
    penalty = np.where(allowed, 0.0, -np.inf)
    score = np.where(start_ok, log_probs[0], -np.inf)
    back = np.zeros((n_words, len(labels)), dtype=np.int64)
    for t in range(1, n_words):
        total = score[:, None] + penalty  # [from, to]
        back[t] = total.argmax(axis=0)
        score = total.max(axis=0) + log_probs[t]
    best = [int(score.argmax())]
    for t in range(n_words - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return [labels[i] for i in reversed(best)]


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))
