"""Throughput of the analysis pipeline on real German news (10kGNAD test articles).

Words per second per process, the median of several runs, and the ratio to spaCy's bare
tokenizer timed on the same texts in the same run (machines are noisy: ratios hold,
absolute times do not). Also the process's peak RSS.

    python benchmarks/throughput.py [--model accurate|fast] [--articles 200] [--runs 5]
                                    [--without lagebild_events --without ...]

``--without`` also times the pipeline with those components switched off, alternating with the
whole pipeline in each run, and prints what the whole pipeline keeps of that baseline.
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import sys
import time

from lagebild.eval import data_dir
from lagebild.pipeline import build_pipeline, doc_to_analysis, make_doc

csv.field_size_limit(sys.maxsize)


def news_articles(limit: int) -> list[str]:
    path = data_dir() / "news" / "10kgnad-test-public.csv"
    with path.open(encoding="utf-8") as f:
        rows = csv.reader(f, delimiter=";", quotechar="'")
        return [row[1] for _, row in zip(range(limit), rows, strict=False)]


def words_per_second(function, texts: list[str], words: int) -> float:
    started = time.perf_counter()
    function(texts)
    return words / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="accurate", choices=["accurate", "fast"])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--without", action="append", default=[], metavar="COMPONENT")
    args = parser.parse_args()

    texts = news_articles(args.articles)
    nlp = build_pipeline("de", args.model)
    words = sum(sum(not t.is_space for t in nlp.make_doc(text)) for text in texts)

    def tokenize(batch):
        for text in batch:
            nlp.make_doc(text)

    def analyze(batch):
        docs = (make_doc(nlp, text) for text in batch)
        for doc in nlp.pipe(docs, batch_size=16):
            doc_to_analysis(doc, nlp)

    analyze(texts[:5])  # warm-up: lazy loading stays out of the timing
    bare, full, baseline = [], [], []
    for _ in range(args.runs):
        bare.append(words_per_second(tokenize, texts, words))
        full.append(words_per_second(analyze, texts, words))
        if args.without:
            with nlp.select_pipes(disable=args.without):
                baseline.append(words_per_second(analyze, texts, words))
    bare_median, full_median = statistics.median(bare), statistics.median(full)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline        {nlp.meta['name']} ({', '.join(nlp.pipe_names)})")
    print(f"articles        {len(texts)} ({words:,} words), {args.runs} runs")
    print(f"tokenizer       {bare_median:12,.0f} words/s (median)")
    print(f"pipeline        {full_median:12,.0f} words/s (median)")
    print(f"ratio           {full_median / bare_median:12.4f} of the bare tokenizer")
    if baseline:
        base_median = statistics.median(baseline)
        print(
            f"without         {base_median:12,.0f} words/s (median; {', '.join(args.without)} off)"
        )
        print(f"kept            {full_median / base_median:12.1%} of that baseline")
    print(f"peak RSS        {peak_mb:12,.0f} MB")


if __name__ == "__main__":
    main()
