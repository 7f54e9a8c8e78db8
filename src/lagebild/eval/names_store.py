"""Store-level check behind ``lagebild eval names --store``: short German articles naming the
same people, places and companies in different spellings (``data/names-articles.jsonl``, with
gold identities per surface name) are analysed, ingested into a fresh store, and the entities
the store ends with are scored by cross-article pairwise precision and recall."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from itertools import combinations
from pathlib import Path

ARTICLES = Path(__file__).parent / "data" / "names-articles.jsonl"


def _articles(path: Path):
    from ..ingest.readers import Article
    from ..pipeline import Source

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    made = [
        Article(
            location=r["id"],
            text=r["text"],
            source=Source(published=dt.date(2026, 12, 1), id=r["id"]),
        )
        for r in rows
    ]
    return made, {r["id"]: r["gold"] for r in rows}


def _mentions(analyses, golds, store):
    """(article, gold identity, stored entity) for every analysed entity with a gold identity."""
    found = []
    for article, analysis in analyses:
        gold = golds[article.location]
        store.add(analysis)
        for entity in analysis.entities:
            identity = next((gold[n] for n in [entity.name, *entity.aliases] if n in gold), None)
            if identity and entity.kb_id:
                found.append((article.location, identity, entity.kb_id))
    return found


def _pairwise(found) -> tuple[float, float, int]:
    tp = fp = fn = 0
    for (doc_a, gold_a, kb_a), (doc_b, gold_b, kb_b) in combinations(found, 2):
        if doc_a == doc_b:
            continue  # cross-article pairs only: within an article the resolver decides
        same, joined = gold_a == gold_b, kb_a == kb_b
        tp += same and joined
        fp += joined and not same
        fn += same and not joined
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0), tp + fn


def run(path: Path = ARTICLES, variants: bool = True, model: str = "fast") -> dict:
    from ..ingest.batch import analyze_articles
    from ..kb.linking import Linker
    from ..kb.names import VariantMatcher
    from ..kb.store import Store

    articles, golds = _articles(path)
    analyses = list(analyze_articles(articles, "de", model, 1))
    with tempfile.TemporaryDirectory() as tmp:
        linker = Linker(VariantMatcher()) if variants else Linker()
        store = Store(f"sqlite:///{Path(tmp) / 'kb.db'}", linker=linker)
        start = time.perf_counter()
        found = _mentions(analyses, golds, store)
        seconds = time.perf_counter() - start
        store.close()
    precision, recall, gold_pairs = _pairwise(found)
    return {
        "articles": len(articles),
        "entities": len(found),
        "gold_pairs": gold_pairs,
        "precision": precision,
        "recall": recall,
        "ingest_s": seconds,
    }
