"""Crash safety and concurrent writers, with real processes: kill -9 in the middle of a
store, then a re-run, gives exactly a clean run's contents; two writers at once neither
duplicate nor lose a document, and no "database is locked" reaches them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from lagebild.kb import Store, queries

# Real processes (4-6 s each): run by .ci/run with --slow on SQLite and PostgreSQL.
pytestmark = pytest.mark.slow

# The child: stores every analysis of a JSONL file, saying so after each one.
WRITER = """
import sys
from lagebild.analysis import Analysis
from lagebild.kb import Store
store = Store(sys.argv[1])
for line in open(sys.argv[2], encoding="utf-8"):
    print(store.add(Analysis.from_dict(__import__("json").loads(line))), flush=True)
"""


def many_analyses(analysed, tmp_path, copies: int = 12):
    path = tmp_path / "analyses.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(copies):
            for _, analysis in analysed:
                data = analysis.to_dict()
                data["document"]["id"] = f"{data['document']['id']}-{n}"
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
    return path


def writer(url: str, path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def snapshot(url: str) -> dict:
    store = Store(url)
    try:
        return {
            "export": list(queries.export_analyses(store)),
            "entities": queries.list_entities(store, min_count=0, limit=10_000),
            "overview": queries.overview(store),
        }
    finally:
        store.close()


def clean_run(url, path):
    child = writer(url, path)
    child.communicate(timeout=120)
    assert child.returncode == 0


def test_kill_9_halfway_then_rerun_equals_a_clean_run(db_url, other_db_url, analysed, tmp_path):
    path = many_analyses(analysed, tmp_path, copies=4)
    total = sum(1 for _ in path.open())
    child = writer(db_url, path)
    for _ in range(total // 2):
        assert child.stdout.readline().strip() == "added"
    child.send_signal(signal.SIGKILL)  # most likely inside the next document's transaction
    child.wait()
    clean_run(db_url, path)
    crashed = snapshot(db_url)
    assert crashed["overview"]["documents"] == total
    clean_run(other_db_url, path)
    assert snapshot(other_db_url) == crashed


def test_two_writers_at_once_neither_duplicate_nor_lose(db_url, analysed, tmp_path):
    path = many_analyses(analysed, tmp_path, copies=3)
    total = sum(1 for _ in path.open())
    Store(db_url).close()  # migrated once, so both start on the same schema
    children = [writer(db_url, path), writer(db_url, path)]
    outputs = [c.communicate(timeout=180) for c in children]
    for child, (_out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert "locked" not in err
    statuses = [line for out, _ in outputs for line in out.split()]
    assert statuses.count("added") == total and statuses.count("unchanged") == total
    snap = snapshot(db_url)
    assert snap["overview"]["documents"] == total
    assert len({a["document"]["id"] for a in snap["export"]}) == total
