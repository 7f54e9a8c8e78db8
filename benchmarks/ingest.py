"""Ingest benchmark: what the store costs over ``lagebild analyze`` of the same file in the same
run, the second ingest, kill -9 halfway + re-run against a clean run, and peak RSS — on SQLite
and (with --postgres URL) PostgreSQL.

    python benchmarks/ingest.py [--limit N] [--repeat R] [--postgres postgresql+psycopg://...]

The articles are the 1,017 of ../shared/data/news/10kgnad-test-public.csv (non-commercial:
benchmarks only), converted to JSONL; ingest runs with ``--model fast --workers 2``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NEWS = Path("news") / "10kgnad-test-public.csv"
ARGS = ["--model", "fast", "--workers", "2"]


def to_jsonl(csv_path: Path, out: Path, limit: int | None) -> int:
    with csv_path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";", quotechar="'"))[:limit]
    with out.open("w", encoding="utf-8") as f:
        for n, (_category, text) in enumerate(rows, start=1):
            f.write(json.dumps({"id": f"gnad-{n}", "text": text}, ensure_ascii=False) + "\n")
    return len(rows)


def lagebild(*args: str, stdout=subprocess.DEVNULL) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "lagebild", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group: kill -9 reaches spaCy's workers too
    )


def timed(*args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, the largest process of the command's tree)."""
    start = time.perf_counter()
    child = lagebild(*args)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0,):
        sys.exit(f"benchmark: {' '.join(args)} failed: {child.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def stored_documents(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM documents"))
    except Exception:  # not created yet
        return 0
    finally:
        engine.dispose()


def snapshot(url: str) -> dict:
    from lagebild.kb import Store, queries

    store = Store(url)
    try:
        return {
            "export": list(queries.export_analyses(store)),
            "entities": queries.list_entities(store, min_count=0, limit=10**7),
            "overview": queries.overview(store),
        }
    finally:
        store.close()


def kill_halfway(url: str, jsonl: Path, total: int) -> None:
    child = lagebild("ingest", str(jsonl), "--db", url, *ARGS)
    while stored_documents(url) < total // 2:
        if child.poll() is not None:
            sys.exit("benchmark: the ingest ended before it could be killed")
        time.sleep(0.2)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def reset_postgres(url: str, schema: str) -> str:
    """A URL of an empty schema ``schema`` in the database of ``url`` (no other database is
    touched: the server may be shared)."""
    from sqlalchemy import create_engine, make_url, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def backend(name: str, make_url, jsonl: Path, total: int, repeat: int) -> dict:
    """The figures of one backend. analyze and ingest alternate (A I A I ... A), each ingest
    into a fresh store, and the medians are compared: the machines here are shared, and the
    load drifts within minutes."""
    analyze_s, ingest_s, rss, analyze_rss = [], [], [], []
    clean = ""
    for n in range(repeat):
        seconds, peak = timed("analyze", str(jsonl), *ARGS, "--format", "jsonl")
        analyze_s.append(seconds)
        analyze_rss.append(peak)
        clean = make_url(f"bench_{n}")  # (for PostgreSQL, this empties the schema)
        seconds, peak = timed("ingest", str(jsonl), "--db", clean, *ARGS)
        ingest_s.append(seconds)
        rss.append(peak)
    analyze_s.append(timed("analyze", str(jsonl), *ARGS, "--format", "jsonl")[0])
    second_s, _ = timed("ingest", str(jsonl), "--db", clean, *ARGS)
    crashed = make_url("bench_crash")
    kill_halfway(crashed, jsonl, total)
    killed_at = stored_documents(crashed)
    timed("ingest", str(jsonl), "--db", crashed, *ARGS)
    same = snapshot(clean) == snapshot(crashed)
    first_s = median(ingest_s)
    return {
        "backend": name,
        "documents": stored_documents(clean),
        "analyze_s": [round(s, 1) for s in analyze_s],
        "ingest_s": [round(s, 1) for s in ingest_s],
        "store_overhead_pct": round(100 * (first_s - median(analyze_s)) / median(analyze_s), 1),
        "second_ingest_s": round(second_s, 1),
        "second_vs_first_pct": round(100 * second_s / first_s, 1),
        "killed_after_documents": killed_at,
        "rerun_equals_clean_run": same,
        "ingest_peak_rss_mb": round(max(rss)),
        "analyze_peak_rss_mb": round(max(analyze_rss)),
        "clean_store": clean,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--postgres", help="a PostgreSQL URL (its server may create databases)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--repeat", type=int, default=2, help="ingests per backend, alternating with analyze"
    )
    args = parser.parse_args()
    from lagebild.errors import UsageError
    from lagebild.eval import data_dir

    try:
        data = data_dir() / NEWS
    except UsageError as e:
        sys.exit(f"benchmark: {e}")
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "gnad.jsonl"
        total = to_jsonl(data, jsonl, args.limit)
        print(f"{total} articles, {' '.join(ARGS)}, {args.repeat} ingests a backend", flush=True)
        results = []
        if not args.no_sqlite:
            results.append(
                backend(
                    "sqlite", lambda n: f"sqlite:///{Path(tmp) / n}.db", jsonl, total, args.repeat
                )
            )
            print(json.dumps(_shown(results[-1])), flush=True)
        if args.postgres:
            results.append(
                backend(
                    "postgresql",
                    lambda n: reset_postgres(args.postgres, n),
                    jsonl,
                    total,
                    args.repeat,
                )
            )
            print(json.dumps(_shown(results[-1])), flush=True)
        if len(results) == 2:
            same = snapshot(results[0]["clean_store"]) == snapshot(results[1]["clean_store"])
            print(json.dumps({"sqlite_export_equals_postgresql_export": same}), flush=True)


def _shown(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "clean_store"}


if __name__ == "__main__":
    main()
