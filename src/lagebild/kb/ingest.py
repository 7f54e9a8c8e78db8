"""Ingest: read inputs, skip the documents the store already holds unchanged, analyse the
rest and store each one as it comes (one transaction a document)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from ..defaults import DEFAULT_MODEL
from ..errors import InputError
from ..ingest.batch import analyze_articles
from ..ingest.readers import Article
from .store import Store, StoredStatus, document_key, text_id

FAILED = "failed"
# Inputs looked up in the store at once before analysis (small: the first article waits).
KNOWN_CHUNK = 64


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
    to_analyse = unknown_articles(store, items, counts, on_error, on_done)
    for article, analysis in analyze_articles(to_analyse, language, model, workers):
        status = store.add(analysis, key=article_key(article), site=_site(article))
        counts[status] += 1
        on_done(status)
    return counts


def unknown_articles(
    store: Store,
    items: Iterable[Article | InputError],
    counts: Counter,
    on_error: Callable[[InputError], None],
    on_done: Callable[[str], None],
) -> Iterator[Article]:
    """The articles to analyse, in input order; reading errors and documents the store holds
    with the same text are counted and passed by. One query per chunk of inputs: a second
    ingest of a large file costs little more than reading it."""
    for chunk in batched(items, KNOWN_CHUNK):
        articles = [item for item in chunk if not isinstance(item, InputError)]
        known = store.known_many({article_key(a): text_id(a.text) for a in articles})
        for item in chunk:
            if isinstance(item, InputError):
                counts[FAILED] += 1
                on_error(item)
                on_done(FAILED)
            elif article_key(item) in known:
                counts[StoredStatus.UNCHANGED] += 1
                on_done(StoredStatus.UNCHANGED)
            else:
                yield item


def batched(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _site(article: Article) -> str | None:
    return getattr(article, "site", None)
