"""``lagebild eval resolution --set news``: in-document identity on annotated news articles.

The set (``data/resolution-news.jsonl``, guidelines in ``data/resolution-guidelines.md``)
holds row numbers into the 10kGNAD test file, a SHA-1 of each article and character offsets
with gold entity keys, not the article text (CC BY-NC-SA: evaluation only); the text is read
from ``/work/shared/data`` at run time.

The resolver gets the gold name spans and types as ``doc.ents``, after the sentence splitter
and before the quote finder (pronoun speakers come from the quotes), so the figures measure
resolution, not recognition. A gold role or pronoun mention counts as found when the
resolver made a role/pronoun mention with the same span; otherwise it is a singleton.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from ..components.resolve import RESOLVE, read_resolution
from ..pipeline import make_doc
from .news_set import annotated_articles

SET = Path(__file__).parent / "data" / "resolution-news.jsonl"
# the components that run before the resolver; the recogniser is replaced by the gold spans
BEFORE = ("lagebild_sentences", "lagebild_quotes")


@dataclass
class Article:
    row: int
    text: str
    mentions: list[dict]


def read_set(news_file: Path, path: Path = SET) -> list[Article]:
    """The annotated articles with their text from ``news_file``; a changed text is an error."""
    articles = []
    for item, text in annotated_articles(news_file, path):
        for m in item["mentions"]:
            if text[m["start"] : m["end"]] != m["text"]:
                raise ValueError(f"{path}: row {item['row']}: no {m['text']!r} at {m['start']}")
        articles.append(Article(item["row"], text, item["mentions"]))
    return articles


def predicted(nlp: Language, article: Article) -> dict[tuple[int, int], str]:
    """The resolver's entity id for each gold mention span it produced."""
    doc = make_doc(nlp, article.text)
    names = [m for m in article.mentions if m["kind"] == "name"]
    spans = [doc.char_span(m["start"], m["end"], label=m["type"]) for m in names]
    for name in BEFORE:
        doc = nlp.get_pipe(name)(doc)
        if name == BEFORE[0]:
            doc.ents = [s for s in spans if s is not None]
    doc = nlp.get_pipe(RESOLVE)(doc)
    _, mentions, _ = read_resolution(doc)
    return {(m.start, m.end): m.entity for m in mentions if m.entity}


def scored_pairs(nlp: Language, articles: list[Article]) -> list[list[tuple[str, str]]]:
    """(gold, predicted) entity per gold mention, one list per article; a mention the
    resolver left without an entity is a singleton of its own."""
    documents = []
    for article in articles:
        found = predicted(nlp, article)
        documents.append(
            [
                (m["entity"], found.get((m["start"], m["end"])) or f"-{m['start']}")
                for m in article.mentions
            ]
        )
    return documents


def evaluate(nlp: Language, articles: list[Article]) -> dict:
    from .resolution import score

    documents = scored_pairs(nlp, articles)
    kinds: dict[str, int] = {}
    for article in articles:
        for m in article.mentions:
            kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    return {
        "documents": len(documents),
        "mentions": sum(map(len, documents)),
        "kinds": kinds,
        **score(documents),
    }
