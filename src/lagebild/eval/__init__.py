"""Evaluation commands: one module per task, each defining a ``click.Command`` named
``command``; ``lagebild eval <task>`` finds them here.

Evaluation data is read from ``../shared/data`` next to the project (or ``$LAGEBILD_DATA``);
it is never shipped with the package.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path

import click

from ..errors import UsageError

DATA_ENV = "LAGEBILD_DATA"


def data_dir() -> Path:
    """The shared data folder, or a clear error saying how to point to it."""
    configured = os.environ.get(DATA_ENV)
    candidates = [Path(configured)] if configured else []
    candidates += [Path.cwd() / ".." / "shared" / "data"]
    candidates += [parent / ".." / "shared" / "data" for parent in Path(__file__).parents]
    for candidate in candidates:
        if (candidate / "DATA.md").exists():
            return candidate.resolve()
    raise UsageError(
        f"evaluation data not found: set {DATA_ENV} to the folder holding DATA.md "
        "(../shared/data in the development checkout)"
    )


def commands() -> list[click.Command]:
    """Every evaluation command in this package."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            found.append(command)
    return sorted(found, key=lambda c: c.name or "")
