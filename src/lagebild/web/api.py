"""The REST API: every listing and profile of the store as JSON, under ``/api``.

Listings take the filters of the commands (``q``, ``type``, ``from``, ``to``, ``limit``,
``offset``) and answer ``{"items": [...], "limit", "offset"}``.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic_core import to_json

from ..analysis import EventType
from ..kb import queries
from . import i18n, views
from .analyze import router as analyze_router

router = APIRouter()
api = APIRouter(prefix="/api", tags=["store"])

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
From = Annotated[dt.date | None, Query(alias="from", description="YYYY-MM-DD, inclusive")]
To = Annotated[dt.date | None, Query(alias="to", description="YYYY-MM-DD, inclusive")]
Text = Annotated[str | None, Query(max_length=200)]
Order = Annotated[
    Literal["ingest", "newest"], Query(description="ingest order, or the last ingested first")
]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def clean(value: str | None) -> str | None:
    # NUL cannot be stored or searched in PostgreSQL text; nothing meaningful has one
    return value.replace("\x00", "") if value else value


def page(items: list[dict], limit: int, offset: int) -> dict:
    return {"items": items, "limit": limit, "offset": offset}


def store_of(request: Request):
    return request.app.state.store


class JSONAnswer(Response):
    media_type = "application/json"

    def render(self, content) -> bytes:
        return to_json(content)  # pydantic's serialiser, as FastAPI's own (NaN -> null)


def json_get(path: str):
    """Register a function as ``GET /api{path}``, answered with the JSON of what it returns;
    the function itself stays plain, the pages call it for their data. A returned dict
    would be validated against ``dict`` and serialised by FastAPI in a second trip through
    its thread pool (under load, API answers queued twice as often as pages); a response
    made in the request's one thread is sent as it is. The schema still says "object"."""

    def register(fn):
        @functools.wraps(fn)  # FastAPI reads the parameters through __wrapped__
        def route(*args, **kwargs) -> Response:
            return JSONAnswer(fn(*args, **kwargs))

        api.get(path, response_model=dict)(route)
        return fn

    return register


@json_get("/overview")
def overview(request: Request, date_from: From = None, date_to: To = None) -> dict:
    """Counts, the newest documents, quotes and events, the most mentioned entities by type."""
    return views.overview(store_of(request), iso(date_from), iso(date_to))


@json_get("/documents")
def documents(
    request: Request, q: Text = None, date_from: From = None, date_to: To = None,
    limit: Limit = 50, offset: Offset = 0, order: Order = "ingest",
) -> dict:  # fmt: skip
    """Documents in ingest order (``order=newest``: the last first); ``q`` filters on the
    title."""
    items = queries.list_documents(
        store_of(request), clean(q), iso(date_from), iso(date_to), limit, offset,
        newest=order == "newest",
    )  # fmt: skip
    return page(items, limit, offset)


@json_get("/documents/{doc_id:path}")
def document(request: Request, doc_id: str) -> dict:
    """One document: provenance and its stored Analysis."""
    found = queries.get_document(store_of(request), clean(doc_id))
    if found is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return found


@json_get("/entities")
def entities(
    request: Request, type: EntityType | None = None, q: Text = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict:  # fmt: skip
    """Stored entities, most mentioned first; ``q`` matches the start of the name."""
    items = queries.list_entities(
        store_of(request), type=type, prefix=clean(q), limit=limit, offset=offset
    )
    return page(items, limit, offset)


@json_get("/entities/{kb_id}")
def entity(request: Request, kb_id: str) -> dict:
    """An entity's profile: aliases, quotes, events, co-occurring entities, articles."""
    found = views.entity(store_of(request), clean(kb_id))
    if found is None:
        raise HTTPException(404, f"no entity {kb_id!r}")
    return found


@json_get("/quotes")
def quotes(
    request: Request, q: Text = None, entity: Text = None, date_from: From = None,
    date_to: To = None, limit: Limit = 50, offset: Offset = 0, order: Order = "ingest",
) -> dict:  # fmt: skip
    """Quotes; ``entity`` is the speaker (kb id, name or alias), ``q`` a text substring."""
    items = queries.list_quotes(
        store_of(request), clean(entity), clean(q), iso(date_from), iso(date_to), limit, offset,
        newest=order == "newest",
    )  # fmt: skip
    return page(items, limit, offset)


@json_get("/events")
def events(
    request: Request, type: EventType | None = None, entity: Text = None,
    date_from: From = None, date_to: To = None, limit: Limit = 50, offset: Offset = 0,
    order: Order = "ingest",
) -> dict:  # fmt: skip
    """Events; ``entity`` as actor or recipient."""
    items = queries.list_events(
        store_of(request), type, clean(entity), iso(date_from), iso(date_to), limit, offset,
        newest=order == "newest",
    )  # fmt: skip
    return page(items, limit, offset)


@json_get("/timeline")
def timeline(
    request: Request, entity: Text = None, type: Text = None, date_from: From = None,
    date_to: To = None, limit: Limit = 100, offset: Offset = 0,
) -> dict:  # fmt: skip
    """Events and dated facts by date; ``type`` keeps one kind (DATE or an event type)."""
    return page(_timeline(request, entity, type, date_from, date_to, limit, offset), limit, offset)


def _timeline(request, entity, type, date_from, date_to, limit, offset) -> list[dict]:
    store = store_of(request)
    with queries.reading(store):
        return queries.timeline(
            store, clean(entity), iso(date_from), iso(date_to), limit, offset, clean(type)
        )


@json_get("/graph")
def graph(
    request: Request, type: EntityType | None = None, date_from: From = None,
    date_to: To = None, limit: Annotated[int, Query(ge=2, le=150)] = 40,
) -> dict:  # fmt: skip
    """The actor graph: entities as nodes, events and co-mentions as edges."""
    return views.graph(store_of(request), iso(date_from), iso(date_to), type, limit)


@json_get("/search")
def search(
    request: Request, q: Annotated[str, Query(max_length=200)] = "",
    limit: Limit = 20, offset: Offset = 0,
) -> dict:  # fmt: skip
    """Full text over articles (ranked, with snippets) and quotes."""
    return views.search(store_of(request), clean(q) or "", limit, offset)


@router.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference from the OpenAPI schema, as a page (no CDN, no script)."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "params": [p["name"] for p in op.get("parameters", [])],
                    "summary": (op.get("description") or op.get("summary") or "").split("\n")[0],
                    "auth": bool(op.get("security")),
                }
            )
    lang = i18n.choose(request.query_params.get("lang"), request.headers.get("accept-language"))
    renderer = request.app.state.renderer
    return HTMLResponse(renderer.page(request, lang, "api_docs.html", {"operations": operations}))


router.include_router(api)
router.include_router(analyze_router)
