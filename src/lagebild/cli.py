"""The ``lagebild`` command: a thin shell over the library."""

from __future__ import annotations

import json
import sys

import click

from . import __version__, parse_date
from .errors import InputError, LagebildError
from .ingest.batch import analyze_articles
from .ingest.readers import read_inputs
from .pipeline import MODELS, check_language, check_model
from .render import render_text
from .web.cli import serve

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE):
    click.echo(f"lagebild: error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def cli() -> None:
    """Lagebild: news reports as a situation picture."""


def main() -> None:
    """The console entry point: Lagebild's own errors become one line, never a traceback."""
    try:
        cli()
    except LagebildError as e:
        fail(str(e))
    except KeyboardInterrupt:
        fail("interrupted", 130)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Publication date of plain-text input.")
@click.option("--lang", help="Language code (de, en); detected when not given.")
@click.option("--model", default="accurate", show_default=True, help="|".join(MODELS))
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "jsonl"]),
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes for a batch.",
)
def analyze(paths, date_, lang, model, fmt, workers):
    """Analyse articles: .txt files, .jsonl files (one article a line) or - (stdin)."""
    try:
        published = parse_date(date_) if date_ else None
        if lang:
            check_language(lang)
        check_model(model)
    except LagebildError as e:
        fail(str(e))
    failed = 0

    def good_articles():
        nonlocal failed
        for item in read_inputs(paths, published):
            if isinstance(item, InputError):
                failed += 1
                click.echo(f"lagebild: error: {item}", err=True)
            else:
                yield item

    writer = _Writer(fmt)
    try:
        for article, analysis in analyze_articles(good_articles(), lang, model, workers):
            writer.write(analysis, article.location)
    except LagebildError as e:
        fail(str(e), EXIT_FAILED_INPUTS)
    finally:
        writer.close()
    sys.exit(EXIT_FAILED_INPUTS if failed else EXIT_OK)


class _Writer:
    """Writes analyses as they come; ``json`` holds the first back to know whether
    one object or an array is due."""

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.pending: str | None = None
        self.count = 0

    def write(self, analysis, location: str) -> None:
        self.count += 1
        if self.fmt == "text":
            click.echo(("\n" if self.count > 1 else "") + render_text(analysis, location), nl=False)
        elif self.fmt == "jsonl":
            click.echo(analysis.to_json())
        elif self.count == 1:
            self.pending = analysis.to_json(indent=2)
        else:
            if self.pending is not None:
                click.echo("[\n" + self.pending, nl=False)
                self.pending = None
            click.echo(",\n" + analysis.to_json(indent=2), nl=False)

    def close(self) -> None:
        if self.fmt != "json":
            return
        if self.pending is not None:
            click.echo(self.pending)
        elif self.count > 1:
            click.echo("\n]")
        elif self.count == 0:
            click.echo("[]")


@cli.group("eval")
def eval_group() -> None:
    """Measure accuracy and speed on held-out data (from ../shared/data)."""


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the Analysis contract."""
    from .analysis import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def _add_eval_commands() -> None:
    from .eval import commands

    for command in commands():
        eval_group.add_command(command)


_add_eval_commands()


from .kb.cli import register as _register_kb_commands  # noqa: E402

_register_kb_commands(cli)
cli.add_command(serve)
