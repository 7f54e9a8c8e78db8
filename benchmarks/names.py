"""Name-variant benchmark: what variant matching adds to ingest time, in one run.

    python benchmarks/names.py [--limit 300] [--rounds 3] [--postgres URL]

The first N articles of ../shared/data/news/10kgnad-test-public.csv (non-commercial:
benchmarks only) are analysed once (``--model fast``, timed), then stored into fresh stores
with exact names only and with the variant matcher, alternated round by round (the machines
here are shared and the load drifts). The matcher's caches are emptied before every round, as
a fresh ``lagebild ingest`` process starts with them empty. Reported: median store seconds of
each, and the variant overhead on the whole ingest (analysis + store):
``(store_variants - store_exact) / (analyse + store_exact)``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NEWS = Path("news") / "10kgnad-test-public.csv"


def articles(limit: int):
    from lagebild.eval import data_dir
    from lagebild.ingest.readers import Article
    from lagebild.pipeline import Source

    with (data_dir() / NEWS).open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";", quotechar="'"))[:limit]
    day = dt.date(2026, 12, 1)
    return [
        Article(location=f"gnad-{n}", text=text, source=Source(published=day, id=f"gnad-{n}"))
        for n, (_category, text) in enumerate(rows, start=1)
    ]


def store_seconds(analyses: list[dict], url: str, variants: bool) -> tuple[float, float, int]:
    """Wall and CPU seconds of this process to store every analysis into a fresh store; and
    the entities it ends with. CPU time is the steadier figure on a shared machine (SQLite
    runs in this process; PostgreSQL's server work is not counted)."""
    from sqlalchemy import func, select

    from lagebild.analysis import Analysis
    from lagebild.kb import names
    from lagebild.kb.linking import Linker
    from lagebild.kb.schema import kb_entities
    from lagebild.kb.store import Store

    getattr(names, "clear_caches", lambda: None)()  # absent before the memos
    docs = [Analysis.from_dict(a) for a in analyses]
    linker = Linker(names.VariantMatcher()) if variants else Linker()
    store = Store(url, linker=linker)
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        store.add(doc)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    with store.engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(kb_entities))
    store.close()
    return seconds, cpu, count


def analysed(limit: int, cache: Path | None) -> tuple[float, float, list[dict]]:
    from lagebild.ingest.batch import analyze_articles

    if cache and cache.is_file():
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if len(kept["analyses"]) == limit and "analyse_cpu_s" in kept:
            return kept["analyse_s"], kept["analyse_cpu_s"], kept["analyses"]
    start, cpu = time.perf_counter(), time.process_time()
    analyses = [a.to_dict() for _, a in analyze_articles(articles(limit), "de", "fast", 1)]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if cache:
        kept = {"analyse_s": seconds, "analyse_cpu_s": cpu, "analyses": analyses}
        cache.write_text(json.dumps(kept), "utf-8")
    return seconds, cpu, analyses


def reset_postgres(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose schema may be dropped")
    parser.add_argument(
        "--analyses",
        type=Path,
        help="JSON file keeping the analyses and their seconds: written on the first run, "
        "read on later ones (to compare matchers without re-analysing)",
    )
    args = parser.parse_args()
    analyse_s, analyse_cpu, analyses = analysed(args.limit, args.analyses)
    times: dict[bool, list[float]] = {False: [], True: []}
    cpus: dict[bool, list[float]] = {False: [], True: []}
    counts: dict[bool, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            # Alternate which goes first, so that neither always meets the warmer machine.
            for variants in (False, True) if n % 2 == 0 else (True, False):
                if args.postgres:
                    url = reset_postgres(args.postgres)
                else:
                    url = f"sqlite:///{Path(tmp) / f'kb-{n}-{int(variants)}.db'}"
                seconds, cpu, counts[variants] = store_seconds(analyses, url, variants)
                times[variants].append(seconds)
                cpus[variants].append(cpu)
    exact, variant = statistics.median(times[False]), statistics.median(times[True])
    exact_cpu, variant_cpu = statistics.median(cpus[False]), statistics.median(cpus[True])
    print(
        json.dumps(
            {
                "backend": "postgresql" if args.postgres else "sqlite",
                "articles": len(analyses),
                "analyse_s": round(analyse_s, 1),
                "store_exact_s": [round(t, 2) for t in times[False]],
                "store_variants_s": [round(t, 2) for t in times[True]],
                "analyse_cpu_s": round(analyse_cpu, 1),
                "store_exact_cpu_s": [round(t, 2) for t in cpus[False]],
                "store_variants_cpu_s": [round(t, 2) for t in cpus[True]],
                "entities_exact": counts[False],
                "entities_variants": counts[True],
                "ingest_overhead_pct": round(100 * (variant - exact) / (analyse_s + exact), 1),
                "ingest_overhead_cpu_pct": round(
                    100 * (variant_cpu - exact_cpu) / (analyse_cpu + exact_cpu), 1
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
