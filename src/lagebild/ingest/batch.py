"""Run many articles through the pipeline, streaming and in input order."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from ..analysis import Analysis
from ..pipeline import build_pipeline, detect_language, doc_to_analysis, make_doc
from .readers import Article

BATCH_SIZE = 16


def analyze_articles(
    articles: Iterable[Article],
    language: str | None = None,
    model: str = "accurate",
    workers: int = 1,
) -> Iterator[tuple[Article, Analysis]]:
    """Analyses in input order. Without ``language`` each article's is detected; runs of
    articles in one language share one ``nlp.pipe`` stream (``workers`` processes)."""
    keyed = ((language or detect_language(a.text), a) for a in articles)
    for lang, run in itertools.groupby(keyed, key=lambda pair: pair[0]):
        nlp = build_pipeline(lang, model)
        docs = ((make_doc(nlp, a.text, a.source), a) for _, a in run)
        processed = nlp.pipe(docs, as_tuples=True, n_process=workers, batch_size=BATCH_SIZE)
        for doc, article in processed:
            yield article, doc_to_analysis(doc, nlp, article.source)
