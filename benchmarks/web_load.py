"""Load test of ``lagebild serve``: the real server (uvicorn on 127.0.0.1) over a store of the
1,017 news articles of ../shared/data/news plus the reference article, N concurrent clients
for S seconds over a mix of pages and API listings; p50/p95 per endpoint and per class
(page, api) and the errors of each run, then the medians over the runs.

    python benchmarks/web_load.py [--articles N] [--clients 20] [--seconds 30] [--runs 3]
                                  [--src OTHER/src] [--server-args "--workers 2"]

The store is built once with ``lagebild ingest --model fast`` and kept outside the repo
(``--cache``, default /tmp/lagebild-web-load): a later run with the same articles reuses it.
The news are non-commercial data: benchmarks only. Each client sends its next request as
soon as the last one is answered (a closed loop, no think time), so a p95 here includes the
queueing of 20 clients on the server. The mix holds ~1,300 different URLs (``request_mix``);
with the server's response cache, the rows ``cache-miss`` and ``cache-hit`` show the first
computation of a URL and its later answers apart (``--server-args "--cache-mb 0"``: none
cached). Exits 1 when a bar is missed (p95 ≤ 300 ms
pages, ≤ 150 ms API listings, 0 errors).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import shlex
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


def start_server(db: Path, port: int, src: Path, extra: list[str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "lagebild", "serve", "--db", f"sqlite:///{db}",
         "--port", str(port), "--model", "fast", *extra],
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


def request_mix(db: Path, seed: int = 15) -> list[tuple[str, str, str]]:
    """(class, endpoint, path) of every request of the mix: many different documents,
    entities, names, filters and pages, drawn (seeded) from the store file itself, so that
    two servers (``--src``) get the very same mix and a response cache meets the spread of
    URLs of real use, not one URL again and again."""
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        col = lambda sql: [r[0] for r in conn.execute(sql)]  # noqa: E731
        doc_ids = col("SELECT id FROM documents ORDER BY seq")
        entity_ids = col("SELECT id FROM entities WHERE mentions > 0 ORDER BY id")
        top = col("SELECT name FROM entities WHERE mentions > 0 ORDER BY mentions DESC LIMIT 60")
        speakers = col(
            "SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker "
            "GROUP BY e.id ORDER BY count(*) DESC LIMIT 15"
        )
        event_types = col("SELECT DISTINCT type FROM events ORDER BY type")
        n_quotes, n_events = (col(f"SELECT count(*) FROM {t}")[0] for t in ("quotes", "events"))
        categories = col("SELECT DISTINCT substr(title, 1, instr(title, ' ') - 1) FROM documents")
    assert doc_ids and entity_ids, f"{db} holds no documents"
    docs = [quote(d, safe="") for d in rng.sample(doc_ids, min(200, len(doc_ids)))]
    entities = rng.sample(entity_ids, min(200, len(entity_ids)))
    names = [quote(n, safe="") for n in top]
    words = [quote(w) for w in rng.sample(top, min(30, len(top)))]
    words += ["Regierung", "Prozent", "Polizei", "Wien", "Kanzler", "Euro", "Wahl", "Krieg"]
    years = ["2015-01-01", "2016-01-01", "2020-01-01", "2024-01-01"]
    paths = {
        "overview": ["", "?from=2024-01-01", "?to=2024-12-31", "?from=2015-01-01&to=2016-12-31"],
        "documents": [f"?offset={o}" for o in range(0, len(doc_ids), 50)]
        + [f"?q={quote(c)}" for c in categories if c][:10],
        "entities": [f"?type={t}&offset={o}" for t in ("PER", "ORG", "LOC", "MISC")
                     for o in (0, 50, 100, 150)]
        + [f"?q={quote(n[:3])}" for n in top[:12]],
        "quotes": [f"?offset={o}" for o in range(0, n_quotes, max(50, n_quotes // 25))]
        + [f"?entity={quote(s)}" for s in speakers] + ["?q=nicht", "?q=wir"],
        "events": [f"?offset={o}" for o in range(0, n_events, max(50, n_events // 20))]
        + [f"?type={t}" for t in event_types] + [f"?entity={n}" for n in names[:15]],
        "timeline": ["", "?offset=100", "?offset=300"] + [f"?entity={n}" for n in names[:30]]
        + [f"?type=DATE&from={y}" for y in years]
        + [f"?type={t}" for t in event_types[:5]],
        "graph": [f"?{t}{d}" for t in ("", "type=PER&", "type=ORG&", "type=LOC&")
                  for d in ("", "limit=80", "from=2024-01-01")],
        "search": [f"?q={w}" for w in words],
        "document": [f"/{d}" for d in docs],
        "entity": [f"/{e}" for e in entities],
    }  # fmt: skip
    mix = []
    for prefix, cls in (("", "page"), ("/api", "api")):
        for endpoint, tails in paths.items():
            base = {"overview": "/" if not prefix else "/api/overview",
                    "document": f"{prefix}/documents", "entity": f"{prefix}/entities"}.get(
                endpoint, f"{prefix}/{endpoint}")  # fmt: skip
            mix += [(cls, endpoint, base + tail) for tail in tails]
    rng.shuffle(mix)
    return mix


class RawClient:
    """One keep-alive HTTP/1.1 connection, a GET at a time: a few lines of asyncio instead
    of httpx, whose own CPU time per request (on the same cores as the server) showed up
    in the latencies measured. ``--client httpx`` measures with httpx."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, dict[str, str]]:
        for attempt in (1, 2):  # a kept-alive connection the server closed: once more
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(
                    f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode()
                )
                return await self._answer()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _answer(self) -> tuple[int, dict[str, str]]:
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = dict(
            (k.strip().lower(), v.strip()) for k, v in (h.split(":", 1) for h in head[1:] if h)
        )
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        if headers.get("connection") == "close":
            await self.close()
        return status, headers

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def client(get, mix, offset: int, until: float, log: list) -> None:
    n = offset
    while time.monotonic() < until:
        cls, endpoint, path = mix[n % len(mix)]
        n += 7  # a step prime to the mix's length: the clients spread over the mix
        start = time.perf_counter()
        try:
            status, headers = await asyncio.wait_for(get(path), 30)
            ok = status == 200
            why = f"{status} {path}"
            cached = headers.get("x-cache")
        except (httpx.HTTPError, OSError, asyncio.IncompleteReadError, TimeoutError) as e:
            ok, why, cached = False, f"{type(e).__name__} {path}", None
        log.append((cls, endpoint, (time.perf_counter() - start) * 1000, ok, cached))
        if not ok:
            ERRORS[why] = ERRORS.get(why, 0) + 1


