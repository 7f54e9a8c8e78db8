"""The store: round trip, idempotence, replacement, linking, queries — on each backend."""

from __future__ import annotations

import copy
import json

from lagebild.analysis import Analysis
from lagebild.kb import Linker, Match, Store, queries


def fresh(analysis: Analysis) -> Analysis:
    return Analysis.from_dict(copy.deepcopy(analysis.to_dict()))


def add_all(store: Store, analysed) -> list[str]:
    return [store.add(fresh(a)) for _, a in analysed]


def strip_kb_ids(data: dict) -> dict:
    data = copy.deepcopy(data)
    for entity in data["entities"]:
        assert entity["kb_id"], "every stored entity is linked"
        entity["kb_id"] = None
    return data


def test_export_is_the_analysis_plus_kb_ids(store, analysed):
    assert add_all(store, analysed) == ["added"] * len(analysed)
    exported = list(queries.export_analyses(store))
    assert [strip_kb_ids(e) for e in exported] == [a.to_dict() for _, a in analysed]


def test_second_add_changes_nothing(store, analysed):
    add_all(store, analysed)
    before = queries.overview(store), queries.list_entities(store, limit=1000)
    assert add_all(store, analysed) == ["unchanged"] * len(analysed)
    assert (queries.overview(store), queries.list_entities(store, limit=1000)) == before


def test_same_name_joins_one_entity_across_articles(store, analysed):
    add_all(store, analysed)
    putin = queries.get_entity(store, "Wladimir Putin")
    assert putin is not None and putin["type"] == "PER"
    assert putin["documents_count"] == 2
    assert (putin["first_seen"], putin["last_seen"]) == ("2024-11-26", "2024-11-28")
    assert {r["rule"] for r in putin["links"]} == {"new", "same-name"}
    assert {d["id"] for d in putin["documents"]} == {"a1", "a2"}
    ids = {e["kb_id"] for a in queries.export_analyses(store) for e in a["entities"]
           if e["name"] == "Wladimir Putin"}  # fmt: skip
    assert len(ids) == 1 and ids == {putin["id"]}
    assert sum(a["count"] for a in putin["aliases"]) == putin["mentions"]


def test_changed_text_replaces_the_old_version(store, analysed):
    add_all(store, analysed)
    first = fresh(analysed[0][1])
    changed = Analysis.from_dict(
        {**first.to_dict(), "document": {**first.document.model_dump(), "text": "Neu."},
         "mentions": [], "entities": [], "quotes": [], "times": [], "quantities": [],
         "events": [], "sentences": [{"start": 0, "end": 4}]}
    )  # fmt: skip
    assert store.add(changed) == "replaced"
    docs = queries.list_documents(store)
    assert [d["id"] for d in docs] == ["a2", "a3", "a1"]
    putin = queries.get_entity(store, "Wladimir Putin")
    assert putin["documents_count"] == 1 and putin["first_seen"] == "2024-11-28"


def test_listings_filter_and_page(store, analysed):
    add_all(store, analysed)
    everyone = queries.list_entities(store, limit=1000)
    assert [e["mentions"] for e in everyone] == sorted(
        (e["mentions"] for e in everyone), reverse=True
    )
    people = queries.list_entities(store, type="PER", limit=1000)
    assert people and all(e["type"] == "PER" for e in people)
    assert queries.list_entities(store, limit=2, offset=1) == everyone[1:3]
    olaf = queries.list_entities(store, prefix="olaf", limit=1000)
    assert [e["name"] for e in olaf] == ["Olaf Scholz"]
    late = queries.list_documents(store, date_from="2024-11-27")
    assert [d["id"] for d in late] == ["a2", "a3"]
    assert queries.overview(store)["documents"] == 3


def test_search_ranks_and_snippets(store, analysed):
    add_all(store, analysed)
    hits = queries.search(store, "Kiew")
    assert [h["id"] for h in hits] == ["a2"]
    assert "[Kiew]" in hits[0]["snippet"]
    assert queries.search(store, 'Kiew" OR "x') == []  # user text is not query syntax
    assert {h["id"] for h in queries.search(store, "Ukraine")} == {"a2", "a3"}


def test_timeline_is_in_date_order(store, analysed):
    add_all(store, analysed)
    items = queries.timeline(store)
    assert items and [i["date"] for i in items] == sorted(i["date"] for i in items)
    assert all(i["sentence"] for i in items)
    scholz = queries.timeline(store, entity="Olaf Scholz")
    assert {i["document"] for i in scholz} <= {"a2", "a3"}


class FirstNameMatcher:
    """A stand-in for the name-variant matcher: joins names that share the surname."""

    def blocking_keys(self, name: str, type: str) -> set[str]:
        return {f"{type}:{name.split()[-1].lower()}"}

    def compare(self, a: str, b: str) -> Match | None:
        return Match("surname", 0.7) if a.split()[-1] == b.split()[-1] else None


def test_the_name_matcher_plugs_in_and_its_reason_is_kept(db_url, analysed):
    store = Store(db_url, linker=Linker(FirstNameMatcher()))
    add_all(store, analysed)
    putin = queries.get_entity(store, "Putin")
    rules = {r["rule"]: r for r in putin["links"]}
    assert "surname" in rules and rules["surname"]["min_score"] == 0.7
    store.close()


def test_the_store_hashes_texts_as_the_pipeline_does():
    from lagebild.kb.store import text_id as store_hash
    from lagebild.pipeline import text_id

    assert store_hash("Grüße aus Astana") == text_id("Grüße aus Astana")


def test_postgresql_and_sqlite_export_identically(analysed, tmp_path, postgres_url):
    exports = []
    for db in (f"sqlite:///{tmp_path / 'same.db'}", postgres_url):
        store = Store(db)
        add_all(store, analysed)
        exports.append([json.dumps(a, ensure_ascii=False) for a in queries.export_analyses(store)])
        store.close()
    assert exports[0] == exports[1]
