"""The data of every page, gathered once from ``lagebild.kb.queries``: the API serves it as
JSON, the page renders it. So a page and its JSON twin can never disagree."""

from __future__ import annotations

from collections import Counter

from ..kb import judgements, queries

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# PLOVER's split of its categories: cooperation (verbal and material) against conflict.
COOPERATION = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
# co-mention edges kept per node in the actor graph
COMENTIONS_PER_NODE = 8
CONFLICT = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def tone(event_type: str) -> str:
    if event_type in COOPERATION:
        return "cooperation"
    return "conflict" if event_type in CONFLICT else "neutral"


def overview(store, date_from=None, date_to=None, n: int = 8) -> dict:
    with queries.reading(store):  # one connection, one state of the store, for the page
        return _overview(store, date_from, date_to, n)


def _overview(store, date_from, date_to, n: int) -> dict:
    counts = queries.overview(store)
    dated = {"date_from": date_from, "date_to": date_to}
    return {
        "counts": counts,
        "documents": queries.list_documents(store, limit=n, newest=True, **dated),
        "entities": {t: queries.list_entities(store, type=t, limit=n) for t in ENTITY_TYPES},
        "quotes": queries.list_quotes(store, limit=n, newest=True, **dated),
        "events": queries.list_events(store, limit=n, newest=True, **dated),
    }


def entity(store, kb_id: str, limit: int = 50) -> dict | None:
    with queries.reading(store):
        return _entity(store, kb_id, limit)


def _entity(store, kb_id: str, limit: int) -> dict | None:
    # an id merged away shows the entity it was merged into (its links moved there)
    profile = queries.get_entity(store, judgements.redirect(store, kb_id), limit=limit)
    if profile is None:
        return None
    profile["mentions_by_month"] = queries.mentions_by_month(store, profile["id"])
    profile["events_as_actor"] = [e for e in profile["events"] if e["actor"] == profile["id"]]
    profile["events_as_recipient"] = [
        e for e in profile["events"] if e["recipient"] == profile["id"]
    ]
    return profile


def search(store, q: str, limit: int = 20, offset: int = 0) -> dict:
    with queries.reading(store):
        return _search(store, q, limit, offset)


def _search(store, q: str, limit: int, offset: int) -> dict:
    return {
        "q": q,
        "documents": queries.search(store, q, limit=limit, offset=offset),
        "quotes": queries.list_quotes(store, q=q, limit=limit, offset=offset) if q.strip() else [],
    }


def graph(store, date_from=None, date_to=None, type=None, limit: int = 40) -> dict:
    """Entities as nodes, event and co-mention edges among them, all within the dates."""
    with queries.reading(store):
        nodes = queries.graph_nodes(store, type, date_from, date_to, limit)
        ids = [n["id"] for n in nodes]
        events, comentions = queries.graph_edges(store, ids, date_from, date_to)
    edges = [
        {"source": e["actor"], "target": e["recipient"], "kind": tone(e["type"]),
         "type": e["type"], "weight": e["weight"]}
        for e in events
    ]  # fmt: skip
    edges += [
        {"source": c["source"], "target": c["target"], "kind": "comention",
         "type": "co-mention", "weight": c["shared"]}
        for c in _strongest(comentions, COMENTIONS_PER_NODE)
    ]  # fmt: skip
    names = {n["id"]: n["name"] for n in nodes}
    for edge in edges:
        edge["label"] = f"{names[edge['source']]} – {edge['type']} ({edge['weight']}) – "
        edge["label"] += names[edge["target"]]
    return {
        "nodes": [
            {"id": n["id"], "name": n["name"], "type": n["type"], "count": n["mentions"]}
            for n in nodes
        ],
        "edges": sorted(edges, key=lambda e: (-e["weight"], e["label"])),
    }


def _strongest(pairs: list[dict], per_node: int) -> list[dict]:
    """The co-mention pairs among a node's ``per_node`` strongest (a dense graph is unreadable)."""
    ranked = sorted(pairs, key=lambda p: (-p["shared"], p["source"], p["target"]))
    kept, degree = [], Counter()
    for p in ranked:
        if degree[p["source"]] < per_node or degree[p["target"]] < per_node:
            kept.append(p)
            degree[p["source"]] += 1
            degree[p["target"]] += 1
    return kept
