"""A store filled by the real pipeline (fast model) and the app over it, once per session:
the reference article, a hostile article and a few news articles."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

pytest.importorskip("lagebild.kb", reason="needs the knowledge base (lagebild.kb)")

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent.parent / "shared" / "data" / "news" / "10kgnad-test-public.csv"
TOKEN = "test-token-5f1c"
HOSTILE_TITLE = 'Angriff <script>alert("title")</script>'
HOSTILE_TEXT = (
    "Die Stadtverwaltung von Berlin teilte am Montag mit, es habe <script>alert(1)</script> "
    'einen Angriff gegeben. "><img src=x onerror=alert(1)> Olaf Scholz sagte, man prüfe '
    "den Vorfall. Mehr unter javascript:alert(document.cookie) im Netz."
)
HOSTILE_URL = "javascript:alert(1)"


def news_articles(n: int) -> list[dict]:
    if not NEWS.exists():
        return []
    with NEWS.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";", quotechar="'"))
    return [{"id": f"news-{i}", "text": row[-1], "title": f"{row[0]} {i}"} for i, row in
            enumerate(rows[:n])]  # fmt: skip


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    from lagebild.ingest.readers import read_inputs
    from lagebild.kb import Store
    from lagebild.kb.ingest import ingest

    folder = tmp_path_factory.mktemp("store")
    reference = (ROOT / "examples" / "kasachstan-2024-11-26.de.txt").read_text("utf-8")
    articles = [
        {"id": "kasachstan", "text": reference, "published": "2024-11-26",
         "title": "Putin reist nach Kasachstan", "url": "https://example.org/kasachstan"},
        {"id": "hostile", "text": HOSTILE_TEXT, "published": "2024-11-25",
         "title": HOSTILE_TITLE, "url": HOSTILE_URL},
        *news_articles(4),
    ]  # fmt: skip
    jsonl = folder / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles))
    db = folder / "lagebild.db"
    with Store(f"sqlite:///{db}") as store:
        counts = ingest(store, read_inputs([str(jsonl)], None), model="fast")
    assert counts["added"] == len(articles), counts
    return db


@pytest.fixture(scope="session")
def app(store_path):
    from lagebild.web.app import Settings, create_app

    return create_app(Settings(db=f"sqlite:///{store_path}", token=TOKEN, model="fast"))


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
