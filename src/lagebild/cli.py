"""The ``lagebild`` command: a thin shell over the library."""

from __future__ import annotations

import json
import sys

import click

from . import __version__
from .analyzer import Analyzer, parse_date
from .errors import AnalysisFailed, InputError, LagebildError
from .ingest.readers import read_inputs
from .options import lang_option, model_option
from .render import render_text
from .web.cli import serve

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def report(error: BaseException, debug: bool = False) -> None:
    """The one place where an error becomes what the user reads: one line on stderr
    (``--debug`` adds the traceback of a failed analysis)."""
    click.echo(f"lagebild: error: {error}", err=True)
    if debug and isinstance(error, AnalysisFailed) and error.detail:
        click.echo(error.detail.rstrip(), err=True)


def exit_code(error: LagebildError) -> int:
    """The exit code of an error that ends the command (DESIGN.md: 1 bad input, 2 usage)."""
    return getattr(error, "exit_code", EXIT_USAGE)


class _Group(click.Group):
    """Turns every error of any command (the eval commands included) into one line and an
    exit code: Lagebild's own errors, click's usage errors and an interrupt."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as e:
            click.echo(f"lagebild: error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("lagebild: error: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except LagebildError as e:
            report(e)
            sys.exit(exit_code(e))
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else EXIT_OK)
        return result


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lagebild")
def cli() -> None:
    """Lagebild: news reports as a situation picture."""


def main() -> None:
    """The console entry point."""
    cli()


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Publication date of plain-text input.")
@lang_option()
@model_option()
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
@click.option("--debug", is_flag=True, help="Show the traceback of an analysis that fails.")
def analyze(paths, date_, lang, model, fmt, workers, debug):
    """Analyse articles: .txt files, .jsonl files (one article a line) or - (stdin)."""
    published = parse_date(date_) if date_ else None
    analyzer = Analyzer(lang, model, workers)
    failed = 0
    writer = _Writer(fmt)
    try:
        for article, result in analyzer.analyze_many(read_inputs(paths, published)):
            if isinstance(result, InputError):
                failed += 1
                report(result, debug)
            else:
                writer.write(result, article.location)
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
