"""The REST API over a store filled by the real pipeline."""

from __future__ import annotations

import pytest

from .conftest import TOKEN


def test_api_documents_lists_the_stored_articles(client):
    body = client.get("/api/documents", params={"limit": 50}).json()
    ids = {d["id"] for d in body["items"]}
    assert {"kasachstan", "hostile"} <= ids
    assert body["limit"] == 50 and body["offset"] == 0


def test_api_documents_pagination_and_dates(client):
    first = client.get("/api/documents", params={"limit": 1}).json()["items"]
    second = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()["items"]
    assert first and second and first[0]["id"] != second[0]["id"]
    dated = client.get("/api/documents", params={"from": "2024-11-26", "to": "2024-11-26"}).json()
    assert [d["id"] for d in dated["items"]] == ["kasachstan"]


def test_api_document_has_its_analysis_and_provenance(client):
    doc = client.get("/api/documents/kasachstan").json()
    assert doc["pipeline"]["name"] == "de-fast"
    assert doc["analysis"]["schema"] == "lagebild/analysis@1"
    assert all(e["kb_id"] for e in doc["analysis"]["entities"])


def test_api_putin_profile_has_aliases_and_quotes(client):
    found = client.get("/api/entities", params={"q": "Wladimir", "type": "PER"}).json()["items"]
    assert found, "Putin is in the store"
    profile = client.get(f"/api/entities/{found[0]['id']}").json()
    aliases = {a["alias"] for a in profile["aliases"]}
    assert "Putin" in aliases or "Wladimir Putin" in aliases
    assert profile["documents"] and profile["mentions_by_month"]


@pytest.mark.parametrize(
    "path",
    ["/api/overview", "/api/entities", "/api/quotes", "/api/events", "/api/timeline",
     "/api/graph", "/api/search?q=Putin"],
)  # fmt: skip
def test_api_listings_answer(client, path):
    assert client.get(path).status_code == 200


def test_api_search_finds_articles_and_quotes(client):
    body = client.get("/api/search", params={"q": "Kasachstan"}).json()
    assert any(d["id"] == "kasachstan" for d in body["documents"])


def test_api_unknown_ids_are_404(client):
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/entities/nope").status_code == 404


def test_api_bad_filters_are_422(client):
    assert client.get("/api/documents", params={"from": "gestern"}).status_code == 422
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422
    assert client.get("/api/entities", params={"type": "XYZ"}).status_code == 422


def test_api_analyze_needs_the_token(client):
    body = {"text": "Putin reist am Mittwoch nach Kasachstan.", "model": "fast"}
    assert client.post("/api/analyze", json=body).status_code == 401
    wrong = {"Authorization": "Bearer wrong"}
    assert client.post("/api/analyze", json=body, headers=wrong).status_code == 403


def test_api_analyze_returns_an_analysis(client):
    body = {"text": "Putin reist am Mittwoch nach Kasachstan.", "published": "2024-11-26",
            "model": "fast"}  # fmt: skip
    answer = client.post("/api/analyze", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    analysis = answer.json()
    assert analysis["schema"] == "lagebild/analysis@1"
    assert any(t["value"] == "2024-11-27" for t in analysis["times"])


def test_api_analyze_refuses_a_text_over_the_limit(client, app):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    text = "a" * (app.state.settings.analyze_limit + 1)
    assert client.post("/api/analyze", json={"text": text}, headers=headers).status_code == 413


def test_api_request_body_limit(client, app):
    headers = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    big = b'{"text": "' + b"a" * (app.state.settings.body_limit + 10) + b'"}'
    assert client.post("/api/analyze", content=big, headers=headers).status_code == 413


def test_api_openapi_schema_lists_the_routes(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ["/api/documents", "/api/entities/{kb_id}", "/api/analyze", "/api/search"]:
        assert path in paths
    assert client.get("/api/docs").status_code == 200


def test_api_timeline_items_name_their_sentence(client):
    items = client.get("/api/timeline", params={"limit": 500}).json()["items"]
    assert items, "the reference article has dated facts"
    analyses = {}
    for item in items:
        if item["document"] not in analyses:
            doc = client.get(f"/api/documents/{item['document']}").json()
            analyses[item["document"]] = doc["analysis"]
        analysis = analyses[item["document"]]
        s = analysis["sentences"][item["sentence_index"]]
        sentence = analysis["document"]["text"][s["start"] : s["end"]]
        assert item["sentence"] == sentence and item["text"] in sentence, item


def test_api_timeline_type_filter_keeps_one_kind(client):
    dates = client.get("/api/timeline", params={"type": "date"}).json()["items"]
    assert dates and {i["kind"] for i in dates} == {"time"}
    every = client.get("/api/timeline", params={"limit": 500}).json()["items"]
    kinds = {i["type"] for i in every if i["kind"] == "event"}
    for kind in kinds:
        got = client.get("/api/timeline", params={"type": kind}).json()["items"]
        assert got and {i["type"] for i in got} == {kind}


def test_api_graph_dates_filter_the_nodes(client):
    reference = client.get("/api/documents/kasachstan").json()["analysis"]
    kb_ids = {e["kb_id"] for e in reference["entities"]}
    day = {"from": "2024-11-26", "to": "2024-11-26"}  # the reference article's date only
    graph = client.get("/api/graph", params=day).json()
    assert graph["nodes"] and {n["id"] for n in graph["nodes"]} <= kb_ids
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    assert client.get("/api/graph", params={"from": "2030-01-01"}).json()["nodes"] == []


def test_api_search_hits_are_offsets_into_the_excerpt(client):
    found = client.get("/api/search", params={"q": "Stadtverwaltung"}).json()["documents"]
    assert found and found[0]["id"] == "hostile"
    hit = found[0]
    assert [hit["excerpt"][a:b] for a, b in hit["hits"]] == ["Stadtverwaltung"]
    assert "[Stadtverwaltung]" in hit["snippet"]


def test_api_newest_first_and_the_overview(client):
    ingest = [d["id"] for d in client.get("/api/documents", params={"limit": 500}).json()["items"]]
    newest = client.get("/api/documents", params={"order": "newest", "limit": 3}).json()["items"]
    assert [d["id"] for d in newest] == ingest[::-1][:3]
    paged = client.get("/api/documents", params={"order": "newest", "limit": 2, "offset": 1})
    assert [d["id"] for d in paged.json()["items"]] == ingest[::-1][1:3]
    overview = client.get("/api/overview").json()
    assert [d["id"] for d in overview["documents"]] == ingest[::-1][:8]
    quotes = client.get("/api/quotes", params={"limit": 500}).json()["items"]
    assert overview["quotes"] == quotes[::-1][:8]
    events = client.get("/api/events", params={"limit": 500}).json()["items"]
    assert overview["events"] == events[::-1][:8]
    assert client.get("/api/quotes", params={"order": "sideways"}).status_code == 422
