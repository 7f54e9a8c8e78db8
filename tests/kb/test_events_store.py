"""One event reported by several articles is listed once, with all its sources (SQLite and
PostgreSQL): `queries.list_event_groups` and `lagebild events`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.ingest.batch import analyze_articles
from lagebild.kb import Store, queries
from lagebild.kb.cli import events as events_command

from .conftest import make_article

# Three articles of one day on the same meeting (two say where, one says nothing of the
# place), one on a meeting elsewhere the same day, one on an earlier meeting.
ARTICLES = [
    ("m1", "2024-11-26", "Astana",
     "Wladimir Putin trifft am 27. November in Astana den Präsidenten Kassym-Schomart Tokajew."),
    ("m2", "2024-11-26", "Treffen",
     "Am 27. November trifft Wladimir Putin den Präsidenten Kassym-Schomart Tokajew."),
    ("m3", "2024-11-26", "Gipfel",
     "Der Kreml teilte mit, Wladimir Putin treffe am 27. November in Astana den Präsidenten "
     "Kassym-Schomart Tokajew."),
    ("m4", "2024-11-26", "Minsk",
     "Wladimir Putin trifft am 27. November in Minsk den Präsidenten Kassym-Schomart Tokajew."),
    ("m5", "2024-11-26", "Rückblick",
     "Wladimir Putin traf am 5. November in Astana den Präsidenten Kassym-Schomart Tokajew."),
]  # fmt: skip


@pytest.fixture(scope="module")
def meetings():
    articles = [make_article(*a) for a in ARTICLES]
    return [analysis for _, analysis in analyze_articles(articles, "de", "fast", 1)]


@pytest.fixture
def filled(db_url, meetings):
    store = Store(db_url)
    for analysis in meetings:
        store.add(analysis)
    yield store, db_url
    store.close()


def _consults(rows):
    return [r for r in rows if r["type"] == "CONSULT"]


def test_the_articles_code_the_meetings(meetings):
    """The premise: each article yields a CONSULT Putin → Tokajew (else the test says nothing)."""
    for analysis in meetings:
        names = {e.id: e.name for e in analysis.entities}
        coded = {(names.get(e.actor), names.get(e.recipient)) for e in analysis.events}
        assert ("Wladimir Putin", "Kassym-Schomart Tokajew") in coded, coded


def test_one_event_is_kept_once_with_all_its_sources(filled):
    store, _ = filled
    raw = _consults(queries.list_events(store, type="CONSULT", limit=None))
    groups = _consults(queries.list_event_groups(store, type="CONSULT"))
    assert len(raw) == 5
    by_docs = sorted(g["documents"] for g in groups)
    assert by_docs == [["m1", "m2", "m3"], ["m4"], ["m5"]]
    astana = next(g for g in groups if g["documents"] == ["m1", "m2", "m3"])
    assert astana["sources"] == 3 and astana["date"] == "2024-11-27"
    assert astana["location"] is not None and astana["actor_name"] == "Wladimir Putin"


def test_the_groups_page_and_filter(filled):
    store, _ = filled
    first, second = (queries.list_event_groups(store, limit=1, offset=k) for k in (0, 1))
    assert first[0]["documents"] == ["m1", "m2", "m3"] and second[0]["documents"] == ["m4"]
    assert queries.list_event_groups(store, date_to="2024-11-01") == []
    assert len(queries.list_event_groups(store, entity="Kassym-Schomart Tokajew")) == 3


def test_the_command_groups_and_shows_raw_rows_on_request(filled):
    _, url = filled
    runner = CliRunner()
    grouped = runner.invoke(events_command, ["--db", url, "--type", "CONSULT", "--format", "json"])
    assert grouped.exit_code == 0, grouped.output
    assert [r["documents"] for r in json.loads(grouped.output)][0] == ["m1", "m2", "m3"]
    raw = runner.invoke(events_command, ["--db", url, "--ungrouped", "--format", "json"])
    assert len(_consults(json.loads(raw.output))) == 5
    text = runner.invoke(events_command, ["--db", url, "--type", "CONSULT"])
    assert "m1 m2 m3" in text.output and "sources" in text.output.splitlines()[0]


UNNAMED = ("u1", "2024-11-26", "Festnahme",
           "Die Polizei nahm am Montag in Berlin zwei Männer fest.")  # fmt: skip


@pytest.fixture(scope="module")
def unnamed():
    return next(
        analysis for _, analysis in analyze_articles([make_article(*UNNAMED)], "de", "fast", 1)
    )


def _texts(store):
    return [(r["type"], r["actor_text"], r["recipient_text"]) for r in queries.list_events(store)]


def test_events_keep_the_phrases_of_unnamed_participants(db_url, unnamed):
    with Store(db_url) as store:
        store.add(unnamed)
        assert _texts(store) == [("COERCE", "Die Polizei", "zwei Männer")]


def test_a_store_of_the_previous_revision_gets_the_phrases_from_its_analyses(db_url, unnamed):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    with Store(db_url) as store:
        store.add(unnamed)
        config = Config()
        config.set_main_option("script_location", str(Path(queries.__file__).parent / "migrations"))
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002_judgements")
        columns = {c["name"] for c in inspect(store.engine).get_columns("events")}
        assert "actor_text" not in columns
    with Store(db_url) as store:  # opening migrates to the head again
        assert _texts(store) == [("COERCE", "Die Polizei", "zwei Männer")]
