"""``lagebild eval ner``: exact-span P/R/F1 on GermEval 2014 dev, speed and memory.

The model labels the gold words of each dev sentence (outer tags; OTH = MISC;
derivations and parts are not names), so the figures measure recognition, not tokenisation.
With ``--raw`` the product is scored instead: each sentence's words joined by single spaces
go through the whole pipeline as plain text (our tokenizer, rules, resolution), and its
name mentions (not roles, pronouns or parts of compounds) are compared by character span.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import click
import spacy
from spacy.tokens import Doc

from ..bio import bio_spans
from ..components.entities import ENTITIES
from ..defaults import DEFAULT_MODEL
from ..errors import LagebildError
from ..options import model_option
from ..resources import load_json
from . import germeval


def build_recognizer(model: str, lang: str = "de", **overrides):
    """The entity component as the shipped pipeline configures it, without fallback and
    without changing the tokens."""
    spec = load_json(lang, "pipeline.json")
    config = dict(spec.get("models", {}).get(model, {}).get(ENTITIES, {}))
    # gold tokens are scored as they are: no splitting of "BRICS-Gruppe"
    config.update({"model": model, "fallback": None, "split_acronyms": False, **overrides})
    nlp = spacy.blank(spec["spacy_lang"])
    return nlp, nlp.add_pipe(ENTITIES, config=config)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def score_sentences(recognizer, nlp, sentences: list[germeval.Sentence]) -> dict:
    """Exact-span scores of ``recognizer`` on gold-tokenised sentences, with its speed."""
    recognizer.tagger  # noqa: B018  (load the model before the clock starts)
    docs = []
    for sentence in sentences:
        doc = Doc(nlp.vocab, words=sentence.words)
        for token in doc:
            token.is_sent_start = token.i == 0
        docs.append(doc)
    started, started_cpu = time.perf_counter(), time.process_time()
    docs = list(recognizer.pipe(docs))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - started_cpu
    predicted = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]
    gold = [bio_spans(s.labels) for s in sentences]
    n_words = sum(len(s.words) for s in sentences)
    return {
        "sentences": len(sentences),
        "words": n_words,
        **germeval.score_spans(gold, predicted),
        "seconds": seconds,
        "words_per_second": n_words / seconds if seconds else 0.0,
        "cpu_seconds": cpu_seconds,
        "words_per_cpu_second": n_words / cpu_seconds if cpu_seconds else 0.0,
        "peak_rss_mb": peak_rss_mb(),
    }


def evaluate_ner(
    model: str = DEFAULT_MODEL,
    limit: int | None = None,
    split: str = "dev",
    **overrides,
) -> dict:
    """Scores of ``model`` on a GermEval split, with words/second and peak RSS.

    ``overrides`` are settings of the entity component (e.g. ``path``, ``rules``).
    """
    sentences = germeval.load(split, limit=limit)
    nlp, recognizer = build_recognizer(model, **overrides)
    return {"model": model, "split": split, **score_sentences(recognizer, nlp, sentences)}


def word_offsets(words: list[str]) -> list[tuple[int, int]]:
    """Character spans of ``words`` in ``" ".join(words)``."""
    spans, start = [], 0
    for word in words:
        spans.append((start, start + len(word)))
        start += len(word) + 1
    return spans


def evaluate_raw(model: str = DEFAULT_MODEL, limit: int | None = None, split: str = "dev"):
    """Scores of the whole pipeline on a GermEval split given as plain text."""
    from ..analyzer import Analyzer

    sentences = germeval.load(split, limit=limit)
    texts = [" ".join(s.words) for s in sentences]
    gold = []
    for sentence in sentences:
        offsets = word_offsets(sentence.words)
        gold.append(
            [(offsets[a][0], offsets[b - 1][1], t) for a, b, t in bio_spans(sentence.labels)]
        )
    analyzer = Analyzer(language="de", model=model)
    analyzer.nlp("de")  # build the pipeline before the clock starts
    started = time.perf_counter()
    predicted = []
    for (_, analysis), text in zip(analyzer.analyze_many(texts), texts, strict=True):
        if isinstance(analysis, Exception):  # every sentence must be scored
            raise LagebildError(f"GermEval {split}: {text[:60]!r}: {analysis}")
        predicted.append(
            [(m.start, m.end, m.type) for m in analysis.mentions if m.kind in (None, "name")]
        )
    seconds = time.perf_counter() - started
    n_words = sum(len(s.words) for s in sentences)
    return {
        "model": model,
        "split": split,
        "input": "raw text",
        "sentences": len(sentences),
        "words": n_words,
        **germeval.score_spans(gold, predicted),
        "seconds": seconds,
        "words_per_second": n_words / seconds if seconds else 0.0,
        "peak_rss_mb": peak_rss_mb(),
    }


@click.command("ner")
@model_option()
@click.option("--limit", type=int, default=None, help="score only the first N sentences")
@click.option(
    "--raw",
    is_flag=True,
    help="score the product: the sentences as plain text through the whole pipeline",
)
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
def command(model: str, limit: int | None, raw: bool, as_json: bool) -> None:
    """Named entities: exact-span P/R/F1 per type and micro on GermEval 2014 dev."""
    try:
        evaluate = evaluate_raw if raw else evaluate_ner
        result = evaluate(model=model, limit=limit)
    except (LagebildError, OSError) as error:  # a missing model or data: one line
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"GermEval 2014 {result['split']}: {result['sentences']} sentences, "
        f"{result['words']} words, model {model}" + (", raw text" if raw else "")
    )
    click.echo(germeval.format_scores(result))
    cpu = result.get("words_per_cpu_second")
    click.echo(
        f"speed  {result['words_per_second']:,.0f} words/s "
        + (f"({cpu:,.0f} words per CPU-second)   " if cpu else "")
        + f"peak RSS {result['peak_rss_mb']:,.0f} MB"
    )
