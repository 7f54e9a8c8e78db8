"""The knowledge-base commands: ``ingest``, the listings, ``entity``, ``search``, ``export``.

Registered on the ``lagebild`` group by ``register(cli)``. The store and its libraries are
imported inside the commands so that ``lagebild analyze`` does not pay for them.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import get_args

import click

from ..analysis import EventType
from ..errors import InputError, LagebildError
from ..options import lang_option, model_option

DB_HELP = "SQLAlchemy URL of the store; default $LAGEBILD_DB, else sqlite:///lagebild.db."
EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int = EXIT_USAGE):
    click.echo(f"lagebild: error: {message}", err=True)
    sys.exit(code)


def _open(db: str | None):
    import os

    from .linking import Linker
    from .names import VariantMatcher
    from .store import Store

    # LAGEBILD_NAME_VARIANTS=0: exact names only (benchmarks measure what variants cost).
    variants = os.environ.get("LAGEBILD_NAME_VARIANTS", "1") != "0"
    try:
        return Store(db, linker=Linker(VariantMatcher(_judgements()) if variants else None))
    except LagebildError as e:
        _fail(str(e))


def _judgements():
    # Known identities / differences for the name matcher: an alias file named by
    # $LAGEBILD_ALIASES (TSV: same|different, name, name, type), read at every ingest.
    import os
    from pathlib import Path

    from .names import Judgements

    path = os.environ.get("LAGEBILD_ALIASES")
    if path and not Path(path).is_file():
        _fail(f"{path}: alias file not found (LAGEBILD_ALIASES)")
    return Judgements.read(Path(path)) if path else None


def db_option(f):
    return click.option("--db", metavar="URL", help=DB_HELP)(f)


def format_option(choices=("text", "json", "jsonl", "csv")):
    return click.option(
        "--format", "fmt", default="text", show_default=True, type=click.Choice(choices)
    )


def page_options(f):
    f = click.option("--offset", default=0, show_default=True, type=click.IntRange(0))(f)
    return click.option("--limit", default=50, show_default=True, type=click.IntRange(1))(f)


def date_options(f):
    f = click.option("--to", "date_to", metavar="YYYY-MM-DD", callback=_check_date)(f)
    return click.option("--from", "date_from", metavar="YYYY-MM-DD", callback=_check_date)(f)


def _check_date(ctx, param, value):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def emit(rows: list[dict], fmt: str, columns: tuple[str, ...]) -> None:
    """Print a listing as a text table, a JSON array, JSON lines or CSV (fixed columns)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        click.echo(_table(rows, columns), nl=False)


def _table(rows: list[dict], columns: tuple[str, ...], width: int = 60) -> str:
    if not rows:
        return "(nothing)\n"

    def cell(value) -> str:
        s = "" if value is None else str(value).replace("\n", " ")
        return s if len(s) <= width else s[: width - 1] + "…"

    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


# -- ingest ----------------------------------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH|URL...")
@db_option
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Publication date of plain text.")
@lang_option()
@model_option()
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--follow", is_flag=True, help="For feeds: fetch each entry's linked page.")
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Analyse on a Ray cluster (ray://host:10001, auto); alone: a local Ray.",
)
def ingest(paths, db, date_, lang, model, workers, follow, ray_address):
    """Analyse articles and store them: .txt, .jsonl, .html, RSS/Atom feeds, folders
    (recursively), - (stdin) and http(s) URLs of pages and feeds."""
    from .. import parse_date
    from ..ingest.sources import read_sources
    from ..pipeline import check_language, check_model
    from .ingest import ingest as run_ingest
    from .progress import Progress

    try:
        published = parse_date(date_) if date_ else None
        if lang:
            check_language(lang)
        check_model(model)
    except LagebildError as e:
        _fail(str(e))
    store = _open(db)
    inputs = read_sources(paths, published, follow=follow)
    total = None
    if sys.stderr.isatty():
        # The bar needs the total: the inputs are read first (their texts, far cheaper than
        # analysing them); without a terminal they stream.
        inputs = list(inputs)
        total = len(inputs)
    progress = Progress(total)

    def error(e: InputError) -> None:
        progress.clear()
        click.echo(f"lagebild: error: {e}", err=True)

    try:
        if ray_address:
            from .ray_ingest import ingest_ray

            counts = ingest_ray(
                store, inputs, ray_address, lang, model, workers, error, progress.step
            )
        else:
            counts = run_ingest(
                store, inputs, lang, model, workers, on_error=error, on_done=progress.step
            )
    except LagebildError as e:
        _fail(str(e), EXIT_FAILED_INPUTS)
    progress.clear()
    summary = ", ".join(f"{counts[k]} {k}" for k in ("added", "unchanged", "replaced", "failed"))
    click.echo(f"lagebild: ingest into {store._shown()}: {summary}", err=True)
    sys.exit(EXIT_FAILED_INPUTS if counts["failed"] else EXIT_OK)


