"""Lagebild: news reports as a situation picture, every fact tied to its source text."""

from __future__ import annotations

__version__ = "0.1.0"

import os  # noqa: E402

# One OpenBLAS thread unless the user sets another count, set before numpy loads OpenBLAS:
# the fast entity model multiplies small matrices, which threads make slower, not faster
# (benchmarks/throughput.py --model fast on the 2-core machine: 1.6x the words/s with one
# thread, same output); batches run in processes of their own (--workers), and the
# accurate model's ONNX Runtime sets its threads itself.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import datetime as dt  # noqa: E402

from .analysis import Analysis  # noqa: E402
from .errors import (  # noqa: E402
    AnalysisFailed,
    InputError,
    InvalidDate,
    InvalidText,
    LagebildError,
    TextTooLong,
    UsageError,
)


def analyze(
    text: str,
    published: dt.date | dt.datetime | str | None = None,
    language: str | None = None,
    model: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Analysis:
    """Analyse one article. ``published`` anchors relative dates ("am Mittwoch").

    A thin wrapper over ``Analyzer``; build one ``Analyzer`` to analyse many texts."""
    from .analyzer import Analyzer
    from .pipeline import DEFAULT_MODEL

    return Analyzer(language, model or DEFAULT_MODEL).analyze(
        text, published=published, title=title, url=url
    )


def parse_date(value: str) -> dt.date:
    from .analyzer import parse_date as parse

    return parse(value)


def __getattr__(name: str):
    # ``lagebild.Analyzer`` without importing spaCy on ``import lagebild``
    if name == "Analyzer":
        from .analyzer import Analyzer

        return Analyzer
    raise AttributeError(name)


__all__ = [
    "Analysis",
    "AnalysisFailed",
    "Analyzer",
    "InputError",
    "InvalidDate",
    "InvalidText",
    "LagebildError",
    "TextTooLong",
    "UsageError",
    "analyze",
    "parse_date",
]
