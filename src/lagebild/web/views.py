"""The data of every page, gathered once from ``lagebild.kb.queries``: the API serves it as
JSON, the page renders it. So a page and its JSON twin can never disagree."""

from __future__ import annotations

from collections import Counter

from ..kb import queries

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# PLOVER's split of its categories: cooperation (verbal and material) against conflict.
COOPERATION = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
CONFLICT = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def tone(event_type: str) -> str:
    if event_type in COOPERATION:
        return "cooperation"
    return "conflict" if event_type in CONFLICT else "neutral"


def overview(store, date_from=None, date_to=None, n: int = 8) -> dict:
    counts = queries.overview(store)
    dated = {"date_from": date_from, "date_to": date_to}
    return {
        "counts": counts,
        "documents": _latest(queries.list_documents, store, counts["documents"], n, **dated),
        "entities": {t: queries.list_entities(store, type=t, limit=n) for t in ENTITY_TYPES},
        "quotes": _latest(queries.list_quotes, store, counts["quotes"], n, **dated),
        "events": _latest(queries.list_events, store, counts["events"], n, **dated),
    }


def _latest(listing, store, total: int, n: int, **filters) -> list[dict]:
    # listings run in ingest order: the newest are the last page, shown newest first
    if not any(filters.values()):
        return listing(store, limit=n, offset=max(0, total - n))[::-1]
    return listing(store, limit=n, **filters)


def entity(store, kb_id: str, limit: int = 50) -> dict | None:
    profile = queries.get_entity(store, kb_id, limit=limit)
    if profile is None:
        return None
    docs = queries.entity_documents(store, profile["id"], limit=10_000)
    by_month = Counter()
    for d in docs:
        if d["published"]:
            by_month[d["published"][:7]] += d["mentions"] or 0
    profile["mentions_by_month"] = [
        {"month": m, "mentions": c} for m, c in sorted(by_month.items())
    ]
    profile["events_as_actor"] = [e for e in profile["events"] if e["actor"] == profile["id"]]
    profile["events_as_recipient"] = [
        e for e in profile["events"] if e["recipient"] == profile["id"]
    ]
    return profile


def search(store, q: str, limit: int = 20, offset: int = 0) -> dict:
    return {
        "q": q,
        "documents": queries.search(store, q, limit=limit, offset=offset),
        "quotes": queries.list_quotes(store, q=q, limit=limit, offset=offset) if q.strip() else [],
    }


def graph(store, date_from=None, date_to=None, type=None, limit: int = 40) -> dict:
    """Entities as nodes, event and co-mention edges among them."""
    nodes = queries.list_entities(store, type=type, limit=limit)
    ids = {n["id"] for n in nodes}
    edges: dict[tuple, dict] = {}
    for e in queries.list_events(store, date_from=date_from, date_to=date_to, limit=5000):
        if e["actor"] in ids and e["recipient"] in ids and e["actor"] != e["recipient"]:
            key = (e["actor"], e["recipient"], e["type"])
            edge = edges.setdefault(
                key,
                {"source": e["actor"], "target": e["recipient"], "kind": tone(e["type"]),
                 "type": e["type"], "weight": 0},
            )  # fmt: skip
            edge["weight"] += 1
    for n in nodes:
        for other in queries.cooccurring(store, n["id"], limit=8):
            if other["id"] in ids and n["id"] < other["id"]:
                edges.setdefault(
                    (n["id"], other["id"], "co"),
                    {"source": n["id"], "target": other["id"], "kind": "comention",
                     "type": "co-mention", "weight": other["shared"]},
                )  # fmt: skip
    names = {n["id"]: n["name"] for n in nodes}
    for edge in edges.values():
        edge["label"] = f"{names[edge['source']]} – {edge['type']} ({edge['weight']}) – "
        edge["label"] += names[edge["target"]]
    return {
        "nodes": [
            {"id": n["id"], "name": n["name"], "type": n["type"], "count": n["mentions"]}
            for n in nodes
        ],
        "edges": sorted(edges.values(), key=lambda e: -e["weight"]),
    }
