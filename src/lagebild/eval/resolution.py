"""In-document identity: B³ and pairwise P/R/F1 of the resolver on HIPE-2022 German.

Gold clusters come from HIPE's Wikidata links: the mentions of one QID in one document
are one entity; NIL and unlinked mentions are not scored. The resolver runs on the gold
mentions (their spans and coarse types as the recogniser's output), so the figures measure
resolution alone, not recognition.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import click

from ..components.resolve import Resolver, read_resolution
from ..errors import LagebildError
from ..extensions import register_extensions
from ..pipeline import blank_pipeline
from . import data_dir
from .news_set import NEWS

HIPE_TYPES = {"pers": "PER", "org": "ORG", "loc": "LOC"}  # other HIPE types: MISC


@dataclass
class GoldDocument:
    id: str
    text: str = ""
    # (start, end, type, qid) per linked or unlinked mention; qid None when NIL
    mentions: list[tuple[int, int, str, str | None]] = field(default_factory=list)


def read_hipe(path: Path) -> list[GoldDocument]:
    """Documents of a HIPE-2022 TSV file with their coarse literal mentions and links."""
    docs: list[GoldDocument] = []
    parts: list[str] = []
    offset = 0
    open_mention: list | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# hipe2022:document_id"):
            if docs:
                docs[-1].text = "".join(parts)
            docs.append(GoldDocument(line.split("=", 1)[1].strip()))
            parts, offset, open_mention = [], 0, None
            continue
        cells = line.split("\t")
        if line.startswith(("#", "TOKEN")) or len(cells) < 10 or not docs:
            continue
        token, tag, link = cells[0], cells[1], cells[7]
        start, end = offset, offset + len(token)
        # every token is followed by a space, so gold spans align with spaCy's tokens
        # (HIPE's NoSpaceAfter marks also fall at line ends, where words would glue)
        parts.append(token + " ")
        offset += len(parts[-1])
        if tag.startswith("B-"):
            qid = link if link.startswith("Q") else None
            kind = HIPE_TYPES.get(tag[2:].split(".")[0], "MISC")
            open_mention = [start, end, kind, qid]
            docs[-1].mentions.append(open_mention)
        elif tag.startswith("I-") and open_mention is not None:
            open_mention[1] = end
        else:
            open_mention = None
    if docs:
        docs[-1].text = "".join(parts)
    return docs


def predicted_clusters(resolver: Resolver, nlp, doc: GoldDocument) -> dict[tuple[int, int], str]:
    """The resolver's entity id for each gold mention span."""
    spacy_doc = nlp.make_doc(doc.text)
    spans = [
        spacy_doc.char_span(s, e, label=t, alignment_mode="expand") for s, e, t, _ in doc.mentions
    ]
    chosen, taken = [], set()
    for span in spans:  # overlapping gold mentions (rare) keep the first
        if span is not None and not taken & set(range(span.start, span.end)):
            chosen.append(span)
            taken |= set(range(span.start, span.end))
    spacy_doc.ents = chosen
    resolver(spacy_doc)
    _, mentions, _ = read_resolution(spacy_doc)
    by_span = {(m.start, m.end): m.entity for m in mentions if m.kind != "role"}
    found = {}
    for (s, e, _, _), span in zip(doc.mentions, spans, strict=True):
        if span is not None and (span.start_char, span.end_char) in by_span:
            found[(s, e)] = by_span[(span.start_char, span.end_char)]
    return found


def score(documents: list[list[tuple[str, str]]]) -> dict:
    """B³ (mention-averaged) and pairwise P/R/F1 over (gold, predicted) cluster pairs, one
    list per document: identity never crosses documents."""
    b3_p = b3_r = 0.0
    n = tp = fp = fn = 0
    for pairs in documents:
        pred_size = Counter(p for _, p in pairs)
        gold_size = Counter(g for g, _ in pairs)
        both = Counter(pairs)
        for gold, pred in pairs:
            b3_p += both[(gold, pred)] / pred_size[pred]
            b3_r += both[(gold, pred)] / gold_size[gold]
        n += len(pairs)
        for (g1, p1), (g2, p2) in combinations(pairs, 2):
            tp += g1 == g2 and p1 == p2
            fp += g1 != g2 and p1 == p2
            fn += g1 == g2 and p1 != p2
    n = n or 1
    return {
        "b3": _prf(b3_p / n, b3_r / n),
        "pairwise": _prf(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0),
    }


def _prf(p: float, r: float) -> dict:
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate_hipe(paths: list[Path]) -> dict:
    """Pooled scores over every document of the files (mentions keyed per document)."""
    register_extensions()
    nlp, resolver = blank_pipeline("de"), Resolver("de")
    scored: list[list[tuple[str, str]]] = []
    for path in paths:
        for doc in read_hipe(path):
            predicted = predicted_clusters(resolver, nlp, doc)
            # a gold mention the resolver left out (no token alignment, overlap) is a
            # singleton, so every linked mention is scored
            scored.append(
                [(q, predicted.get((s, e)) or f"-{s}") for s, e, _, q in doc.mentions if q]
            )
    mentions = sum(map(len, scored))
    return {"documents": len(scored), "mentions": mentions, **score(scored)}


def hipe_files() -> list[Path]:
    folder = data_dir() / "ner" / "hipe2022"
    files = sorted(folder.glob("HIPE-2022-*-de.tsv"))
    if not files:
        raise LagebildError(f"no HIPE-2022 German files in {folder}")
    return files


@click.command("resolution")
@click.option(
    "--set",
    "which",
    default="hipe",
    type=click.Choice(["hipe", "news"]),
    show_default=True,
    help="HIPE-2022 German, or the annotated 10kGNAD news articles.",
)
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
def command(which: str, as_json: bool) -> None:
    """Entity resolution: B³ and pairwise P/R/F1 of in-document identity on HIPE-2022 German
    or on annotated news articles."""
    try:
        result = evaluate_news() if which == "news" else evaluate_hipe(hipe_files())
    except (LagebildError, OSError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    title = "10kGNAD news" if which == "news" else "HIPE-2022 German"
    click.echo(f"{title}: {result['documents']} documents, {result['mentions']} scored mentions")
    for metric in ("b3", "pairwise"):
        f = result[metric]
        click.echo(f"  {metric:<9} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}")


def evaluate_news() -> dict:
    """The news set through the sentence splitter and quote finder (gold name spans)."""
    from ..pipeline import build_pipeline
    from . import resolution_news

    news_file = data_dir() / NEWS
    if not news_file.is_file():
        raise LagebildError(f"no 10kGNAD news file at {news_file}")
    articles = resolution_news.read_set(news_file)
    return resolution_news.evaluate(build_pipeline("de", "accurate"), articles)
