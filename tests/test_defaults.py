"""One convention: enumerated options are click.Choice, each default is defined once."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from spacy.language import Language

from lagebild.cli import cli
from lagebild.components.entities import ENTITIES
from lagebild.defaults import DEFAULT_MODEL, MODELS
from lagebild.resources import available_languages

# options whose values are a closed set wherever they appear
ENUMERATED = {"--model", "--lang", "--format", "--set", "--anchoring", "--type", "--triggers"}


def commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


def options(name):
    return [
        (path, option)
        for path, command in commands(cli)
        for option in command.params
        if isinstance(option, click.Option) and name in option.opts
    ]


@pytest.mark.parametrize("name", sorted(ENUMERATED))
def test_defaults_enumerated_options_are_choices(name):
    loose = [path for path, option in options(name) if not isinstance(option.type, click.Choice)]
    assert not loose, f"{name} takes any value in: {', '.join(loose)}"


def test_defaults_model_default_is_one_everywhere():
    found = options("--model")
    assert len(found) >= 5  # analyze, ingest, serve and the eval commands
    for path, option in found:
        assert option.default == DEFAULT_MODEL, path
        assert tuple(option.type.choices) == MODELS, path
    for path, option in options("--lang"):
        assert list(option.type.choices) == available_languages(), path


def test_defaults_entity_component_default_is_the_pipelines():
    # the component factory once said "fast" while the API and CLI said "accurate"
    assert Language.get_factory_meta(ENTITIES).default_config["model"] == DEFAULT_MODEL


@pytest.mark.parametrize("command", [["eval", "events"], ["eval", "quantities"]])
def test_defaults_eval_model_rejected_in_one_line(command):
    result = CliRunner().invoke(cli, [*command, "--model", "huge"])
    assert result.exit_code == 2
    assert "'huge' is not one of 'accurate', 'fast'" in result.output
    assert "Traceback" not in result.output
