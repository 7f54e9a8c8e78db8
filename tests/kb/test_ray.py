"""``ingest --ray`` on a local Ray gives the same store as an ingest without it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lagebild.cli import cli
from lagebild.kb import Store, queries

# A local Ray takes seconds to start and ~1 GB: .ci/run installs Ray and runs this (--slow).
pytestmark = pytest.mark.slow

TEXTS = [
    {"id": "r1", "published": "2024-11-26", "title": "Putin in Astana",
     "text": "Wladimir Putin reist am Mittwoch nach Astana. Dort trifft er Kassym-Schomart "
             "Tokajew. Der Kreml teilte mit, es gehe um Erdöl."},
    {"id": "r2", "published": "2024-11-28",
     "text": "Olaf Scholz ist am Montag in Kiew eingetroffen. Wladimir Putin kritisierte den "
             "Besuch. Scholz sagte, Deutschland werde helfen."},
    {"text": "In Berlin trafen sich am Dienstag Vertreter der Europäischen Union."},
]  # fmt: skip


def contents(url: str) -> dict:
    store = Store(url)
    try:
        exported = list(queries.export_analyses(store))
        entities = queries.list_entities(store, min_count=0, limit=1000)
        return {"export": exported, "entities": entities}
    finally:
        store.close()


def test_ray_ingest_equals_ingest_without_ray(tmp_path, db_url, other_db_url):
    # On SQLite the driver stores the analyses; on PostgreSQL the Ray actors do.
    pytest.importorskip("ray")
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in TEXTS))
    runner = CliRunner()
    args = ["ingest", str(source), "--model", "fast", "--lang", "de"]
    first = runner.invoke(cli, [*args, "--db", db_url], catch_exceptions=False)
    second = runner.invoke(cli, [*args, "--db", other_db_url, "--ray"], catch_exceptions=False)
    assert first.exit_code == 0 and second.exit_code == 0, second.stderr
    assert "3 added" in second.stderr
    assert contents(db_url) == contents(other_db_url)
    again = runner.invoke(cli, [*args, "--db", other_db_url, "--ray"], catch_exceptions=False)
    assert "3 unchanged" in again.stderr
