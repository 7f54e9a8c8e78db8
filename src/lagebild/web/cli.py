"""``lagebild serve``: the web interface and REST API over a store."""

from __future__ import annotations

import click

from ..defaults import DEFAULT_MODEL, MODELS


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
@click.option(
    "--model",
    default=DEFAULT_MODEL,
    show_default=True,
    type=click.Choice(MODELS),
    help="Pipeline of POST /api/analyze.",
)
def serve(db, host, port, token, model):
    """Serve the pages and the REST API of a store (http://127.0.0.1:8000/)."""
    import uvicorn

    from .app import Settings, create_app
    from .security import check_bind, resolve_token

    token = resolve_token(token)
    check_bind(host, token)  # a UsageError: one line from the CLI's main, exit 2
    app = create_app(Settings(db=db, token=token, host=host, model=model))
    click.echo(
        f"lagebild: serving {app.state.store.url} on http://{_shown(host)}:{port}/", err=True
    )
    # keep-alive longer than uvicorn's 5 s: a client that reuses a connection just as the
    # server drops it gets a read error (seen in benchmarks/web_load.py on a loaded machine)
    uvicorn.run(
        app, host=host, port=port, log_level="warning", access_log=False, timeout_keep_alive=30
    )


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
