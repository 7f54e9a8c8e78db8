"""``lagebild ingest --ray [ADDRESS]``: the analysis on a Ray cluster, the store on the driver.

Ray Data ``map_batches`` with a callable class: each actor builds the pipeline once and
analyses batches of articles; the driver receives the analyses in input order and stores
each one as ``ingest`` without Ray does, so both give the same store. Needs the extra
``lagebild[ray]``. ``ADDRESS`` is a Ray address (``ray://head:10001``, ``auto``) or ``local``
for a Ray started on this machine.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable

from ..analysis import Analysis
from ..errors import InputError, UsageError
from ..ingest.readers import Article
from .ingest import FAILED, article_key, unknown_articles
from .store import Store

BATCH_SIZE = 16


class Analyser:
    """One per Ray actor: pipelines built once (per language), then batch after batch."""

    def __init__(self, language: str | None, model: str):
        self.language, self.model, self.pipelines = language, model, {}

    def _nlp(self, text: str):
        from ..pipeline import build_pipeline, detect_language

        lang = self.language or detect_language(text)
        if lang not in self.pipelines:
            self.pipelines[lang] = build_pipeline(lang, self.model)
        return self.pipelines[lang]

    def __call__(self, batch: dict) -> dict:
        from ..pipeline import Source, doc_to_analysis, make_doc

        out = []
        for row in _rows(batch):
            published = dt.date.fromisoformat(row["published"]) if row["published"] else None
            # Ray's columns hold no None: "" stands for a missing field.
            meta = {k: row[k] or None for k in ("title", "url", "id")}
            source = Source(published=published, **meta)
            nlp = self._nlp(row["text"])
            doc = nlp(make_doc(nlp, row["text"], source))
            out.append(doc_to_analysis(doc, nlp, source).to_json())
        return {"n": list(batch["n"]), "analysis": out}


def _rows(batch: dict) -> list[dict]:
    keys = list(batch)
    return [dict(zip(keys, values, strict=True)) for values in zip(*batch.values(), strict=True)]


def _as_row(n: int, article: Article) -> dict:
    s = article.source
    published = s.published.isoformat() if s.published else ""
    return {"n": n, "text": article.text, "published": published, "title": s.title or "",
            "url": s.url or "", "id": s.id or ""}  # fmt: skip


def ingest_ray(
    store: Store,
    items: Iterable[Article | InputError],
    address: str,
    language: str | None = None,
    model: str = "accurate",
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
        dataset = ray.data.from_items(rows).map_batches(
            Analyser,
            fn_constructor_kwargs={"language": language, "model": model},
            concurrency=workers,
            batch_size=BATCH_SIZE,
            batch_format="numpy",
        )
        for row in dataset.iter_rows():
            article = pending[int(row["n"])]
            analysis = Analysis.from_dict(json.loads(row["analysis"]))
            site = getattr(article, "site", None)
            status = store.add(analysis, key=article_key(article), site=site)
            counts[status] += 1
            on_done(status)
    finally:
        ray.shutdown()
    return counts