async def one_run(base: str, mix, clients: int, seconds: float, kind: str = "raw") -> list:
    log: list = []
    until = time.monotonic() + seconds
    offsets = [i * 3 for i in range(clients)]
    if kind == "raw":
        host, port = base.removeprefix("http://").rsplit(":", 1)
        raws = [RawClient(host, int(port)) for _ in range(clients)]
        pairs = zip(raws, offsets, strict=True)
        await asyncio.gather(*(client(r.get, mix, o, until, log) for r, o in pairs))
        for r in raws:
            await r.close()
        return log
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:

        async def get(path):
            response = await http.get(path)
            return response.status_code, response.headers

        await asyncio.gather(*(client(get, mix, o, until, log) for o in offsets))
    return log


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summarise(log: list) -> dict:
    groups: dict[str, list] = {}
    for cls, endpoint, ms, ok, cached in log:
        # the response cache's hits and misses apart (a server without one sends neither)
        split = [f"{cls} cache-{cached}"] if cached else []
        for key in (cls, *split, f"{cls} {endpoint}"):
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
    keys = sorted({key for r in runs for key in r})
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
    parser.add_argument(
        "--client", choices=("raw", "httpx"), default="raw",
        help="the load generator: a minimal asyncio HTTP/1.1 client, or httpx",
    )  # fmt: skip
    parser.add_argument(
        "--server-args", default="", help='more options of `lagebild serve`, e.g. "--workers 2"'
    )
    args = parser.parse_args()
    if args.db is None and news_file() is None:
        print(f"web_load: ../shared/data/{NEWS} is absent: nothing to measure")
        return 0
    db = args.db or build_store(args.cache, args.articles)
    port = free_port()
    mix = request_mix(db)
    server = start_server(db, port, args.src, shlex.split(args.server_args))
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"store {db}: {stored(db)} documents; {len(mix)} URLs; {args.clients} clients "
              f"({args.client}), {args.runs} runs of {args.seconds:.0f} s; server from {args.src} "
              f"{args.server_args}; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        asyncio.run(one_run(base, mix, args.clients, 3.0, args.client))  # warm-up, not counted
        runs = []
        for n in range(args.runs):
            log = asyncio.run(one_run(base, mix, args.clients, args.seconds, args.client))
            runs.append(summarise(log))
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
