"""Lagebild: news reports as a situation picture, every fact tied to its source text."""

from __future__ import annotations

__version__ = "0.1.0"

import datetime as dt  # noqa: E402

from .analysis import Analysis  # noqa: E402
from .errors import InputError, LagebildError, UsageError  # noqa: E402


def analyze(
    text: str,
    published: dt.date | str | None = None,
    language: str | None = None,
    model: str = "accurate",
    title: str | None = None,
    url: str | None = None,
) -> Analysis:
    """Analyse one article. ``published`` anchors relative dates ("am Mittwoch")."""
    from .pipeline import Source, build_pipeline, detect_language, doc_to_analysis, make_doc

    if not text or not text.strip():
        raise InputError("<text>", "the text is empty")
    if isinstance(published, str):
        published = parse_date(published)
    nlp = build_pipeline(language or detect_language(text), model)
    source = Source(published=published, title=title, url=url)
    doc = nlp(make_doc(nlp, text, source))
    return doc_to_analysis(doc, nlp, source)


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UsageError(f"invalid date {value!r}: expected YYYY-MM-DD") from None


__all__ = ["Analysis", "InputError", "LagebildError", "UsageError", "analyze", "parse_date"]
