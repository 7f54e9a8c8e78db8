"""Run many articles through the pipeline, streaming and in input order.

Kept as a thin wrapper over ``Analyzer.analyze_many`` for callers that want only the
analyses; ``on_error`` receives each failed article's error (default: raise it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..analysis import Analysis
from ..errors import InputError
from ..pipeline import DEFAULT_MODEL
from .readers import Article


def _raise(error: InputError) -> None:
    raise error


def analyze_articles(
    articles: Iterable[Article],
    language: str | None = None,
    model: str = DEFAULT_MODEL,
    workers: int = 1,
    on_error: Callable[[InputError], None] = _raise,
) -> Iterator[tuple[Article, Analysis]]:
    """Analyses in input order; an article that fails goes to ``on_error`` instead."""
    from ..analyzer import Analyzer

    for article, result in Analyzer(language, model, workers).analyze_many(articles):
        if isinstance(result, InputError):
            on_error(result)
        else:
            yield article, result
