"""Ingest: read inputs, skip the documents the store already holds unchanged, analyse the
rest and store each one as it comes (one transaction a document)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from ..defaults import DEFAULT_MODEL
from ..errors import InputError
from ..ingest.batch import analyze_articles
from ..ingest.readers import Article
from ..pipeline import text_id
from .store import Store, StoredStatus, document_key

FAILED = "failed"


def article_key(article: Article) -> str:
    return document_key(article.source.id, article.source.url, article.text)


def ingest(
    store: Store,
    items: Iterable[Article | InputError],
    language: str | None = None,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    on_error: Callable[[InputError], None] = lambda e: None,
    on_done: Callable[[str], None] = lambda status: None,
) -> Counter:
    """Counts of added, unchanged, replaced and failed documents."""
    counts: Counter = Counter({s: 0 for s in ("added", "unchanged", "replaced", FAILED)})

    def to_analyse():
        for item in items:
            if isinstance(item, InputError):
                counts[FAILED] += 1
                on_error(item)
                on_done(FAILED)
            elif store.known(article_key(item), text_id(item.text)):
                counts[StoredStatus.UNCHANGED] += 1
                on_done(StoredStatus.UNCHANGED)
            else:
                yield item

    for article, analysis in analyze_articles(to_analyse(), language, model, workers):
        status = store.add(analysis, key=article_key(article), site=_site(article))
        counts[status] += 1
        on_done(status)
    return counts


def _site(article: Article) -> str | None:
    return getattr(article, "site", None)
