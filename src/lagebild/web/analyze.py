"""``POST /api/analyze``: a text in, its Analysis out (token-protected, size-limited)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from .. import analyze as analyze_text
from ..analysis import Analysis
from ..errors import LagebildError
from ..pipeline import MODELS
from ..resources import available_languages
from .security import require_token

router = APIRouter(prefix="/api", tags=["analysis"])


class AnalyzeRequest(BaseModel):
    text: str = Field(min_length=1, description="the article text (plain text)")
    published: dt.date | None = Field(None, description="publication date: anchors 'am Mittwoch'")
    language: str | None = Field(None, description="language code; detected when absent")
    model: Literal[MODELS] | None = Field(None, description="accurate or fast")  # type: ignore[valid-type]
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)


@router.post(
    "/analyze",
    response_model=Analysis,
    dependencies=[Depends(require_token)],
    responses={401: {"description": "no token"}, 403: {"description": "wrong token"},
               413: {"description": "text too long"}},
)  # fmt: skip
async def analyze(body: AnalyzeRequest, request: Request) -> Analysis:
    """Analyse one text with the pipeline; nothing is stored."""
    settings = request.app.state.settings
    if len(body.text) > settings.analyze_limit:
        raise HTTPException(413, f"the text is over {settings.analyze_limit} characters")
    if not body.text.strip():
        raise HTTPException(422, "the text is empty")
    if body.language is not None and body.language not in available_languages():
        raise HTTPException(422, f"unknown language {body.language!r}")

    def run() -> Analysis:
        with request.app.state.analyze_lock:
            return analyze_text(
                body.text,
                published=body.published,
                language=body.language,
                model=body.model or settings.model,
                title=body.title,
                url=body.url,
            )

    try:
        return await run_in_threadpool(run)
    except LagebildError as e:
        raise HTTPException(422, str(e)) from None
