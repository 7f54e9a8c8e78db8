"""``lagebild eval events --set news``: PLOVER events on real German news articles.

The set (``data/events-news.jsonl``, guidelines in ``data/events-news-guidelines.md``) holds
row numbers into the 10kGNAD test file, a SHA-1 of each article and, per expected event, the
character span of its trigger sentence — never the article text (CC BY-NC-SA: evaluation
only); the text is read from ``/work/shared/data`` at run time.

Matching: a found event may only match an expected one whose sentence span holds its trigger.
Within that, the stages are those of the sentence sets (type alone; actor, recipient,
modality each with the type; type+actor+recipient), one to one and greedy. An expected
participant is a list of acceptable readings (``null`` among them: no participant is right
too); a reading agrees as in :mod:`lagebild.eval.events` (case-folded containment).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..pipeline import Source, doc_to_analysis, make_doc
from .events import _describe_names, _matches, _prf, _same_name, found_events
from .news_set import annotated_articles

SET = Path(__file__).parent / "data" / "events-news.jsonl"
STAGES = ("type", "actor", "recipient", "modality", "type+actor+recipient")


@dataclass
class Article:
    row: int
    text: str
    events: list[dict]


def read_set(news_file: Path, path: Path = SET) -> list[Article]:
    """The annotated articles, text read from ``news_file``; a changed text is an error."""
    articles = []
    for item, text in annotated_articles(news_file, path):
        articles.append(Article(item["row"], text, item["events"]))
    return articles


def _reading_agrees(readings: list, found: set[str]) -> bool:
    return any(_same_name(reading, found) for reading in readings)


def _agrees(stage: str, gold: dict, found: dict) -> bool:
    span = gold["sentence"]
    if gold["type"] != found["type"] or not span["start"] <= found["start"] < span["end"]:
        return False
    parts = {"type+actor+recipient": ("actor", "recipient")}.get(stage, (stage,))
    for part in parts:
        if part == "modality":
            if gold["modality"] != found["modality"]:
                return False
        elif part != "type" and not _reading_agrees(gold[part], found[part]):
            return False
    return True


def article_events(nlp, article: Article) -> list[dict]:
    source = Source()
    doc = nlp(make_doc(nlp, article.text, source))
    analysis = doc_to_analysis(doc, nlp, source)
    starts = [e.trigger.start for e in analysis.events]
    return [{**e, "start": s} for e, s in zip(found_events(analysis), starts, strict=True)]


def annotated_events(article: Article) -> list[dict]:
    """An annotator's events in the coder's form: each participant's first reading (the
    annotator's own choice), positioned in the middle of the event's sentence."""

    def first(readings: list) -> set[str]:
        return {readings[0]} if readings and readings[0] is not None else set()

    return [
        {
            "type": e["type"],
            "actor": first(e["actor"]),
            "recipient": first(e["recipient"]),
            "modality": e["modality"],
            "start": (e["sentence"]["start"] + e["sentence"]["end"]) // 2,
        }
        for e in article.events
    ]


def score(articles: list[Article], nlp) -> dict:
    return _score(articles, [article_events(nlp, article) for article in articles])


def agreement(articles: list[Article], second: list[Article]) -> dict:
    """A second annotator's events for the same articles scored like the coder's against the
    set: how far two people applying the same guidelines agree."""
    by_row = {article.row: article for article in second}
    if set(by_row) != {article.row for article in articles}:
        raise ValueError("the second annotation covers other articles than the set")
    return _score(articles, [annotated_events(by_row[article.row]) for article in articles])


def _score(articles: list[Article], found_per_article: list[list[dict]]) -> dict:
    tp = dict.fromkeys(STAGES, 0)
    n_gold = n_found = 0
    errors = []
    for article, found in zip(articles, found_per_article, strict=True):
        n_gold, n_found = n_gold + len(article.events), n_found + len(found)
        for stage in STAGES:
            tp[stage] += _matches(stage, article.events, found, _agrees)
        errors.extend(_errors(article, found))
    return {
        "articles": len(articles),
        "expected": n_gold,
        "found": n_found,
        "stages": {stage: _prf(tp[stage], n_found, n_gold) for stage in STAGES},
        "errors": errors,
    }


def _errors(article: Article, found: list[dict]) -> list[str]:
    """Expected events without a full match and found events matching none, by sentence."""
    lines, free = [], list(range(len(found)))
    for g in article.events:
        hit = next((k for k in free if _agrees("type+actor+recipient", g, found[k])), None)
        if hit is None:
            sentence = article.text[g["sentence"]["start"] : g["sentence"]["end"]]
            want = f"{g['type']} {g['actor']} → {g['recipient']} {g['modality'] or ''}"
            lines.append(f"{article.row}\tmissed\t{want}\t{sentence}")
        else:
            free.remove(hit)
    for k in free:
        e = found[k]
        lines.append(
            f"{article.row}\tspurious\t{e['type']} {_describe_names(e['actor'])} → "
            f"{_describe_names(e['recipient'])} {e['modality'] or ''}\t"
            f"{_sentence_at(article.text, e['start'])}"
        )
    return lines


def _sentence_at(text: str, pos: int) -> str:
    """The stretch around ``pos`` between sentence-final points (for error lines only)."""
    start = max(text.rfind(". ", 0, pos) + 2, 0)
    end = text.find(". ", pos)
    return text[start : end + 1 if end >= 0 else len(text)]