# -- listings --------------------------------------------------------------------------------


@click.command()
@db_option
@click.option("--title", "q", help="Only titles containing this.")
@date_options
@page_options
@format_option()
def documents(db, q, date_from, date_to, limit, offset, fmt):
    """List the stored documents in ingest order."""
    from . import queries

    rows = queries.list_documents(_open(db), q, date_from, date_to, limit, offset)
    emit(rows, fmt, queries.DOCUMENT_COLUMNS)


@click.command()
@db_option
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "LOC", "MISC"]))
@click.option("--prefix", help="Only names starting with this.")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(0))
@page_options
@format_option()
def entities(db, type_, prefix, min_count, limit, offset, fmt):
    """List the stored entities, most mentioned first."""
    from . import queries

    rows = queries.list_entities(_open(db), type_, prefix, min_count, limit, offset)
    emit(rows, fmt, queries.ENTITY_COLUMNS)


class _EntityGroup(click.Group):
    """``lagebild entity NAME|ID`` shows an entity (the contract); ``lagebild entity merge A B``
    and ``lagebild entity split ID NAME...`` correct the store. A first word that is not a
    subcommand, or one alone (an entity may be called "merge"), is an entity to show."""

    def parse_args(self, ctx, args):
        if args and args[0] not in ("--help", "-h"):
            if args[0] not in self.commands or len(args) == 1:
                args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_EntityGroup)
def entity():
    """One entity (by kb id, name or alias): names, counts, quotes, events, companions.

    \b
    lagebild entity NAME|ID [--db URL] [--format text|json] [--limit N]
    lagebild entity merge A B [--db URL]
    lagebild entity split NAME|ID NAME... [--db URL]

    merge and split are judgements that every later ingest keeps."""


@entity.command("show", hidden=True)
@click.argument("name_or_id")
@db_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1))
@format_option(("text", "json"))
def entity_show(name_or_id, db, limit, fmt):
    """Show one entity (by kb id, name or alias)."""
    from . import queries
    from .judgements import redirect

    store = _open(db)
    profile = queries.get_entity(store, redirect(store, name_or_id), limit=limit)
    if profile is None:
        _fail(f"no entity {name_or_id!r} in the store", EXIT_FAILED_INPUTS)
    if fmt == "json":
        click.echo(json.dumps(profile, ensure_ascii=False, indent=2))
        return
    click.echo(_profile_text(profile, queries), nl=False)


@entity.command("merge")
@click.argument("keep", metavar="A")
@click.argument("other", metavar="B")
@db_option
def entity_merge(keep, other, db):
    """Merge entity B into A (ids, names or aliases); later ingests keep them one."""
    from .judgements import merge

    try:
        kb_id = merge(_open(db), keep, other)
    except LagebildError as e:
        _fail(str(e))
    click.echo(f"merged {other} into {kb_id}")


@entity.command("split")
@click.argument("name_or_id")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@db_option
def entity_split(name_or_id, names, db):
    """Move the articles that name the entity NAME (a name or alias) to a new entity; later
    ingests never join the two again."""
    from .judgements import split

    try:
        kb_id = split(_open(db), name_or_id, list(names))
    except LagebildError as e:
        _fail(str(e))
    click.echo(f"split {', '.join(names)} off into {kb_id}")


