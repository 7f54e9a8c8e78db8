"""The analyst's writes: merge two entities, split names off one (``lagebild.kb.judgements``,
as ``lagebild entity merge|split``). POST only, each behind the access token: the API takes
it as ``Authorization: Bearer …``, the entity page's forms as a form field."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from ..errors import UsageError
from ..kb import judgements
from .security import check_token, require_token

TOKEN_ERRORS = {401: {"description": "no token"}, 403: {"description": "wrong token"}}
Name = Annotated[str, Field(min_length=1, max_length=200)]

api = APIRouter(prefix="/api", tags=["writes"])
pages = APIRouter(include_in_schema=False)


class MergeRequest(BaseModel):
    other: Name = Field(description="the entity merged into this one: kb id, name or alias")


class SplitRequest(BaseModel):
    names: list[Name] = Field(
        min_length=1, max_length=100, description="the names (or aliases) that move"
    )


def merge(request: Request, kb_id: str, other: str) -> dict:
    try:
        kept = judgements.merge(request.app.state.store, kb_id, other)
    except UsageError as e:
        raise HTTPException(400, str(e)) from None
    return {"id": kept}


def split(request: Request, kb_id: str, names: list[str]) -> dict:
    try:
        new = judgements.split(request.app.state.store, kb_id, names)
    except UsageError as e:
        raise HTTPException(400, str(e)) from None
    return {"id": judgements.redirect(request.app.state.store, kb_id), "new": new}


@api.post("/entities/{kb_id}/merge", dependencies=[Depends(require_token)], responses=TOKEN_ERRORS)
def merge_entity(request: Request, kb_id: str, body: MergeRequest) -> dict:
    """Merge ``other`` into this entity (for good: later ingests respect it); its id."""
    return merge(request, kb_id, body.other)


@api.post("/entities/{kb_id}/split", dependencies=[Depends(require_token)], responses=TOKEN_ERRORS)
def split_entity(request: Request, kb_id: str, body: SplitRequest) -> dict:
    """Move the articles' entities named ``names`` to a new entity; both ids."""
    return split(request, kb_id, body.names)


async def _form(request: Request) -> dict[str, list[str]]:
    # urlencoded only (the page's forms); the body limit is the security middleware's
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(400, "expected a form (application/x-www-form-urlencoded)")
    try:
        return parse_qs((await request.body()).decode("utf-8"), max_num_fields=200)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "unreadable form") from None


def _back_to(kb_id: str) -> RedirectResponse:
    return RedirectResponse(f"/entities/{quote(kb_id, safe='')}", status_code=303)


@pages.post("/entities/{kb_id}/merge")
async def merge_form(request: Request, kb_id: str):
    form = await _form(request)
    check_token(request, (form.get("token") or [None])[0])
    other = (form.get("other") or [""])[0].strip()
    if not other:
        raise HTTPException(400, "name the entity to merge into this one")
    return _back_to((await run_in_threadpool(merge, request, kb_id, other))["id"])


@pages.post("/entities/{kb_id}/split")
async def split_form(request: Request, kb_id: str):
    form = await _form(request)
    check_token(request, (form.get("token") or [None])[0])
    names = [n for n in form.get("name", []) if n.strip()]
    if not names:
        raise HTTPException(400, "choose the names to split off")
    return _back_to((await run_in_threadpool(split, request, kb_id, names))["new"])
