"""BIO label sequences and the entity spans they encode (used by the entity component and
the evaluations alike)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities ``(start, end, type)`` (word indices, end exclusive) of a BIO sequence.

    As in conlleval, an ``I-X`` that does not continue an ``X`` starts a new entity.
    """
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, label in enumerate(list(labels) + ["O"]):
        prefix, _, label_kind = label.partition("-")
        continues = prefix == "I" and label_kind == kind
        if kind is not None and not continues:
            spans.append((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label_kind
    return spans


def spans_to_bio(n_words: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """The BIO labels of ``n_words`` words given entities ``(start, end, type)``."""
    labels = ["O"] * n_words
    for start, end, kind in spans:
        labels[start] = f"B-{kind}"
        for i in range(start + 1, end):
            labels[i] = f"I-{kind}"
    return labels
