"""``lagebild ingest --ray [ADDRESS]``: the analysis on a Ray cluster.

Ray Data ``map_batches`` with a callable class: each actor builds the pipeline once and
analyses batches of articles. Into SQLite the driver stores the analyses as they come back
(one file, one writer); into PostgreSQL the actors store them themselves, each document in
its turn (a ``Turnstile`` actor hands out input positions), so that ingest order and kb ids
are those of an ingest without Ray. Needs the extra ``lagebild[ray]``. ``ADDRESS`` is a Ray
address (``ray://head:10001``, ``auto``) or ``local`` for a Ray started on this machine.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable

from ..analysis import Analysis
from ..defaults import DEFAULT_MODEL
from ..errors import InputError, UsageError
from ..ingest.readers import Article
from .ingest import FAILED, article_key, unknown_articles
from .store import Store

BATCH_SIZE = 16


# How long an actor waits for the documents before its own to be stored, seconds.
TURN_WAIT_S = 3600


class Turnstile:
    """Input positions in order: the actor holding document ``n`` stores it once 0..n-1 are
    stored (or failed). Used as a Ray actor; its async methods let waiters queue."""

    def __init__(self):
        import asyncio

        self.next, self.changed = 0, asyncio.Condition()

    async def enter(self, n: int) -> None:
        async with self.changed:
            await self.changed.wait_for(lambda: self.next == n)

    async def leave(self, n: int) -> None:
        async with self.changed:
            self.next = n + 1
            self.changed.notify_all()


class Analyser:
    """One per Ray actor: pipelines built once (per language), then batch after batch; with a
    store URL and a turnstile, it stores each analysis itself and returns the statuses."""

    def __init__(self, language: str | None, model: str, db=None, linker=None, turnstile=None):
        self.language, self.model, self.pipelines = language, model, {}
        self.db, self.linker, self.turnstile, self.store = db, linker, turnstile, None

    def _nlp(self, text: str):
        from ..pipeline import build_pipeline, detect_language

        lang = self.language or detect_language(text)
        if lang not in self.pipelines:
            self.pipelines[lang] = build_pipeline(lang, self.model)
        return self.pipelines[lang]

    def __call__(self, batch: dict) -> dict:
        out = []
        for row in _rows(batch):
            analysis = self._analyse(row)
            out.append(self._store(row, analysis) if self.db else analysis.to_json())
        return {"n": list(batch["n"]), "result": out}

    def _analyse(self, row: dict) -> Analysis:
        from ..pipeline import Source, doc_to_analysis, make_doc

        published = dt.date.fromisoformat(row["published"]) if row["published"] else None
        # Ray's columns hold no None: "" stands for a missing field.
        meta = {k: row[k] or None for k in ("title", "url", "id")}
        source = Source(published=published, **meta)
        nlp = self._nlp(row["text"])
        doc = nlp(make_doc(nlp, row["text"], source))
        return doc_to_analysis(doc, nlp, source)

    def _store(self, row: dict, analysis: Analysis) -> str:
        import ray

        if self.store is None:
            self.store = Store(self.db, linker=self.linker)
        n = int(row["n"])
        ray.get(self.turnstile.enter.remote(n), timeout=TURN_WAIT_S)
        try:
            return self.store.add(analysis, key=row["key"], site=row["site"] or None)
        finally:
            ray.get(self.turnstile.leave.remote(n))


def _rows(batch: dict) -> list[dict]:
    keys = list(batch)
    return [dict(zip(keys, values, strict=True)) for values in zip(*batch.values(), strict=True)]


def _as_row(n: int, article: Article) -> dict:
    s = article.source
    published = s.published.isoformat() if s.published else ""
    return {"n": n, "text": article.text, "published": published, "title": s.title or "",
            "url": s.url or "", "id": s.id or "", "key": article_key(article),
            "site": getattr(article, "site", None) or ""}  # fmt: skip


def ingest_ray(
    store: Store,
    items: Iterable[Article | InputError],
    address: str,
    language: str | None = None,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    on_error: Callable[[InputError], None] = lambda e: None,
    on_done: Callable[[str], None] = lambda status: None,
) -> Counter:
    try:
        import ray
    except ImportError:
        raise UsageError("--ray needs Ray: pip install 'lagebild[ray]'") from None
    counts: Counter = Counter({s: 0 for s in ("added", "unchanged", "replaced", FAILED)})
    pending = list(unknown_articles(store, items, counts, on_error, on_done))
    if not pending:
        return counts
    if address == "local":
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    else:
        ray.init(address=address, log_to_driver=False)
    try:
        # Input order, so that the store (ingest order, kb ids) equals an ingest without Ray.
        ray.data.DataContext.get_current().execution_options.preserve_order = True
        rows = [_as_row(n, a) for n, a in enumerate(pending)]
        options = {"language": language, "model": model}
        if store.dialect == "postgresql":
            # No CPU of its own: with --workers 1 on a local Ray, one CPU is all there is.
            turnstile = ray.remote(num_cpus=0)(Turnstile).remote()
            options |= {"db": store.url, "linker": store.linker, "turnstile": turnstile}
        dataset = ray.data.from_items(rows).map_batches(
            Analyser,
            fn_constructor_kwargs=options,
            concurrency=workers,
            batch_size=BATCH_SIZE,
            batch_format="numpy",
        )
        for row in dataset.iter_rows():
            if "db" in options:
                status = str(row["result"])
            else:
                article = pending[int(row["n"])]
                analysis = Analysis.from_dict(json.loads(row["result"]))
                status = store.add(
                    analysis, key=article_key(article), site=getattr(article, "site", None)
                )
            counts[status] += 1
            on_done(status)
    finally:
        ray.shutdown()
    return counts
