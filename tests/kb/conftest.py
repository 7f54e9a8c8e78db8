"""Store fixtures: small German articles analysed once per session with the fast model,
and a fresh store per test on SQLite, and on PostgreSQL when $LAGEBILD_TEST_POSTGRES is set
(``.ci/run`` starts a real server for it)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from lagebild.ingest.batch import analyze_articles
from lagebild.ingest.readers import Article
from lagebild.pipeline import Source

ARTICLES = [
    (
        "a1",
        "2024-11-26",
        "Putin besucht Kasachstan",
        "Der russische Präsident Wladimir Putin reist am Mittwoch nach Astana. Dort trifft "
        "Putin den kasachischen Präsidenten Kassym-Schomart Tokajew. Der Kreml teilte mit, "
        "es gehe um Erdöl und 26 Milliarden Dollar Handel.",
    ),
    (
        "a2",
        "2024-11-28",
        "Scholz in Kiew",
        "Bundeskanzler Olaf Scholz ist am Montag in Kiew eingetroffen. Er sagte, Deutschland "
        "werde die Ukraine weiter unterstützen. Wladimir Putin kritisierte den Besuch.",
    ),
    (
        "a3",
        "2024-12-02",
        "Gespräche in Berlin",
        "In Berlin trafen sich am Dienstag Vertreter der Europäischen Union. Olaf Scholz "
        "sagte, man wolle der Ukraine helfen. Die Gespräche dauerten drei Stunden.",
    ),
]


def make_article(doc_id, published, title, text) -> Article:
    source = Source(published=dt.date.fromisoformat(published), title=title, id=doc_id)
    return Article(location=doc_id, text=text, source=source)


@pytest.fixture(scope="session")
def analysed():
    """(article, analysis) pairs of the fixture articles, analysed once."""
    articles = [make_article(*a) for a in ARTICLES]
    return list(analyze_articles(articles, "de", "fast", 1))


def _postgres_url() -> str | None:
    return os.environ.get("LAGEBILD_TEST_POSTGRES")


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A URL of an empty store on each backend (PostgreSQL skipped without a server)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.db'}"
    url = _postgres_url()
    if not url:
        pytest.skip("no PostgreSQL: set LAGEBILD_TEST_POSTGRES (see .ci/run)")
    _reset_postgres(url)
    return url


@pytest.fixture
def postgres_url() -> str:
    """An empty PostgreSQL store, or skip."""
    url = _postgres_url()
    if not url:
        pytest.skip("no PostgreSQL: set LAGEBILD_TEST_POSTGRES (see .ci/run)")
    _reset_postgres(url)
    return url


@pytest.fixture
def other_db_url(db_url, tmp_path) -> str:
    """A second empty store on the same backend as ``db_url``."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'other.db'}"
    from sqlalchemy import create_engine, make_url, text

    engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS lagebild_other"))
        conn.execute(text("CREATE DATABASE lagebild_other"))
    engine.dispose()
    return make_url(db_url).set(database="lagebild_other").render_as_string(hide_password=False)


@pytest.fixture
def store(db_url):
    from lagebild.kb import Store

    s = Store(db_url)
    yield s
    s.close()
