"""Load test of ``lagebild serve``: the real server (uvicorn on 127.0.0.1) over a store of the
1,017 news articles of ../shared/data/news plus the reference article, N concurrent clients
for S seconds over a mix of pages and API listings; p50/p95 per endpoint and per class
(page, api) and the errors of each run, then the medians over the runs.

    python benchmarks/web_load.py [--articles N] [--clients 20] [--seconds 30] [--runs 3]

The store is built once with ``lagebild ingest --model fast`` and kept outside the repo
(``--cache``, default /tmp/lagebild-web-load): a later run with the same articles reuses it.
The news are non-commercial data: benchmarks only. Each client sends its next request as
soon as the last one is answered (a closed loop, no think time), so a p95 here includes the
queueing of 20 clients on one server process. Exits 1 when a bar is missed (p95 ≤ 300 ms
pages, ≤ 150 ms API listings, 0 errors).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
NEWS = Path("news") / "10kgnad-test-public.csv"
REFERENCE = ROOT / "examples" / "kasachstan-2024-11-26.de.txt"
BARS_MS = {"page": 300.0, "api": 150.0}
ERRORS: dict[str, int] = {}  # what failed, how often: printed at the end


def news_file() -> Path | None:
    from lagebild.errors import UsageError
    from lagebild.eval import data_dir

    try:
        path = data_dir() / NEWS
    except UsageError:
        return None
    return path if path.exists() else None


def articles(limit: int | None) -> list[dict]:
    with news_file().open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";", quotechar="'"))[:limit]
    reference = {
        "id": "kasachstan",
        "text": REFERENCE.read_text("utf-8"),
        "published": "2024-11-26",
        "title": "Putin reist nach Kasachstan",
    }
    news = [{"id": f"gnad-{n}", "text": t, "title": f"{c} {n}"} for n, (c, t) in enumerate(rows, 1)]
    return [reference, *news]


def stored(db: Path) -> int:
    if not db.exists():
        return -1
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            return -1


def build_store(cache: Path, limit: int | None) -> Path:
    """The cached store of these articles; ingested (fast model) when absent or incomplete."""
    docs = articles(limit)
    db = cache / f"news-{len(docs)}.db"
    if stored(db) == len(docs):
        print(f"store: reusing {db} ({len(docs)} documents)", file=sys.stderr)
        return db
    cache.mkdir(parents=True, exist_ok=True)
    jsonl = cache / f"news-{len(docs)}.jsonl"
    jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    part = cache / f"news-{len(docs)}.part.db"
    print(f"store: ingesting {len(docs)} articles into {db} (fast model)...", file=sys.stderr)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lagebild", "ingest", "--db", f"sqlite:///{part}",
         "--model", "fast", str(jsonl)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with sqlite3.connect(part) as conn:  # fold the WAL into the file before the rename
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    part.rename(db)
    print(f"store: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, src: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "lagebild", "serve", "--db", f"sqlite:///{db}",
         "--port", str(port), "--model", "fast"],
        env={**os.environ, "PYTHONPATH": str(src)},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"web_load: the server exited with {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/overview", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.kill()
    sys.exit("web_load: the server did not answer within 120 s")


def request_mix(base: str) -> list[tuple[str, str, str]]:
    """(class, endpoint, path) of every request of the mix, drawn from the store itself."""
    data = httpx.get(f"{base}/api/overview", timeout=30).json()
    docs = httpx.get(f"{base}/api/documents", params={"limit": 500}, timeout=30).json()["items"]
    people = httpx.get(f"{base}/api/entities", params={"type": "PER"}, timeout=30).json()["items"]
    doc_ids = [quote(d["id"], safe="") for d in docs[::25]][:20]
    entity_ids = [e["id"] for e in people[:10]]
    words = ["Putin", "Regierung", "Wien", "Prozent", "Polizei"]
    assert data["counts"]["documents"] > 0, data
    mix = []
    for prefix, cls in (("", "page"), ("/api", "api")):
        mix += [(cls, "overview", "/" if not prefix else "/api/overview")]
        mix += [(cls, "documents", f"{prefix}/documents?offset={o}") for o in (0, 50, 500)]
        mix += [(cls, "entities", f"{prefix}/entities?type={t}") for t in ("PER", "ORG", "LOC")]
        mix += [(cls, "quotes", f"{prefix}/quotes"), (cls, "events", f"{prefix}/events")]
        mix += [(cls, "timeline", f"{prefix}/timeline"),
                (cls, "timeline", f"{prefix}/timeline?entity=Putin"),
                (cls, "timeline", f"{prefix}/timeline?type=DATE&from=2015-01-01")]  # fmt: skip
        mix += [(cls, "graph", f"{prefix}/graph"), (cls, "graph", f"{prefix}/graph?type=PER")]
        mix += [(cls, "search", f"{prefix}/search?q={w}") for w in words]
        mix += [(cls, "document", f"{prefix}/documents/{d}") for d in doc_ids[:5]]
        mix += [(cls, "entity", f"{prefix}/entities/{e}") for e in entity_ids[:5]]
    return mix


async def client(http: httpx.AsyncClient, mix, offset: int, until: float, log: list) -> None:
    n = offset
    while time.monotonic() < until:
        cls, endpoint, path = mix[n % len(mix)]
        n += 7  # a step prime to the mix's length: the clients spread over the mix
        start = time.perf_counter()
        try:
            response = await http.get(path)
            ok = response.status_code == 200
            why = f"{response.status_code} {path}"
        except httpx.HTTPError as e:
            ok, why = False, f"{type(e).__name__} {path}"
        log.append((cls, endpoint, (time.perf_counter() - start) * 1000, ok))
        if not ok:
            ERRORS[why] = ERRORS.get(why, 0) + 1


async def one_run(base: str, mix, clients: int, seconds: float) -> list:
    log: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        until = time.monotonic() + seconds
        await asyncio.gather(*(client(http, mix, i * 3, until, log) for i in range(clients)))
    return log


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summarise(log: list) -> dict:
    groups: dict[str, list] = {}
    for cls, endpoint, ms, ok in log:
        for key in (cls, f"{cls} {endpoint}"):
            groups.setdefault(key, []).append((ms, ok))
    return {
        key: {
            "n": len(rows),
            "p50": percentile([ms for ms, _ in rows], 0.50),
            "p95": percentile([ms for ms, _ in rows], 0.95),
            "errors": sum(not ok for _, ok in rows),
        }
        for key, rows in sorted(groups.items())
    }


def print_table(title: str, table: dict) -> None:
    print(f"\n{title}\n{'':24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for key, r in table.items():
        print(f"{key:24} {r['n']:6.0f} {r['p50']:8.1f} {r['p95']:8.1f} {r['errors']:6.0f}")


def medians(runs: list[dict]) -> dict:
    keys = runs[0].keys()
    return {
        key: {f: statistics.median(r[key][f] for r in runs if key in r)
              for f in ("n", "p50", "p95", "errors")}
        for key in keys
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=None, help="first N news (all: 1,017)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/lagebild-web-load"))
    parser.add_argument("--db", type=Path, help="an existing SQLite store instead of building one")
    parser.add_argument(
        "--src", type=Path, default=ROOT / "src", help="the server's source tree (a baseline)"
    )
    args = parser.parse_args()
    if args.db is None and news_file() is None:
        print(f"web_load: ../shared/data/{NEWS} is absent: nothing to measure")
        return 0
    db = args.db or build_store(args.cache, args.articles)
    port = free_port()
    server = start_server(db, port, args.src)
    base = f"http://127.0.0.1:{port}"
    try:
        mix = request_mix(base)
        print(f"store {db}: {stored(db)} documents; {len(mix)} URLs; {args.clients} clients, "
              f"{args.runs} runs of {args.seconds:.0f} s; server from {args.src}; "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        asyncio.run(one_run(base, mix, args.clients, 3.0))  # warm-up, not counted
        runs = []
        for n in range(args.runs):
            runs.append(summarise(asyncio.run(one_run(base, mix, args.clients, args.seconds))))
            print_table(f"run {n + 1}", runs[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = medians(runs)
    print_table(f"median of {args.runs} runs", result)
    for why, n in sorted(ERRORS.items(), key=lambda kv: -kv[1])[:10]:
        print(f"error x{n}: {why}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    missed = [
        f"{cls}: p95 {result[cls]['p95']:.0f} ms > {bar:.0f} ms"
        for cls, bar in BARS_MS.items()
        if result[cls]["p95"] > bar
    ] + [f"{cls}: {result[cls]['errors']:.0f} errors" for cls in BARS_MS if result[cls]["errors"]]
    print("\nbars: " + ("met" if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