def _profile_text(p: dict, queries) -> str:
    out = [
        f"{p['name']} ({p['type']}, {p['id']}): {p['mentions']} mentions in "
        f"{p['documents_count']} documents, first seen {p['first_seen']}, "
        f"last seen {p['last_seen']}",
        "aliases: " + ", ".join(f"{a['alias']} ({a['count']})" for a in p["aliases"]),
        "links: " + ", ".join(f"{r['rule']} ({r['count']})" for r in p["links"]),
        "",
        "quotes:",
        _table(p["quotes"], ("published", "kind", "text")),
        "events:",
        _table(p["events"], ("published", "type", "actor_name", "recipient_name", "trigger")),
        "appears with:",
        _table(p["cooccurring"], ("id", "name", "type", "shared")),
        "documents:",
        _table(p["documents"], ("id", "published", "title", "mentions")),
    ]
    return "\n".join(out)


@click.command()
@db_option
@click.option("--speaker", help="kb id, name or alias of the speaker.")
@click.option("--text", "q", help="Only quotes containing this.")
@date_options
@page_options
@format_option()
def quotes(db, speaker, q, date_from, date_to, limit, offset, fmt):
    """List the stored quotes."""
    from . import queries

    rows = queries.list_quotes(_open(db), speaker, q, date_from, date_to, limit, offset)
    emit(rows, fmt, queries.QUOTE_COLUMNS)


@click.command()
@db_option
@click.option(
    "--type",
    "type_",
    type=click.Choice(get_args(EventType), case_sensitive=False),
    help="PLOVER category.",
)
@click.option("--entity", "entity_", help="kb id, name or alias: as actor or recipient.")
@click.option(
    "--ungrouped",
    is_flag=True,
    help="One row per stored event, not one per event with all the articles reporting it.",
)
@date_options
@page_options
@format_option()
def events(db, type_, entity_, ungrouped, date_from, date_to, limit, offset, fmt):
    """List the stored events, each once with every article that reports it."""
    from . import queries

    store = _open(db)
    if ungrouped:
        rows = queries.list_events(store, type_, entity_, date_from, date_to, limit, offset)
        emit(rows, fmt, queries.EVENT_COLUMNS)
        return
    rows = queries.list_event_groups(store, type_, entity_, date_from, date_to, limit, offset)
    if fmt in ("text", "csv"):  # a flat cell; JSON keeps the list
        rows = [{**r, "documents": " ".join(r["documents"])} for r in rows]
    emit(rows, fmt, queries.EVENT_GROUP_COLUMNS)


@click.command()
@db_option
@click.option("--entity", "entity_", help="kb id, name or alias.")
@date_options
@page_options
@format_option()
def timeline(db, entity_, date_from, date_to, limit, offset, fmt):
    """Dated facts and events in date order, each with its sentence."""
    from . import queries

    rows = queries.timeline(_open(db), entity_, date_from, date_to, limit, offset)
    emit(rows, fmt, queries.TIMELINE_COLUMNS)


@click.command()
@click.argument("query")
@db_option
@page_options
@format_option()
def search(query, db, limit, offset, fmt):
    """Ranked full-text search with snippets ([hit])."""
    from . import queries

    rows = queries.search(_open(db), query, limit, offset)
    emit(rows, fmt, queries.SEARCH_COLUMNS)


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    type=click.Choice(["jsonl", "csv", "parquet"]),
)
@click.option("--out", type=click.Path(dir_okay=False), help="File to write; default stdout.")
def export(db, fmt, out):
    """Export the store: jsonl (each stored Analysis with kb_id, in ingest order), csv or
    parquet (one row a mention; parquet needs the extra lagebild[parquet])."""
    from .export import write_export

    try:
        write_export(_open(db), fmt, out)
    except LagebildError as e:
        _fail(str(e))


COMMANDS = (ingest, documents, entities, entity, quotes, events, timeline, search, export)


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
