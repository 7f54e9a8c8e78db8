"""``lagebild serve``: the web interface and REST API over a store."""

from __future__ import annotations

import json
import os
from dataclasses import asdict

import click

from ..options import model_option
from .cache import DEFAULT_CACHE_MB


@click.command()
@click.option(
    "--db", help="SQLAlchemy URL of the store [default: $LAGEBILD_DB or sqlite:///lagebild.db]"
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    help="Access token for writes and for any address but 127.0.0.1 [default: $LAGEBILD_TOKEN].",
)
@model_option(help="Pipeline of POST /api/analyze.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (one per CPU core serves the most requests).",
)
@click.option(
    "--cache-mb",
    default=DEFAULT_CACHE_MB,
    show_default=True,
    type=click.IntRange(0, 1 << 16),
    help="Response cache per process, MiB (0: none); any write to the store empties it.",
)
def serve(db, host, port, token, model, workers, cache_mb):
    """Serve the pages and the REST API of a store (http://127.0.0.1:8000/)."""
    import uvicorn

    from .app import SETTINGS_ENV, Settings, create_app
    from .security import check_bind, resolve_token

    token = resolve_token(token)
    check_bind(host, token)  # a UsageError: one line from the CLI's main, exit 2
    settings = Settings(db=db, token=token, host=host, model=model, cache_mb=cache_mb)
    app = create_app(settings)  # also in the parent: a bad --db fails here, in one line
    click.echo(
        f"lagebild: serving {app.state.store.url} on http://{_shown(host)}:{port}/"
        + (f" ({workers} processes)" if workers > 1 else ""),
        err=True,
    )
    # keep-alive longer than uvicorn's 5 s: a client that reuses a connection just as the
    # server drops it gets a read error (seen in benchmarks/web_load.py on a loaded machine)
    from .server import NoDelayHTTPProtocol

    options = dict(
        host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=30,
        http=NoDelayHTTPProtocol,
    )  # fmt: skip
    if workers == 1:
        uvicorn.run(app, **options)
        return
    # Several processes: each worker builds its own app from the settings (uvicorn
    # imports the factory by name); the parent's store is closed, it only supervises.
    # (the token travels in the environment, as LAGEBILD_TOKEN may: same user only)
    settings.db = app.state.store.url  # the store the parent resolved, for every worker
    app.state.store.close()
    os.environ[SETTINGS_ENV] = json.dumps(asdict(settings))
    uvicorn.run("lagebild.web.app:app_from_env", factory=True, workers=workers, **options)


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
