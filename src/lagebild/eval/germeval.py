"""GermEval 2014 NER: reader and exact-span scorer.

The files (``ner/germeval2014/NER-de-{dev,test}.tsv`` under the shared data folder) hold
one token per line: index, token, outer tag, nested tag; ``#`` lines give the source and
a blank line ends a sentence. We read the outer tags only and map them to the contract's
types: ``OTH`` becomes ``MISC``; derivations and parts (``B-LOCderiv`` "deutsche",
``B-ORGpart`` "EU-weit") are not names and become ``O``.

Scoring is exact-span, as in conlleval: a predicted entity counts only when its start,
end and type all match a gold entity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..bio import bio_spans
from . import data_dir

TYPES = ("PER", "LOC", "ORG", "MISC")
SPLITS = ("dev", "test")
_TYPE_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}


@dataclass
class Sentence:
    """One sentence: its words, one BIO label per word, and the source line."""

    words: list[str]
    labels: list[str]
    source: str = ""
    nested: list[str] = field(default_factory=list)


def germeval_path(split: str) -> Path:
    """The TSV file of a GermEval 2014 split (``dev`` or ``test``)."""
    if split not in SPLITS:
        raise ValueError(f"unknown GermEval split {split!r}; choose one of: {', '.join(SPLITS)}")
    path = data_dir() / "ner" / "germeval2014" / f"NER-de-{split}.tsv"
    if not path.exists():
        raise FileNotFoundError(f"GermEval 2014 {split} split not found: {path}")
    return path


def map_tag(tag: str) -> str:
    """A GermEval outer tag in our label set: OTH → MISC, derivations and parts → O."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, kind = tag.split("-", 1)
    if kind not in _TYPE_MAP or prefix not in ("B", "I"):
        return "O"  # B-LOCderiv, I-ORGpart, ...
    return f"{prefix}-{_TYPE_MAP[kind]}"


def read_germeval(path: str | Path, limit: int | None = None) -> list[Sentence]:
    """Sentences of a GermEval TSV file, with mapped outer labels."""
    sentences: list[Sentence] = []
    current = Sentence([], [])
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("#\t") or line == "#":
                current.source = line[2:]
                continue
            if not line.strip():
                if current.words:
                    sentences.append(current)
                    if limit is not None and len(sentences) >= limit:
                        return sentences
                current = Sentence([], [])
                continue
            cells = line.split("\t")
            current.words.append(cells[1])
            current.labels.append(map_tag(cells[2]))
            current.nested.append(cells[3] if len(cells) > 3 else "O")
    if current.words and (limit is None or len(sentences) < limit):
        sentences.append(current)
    return sentences


def load(split: str = "dev", limit: int | None = None) -> list[Sentence]:
    """The sentences of a GermEval split from the shared data folder."""
    return read_germeval(germeval_path(split), limit=limit)


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def score_spans(
    gold: Sequence[Iterable[tuple[int, int, str]]],
    predicted: Sequence[Iterable[tuple[int, int, str]]],
    types: Sequence[str] = TYPES,
) -> dict:
    """Exact-span P/R/F1 per type and micro over sentences given as span sets.

    Returns ``{"micro": {"p", "r", "f1", "tp", "pred", "gold"}, "types": {type: {...}}}``.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    counts = {t: [0, 0, 0] for t in types}  # tp, pred, gold
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        g, p = set(gold_spans), set(pred_spans)
        for kind in types:
            g_k = {s for s in g if s[2] == kind}
            p_k = {s for s in p if s[2] == kind}
            counts[kind][0] += len(g_k & p_k)
            counts[kind][1] += len(p_k)
            counts[kind][2] += len(g_k)
    per_type = {kind: _prf(*counts[kind]) for kind in types}
    totals = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"micro": _prf(*totals), "types": per_type}


def score(
    gold: Sequence[Sequence[str]],
    predicted: Sequence[Sequence[str]],
    types: Sequence[str] = TYPES,
) -> dict:
    """Exact-span P/R/F1 per type and micro of predicted BIO labels against gold BIO labels."""
    for i, (g, p) in enumerate(zip(gold, predicted, strict=False)):
        if len(g) != len(p):
            raise ValueError(f"sentence {i}: {len(g)} gold labels but {len(p)} predicted")
    return score_spans([bio_spans(g) for g in gold], [bio_spans(p) for p in predicted], types=types)


def format_scores(scores: dict) -> str:
    """A small table of the figures ``score`` returns."""
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    rows = list(scores["types"].items()) + [("micro", scores["micro"])]
    for kind, s in rows:
        lines.append(f"{kind:<6} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['gold']:6d}")
    return "\n".join(lines)
