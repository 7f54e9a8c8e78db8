"""The web application: ``create_app(settings)`` builds the FastAPI app over one store.

Pages (``pages.py``) and the REST API (``api.py``) call the same query functions of
``lagebild.kb.queries``; a page's JSON twin is its ``/api/...`` route.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..defaults import DEFAULT_MODEL
from . import i18n
from .cache import DEFAULT_CACHE_MB, CacheMiddleware
from .rendering import Renderer
from .security import DEFAULT_BODY_LIMIT, SecurityMiddleware, is_loopback

# Texts sent to POST /api/analyze: a long article is ~30,000 characters.
DEFAULT_ANALYZE_LIMIT = 200_000
# How ``lagebild serve --workers N`` hands the settings to its worker processes.
SETTINGS_ENV = "LAGEBILD_SERVE_SETTINGS"


@dataclass
class Settings:
    db: str | None = None
    token: str | None = None
    host: str = "127.0.0.1"
    body_limit: int = DEFAULT_BODY_LIMIT
    analyze_limit: int = DEFAULT_ANALYZE_LIMIT
    model: str = DEFAULT_MODEL  # default model of POST /api/analyze
    cache_mb: int = DEFAULT_CACHE_MB  # 0: no response cache
    extra: dict = field(default_factory=dict)


def create_app(settings: Settings | None = None, store=None) -> FastAPI:
    """The app for ``settings``; ``store`` is an open ``lagebild.kb.Store`` (else opened
    from ``settings.db``)."""
    settings = settings or Settings()
    app = FastAPI(
        title="Lagebild",
        version=__version__,
        description="The situation picture over a Lagebild store: documents, entities, "
        "quotes, events, timeline, actor graph, search; text analysis.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN with inline script: our own page instead
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else _open_store(settings.db)
    app.state.renderer = Renderer()
    app.state.analyze_lock = threading.Lock()  # one spaCy pipeline, not thread-safe
    if settings.cache_mb > 0:
        app.add_middleware(
            CacheMiddleware, store=app.state.store, max_bytes=settings.cache_mb << 20
        )
    app.add_middleware(  # added last: the outermost, so it also guards cached answers
        SecurityMiddleware, body_limit=settings.body_limit, loopback_only=is_loopback(settings.host)
    )
    static = files("lagebild.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    from . import api, pages, writes

    app.include_router(api.router)
    app.include_router(writes.api)
    app.include_router(writes.pages)
    app.include_router(pages.router)
    _error_handlers(app)
    return app


def app_from_env() -> FastAPI:
    """The app of one worker process of ``lagebild serve --workers N`` (a uvicorn factory)."""
    return create_app(Settings(**json.loads(os.environ[SETTINGS_ENV])))


def _open_store(db: str | None):
    from ..kb import Store

    return Store(db)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/api"


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_html(request) and exc.status_code in (400, 401, 403, 404, 422):
            return _error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        if _wants_html(request):
            message = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
            )
            return _error_page(request, 422, message)
        return JSONResponse({"detail": jsonable_errors(exc)}, 422)


def jsonable_errors(exc: RequestValidationError) -> list[dict]:
    # pydantic's error context may hold exceptions, which JSON cannot carry
    return [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    renderer: Renderer = request.app.state.renderer
    lang = i18n.choose(request.query_params.get("lang"), request.headers.get("accept-language"))
    html = renderer.page(request, lang, "error.html", {"status": status, "message": message})
    return HTMLResponse(html, status)
