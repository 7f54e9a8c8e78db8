"""Training material for the fast NER model, all read from ``../shared/data``.

Every reader returns ``(words, labels)`` pairs with BIO labels over PER/LOC/ORG/MISC.
GermEval dev is never read here: it is the held-out test set of ``lagebild eval ner``.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from pathlib import Path

from lagebild.bio import bio_spans, spans_to_bio
from lagebild.eval import data_dir, germeval

Example = tuple[list[str], list[str]]

_HIPE_TYPES = {"pers": "PER", "loc": "LOC", "org": "ORG", "prod": "MISC", "humanprod": "MISC"}
_ENP_TYPES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def germeval_test() -> list[Example]:
    """The GermEval 2014 test split: the main training material."""
    return [(s.words, s.labels) for s in germeval.load("test")]


def _map(label: str, types: dict[str, str]) -> str:
    if label == "O" or "-" not in label:
        return "O"
    prefix, kind = label.split("-", 1)
    kind = types.get(kind) or types.get(kind.lower())
    return f"{prefix}-{kind}" if kind and prefix in ("B", "I") else "O"


def hipe() -> list[Example]:
    """HIPE-2022 German newspapers (newseye, sonar; dev and test): coarse literal tags,
    sentences cut at ``EndOfSentence``; ``time`` entities dropped, products as MISC."""
    folder = data_dir() / "ner" / "hipe2022"
    examples: list[Example] = []
    for path in sorted(folder.glob("HIPE-2022-*-de.tsv")):
        words: list[str] = []
        labels: list[str] = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#") or raw.startswith("TOKEN\t"):
                continue
            cells = raw.split("\t")
            words.append(cells[0])
            labels.append(_map(cells[1], _HIPE_TYPES))
            if "EndOfSentence" in cells[-1] or "EndOfLine" in cells[-1] and len(words) > 80:
                examples.append((words, labels))
                words, labels = [], []
        if words:
            examples.append((words, labels))
    return [_repair(e) for e in examples]


def europeana() -> list[Example]:
    """Europeana Newspapers German (lft, onb, sbb): one token per line, no sentence
    breaks: cut after a full stop that precedes a capitalised word, and at 60 tokens."""
    folder = data_dir() / "ner" / "europeana"
    examples: list[Example] = []
    for path in sorted(folder.glob("enp_DE.*.bio")):
        words, labels = [], []
        rows = [line.rsplit(" ", 1) for line in path.read_text(encoding="utf-8").splitlines()]
        rows = [r for r in rows if len(r) == 2 and r[0]]
        for i, (word, label) in enumerate(rows):
            words.append(word)
            labels.append(_map(label, _ENP_TYPES))
            following = rows[i + 1][0] if i + 1 < len(rows) else ""
            if (word in (".", "!", "?") and following[:1].isupper()) or len(words) >= 60:
                if labels[-1] == "O" and (following and _map(rows[i + 1][1], _ENP_TYPES)[0] != "I"):
                    examples.append((words, labels))
                    words, labels = [], []
        if words:
            examples.append((words, labels))
    return [_repair(e) for e in examples]


def _repair(example: Example) -> Example:
    """Labels as well-formed BIO (a stray I- after O becomes B-)."""
    words, labels = example
    spans = bio_spans(labels)
    return words, spans_to_bio(len(words), spans)


def split(examples: list[Example], fraction: float, seed: int) -> tuple[list, list]:
    """A reproducible (train, validation) split."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    n_val = int(len(examples) * fraction)
    val = [examples[i] for i in sorted(order[:n_val])]
    train = [examples[i] for i in sorted(order[n_val:])]
    return train, val


_NOISE = re.compile(r"[^\w\-.'&]")


def entity_pool(examples: list[Example]) -> dict[str, list[list[str]]]:
    """Entity surfaces per type, as word lists, from the training examples."""
    pool: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for words, labels in examples:
        for start, end, kind in bio_spans(labels):
            surface = tuple(words[start:end])
            if not any(_NOISE.search(w) for w in surface):
                pool[kind].add(surface)
    return {kind: [list(s) for s in sorted(surfaces)] for kind, surfaces in pool.items()}


def substitute(
    examples: list[Example],
    pool: dict[str, list[list[str]]],
    copies: int,
    seed: int,
) -> list[Example]:
    """Augmentation by entity substitution: ``copies`` variants of every sentence holding
    an entity, each entity replaced by a random surface of the same type from ``pool``."""
    rng = random.Random(seed)
    out: list[Example] = []
    for words, labels in examples:
        spans = bio_spans(labels)
        if not spans:
            continue
        for _ in range(copies):
            new_words: list[str] = []
            new_spans = []
            cursor = 0
            for start, end, kind in spans:
                new_words.extend(words[cursor:start])
                replacement = rng.choice(pool[kind]) if pool.get(kind) else words[start:end]
                new_spans.append((len(new_words), len(new_words) + len(replacement), kind))
                new_words.extend(replacement)
                cursor = end
            new_words.extend(words[cursor:])
            out.append((new_words, spans_to_bio(len(new_words), new_spans)))
    return out


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]
