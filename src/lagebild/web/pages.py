"""The pages: each calls its ``/api`` twin's function and renders the same data."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from . import api, i18n
from .api import EntityType, EventType, From, Limit, Offset, Order, Text, To
from .views import ENTITY_TYPES, tone

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def render(request: Request, template: str, json_url: str, **context) -> HTMLResponse:
    lang = i18n.choose(request.query_params.get("lang"), request.headers.get("accept-language"))
    html = request.app.state.renderer.page(
        request, lang, template, {"json_url": json_url, "tone": tone, **context}
    )
    return HTMLResponse(html)


def twin(request: Request) -> str:
    """The page's JSON twin: the same path and query under /api."""
    path = "/api/overview" if request.url.path == "/" else "/api" + request.url.path
    query = request.url.query
    return path + ("?" + query if query else "")


@router.get("/")
def overview(request: Request, date_from: From = None, date_to: To = None):
    data = api.overview(request, date_from, date_to)
    return render(request, "overview.html", twin(request), data=data, types=ENTITY_TYPES)


@router.get("/documents")
def documents(
    request: Request, q: Text = None, date_from: From = None, date_to: To = None,
    limit: Limit = 50, offset: Offset = 0, order: Order = "ingest",
):  # fmt: skip
    data = api.documents(request, q, date_from, date_to, limit, offset, order)
    return render(request, "documents.html", twin(request), data=data)


@router.get("/documents/{doc_id:path}")
def document(request: Request, doc_id: str):
    data = api.document(request, doc_id)
    analysis = data["analysis"]
    return render(
        request,
        "document.html",
        "/api/documents/" + _quoted(data["id"]),
        doc=data,
        analysis=analysis,
        entities={e["id"]: e for e in analysis["entities"]},
        analysis_json=json.dumps(analysis, ensure_ascii=False, indent=2),
    )


def _quoted(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@router.get("/entities")
def entities(
    request: Request, type: EntityType | None = None, q: Text = None,
    limit: Limit = 50, offset: Offset = 0,
):  # fmt: skip
    data = api.entities(request, type, q, limit, offset)
    return render(request, "entities.html", twin(request), data=data, types=ENTITY_TYPES)


@router.get("/entities/{kb_id}")
def entity(request: Request, kb_id: str):
    data = api.entity(request, kb_id)
    writable = request.app.state.settings.token is not None  # the merge and split forms
    return render(request, "entity.html", twin(request), e=data, writable=writable)


@router.get("/quotes")
def quotes(
    request: Request, q: Text = None, entity: Text = None, date_from: From = None,
    date_to: To = None, limit: Limit = 50, offset: Offset = 0, order: Order = "ingest",
):  # fmt: skip
    data = api.quotes(request, q, entity, date_from, date_to, limit, offset, order)
    return render(request, "quotes.html", twin(request), data=data)


@router.get("/events")
def events(
    request: Request, type: EventType | None = None, entity: Text = None,
    date_from: From = None, date_to: To = None, limit: Limit = 50, offset: Offset = 0,
    order: Order = "ingest",
):  # fmt: skip
    data = api.events(request, type, entity, date_from, date_to, limit, offset, order)
    return render(request, "events.html", twin(request), data=data)


@router.get("/timeline")
def timeline(
    request: Request, entity: Text = None, type: Text = None, date_from: From = None,
    date_to: To = None, limit: Limit = 100, offset: Offset = 0,
):  # fmt: skip
    data = api.timeline(request, entity, type, date_from, date_to, limit, offset)
    days: dict[str, list] = {}
    for item in data["items"]:
        days.setdefault(item["date"], []).append(item)
    series = [(day, len(items)) for day, items in sorted(days.items())]
    return render(request, "timeline.html", twin(request), data=data, days=days, series=series)


@router.get("/graph")
def graph(
    request: Request, type: EntityType | None = None, date_from: From = None,
    date_to: To = None, limit: int = 40,
):  # fmt: skip
    limit = max(2, min(limit, 150))
    data = api.graph(request, type, date_from, date_to, limit)
    for node in data["nodes"]:
        node["href"] = "/entities/" + _quoted(node["id"])
    return render(request, "graph.html", twin(request), data=data, types=ENTITY_TYPES)


@router.get("/search")
def search(request: Request, q: Text = "", limit: Limit = 20, offset: Offset = 0):
    data = api.search(request, q or "", limit, offset)
    return render(request, "search.html", twin(request), data=data)
