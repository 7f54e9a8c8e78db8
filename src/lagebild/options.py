"""The command-line options that many commands share, written once (their values and
defaults come from ``defaults.py``), so that ``--model`` and ``--lang`` offer the same
choices and defaults in every command."""

from __future__ import annotations

import click

from .defaults import DEFAULT_MODEL, MODELS
from .resources import available_languages

DETECTED_LANGUAGE = "Language code; detected when not given."


def model_option(help: str | None = None):
    """``--model``: one of the pipelines (``MODELS``), ``DEFAULT_MODEL`` unless given."""
    return click.option(
        "--model", default=DEFAULT_MODEL, show_default=True, type=click.Choice(MODELS), help=help
    )


def lang_option(help: str = DETECTED_LANGUAGE, default: str | None = None):
    """``--lang``: a language with data under ``lang/``; without ``default`` the command
    detects it from the text."""
    if default is None:
        return click.option("--lang", type=click.Choice(available_languages()), help=help)
    return click.option(
        "--lang",
        default=default,
        show_default=True,
        type=click.Choice(available_languages()),
        help=help,
    )
